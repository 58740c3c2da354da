package nlp

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/internal/testutil"
)

// docFields are the fields of d a Redactor redacts.
func docFields(d ckm.Document) []string {
	out := []string{d.Text, d.Subject}
	for _, t := range d.Turns {
		out = append(out, t.Speaker)
	}
	for k, v := range d.Meta {
		if !keepMeta[k] {
			out = append(out, v)
		}
	}
	return out
}

// scoreRedaction parses every file of the planted corpus as ingest does,
// redacts the documents with a Redactor of cfg and scores the redactions
// (recovered with Unseal) against the planted values, kind by kind: a
// planted value written n times in a document's fields must be redacted n
// times as its kind; any other redaction is a false positive.
func scoreRedaction(t *testing.T, cfg RedactConfig) map[string]*counts {
	t.Helper()
	cfg.Key = []byte(strings.Repeat("k", 32))
	r, err := NewRedactor(cfg)
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*counts{}
	score := func(kind string) *counts {
		if scores[kind] == nil {
			scores[kind] = &counts{}
		}
		return scores[kind]
	}
	for _, f := range testutil.PIICorpus() {
		parsed, err := ingest.Parse([]byte(f.Body), f.Name, "", ingest.Config{Client: "c"})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		want := map[testutil.Planted]int{}
		for _, p := range parsed {
			for _, field := range docFields(p.Document) {
				for _, pl := range f.Planted {
					if r.kinds[pl.Kind] {
						want[pl] += strings.Count(field, pl.Value)
					}
				}
			}
			got, err := r.Document(context.Background(), p.Document)
			if err != nil {
				t.Fatal(err)
			}
			sealed, err := Unseal(cfg.Key, got)
			if err != nil && err != ErrNotSealed {
				t.Fatal(err)
			}
			for _, s := range sealed {
				pl := testutil.Planted{Kind: s.Kind, Value: s.Original}
				if want[pl] > 0 {
					want[pl]--
					score(s.Kind).tp++
					continue
				}
				score(s.Kind).fp++
				t.Logf("%s: redacted %s %q in %s, which was not planted as such", f.Name, s.Kind, s.Original, s.Field)
			}
		}
		for pl, n := range want {
			score(pl.Kind).fn += n
			if n > 0 {
				t.Logf("%s: missed %s %q %d times", f.Name, pl.Kind, pl.Value, n)
			}
		}
	}
	return scores
}

// TestRedactionPlanted measures the redaction's precision and recall on
// the planted corpus: every value of a rule kind must be found (recall
// 1.0), and the rules must redact nothing else there.
func TestRedactionPlanted(t *testing.T) {
	scores := scoreRedaction(t, RedactConfig{})
	var total counts
	var lines []string
	for _, kind := range RuleKinds {
		s := scores[kind]
		if s == nil {
			t.Errorf("no %s planted or found", kind)
			continue
		}
		total.tp, total.fp, total.fn = total.tp+s.tp, total.fp+s.fp, total.fn+s.fn
		lines = append(lines, fmt.Sprintf("%-6s planted %2d  P %.3f  R %.3f", kind, s.tp+s.fn, s.precision(), s.recall()))
		if s.recall() < 1 {
			t.Errorf("%s: recall %.3f, want 1.0", kind, s.recall())
		}
		if s.precision() < 1 {
			t.Errorf("%s: precision %.3f, want 1.0 on the planted corpus", kind, s.precision())
		}
	}
	t.Logf("redaction on the planted corpus (rule kinds):\n%s\nall    planted %2d  P %.3f  R %.3f",
		strings.Join(lines, "\n"), total.tp+total.fn, total.precision(), total.recall())
}

// TestRedactionPlantedNames reports the tagger's precision and recall on
// the planted person names; names are optional and model-based, so the
// floors are what the tagger reaches today.
func TestRedactionPlantedNames(t *testing.T) {
	s := scoreRedaction(t, RedactConfig{Kinds: []string{PIIPerson}})[PIIPerson]
	if s == nil {
		t.Fatal("no PERSON planted or found")
	}
	t.Logf("PERSON planted %d  P %.3f  R %.3f", s.tp+s.fn, s.precision(), s.recall())
	if s.recall() < 0.5 {
		t.Errorf("PERSON recall %.3f under the floor 0.5", s.recall())
	}
}

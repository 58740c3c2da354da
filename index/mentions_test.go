package index

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	gocmp "github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestMentionsCutMatchesFullSort checks that mentions, which sorts every
// field only for the records at or past the time of the size-th, returns
// the records, values and total that sorting every match by every field
// gives (the order mentionFields writes), with ties at the cut, undated
// records and both directions.
func TestMentionsCutMatchesFullSort(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	recs := sampleRecords(90)
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range recs {
		recs[i] = withNeeds(recs[i], 1+i%3)
		recs[i].Document.At = base.Add(time.Duration(i%7) * time.Hour) // many records share each time
		if i%11 == 0 {
			recs[i].Document.At = time.Time{} // undated
		}
	}
	put(t, ix, recs...)
	for _, q := range []query.Query{needScope("", nil), needScope("acme", nil), and(needScope("", nil), termQuery(fieldThemeKey, "them1"))} {
		for _, asc := range []bool{false, true} {
			for _, size := range []int{1, 5, 17, 50, 500} {
				want, wantTotal := fullSortMentions(t, ix, q, size, asc)
				got, total, err := ix.mentions(ctx, q, size, asc)
				if err != nil {
					t.Fatal(err)
				}
				if total != wantTotal {
					t.Errorf("asc %v size %d: total %d, want %d", asc, size, total, wantTotal)
				}
				if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(mention{})); diff != "" {
					t.Errorf("asc %v size %d: mentions (-want +got):\n%s", asc, size, diff)
				}
			}
		}
	}
}

// fullSortMentions is mentions as it was: every match sorted by every
// field of mentionFields.
func fullSortMentions(t *testing.T, ix *Index, q query.Query, size int, asc bool) ([]mention, uint64) {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Score = "none"
	order := search.SortOrder{ix.layout.atSort(!asc)}
	for _, f := range mentionFields[1:] {
		order = append(order, &search.SortField{Field: f, Type: search.SortFieldAsString})
	}
	req.SortByCustom(append(order, &search.SortDocID{}))
	res, err := ix.bleve.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var out []mention
	for _, h := range res.Hits {
		out = append(out, toMention(h, mentionFields))
	}
	if len(out) == 0 {
		t.Fatalf("no mention matches %v", q)
	}
	return out, res.Total
}

// TestThemeLabelsKeptByGeneration checks that a theme's label is kept for
// the index generation it was read at, by client scope, and read again
// from the records once a commit has changed them.
func TestThemeLabelsKeptByGeneration(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	spec := func(theme string) mentionSpec {
		return mentionSpec{key: "invoic number project", theme: theme, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	}
	key := spec("").key
	put(t, ix, needRecord("acme-1", "acme", ckm.SourceEmail, at, spec("project number on each invoice")),
		needRecord("globex-1", "globex", ckm.SourceEmail, at, spec("invoice project codes")))
	label := func(clients ...string) string {
		t.Helper()
		l, err := ix.ThemeLabels(ctx, []string{key}, clients)
		if err != nil {
			t.Fatal(err)
		}
		return l[key]
	}
	if got := label("acme"); got != "project number on each invoice" {
		t.Fatalf("acme's label = %q", got)
	}
	if got := label("globex"); got != "invoice project codes" {
		t.Fatalf("globex's label = %q", got)
	}
	gen := ix.counts.gen.Load()
	// Kept, by scope: a label planted in acme's place is what acme gets
	// back until the next commit, and globex still gets its own.
	ix.labels.put(labelKey{gen, "acme", key}, maxLabels, "planted")
	if got := label("acme"); got != "planted" {
		t.Errorf("acme's label at the same generation = %q, want the kept one", got)
	}
	if got := label("globex"); got != "invoice project codes" {
		t.Errorf("globex's label = %q", got)
	}
	// A commit: acme now says it another way more often.
	put(t, ix, needRecord("acme-2", "acme", ckm.SourceEmail, at.Add(time.Hour), spec("project numbers on invoices")),
		needRecord("acme-3", "acme", ckm.SourceEmail, at.Add(2*time.Hour), spec("project numbers on invoices")))
	if ix.counts.gen.Load() == gen {
		t.Fatal("the commit did not move the generation on")
	}
	if got := label("acme"); got != "project numbers on invoices" {
		t.Errorf("acme's label after a commit = %q, want it read again", got)
	}
}

// TestPhraseLabel checks that the label shown prefers a phrase of two
// words or more to a one-word label, while the label folds compare keeps
// the one-word label that the other labels share.
func TestPhraseLabel(t *testing.T) {
	tests := []struct {
		name         string
		themes       []string
		fold, phrase string
	}{
		{"phrase over a shared word", []string{"report", "report", "report per depot with labour"}, "report", "report per depot with labour"},
		{"name with its product", []string{"WhatsApp", "WhatsApp Business", "WhatsApp"}, "WhatsApp", "WhatsApp Business"},
		{"only one-word labels", []string{"sinal", "sinal", "offline"}, "sinal", "sinal"},
		{"phrases scored as before", []string{"audit trail", "trail visible to us", "audit log"}, "audit trail", "audit trail"},
		{"a short name is a phrase", []string{"Power BI", "Power BI", "hook Power BI"}, "Power BI", "Power BI"},
		{"no label", []string{"", ""}, "invoic number", "invoic number"},
	}
	for _, tt := range tests {
		var ms []mention
		for _, th := range tt.themes {
			ms = append(ms, mention{theme: th})
		}
		if got := label(ms, "invoic number"); got != tt.fold {
			t.Errorf("%s: label = %q, want %q", tt.name, got, tt.fold)
		}
		if got := phraseLabel(ms, "invoic number"); got != tt.phrase {
			t.Errorf("%s: phraseLabel = %q, want %q", tt.name, got, tt.phrase)
		}
	}
}

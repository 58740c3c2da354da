package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	qlang "github.com/ckmhq/ckm/index/query"
	"github.com/ckmhq/ckm/nlp"
)

// storedTextIndex opens an index created as before the text fields were
// not stored: with the mapping of then.
func storedTextIndex(t *testing.T) *Index {
	t.Helper()
	path := filepath.Join(t.TempDir(), "idx")
	m := newMapping()
	for _, f := range textFields {
		m.TypeMapping[typeDocument].Properties[f].Fields[0].Store = true
	}
	bi, err := bleve.New(path, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := bi.Close(); err != nil {
		t.Fatal(err)
	}
	return newIndex(t, Config{Path: path})
}

// TestFragmentsAsBleveHighlights checks that the fragments cut from the
// re-analysed text of the hits (highlight.go) are, hit by hit, what Bleve's
// html highlighter makes from the index's term vectors and stored text,
// for words, stems, typo variants, phrases, OR groups, exclusions, stop
// words and mixed languages: on an index that stores the text fields (as
// indexes created before did), and on one that takes the text from the
// record.
func TestFragmentsAsBleveHighlights(t *testing.T) {
	old, ix := storedTextIndex(t), newIndex(t, Config{})
	long := strings.Repeat("Nothing to see in this part of the call. ", 8)
	recs := []Record{
		record("a", "acme", ckm.SourceCall, t0, sentence{nlp.English, "We need the project number on every invoice."},
			sentence{nlp.Portuguese, "Precisamos do número do projeto em cada fatura."}),
		record("b", "acme", ckm.SourceEmail, t0, sentence{nlp.English, long + "The invoices are late and the export to Excel failed."}),
		record("c", "globex", ckm.SourceNote, t0, sentence{nlp.English, "Invoicing is fine; the number of projects grew."},
			sentence{nlp.Unknown, "xyzzy plugh invoice"}),
		record("d", "globex", ckm.SourceTicket, t0, sentence{nlp.Portuguese, "As faturas e a exportação falharam de novo."}),
	}
	put(t, old, recs...)
	put(t, ix, recs...)
	ctx := context.Background()
	for _, text := range []string{
		"invoice", "invoices export", `"project number"`, `"number of projects"`, "invoice OR fatura",
		"invoice -export", "the invoice", "invoyce", "exportação", "project number invoice xyzzy", "client:acme invoice",
	} {
		t.Run(text, func(t *testing.T) {
			fragments := func(ix *Index) (map[string][]string, bool) {
				res, err := ix.Search(ctx, Query{Text: text, Facets: []string{FacetNone}})
				if err != nil {
					t.Fatal(err)
				}
				got := map[string][]string{}
				for _, h := range res.Hits {
					got[h.ID] = h.Fragments[fieldText]
				}
				return got, res.Relaxed
			}
			got, relaxed := fragments(old)
			want := bleveFragments(t, old, text, relaxed)
			if len(want) == 0 {
				t.Fatal("no hits: the case tests nothing")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("text stored: fragments by hit (-Bleve's +ours):\n%s", diff)
			}
			got, _ = fragments(ix)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("text from the record: fragments by hit (-Bleve's +ours):\n%s", diff)
			}
		})
	}
}

// bleveFragments are the fragments of Bleve's highlighter for the plan
// Search runs for text, by hit.
func bleveFragments(t *testing.T, ix *Index, text string, relaxed bool) map[string][]string {
	t.Helper()
	ctx := context.Background()
	pq, err := qlang.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	// The builder Search used: typos, themes, relaxed or not.
	b := &builder{tokens: ix.tokens, typos: func(w string) ([]string, error) { return ix.typos(ctx, scopeFilters(Query{}), w) }}
	var learnErr error
	b.themes = ix.withLearned(ctx, ix.queryThemes, nil, &learnErr)
	b.relaxed = relaxed
	p, err := newPlan(Query{Text: text}, pq, b)
	if err != nil {
		t.Fatal(err)
	}
	req := p.request(false)
	req.Fields = nil
	req.Highlight = bleve.NewHighlightWithStyle(html.Name)
	for _, f := range textFields {
		req.Highlight.AddField(f)
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err == nil {
		err = learnErr
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, h := range res.Hits {
		for _, f := range textFields {
			out[h.ID] = append(out[h.ID], h.Fragments[f]...)
		}
	}
	return out
}

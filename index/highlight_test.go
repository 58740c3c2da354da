package index

import (
	"context"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	qlang "github.com/ckmhq/ckm/index/query"
	"github.com/ckmhq/ckm/nlp"
)

// TestFragmentsAsBleveHighlights checks that the fragments cut from the
// re-analysed text of the hits (highlight.go) are, hit by hit, what Bleve's
// html highlighter makes from the index's term vectors, for words, stems,
// typo variants, phrases, OR groups, exclusions, stop words and mixed
// languages.
func TestFragmentsAsBleveHighlights(t *testing.T) {
	ix := newIndex(t, Config{})
	long := strings.Repeat("Nothing to see in this part of the call. ", 8)
	put(t, ix,
		record("a", "acme", ckm.SourceCall, t0, sentence{nlp.English, "We need the project number on every invoice."},
			sentence{nlp.Portuguese, "Precisamos do número do projeto em cada fatura."}),
		record("b", "acme", ckm.SourceEmail, t0, sentence{nlp.English, long + "The invoices are late and the export to Excel failed."}),
		record("c", "globex", ckm.SourceNote, t0, sentence{nlp.English, "Invoicing is fine; the number of projects grew."},
			sentence{nlp.Unknown, "xyzzy plugh invoice"}),
		record("d", "globex", ckm.SourceTicket, t0, sentence{nlp.Portuguese, "As faturas e a exportação falharam de novo."}))
	ctx := context.Background()
	for _, text := range []string{
		"invoice", "invoices export", `"project number"`, `"number of projects"`, "invoice OR fatura",
		"invoice -export", "the invoice", "invoyce", "exportação", "project number invoice xyzzy", "client:acme invoice",
	} {
		t.Run(text, func(t *testing.T) {
			res, err := ix.Search(ctx, Query{Text: text, Facets: []string{FacetNone}})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, h := range res.Hits {
				got[h.ID] = h.Fragments[fieldText]
			}
			pq, err := qlang.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			// The builder Search used: typos, themes, relaxed or not.
			b := &builder{tokens: ix.tokens, typos: func(w string) ([]string, error) { return ix.typos(ctx, scopeFilters(Query{}), w) }}
			var learnErr error
			b.themes = ix.withLearned(ctx, ix.queryThemes, nil, &learnErr)
			b.relaxed = res.Relaxed
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
			bres, err := ix.bleve.SearchInContext(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]string{}
			for _, h := range bres.Hits {
				for _, f := range textFields {
					want[h.ID] = append(want[h.ID], h.Fragments[f]...)
				}
			}
			if learnErr != nil {
				t.Fatal(learnErr)
			}
			if len(want) == 0 {
				t.Fatal("no hits: the case tests nothing")
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("fragments by hit (-Bleve's +ours):\n%s", diff)
			}
		})
	}
}

package index

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
)

// TestSearchCountsKept checks that the pages of one search count facets
// once, that the kept counts are those a fresh count gives, and that a
// commit makes the next search count again, over the new documents.
func TestSearchCountsKept(t *testing.T) {
	ctx := context.Background()
	recs := sampleRecords(40)
	tests := []struct {
		name string
		q    Query
	}{
		{"words by relevance", Query{Text: "exports", Limit: 3}},
		{"all by date", Query{Limit: 3}},
		{"client and source", Query{Text: "invoices", Clients: []string{"acme", "globex"}, Limit: 2}},
		{"some facets", Query{Text: "exports", Limit: 3, Facets: []string{FacetClient, FacetTheme}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := newIndex(t, Config{})
			putAll(t, ix, recs[:30], 8)
			first, err := ix.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if first.NextCursor == "" {
				t.Fatalf("one page only (%d matches): the test needs more", first.Total)
			}
			before := ix.FacetCountings()
			q := tt.q
			for pages := 0; ; pages++ {
				q.Cursor = first.NextCursor
				res, err := ix.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != first.Total {
					t.Errorf("page %d total %d, want %d", pages+2, res.Total, first.Total)
				}
				if diff := cmp.Diff(first.Facets, res.Facets); diff != "" {
					t.Errorf("page %d facets (-first +got):\n%s", pages+2, diff)
				}
				if first = res; res.NextCursor == "" || pages > 20 {
					break
				}
			}
			if n := ix.FacetCountings() - before; n != 0 {
				t.Errorf("the next pages counted facets %d times, want 0", n)
			}

			// A commit: the same search counts again, and sees the new
			// documents as an index opened afresh does.
			putAll(t, ix, recs[30:], 8)
			before = ix.FacetCountings()
			got, err := ix.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if n := ix.FacetCountings() - before; n != 1 {
				t.Errorf("after a commit the search counted facets %d times, want 1", n)
			}
			fresh := newIndex(t, Config{})
			putAll(t, fresh, recs, 8)
			want, err := fresh.Search(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total {
				t.Errorf("total after the commit %d, want %d", got.Total, want.Total)
			}
			if diff := cmp.Diff(want.Facets, got.Facets); diff != "" {
				t.Errorf("facets after the commit (-fresh +got):\n%s", diff)
			}
		})
	}
}

// TestSearchCountsNotKept checks that with KeptCounts < 0 every page
// counts its facets.
func TestSearchCountsNotKept(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{KeptCounts: -1})
	putAll(t, ix, sampleRecords(20), 8)
	q := Query{Text: "exports", Limit: 3}
	before := ix.FacetCountings()
	pages := 0
	for ; pages < 3; pages++ {
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if q.Cursor = res.NextCursor; q.Cursor == "" {
			t.Fatal("one page only: the test needs more")
		}
	}
	if n := ix.FacetCountings() - before; n != uint64(pages) {
		t.Errorf("%d pages counted facets %d times, want every page", pages, n)
	}
}

// TestSearchPinnedFacets checks that the facets a scope pins (one client,
// one source), given without reading the matches, equal Bleve's counts:
// a second client that no document has unpins the client facet.
func TestSearchPinnedFacets(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{KeptCounts: -1})
	putAll(t, ix, sampleRecords(40), 8)
	tests := []struct {
		name          string
		pinned, fresh Query
	}{
		{"client", Query{Text: "exports", Clients: []string{"acme"}}, Query{Text: "exports", Clients: []string{"acme", "nobody"}}},
		{"client and source", Query{Clients: []string{"globex"}, Source: "email"}, Query{Text: "source:email", Clients: []string{"globex", "nobody"}}},
		{"no match", Query{Text: "zanzibar", Clients: []string{"acme"}}, Query{Text: "zanzibar", Clients: []string{"acme", "nobody"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.Search(ctx, tt.pinned)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ix.Search(ctx, tt.fresh)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || (got.Total == 0) != (tt.name == "no match") {
				t.Errorf("total %d, want %d", got.Total, want.Total)
			}
			if diff := cmp.Diff(want.Facets, got.Facets); diff != "" {
				t.Errorf("facets (-counted +pinned):\n%s", diff)
			}
		})
	}
}

// TestQueryKey checks the count cache's key of a query (keyWriter): the
// same query built twice writes the same bytes, and a query that differs
// in any one field of its JSON form writes other bytes, for each query
// type ckm builds and for one it writes as JSON.
func TestQueryKey(t *testing.T) {
	t.Parallel()
	key := func(q query.Query) string {
		var w keyWriter
		if !w.query(q) {
			t.Fatalf("%#v does not serialise", q)
		}
		return string(w.buf)
	}
	boosted := func(q query.Query, b float64) query.Query { q.(query.BoostableQuery).SetBoost(b); return q }
	match := func(text string, op query.MatchQueryOperator) query.Query {
		m := bleve.NewMatchQuery(text)
		m.SetField(fieldTextEN)
		m.SetOperator(op)
		return m
	}
	phrase := func(f string, terms ...[]string) query.Query { return query.NewMultiPhraseQuery(terms, f) }
	minShould := func(n float64) query.Query {
		q := query.NewBooleanQuery(nil, []query.Query{termQuery(fieldTextEN, "card")}, nil)
		q.SetMinShould(n)
		return q
	}
	incl := func(lo, hi bool) query.Query {
		return bleve.NewTermRangeInclusiveQuery("a", "b", &lo, &hi)
	}
	regexpQ := func(re string) query.Query { r := bleve.NewRegexpQuery(re); r.SetField(fieldNeedTheme); return r }
	// Each group holds queries that must all write different bytes.
	groups := [][]func() query.Query{
		{
			func() query.Query { return termQuery(fieldTextEN, "card") },
			func() query.Query { return termQuery(fieldTextEN, "cards") },
			func() query.Query { return termQuery(fieldTextPT, "card") },
			func() query.Query { return boosted(termQuery(fieldTextEN, "card"), 0.3) },
			func() query.Query { return match("card", query.MatchQueryOperatorAnd) },
			func() query.Query { return match("card", query.MatchQueryOperatorOr) },
			func() query.Query { return fieldQuery(fieldTextEN, "card", true, 1) },
			func() query.Query { return phrase(fieldTextEN, []string{"card"}) },
			func() query.Query { return phrase(fieldTextEN, []string{"card", "declin"}) },
			func() query.Query { return phrase(fieldTextEN, []string{"card"}, []string{"declin"}) },
			func() query.Query { return &anyKeyQuery{field: fieldNeedTheme, terms: []string{"card"}, boost: 1} },
			func() query.Query {
				return &anyKeyQuery{field: fieldNeedTheme, terms: []string{"card", "declin"}, boost: 1}
			},
			func() query.Query { return &anyKeyQuery{field: fieldNeedTheme, terms: []string{"card"}, boost: 0.5} },
			func() query.Query { return bleve.NewMatchAllQuery() },
			func() query.Query { return bleve.NewMatchNoneQuery() },
			func() query.Query { return minShould(1) },
			func() query.Query { return minShould(0) },
			func() query.Query { return incl(true, true) },
			func() query.Query { return incl(true, false) },
			func() query.Query { return regexpQ("(.* )?card( .*)?") },
			func() query.Query { return regexpQ("(.* )?cart( .*)?") },
		},
		{
			func() query.Query {
				return bleve.NewDisjunctionQuery(termQuery(fieldTextEN, "card"), termQuery(fieldTextEN, "declin"))
			},
			func() query.Query {
				return bleve.NewConjunctionQuery(termQuery(fieldTextEN, "card"), termQuery(fieldTextEN, "declin"))
			},
			func() query.Query {
				return bleve.NewDisjunctionQuery(bleve.NewDisjunctionQuery(termQuery(fieldTextEN, "card")), termQuery(fieldTextEN, "declin"))
			},
			func() query.Query {
				return query.NewBooleanQuery([]query.Query{termQuery(fieldTextEN, "card")}, nil, []query.Query{termQuery(fieldTextEN, "declin")})
			},
			func() query.Query {
				return query.NewBooleanQuery([]query.Query{termQuery(fieldTextEN, "card"), termQuery(fieldTextEN, "declin")}, nil, nil)
			},
			func() query.Query {
				q := query.NewBooleanQuery([]query.Query{termQuery(fieldTextEN, "card")}, nil, nil)
				q.Filter = termQuery(fieldTextEN, "declin")
				return q
			},
		},
	}
	for _, g := range groups {
		seen := map[string]int{}
		for i, build := range g {
			k := key(build())
			if k != key(build()) {
				t.Errorf("query %d: two builds write different keys", i)
			}
			if j, ok := seen[k]; ok {
				t.Errorf("queries %d and %d write the same key: %#v", j, i, build())
			}
			seen[k] = i
		}
	}
}

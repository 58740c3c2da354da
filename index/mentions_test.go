package index

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	gocmp "github.com/google/go-cmp/cmp"
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

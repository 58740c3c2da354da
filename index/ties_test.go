package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestSearchTiesByID checks that documents of equal score come in id
// order on the first page as on the pages after it, whether the tie
// fits the room the first page sorts itself (tieRoom), the wider room
// it tries next (tieGrowth times as much) or neither, and that
// paging by cursor lists each of them once.
func TestSearchTiesByID(t *testing.T) {
	for _, n := range []int{12, DefaultLimit + 1 + tieRoom + 5, (DefaultLimit+1+tieRoom)*tieGrowth + 5} {
		t.Run(fmt.Sprint(n, " ties"), func(t *testing.T) {
			ix := newIndex(t, Config{})
			var want []string
			var recs []Record
			for i := range n {
				id := fmt.Sprintf("doc-%03d", (i*7)%n) // put out of id order
				want = append(want, id)
				recs = append(recs, record(id, "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice."}))
			}
			put(t, ix, recs...)
			slices.Sort(want)
			var got []string
			q := Query{Text: "invoice"}
			for range n {
				res, err := ix.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					got = append(got, h.ID)
				}
				if q.Cursor = res.NextCursor; q.Cursor == "" {
					break
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("hits over the pages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSettleTies checks when the best matches by score can be ordered by
// id without the ones left out.
func TestSettleTies(t *testing.T) {
	hit := func(id string, score float64) *search.DocumentMatch {
		return &search.DocumentMatch{ID: id, Score: score}
	}
	tests := []struct {
		name   string
		hits   search.DocumentMatchCollection
		n, ask int
		want   []string // nil: not settled
	}{
		{"fewer than asked: all matches came", []*search.DocumentMatch{hit("b", 2), hit("c", 1), hit("a", 1)}, 2, 4, []string{"b", "a"}},
		{"the last scores less than the n-th", []*search.DocumentMatch{hit("b", 3), hit("z", 2), hit("a", 2), hit("c", 1)}, 3, 4, []string{"b", "a", "z"}},
		{"the last ties the n-th", []*search.DocumentMatch{hit("b", 3), hit("z", 2), hit("a", 2), hit("c", 2)}, 2, 4, nil},
		{"ties above the n-th only", []*search.DocumentMatch{hit("z", 3), hit("a", 3), hit("b", 2), hit("c", 1)}, 3, 4, []string{"a", "z", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, ok := settleTies(tt.hits, tt.n, tt.ask)
			var got []string
			for _, h := range hits {
				got = append(got, h.ID)
			}
			if ok != (tt.want != nil) {
				t.Fatalf("settled = %v, want %v", ok, tt.want != nil)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

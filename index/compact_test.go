package index

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestCompact checks that compacting leaves fewer segments and the same
// answers: hits in the same order, totals and facets.
func TestCompact(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{BatchSize: 4, CompactAfter: -1})
	recs := sampleRecords(120)
	for i := 0; i < len(recs); i += 4 {
		putAll(t, ix, recs[i:i+4], 4) // one small batch, one segment, each
	}
	queries := []Query{
		{Text: "exports", Limit: 20},
		{Text: "invoices totals", Clients: []string{"acme", "globex"}},
		{Limit: 50, Sort: SortDate},
	}
	search := func() []*Result {
		var out []*Result
		for _, q := range queries {
			res, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, res)
		}
		return out
	}
	before, err := ix.segments()
	if err != nil {
		t.Fatal(err)
	}
	want := search()
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := ix.segments()
	if err != nil {
		t.Fatal(err)
	}
	if after >= before || after > 2 {
		t.Errorf("segments: %d before compacting, %d after; want fewer, at most 2", before, after)
	}
	if diff := cmp.Diff(want, search(), cmpopts.IgnoreFields(Result{}, "Took")); diff != "" {
		t.Errorf("answers after compacting (-before +after):\n%s", diff)
	}
}

// TestCompactWhenIdle checks that an index left without commits compacts
// by itself.
func TestCompactWhenIdle(t *testing.T) {
	ix := newIndex(t, Config{BatchSize: 4, CompactAfter: 20 * time.Millisecond})
	recs := sampleRecords(120)
	for i := 0; i < len(recs); i += 4 {
		putAll(t, ix, recs[i:i+4], 4)
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		n, err := ix.segments()
		if err != nil {
			t.Fatal(err)
		}
		if n <= 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d segments a minute after the last commit, want 1", n)
		}
	}
}

package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm/nlp"
)

// TestFacetValuesMatchBleve checks that the facets counted from the
// segments' facet values (facetvalues.go) are Bleve's terms facets, term
// for term, on an index of several segments with replaced documents, and
// on the index at CKM_BENCH_INDEX when set (such as the 100,000 documents
// of internal/bench's BenchmarkSearchFTS5).
func TestFacetValuesMatchBleve(t *testing.T) {
	queries := []Query{
		{}, {Text: "invoices"}, {Text: "export OR dashboard"}, {Text: "relatório"},
		{Clients: []string{"acme"}}, {Clients: []string{"acme", "globex"}, Text: "slow"},
		{Source: "call"}, {Text: "theme:them1"}, {Text: "nothing-matches-this"},
		{Text: "invoices", Match: MatchWords}, {Limit: 3, Facets: []string{FacetTheme, FacetEntity}},
		{Text: "crash"}, {Text: "card declined"}, {Text: `"dark mode"`}, {Text: "build", Clients: []string{"tensorflow/tensorflow"}},
	}
	t.Run("sample", func(t *testing.T) {
		ix := newIndex(t, Config{KeptCounts: -1})
		recs := sampleRecords(240)
		for i := range recs {
			recs[i] = withNeeds(recs[i], i%4)
			if i%5 == 0 {
				recs[i].Analysis.Entities = []nlp.Entity{{Text: "INV-42", Label: nlp.LabelReference, Start: 0, End: 6, Value: fmt.Sprintf("INV-%d", i%7), Source: "rule"}}
			}
		}
		for i := 0; i < len(recs); i += 40 { // a segment a batch
			put(t, ix, recs[i:i+40]...)
		}
		for i := 0; i < len(recs); i += 9 { // replaced: deleted in their first segment
			r := withNeeds(recs[i], 3)
			put(t, ix, r)
		}
		compareFacets(t, ix, queries)
	})
	t.Run("bench", func(t *testing.T) {
		path := os.Getenv("CKM_BENCH_INDEX")
		if path == "" {
			t.Skip("set CKM_BENCH_INDEX to a ckm index to compare on it")
		}
		ix := newIndex(t, Config{Path: path, KeptCounts: -1})
		compareFacets(t, ix, queries)
	})
}

// compareFacets searches ix with each query, counting facets both ways,
// and reports any difference in totals or facets.
func compareFacets(t *testing.T, ix *Index, queries []Query) {
	t.Helper()
	ctx := context.Background()
	for _, q := range queries {
		ix.bleveFacets = true
		want, err := ix.Search(ctx, q)
		ix.bleveFacets = false
		if err != nil {
			t.Fatal(err)
		}
		before := ix.FacetCountings()
		got, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if ix.FacetCountings() == before {
			t.Fatalf("%+v: facets were not counted again", q)
		}
		if got.Total != want.Total {
			t.Errorf("%+v: total %d, Bleve's %d", q, got.Total, want.Total)
		}
		if diff := cmp.Diff(want.Facets, got.Facets); diff != "" {
			t.Errorf("%+v: facets (-Bleve's +counted):\n%s", q, diff)
		}
		if len(got.Facets[FacetTheme]) == 0 && q.Text == "" && q.Facets == nil && q.Clients == nil && q.Source == "" {
			t.Errorf("%+v: no theme counted", q)
		}
	}
}

// TestFacetValuesConcurrent searches from several goroutines while
// commits add segments, then checks the counts against Bleve's (run it
// with -race).
func TestFacetValuesConcurrent(t *testing.T) {
	ix := newIndex(t, Config{KeptCounts: -1})
	recs := sampleRecords(160)
	put(t, ix, recs[:40]...)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for range 20 {
				if _, err := ix.Search(ctx, Query{Text: "invoices"}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	for i := 40; i < len(recs); i += 20 {
		put(t, ix, recs[i:i+20]...)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	compareFacets(t, ix, []Query{{}, {Text: "invoices"}})
}

// TestFacetTablesWarmed checks that an index reads no facet tables
// before a search counts facets, and that after a commit it reads the new
// segments' tables by itself, before any search.
func TestFacetTablesWarmed(t *testing.T) {
	ix := newIndex(t, Config{KeptCounts: -1})
	recs := sampleRecords(120)
	for i := 0; i < 80; i += 40 {
		put(t, ix, recs[i:i+40]...)
	}
	unreadNow := func() (n, segs int) {
		withSnapshot(t, ix, func(snap *scorch.IndexSnapshot) {
			n, segs = unread(&ix.facetTables, snap), len(snap.Segments())
		})
		return n, segs
	}
	ctx := context.Background()
	if _, err := ix.Search(ctx, Query{Facets: []string{FacetNone}}); err != nil {
		t.Fatal(err)
	}
	if n := ix.facetTables.reads.Load(); n != 0 {
		t.Errorf("%d tables read before any search counted facets", n)
	}
	if _, err := ix.Search(ctx, Query{Facets: []string{FacetTheme}}); err != nil {
		t.Fatal(err)
	}
	// The search read its snapshot's tables; a merge introduced while it
	// ran is read by the warming the first search starts.
	waitWarmed := func(after uint64, what string) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
			n, segs := unreadNow()
			if n == 0 && ix.warmings.Load() > after {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d tables still unread a minute after %s", n, segs, what)
			}
		}
	}
	waitWarmed(0, "a search counted facets")
	before := ix.warmings.Load()
	put(t, ix, recs[80:]...)
	waitWarmed(before, "a commit")
}

// unread returns how many of snap's segments t has not read the table of.
func unread(t *facetTables, snap *scorch.IndexSnapshot) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, ss := range snap.Segments() {
		if tb, ok := t.m[ss.Id()]; !ok || !tb.done.Load() {
			n++
		}
	}
	return n
}

// TestFacetTablesReadBeforeMerge checks that a merged segment's facet
// table is read from its file before Bleve introduces the segment, so that
// the first search over it waits for no table, and that the counts from
// that table are Bleve's.
func TestFacetTablesReadBeforeMerge(t *testing.T) {
	ix := newIndex(t, Config{KeptCounts: -1})
	recs := sampleRecords(200)
	for i := range recs {
		recs[i] = withNeeds(recs[i], i%4)
	}
	for i := 0; i < len(recs); i += 25 { // a segment a batch
		put(t, ix, recs[i:i+25]...)
	}
	ctx := context.Background()
	if err := ix.Compact(ctx); err != nil { // persisted files, not yet counted
		t.Fatal(err)
	}
	if n := ix.facetTables.early.Load(); n != 0 {
		t.Errorf("%d tables read early before any search counted facets", n)
	}
	if _, err := ix.Search(ctx, Query{Facets: []string{FacetTheme}}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(recs); i += 10 { // replaced: deleted in the merged segment
		put(t, ix, withNeeds(recs[i], 3))
	}
	if err := ix.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if n := ix.facetTables.early.Load(); n == 0 {
		t.Error("no merged segment's table was read before its introduction")
	}
	withSnapshot(t, ix, func(snap *scorch.IndexSnapshot) {
		if n := unread(&ix.facetTables, snap); n != 0 {
			t.Errorf("%d of %d tables unread right after a merge", n, len(snap.Segments()))
		}
	})
	compareFacets(t, ix, []Query{{}, {Text: "invoices"}, {Source: "call"}, {Text: "crash"}})
}

// TestSegmentFileIncomplete checks that readSegmentFile reads the
// segment files of a closed index and refuses a file cut short, as one
// the persister is still writing is, with errIncomplete instead of
// reading garbage from where its footer would be.
func TestSegmentFileIncomplete(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := newIndex(t, Config{Path: dir})
	recs := sampleRecords(60)
	for i := 0; i < len(recs); i += 20 {
		put(t, ix, recs[i:i+20]...)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no segment files in %s (%v)", dir, err)
	}
	for _, f := range files {
		v, err := readSegmentFile(f)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		if len(v.start) < 2 {
			t.Errorf("%s: no documents read", filepath.Base(f))
		}
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.zap")
	if err := os.WriteFile(cut, data[:len(data)-20], 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readSegmentFile(cut); !errors.Is(err, errIncomplete) {
		t.Errorf("a file cut short: err %v, want errIncomplete", err)
	}
}

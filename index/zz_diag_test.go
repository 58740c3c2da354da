package index

import (
	"context"
	"os"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

func cachedFields(t *testing.T, ix *Index) map[string]int {
	adv, _ := ix.bleve.Advanced()
	r, err := adv.(*scorch.Scorch).Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := map[string]int{}
	v := reflect.ValueOf(r.(*scorch.IndexSnapshot)).Elem().FieldByName("segment")
	for i := 0; i < v.Len(); i++ {
		cd := v.Index(i).Elem().FieldByName("cachedDocs").Elem().FieldByName("cache")
		for _, k := range cd.MapKeys() {
			out[k.String()]++
		}
	}
	return out
}

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

func TestZZDiag(t *testing.T) {
	path := os.Getenv("CKM_DIAG_INDEX")
	if path == "" {
		t.Skip("CKM_DIAG_INDEX")
	}
	t.Logf("heap before open %.0f MB", heapMB())
	ix := newIndex(t, Config{Path: path})
	t.Logf("heap after open %.0f MB", heapMB())
	ctx := context.Background()
	for _, q := range []Query{
		{Text: "error", Clients: []string{"facebook/react"}}, {Text: "error", Clients: []string{"facebook/react"}}, {Text: "error", Clients: []string{"facebook/react"}, Facets: []string{"none"}}, {Text: "errors", Clients: []string{"facebook/react"}, Facets: []string{"none"}}, {Text: "errors", Clients: []string{"facebook/react"}, Match: MatchWords}, {Text: "build", Clients: []string{"tensorflow/tensorflow"}}, {Text: "transfer", Clients: []string{"bank"}}, {Text: `"dark mode"`}} {
		t0 := time.Now()
		if _, err := ix.Search(ctx, q); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %q %v %q %v %v: cached fields %v, heap %.0f MB", time.Since(t0), q.Text, q.Facets, q.Match, q.Source, q.Clients, cachedFields(t, ix), heapMB())
	}
	{
		res, err := ix.Search(ctx, Query{Text: "crash"})
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, f := range res.Facets[FacetTheme] {
			keys = append(keys, f.Term)
		}
		t0 := time.Now()
		_, err = ix.ThemeLabels(ctx, keys, nil)
		t.Logf("labels %v %v %v: cached %v", len(keys), err, time.Since(t0), cachedFields(t, ix))
		t0 = time.Now()
		_, err = ix.Hints(ctx, HintsQuery{Client: "bank"})
		t.Logf("hints %v %v: cached %v", err, time.Since(t0), cachedFields(t, ix))
		t0 = time.Now()
		_, err = ix.Emerging(ctx, EmergingQuery{})
		t.Logf("emerging %v %v: cached %v", err, time.Since(t0), cachedFields(t, ix))
	}
	recs := sampleRecords(40)
	for i := range recs {
		recs[i] = withNeeds(recs[i], i%4)
	}
	put(t, ix, recs...)
	t.Logf("after put: cached %v", cachedFields(t, ix))
	for _, q := range []Query{{Text: "invoices"}, {Text: "crash", Clients: []string{"bank"}}} {
		if _, err := ix.Search(ctx, q); err != nil {
			t.Fatal(err)
		}
		t.Logf("after search %v: cached %v", q, cachedFields(t, ix))
	}
	put(t, ix, recs[:5]...)
	t.Logf("after second put: cached %v", cachedFields(t, ix))
	res, err := ix.Search(ctx, Query{Text: "crash", Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		_, gerr := ix.Get(ctx, h.ID)
		n, nerr := ix.NeedCount(ctx, h.ID)
		cnt, cerr := ix.Count(ctx)
		t.Logf("get %v needcount %d %v count %d %v: cached %v", gerr, n, nerr, cnt, cerr, cachedFields(t, ix))
		c, err := ix.Owner(ctx, h.ID)
		t.Logf("owner %s = %s %v: cached fields %v, heap %.0f MB", h.ID, c, err, cachedFields(t, ix), heapMB())
	}
}

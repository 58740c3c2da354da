package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
	"github.com/google/go-cmp/cmp"
)

func TestScan(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, Config{Path: t.TempDir() + "/ix"})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 25 {
		d := ckm.Document{ID: fmt.Sprintf("d%02d", i), Client: []string{"a", "b"}[i%2], Text: "some text", At: day.AddDate(0, 0, i)}
		version := "old"
		if i%5 == 0 {
			version = "new"
		}
		if err := ix.Put(ctx, Record{Document: d, Analysis: nlp.Analysis{ID: d.ID, Language: nlp.English, Version: version}}); err != nil {
			t.Fatal(err)
		}
	}
	scanAll := func(q ScanQuery) (ids []string, total uint64) {
		q.Limit = 4
		for {
			page, n, err := ix.Scan(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			total = n
			ids = append(ids, page...)
			if len(page) < q.Limit {
				return ids, total
			}
			q.After = page[len(page)-1]
		}
	}
	tests := []struct {
		name string
		q    ScanQuery
		want []string
	}{
		{"client b, stale only", ScanQuery{Client: "b", NotVersion: "new"}, []string{"d01", "d03", "d07", "d09", "d11", "d13", "d17", "d19", "d21", "d23"}},
		{"time range", ScanQuery{Since: day.AddDate(0, 0, 20), Until: day.AddDate(0, 0, 23)}, []string{"d20", "d21", "d22"}},
		{"nothing", ScanQuery{Client: "zzz"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := scanAll(tt.q)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", total, len(tt.want))
			}
		})
	}
	all, total := scanAll(ScanQuery{})
	if len(all) != 25 || total != 25 {
		t.Errorf("scan of everything: %d ids, total %d; want 25", len(all), total)
	}
}

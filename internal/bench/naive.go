package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	prosev2 "github.com/jdkato/prose/v2"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/worker"
)

// Naive is the result of NaiveIngest.
type Naive struct {
	Point
	// AllocPerDoc is the bytes allocated per document (runtime
	// TotalAlloc), most of it prose v2 loading its models.
	AllocPerDoc float64
}

// NaiveIngest runs the pipeline the way a first implementation does with
// prose v2: every document is analysed by prose/v2's NewDocument(text),
// with no shared model, so each call loads the tagger and entity models
// again; its entities become the record's, and the record is written with
// index.Put into a fresh index at dir. One goroutine per core, as the
// worker's analysis would use.
func NaiveIngest(ctx context.Context, dir string, docs []ckm.Document) (Naive, error) {
	ix, err := index.Open(ctx, index.Config{Path: dir})
	if err != nil {
		return Naive{}, fmt.Errorf("bench: naive: %w", err)
	}
	defer ix.Close()
	var failed atomic.Int64
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start := time.Now()
	Parallel(len(docs), runtime.NumCPU(), func(i int) {
		d := docs[i]
		pd, err := prosev2.NewDocument(d.Text)
		if err != nil {
			failed.Add(1)
			return
		}
		an := &nlp.Analysis{ID: d.ID, Version: nlp.Version}
		for _, e := range pd.Entities() {
			an.Entities = append(an.Entities, nlp.Entity{Text: e.Text, Label: e.Label, Source: "model"})
		}
		if ix.Put(ctx, worker.NewRecord(d, an, d.ContentHash(), time.Now())) != nil {
			failed.Add(1)
		}
	})
	took := time.Since(start)
	runtime.ReadMemStats(&m1)
	if f := failed.Load(); f > 0 {
		return Naive{}, fmt.Errorf("bench: naive: %d of %d documents failed", f, len(docs))
	}
	return Naive{
		Point:       Point{Docs: len(docs), Bytes: TextBytes(docs), Elapsed: took},
		AllocPerDoc: float64(m1.TotalAlloc-m0.TotalAlloc) / float64(len(docs)),
	}, nil
}

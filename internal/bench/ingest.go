package bench

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/worker"
)

// Records analyses docs with ckm from one goroutine per core and converts
// them as the worker does. A document that fails to analyse gets an empty
// analysis, as the ceiling only needs something to index.
func Records(ctx context.Context, docs []ckm.Document) ([]index.Record, error) {
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return nil, fmt.Errorf("bench: records: %w", err)
	}
	recs := make([]index.Record, len(docs))
	now := time.Now()
	Parallel(len(docs), runtime.NumCPU(), func(i int) {
		an, err := a.Analyze(ctx, docs[i])
		if err != nil {
			an = &nlp.Analysis{ID: docs[i].ID, Version: nlp.Version}
		}
		an.Tokens = nil // the codec would drop them; here every record waits in memory
		recs[i] = worker.NewRecord(docs[i], an, docs[i].ContentHash(), now)
	})
	return recs, nil
}

// CycleRecords returns n records taken from recs in order, starting over
// at its end; each copy gets a unique document ID ("ID~round") and the
// same analysis, so a large index costs one analysis of the distinct
// documents.
func CycleRecords(recs []index.Record, n int) []index.Record {
	out := make([]index.Record, n)
	for i := range out {
		r := recs[i%len(recs)]
		id := fmt.Sprintf("%s~%d", r.Document.ID, i/len(recs))
		r.Document.ID = id
		r.Analysis.ID = id
		out[i] = r
	}
	return out
}

// Point is how long the first Docs documents of a run took.
type Point struct {
	Docs    int
	Bytes   int
	Elapsed time.Duration
}

// Rate is the documents per second of p.
func (p Point) Rate() float64 { return float64(p.Docs) / p.Elapsed.Seconds() }

// MBps is the megabytes of text per second of p.
func (p Point) MBps() float64 { return float64(p.Bytes) / 1e6 / p.Elapsed.Seconds() }

// PutAll writes recs into a fresh index at dir with index.Put from the
// given number of goroutines (index.DefaultBatchSize of them fill every
// batch; a Put waits for its batch's commit, so fewer callers make smaller
// batches), closes it, and returns the time at which each checkpoint's
// count of Puts had completed, plus the whole run. This is Bleve's batch
// indexing alone: the ceiling of ingest.
func PutAll(ctx context.Context, dir string, recs []index.Record, checkpoints []int, callers int) ([]Point, error) {
	ix, err := index.Open(ctx, index.Config{Path: dir})
	if err != nil {
		return nil, fmt.Errorf("bench: put: %w", err)
	}
	var failed, done atomic.Int64
	var mu sync.Mutex
	var points []Point
	cps := append(slices.Clone(checkpoints), len(recs))
	start := time.Now()
	Parallel(len(recs), callers, func(i int) {
		if ix.Put(ctx, recs[i]) != nil {
			failed.Add(1)
		}
		if n := int(done.Add(1)); slices.Contains(cps, n) {
			mu.Lock()
			points = append(points, Point{Docs: n, Elapsed: time.Since(start)})
			mu.Unlock()
		}
	})
	if err := ix.Close(); err != nil {
		return nil, fmt.Errorf("bench: put: %w", err)
	}
	if f := failed.Load(); f > 0 {
		return nil, fmt.Errorf("bench: put: %d of %d puts failed", f, len(recs))
	}
	slices.SortFunc(points, func(a, b Point) int { return a.Docs - b.Docs })
	points = slices.CompactFunc(points, func(a, b Point) bool { return a.Docs == b.Docs })
	for i := range points {
		for _, r := range recs[:points[i].Docs] {
			points[i].Bytes += len(r.Document.Text)
		}
	}
	return points, nil
}

// Parallel calls fn(i) for every i in [0, n) from the given number of
// goroutines and returns when all calls have.
func Parallel(n, workers int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// Pct returns the p-th percentile (0–100) of ds by the nearest-rank
// method; ds is not modified.
func Pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[max(0, min(len(s)-1, i))]
}

// DirSize is the total size in bytes of the regular files under dir.
func DirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			n += fi.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("bench: size of %s: %w", dir, err)
	}
	return n, nil
}

package index

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// BenchmarkPut measures Puts from 32 goroutines per core with one document
// per batch (the baseline) and with the default batching, and reports the
// index size per document on disk after Close.
//
//	go test ./index -run '^$' -bench Put -benchtime 2000x
func BenchmarkPut(b *testing.B) {
	for _, size := range []int{1, DefaultBatchSize} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			benchmarkPut(b, Config{BatchSize: size})
		})
	}
}

func benchmarkPut(b *testing.B, cfg Config) {
	cfg.Path = filepath.Join(b.TempDir(), "idx")
	ix, err := Open(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	recs := sampleRecords(1000)
	var n atomic.Int64
	b.SetParallelism(32) // a Put waits for its batch: many callers fill it
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			r := recs[i%int64(len(recs))]
			r.Document.ID = fmt.Sprintf("b-%d", i)
			if err := ix.Put(context.Background(), r); err != nil {
				b.Error(err)
			}
		}
	})
	b.StopTimer()
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(dirSize(b, cfg.Path))/float64(n.Load()), "disk-bytes/doc")
}

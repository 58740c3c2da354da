package index

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
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

// BenchmarkRecordTexts reads the text fields of stored records, as
// highlighting a hit does, with scanRecordText and with encoding/json
// alone (the fallback), and reports their ratio:
//
//	go test ./index -run '^$' -bench RecordTexts
func BenchmarkRecordTexts(b *testing.B) {
	var stored [][]byte
	for _, rec := range sampleRecords(64) {
		blob, err := encodeStored(rec, storedForm{ownHash: true, keysInFields: true})
		if err != nil {
			b.Fatal(err)
		}
		stored = append(stored, blob)
	}
	// The fallback alone: a record scanRecordText gives up on, its
	// first name in another case (which encoding/json reads the same).
	viaJSON := make([][]byte, len(stored))
	for i, s := range stored {
		viaJSON[i] = append([]byte(`{"Document":{},`), s[1:]...)
	}
	var times [2]time.Duration
	for b.Loop() {
		for i, set := range [][][]byte{stored, viaJSON} {
			start := time.Now()
			for _, s := range set {
				if _, err := recordTexts(s); err != nil {
					b.Fatal(err)
				}
			}
			times[i] += time.Since(start)
		}
	}
	b.ReportMetric(float64(times[0])/float64(times[1]), "scan/json")
}

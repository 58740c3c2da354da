package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
)

// BenchmarkSearch runs the report's query set (Queries) against a ckm
// index of the first 10,000 documents of the benchmark corpus, one query
// after another, as `make report` times it: with every facet counted (the
// API's default) and with none (facets=none), each with matching by
// meaning (the default) and by words only (match=words), on the same
// index so their ratios are taken in one process; profile it with
//
//	go test ./internal/bench -run '^$' -bench Search -benchtime 5x -cpuprofile cpu.out
func BenchmarkSearch(b *testing.B) {
	data := strings.TrimSuffix(testutil.SharedData(b, "README.md"), "README.md")
	ctx := context.Background()
	base, err := LoadBase(data)
	if err != nil {
		b.Fatal(err)
	}
	recs, err := Records(ctx, base[:10000])
	if err != nil {
		b.Fatal(err)
	}
	s, _, _, err := OpenCKM(ctx, b.TempDir(), recs)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	bare, _ := WithoutFacets(s)
	words, _ := WordsOnly(s)
	bareWords, _ := WordsOnly(bare)
	for _, c := range []struct {
		name string
		s    Searcher
	}{{"facets=all", s}, {"facets=none", bare}, {"facets=all,match=words", words}, {"facets=none,match=words", bareWords}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, q := range Queries {
					if _, err := c.s.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(Queries))/1000, "ms/query")
		})
	}
	// Meaning on against off, query by query in turn, so that a change
	// in the machine's load falls on both alike.
	b.Run("facets=none,meaning÷words", func(b *testing.B) {
		var on, off time.Duration
		for b.Loop() {
			for _, q := range Queries {
				for i, s := range []Searcher{bare, bareWords} {
					start := time.Now()
					if _, err := s.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
					if i == 0 {
						on += time.Since(start)
					} else {
						off += time.Since(start)
					}
				}
			}
		}
		b.ReportMetric(float64(on)/float64(off), "meaning/words")
		b.ReportMetric(float64(on.Microseconds())/float64(b.N*len(Queries))/1000, "ms/query-meaning")
		b.ReportMetric(float64(off.Microseconds())/float64(b.N*len(Queries))/1000, "ms/query-words")
	})
}

// BenchmarkAnalyze runs ckm's full analysis over the first 300 GitHub
// issues of the benchmark corpus (the longest documents); profile it on
// one core with
//
//	GOMAXPROCS=1 go test ./internal/bench -run '^$' -bench Analyze -benchtime 3x -cpuprofile cpu.out
func BenchmarkAnalyze(b *testing.B) {
	data := strings.TrimSuffix(testutil.SharedData(b, "README.md"), "README.md")
	base, err := LoadBase(data)
	if err != nil {
		b.Fatal(err)
	}
	var docs []ckm.Document
	for _, d := range base {
		if strings.HasPrefix(d.ID, "nlbse-") && len(docs) < 300 {
			docs = append(docs, d)
		}
	}
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(TextBytes(docs)))
	for b.Loop() {
		for _, d := range docs {
			if _, err := a.Analyze(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

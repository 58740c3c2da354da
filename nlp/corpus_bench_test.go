package nlp

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/jdkato/prose/v3"
)

// benchDocs is how many documents of each corpus the throughput benchmark
// reads.
const benchDocs = 500

// BenchmarkCorpus measures ckm's full analysis and prose v3's full pipeline
// (prose.NewDocument with its defaults) over the same first benchDocs
// documents of each development corpus, in the same run, and reports
// docs/s and MB/s of each and the ratio of ckm's throughput to prose's.
// It also runs ckm without its entity taggers and product lists, and
// reports the taggers' share of ckm's time (taggers-%) and what their cost
// is in prose-pipeline units (taggers÷prose: the taggers' time over
// prose's full pipeline's). Run it on one core:
// GOMAXPROCS=1 go test ./nlp -run '^$' -bench Corpus.
func BenchmarkCorpus(b *testing.B) {
	for _, name := range []string{"app-reviews", "github-issues"} {
		b.Run(name, func(b *testing.B) {
			docs := readBenchDocs(b, testutil.SharedData(b, "needs/"+name+".jsonl"))
			size := 0
			for _, d := range docs {
				size += len(d.Text)
			}
			a, err := New(Config{})
			if err != nil {
				b.Fatal(err)
			}
			bare := *a // the same analysis without taggers and product lists
			bare.ner, bare.products = nil, nil
			ctx := context.Background()
			var ckmTime, proseTime, bareTime time.Duration
			skipProse := os.Getenv("CKM_BENCH_NO_PROSE") != "" // for profiling ckm alone
			b.SetBytes(int64(size))
			for b.Loop() {
				t0 := time.Now()
				for _, d := range docs {
					if _, err := a.Analyze(ctx, d); err != nil {
						b.Fatal(err)
					}
				}
				t1 := time.Now()
				for _, d := range docs {
					if skipProse {
						break
					}
					if _, err := prose.NewDocument(d.Text); err != nil {
						b.Fatal(err)
					}
				}
				t2 := time.Now()
				for _, d := range docs {
					if _, err := bare.Analyze(ctx, d); err != nil {
						b.Fatal(err)
					}
				}
				ckmTime += t1.Sub(t0)
				proseTime += t2.Sub(t1)
				bareTime += time.Since(t2)
			}
			n := float64(b.N * len(docs))
			mb := float64(b.N*size) / 1e6
			b.ReportMetric(n/ckmTime.Seconds(), "ckm-docs/s")
			b.ReportMetric(mb/ckmTime.Seconds(), "ckm-MB/s")
			b.ReportMetric(n/proseTime.Seconds(), "prose-docs/s")
			b.ReportMetric(mb/proseTime.Seconds(), "prose-MB/s")
			b.ReportMetric(proseTime.Seconds()/ckmTime.Seconds(), "ratio")
			taggers := max(0, ckmTime.Seconds()-bareTime.Seconds())
			b.ReportMetric(100*taggers/ckmTime.Seconds(), "taggers-%")
			if !skipProse {
				b.ReportMetric(taggers/proseTime.Seconds(), "taggers÷prose")
			}
		})
	}
}

func readBenchDocs(b *testing.B, path string) []ckm.Document {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 4<<20)
	var docs []ckm.Document
	for sc.Scan() && len(docs) < benchDocs {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, ckm.Document{ID: d.ID, Text: d.Text})
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs
}

// BenchmarkShort measures ckm's full analysis over the first benchDocs
// Banking77 queries without their source: short, mostly-English messages
// outside reviews and tickets, the documents the complaint head reads.
// Run it on one core: GOMAXPROCS=1 go test ./nlp -run '^$' -bench Short.
func BenchmarkShort(b *testing.B) {
	docs := readBenchDocs(b, testutil.SharedData(b, "intents/banking77.jsonl"))
	a, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	for b.Loop() {
		for _, d := range docs {
			if _, err := a.Analyze(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/time.Since(start).Seconds(), "ckm-docs/s")
}

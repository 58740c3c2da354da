package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
	"github.com/jdkato/prose/v3"
)

// Analysers compared by Analysis, in the order they run on each chunk.
const (
	// EngineTokens is prose v3 with segmentation and tokenization only
	// (WithTagging(false), WithExtraction(false)): the segmenter and
	// tokenizer ckm's own analysis starts with, so the ceiling of any
	// analysis built on them.
	EngineTokens = "prose v3 tokens + sentences (ceiling)"
	// EngineCKM is ckm's full analysis, nlp.Analyzer.Analyze.
	EngineCKM = "ckm nlp.Analyze (full)"
	// EngineProse is prose v3's full pipeline, prose.NewDocument with its
	// defaults (segmentation, tokenization, tagging, entity extraction).
	EngineProse = "prose v3 NewDocument (full)"
)

// Engines lists the analysers of Analysis in report order.
var Engines = []string{EngineCKM, EngineProse, EngineTokens}

// AnalysisResult is what Analysis measured.
type AnalysisResult struct {
	// Points holds, per analyser, its cumulative time at each checkpoint.
	Points map[string][]Point
	// Groups holds, per group and analyser, the documents, bytes and time.
	Groups map[string]map[string]Point
}

// chunk is how many documents each analyser takes in turn, so that all
// three see the same load of a shared, busy machine.
const chunk = 50

// Analysis runs every analyser of Engines over docs on one core
// (GOMAXPROCS=1 for the duration, restored after) in one process. The
// documents are taken in chunks of 50, each chunk by every analyser in
// turn, so a change of machine load falls on all of them alike. It
// returns, per analyser, the cumulative time at each checkpoint (counts of
// documents; the full length is always included) and, when group is not
// nil, the time of each group of documents (each document timed alone).
func Analysis(ctx context.Context, docs []ckm.Document, checkpoints []int, group func(ckm.Document) string) (*AnalysisResult, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return nil, fmt.Errorf("bench: analysis: %w", err)
	}
	run := map[string]func(d ckm.Document) error{
		EngineCKM: func(d ckm.Document) error { _, err := a.Analyze(ctx, d); return err },
		EngineProse: func(d ckm.Document) error {
			_, err := prose.NewDocument(d.Text)
			return err
		},
		EngineTokens: func(d ckm.Document) error {
			_, err := prose.NewDocument(d.Text, prose.WithTagging(false), prose.WithExtraction(false), prose.WithSegmentation(true))
			return err
		},
	}
	// Warm up, untimed, on the first documents: models load lazily and
	// the first calls grow the caches and pools every later call reuses.
	for _, e := range Engines {
		for _, d := range docs[:min(len(docs), 2*chunk)] {
			if err := run[e](d); err != nil {
				return nil, fmt.Errorf("bench: analysis: %s: %s: %w", e, d.ID, err)
			}
		}
	}
	cps := append(slices.Clone(checkpoints), len(docs))
	slices.Sort(cps)
	cps = slices.Compact(cps)
	total := map[string]time.Duration{}
	out := &AnalysisResult{Points: map[string][]Point{}, Groups: map[string]map[string]Point{}}
	bytes := 0
	for lo := 0; lo < len(docs); lo += chunk {
		hi := min(lo+chunk, len(docs))
		for _, e := range Engines {
			for _, d := range docs[lo:hi] {
				t0 := time.Now()
				if err := run[e](d); err != nil {
					return nil, fmt.Errorf("bench: analysis: %s: %s: %w", e, d.ID, err)
				}
				took := time.Since(t0)
				total[e] += took
				if group != nil {
					g := group(d)
					if out.Groups[g] == nil {
						out.Groups[g] = map[string]Point{}
					}
					p := out.Groups[g][e]
					p.Docs, p.Bytes, p.Elapsed = p.Docs+1, p.Bytes+len(d.Text), p.Elapsed+took
					out.Groups[g][e] = p
				}
			}
		}
		bytes += TextBytes(docs[lo:hi])
		// A checkpoint inside a chunk is reported at the chunk's end.
		if slices.ContainsFunc(cps, func(c int) bool { return c > lo && c <= hi }) {
			for _, e := range Engines {
				out.Points[e] = append(out.Points[e], Point{Docs: hi, Bytes: bytes, Elapsed: total[e]})
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

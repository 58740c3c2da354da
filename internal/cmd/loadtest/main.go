// Command loadtest measures ckm end to end on this machine, every figure
// against a baseline taken in the same run:
//
//   - ingest: N documents from ../shared/data through enqueue → analyse →
//     index in a `ckm serve` child process, in documents per second, beside
//     the ceiling: the same documents, already analysed, written straight
//     into a fresh index with index.Put (Bleve's batch indexing alone);
//   - live latency: the time from POST /v1/documents (one document, the
//     critical queue) until it is searchable, p50 and p99, while idle and
//     while a forced re-analysis of all N documents runs;
//   - with -mixed D: 20 clients searching with keys of their own for D
//     alone, then for D beside POSTs of 200 documents (search p50/p99
//     both ways, each POST's latency);
//   - with -profile FILE: ckm serve's CPU profile, taken through its
//     /debug/pprof endpoint, during ingest (and under the mixed load).
//
// Run it with `make loadtest` (N=100000) or
//
//	go build -o bin/ckm ./cmd/ckm && go run ./internal/cmd/loadtest -n 100000
//
// It starts its own redis-server and writes nothing outside a temporary
// directory. It prints a Markdown report on stdout. The measurements live
// in internal/bench, which `make report` also runs.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/bench"
)

func main() {
	n := flag.Int("n", 100000, "documents to ingest")
	probes := flag.Int("probes", 100, "live documents timed, idle and under re-analysis")
	bin := flag.String("bin", "bin/ckm", "the ckm binary to run")
	data := flag.String("data", "../shared/data", "the development data folder")
	mixed := flag.Duration("mixed", 0, "when > 0, also run 20 searching clients (keys of their own) alone, then beside 200-document POSTs, this long each")
	profile := flag.String("profile", "", "when set, write ckm serve's CPU profile over the ingest (taken through /debug/pprof) to this file, and over the mixed load to this file with a .mixed suffix")
	flag.Parse()
	if err := run(context.Background(), *n, *probes, *bin, *data, *mixed, *profile); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n, probes int, bin, data string, mixed time.Duration, profile string) error {
	base, err := bench.LoadBase(data)
	if err != nil {
		return err
	}
	base = base[:min(n, len(base))] // Cycle takes no more
	docs := bench.Cycle(base, n)
	dir, err := os.MkdirTemp("", "ckm-loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Printf("## End-to-end ingest (%d documents, %.1f MB of text, %d cores)\n\n", len(docs), float64(bench.TextBytes(docs))/1e6, runtime.NumCPU())

	// Each distinct document is analysed once, as in make report.
	baseRecs, err := bench.Records(ctx, base)
	if err != nil {
		return err
	}
	recs := bench.CycleRecords(baseRecs, n)
	pts, err := bench.PutAll(ctx, filepath.Join(dir, "ceiling"), recs, nil, index.DefaultBatchSize)
	if err != nil {
		return err
	}
	ceiling := pts[len(pts)-1].Rate()
	st, err := bench.StartStack(dir, bin)
	if err != nil {
		return err
	}
	defer st.Stop()
	profiled := make(chan error, 1)
	if profile != "" {
		// A profile over the first part of the ingest: a little less than the ceiling's time for the same documents.
		go func() { profiled <- st.CPUProfile(ctx, max(time.Second, pts[len(pts)-1].Elapsed*3/4), profile) }()
	} else {
		profiled <- nil
	}
	ipts, err := st.Ingest(ctx, docs, nil)
	if err != nil {
		return err
	}
	if err := <-profiled; err != nil {
		return err
	}
	e2e := ipts[len(ipts)-1].Rate()
	if b, recs, err := st.Batches(); err == nil && b > 0 {
		fmt.Printf("ckm serve committed %d batches, %.0f records each on average.\n\n", b, float64(recs)/float64(b))
	}
	fmt.Printf("| path | docs/s |\n|---|---|\n| Bleve batch indexing of analysed documents (ceiling) | %.0f |\n| enqueue → analyse → index, `ckm serve` | %.0f |\n\nRatio end-to-end / ceiling: %.2f\n\n", ceiling, e2e, e2e/ceiling)

	idle, err := st.Probe(probes, "idle")
	if err != nil {
		return err
	}
	if mixed > 0 {
		if err := runMixed(ctx, st, docs, mixed, profile); err != nil {
			return err
		}
	}
	if err := st.StartReanalysis(); err != nil {
		return err
	}
	busy, err := st.Probe(probes, "busy")
	if err != nil {
		return err
	}
	fmt.Printf("## Live ingest latency (POST → searchable, %d documents each)\n\n| while | p50 | p99 |\n|---|---|---|\n", probes)
	fmt.Printf("| idle | %s | %s |\n| re-analysing %d documents | %s | %s |\n\n", ms(bench.Pct(idle, 50)), ms(bench.Pct(idle, 99)), len(docs), ms(bench.Pct(busy, 50)), ms(bench.Pct(busy, 99)))
	fmt.Printf("Ratio busy / idle: p50 %.2f, p99 %.2f\n", float64(bench.Pct(busy, 50))/float64(bench.Pct(idle, 50)), float64(bench.Pct(busy, 99))/float64(bench.Pct(idle, 99)))
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// runMixed measures search and ingest latency under mixed load and prints
// them.
func runMixed(ctx context.Context, st *bench.Stack, docs []ckm.Document, phase time.Duration, profile string) error {
	keys, err := st.RestartWithKeys(bench.TopClients(docs, 20))
	if err != nil {
		return err
	}
	m := bench.Mixed{Keys: keys, Queries: bench.SearchTexts(), Docs: renamed(docs, "mixed"), PostSize: 200, PostEvery: time.Second, Phase: phase, SearchEvery: 100 * time.Millisecond}
	if profile != "" {
		m.Profile = func(ctx context.Context, d time.Duration) {
			if err := st.CPUProfile(ctx, d, profile+".mixed"); err != nil {
				fmt.Fprintln(os.Stderr, "loadtest: mixed profile:", err)
			}
		}
	}
	res, err := st.Mixed(ctx, m)
	if err != nil {
		return err
	}
	si50, si99 := bench.Pct(res.SearchIdle, 50), bench.Pct(res.SearchIdle, 99)
	sb50, sb99 := bench.Pct(res.SearchBusy, 50), bench.Pct(res.SearchBusy, 99)
	fmt.Printf("## Mixed load (%d clients searching with their own keys; %s per phase)\n\n", len(keys), phase)
	fmt.Printf("| | p50 | p99 | max | n | refused |\n|---|---|---|---|---|---|\n")
	fmt.Printf("| search, no ingest | %s | %s | %s | %d | %d |\n", ms(si50), ms(si99), ms(bench.Pct(res.SearchIdle, 100)), len(res.SearchIdle), res.RefusedIdle)
	fmt.Printf("| search, while posting | %s | %s | %s | %d | %d |\n", ms(sb50), ms(sb99), ms(bench.Pct(res.SearchBusy, 100)), len(res.SearchBusy), res.RefusedBusy)
	fmt.Printf("| POST of 200 documents, while searching | %s | %s | %s | %d | |\n\n", ms(bench.Pct(res.Posts, 50)), ms(bench.Pct(res.Posts, 99)), ms(bench.Pct(res.Posts, 100)), len(res.Posts))
	fmt.Printf("Search busy ÷ idle: p50 %.2f, p99 %.2f. Posted %d documents, %d indexed during the phase (%.0f docs/s).\n\n", float64(sb50)/float64(si50), float64(sb99)/float64(si99), res.PostedDocs, res.IndexedDocs, float64(res.IndexedDocs)/phase.Seconds())
	return st.RestartOpen()
}

// renamed copies docs with ids prefixed, so they are new to an index
// that holds docs.
func renamed(docs []ckm.Document, prefix string) []ckm.Document {
	out := make([]ckm.Document, len(docs))
	for i, d := range docs {
		d.ID = prefix + "-" + d.ID
		out[i] = d
	}
	return out
}

// Command loadtest measures ckm end to end on this machine, every figure
// against a baseline taken in the same run:
//
//   - ingest: N documents from ../shared/data through enqueue → analyse →
//     index in a `ckm serve` child process, in documents per second, beside
//     the ceiling: the same documents, already analysed, written straight
//     into a fresh index with index.Put (Bleve's batch indexing alone);
//   - live latency: the time from POST /v1/documents (one document, the
//     critical queue) until it is searchable, p50 and p99, while idle and
//     while a forced re-analysis of all N documents runs.
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

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/bench"
)

func main() {
	n := flag.Int("n", 100000, "documents to ingest")
	probes := flag.Int("probes", 100, "live documents timed, idle and under re-analysis")
	bin := flag.String("bin", "bin/ckm", "the ckm binary to run")
	data := flag.String("data", "../shared/data", "the development data folder")
	flag.Parse()
	if err := run(context.Background(), *n, *probes, *bin, *data); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n, probes int, bin, data string) error {
	docs, err := bench.Corpus(data, n)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ckm-loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Printf("## End-to-end ingest (%d documents, %.1f MB of text, %d cores)\n\n", len(docs), float64(bench.TextBytes(docs))/1e6, runtime.NumCPU())

	recs, err := bench.Records(ctx, docs)
	if err != nil {
		return err
	}
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
	ipts, err := st.Ingest(ctx, docs, nil)
	if err != nil {
		return err
	}
	e2e := ipts[len(ipts)-1].Rate()
	fmt.Printf("| path | docs/s |\n|---|---|\n| Bleve batch indexing of analysed documents (ceiling) | %.0f |\n| enqueue → analyse → index, `ckm serve` | %.0f |\n\nRatio end-to-end / ceiling: %.2f\n\n", ceiling, e2e, e2e/ceiling)

	idle, err := st.Probe(probes, "idle")
	if err != nil {
		return err
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

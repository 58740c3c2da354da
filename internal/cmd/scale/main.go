// Command scale measures how ckm's cost grows with the corpus on this
// machine: it ingests documents cycled from the development data into one
// `ckm serve` (with its own redis-server) up to each size of -sizes, and at
// each size measures the ingest rate, the index's bytes per document, the
// peak resident memory of ckm serve (VmHWM), search latency through the
// HTTP API with and without facets against SQLite FTS5 over the same
// documents and the report's queries, and searches per second. After the
// largest size it re-analyses the whole corpus as a job and times small
// live documents meanwhile. It writes its section of BENCHMARKS.md
// (between `<!-- begin scale -->` and `<!-- end scale -->`; `make report`
// writes another) and the charts docs/scale-*.png.
//
// Run it with `make scale` (sizes 100000,300000,1000000), or smaller:
//
//	go build -o bin/ckm ./cmd/ckm && go run ./internal/cmd/scale -sizes 20000,50000
//
// Every ratio it prints compares figures of the same run at the same size.
// It writes only its section, the charts and files under a temporary
// directory, which it removes.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/ckmhq/ckm/internal/bench"
)

// options are the tool's flags.
type options struct {
	data, bin, out, charts string
	sizesFlag              string
	sizes                  []int
	rounds, fresh, probes  int
	qpsClients             int
	qpsTime                time.Duration
	job                    bool
	memory                 int64 // bytes; 0: serve runs without a memory cgroup
	workers                int   // ckm worker processes; 0: serve analyses
}

func main() {
	var o options
	flag.StringVar(&o.data, "data", "../shared/data", "the development data folder")
	flag.StringVar(&o.bin, "bin", "bin/ckm", "the ckm binary to run (`make build`)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "the file whose scale section is written")
	flag.StringVar(&o.charts, "charts", "docs", "the folder the PNG charts are written to")
	flag.StringVar(&o.sizesFlag, "sizes", "100000,300000,1000000", "corpus sizes (documents) at which to measure; the largest is ingested")
	flag.IntVar(&o.rounds, "rounds", 5, "timed rounds over the query set per size, repeated on an unchanged index")
	flag.IntVar(&o.fresh, "fresh", 3, "timed rounds over the query set per size, each right after a commit (no counts kept from an earlier search)")
	flag.IntVar(&o.probes, "probes", 20, "live documents timed with the index idle before the re-analysis job")
	flag.IntVar(&o.qpsClients, "qps-clients", 4, "concurrent searching clients of the throughput measure")
	flag.DurationVar(&o.qpsTime, "qps-time", 10*time.Second, "how long the throughput measure runs per size")
	flag.BoolVar(&o.job, "job", true, "re-analyse the whole corpus as a job after the largest size")
	memoryMiB := flag.Int64("memory-mib", 0, "run ckm serve in a memory cgroup of its own limited to this many MiB, as a container would (needs root); 0 runs it unlimited")
	flag.IntVar(&o.workers, "workers", 0, "run ckm serve with --analyze=false beside this many `ckm worker` processes, so that it only owns the index; 0: serve analyses too")
	flag.Parse()
	o.memory = *memoryMiB << 20
	var err error
	if o.sizes, err = bench.ParseSizes(o.sizesFlag); err != nil {
		log.Fatalf("scale: %v", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o, strings.Join(os.Args[1:], " ")); err != nil {
		log.Fatalf("scale: %v", err)
	}
}

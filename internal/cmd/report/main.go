// Command report measures ckm against its baselines on this machine in one
// run and writes BENCHMARKS.md and the charts under docs/ that the README
// shows: analysis throughput (ckm against prose v3's full pipeline and
// tokenization alone), end-to-end ingest (against Bleve's batch indexing
// alone and a naive prose v2 pipeline), search latency at two corpus
// sizes (against SQLite FTS5 and PostgreSQL full-text search, each skipped
// with a message when unavailable), index size, peak memory of ckm serve,
// CPU profiles of where ckm is behind, and the quality figures of
// EVALUATION.md, re-run.
//
// Run it with `make report`, or
//
//	go build -o bin/ckm ./cmd/ckm && go run ./internal/cmd/report
//
// Every ratio it prints is measured within the run; it compares no
// absolute number across runs. It writes only its section of
// BENCHMARKS.md (between the markers `<!-- begin report -->` and
// `<!-- end report -->`; `make scale` writes another), the charts and
// files under a temporary directory, which it removes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/ckmhq/ckm/internal/bench"
)

// options are the report's flags.
type options struct {
	data, bin, out, charts, pg string
	analysisSizes              []int
	ingestN, naiveN, probes    int
	alertsDocs, alertsQueries  int
	searchSizes                []int
	rounds                     int
	profile, quality           bool
	only                       map[string]bool // steps to run; nil: all
}

func main() {
	var o options
	var analysis, search, only string
	flag.StringVar(&o.data, "data", "../shared/data", "the development data folder")
	flag.StringVar(&o.bin, "bin", "bin/ckm", "the ckm binary to run (`make build`)")
	flag.StringVar(&o.out, "out", "BENCHMARKS.md", "the report to write")
	flag.StringVar(&o.charts, "charts", "docs", "the folder the PNG charts are written to")
	flag.StringVar(&o.pg, "pg", envOr("CKM_BENCH_PG", "host=127.0.0.1 port=5432 user=postgres"), "libpq connection string of a PostgreSQL server (no dbname); a private database is created and dropped")
	flag.StringVar(&analysis, "analysis-sizes", "1000,3000,10000", "corpus sizes (documents) of the analysis throughput run; the largest is analysed")
	flag.IntVar(&o.ingestN, "ingest", 100000, "documents ingested end to end (the search run of the same size reuses the ceiling's index)")
	flag.IntVar(&o.naiveN, "naive", 40, "documents run through the naive prose v2 pipeline")
	flag.IntVar(&o.probes, "probes", 50, "live documents timed, idle and during re-analysis")
	flag.StringVar(&search, "search-sizes", "10000,100000", "corpus sizes (documents) of the search latency runs")
	flag.IntVar(&o.rounds, "rounds", 5, "timed rounds over the query set per search size")
	flag.BoolVar(&o.profile, "profile", true, "take CPU profiles with go test -cpuprofile")
	flag.BoolVar(&o.quality, "quality", true, "re-run the quality evaluations of EVALUATION.md")
	flag.IntVar(&o.alertsDocs, "alerts-docs", 1500, "documents ingested with and without saved searches")
	flag.IntVar(&o.alertsQueries, "alerts-queries", 1000, "saved searches matched against them")
	flag.StringVar(&only, "only", "", "comma-separated steps to run (analysis, ingest, naive, search, alerts, profiles, quality; the corpus, which every step reads, is always loaded), for checking one section; empty: all. The file written then lacks the other sections' figures")
	flag.Parse()
	var err error
	if o.analysisSizes, err = bench.ParseSizes(analysis); err == nil {
		o.searchSizes, err = bench.ParseSizes(search)
	}
	if err != nil {
		log.Fatalf("report: %v", err)
	}
	if only != "" {
		o.only = map[string]bool{}
		for s := range strings.SplitSeq(only, ",") {
			o.only[strings.TrimSpace(s)] = true
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		log.Fatalf("report: %v", err)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, o options) error {
	start := time.Now()
	dir, err := os.MkdirTemp("", "ckm-report")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r := &results{opts: o, machine: describeMachine(), started: start}
	steps := []struct {
		key, name string
		fn        func(context.Context, *results, string) error
		on        bool
	}{
		{"corpus", "corpus", loadCorpus, true},
		{"analysis", "analysis throughput", measureAnalysis, true},
		{"ingest", "ingest", measureIngest, true},
		{"naive", "naive prose v2 pipeline", measureNaive, true},
		{"search", "search latency", measureSearch, true},
		{"alerts", "saved-search matching", measureAlerts, true},
		{"profiles", "profiles", takeProfiles, o.profile},
		{"quality", "quality", runQuality, o.quality},
	}
	for _, s := range steps {
		if !s.on || (o.only != nil && !o.only[s.key] && s.key != "corpus") {
			continue
		}
		t0 := time.Now()
		log.Printf("%s ...", s.name)
		if err := s.fn(ctx, r, dir); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		log.Printf("%s done in %s", s.name, time.Since(t0).Round(time.Second))
		r.steps = append(r.steps, stepTime{s.name, time.Since(t0)})
	}
	r.took = time.Since(start)
	if err := os.MkdirAll(o.charts, 0o755); err != nil {
		return err
	}
	if err := r.drawCharts(); err != nil {
		return err
	}
	if err := writeSection(o.out, r.markdown()); err != nil {
		return err
	}
	log.Printf("wrote %s and the charts under %s in %s", o.out, o.charts, r.took.Round(time.Second))
	return nil
}

// section is the name of the report's section of BENCHMARKS.md, which
// also holds `make scale`'s.
const section = "report"

// writeSection writes md as the report's section of the file at path,
// first in the file, and keeps the other tools' sections. A file written
// before the report had a section was the report alone and is replaced.
func writeSection(path, md string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	doc := string(old)
	if !bench.HasSection(doc, section) {
		doc = bench.ReplaceSection("", section, md) + bench.OnlySections(doc)
	}
	return os.WriteFile(path, []byte(bench.ReplaceSection(doc, section, md)), 0o644)
}

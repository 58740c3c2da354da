// Command searchreplay replays the search phase of the scale tool (make
// scale) on a copy of a kept index: ckm serve started on the copy, the
// query set once untimed, then timed rounds on the unchanged index, then
// rounds each right after a commit, with and without facets (and SQLite
// FTS5 beside, when its kept database is given, so that the rounds take
// as long as the scale run's). It runs each binary of -bin in turn,
// -pairs times, each on a fresh copy, so that two checkouts are compared
// in one sitting, and prints each run's percentiles and slowest searches.
//
//	go run ./internal/cmd/searchreplay -index /tmp/p99/index-1m -fts5 /tmp/p99/fts5-1m.db \
//	    -bin old=/tmp/p99/ckm-old,new=bin/ckm -pairs 2
//
// The index folder is a ckm serve data/index folder kept with hard links
// (cp -al) while a scale run searched; its segment files (.zap) are
// linked into each copy, every other file copied.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ckmhq/ckm/internal/bench"
)

type options struct {
	index, fts5, bins, dir string
	pairs, rounds, fresh   int
	profile                bool
}

func main() {
	var o options
	flag.StringVar(&o.index, "index", "", "the kept index folder (a ckm serve data/index)")
	flag.StringVar(&o.fts5, "fts5", "", "the kept SQLite FTS5 database of the same documents (optional)")
	flag.StringVar(&o.bins, "bin", "bin/ckm", "the ckm binaries to compare, comma-separated, each as label=path or path")
	flag.StringVar(&o.dir, "dir", "/tmp/searchreplay", "the folder a run copies the index to (emptied first)")
	flag.IntVar(&o.pairs, "pairs", 1, "how many times each binary runs, in turn")
	flag.IntVar(&o.rounds, "rounds", 5, "timed rounds on the unchanged index")
	flag.IntVar(&o.fresh, "fresh", 3, "timed rounds, each right after a commit")
	flag.BoolVar(&o.profile, "profile", false, "take ckm serve's CPU profile over each run's timed rounds into -dir's parent")
	flag.Parse()
	if o.index == "" {
		log.Fatal("searchreplay: -index is required")
	}
	type bin struct{ label, path string }
	var bins []bin
	for _, b := range strings.Split(o.bins, ",") {
		label, path, ok := strings.Cut(b, "=")
		if !ok {
			label, path = b, b
		}
		bins = append(bins, bin{label, path})
	}
	var all []summary
	for p := range o.pairs {
		for _, b := range bins {
			s, err := replay(context.Background(), o, b.path, fmt.Sprintf("%s-%d", b.label, p+1))
			if err != nil {
				log.Fatalf("searchreplay: %s: %v", b.label, err)
			}
			s.label = b.label
			all = append(all, s)
		}
	}
	fmt.Printf("\n| binary | run | every facet p50 / p99 / max, repeated | after a commit | facets=none p50 / p99, repeated | after a commit |\n|---|---|---|---|---|---|\n")
	for _, s := range all {
		fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", s.label, s.run, s.fullWarm, s.fullFresh, s.bareWarm, s.bareFresh)
	}
}

type summary struct {
	label, run                               string
	fullWarm, fullFresh, bareWarm, bareFresh string
}

// timing is one timed search.
type timing struct {
	engine string
	q      int           // index in bench.Queries
	round  string        // "warm 1", "fresh 2", ...
	at     time.Duration // since the timed rounds began
	took   time.Duration
}

func replay(ctx context.Context, o options, bin, run string) (summary, error) {
	s := summary{run: run}
	if err := os.RemoveAll(o.dir); err != nil {
		return s, err
	}
	if err := copyIndex(o.index, filepath.Join(o.dir, "data", "index")); err != nil {
		return s, err
	}
	t0 := time.Now()
	st, err := bench.StartStack(o.dir, bin)
	if err != nil {
		return s, err
	}
	defer st.Stop()
	log.Printf("%s: ckm serve up in %s", run, time.Since(t0).Round(time.Millisecond))
	full, err := st.Searcher(true)
	if err != nil {
		return s, err
	}
	bare, err := st.Searcher(false)
	if err != nil {
		return s, err
	}
	es := map[string]bench.Searcher{"full": full, "bare": bare}
	order := []string{"full", "bare"}
	if o.fts5 != "" {
		f, err := bench.ReopenFTS5(o.fts5)
		if err != nil {
			return s, err
		}
		es["fts5"] = f
		order = append(order, "fts5")
	}
	t0 = time.Now()
	for _, name := range order { // untimed, as bench.SearchLatency
		for _, q := range bench.Queries {
			if _, err := es[name].Search(ctx, q); err != nil {
				return s, err
			}
		}
	}
	log.Printf("%s: untimed pass in %s", run, time.Since(t0).Round(time.Millisecond))
	var prof chan error
	profPath := filepath.Join(filepath.Dir(o.dir), "replay-cpu-"+run+".pb.gz")
	if o.profile {
		prof = make(chan error, 1)
		go func() { prof <- st.CPUProfile(ctx, 60*time.Second, profPath) }()
	}
	var ts []timing
	start := time.Now()
	round := func(name string) error {
		for i, q := range bench.Queries {
			for _, e := range order {
				t := time.Now()
				if _, err := es[e].Search(ctx, q); err != nil {
					return err
				}
				ts = append(ts, timing{e, i, name, t.Sub(start), time.Since(t)})
			}
		}
		return nil
	}
	for r := range o.rounds {
		if err := round(fmt.Sprintf("warm %d", r+1)); err != nil {
			return s, err
		}
	}
	for r := range o.fresh {
		if _, err := st.Probe(1, fmt.Sprintf("replay-%d", r)); err != nil {
			return s, err
		}
		if err := round(fmt.Sprintf("fresh %d", r+1)); err != nil {
			return s, err
		}
	}
	log.Printf("%s: timed rounds in %s", run, time.Since(start).Round(time.Millisecond))
	if prof != nil {
		if err := <-prof; err != nil {
			log.Printf("%s: profile: %v", run, err)
		} else {
			log.Printf("%s: profile %s", run, profPath)
		}
	}
	pick := func(engine, kind string) []time.Duration {
		var out []time.Duration
		for _, t := range ts {
			if t.engine == engine && strings.HasPrefix(t.round, kind) {
				out = append(out, t.took)
			}
		}
		return out
	}
	stat := func(ds []time.Duration) string {
		return fmt.Sprintf("%s / %s / %s", ms(bench.Pct(ds, 50)), ms(bench.Pct(ds, 99)), ms(slices.Max(ds)))
	}
	s.fullWarm, s.fullFresh = stat(pick("full", "warm")), stat(pick("full", "fresh"))
	s.bareWarm, s.bareFresh = stat(pick("bare", "warm")), stat(pick("bare", "fresh"))
	slow := slices.Clone(ts)
	slices.SortFunc(slow, func(a, b timing) int { return int(b.took - a.took) })
	log.Printf("%s: every facet %s repeated, %s after a commit; slowest searches of each engine:", run, s.fullWarm, s.fullFresh)
	for _, e := range order {
		n := 0
		for _, t := range slow {
			if t.engine != e {
				continue
			}
			if n++; n > 6 {
				break
			}
			q := bench.Queries[t.q]
			log.Printf("  %-5s %-8s at %6.1fs  %8s  %q client=%q source=%q phrase=%v", t.engine, t.round, t.at.Seconds(), ms(t.took), q.Words, q.Client, q.Source, q.Phrase)
		}
	}
	return s, nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// copyIndex copies the index folder src to dst: segment files linked,
// every other file copied.
func copyIndex(src, dst string) error {
	return filepath.Walk(src, func(path string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if fi.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		if strings.HasSuffix(path, ".zap") {
			return os.Link(path, to)
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(to)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}

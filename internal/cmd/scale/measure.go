package main

import (
	"cmp"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/bench"
)

// results is everything one run measured so far.
type results struct {
	opts    options
	args    string // the command line's flags, as given
	started time.Time
	took    time.Duration
	cores   int
	load    string // /proc/loadavg when the run started
	commit  string // the checkout measured, from git
	dir     string // the run's temporary directory
	sizes   []sizeRun
	job     *jobRun
	phases  map[string]time.Duration // wall time per phase, summed over sizes
}

// sizeRun is what was measured at one corpus size.
type sizeRun struct {
	docs       int
	textBytes  int64
	added      int           // documents ingested since the previous size
	ingest     time.Duration // their time from first enqueue to searchable
	indexBytes int64
	fts5Bytes  int64
	fts5Build  time.Duration // loading every document so far into FTS5
	mem        bench.Memory  // ckm serve's memory peaks so far
	warm       map[string][]time.Duration
	fresh      map[string][]time.Duration
	matched    map[string]int
	qps        float64
	heap       heapTop // ckm serve's Go heap in use after the searches
}

// heapTop is a heap profile of ckm serve listed by go tool pprof, or why
// it could not be taken.
type heapTop struct {
	top, err string
}

// jobRun is the re-analysis of the whole corpus as a job.
type jobRun struct {
	job        bench.Job
	took       time.Duration
	idle, busy []time.Duration
	mem        bench.Memory
}

// Search engine names, in table order.
const (
	engineCKM     = "ckm serve, every facet"
	engineCKMBare = "ckm serve, facets=none"
	engineFTS5    = "SQLite FTS5"
)

var engines = []string{engineCKM, engineCKMBare, engineFTS5}

// chunk is the most documents the tool holds in memory at once.
const chunk = 100000

func run(ctx context.Context, o options, args string) error {
	r := &results{opts: o, args: args, started: time.Now(), cores: runtime.NumCPU(), phases: map[string]time.Duration{}}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		r.load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	if out, err := exec.Command("git", "describe", "--always", "--dirty").Output(); err == nil {
		r.commit = strings.TrimSpace(string(out))
	}
	if _, err := os.Stat(o.bin); err != nil {
		return fmt.Errorf("%s: %w (run make build)", o.bin, err)
	}
	base, err := bench.LoadBase(o.data)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ckm-scale")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r.dir = dir
	st, err := bench.StartStackWith(filepath.Join(dir, "stack"), o.bin, bench.StackOptions{MemoryLimit: o.memory, Workers: o.workers})
	if err != nil {
		return err
	}
	defer st.Stop()
	fts, _, _, err := bench.OpenFTS5(ctx, dir, nil)
	if err != nil {
		return err
	}
	defer fts.Close()
	var prev sizeRun
	for _, n := range o.sizes {
		sr, err := r.measureSize(ctx, st, fts, base, prev, n)
		if err != nil {
			return fmt.Errorf("at %d documents: %w", n, err)
		}
		r.sizes, prev = append(r.sizes, sr), sr
		if err := r.write(); err != nil { // a long run that stops later keeps what it measured
			return err
		}
	}
	if o.job {
		t0 := time.Now()
		if r.job, err = r.measureJob(ctx, st); err != nil {
			return fmt.Errorf("re-analysis job: %w", err)
		}
		r.phases["re-analysis job"] = time.Since(t0)
	}
	return r.write()
}

// timed runs fn and adds its wall time to the phase's.
func (r *results) timed(phase string, fn func() error) error {
	t0 := time.Now()
	err := fn()
	r.phases[phase] += time.Since(t0)
	return err
}

func (r *results) measureSize(ctx context.Context, st *bench.Stack, fts bench.Searcher, base []ckm.Document, prev sizeRun, n int) (sizeRun, error) {
	sr := sizeRun{docs: n, added: n - prev.docs, textBytes: prev.textBytes, fts5Build: prev.fts5Build, fts5Bytes: prev.fts5Bytes}
	log.Printf("ingesting documents %d to %d ...", prev.docs, n)
	for lo := prev.docs; lo < n; lo += chunk {
		docs := bench.CycleRange(base, lo, min(n, lo+chunk))
		err := r.timed("ingest", func() error {
			pts, err := st.Ingest(ctx, docs, nil)
			if err == nil {
				sr.ingest += pts[len(pts)-1].Elapsed
			}
			return err
		})
		if err != nil {
			return sr, err
		}
		sr.textBytes += int64(bench.TextBytes(docs))
		recs := make([]index.Record, len(docs))
		for i := range docs {
			recs[i].Document = docs[i]
		}
		err = r.timed("SQLite FTS5 load", func() error {
			took, size, err := bench.AppendFTS5(fts, recs)
			sr.fts5Build, sr.fts5Bytes = sr.fts5Build+took, size
			return err
		})
		if err != nil {
			return sr, err
		}
	}
	log.Printf("%d documents in %s (%.0f docs/s); searching ...", sr.added, sr.ingest.Round(time.Second), float64(sr.added)/sr.ingest.Seconds())
	ixDir := filepath.Join(st.DataDir, "index")
	bench.Settle(ixDir, 2*time.Second, time.Minute)
	var err error
	if sr.indexBytes, err = bench.DirSize(ixDir); err != nil {
		return sr, err
	}
	err = r.timed("search", func() error { return r.search(ctx, st, fts, &sr) })
	if err != nil {
		return sr, err
	}
	if sr.mem, err = st.Memory(); err != nil {
		return sr, err
	}
	sr.heap = heapProfile(ctx, st, filepath.Join(r.dir, fmt.Sprintf("heap-%d.pb.gz", n)))
	return sr, nil
}

// heapArgs list a heap profile's live memory by the function that
// allocated it (flat: a cumulative listing is mostly the callers of
// everything, main and the HTTP server).
var heapArgs = []string{"-top", "-sample_index=inuse_space", "-nodecount=25"}

// heapProfile takes ckm serve's heap profile into path and lists it. A
// failure is reported in the listing, not as the run's: the figures
// around it still stand.
func heapProfile(ctx context.Context, st *bench.Stack, path string) heapTop {
	if err := st.HeapProfile(ctx, path); err != nil {
		return heapTop{err: err.Error()}
	}
	b, err := exec.CommandContext(ctx, "go", append(append([]string{"tool", "pprof"}, heapArgs...), path)...).CombinedOutput()
	if err != nil {
		return heapTop{err: fmt.Sprintf("go tool pprof: %v: %s", err, strings.TrimSpace(string(b)))}
	}
	return heapTop{top: bench.TrimPprof(string(b))}
}

// search times the query set on ckm serve (with and without facets) and
// FTS5: rounds on the unchanged index, then rounds each after a commit,
// then searches per second.
func (r *results) search(ctx context.Context, st *bench.Stack, fts bench.Searcher, sr *sizeRun) error {
	full, err := st.Searcher(true)
	if err != nil {
		return err
	}
	bare, err := st.Searcher(false)
	if err != nil {
		return err
	}
	es := map[string]bench.Searcher{engineCKM: full, engineCKMBare: bare, engineFTS5: fts}
	if sr.warm, sr.matched, err = bench.SearchLatency(ctx, es, engines, bench.Queries, r.opts.rounds); err != nil {
		return err
	}
	sr.fresh = map[string][]time.Duration{}
	for i := range r.opts.fresh {
		// A document committed: the index generation moves on, so ckm
		// counts totals and facets again instead of reading kept ones.
		if _, err := st.Probe(1, fmt.Sprintf("commit-%d-%d", sr.docs, i)); err != nil {
			return err
		}
		if err := bench.SearchRound(ctx, es, engines, bench.Queries, sr.fresh); err != nil {
			return err
		}
	}
	sr.qps, err = throughput(ctx, full, r.opts.qpsClients, r.opts.qpsTime)
	return err
}

// throughput runs clients searching s back to back over the query set for
// d and returns the searches answered per second. A search under way at
// the end is waited for and counted, not cancelled.
func throughput(ctx context.Context, s bench.Searcher, clients int, d time.Duration) (float64, error) {
	var n atomic.Int64
	var mu sync.Mutex
	var firstErr error
	t0 := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := c; time.Since(t0) < d; i++ {
				if _, err := s.Search(ctx, bench.Queries[i%len(bench.Queries)]); err != nil {
					mu.Lock()
					firstErr = cmp.Or(firstErr, err)
					mu.Unlock()
					return
				}
				n.Add(1)
			}
		})
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(t0).Seconds(), firstErr
}

// measureJob times live documents on the idle index, starts a forced
// re-analysis of everything, and times live documents one after another
// until the job is over.
func (r *results) measureJob(ctx context.Context, st *bench.Stack) (*jobRun, error) {
	jr := &jobRun{}
	var err error
	if jr.idle, err = st.Probe(r.opts.probes, "idle"); err != nil {
		return nil, err
	}
	log.Printf("re-analysing every document as a job ...")
	if jr.job, err = st.StartJob(ctx); err != nil {
		return nil, err
	}
	t0 := time.Now()
	for i := 0; ; i++ {
		d, err := st.Probe(1, fmt.Sprintf("job-%d", i))
		if err != nil {
			return nil, err
		}
		jr.busy = append(jr.busy, d...)
		if jr.job, err = st.Job(ctx, jr.job.ID); err != nil {
			return nil, err
		}
		if jr.job.State != "running" {
			break
		}
		if i%20 == 0 {
			log.Printf("job %s: %d of %d done", jr.job.ID, jr.job.Done, jr.job.Total)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(500 * time.Millisecond):
		}
	}
	jr.took = time.Since(t0)
	if !jr.job.Finished.IsZero() && !jr.job.Created.IsZero() {
		jr.took = jr.job.Finished.Sub(jr.job.Created)
	}
	jr.mem, err = st.Memory()
	return jr, err
}

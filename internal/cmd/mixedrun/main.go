// Command mixedrun runs the mixed-load phase of the report (internal/cmd/
// report: 20 clients searching with keys of their own, then the same
// while 200-document POSTs are indexed) alone, on a copy of an index
// ingested once, so that two builds of ckm can be alternated in minutes
// instead of a whole ingest section each:
//
//	go run ./internal/cmd/mixedrun -build -bin BIN -template /tmp/mixed/template
//	go run ./internal/cmd/mixedrun -bin BIN_A -template /tmp/mixed/template -profile /tmp/mixed/a.prof
//	go run ./internal/cmd/mixedrun -bin BIN_B -template /tmp/mixed/template -profile /tmp/mixed/b.prof
//
// With -build it ingests the documents into the template (taking ckm
// serve's heap profile every 20 s when -profile is set). Otherwise it
// prints one line: search p50 / p99 alone and while posting, their
// ratios, the POSTs' p99, the documents indexed meanwhile and ckm serve's
// peak RSS; with -profile it also writes ckm serve's CPU profiles of both
// phases (PATH.idle and PATH) and its heap profile at the end (PATH.heap).
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/bench"
)

// options are the command's flags.
type options struct {
	bin, data, template, dir, profile string
	docs                              int
	warm                              time.Duration
	build                             bool
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/ckm", "the ckm binary to run")
	flag.StringVar(&o.data, "data", "../shared/data", "the development data folder")
	flag.StringVar(&o.template, "template", "/tmp/mixedrun/template", "the stack folder of the ingested index (-build writes it)")
	flag.StringVar(&o.dir, "dir", "/tmp/mixedrun/run", "the folder a run copies the index to (emptied first)")
	flag.StringVar(&o.profile, "profile", "", "write ckm serve's profiles to this path and next to it")
	flag.IntVar(&o.docs, "docs", 100000, "documents in the index, cycled from the development data as the report does")
	flag.DurationVar(&o.warm, "warm", 0, "untimed searching before the timed phases (0: 10s, as the report; a loaded machine needs longer for every scope's themes to be learned)")
	flag.BoolVar(&o.build, "build", false, "ingest the documents into -template instead of running the mixed load")
	flag.Parse()
	ctx := context.Background()
	base, err := bench.LoadBase(o.data)
	if err != nil {
		log.Fatal(err)
	}
	docs := bench.Cycle(base, o.docs)
	if o.build {
		err = build(ctx, o, docs)
	} else {
		err = run(ctx, o, docs)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// build ingests docs into a new stack under o.template.
func build(ctx context.Context, o options, docs []ckm.Document) error {
	os.RemoveAll(o.template)
	st, err := bench.StartStack(o.template, o.bin)
	if err != nil {
		return err
	}
	defer st.Stop()
	t0 := time.Now()
	stop := make(chan struct{})
	defer close(stop)
	if o.profile != "" {
		go heapProfiles(ctx, st, o.profile, t0, stop)
	}
	if _, err := st.Ingest(ctx, docs, nil); err != nil {
		return err
	}
	rss, err := st.PeakRSS()
	log.Printf("ingested %d documents in %s; peak RSS %d MB", len(docs), time.Since(t0).Round(time.Second), rss>>20)
	return err
}

// heapProfiles takes ckm serve's heap profile every 20 s until stop.
func heapProfiles(ctx context.Context, st *bench.Stack, path string, t0 time.Time, stop chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		case <-time.After(20 * time.Second):
		}
		p := fmt.Sprintf("%s.ingest%02d.heap", path, i)
		if err := st.HeapProfile(ctx, p); err != nil {
			log.Print(err)
		}
		rss, _ := st.PeakRSS()
		log.Printf("%s: %s after the start, peak RSS so far %d MB", p, time.Since(t0).Round(time.Second), rss>>20)
	}
}

// run copies the template's data to o.dir, starts ckm serve on it and
// runs the mixed load as the report does.
func run(ctx context.Context, o options, docs []ckm.Document) error {
	os.RemoveAll(o.dir)
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-a", filepath.Join(o.template, "data"), filepath.Join(o.dir, "data")).CombinedOutput(); err != nil {
		return fmt.Errorf("copy the template: %v: %s", err, out)
	}
	st, err := bench.StartStack(o.dir, o.bin)
	if err != nil {
		return err
	}
	defer st.Stop()
	keys, err := st.RestartWithKeys(bench.TopClients(docs, 20))
	if err != nil {
		return err
	}
	posted := make([]ckm.Document, min(len(docs), 200*200))
	for i := range posted {
		posted[i] = docs[i]
		posted[i].ID = "mixed-" + docs[i].ID
	}
	m := bench.Mixed{Keys: keys, Queries: bench.SearchTexts(), Docs: posted, PostSize: 200, PostEvery: time.Second,
		Phase: 30 * time.Second, SearchEvery: 100 * time.Millisecond, Warm: cmp.Or(o.warm, 10*time.Second)}
	wait := profiles(ctx, st, &m, o.profile)
	r, err := st.Mixed(ctx, m)
	if err != nil {
		return err
	}
	wait()
	if o.profile != "" {
		if err := st.HeapProfile(ctx, o.profile+".heap"); err != nil {
			return err
		}
	}
	rss, err := st.PeakRSS()
	printRun(o.bin, r, rss)
	return err
}

// profiles arranges for ckm serve's CPU profiles of the idle phase (from
// a second after the warm-up) and of the busy phase to be written next to
// path, when path is set, and returns the function that waits for them.
func profiles(ctx context.Context, st *bench.Stack, m *bench.Mixed, path string) (wait func()) {
	if path == "" {
		return func() {}
	}
	idle, busy := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(idle)
		time.Sleep(m.Warm + time.Second)
		if err := st.CPUProfile(ctx, m.Phase-2*time.Second, path+".idle"); err != nil {
			log.Print(err)
		}
	}()
	m.Profile = func(ctx context.Context, d time.Duration) {
		defer close(busy)
		if err := st.CPUProfile(ctx, d, path); err != nil {
			log.Print(err)
		}
	}
	return func() { <-idle; <-busy }
}

// printRun writes the run's figures on one line.
func printRun(bin string, r bench.MixedResult, rss int64) {
	p := func(d []time.Duration, q float64) float64 { return float64(bench.Pct(d, q)) / 1e6 }
	fmt.Printf("bin=%s idle p50=%.1f p99=%.1f | busy p50=%.1f p99=%.1f max=%.1f | p99 ratio=%.2f p50 ratio=%.2f | post p50=%.0f p99=%.0f | n idle=%d busy=%d refused=%d/%d | posted=%d indexed=%d | rss=%dMB\n",
		bin, p(r.SearchIdle, 50), p(r.SearchIdle, 99), p(r.SearchBusy, 50), p(r.SearchBusy, 99), p(r.SearchBusy, 100),
		p(r.SearchBusy, 99)/p(r.SearchIdle, 99), p(r.SearchBusy, 50)/p(r.SearchIdle, 50),
		p(r.Posts, 50), p(r.Posts, 99), len(r.SearchIdle), len(r.SearchBusy), r.RefusedIdle, r.RefusedBusy, r.PostedDocs, r.IndexedDocs, rss>>20)
}

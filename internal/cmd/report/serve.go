package main

import (
	"context"
	"fmt"
	"log"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/bench"
)

// Mixed load: the searching clients and the documents they search beside.
const (
	mixedClients = 20
	mixedPost    = 200              // documents per POST
	mixedPhase   = 30 * time.Second // each phase: searches alone, then beside the POSTs
)

// serveProfileLen is the longest ckm serve's CPU profile runs during
// ingest.
const serveProfileLen = 30 * time.Second

// profileServe starts ckm serve's CPU profile over d, after a delay, into
// dir and returns a function that waits for it and summarises it as a
// report profile.
func profileServe(ctx context.Context, st *bench.Stack, title, dir, name string, delay, d time.Duration) func() profile {
	path := filepath.Join(dir, name+".cpu")
	done := make(chan error, 1)
	go func() {
		select {
		case <-ctx.Done():
			done <- ctx.Err()
			return
		case <-time.After(delay):
		}
		done <- st.CPUProfile(ctx, d, path)
	}()
	return func() profile {
		return summarise(ctx, title, path, d, <-done)
	}
}

// summarise lists a CPU profile of ckm serve with go tool pprof.
func summarise(ctx context.Context, title, path string, d time.Duration, err error) profile {
	args := []string{"-top", "-cum", "-nodecount=40"}
	p := profile{title: title, command: fmt.Sprintf("curl -H \"Authorization: Bearer $ADMIN\" -o cpu.out 'http://127.0.0.1:PORT/debug/pprof/profile?seconds=%d'\ngo tool pprof %s cpu.out", int(d.Seconds()), strings.Join(args, " "))}
	if err != nil {
		p.err = err.Error()
		return p
	}
	b, err := exec.CommandContext(ctx, "go", append(append([]string{"tool", "pprof"}, args...), path)...).CombinedOutput()
	if err != nil {
		p.err = fmt.Sprintf("pprof: %v: %s", err, lastLines(b, 5))
	}
	p.top = bench.TrimPprof(string(b))
	return p
}

// measureMixed restarts ckm serve with keys, runs the mixed load with its
// CPU profile, and restarts it open again.
func measureMixed(ctx context.Context, r *results, st *bench.Stack, docs []ckm.Document, dir string) error {
	keys, err := st.RestartWithKeys(bench.TopClients(docs, mixedClients))
	if err != nil {
		return err
	}
	posted := make([]ckm.Document, min(len(docs), 200*mixedPost))
	for i := range posted {
		posted[i] = docs[i]
		posted[i].ID = "mixed-" + docs[i].ID
	}
	var wait func() profile
	m := bench.Mixed{Keys: keys, Queries: bench.SearchTexts(), Docs: posted, PostSize: mixedPost, PostEvery: time.Second,
		Phase: mixedPhase, SearchEvery: 100 * time.Millisecond}
	started := make(chan struct{})
	m.Profile = func(ctx context.Context, d time.Duration) {
		wait = profileServe(ctx, st, fmt.Sprintf("ckm serve under mixed load (%d searching clients and %d-document POSTs, %s, through /debug/pprof)", mixedClients, mixedPost, d), dir, "mixed", 0, d)
		close(started)
	}
	if r.mixed, err = st.Mixed(ctx, m); err != nil {
		return err
	}
	<-started
	r.profiles = append(r.profiles, wait())
	log.Printf("mixed load: search p99 %s idle, %s busy; POST p99 %s", ms(bench.Pct(r.mixed.SearchIdle, 99)), ms(bench.Pct(r.mixed.SearchBusy, 99)), ms(bench.Pct(r.mixed.Posts, 99)))
	return st.RestartOpen()
}

func (r *results) writeMixed(w writer) {
	m := r.mixed
	if len(m.SearchIdle) == 0 {
		return
	}
	w("### Mixed load: searches beside ingest\n\n")
	w("`ckm serve` restarted on the index above with a keys file: %d clients, each with a key of its own scoped to one of the %d clients with the most documents, search back to back (at most 10 a second each, under a key's rate limit) with the report's queries and every facet, for a third of a phase untimed (a warm-up after the restart), for %s alone, then for %s while one poster sends new documents in POSTs of %d (JSON Lines, one POST a second or as soon as the last is answered). Searches run at most two per core at once (`--max-searches`) and analyses one per core, half that while searches take all their places (`--analyses`), so neither side can take the whole machine.\n\n",
		mixedClients, mixedClients, mixedPhase, mixedPhase, mixedPost)
	w("| | p50 | p99 | max | answered | refused (429/503) |\n|---|---|---|---|---|---|\n")
	w("| search, no ingest | %s | %s | %s | %s | %d |\n", ms(bench.Pct(m.SearchIdle, 50)), ms(bench.Pct(m.SearchIdle, 99)), ms(bench.Pct(m.SearchIdle, 100)), thousands(len(m.SearchIdle)), m.RefusedIdle)
	w("| search, while posting | %s | %s | %s | %s | %d |\n", ms(bench.Pct(m.SearchBusy, 50)), ms(bench.Pct(m.SearchBusy, 99)), ms(bench.Pct(m.SearchBusy, 100)), thousands(len(m.SearchBusy)), m.RefusedBusy)
	w("| POST of %d documents, while searching | %s | %s | %s | %d | |\n\n", mixedPost, ms(bench.Pct(m.Posts, 50)), ms(bench.Pct(m.Posts, 99)), ms(bench.Pct(m.Posts, 100)), len(m.Posts))
	w("Search while posting ÷ search alone: p50 %.2f×, p99 **%.2f×**. %s documents were posted and %s indexed during the phase (%.0f docs/s, %.2f× the end-to-end ingest rate above).\n\n",
		ratioDur(bench.Pct(m.SearchBusy, 50), bench.Pct(m.SearchIdle, 50)), ratioDur(bench.Pct(m.SearchBusy, 99), bench.Pct(m.SearchIdle, 99)),
		thousands(m.PostedDocs), thousands(m.IndexedDocs), float64(m.IndexedDocs)/mixedPhase.Seconds(), float64(m.IndexedDocs)/mixedPhase.Seconds()/r.e2eRate())
}

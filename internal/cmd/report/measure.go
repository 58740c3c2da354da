package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/bench"
)

// results is everything one run measured.
type results struct {
	opts    options
	machine machine
	started time.Time
	took    time.Duration
	steps   []stepTime

	base     []ckm.Document
	baseRecs []index.Record

	analysis     *bench.AnalysisResult
	analysisTook time.Duration // wall clock of the analysis step

	ingestDocs      int
	ingestBytes     int
	ceiling         []bench.Point
	ceilingSize     int64
	ceilingIndex    string        // the ceiling's closed index, kept for the search run of the same size
	ceilingAfter    []bench.Point // the ceiling again, after the end-to-end run: the noise between the two
	ceilingSmall    []bench.Point // the ceiling with the worker's 64 callers (batches of at most 64)
	e2e             []bench.Point
	serveSize       int64
	rssIngest       int64
	rssEnd          int64
	idle, busy      []time.Duration
	mixed           bench.MixedResult
	e2eBatches      [2]int // ckm serve's index batches during the end-to-end run, and the records they held
	naive           bench.Naive
	search          []searchRun
	alerts          *bench.AlertsCost
	profiles        []profile
	quality         []evaluation
	postgresSkipped string
	sqliteVersion   string
	pgVersion       string
	analyzeRSS      int64
	analyzeDocs     int
	analyzeTook     time.Duration
}

type stepTime struct {
	name string
	took time.Duration
}

// searchRun is the search benchmark at one corpus size.
type searchRun struct {
	docs    int
	bytes   int
	engines []bench.SearchResult
	themes  bench.ThemeTiming // the theme steps on ckm's index
}

// machine describes where the run happened.
type machine struct {
	cpu, goVersion, os, kernel string
	cores                      int
	memTotal                   string
}

func describeMachine() machine {
	m := machine{cores: runtime.NumCPU(), goVersion: runtime.Version(), os: runtime.GOOS + "/" + runtime.GOARCH}
	m.cpu = procField("/proc/cpuinfo", "model name")
	m.memTotal = procField("/proc/meminfo", "MemTotal")
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = strings.TrimSpace(string(b))
	}
	return m
}

// procField returns the value of the first "key: value" line of a /proc
// file, or "unknown".
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return "unknown"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func loadCorpus(ctx context.Context, r *results, _ string) error {
	var err error
	if r.base, err = bench.LoadBase(r.opts.data); err != nil {
		return err
	}
	// Analyse every distinct document once; the ingest ceiling and the
	// search corpora reuse these records, cycled with new ids.
	r.baseRecs, err = bench.Records(ctx, r.base)
	return err
}

func measureAnalysis(ctx context.Context, r *results, _ string) error {
	sizes := r.opts.analysisSizes
	docs := bench.Cycle(r.base, sizes[len(sizes)-1])
	t0 := time.Now()
	var err error
	r.analysis, err = bench.Analysis(ctx, docs, sizes, fileOf)
	r.analysisTook = time.Since(t0)
	return err
}

// corpusFiles names each development file by its documents' id prefix.
var corpusFiles = map[string]string{
	"clap": "needs/app-reviews.jsonl", "nlbse": "needs/github-issues.jsonl", "promise": "needs/requirements.jsonl",
	"banking77": "intents/banking77.jsonl", "reclamacao": "pt/reclamacoes.jsonl",
}

// fileOf is the development file d came from.
func fileOf(d ckm.Document) string {
	p, _, _ := strings.Cut(d.ID, "-")
	if f, ok := corpusFiles[p]; ok {
		return f
	}
	return "other"
}

func measureIngest(ctx context.Context, r *results, dir string) error {
	n := r.opts.ingestN
	docs := bench.Cycle(r.base, n)
	r.ingestDocs, r.ingestBytes = n, bench.TextBytes(docs)
	var cps []int
	for _, s := range append([]int{1000, 3000, 10000, 20000}, r.opts.analysisSizes...) {
		if s < n && !slices.Contains(cps, s) {
			cps = append(cps, s)
		}
	}
	slices.Sort(cps)
	ceilingDir := filepath.Join(dir, "ceiling")
	var err error
	if r.ceiling, err = bench.PutAll(ctx, ceilingDir, bench.CycleRecords(r.baseRecs, n), cps, index.DefaultBatchSize); err != nil {
		return err
	}
	if r.ceilingSize, err = bench.DirSize(ceilingDir); err != nil {
		return err
	}
	if slices.Contains(r.opts.searchSizes, n) {
		r.ceilingIndex = ceilingDir // the same records the search run would index
	} else {
		os.RemoveAll(ceilingDir)
	}
	if _, err := os.Stat(r.opts.bin); err != nil {
		return fmt.Errorf("%s: %w (run make build)", r.opts.bin, err)
	}
	st, err := bench.StartStack(filepath.Join(dir, "stack"), r.opts.bin)
	if err != nil {
		return err
	}
	defer st.Stop()
	// The profile covers the middle of the run: from half the ceiling's
	// time for the same documents (the end-to-end run takes longer), for
	// at most that time.
	ceil := r.ceiling[len(r.ceiling)-1].Elapsed
	plen := min(serveProfileLen, ceil).Round(time.Second)
	wait := profileServe(ctx, st, fmt.Sprintf("ckm serve during ingest (%s of the end-to-end run from %s after its start, through /debug/pprof)", plen, (ceil/2).Round(time.Second)), dir, "ingest", ceil/2, plen)
	if r.e2e, err = st.Ingest(ctx, docs, cps); err != nil {
		return err
	}
	if r.e2eBatches[0], r.e2eBatches[1], err = st.Batches(); err != nil {
		return err
	}
	r.profiles = append(r.profiles, wait())
	if r.rssIngest, err = st.PeakRSS(); err != nil {
		return err
	}
	if r.serveSize, err = bench.DirSize(filepath.Join(st.DataDir, "index")); err != nil {
		return err
	}
	if r.idle, err = st.Probe(r.opts.probes, "idle"); err != nil {
		return err
	}
	if err := measureMixed(ctx, r, st, docs, dir); err != nil {
		return err
	}
	if err := st.StartReanalysis(); err != nil {
		return err
	}
	if r.busy, err = st.Probe(r.opts.probes, "busy"); err != nil {
		return err
	}
	if r.rssEnd, err = st.PeakRSS(); err != nil {
		return err
	}
	st.Stop()
	// The ceiling again, now that the end-to-end run is over (the two
	// sides of the ratio are minutes apart; this measures how far the
	// machine moved), and with the worker's concurrency as callers.
	small := min(n, 20000)
	recs := bench.CycleRecords(r.baseRecs, small)
	if r.ceilingAfter, err = bench.PutAll(ctx, filepath.Join(dir, "ceiling-after"), recs, nil, index.DefaultBatchSize); err != nil {
		return err
	}
	if r.ceilingSmall, err = bench.PutAll(ctx, filepath.Join(dir, "ceiling-64"), recs, nil, smallCallers); err != nil {
		return err
	}
	os.RemoveAll(filepath.Join(dir, "ceiling-after"))
	os.RemoveAll(filepath.Join(dir, "ceiling-64"))
	return measureAnalyzeMemory(ctx, r)
}

// smallCallers is the callers of the ceiling's check run: what `ckm serve
// --concurrency` was before analyses were bounded apart from the tasks in
// flight (#16), when it was also the most records one batch could hold.
const smallCallers = 64

// commandVersion is the first word of what a version command prints, or
// "not available".
func commandVersion(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if f := strings.Fields(string(out)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "not available"
}

// measureAnalyzeMemory runs `ckm analyze` over the largest development
// file and reads the child's peak resident set size.
func measureAnalyzeMemory(ctx context.Context, r *results) error {
	path := filepath.Join(r.opts.data, "needs/github-issues.jsonl")
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cmd := exec.CommandContext(ctx, r.opts.bin, "analyze")
	cmd.Stdin = f
	var out bytes.Buffer
	cmd.Stdout = &out
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	// Poll the child's own high-water mark: wait4's Maxrss would also
	// count this (large) process's memory, shared until the child's exec.
	done := make(chan struct{})
	var peak atomic.Int64
	go func() {
		for {
			if v, err := bench.PeakRSSOf(cmd.Process.Pid); err == nil {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	err = cmd.Wait()
	close(done)
	r.analyzeTook = time.Since(t0)
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			return err
		}
		// Exit status 1 only says some line failed; the figure stands.
	}
	r.analyzeDocs = strings.Count(out.String(), "\n")
	r.analyzeRSS = peak.Load()
	return nil
}

func measureNaive(ctx context.Context, r *results, dir string) error {
	var err error
	r.naive, err = bench.NaiveIngest(ctx, filepath.Join(dir, "naive"), bench.Cycle(r.base, r.opts.naiveN))
	os.RemoveAll(filepath.Join(dir, "naive"))
	return err
}

// Search engine names, in report order.
const (
	engineCKM = "ckm (Bleve)"
	// engineCKMBare is the same index asked for no facets.
	engineCKMBare = "ckm, facets=none"
	// engineCKMWords is the same index asked for no facets, matching
	// words only (match=words): beside engineCKMBare, the cost of matching
	// by meaning.
	engineCKMWords = "ckm, facets=none, match=words"
	engineFTS5     = "SQLite FTS5"
	enginePostgres = "PostgreSQL FTS"
)

var searchEngines = []string{engineCKM, engineCKMBare, engineCKMWords, engineFTS5, enginePostgres}

// sameIndex reports whether engine name searches engineCKM's index.
func sameIndex(name string) bool { return name == engineCKMBare || name == engineCKMWords }

func measureSearch(ctx context.Context, r *results, dir string) error {
	r.sqliteVersion = commandVersion("sqlite3", "--version")
	r.pgVersion = commandVersion("psql", "-X", "-A", "-t", "-c", "SHOW server_version", r.opts.pg+" dbname=postgres connect_timeout=3")
	if err := bench.PostgresReachable(r.opts.pg); err != nil {
		r.postgresSkipped = err.Error()
		log.Printf("PostgreSQL skipped: %v", err)
	}
	for _, n := range r.opts.searchSizes {
		t0 := time.Now()
		run, err := searchAt(ctx, r, filepath.Join(dir, fmt.Sprintf("search-%d", n)), n)
		if err != nil {
			return err
		}
		r.search = append(r.search, run)
		log.Printf("search at %d documents: %s", n, time.Since(t0).Round(time.Second))
	}
	return nil
}

func searchAt(ctx context.Context, r *results, dir string, n int) (searchRun, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return searchRun{}, err
	}
	defer os.RemoveAll(dir)
	recs := bench.CycleRecords(r.baseRecs, n)
	run := searchRun{docs: n}
	for _, rec := range recs {
		run.bytes += len(rec.Document.Text)
	}
	engines := map[string]bench.Searcher{}
	defer func() {
		for _, s := range engines {
			s.Close()
		}
	}()
	open := map[string]func() (bench.Searcher, time.Duration, int64, error){
		engineCKM: func() (bench.Searcher, time.Duration, int64, error) {
			if n == r.ingestDocs && r.ceilingIndex != "" {
				// The ingest ceiling indexed these very records: reuse it.
				defer func() { r.ceilingIndex = "" }()
				s, size, err := bench.ReopenCKM(ctx, r.ceilingIndex)
				return s, r.ceiling[len(r.ceiling)-1].Elapsed, size, err
			}
			return bench.OpenCKM(ctx, dir, recs)
		},
		engineCKMBare: func() (bench.Searcher, time.Duration, int64, error) {
			s, ok := bench.WithoutFacets(engines[engineCKM])
			if !ok {
				return nil, 0, 0, fmt.Errorf("no ckm index")
			}
			return s, 0, 0, nil
		},
		engineCKMWords: func() (bench.Searcher, time.Duration, int64, error) {
			s, ok := bench.WordsOnly(engines[engineCKMBare])
			if !ok {
				return nil, 0, 0, fmt.Errorf("no ckm index")
			}
			return s, 0, 0, nil
		},
		engineFTS5: func() (bench.Searcher, time.Duration, int64, error) { return bench.OpenFTS5(ctx, dir, recs) },
		enginePostgres: func() (bench.Searcher, time.Duration, int64, error) {
			if r.postgresSkipped != "" {
				return nil, 0, 0, fmt.Errorf("%s", r.postgresSkipped)
			}
			return bench.OpenPostgres(ctx, r.opts.pg, recs)
		},
	}
	var order []string
	results := map[string]*bench.SearchResult{}
	for _, name := range searchEngines {
		res := &bench.SearchResult{Name: name}
		results[name] = res
		s, build, size, err := open[name]()
		if err != nil {
			if name == engineCKM {
				return run, err
			}
			res.Skipped = err.Error()
			log.Printf("%s skipped at %d documents: %v", name, n, err)
			continue
		}
		engines[name], res.Build, res.Size = s, build, size
		order = append(order, name)
	}
	themes, err := bench.ThemeLatency(ctx, engines[engineCKM], recs, 5)
	if err != nil {
		return run, err
	}
	run.themes = themes
	lat, matched, err := bench.SearchLatency(ctx, engines, order, bench.Queries, r.opts.rounds)
	if err != nil {
		return run, err
	}
	for _, name := range searchEngines {
		res := results[name]
		res.Latencies, res.Matched = lat[name], matched[name]
		run.engines = append(run.engines, *res)
	}
	return run, nil
}

// profile is one CPU profile taken with go test -cpuprofile.
type profile struct {
	title, command, top, err string
}

func takeProfiles(ctx context.Context, r *results, dir string) error {
	specs := []struct {
		title, pkg, bench, benchtime string
		env                          []string
		nodes, focus, ignore         string
	}{
		// The benchmark's untimed first round learns the index's themes
		// (once per index generation); -ignore leaves that out, so the
		// shares are those of the searches it times.
		{"ckm search (10,000 documents, the report's 40 queries)", "./internal/bench", "^BenchmarkSearch$/^facets=all$", "10x", nil, "40", `index\.\(\*Index\)\.Search$`, `index\.\(\*learnedCache\)\.learn$`},
		{"ckm analysis (GitHub issues, one core)", "./internal/bench", "^BenchmarkAnalyze$", "3x", []string{"GOMAXPROCS=1"}, "30", `nlp\.\(\*Analyzer\)\.Analyze$`, ""},
	}
	for i, s := range specs {
		bin := filepath.Join(dir, fmt.Sprintf("prof%d.test", i))
		out := filepath.Join(dir, fmt.Sprintf("prof%d.cpu", i))
		args := []string{"test", s.pkg, "-run", "^$", "-bench", s.bench, "-benchtime", s.benchtime, "-cpuprofile", out, "-o", bin}
		pprofArgs := []string{"-top", "-cum", "-relative_percentages", "-nodecount=" + s.nodes, "-focus=" + s.focus}
		quoted := "'" + pprofArgs[4] + "'"
		if s.ignore != "" {
			pprofArgs = append(pprofArgs, "-ignore="+s.ignore)
			quoted += " '-ignore=" + s.ignore + "'"
		}
		p := profile{title: s.title, command: strings.TrimSpace(strings.Join(s.env, " ") + " go " + strings.Join(args[:len(args)-4], " ") + " -cpuprofile cpu.out\ngo tool pprof " + strings.Join(pprofArgs[:4], " ") + " " + quoted + " cpu.out")}
		cmd := exec.CommandContext(ctx, "go", args...)
		cmd.Env = append(os.Environ(), s.env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			p.err = fmt.Sprintf("%v: %s", err, lastLines(b, 5))
			r.profiles = append(r.profiles, p)
			continue
		}
		b, err := exec.CommandContext(ctx, "go", append(append([]string{"tool", "pprof"}, pprofArgs...), bin, out)...).CombinedOutput()
		if err != nil {
			p.err = fmt.Sprintf("pprof: %v: %s", err, lastLines(b, 5))
		}
		p.top = bench.TrimPprof(string(b))
		r.profiles = append(r.profiles, p)
	}
	return nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

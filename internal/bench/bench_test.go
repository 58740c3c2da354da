package bench

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
)

// BenchmarkSearch runs the report's query set (Queries) against a ckm
// index of the first 10,000 documents of the benchmark corpus (or the
// index at CKM_BENCH_INDEX, see benchIndex), one query
// after another, as `make report` times it: with every facet counted (the
// API's default) and with none (facets=none), each with matching by
// meaning (the default) and by words only (match=words), on the same
// index so their ratios are taken in one process, and misspelt words
// against the same words spelt right (typo÷right); profile it with
//
//	go test ./internal/bench -run '^$' -bench Search -benchtime 5x -cpuprofile cpu.out
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s, err := benchIndex(ctx, b)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	bare, _ := WithoutFacets(s)
	words, _ := WordsOnly(s)
	bareWords, _ := WordsOnly(bare)
	// Every query once untimed: the first search by meaning learns the
	// theme table, which the first sub-benchmark would otherwise time.
	for _, q := range Queries {
		if _, err := s.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	for _, c := range []struct {
		name string
		s    Searcher
	}{{"facets=all", s}, {"facets=none", bare}, {"facets=all,match=words", words}, {"facets=none,match=words", bareWords}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, q := range Queries {
					if _, err := c.s.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(Queries))/1000, "ms/query")
		})
	}
	// Meaning on against off, query by query in turn, so that a change
	// in the machine's load falls on both alike.
	b.Run("facets=none,meaning÷words", func(b *testing.B) {
		var pairs [][2]func() error
		for _, q := range Queries {
			pairs = append(pairs, [2]func() error{searchOf(ctx, bare, q), searchOf(ctx, bareWords, q)})
		}
		// Once untimed: the first search by meaning learns the theme
		// table, which run alone (-bench '/meaning÷words') would be timed.
		for _, p := range pairs {
			if err := p[0](); err != nil {
				b.Fatal(err)
			}
		}
		on, off := inTurn(b, pairs)
		b.ReportMetric(float64(on)/float64(off), "meaning/words")
		b.ReportMetric(float64(on.Microseconds())/float64(b.N*len(Queries))/1000, "ms/query-meaning")
		b.ReportMetric(float64(off.Microseconds())/float64(b.N*len(Queries))/1000, "ms/query-words")
	})
	// Misspelt words against the same words spelt right, in turn, with
	// match=words: what typo tolerance costs a search. The typos are a
	// letter missing, one too many, one wrong and two swapped.
	b.Run("facets=none,typo÷right", func(b *testing.B) {
		words := [][2]string{{"pasword", "password"}, {"notifcation", "notification"}, {"batery", "battery"},
			{"instal", "install"}, {"crahs", "crash"}, {"keybaord", "keyboard"}, {"walet", "wallet"}, {"paymnet", "payment"}}
		var pairs [][2]func() error
		for _, w := range words {
			pairs = append(pairs, [2]func() error{searchOf(ctx, bareWords, Query{Words: w[0]}), searchOf(ctx, bareWords, Query{Words: w[1]})})
		}
		typo, right := inTurn(b, pairs)
		b.ReportMetric(float64(typo)/float64(right), "typo/right")
		b.ReportMetric(float64(typo.Microseconds())/float64(b.N*len(pairs))/1000, "ms/query-typo")
	})
}

// benchIndex opens the index BenchmarkSearch searches: the ckm index at
// CKM_BENCH_INDEX when set (such as the one BenchmarkSearchFTS5 keeps
// under CKM_BENCH_DIR, $CKM_BENCH_DIR/100000/ckm), else a new one of the
// first 10,000 documents of the benchmark corpus.
func benchIndex(ctx context.Context, b *testing.B) (Searcher, error) {
	if path := os.Getenv("CKM_BENCH_INDEX"); path != "" {
		s, _, err := ReopenCKM(ctx, path)
		return s, err
	}
	data := strings.TrimSuffix(testutil.SharedData(b, "README.md"), "README.md")
	base, err := LoadBase(data)
	if err != nil {
		return nil, err
	}
	recs, err := Records(ctx, base[:10000])
	if err != nil {
		return nil, err
	}
	s, _, _, err := OpenCKM(ctx, b.TempDir(), recs)
	return s, err
}

// BenchmarkAnalyze runs ckm's full analysis over the first 300 GitHub
// issues of the benchmark corpus (the longest documents); profile it on
// one core with
//
//	GOMAXPROCS=1 go test ./internal/bench -run '^$' -bench Analyze -benchtime 3x -cpuprofile cpu.out
func BenchmarkAnalyze(b *testing.B) {
	data := strings.TrimSuffix(testutil.SharedData(b, "README.md"), "README.md")
	base, err := LoadBase(data)
	if err != nil {
		b.Fatal(err)
	}
	var docs []ckm.Document
	for _, d := range base {
		if strings.HasPrefix(d.ID, "nlbse-") && len(docs) < 300 {
			docs = append(docs, d)
		}
	}
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(TextBytes(docs)))
	for b.Loop() {
		for _, d := range docs {
			if _, err := a.Analyze(ctx, d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearchFTS5 times the report's query set as `make report` does
// (SearchLatency: every query on every engine in turn, b.N rounds after a
// warm-up round) on ckm with every facet, ckm with facets=none and SQLite
// FTS5, on the same documents, and reports p50 ratios against FTS5 and
// ckm's p99. The repeated rounds reuse the facet counts ckm keeps until
// the next commit; a second pass reopens the index keeping none
// (index.Config.KeptCounts < 0) and times it against FTS5 again, so the
// "cold" figures count facets on every search. It also reports the ckm
// index's size on disk at rest (compacted, as ReopenCKM measures it)
// against the FTS5 database's. The corpus is
// CKM_BENCH_DOCS documents (10,000 unless set), cycled as the report
// cycles them; with CKM_BENCH_DIR set, the ckm index and the FTS5
// database are kept there and reused by the next run of the same size:
//
//	CKM_BENCH_DOCS=100000 CKM_BENCH_DIR=/tmp/ckm-search go test ./internal/bench -run '^$' -bench SearchFTS5 -benchtime 3x
func BenchmarkSearchFTS5(b *testing.B) {
	data := strings.TrimSuffix(testutil.SharedData(b, "README.md"), "README.md")
	ctx := context.Background()
	n := 10000
	if s := os.Getenv("CKM_BENCH_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatalf("CKM_BENCH_DOCS: %v", err)
		}
	}
	dir := os.Getenv("CKM_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	dir = filepath.Join(dir, strconv.Itoa(n))
	ckmPath, ftsPath := filepath.Join(dir, "ckm"), filepath.Join(dir, "fts5.db")
	if _, err := os.Stat(ftsPath); err != nil {
		os.RemoveAll(dir)
		base, err := LoadBase(data)
		if err != nil {
			b.Fatal(err)
		}
		recs, err := Records(ctx, base)
		if err != nil {
			b.Fatal(err)
		}
		recs = CycleRecords(recs, n)
		if _, err := PutAll(ctx, ckmPath, recs, nil, index.DefaultBatchSize); err != nil {
			b.Fatal(err)
		}
		f, _, _, err := OpenFTS5(ctx, dir, recs)
		if err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	f, err := ReopenFTS5(ftsPath)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	settle(ckmPath, 2*time.Second, 2*time.Minute)
	ftsInfo, err := os.Stat(ftsPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer() // (which drops metrics reported before it)
	for _, kept := range []int{0, -1} {
		ix, err := index.Open(ctx, index.Config{Path: ckmPath, KeptCounts: kept})
		if err == nil {
			err = ix.Compact(ctx)
		}
		if err != nil {
			b.Fatal(err)
		}
		if kept == 0 {
			// The size on disk as the report takes it: at rest, once
			// compacted and the merged segments' files are gone
			// (ReopenCKM).
			settle(ckmPath, 2*time.Second, 2*time.Minute)
			ckmSize, err := DirSize(ckmPath)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(ckmSize)/float64(ftsInfo.Size()), "size÷fts5")
			b.ReportMetric(float64(ckmSize)/float64(n), "bytes/doc")
		}
		s := ckmSearcher{ix: ix}
		bare, _ := WithoutFacets(s)
		engines := map[string]Searcher{"ckm": s, "ckm-bare": bare, "fts5": f}
		order := []string{"ckm", "ckm-bare", "fts5"}
		if kept < 0 {
			order = []string{"ckm", "fts5"}
		}
		lat, _, err := SearchLatency(ctx, engines, order, Queries, b.N)
		if cerr := ix.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.Fatal(err)
		}
		fts := float64(Pct(lat["fts5"], 50))
		if kept < 0 {
			b.ReportMetric(float64(Pct(lat["ckm"], 50))/fts, "p50-cold÷fts5")
			b.ReportMetric(float64(Pct(lat["ckm"], 99).Microseconds())/1000, "p99-cold-ms")
			continue
		}
		b.ReportMetric(float64(Pct(lat["ckm"], 50))/fts, "p50-facets÷fts5")
		b.ReportMetric(float64(Pct(lat["ckm-bare"], 50))/fts, "p50-none÷fts5")
		b.ReportMetric(float64(Pct(lat["ckm"], 99).Microseconds())/1000, "p99-facets-ms")
		b.ReportMetric(float64(Pct(lat["ckm-bare"], 99).Microseconds())/1000, "p99-none-ms")
		b.ReportMetric(fts/1e6, "p50-fts5-ms")
	}
}

// searchOf is one search of q by s, for inTurn.
func searchOf(ctx context.Context, s Searcher, q Query) func() error {
	return func() error { _, err := s.Search(ctx, q); return err }
}

// inTurn runs the two sides of each pair one after the other, every pair
// on every round of b, so that a change in the machine's load falls on
// both sides alike, and returns the time each side took in all.
func inTurn(b *testing.B, pairs [][2]func() error) (first, second time.Duration) {
	for b.Loop() {
		for _, p := range pairs {
			for i, run := range p {
				start := time.Now()
				if err := run(); err != nil {
					b.Fatal(err)
				}
				if i == 0 {
					first += time.Since(start)
				} else {
					second += time.Since(start)
				}
			}
		}
	}
	return first, second
}

// BenchmarkSearchColdFacets runs the report's query set with every facet
// counted on every search (index.Config.KeptCounts < 0), as after each
// commit, against the index at CKM_BENCH_INDEX (skipped when unset),
// with none and with each facet alone beside, to see what each costs,
// and every facet against none query by query in turn (all÷none);
// profile it with
//
//	CKM_BENCH_INDEX=/tmp/ckm-search/100000/ckm go test ./internal/bench -run '^$' -bench SearchColdFacets -benchtime 3x -cpuprofile cpu.out
func BenchmarkSearchColdFacets(b *testing.B) {
	ctx := context.Background()
	ix := kept(b, index.Config{KeptCounts: -1})
	for _, q := range Queries { // untimed: the first search learns the theme table
		if _, err := (ckmSearcher{ix: ix}).Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	sets := [][]string{nil, {index.FacetNone}}
	for _, f := range index.FacetNames {
		sets = append(sets, []string{f})
	}
	for _, facets := range sets {
		name := "facets=all"
		if facets != nil {
			name = "facets=" + facets[0]
		}
		b.Run(name, func(b *testing.B) {
			s := ckmSearcher{ix: ix, facets: facets, view: true}
			for b.Loop() {
				for _, q := range Queries {
					if _, err := s.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(Queries))/1000, "ms/query")
		})
	}
	// Every facet against none, query by query in turn, so that a change
	// in the machine's load falls on both alike: what counting costs.
	b.Run("all÷none", func(b *testing.B) {
		all, none := ckmSearcher{ix: ix, view: true}, ckmSearcher{ix: ix, facets: []string{index.FacetNone}, view: true}
		var pairs [][2]func() error
		for _, q := range Queries {
			pairs = append(pairs, [2]func() error{searchOf(ctx, all, q), searchOf(ctx, none, q)})
		}
		on, off := inTurn(b, pairs)
		b.ReportMetric(float64(on)/float64(off), "all/none")
		b.ReportMetric(float64(on.Microseconds())/float64(b.N*len(Queries))/1000, "ms/query-all")
		b.ReportMetric(float64(off.Microseconds())/float64(b.N*len(Queries))/1000, "ms/query-none")
	})
}

// BenchmarkLearnThemes learns the theme table of each client scope of the
// report's query set, and of every client, from the index at
// CKM_BENCH_INDEX (skipped when unset), as the first search by meaning in
// a scope does and as a search's background refresh does after the table
// expires:
//
//	CKM_BENCH_INDEX=/tmp/ckm-search/100000/ckm go test ./internal/bench -run '^$' -bench LearnThemes -benchtime 1x -count 3
func BenchmarkLearnThemes(b *testing.B) {
	ctx := context.Background()
	ix := kept(b, index.Config{})
	scopes := [][]string{nil}
	for _, q := range Queries {
		if q.Client != "" {
			scopes = append(scopes, []string{q.Client})
		}
	}
	for _, clients := range scopes {
		name := "clients=all"
		if clients != nil {
			name = "clients=" + strings.ReplaceAll(clients[0], "/", "_")
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				t, err := ix.Themes(ctx, clients)
				if err != nil {
					b.Fatal(err)
				}
				if len(t.Canonicals()) == 0 {
					b.Fatalf("%v: no theme learned", clients)
				}
			}
		})
	}
}

// BenchmarkThemeLabels labels the theme facet of a search with every
// facet (as the API's search answer and the web page do when their label
// cache has expired) and asks for one client's hints, on the index at
// CKM_BENCH_INDEX (skipped when unset):
//
//	CKM_BENCH_INDEX=/tmp/ckm-search/100000/ckm go test ./internal/bench -run '^$' -bench ThemeLabels -benchtime 1x
func BenchmarkThemeLabels(b *testing.B) {
	ctx := context.Background()
	ix := kept(b, index.Config{})
	res, err := ix.Search(ctx, index.Query{})
	if err != nil {
		b.Fatal(err)
	}
	var keys, clients []string
	for _, f := range res.Facets[index.FacetTheme] {
		keys = append(keys, f.Term)
	}
	for _, f := range res.Facets[index.FacetClient] {
		clients = append(clients, f.Term)
	}
	if len(keys) == 0 || len(clients) == 0 {
		b.Fatalf("no theme or client counted: %v", res.Facets)
	}
	b.Run("labels", func(b *testing.B) {
		for b.Loop() {
			labels, err := ix.ThemeLabels(ctx, keys, nil)
			if err != nil {
				b.Fatal(err)
			}
			if len(labels) != len(keys) {
				b.Fatalf("%d labels for %d keys", len(labels), len(keys))
			}
		}
	})
	b.Run("hints", func(b *testing.B) {
		for b.Loop() {
			h, err := ix.Hints(ctx, index.HintsQuery{Client: clients[0]})
			if err != nil {
				b.Fatal(err)
			}
			if len(h.Hints) == 0 {
				b.Fatalf("no hint for %s", clients[0])
			}
		}
	})
}

// kept opens the index at CKM_BENCH_INDEX with cfg, closed when b ends,
// and skips b when it is unset.
func kept(b *testing.B, cfg index.Config) *index.Index {
	b.Helper()
	cfg.Path = os.Getenv("CKM_BENCH_INDEX")
	if cfg.Path == "" {
		b.Skip("set CKM_BENCH_INDEX to a ckm index, such as $CKM_BENCH_DIR/100000/ckm of BenchmarkSearchFTS5")
	}
	ix, err := index.Open(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

package bench

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/ckmhq/ckm/index"
)

// Query is one search of the latency benchmark: words (all required, or
// one phrase) and optional client and source filters, which every engine
// runs as its own query language says.
type Query struct {
	Words  string
	Phrase bool
	Client string
	Source string
}

// String is the query as ckm's query language writes it, with the
// filters as the API's parameters.
func (q Query) String() string {
	s := q.Words
	if q.Phrase {
		s = `"` + s + `"`
	}
	if q.Source != "" {
		s += " source:" + q.Source
	}
	if q.Client != "" {
		s += " (client=" + q.Client + ")"
	}
	return s
}

// Queries is the fixed query set: words and phrases drawn from the
// development data (app reviews, GitHub issues, requirements, banking
// chats, Portuguese complaints), some with a client or source filter.
var Queries = []Query{
	{Words: "crash"}, {Words: "login"}, {Words: "card"}, {Words: "refund"},
	{Words: "battery"}, {Words: "notification"}, {Words: "password"}, {Words: "wallet"},
	{Words: "tensorflow"}, {Words: "keyboard"}, {Words: "payment"}, {Words: "install"},
	{Words: "slow"}, {Words: "widget"}, {Words: "imposto"}, {Words: "atendimento"},
	{Words: "exchange rate"}, {Words: "top up"}, {Words: "dark mode"}, {Words: "app crashes"},
	{Words: "card declined"}, {Words: "transfer pending"}, {Words: "cannot install"}, {Words: "memory leak"},
	{Words: "extension host"}, {Words: "user interface"}, {Words: "system shall allow"}, {Words: "error message"},
	{Words: "previdencia social"}, {Words: "build fails on windows"}, {Words: "app keeps crashing after update"},
	{Words: "exchange rate", Phrase: true}, {Words: "dark mode", Phrase: true}, {Words: "system shall", Phrase: true},
	{Words: "card", Source: "chat"}, {Words: "crash", Source: "review"}, {Words: "shall", Source: "note"},
	{Words: "error", Client: "facebook/react"}, {Words: "build", Client: "tensorflow/tensorflow"}, {Words: "transfer", Client: "bank"},
}

// Searcher is one engine of the latency benchmark.
type Searcher interface {
	// Search runs q and returns how many documents match it; the engine
	// also ranks the matches and reads the ids of the top 10.
	Search(ctx context.Context, q Query) (int, error)
	Close() error
}

// SearchResult is what the report shows of one search engine.
type SearchResult struct {
	Name string
	// Skipped, when not empty, says why the engine was not measured.
	Skipped string
	// Build is the time to load the records into the engine and index
	// them (analysis excluded).
	Build time.Duration
	// Size is the engine's bytes on disk for the corpus.
	Size int64
	// Latencies holds every timed query.
	Latencies []time.Duration
	// Matched sums the matching documents of every query, once.
	Matched int
}

// ckmSearcher is ckm's index, searched in process with index.Search (the
// call behind GET /v1/search): top 10, exact total, the facets asked for
// (all unless facets says otherwise), and highlighted fragments. A view
// shares another searcher's index and does not close it.
type ckmSearcher struct {
	ix     *index.Index
	facets []string
	view   bool
	match  string // index.Query.Match
}

// WordsOnly returns a Searcher over the same ckm index as s that matches
// words only, without themes (GET /v1/search?match=words), or false when
// s is not a ckm searcher. Closing it leaves s open.
func WordsOnly(s Searcher) (Searcher, bool) {
	c, ok := s.(ckmSearcher)
	if !ok {
		return nil, false
	}
	c.match, c.view = index.MatchWords, true
	return c, true
}

// WithoutFacets returns a Searcher over the same ckm index as s that asks
// for no facets (GET /v1/search?facets=none), or false when s is not a
// ckm searcher. Closing it leaves s open.
func WithoutFacets(s Searcher) (Searcher, bool) {
	c, ok := s.(ckmSearcher)
	if !ok {
		return nil, false
	}
	return ckmSearcher{ix: c.ix, facets: []string{index.FacetNone}, view: true, match: c.match}, true
}

// OpenCKM writes recs into a fresh ckm index under dir with PutAll,
// reopens it and returns it as a Searcher, with its build time and its
// size at rest (ReopenCKM).
func OpenCKM(ctx context.Context, dir string, recs []index.Record) (Searcher, time.Duration, int64, error) {
	path := filepath.Join(dir, "ckm")
	pts, err := PutAll(ctx, path, recs, nil, index.DefaultBatchSize)
	if err != nil {
		return nil, 0, 0, err
	}
	s, size, err := ReopenCKM(ctx, path)
	if err != nil {
		return nil, 0, 0, err
	}
	return s, pts[len(pts)-1].Elapsed, size, nil
}

// ReopenCKM opens the closed ckm index at path (as PutAll leaves it),
// waits until its background merges settle, compacts it, and returns it
// as a Searcher with its size on disk at rest: what a `ckm serve` holds
// once ingest has stopped for index.DefaultCompactAfter (its compactor
// runs the same index.Compact), and the index whose searches are timed.
func ReopenCKM(ctx context.Context, path string) (Searcher, int64, error) {
	ix, err := index.Open(ctx, index.Config{Path: path})
	if err != nil {
		return nil, 0, fmt.Errorf("bench: ckm search: %w", err)
	}
	// Bleve merges segments in the background after a reopen, and ckm
	// compacts an idle index; time the queries on a settled, compacted
	// index, as the peers' are (FTS5 merges while inserting, PostgreSQL
	// builds its GIN index at once).
	settle(path, 2*time.Second, 2*time.Minute)
	if err := ix.Compact(ctx); err != nil {
		ix.Close()
		return nil, 0, fmt.Errorf("bench: ckm search: %w", err)
	}
	// The merged segments' files go once no snapshot holds them.
	settle(path, 2*time.Second, 2*time.Minute)
	size, err := DirSize(path)
	if err != nil {
		ix.Close()
		return nil, 0, err
	}
	return ckmSearcher{ix: ix}, size, nil
}

// settle waits until the files under dir and their sizes have not changed
// for quiet, or until limit has passed.
func settle(dir string, quiet, limit time.Duration) {
	deadline := time.Now().Add(limit)
	last, since := listing(dir), time.Now()
	for time.Now().Before(deadline) && time.Since(since) < quiet {
		time.Sleep(250 * time.Millisecond)
		if l := listing(dir); l != last {
			last, since = l, time.Now()
		}
	}
}

// listing names every file under dir with its size. A merge writes its
// new segment under one name for as long as it takes, so the names alone
// settle mid-merge, with the old segments and part of the new one on disk.
func listing(dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			size := int64(-1)
			if fi, err := d.Info(); err == nil {
				size = fi.Size()
			}
			fmt.Fprintf(&b, "%s %d\n", p, size)
		}
		return nil
	})
	return b.String()
}

func (s ckmSearcher) Search(ctx context.Context, q Query) (int, error) {
	text := q.Words
	if q.Phrase {
		text = `"` + text + `"`
	}
	iq := index.Query{Text: text, Source: q.Source, Limit: 10, Facets: s.facets, Match: s.match}
	if q.Client != "" {
		iq.Clients = []string{q.Client}
	}
	res, err := s.ix.Search(ctx, iq)
	if err != nil {
		return 0, fmt.Errorf("bench: ckm search %q: %w", q, err)
	}
	return int(res.Total), nil
}

func (s ckmSearcher) Close() error {
	if s.view {
		return nil
	}
	return s.ix.Close()
}

// SearchLatency runs every query of qs once untimed on every engine (to
// warm caches), then rounds times, each query on each engine in turn, so
// that the engines share the machine's load alike.
func SearchLatency(ctx context.Context, engines map[string]Searcher, order []string, qs []Query, rounds int) (map[string][]time.Duration, map[string]int, error) {
	lat := map[string][]time.Duration{}
	matched := map[string]int{}
	for _, name := range order {
		for _, q := range qs {
			n, err := engines[name].Search(ctx, q)
			if err != nil {
				return nil, nil, err
			}
			matched[name] += n
		}
	}
	for range rounds {
		if err := SearchRound(ctx, engines, order, qs, lat); err != nil {
			return nil, nil, err
		}
	}
	return lat, matched, nil
}

// SearchRound times every query of qs once on every engine of order, each
// query on each engine in turn, and appends the times to lat[engine].
func SearchRound(ctx context.Context, engines map[string]Searcher, order []string, qs []Query, lat map[string][]time.Duration) error {
	for _, q := range qs {
		for _, name := range order {
			t0 := time.Now()
			if _, err := engines[name].Search(ctx, q); err != nil {
				return err
			}
			lat[name] = append(lat[name], time.Since(t0))
		}
	}
	return ctx.Err()
}

// ftsMatch is q's words as an FTS5 MATCH expression: each word quoted
// (implicit AND), or the whole as one quoted phrase.
func ftsMatch(q Query) string {
	if q.Phrase {
		return `"` + q.Words + `"`
	}
	var b strings.Builder
	for i, w := range strings.Fields(q.Words) {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`"` + w + `"`)
	}
	return b.String()
}

// sqlQuote quotes s as an SQL string literal.
func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sqlFilters is q's filters as SQL conditions, each starting with AND.
func sqlFilters(q Query) string {
	var s string
	if q.Client != "" {
		s += " AND client = " + sqlQuote(q.Client)
	}
	if q.Source != "" {
		s += " AND source = " + sqlQuote(q.Source)
	}
	return s
}

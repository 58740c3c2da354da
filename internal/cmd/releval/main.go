// Command releval measures search relevance: it indexes a judged corpus
// with ckm's index and with SQLite FTS5 (bm25, porter tokenizer, through
// the sqlite3 command), runs the judged queries on both, and prints
// nDCG@10 and recall@10, overall and per query language.
//
//	go run ./internal/cmd/releval                         # the support set
//	go run ./internal/cmd/releval -set dev                # the development-data set
//	go run ./internal/cmd/releval -set scenarios          # the examples/scenario* set
//	go run ./internal/cmd/releval -set dev -propose q07   # candidates to judge for a query
//
// Three sets:
//
//   - support (index/testdata/relevance/support): a multi-client support
//     corpus in English and Portuguese, written with its judgements: each
//     document lists the topics it is about and each query the topics
//     that answer it, so every document is judged for every query
//     (concept queries, other-language documents and typos included).
//   - dev (index/testdata/relevance): a fixed sample of the development
//     data with judgements of the pooled top hits; documents nobody
//     judged count as 0.
//   - scenarios (index/testdata/relevance/scenarios): the 386 documents of
//     examples/scenario*/corpus.jsonl, read in place, with their topics in
//     about.jsonl; judged like the support set, and written before any
//     search ran on them. Run it from the module root.
//
// Grades are 0 (not relevant), 1 (partly), 2 (relevant).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"maps"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// sample is the fixed corpus: the first n documents of each file.
var sample = []struct {
	path string
	n    int
}{
	{"needs/github-issues.jsonl", 1000},
	{"needs/app-reviews.jsonl", 800},
	{"pt/reclamacoes.jsonl", 200},
}

// judgedQuery is one line of queries.jsonl.
type judgedQuery struct {
	ID   string `json:"id"`
	Lang string `json:"lang"` // en, pt or mixed (support set)
	Q    string `json:"q"`    // ckm's query language
	FTS  string `json:"fts"`  // the same query in FTS5 syntax
	// Grades are the topics that answer the query (support and
	// scenarios sets).
	Grades map[string]int `json:"grades"`
	// Filter narrows the query to a client or source (keys "client",
	// "source"): q says it in ckm's language, FTS5 gets it as a
	// condition, and documents outside it grade 0.
	Filter map[string]string `json:"filter"`
}

// supportAbout is the judging part of a line of the support set's
// corpus.jsonl; the rest of the line is a ckm.Document.
type supportAbout struct {
	ID    string         `json:"id"`
	About map[string]int `json:"about"`
}

// scenarioAbout is one line of the scenarios set's about.jsonl: a
// document of the corpus at Corpus (relative to the module root) and the
// topics it is about.
type scenarioAbout struct {
	ID     string         `json:"id"`
	Corpus string         `json:"corpus"`
	About  map[string]int `json:"about"`
}

// judgement is one line of judgements.jsonl.
type judgement struct {
	Q     string `json:"q"`
	Doc   string `json:"doc"`
	Grade int    `json:"grade"`
}

func main() {
	log.SetFlags(0)
	data := flag.String("data", "../shared/data", "the development data directory")
	set := flag.String("set", "support", "the judged set: support, dev or scenarios")
	flag.StringVar(&match, "match", "", "ckm's match parameter: meaning (the default) or words")
	dir := flag.String("testdata", "index/testdata/relevance", "directory of the dev set's queries.jsonl and judgements.jsonl; the support set is in its support/, the scenarios set in its scenarios/")
	propose := flag.String("propose", "", "print the pooled candidates of these query ids (comma-separated, or all) instead of evaluating")
	depth := flag.Int("depth", 10, "pool depth per system for -propose")
	flag.StringVar(&half, "half", "", "evaluate only half of the queries: tune (odd-numbered ids) or check (even-numbered), to tell tuning from overfitting")
	flag.StringVar(&show, "show", "", "print ckm's top 10 with their grades for these query ids (comma-separated, or all)")
	flag.Parse()
	if half != "" && half != "tune" && half != "check" {
		log.Fatalf("releval: -half %q: want tune or check", half)
	}
	if err := run(*set, *data, *dir, *propose, *depth); err != nil {
		log.Fatal("releval: ", err)
	}
}

func run(set, data, dir, propose string, depth int) error {
	ctx := context.Background()
	var docs []ckm.Document
	var grades map[string]map[string]int
	var err error
	switch set {
	case "dev":
		docs, err = loadSample(data)
	case "support":
		dir = filepath.Join(dir, "support")
		docs, grades, err = loadSupport(dir)
	case "scenarios":
		dir = filepath.Join(dir, "scenarios")
		docs, grades, err = loadScenarios(dir)
	default:
		err = fmt.Errorf("unknown set %q: want support, dev or scenarios", set)
	}
	if err != nil {
		return err
	}
	queries, err := loadJSONL[judgedQuery](filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "releval")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	start := time.Now()
	ix, err := buildIndex(ctx, filepath.Join(tmp, "ckm"), docs)
	if err != nil {
		return err
	}
	defer ix.Close()
	log.Printf("ckm: indexed %d documents in %s", len(docs), time.Since(start).Round(time.Millisecond))
	fts, err := newFTS(filepath.Join(tmp, "fts.db"), docs)
	if err != nil {
		log.Printf("sqlite3: %v; comparing against nothing", err)
	}
	byID := map[string]ckm.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	if propose != "" {
		return proposeCandidates(ctx, ix, fts, queries, byID, propose, depth)
	}
	if set == "support" || set == "scenarios" {
		return evaluate(ctx, ix, fts, queries, judgeAll(queries, grades, byID))
	}
	judged, err := loadJSONL[judgement](filepath.Join(dir, "judgements.jsonl"))
	if err != nil {
		return err
	}
	grades = map[string]map[string]int{}
	for _, j := range judged {
		if grades[j.Q] == nil {
			grades[j.Q] = map[string]int{}
		}
		grades[j.Q][j.Doc] = j.Grade
	}
	return evaluate(ctx, ix, fts, queries, grades)
}

// loadSupport reads the support corpus: its documents and, by id, the
// topics each is about.
func loadSupport(dir string) ([]ckm.Document, map[string]map[string]int, error) {
	path := filepath.Join(dir, "corpus.jsonl")
	docs, err := loadJSONL[ckm.Document](path)
	if err != nil {
		return nil, nil, err
	}
	lines, err := loadJSONL[supportAbout](path)
	if err != nil {
		return nil, nil, err
	}
	about := make(map[string]map[string]int, len(lines))
	for i := range docs {
		docs[i].Normalize()
		about[lines[i].ID] = lines[i].About
	}
	return docs, about, nil
}

// loadScenarios reads the scenarios set: the documents of the corpora
// about.jsonl names and, by id, the topics each is about.
func loadScenarios(dir string) ([]ckm.Document, map[string]map[string]int, error) {
	lines, err := loadJSONL[scenarioAbout](filepath.Join(dir, "about.jsonl"))
	if err != nil {
		return nil, nil, err
	}
	about := make(map[string]map[string]int, len(lines))
	var corpora []string
	for _, l := range lines {
		if _, dup := about[l.ID]; dup {
			return nil, nil, fmt.Errorf("about.jsonl: %s twice", l.ID)
		}
		about[l.ID] = l.About
		if !slices.Contains(corpora, l.Corpus) {
			corpora = append(corpora, l.Corpus)
		}
	}
	var docs []ckm.Document
	for _, c := range corpora {
		ds, err := loadJSONL[ckm.Document](c)
		if err != nil {
			return nil, nil, err
		}
		for i := range ds {
			if _, ok := about[ds[i].ID]; !ok {
				return nil, nil, fmt.Errorf("%s: %s is not judged in about.jsonl", c, ds[i].ID)
			}
			ds[i].Normalize()
		}
		docs = append(docs, ds...)
	}
	if len(docs) != len(about) {
		return nil, nil, fmt.Errorf("about.jsonl judges %d documents, the corpora hold %d", len(about), len(docs))
	}
	return docs, about, nil
}

// judgeAll grades every document for every query: over the topics of the
// document, the least of its grade and the query's, the most of those;
// 0 outside the query's filter.
func judgeAll(queries []judgedQuery, about map[string]map[string]int, docs map[string]ckm.Document) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, q := range queries {
		g := map[string]int{}
		for id, topics := range about {
			best := 0
			for t, dg := range topics {
				best = max(best, min(dg, q.Grades[t]))
			}
			if !inFilter(docs[id], q.Filter) {
				best = 0
			}
			g[id] = best
		}
		out[q.ID] = g
	}
	return out
}

// inFilter reports whether d is inside filter (keys "client", "source").
func inFilter(d ckm.Document, filter map[string]string) bool {
	for k, v := range filter {
		switch k {
		case "client":
			if d.Client != v {
				return false
			}
		case "source":
			if string(d.Source) != v {
				return false
			}
		default:
			log.Fatalf("releval: filter %q: want client or source", k)
		}
	}
	return true
}

func loadSample(data string) ([]ckm.Document, error) {
	var out []ckm.Document
	for _, s := range sample {
		f, err := os.Open(filepath.Join(data, s.path))
		if err != nil {
			return nil, err
		}
		sc := ckm.NewScanner(f)
		for n := 0; n < s.n && sc.Scan(); n++ {
			d, err := sc.Document()
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", s.path, sc.Line(), err)
			}
			d.Normalize()
			out = append(out, d)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func loadJSONL[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}

// buildIndex analyses every document with nlp, as the worker does, and
// indexes it; several at once, so that Puts share batches.
func buildIndex(ctx context.Context, path string, docs []ckm.Document) (*index.Index, error) {
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(ctx, index.Config{Path: path})
	if err != nil {
		return nil, err
	}
	work := make(chan ckm.Document)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for d := range work {
				an, err := a.Analyze(ctx, d)
				if err == nil {
					err = ix.Put(ctx, index.Record{Document: d, Analysis: *an})
				}
				if err != nil {
					errs <- fmt.Errorf("%s: %w", d.ID, err)
					return
				}
			}
		})
	}
	for _, d := range docs {
		work <- d
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := errors.Join(collect(errs)...); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

func collect(ch <-chan error) []error {
	var out []error
	for err := range ch {
		out = append(out, err)
	}
	return out
}

// match is the -match flag, passed to every ckm search.
var match string

// half and show are the -half and -show flags.
var half, show string

// inHalf reports whether query id belongs to the half -half selects:
// ids ending in an odd digit are the tuning half, even ones the check.
func inHalf(id string) bool {
	if half == "" || id == "" {
		return true
	}
	odd := (id[len(id)-1]-'0')%2 == 1
	return odd == (half == "tune")
}

// showHits prints ckm's ranking of q with each hit's grade and how it
// matched, and the relevant documents it missed.
func showHits(ctx context.Context, ix *index.Index, q judgedQuery, g map[string]int) error {
	res, err := ix.Search(ctx, index.Query{Text: q.Q, Limit: 10, Sort: index.SortRelevance, Match: match, Facets: []string{index.FacetNone}})
	if err != nil {
		return err
	}
	fmt.Printf("  relaxed=%v total=%d expansions=%v\n", res.Relaxed, res.Total, res.Expansions)
	seen := map[string]bool{}
	for i, h := range res.Hits {
		seen[h.ID] = true
		how := ""
		if h.ByMeaning {
			how = " meaning"
		}
		if h.Fuzzy {
			how += " typo"
		}
		fmt.Printf("  %2d %-16s grade %d score %.4f%s  %s\n", i+1, h.ID, g[h.ID], h.Score, how, h.Subject)
	}
	for _, id := range slices.Sorted(maps.Keys(g)) {
		if g[id] > 0 && !seen[id] {
			fmt.Printf("  -- %-16s grade %d missed\n", id, g[id])
		}
	}
	return nil
}

func ckmSearch(ctx context.Context, ix *index.Index, q string, k int) ([]string, error) {
	res, err := ix.Search(ctx, index.Query{Text: q, Limit: k, Sort: index.SortRelevance, Match: match})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, nil
}

// fts is a SQLite FTS5 database driven through the sqlite3 command.
type fts struct{ path string }

func newFTS(path string, docs []ckm.Document) (*fts, error) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return nil, errors.New("the sqlite3 command is not installed (apt-get install sqlite3)")
	}
	var b strings.Builder
	b.WriteString("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, client UNINDEXED, source UNINDEXED, subject, text, tokenize='porter unicode61 remove_diacritics 2');\nBEGIN;\n")
	for _, d := range docs {
		fmt.Fprintf(&b, "INSERT INTO docs VALUES(%s,%s,%s,%s,%s);\n", sqlQuote(d.ID), sqlQuote(d.Client), sqlQuote(string(d.Source)), sqlQuote(d.Subject), sqlQuote(d.Text))
	}
	b.WriteString("COMMIT;\n")
	cmd := exec.Command("sqlite3", path)
	cmd.Stdin = strings.NewReader(b.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("sqlite3: %v: %s", err, out)
	}
	return &fts{path: path}, nil
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// search runs q, narrowed by filter (keys "client", "source"), and gives
// the ids of the k best by bm25.
func (f *fts) search(q string, filter map[string]string, k int) ([]string, error) {
	if f == nil {
		return nil, nil
	}
	where := ""
	for _, col := range slices.Sorted(maps.Keys(filter)) {
		if col != "client" && col != "source" {
			return nil, fmt.Errorf("filter %q: want client or source", col)
		}
		where += fmt.Sprintf(" AND %s = %s", col, sqlQuote(filter[col]))
	}
	sql := fmt.Sprintf("SELECT id FROM docs WHERE docs MATCH %s%s ORDER BY bm25(docs) LIMIT %d;", sqlQuote(q), where, k)
	out, err := exec.Command("sqlite3", f.path, sql).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("sqlite3 %q: %v: %s", q, err, out)
	}
	return strings.Fields(string(out)), nil
}

func proposeCandidates(ctx context.Context, ix *index.Index, f *fts, queries []judgedQuery, docs map[string]ckm.Document, which string, depth int) error {
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for _, q := range queries {
		if which != "all" && !contains(strings.Split(which, ","), q.ID) {
			continue
		}
		a, err := ckmSearch(ctx, ix, q.Q, depth)
		if err != nil {
			return err
		}
		// The OR of the words too, so judges also see what AND misses.
		or, _ := ckmSearch(ctx, ix, strings.Join(strings.Fields(strings.ReplaceAll(q.Q, `"`, "")), " OR "), depth)
		b, err := f.search(q.FTS, q.Filter, depth)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "## %s  %s   | fts: %s\n", q.ID, q.Q, q.FTS)
		seen := map[string]bool{}
		for _, id := range append(append(a, b...), or...) {
			if seen[id] {
				continue
			}
			seen[id] = true
			d := docs[id]
			text := strings.Join(strings.Fields(d.Text), " ")
			if len(text) > 300 {
				text = text[:300]
			}
			fmt.Fprintf(w, "%s [%s%s%s] %s\n", id, mark(a, id, "c"), mark(b, id, "f"), mark(or, id, "o"), text)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func mark(ids []string, id, m string) string {
	if contains(ids, id) {
		return m
	}
	return "."
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// evaluate prints per-query and mean nDCG@10 and recall@10 of both.
func evaluate(ctx context.Context, ix *index.Index, f *fts, queries []judgedQuery, grades map[string]map[string]int) error {
	const k = 10
	var sum [2][3]float64
	n := 0
	type langSum struct {
		n            int
		ndcg, recall [3]float64
	}
	langs := map[string]*langSum{}
	fmt.Printf("%-5s %-36s %20s   %20s %4s\n", "", "", "nDCG@10", "recall@10", "")
	fmt.Printf("%-5s %-36s %6s %6s %6s   %6s %6s %6s %4s\n", "query", "q", "ckm", "fts5", "fts5|", "ckm", "fts5", "fts5|", "rel")
	for _, q := range queries {
		g := grades[q.ID]
		rel := 0
		for _, v := range g {
			if v > 0 {
				rel++
			}
		}
		if rel == 0 {
			log.Printf("%s has no relevant document judged; skipped", q.ID)
			continue
		}
		if !inHalf(q.ID) {
			continue
		}
		a, err := ckmSearch(ctx, ix, q.Q, k)
		if err != nil {
			return fmt.Errorf("%s: %w", q.ID, err)
		}
		b, err := f.search(q.FTS, q.Filter, k)
		if err != nil {
			return fmt.Errorf("%s: %w", q.ID, err)
		}
		c := b
		if len(b) == 0 { // FTS5 with the same fallback ckm has: any of the words
			if c, err = f.search(anyWord(q.FTS), q.Filter, k); err != nil {
				return fmt.Errorf("%s: %w", q.ID, err)
			}
		}
		na, nb, nc := ndcg(a, g, k), ndcg(b, g, k), ndcg(c, g, k)
		ra, rb, rc := recall(a, g, k), recall(b, g, k), recall(c, g, k)
		for i, v := range []float64{na, nb, nc, ra, rb, rc} {
			sum[i/3][i%3] += v
		}
		n++
		if q.Lang != "" {
			ls := langs[q.Lang]
			if ls == nil {
				ls = &langSum{}
				langs[q.Lang] = ls
			}
			ls.n++
			ls.ndcg[0], ls.ndcg[1], ls.ndcg[2] = ls.ndcg[0]+na, ls.ndcg[1]+nb, ls.ndcg[2]+nc
			ls.recall[0], ls.recall[1], ls.recall[2] = ls.recall[0]+ra, ls.recall[1]+rb, ls.recall[2]+rc
		}
		fmt.Printf("%-5s %-36.36s %6.3f %6.3f %6.3f   %6.3f %6.3f %6.3f %4d\n", q.ID, q.Q, na, nb, nc, ra, rb, rc, rel)
		if show == "all" || contains(strings.Split(show, ","), q.ID) {
			if err := showHits(ctx, ix, q, g); err != nil {
				return fmt.Errorf("%s: %w", q.ID, err)
			}
		}
	}
	if n == 0 {
		return errors.New("no judged query")
	}
	fmt.Printf("\nmean over %d queries: nDCG@10 ckm %.3f, FTS5 %.3f, FTS5 with OR fallback %.3f; recall@10 ckm %.3f, FTS5 %.3f, FTS5 with OR fallback %.3f\n",
		n, sum[0][0]/float64(n), sum[0][1]/float64(n), sum[0][2]/float64(n), sum[1][0]/float64(n), sum[1][1]/float64(n), sum[1][2]/float64(n))
	names := make([]string, 0, len(langs))
	for l := range langs {
		names = append(names, l)
	}
	sort.Strings(names)
	for _, l := range names {
		ls := langs[l]
		k := float64(ls.n)
		fmt.Printf("%-5s %3d queries: nDCG@10 ckm %.3f, FTS5 %.3f, FTS5| %.3f; recall@10 ckm %.3f, FTS5 %.3f, FTS5| %.3f\n",
			l, ls.n, ls.ndcg[0]/k, ls.ndcg[1]/k, ls.ndcg[2]/k, ls.recall[0]/k, ls.recall[1]/k, ls.recall[2]/k)
	}
	fmt.Println("fts5| = FTS5 rerun with the words ORed when the AND query finds nothing, as ckm does")
	if f == nil {
		fmt.Println("(FTS5 not measured: no sqlite3 command)")
	}
	return nil
}

// anyWord is an FTS5 query for any of the words of q.
func anyWord(q string) string {
	var words []string
	for _, w := range strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(q)) {
		if w != "OR" && w != "AND" && w != "NOT" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " OR ")
}

func ndcg(ranked []string, g map[string]int, k int) float64 {
	dcg := 0.0
	for i, id := range ranked {
		if i >= k {
			break
		}
		dcg += gain(g[id]) / math.Log2(float64(i+2))
	}
	ideal := make([]int, 0, len(g))
	for _, v := range g {
		ideal = append(ideal, v)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	idcg := 0.0
	for i, v := range ideal {
		if i >= k {
			break
		}
		idcg += gain(v) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

func gain(grade int) float64 { return math.Pow(2, float64(grade)) - 1 }

// recall is the share of the relevant documents (grade ≥ 1) found in the
// top k.
func recall(ranked []string, g map[string]int, k int) float64 {
	rel := 0
	for _, v := range g {
		if v > 0 {
			rel++
		}
	}
	found := 0
	for i, id := range ranked {
		if i < k && g[id] > 0 {
			found++
		}
	}
	if rel == 0 {
		return 0
	}
	return float64(found) / float64(rel)
}

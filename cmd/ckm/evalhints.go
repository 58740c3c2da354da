package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/worker"
)

// hintsKey is the answer key of `ckm eval hints` (documented in README.md,
// "Scoring hints on your own history").
type hintsKey struct {
	// Now is the time hints and emerging are computed at.
	Now time.Time `json:"now"`
	// WindowDays is the emerging window; 0 means 30.
	WindowDays int                  `json:"window_days"`
	Clients    map[string]clientKey `json:"clients"`
	Emerging   []keyTheme           `json:"emerging"`
}

// clientKey is what one client really raised.
type clientKey struct {
	// Themes are the planted themes: recall counts them.
	Themes []keyTheme `json:"themes"`
	// Minor are real but minor needs: a hint on one is not a false one.
	Minor []keyTheme `json:"minor"`
	// Forbidden are patterns no hint of the client may show (denied,
	// negated or agent-only mentions).
	Forbidden []string `json:"forbidden"`
}

// keyTheme is one theme of the key, recognised by its patterns.
type keyTheme struct {
	ID    string   `json:"id"`
	Match []string `json:"match"`
}

// hintsScore is what `ckm eval hints` measures.
type hintsScore struct {
	RecallAt5, RecallAt10, PrecisionAt5, Redundancy float64
	Forbidden                                       []string
	EmergingRecall                                  float64
	FalseFlags                                      []string
	Flagged                                         []string
	Emerging                                        *index.Emerging
	Themes                                          []string // "canonical: members (why)" of themes with more than one key
	PerClient                                       []clientScore
}

type clientScore struct {
	Client          string
	Found5, Found10 int
	Planted         int
	Good5, Shown5   int
	Repeats5        int
	Top             []string // "label → theme id" of the top ten
}

func runEvalHints(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("ckm eval hints", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm eval hints CORPUS.jsonl KEY.json\n\nIndexes the documents of CORPUS into a private temporary index, asks for every client's\nhints and for the emerging themes at the key's \"now\", and scores them against KEY\n(format in README.md): hint recall@5 and @10, precision@5, redundancy, forbidden\nmentions, emerging recall and false flags.")
		fs.PrintDefaults()
	}
	verbose := fs.Bool("v", false, "print each client's top ten, the emerging answer and the learned themes")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return errUsage
	}
	s, err := evalHints(ctx, fs.Arg(0), fs.Arg(1))
	if err != nil {
		return err
	}
	printHintsScore(e.stdout, s, *verbose)
	return nil
}

// evalHints indexes corpus in a temporary index and scores it against key.
func evalHints(ctx context.Context, corpus, keyPath string) (*hintsScore, error) {
	key, err := readHintsKey(keyPath)
	if err != nil {
		return nil, err
	}
	docs, err := readCorpus(corpus)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "ckm-eval-hints-")
	if err != nil {
		return nil, fmt.Errorf("eval hints: %w", err)
	}
	defer os.RemoveAll(dir)
	ix, err := index.Open(ctx, index.Config{Path: dir, MinFreeBytes: -1})
	if err != nil {
		return nil, fmt.Errorf("eval hints: %w", err)
	}
	defer ix.Close()
	if err := indexCorpus(ctx, ix, docs); err != nil {
		return nil, err
	}
	return scoreHints(ctx, ix, key)
}

func readHintsKey(path string) (*hintsKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("eval hints: read key: %w", err)
	}
	var k hintsKey
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return nil, fmt.Errorf("eval hints: key %s: %w", path, err)
	}
	switch {
	case k.Now.IsZero():
		return nil, fmt.Errorf("eval hints: key %s: no \"now\"", path)
	case len(k.Clients) == 0:
		return nil, fmt.Errorf("eval hints: key %s: no clients", path)
	case k.WindowDays < 0:
		return nil, fmt.Errorf("eval hints: key %s: negative window_days", path)
	}
	return &k, nil
}

func readCorpus(path string) ([]ckm.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval hints: %w", err)
	}
	defer f.Close()
	var docs []ckm.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), ckm.MaxDocumentBytes)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		d, err := ckm.DecodeDocument([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("eval hints: %s line %d: %w", path, n, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval hints: read %s: %w", path, err)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("eval hints: %s: no documents", path)
	}
	return docs, nil
}

// indexCorpus analyses and indexes docs the way a worker does. A Put
// returns once its batch is committed, so the records are put all at once
// and share batches, as a worker pool's do, rather than each waiting for a
// commit of its own (which made an index of a hundred one-document
// segments and kept Bleve merging them). A document that occurs again is
// put in a later wave, after its earlier version, as putting them in
// order would.
func indexCorpus(ctx context.Context, ix *index.Index, docs []ckm.Document) error {
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return fmt.Errorf("eval hints: %w", err)
	}
	now := time.Now()
	var waves [][]index.Record
	seen := map[string]int{}
	for _, d := range docs {
		d = ingest.InferTurns(d)
		an, err := a.Analyze(ctx, d)
		if err != nil {
			return fmt.Errorf("eval hints: analyse %s: %w", d.ID, err)
		}
		n := seen[d.ID]
		seen[d.ID]++
		if n == len(waves) {
			waves = append(waves, nil)
		}
		waves[n] = append(waves[n], worker.NewRecord(d, an, d.ContentHash(), now))
	}
	for _, recs := range waves {
		if err := putAll(ctx, ix, recs); err != nil {
			return err
		}
	}
	return nil
}

// putAll puts recs concurrently and returns the error of the first, in
// order, that failed.
func putAll(ctx context.Context, ix *index.Index, recs []index.Record) error {
	errs := make([]error, len(recs))
	var wg sync.WaitGroup
	for i, rec := range recs {
		wg.Go(func() { errs[i] = ix.Put(ctx, rec) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("eval hints: index %s: %w", recs[i].Document.ID, err)
		}
	}
	return nil
}

// scoreHints asks ix for each client's hints and the emerging themes and
// scores them against k.
func scoreHints(ctx context.Context, ix *index.Index, k *hintsKey) (*hintsScore, error) {
	s := &hintsScore{Forbidden: []string{}, FalseFlags: []string{}, Flagged: []string{}}
	var planted, found5, found10, shown5, good5, repeats5 int
	for _, c := range slices.Sorted(mapKeys(k.Clients)) {
		ck := k.Clients[c]
		h, err := ix.Hints(ctx, index.HintsQuery{Client: c, Until: k.Now, Limit: 10})
		if err != nil {
			return nil, fmt.Errorf("eval hints: %w", err)
		}
		cs := scoreClient(c, ck, k.Emerging, h.Hints)
		for _, hint := range h.Hints {
			if f := forbiddenIn(hint, ck); f != "" {
				s.Forbidden = append(s.Forbidden, c+": "+f+" in "+strings.TrimSpace(hint.Label))
			}
		}
		s.PerClient = append(s.PerClient, cs)
		planted += cs.Planted
		found5 += cs.Found5
		found10 += cs.Found10
		shown5 += cs.Shown5
		good5 += cs.Good5
		repeats5 += cs.Repeats5
	}
	s.RecallAt5, s.RecallAt10 = ratio(found5, planted), ratio(found10, planted)
	s.PrecisionAt5, s.Redundancy = ratio(good5, shown5), ratio(repeats5, shown5)
	window := time.Duration(max(k.WindowDays, 0)) * 24 * time.Hour
	if window == 0 {
		window = index.DefaultWindow
	}
	em, err := ix.Emerging(ctx, index.EmergingQuery{Now: k.Now, Window: window})
	if err != nil {
		return nil, fmt.Errorf("eval hints: %w", err)
	}
	caught := map[string]bool{}
	for _, t := range em.Themes {
		h := index.Hint{Label: t.Label, Evidence: t.Evidence}
		id := bestTheme(h, k.Emerging)
		s.Flagged = append(s.Flagged, t.Label)
		if id == "" {
			s.FalseFlags = append(s.FalseFlags, t.Label)
			continue
		}
		caught[id] = true
	}
	s.EmergingRecall = ratio(len(caught), len(k.Emerging))
	s.Emerging = em
	table, err := ix.Themes(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("eval hints: %w", err)
	}
	s.Themes = describeThemes(table)
	return s, nil
}

// describeThemes lists the themes of t that group more than one key.
func describeThemes(t *index.ThemeTable) []string {
	var out []string
	for _, c := range t.Canonicals() {
		m := t.Members(c)
		if len(m) < 2 {
			continue
		}
		parts := make([]string, len(m))
		for i, k := range m {
			parts[i] = fmt.Sprintf("%q (%s)", k, t.Why(k))
		}
		out = append(out, c+": "+strings.Join(parts, ", "))
	}
	return out
}

// scoreClient scores one client's hints, strongest first. A hint that
// matches none of the client's themes but one of the corpus's emerging
// themes is a real need of the client (its evidence is the client's own):
// it counts for precision, not for recall.
func scoreClient(c string, ck clientKey, emerging []keyTheme, hints []index.Hint) clientScore {
	cs := clientScore{Client: c, Planted: len(ck.Themes)}
	all := append(slices.Clone(ck.Themes), ck.Minor...)
	seen := map[string]bool{}
	for i, h := range hints {
		id := bestTheme(h, all)
		if id == "" {
			if e := bestTheme(h, emerging); e != "" {
				id = "emerging " + e
			}
		}
		planted := id != "" && slices.ContainsFunc(ck.Themes, func(t keyTheme) bool { return t.ID == id })
		if planted && !seen[id] {
			if i < 5 {
				cs.Found5++
			}
			cs.Found10++
		}
		if i < 5 {
			cs.Shown5++
			switch {
			case id == "":
			case seen[id]:
				cs.Repeats5++
				cs.Good5++
			default:
				cs.Good5++
			}
		}
		if i < 10 {
			top := fmt.Sprintf("%s %v score %.3g, %d docs → %s", h.Label, h.Keys, h.Score, h.Documents, cmpOr(id, "(none)"))
			for _, e := range h.Evidence {
				top += "\n       · " + clip(e.Text, 100)
			}
			cs.Top = append(cs.Top, top)
		}
		if id != "" {
			seen[id] = true
		}
	}
	return cs
}

// forbiddenIn returns the first forbidden pattern of ck that hint shows:
// in its label, or in at least half its evidence when no theme of the
// client matches it better (a sentence that denies one thing and asks for
// another is fair evidence for what it asks).
func forbiddenIn(hint index.Hint, ck clientKey) string {
	all := append(slices.Clone(ck.Themes), ck.Minor...)
	for _, f := range ck.Forbidden {
		n := hintMatches(hint, []string{f})
		if n == 0 {
			continue
		}
		if hintMatches(index.Hint{Label: hint.Label}, []string{f}) > 0 {
			return f
		}
		if id := bestTheme(hint, all); id == "" || hintMatches(hint, themeByID(all, id).Match) < n {
			return f
		}
	}
	return ""
}

func themeByID(ts []keyTheme, id string) keyTheme {
	for _, t := range ts {
		if t.ID == id {
			return t
		}
	}
	return keyTheme{}
}

// bestTheme returns the theme of themes that most of h's label and
// evidence match (ties to the first), or "" when none matches the label
// or at least half the evidence.
func bestTheme(h index.Hint, themes []keyTheme) string {
	best, bestN := "", 0
	for _, t := range themes {
		if n := hintMatches(h, t.Match); n > bestN {
			best, bestN = t.ID, n
		}
	}
	return best
}

// hintMatches scores how well h matches the patterns: 0 when neither its
// label nor at least half its evidence sentences hold one; else the number
// of texts (label and evidence) that hold one.
func hintMatches(h index.Hint, patterns []string) int {
	has := func(s string) bool {
		s = foldText(s)
		for _, p := range patterns {
			if containsWordPrefix(s, foldText(p)) {
				return true
			}
		}
		return false
	}
	n, ev := 0, 0
	label := has(h.Label)
	if label {
		n++
	}
	for _, e := range h.Evidence {
		if has(e.Text) {
			n++
			ev++
		}
	}
	if !label && (len(h.Evidence) == 0 || 2*ev < len(h.Evidence)) {
		return 0
	}
	return n
}

// foldText lowercases s, folds its accents and reads hyphens as spaces.
func foldText(s string) string { return hyphens.Replace(nlp.Fold(strings.ToLower(s))) }

// hyphens are read as spaces by foldText, in patterns and texts alike: a
// key's "multi site" matches "multi-site view", "e-signature" matches "e
// signature".
var hyphens = strings.NewReplacer("-", " ", "\u2010", " ", "\u2011", " ")

// containsWordPrefix reports whether p occurs in s starting at a word
// boundary.
func containsWordPrefix(s, p string) bool {
	if p == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(s[i:], p)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 || !isWordRune(rune(s[at-1])) {
			return true
		}
		i = at + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// clip shortens s to at most n bytes at a rune boundary, marking the cut.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func mapKeys[M ~map[string]V, V any](m M) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func printHintsScore(w io.Writer, s *hintsScore, verbose bool) {
	fmt.Fprintf(w, "hint recall@5    %.3f\n", s.RecallAt5)
	fmt.Fprintf(w, "hint recall@10   %.3f\n", s.RecallAt10)
	fmt.Fprintf(w, "precision@5      %.3f\n", s.PrecisionAt5)
	fmt.Fprintf(w, "redundancy@5     %.3f\n", s.Redundancy)
	fmt.Fprintf(w, "forbidden        %d\n", len(s.Forbidden))
	for _, f := range s.Forbidden {
		fmt.Fprintf(w, "  %s\n", f)
	}
	fmt.Fprintf(w, "emerging recall  %.3f\n", s.EmergingRecall)
	fmt.Fprintf(w, "false flags      %d\n", len(s.FalseFlags))
	for _, f := range s.FalseFlags {
		fmt.Fprintf(w, "  %s\n", f)
	}
	if !verbose {
		return
	}
	fmt.Fprintf(w, "flagged: %s\n", strings.Join(s.Flagged, "; "))
	if em := s.Emerging; em != nil {
		fmt.Fprintf(w, "emerging: %d tested, %d recent and %d baseline documents\n", em.Tested, em.RecentDocuments, em.BaselineDocuments)
		for i, t := range append(slices.Clone(em.Themes), em.Rising...) {
			fmt.Fprintf(w, "  %s (%s): recent %d baseline %d p %.4g q %.4g clients %v significant %v\n", t.Label, t.Key, t.Recent, t.Baseline, t.P, t.Q, t.Clients, t.Significant)
			if i >= len(em.Themes) {
				continue
			}
			for _, e := range t.Evidence {
				fmt.Fprintf(w, "       · %s: %s\n", e.Client, clip(e.Text, 100))
			}
		}
	}
	fmt.Fprintln(w, "learned themes:")
	for _, t := range s.Themes {
		fmt.Fprintf(w, "  %s\n", t)
	}
	for _, c := range s.PerClient {
		fmt.Fprintf(w, "%s: found %d/%d in top 5, %d/%d in top 10\n", c.Client, c.Found5, c.Planted, c.Found10, c.Planted)
		for i, t := range c.Top {
			fmt.Fprintf(w, "  %d. %s\n", i+1, t)
		}
	}
}

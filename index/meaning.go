package index

import (
	"context"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/ckmhq/ckm/nlp"
)

// Matching by meaning. Each plain word of a query (not in a quoted phrase,
// an OR group or a negation), alone or with the word beside it, is mapped
// to the themes it names (ThemesFunc); the word is then also matched by a
// document one of whose needs has such a theme, or whose text says one of
// the theme's phrases, in English or Portuguese. These clauses weigh meaningBoost, so documents with the
// query's own words and stems rank first, and the answer lists the themes
// (Result.Expansions) and marks the hits they alone brought (Hit.ByMeaning).
// A quoted phrase in the query, or Query.Match = MatchWords, turns it off.

// meaningBoost weighs a theme's clause against the query's own words: a
// document that says one of a theme's phrases scores meaningBoost over
// the square root of the clause's leaves times what the phrase would
// score as a word of the query (meaningClause). It was 0.3 over the
// number of leaves; 0.15 over its square root was chosen on the support,
// development-data and scenarios sets (EVALUATION.md).
const meaningBoost = 0.15

// ThemesFunc maps a search phrase to the themes it names. It must be safe
// for concurrent use and pure (the same phrase, the same themes): an index
// keeps its answers. nlp.QueryThemes is the default.
type ThemesFunc func(phrase string) []nlp.QueryTheme

// langFields are the search fields of each language's analyzer.
var langFields = map[nlp.Language][]string{
	nlp.English:    {fieldTextEN, fieldSubjectEN},
	nlp.Portuguese: {fieldTextPT, fieldSubjectPT},
}

// meaningClause returns one clause that matches any of the themes,
// weighted meaningBoost times boost: a need filed under one of their
// keys, or one of their phrases in the fields of its language. Themes
// that share a phrase (two lists naming "fatura") seek it once, and all
// of a word's themes are one clause, so that a word naming more themes
// does not weigh more against its own word.
func (b *builder) meaningClause(themes []nlp.QueryTheme, boost float64) query.Query {
	var alts []query.Query
	seen := map[string]bool{}
	dead := 0 // alternatives left out that the coord still counts
	for _, th := range themes {
		var members []string
		for i, key := range append([]string{th.Key}, th.Keys...) {
			if key != "" && !b.fragments && !seen["\x00"+key] {
				seen["\x00"+key] = true
				switch {
				case i > 0:
					// A learned member was learned from the index's
					// own needs; a topic's or concept's key may be in
					// none.
					members = append(members, key)
				case b.held(fieldNeedTheme, key):
					alts = append(alts, termQuery(fieldNeedTheme, key))
				default:
					dead++
				}
			}
		}
		switch len(members) {
		case 0:
		case 1:
			alts = append(alts, termQuery(fieldNeedTheme, members[0]))
		default:
			// One leaf for all of them, which counts in the coord as
			// the keys did, so that the other leaves weigh as before.
			alts = append(alts, &anyKeyQuery{field: fieldNeedTheme, terms: members, boost: 1, kept: b.anyKeys})
			dead += len(members) - 1
		}
		for _, ph := range th.Phrases {
			// A phrase is sought in the fields of its language only.
			for _, f := range langFields[ph.Lang] {
				if b.fragments && !slices.Contains(textFields, f) {
					continue
				}
				toks := b.tokens(fieldAnalyzers[f], ph.Text)
				stems := f + "\x00" + strings.Join(toks, " ")
				if len(toks) > 0 && !seen[stems] {
					seen[stems] = true
					if slices.ContainsFunc(toks, func(t string) bool { return !b.held(f, t) }) {
						dead++ // a word no document holds: the phrase matches none
						continue
					}
					if len(toks) == 1 && strings.Contains(ph.Text, " ") {
						// Stop words leave one word of it ("log in",
						// "fora do ar"): sought, it would be that word
						// alone, in every document that says "log" or
						// "ar". Left out, but counted, as a dead one is,
						// so that the scores of the rest do not move.
						dead++
						continue
					}
					if len(toks) == 1 {
						// One term: what fieldQuery's match query would
						// seek and score, without analysing it again.
						alts = append(alts, fieldTerm(f, toks[0], 1))
						continue
					}
					if strings.Contains(ph.Text, " ") && b.phrase != nil {
						if terms := b.phrase(fieldAnalyzers[f], ph.Text); len(terms) > 0 {
							alts = append(alts, fieldPhrase(f, terms, 1))
							continue
						}
					}
					alts = append(alts, fieldQuery(f, ph.Text, strings.Contains(ph.Text, " "), 1))
				}
			}
		}
	}
	if len(alts) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	// Bleve scales a disjunction's score by the share of its clauses
	// that match (coord): the leaves left out still count, so that
	// leaving them out changes no ranking, only the work. (Bleve ignores
	// the boost of a disjunction: the leaves carry it.)
	coord := float64(len(alts)) / float64(len(alts)+dead)
	// A theme said many ways (every phrase of it in two fields) is
	// no weaker for it: one matching leaf weighs meaningBoost over the
	// square root of the leaves, not over their number, as Bleve's coord
	// alone would make it (a document that says "áudio" ranked below
	// every document with a common word of the query).
	coord *= math.Sqrt(float64(len(alts) + dead))
	for _, a := range alts {
		a.(query.BoostableQuery).SetBoost(meaningBoost * boost * coord * a.(query.BoostableQuery).Boost())
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// held reports whether some document holds term in field; true when the
// builder has no dictionary to ask (held is nil).
func (b *builder) held(field, term string) bool {
	return b.holds == nil || b.holds(field, term)
}

// heldTerms asks one snapshot's term dictionaries whether a term is held
// in a field, once per field and term. Its zero value (with ix and ctx)
// is ready; close releases the snapshot. Not safe for concurrent use.
// Its answers are also kept by the index (Index.held) for the index
// generation of its snapshot, and taken from there: a query's themes
// bring the same hundreds of keys and phrase words on every search, and
// a generation's answers never change (every commit starts a new one).
type heldTerms struct {
	ix  *Index
	ctx context.Context
	r   bleveindex.IndexReader
	err error
	m   map[[2]string]bool
	// gen is the index generation r's snapshot holds, when keep is
	// true: no commit began or ended while r was opened.
	gen  uint64
	keep bool
}

// heldKey is a term in a field, at an index generation.
type heldKey struct {
	gen         uint64
	field, term string
}

// maxHeld bounds the answers Index.held keeps.
const maxHeld = 1 << 16

// holds reports whether a document of the snapshot holds term in field;
// true when the dictionary cannot be read (the term is then searched).
func (h *heldTerms) holds(field, term string) bool {
	k := [2]string{field, term}
	if v, ok := h.m[k]; ok {
		return v
	}
	if h.r == nil && h.err == nil {
		h.open()
	}
	if h.err != nil {
		return true
	}
	var v bool
	if h.keep {
		v = h.ix.held.get(heldKey{h.gen, field, term}, maxHeld, func() bool { return h.lookup(field, term) })
	} else {
		v = h.lookup(field, term)
	}
	if h.m == nil {
		h.m = map[[2]string]bool{}
	}
	h.m[k] = v
	return v
}

// open opens the snapshot, noting its generation when it is certain
// (the index's generation is even, not within a commit, and the same
// before and after).
func (h *heldTerms) open() {
	before := h.ix.counts.gen.Load()
	adv, err := h.ix.bleve.Advanced()
	if err == nil {
		h.r, err = adv.Reader()
	}
	h.err = err
	if after := h.ix.counts.gen.Load(); err == nil && before == after && before%2 == 0 {
		h.gen, h.keep = before, true
	}
}

// lookup asks the snapshot's dictionaries whether term is held in field.
func (h *heldTerms) lookup(field, term string) bool {
	held := true
	if tr, err := h.r.TermFieldReader(h.ctx, []byte(term), field, false, false, false); err == nil {
		held = tr.Count() > 0
		tr.Close()
	}
	return held
}

// close releases the snapshot, if one was opened.
func (h *heldTerms) close() {
	if h.r != nil {
		h.r.Close()
	}
}

// markExpanded sets Hit.Fuzzy and Hit.ByMeaning on the hits of out that
// only typo variants, or only themes, brought: it re-runs the query on
// the page's hits without them.
func (ix *Index) markExpanded(ctx context.Context, p *plan, out *Result) error {
	var typos, meaning bool
	for _, e := range out.Expansions {
		typos = typos || e.Kind == ExpandTypo
		meaning = meaning || e.Kind == ExpandMeaning
	}
	if len(out.Hits) == 0 || (!typos && !meaning) {
		return nil
	}
	ids := make([]string, len(out.Hits))
	for i, h := range out.Hits {
		ids[i] = h.ID
	}
	exact, err := ix.matching(ctx, p, ids, true, true)
	if err != nil {
		return err
	}
	withTypos := exact
	if typos && meaning {
		if withTypos, err = ix.matching(ctx, p, ids, false, true); err != nil {
			return err
		}
	}
	for i, h := range out.Hits {
		switch {
		case exact[h.ID]:
		case typos && withTypos[h.ID]:
			out.Hits[i].Fuzzy = true
		case meaning:
			out.Hits[i].ByMeaning = true
		default:
			out.Hits[i].Fuzzy = true
		}
	}
	return nil
}

// matching returns which of ids the plan's query matches without typo
// variants (noTypos) and without themes (noMeaning).
func (ix *Index) matching(ctx context.Context, p *plan, ids []string, noTypos, noMeaning bool) (map[string]bool, error) {
	b := *p.b
	b.noTypos, b.noMeaning = noTypos, noMeaning
	parts := b.build(p.pq)
	// The ids lead the conjunction, so that only their postings are
	// read; as a filter they would be checked against every match.
	q := bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), parts.query(p.scopeFilters()...))
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Score = bleve.ScoreNone
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, ix.mapErr(err)
	}
	out := make(map[string]bool, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = true
	}
	return out, nil
}

// withLearned returns a ThemesFunc that adds to base the canonical themes
// of the grouping learned from the needs of the given clients (Themes,
// ThemesOf): a phrase names a learned theme when one of its candidate keys
// is filed under it. The table is learned once, on first use; an error
// leaves base alone and is kept in *err. The themes of a phrase are kept
// (ix.phrases) for as long as its table serves: base is pure and the
// table immutable. Callers only read them.
func (ix *Index) withLearned(ctx context.Context, base ThemesFunc, clients []string, err *error) ThemesFunc {
	var table *ThemeTable
	loaded := false
	return func(phrase string) []nlp.QueryTheme {
		if !loaded {
			loaded = true
			table, *err = ix.learned.get(ctx, ix, clients, learnedTTL)
		}
		return ix.phrases.get(table, phrase, func() []nlp.QueryTheme { return learnedThemes(base(phrase), table, phrase) })
	}
}

// learnedThemes adds to out, the themes base gives phrase, the canonical
// themes of t that phrase names, with their members as Keys.
func learnedThemes(out []nlp.QueryTheme, t *ThemeTable, phrase string) []nlp.QueryTheme {
	if t == nil {
		return out
	}
	for _, k := range nlp.CandidateThemeKeys(phrase) {
		c := t.Canonical(k)
		if _, known := t.members[c]; !known {
			continue
		}
		i := slices.IndexFunc(out, func(th nlp.QueryTheme) bool { return th.Key == c || th.Label == c })
		if i < 0 {
			out = append(out, nlp.QueryTheme{Key: c, Label: c})
			i = len(out) - 1
		}
		for _, m := range t.Members(c) {
			if m != out[i].Key && !slices.Contains(out[i].Keys, m) {
				out[i].Keys = append(out[i].Keys, m)
			}
		}
	}
	return out
}

// maxPhraseThemes bounds the phrases whose themes are kept.
const maxPhraseThemes = 4096

// phraseThemes keeps the themes of the phrases searches asked for, by
// learned table (nil when none), so that a query's words and runs are not
// looked up in every topic, concept and table again on every search: that
// was a sixth of a search's time.
type phraseThemes struct {
	kept[phraseKey, []nlp.QueryTheme]
}

type phraseKey struct {
	t      *ThemeTable
	phrase string
}

// get returns the themes of phrase under t, computing them with f once.
func (c *phraseThemes) get(t *ThemeTable, phrase string, f func() []nlp.QueryTheme) []nlp.QueryTheme {
	return c.kept.get(phraseKey{t, phrase}, maxPhraseThemes, f)
}

// learnedTTL is how long a learned theme table serves searches after
// the index has changed before it is learned again: learning reads every
// need record of the scope, many times the cost of a search, and themes
// move slowly. A correction or a new need shows in search within
// learnedTTL and the background learnings of the scopes that expired
// before it (they take turns, see learnPause). Once it has expired,
// searches go on with the kept table while it is learned again in the
// background, so no search waits for it. While nothing is committed and the corrections stay, the
// table stays as it is, and is kept however old.
const learnedTTL = 30 * time.Second

// maxLearned bounds the scopes whose tables are kept.
const maxLearned = 256

// learnPause is how long the background learnings pause after each, as a
// multiple of the time it took: they run one at a time, so that they
// take at most a 1/(1+learnPause) share of one core. The tables of many
// scopes expire together (learned together, then an index that changes
// again); learned all at once, each reading every need record of its
// scope, they took the machine from the searches for a second or more.
const learnPause = 3

// learnedCache keeps the learned theme table of each client scope for
// learnedTTL. Its zero value is ready; it is safe for concurrent use.
// close waits for the learnings it runs in the background.
type learnedCache struct {
	mu         sync.Mutex
	m          map[string]learnedEntry
	refreshing map[string]bool // scopes learned again in the background
	closed     bool
	stop       chan struct{} // closed by close; made by get
	turn       sync.Mutex    // held by the background learning under way
	wg         sync.WaitGroup
}

type learnedEntry struct {
	t    *ThemeTable
	at   time.Time
	gen  uint64            // the index generation it was learned at
	corr *ThemeCorrections // the corrections it applied
}

// get returns the table of clients (all when empty): the one kept when it
// was learned at the index's current generation with the corrections in
// force, or is younger than maxAge; otherwise it learns it again. Hints
// and emerging pass 0, so they always see the index as it is, and wait
// for the learning. Search passes learnedTTL: when its kept table has
// expired, it gets that table at once and one background learning
// replaces it. Callers only read the table.
func (c *learnedCache) get(ctx context.Context, ix *Index, clients []string, maxAge time.Duration) (*ThemeTable, error) {
	key := strings.Join(slices.Sorted(slices.Values(clients)), "\x00")
	gen, corr := ix.counts.gen.Load(), ix.corrections.p.Load()
	c.mu.Lock()
	e, ok := c.m[key]
	if ok && (time.Since(e.at) < maxAge || e.gen == gen && e.corr == corr) {
		c.mu.Unlock()
		return e.t, nil
	}
	if ok && maxAge > 0 {
		if !c.refreshing[key] && !c.closed {
			if c.refreshing == nil {
				c.refreshing = map[string]bool{}
			}
			if c.stop == nil {
				c.stop = make(chan struct{})
			}
			c.refreshing[key] = true
			c.wg.Add(1)
			go c.refresh(context.WithoutCancel(ctx), ix, clients, key, c.stop)
		}
		c.mu.Unlock()
		return e.t, nil
	}
	c.mu.Unlock()
	t, err := c.learn(ctx, ix, clients, key)
	return t, err
}

// refresh learns the table of clients again for a search that was served
// the expired one, once no other background learning runs, then pauses
// learnPause times as long before letting the next one learn.
func (c *learnedCache) refresh(ctx context.Context, ix *Index, clients []string, key string, stop chan struct{}) {
	defer c.wg.Done()
	c.turn.Lock()
	defer c.turn.Unlock()
	select {
	case <-stop:
	default:
		start := time.Now()
		c.learn(ctx, ix, clients, key) // an error keeps the old table until the next try
		select {
		case <-stop:
		case <-time.After(learnPause * time.Since(start)):
		}
	}
	c.mu.Lock()
	delete(c.refreshing, key)
	c.mu.Unlock()
}

// learn learns the table of clients and keeps it under key.
func (c *learnedCache) learn(ctx context.Context, ix *Index, clients []string, key string) (*ThemeTable, error) {
	gen, corr := ix.counts.gen.Load(), ix.corrections.p.Load()
	t, err := ix.themes(ctx, clients)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxLearned {
		c.m = map[string]learnedEntry{}
	}
	c.m[key] = learnedEntry{t, time.Now(), gen, corr}
	c.mu.Unlock()
	return t, nil
}

// close stops new background learnings, ends the pauses and waits for
// the learnings under way.
func (c *learnedCache) close() {
	c.mu.Lock()
	c.closed = true
	if c.stop != nil {
		close(c.stop)
	}
	c.mu.Unlock()
	c.wg.Wait()
}

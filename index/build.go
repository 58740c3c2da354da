package index

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	qlang "github.com/ckmhq/ckm/index/query"
	"github.com/ckmhq/ckm/nlp"
)

// builder turns a parsed query into a Bleve query. tokens analyses text
// with a registered analyzer, the way the index analysed the fields.
type builder struct {
	tokens func(analyzer, text string) []string
	// phrase, when set, gives a text's terms by position under an
	// analyzer, kept: themes' phrases are then sought without Bleve
	// analysing them again (meaningClause).
	phrase func(analyzer, text string) [][]string
	// relaxed makes plain words optional (at least one must match)
	// instead of all required.
	relaxed bool
	// typos, when set, returns the typo variants of a word that the
	// caller's documents do not hold (see typos.go), and whether they
	// hold it.
	typos func(word string) (variants []string, known bool, err error)
	// expanded caches typos by word, in the order first asked, for
	// Result.Expansions, and known whether the word is held; err is the
	// first error of typos.
	expanded map[string][]string
	known    map[string]bool
	order    []string
	err      error
	// themes, when set, maps the query's plain words to the themes they
	// name, for matching by meaning (meaning.go).
	themes ThemesFunc
	// noTypos and noMeaning leave typo variants and themes out, to tell
	// which hits they alone brought.
	noTypos, noMeaning bool
	// fragments seeks words in the text fields only, and themes by their
	// phrases only: what highlights a page's hits (Index.fragments) needs
	// only the positions of the words in the highlighted fields.
	fragments bool
	// named caches the themes of the query's plain words, by place;
	// words are those words.
	named map[termAt][]nlp.QueryTheme
	words map[termAt]string
	// guessed marks the words whose themes come from a typo's guess.
	guessed map[termAt]bool
	// themeKeys, when set, lists the theme keys holding a stem as one of
	// their words; theme: then matches those keys as terms instead of by
	// a regular expression (the same documents, without building an
	// automaton per search: see percolate.go).
	themeKeys func(stem string) []string
	// holds, when set, reports whether some document holds a term in a
	// field: a theme's key or phrase that none holds is left out of its
	// clause (meaningClause).
	holds func(field, term string) bool
	// anyKeys, when set, keeps the matches of a theme's learned keys
	// for the snapshot searched (anyKeyCache).
	anyKeys *anyKeyCache
	// layout is how the searched index writes its records' times
	// (after:, before:); the zero layout is a new index's.
	layout layout
	// lang is the query's language as its words tell it (queryLanguage),
	// Unknown when they do not: a word is then sought by its stem in
	// both languages, as before (falseFriend).
	lang nlp.Language
}

// queryLanguage is the language the plain words and phrases of pq tell:
// by nlp.DetectLanguage (stop words, accents, "-ção", "-ing"), or, when
// that tells nothing ("voice notes"), by the words that are written in
// the phrases of the themes they name in one language only ("voice" is
// an English phrase of its concept); Unknown when neither tells.
func (b *builder) queryLanguage(pq *qlang.Query) nlp.Language {
	var words []string
	for _, c := range pq.Clauses {
		for _, t := range c {
			if t.Kind != qlang.Filter && !t.Negated {
				words = append(words, t.Value)
			}
		}
	}
	if l := nlp.DetectLanguage(strings.Join(words, " ")); l != nlp.Unknown || b.themes == nil {
		return l
	}
	var en, pt int
	for _, w := range strings.Fields(strings.Join(words, " ")) {
		key := nlp.Fold(strings.ToLower(w))
		in := map[nlp.Language]bool{}
		for _, th := range b.themes(w) {
			for _, ph := range th.Phrases {
				if slices.Contains(strings.Fields(nlp.Fold(strings.ToLower(ph.Text))), key) {
					in[ph.Lang] = true
				}
			}
		}
		switch {
		case in[nlp.English] && !in[nlp.Portuguese]:
			en++
		case in[nlp.Portuguese] && !in[nlp.English]:
			pt++
		}
	}
	switch {
	case en > pt:
		return nlp.English
	case pt > en:
		return nlp.Portuguese
	}
	return nlp.Unknown
}

// ownLanguage is the language of the query word w: the one its own
// letters tell ("relatório" by its accent; "logo" and "notes" tell
// nothing), else the query's; Unknown when neither tells.
func (b *builder) ownLanguage(w string) nlp.Language {
	if l := nlp.DetectLanguage(w); l == nlp.English || l == nlp.Portuguese {
		return l
	}
	return b.lang
}

// langOfField is the language whose analyzer field f has; Unknown for
// the fields of no language.
func langOfField(f string) nlp.Language {
	for l, fs := range langFields {
		if slices.Contains(fs, f) {
			return l
		}
	}
	return nlp.Unknown
}

// falseFriend reports whether field f's language reads the query word w
// as another word than w's own language does: w's own language is known
// (ownLanguage), f is a field of the other one, and w's stems in the two
// differ. In an English query, "logo" stems in Portuguese to "log", as
// "logar" (to sign in) does, and "notes" to "not", as "nota fiscal"
// does; "login", "dashboard" and "offline" stem alike in both and are not
// false friends.
func (b *builder) falseFriend(f, w string) bool {
	own := b.ownLanguage(w)
	l := langOfField(f)
	if len(langFields[own]) == 0 || len(langFields[l]) == 0 || l == own {
		return false // a builder's zero lang is no language either
	}
	theirs := b.tokens(fieldAnalyzers[f], w)
	ours := b.tokens(fieldAnalyzers[langFields[own][0]], w)
	return len(theirs) == 1 && len(ours) == 1 && theirs[0] != ours[0]
}

// asWritten narrows q, the query of the word w in a field of the other
// language that reads w as a false friend, to the documents that write w
// itself (fieldWords): a Portuguese paragraph that says "logo" or
// "release notes" still matches, one that says "logar" or "nota fiscal"
// does not. The narrowing scores nothing. An index without fieldWords,
// or a word shorter than fieldWords keeps, leaves q as it was.
func (b *builder) asWritten(q query.Query, w string) query.Query {
	ws := b.tokens(analyzerWords, w)
	if b.layout.noWords || len(ws) != 1 {
		return q
	}
	t := termQuery(fieldWords, ws[0])
	t.SetBoost(filterBoost)
	return bleve.NewConjunctionQuery(q, t)
}

// foreignTheme reports whether the word w names th only through phrases
// of the other language that read w as a false friend (falseFriend): in
// an English query, "logo" names sign-in only through "logar". A theme
// none of whose phrases hold w's stem (a learned key, a run) is kept.
func (b *builder) foreignTheme(th nlp.QueryTheme, w string) bool {
	reached := false
	for _, ph := range th.Phrases {
		fs := langFields[ph.Lang]
		if len(fs) == 0 {
			continue
		}
		ws := b.tokens(fieldAnalyzers[fs[0]], w)
		if len(ws) != 1 || !slices.Contains(b.tokens(fieldAnalyzers[fs[0]], ph.Text), ws[0]) {
			continue
		}
		if !b.falseFriend(fs[0], w) {
			return false
		}
		reached = true
	}
	return reached
}

// variants returns the cached typo variants of w.
func (b *builder) variants(w string) []string {
	if b.typos == nil || b.err != nil || b.noTypos {
		return nil
	}
	if v, ok := b.expanded[w]; ok {
		return v
	}
	v, known, err := b.typos(w)
	if err != nil {
		b.err = err
		return nil
	}
	if b.expanded == nil {
		b.expanded, b.known = map[string][]string{}, map[string]bool{}
	}
	b.expanded[w], b.known[w] = v, known
	b.order = append(b.order, w)
	return v
}

// unknown reports whether the caller's documents do not hold w (as typed
// or by stem) and w is long enough to be a typo; false without typos.
func (b *builder) unknown(w string) bool {
	if Fuzziness(w) == 0 {
		return false
	}
	b.variants(w)
	known, asked := b.known[w]
	return asked && !known
}

// expansions lists what the query's words also matched.
func (b *builder) expansions() []Expansion {
	var out []Expansion
	for _, w := range b.order {
		if v := b.expanded[w]; len(v) > 0 {
			out = append(out, Expansion{Term: w, Kind: ExpandTypo, Matches: v})
		}
	}
	idx := slices.SortedFunc(maps.Keys(b.named), func(x, y termAt) int { return cmp.Or(x.clause-y.clause, x.term-y.term) })
	for _, i := range idx {
		e := Expansion{Term: b.words[i], Kind: ExpandMeaning}
		for _, th := range b.named[i] {
			e.Matches = append(e.Matches, th.Label)
		}
		out = append(out, e)
	}
	return out
}

// maxThemeRun is the most neighbouring query words whose phrase names a
// theme: "single sign-on", "fora do ar", "two factor authentication".
const maxThemeRun = 4

// termAt is the place of a term in a query: its clause and its index
// in the clause (an OR group has several).
type termAt struct{ clause, term int }

// meaning returns, for each plain word of pq (alone in its clause or in
// an OR group, not negated), the themes it names alone, or, outside OR
// groups, in a run with its neighbours ("rate limit", "fora do ar"); nil
// when pq has a quoted phrase. A word the caller's documents do not
// hold, that names no theme, is read as the nearest word of the theme
// vocabulary it may be a typo of (nlp.NearThemeWords): "permisions"
// names the theme of "permissions".
func (b *builder) meaning(pq *qlang.Query) map[termAt][]nlp.QueryTheme {
	if b.themes == nil || b.noMeaning {
		return nil
	}
	if b.named != nil {
		return b.named
	}
	for _, c := range pq.Clauses {
		for _, t := range c {
			if t.Kind == qlang.Phrase {
				return nil
			}
		}
	}
	out := map[termAt][]nlp.QueryTheme{}
	b.words = map[termAt]string{}
	add := func(at termAt, w string, th nlp.QueryTheme) {
		if stop := len(b.tokens(analyzerEN, w)) == 0 || len(b.tokens(analyzerPT, w)) == 0; stop {
			return // a stop word is in a run, but its clause is optional
		}
		if !slices.ContainsFunc(out[at], func(x nlp.QueryTheme) bool { return x.Label == th.Label }) {
			out[at] = append(out[at], th)
			b.words[at] = w
		}
	}
	// read is each single-word clause's word as themes read it (typos of
	// the vocabulary corrected), "" for other clauses.
	read := make([]string, len(pq.Clauses))
	for i, c := range pq.Clauses {
		for j, t := range c {
			if t.Kind != qlang.Word || t.Negated {
				continue
			}
			r := b.guess(termAt{i, j}, t.Value)
			if len(c) == 1 {
				read[i] = r
				continue
			}
			for _, th := range b.themes(r) {
				if !b.foreignTheme(th, r) {
					add(termAt{i, j}, t.Value, th)
				}
			}
		}
	}
	cache := map[string][]nlp.QueryTheme{}
	named := func(run []string) []nlp.QueryTheme {
		k := strings.Join(run, " ")
		if th, ok := cache[k]; ok {
			return th
		}
		th := b.themes(k)
		cache[k] = th
		return th
	}
	for n := 1; n <= maxThemeRun; n++ {
		for s := 0; s+n <= len(read); s++ {
			run := read[s : s+n]
			if slices.Contains(run, "") {
				continue
			}
			// Only the themes the run names and none of its shorter runs.
			shorter := map[string]bool{}
			for m := 1; m < n; m++ {
				for t := 0; t+m <= n; t++ {
					for _, th := range named(run[t : t+m]) {
						shorter[th.Label] = true
					}
				}
			}
			for _, th := range named(run) {
				// A theme a shorter run names is that run's, not its
				// neighbours', unless the whole run is one of its
				// phrases: "audit trail", "trilha de auditoria" say the
				// audit log with every word, though "audit" and
				// "auditoria" name it alone.
				if n == 1 && b.foreignTheme(th, run[0]) {
					continue
				}
				if !shorter[th.Label] || b.says(th, run) {
					for i := s; i < s+n; i++ {
						add(termAt{i, 0}, pq.Clauses[i][0].Value, th)
					}
				}
			}
		}
	}
	b.named = out
	return out
}

// says reports whether the words of run, together, are one of th's
// phrases: the same terms, in order, under the analyzer of the phrase's
// language (stems, stop words left out).
func (b *builder) says(th nlp.QueryTheme, run []string) bool {
	if len(run) < 2 {
		return false
	}
	text := strings.Join(run, " ")
	for _, ph := range th.Phrases {
		fs := langFields[ph.Lang]
		if len(fs) == 0 || !strings.Contains(ph.Text, " ") {
			continue
		}
		a := fieldAnalyzers[fs[0]]
		if want := b.tokens(a, ph.Text); len(want) > 1 && slices.Equal(want, b.tokens(a, text)) {
			return true
		}
	}
	return false
}

// guess returns the word w at as themes read it: w, or, when w names no
// theme and the caller's documents do not hold it, its nearest word of
// the theme vocabulary, marking at guessed.
func (b *builder) guess(at termAt, w string) string {
	if len(b.themes(w)) > 0 || !b.unknown(w) {
		return w
	}
	near := nlp.NearThemeWords(w, Fuzziness(w))
	if len(near) == 0 {
		return w
	}
	if b.guessed == nil {
		b.guessed = map[termAt]bool{}
	}
	b.guessed[at] = true
	return near[0]
}

// withMeaning adds to q, the query of the word at, the themes it names.
func (b *builder) withMeaning(q query.Query, themes map[termAt][]nlp.QueryTheme, at termAt) query.Query {
	th := themes[at]
	if len(th) == 0 {
		return q
	}
	boost := 1.0
	if b.guessed[at] { // themes of a typo's guess rank below its variants
		boost = fuzzyBoost
	}
	return bleve.NewDisjunctionQuery(q, b.meaningClause(th, boost))
}

// built is a query's parts: scoring clauses and non-scoring filters.
type built struct {
	must, should, mustNot, filters []query.Query
	// scored is true when a word or phrase scores the hits.
	scored bool
	// clauses counts the required scoring clauses (words, phrases, OR
	// groups), which relaxing can loosen.
	clauses int
	// relaxed is true when should holds relaxed clauses, one of which
	// must match.
	relaxed bool
	// shared is true when an OR group holds a filter, which can match
	// a field that need records have too (client:, source:).
	shared bool
}

// documentsOnly reports whether every record the parts match is a
// document record: a required clause seeks words, phrases or themes,
// which are in the fields of document records only, so that the filter
// on the record type would only cost a look-up per match.
func (p built) documentsOnly() bool { return len(p.must) > 0 && !p.shared }

// build converts pq. Top-level filters (client:, after:, ...) only filter;
// words, phrases and OR groups score. Relaxed, every scoring clause is
// optional, at least one must match, and documents that match more of
// them rank first (Bleve's coordination factor).
func (b *builder) build(pq *qlang.Query) built {
	var out built
	var stops []query.Query
	themes := b.meaning(pq)
	for i, c := range pq.Clauses {
		if len(c) > 1 {
			or := make([]query.Query, 0, len(c))
			scoring := false
			for j, t := range c {
				q, _ := b.term(t)
				if q == nil {
					continue
				}
				if t.Negated {
					q = query.NewBooleanQuery(nil, nil, []query.Query{q})
				} else {
					q = b.withMeaning(q, themes, termAt{i, j})
				}
				or = append(or, q)
				scoring = scoring || t.Kind != qlang.Filter
				out.shared = out.shared || t.Kind == qlang.Filter
			}
			if len(or) > 0 {
				out.add(bleve.NewDisjunctionQuery(or...), scoring, b.relaxed)
			}
			continue
		}
		t := c[0]
		q, optional := b.term(t)
		switch {
		case q == nil:
		case t.Negated:
			out.mustNot = append(out.mustNot, q)
		case t.Kind == qlang.Filter:
			out.filters = append(out.filters, q)
		case optional:
			stops = append(stops, q)
		default:
			out.add(b.withMeaning(q, themes, termAt{i, 0}), true, b.relaxed)
		}
	}
	// Stop words only add to the score, unless they are all there is; a
	// relaxed query drops them.
	if len(out.must)+len(out.should) == 0 && len(stops) > 0 {
		out.should, out.scored = stops, true
	} else if !b.relaxed {
		out.should = append(out.should, stops...)
	}
	return out
}

// add adds a required clause; a scoring one is counted, and only
// optional when relaxed.
func (p *built) add(q query.Query, scoring, relaxed bool) {
	switch {
	case !scoring:
		p.filters = append(p.filters, q)
	case relaxed:
		p.should = append(p.should, q)
		p.scored, p.relaxed = true, true
	default:
		p.must = append(p.must, q)
		p.scored = true
		p.clauses++
	}
}

// query assembles the parts with extra filters into one Bleve query.
func (p built) query(filters ...query.Query) query.Query {
	must := p.must
	if len(must) == 0 && len(p.should) == 0 {
		must = []query.Query{bleve.NewMatchAllQuery()}
	}
	bq := query.NewBooleanQuery(must, p.should, p.mustNot)
	if len(must) == 0 || p.relaxed {
		bq.SetMinShould(1)
	}
	if f := append(p.filters[:len(p.filters):len(p.filters)], filters...); len(f) > 0 {
		bq.Filter = bleve.NewConjunctionQuery(f...)
	}
	return bq
}

// term converts one term (ignoring its negation). It returns nil for a
// term that no analyzer keeps (punctuation), and optional = true for a
// word some language treats as a stop word.
func (b *builder) term(t qlang.Term) (q query.Query, optional bool) {
	switch t.Kind {
	case qlang.Phrase:
		if len(b.tokens(analyzerUnd, t.Value)) == 0 {
			return nil, false
		}
		qs := make([]query.Query, 0, len(searchFields))
		for _, f := range b.fields() {
			qs = append(qs, fieldQuery(f, t.Value, true, 1))
		}
		return bleve.NewDisjunctionQuery(qs...), false
	case qlang.Filter:
		q := b.filter(t)
		noScore(q)
		return q, false
	}
	if len(b.tokens(analyzerUnd, t.Value)) == 0 {
		return nil, false
	}
	optional = len(b.tokens(analyzerEN, t.Value)) == 0 || len(b.tokens(analyzerPT, t.Value)) == 0 ||
		nlp.OptionalQueryWord(t.Value)
	return b.word(t.Value, b.variants(t.Value)), optional
}

// word is wordQueryIn in the builder's fields, the word itself
// sought as written in a field that reads it as a false friend
// (falseFriend, asWritten).
func (b *builder) word(w string, variants []string) query.Query {
	q := wordQueryIn(b.fields(), w, variants)
	for i, f := range b.fields() { // the word's own queries come first
		if b.falseFriend(f, w) {
			q.Disjuncts[i] = b.asWritten(q.Disjuncts[i], w)
		}
	}
	return q
}

// fields are the fields the builder seeks words in.
func (b *builder) fields() []string {
	if b.fragments {
		return textFields
	}
	return searchFields
}

// wordQuery matches one word in every search field, each analysed by its
// field's analyzer, and, weighted fuzzyBoost, each of its typo variants.
func wordQuery(w string, variants []string) query.Query {
	return wordQueryIn(searchFields, w, variants)
}

// wordQueryIn is wordQuery in the given fields.
func wordQueryIn(fields []string, w string, variants []string) *query.DisjunctionQuery {
	qs := make([]query.Query, 0, (1+len(variants))*len(fields))
	for i, v := range append([]string{w}, variants...) {
		boost := 1.0
		if i > 0 {
			boost = fuzzyBoost
		}
		for _, f := range fields {
			qs = append(qs, fieldQuery(f, v, false, boost))
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// subjectWeight weighs a match in the subject against one in the text. A
// subject is short, so a word there already scores high by its length
// norm, and it is matched in two fields (as written and stemmed); the
// weight brings one subject word to a few times a text word, not the
// 30–45 times it was. Tuned on both judged sets (EVALUATION.md): 1,
// 0.5, 0.2, 0.1 and 0.05 were tried.
const subjectWeight = 0.1

// fieldQuery matches text (all its words, or as a phrase) in field f,
// analysed as f is, weighted boost times the field's weight.
func fieldQuery(f, text string, phrase bool, boost float64) query.Query {
	boost *= fieldWeight(f)
	if phrase {
		m := bleve.NewMatchPhraseQuery(text)
		m.SetField(f)
		m.SetBoost(boost)
		return m
	}
	m := bleve.NewMatchQuery(text)
	m.SetField(f)
	m.SetOperator(query.MatchQueryOperatorAnd)
	m.SetBoost(boost)
	return m
}

// fieldTerm matches one analysed term in field f, weighted boost times
// the field's weight: fieldQuery of a text that analyses to term alone.
func fieldTerm(f, term string, boost float64) query.Query {
	t := termQuery(f, term)
	t.SetBoost(fieldWeight(f) * boost)
	return t
}

// fieldPhrase matches the terms of a phrase (by position, as
// fieldQuery's match phrase query would analyse it) in field f, weighted
// boost times the field's weight.
func fieldPhrase(f string, terms [][]string, boost float64) query.Query {
	q := query.NewMultiPhraseQuery(terms, f)
	q.SetBoost(fieldWeight(f) * boost)
	return q
}

// fieldWeight is the weight of a match in field f: subjectWeight in a
// subject field, 1 in the others.
func fieldWeight(f string) float64 {
	if f == fieldSubject || f == fieldSubjectEN || f == fieldSubjectPT {
		return subjectWeight
	}
	return 1
}

// filterFields maps the filters that are one exact term to their index
// field; the query builder and the percolator's prefilter share it.
var filterFields = map[string]string{
	qlang.FieldClient: fieldClient,
	qlang.FieldSource: fieldSource,
	qlang.FieldKind:   fieldNeedKind,
	qlang.FieldCue:    fieldNeedCue,
	qlang.FieldLang:   fieldLanguage,
}

// filter is the query of a field filter.
func (b *builder) filter(t qlang.Term) query.Query {
	if f, ok := filterFields[t.Field]; ok {
		return termQuery(f, t.Value)
	}
	switch t.Field {
	case qlang.FieldEntity:
		return bleve.NewDisjunctionQuery(termQuery(fieldEntValue, t.Value), termQuery(fieldEntLabel, strings.ToUpper(t.Value)))
	case qlang.FieldTheme:
		return b.theme(t.Value)
	case qlang.FieldAfter:
		return b.layout.atRange(t.From, time.Time{})
	case qlang.FieldBefore:
		return b.layout.atRange(time.Time{}, t.To)
	}
	return bleve.NewMatchNoneQuery()
}

// theme matches a theme key exactly, or keys that hold every stem of the
// value's words in English or in Portuguese: theme:invoice finds the key
// "invoic number po".
func (b *builder) theme(v string) query.Query {
	alts := []query.Query{termQuery(fieldNeedTheme, v)}
	for _, a := range []string{analyzerEN, analyzerPT} {
		stems := b.tokens(a, v)
		if len(stems) == 0 {
			continue
		}
		conj := make([]query.Query, 0, len(stems))
		for _, s := range stems {
			if b.themeKeys != nil {
				conj = append(conj, keysQuery(b.themeKeys(s)))
				continue
			}
			r := bleve.NewRegexpQuery("(.* )?" + regexp.QuoteMeta(s) + "( .*)?")
			r.SetField(fieldNeedTheme)
			conj = append(conj, r)
		}
		alts = append(alts, bleve.NewConjunctionQuery(conj...))
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// keysQuery matches any of keys in the theme keys field.
func keysQuery(keys []string) query.Query {
	if len(keys) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	return anyTerm(fieldNeedTheme, keys)
}

// filterBoost is the weight of a filter beside words: next to nothing. (A
// zero weight makes Bleve's query norm divide by zero.)
const filterBoost = 1e-6

// noScore makes a filter inside an OR select without adding to the score.
func noScore(q query.Query) {
	if bq, ok := q.(query.BoostableQuery); ok {
		bq.SetBoost(filterBoost)
	}
}

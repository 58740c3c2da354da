package index

import (
	"regexp"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// builder turns a parsed query into a Bleve query. tokens analyses text
// with a registered analyzer, the way the index analysed the fields.
type builder struct {
	tokens func(analyzer, text string) []string
	// relaxed makes plain words optional (at least one must match)
	// instead of all required.
	relaxed bool
	// typos, when set, returns the typo variants of a word that the
	// caller's documents do not hold (see typos.go); nil for a word they
	// hold.
	typos func(word string) ([]string, error)
	// expanded caches typos by word, in the order first asked, for
	// Result.Expansions; err is the first error of typos.
	expanded map[string][]string
	order    []string
	err      error
}

// variants returns the cached typo variants of w.
func (b *builder) variants(w string) []string {
	if b.typos == nil || b.err != nil {
		return nil
	}
	if v, ok := b.expanded[w]; ok {
		return v
	}
	v, err := b.typos(w)
	if err != nil {
		b.err = err
		return nil
	}
	if b.expanded == nil {
		b.expanded = map[string][]string{}
	}
	b.expanded[w] = v
	b.order = append(b.order, w)
	return v
}

// expansions lists what the query's words also matched.
func (b *builder) expansions() []Expansion {
	var out []Expansion
	for _, w := range b.order {
		if v := b.expanded[w]; len(v) > 0 {
			out = append(out, Expansion{Term: w, Kind: ExpandTypo, Matches: v})
		}
	}
	return out
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
}

// build converts pq. Top-level filters (client:, after:, ...) only filter;
// words, phrases and OR groups score. Relaxed, every scoring clause is
// optional, at least one must match, and documents that match more of
// them rank first (Bleve's coordination factor).
func (b *builder) build(pq *parsedQuery) built {
	var out built
	var stops []query.Query
	for _, c := range pq.clauses {
		if len(c) > 1 {
			or := make([]query.Query, 0, len(c))
			scoring := false
			for _, t := range c {
				q, _ := b.term(t)
				if q == nil {
					continue
				}
				if t.negated {
					q = query.NewBooleanQuery(nil, nil, []query.Query{q})
				}
				or = append(or, q)
				scoring = scoring || t.kind != termFilter
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
		case t.negated:
			out.mustNot = append(out.mustNot, q)
		case t.kind == termFilter:
			out.filters = append(out.filters, q)
		case optional:
			stops = append(stops, q)
		default:
			out.add(q, true, b.relaxed)
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
		p.must = append(p.must, q)
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
func (b *builder) term(t term) (q query.Query, optional bool) {
	switch t.kind {
	case termPhrase:
		if len(b.tokens(analyzerUnd, t.value)) == 0 {
			return nil, false
		}
		qs := make([]query.Query, 0, len(searchFields))
		for _, f := range searchFields {
			m := bleve.NewMatchPhraseQuery(t.value)
			m.SetField(f)
			qs = append(qs, m)
		}
		return bleve.NewDisjunctionQuery(qs...), false
	case termFilter:
		q := b.filter(t)
		noScore(q)
		return q, false
	}
	if len(b.tokens(analyzerUnd, t.value)) == 0 {
		return nil, false
	}
	optional = len(b.tokens(analyzerEN, t.value)) == 0 || len(b.tokens(analyzerPT, t.value)) == 0
	return wordQuery(t.value, b.variants(t.value)), optional
}

// wordQuery matches one word in every text field, each analysed by its
// field's analyzer, and, weighted fuzzyBoost, each of its typo variants.
func wordQuery(w string, variants []string) query.Query {
	qs := make([]query.Query, 0, (1+len(variants))*len(searchFields))
	for i, v := range append([]string{w}, variants...) {
		for _, f := range searchFields {
			m := bleve.NewMatchQuery(v)
			m.SetField(f)
			m.SetOperator(query.MatchQueryOperatorAnd)
			if i > 0 {
				m.SetBoost(fuzzyBoost)
			}
			qs = append(qs, m)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// filter is the query of a field filter.
func (b *builder) filter(t term) query.Query {
	switch t.field {
	case qfClient:
		return termQuery(fieldClient, t.value)
	case qfSource:
		return termQuery(fieldSource, t.value)
	case qfKind:
		return termQuery(fieldNeedKind, t.value)
	case qfCue:
		return termQuery(fieldNeedCue, t.value)
	case qfLang:
		return termQuery(fieldLanguage, t.value)
	case qfEntity:
		return bleve.NewDisjunctionQuery(termQuery(fieldEntValue, t.value), termQuery(fieldEntLabel, strings.ToUpper(t.value)))
	case qfTheme:
		return b.theme(t.value)
	case qfAfter:
		return atRange(t.from, time.Time{})
	case qfBefore:
		return atRange(time.Time{}, t.to)
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
			r := bleve.NewRegexpQuery("(.* )?" + regexp.QuoteMeta(s) + "( .*)?")
			r.SetField(fieldNeedTheme)
			conj = append(conj, r)
		}
		alts = append(alts, bleve.NewConjunctionQuery(conj...))
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// atRange matches "at" in [from, to); a zero bound is open.
func atRange(from, to time.Time) query.Query {
	yes, no := true, false
	q := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	q.SetField(fieldAt)
	return q
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

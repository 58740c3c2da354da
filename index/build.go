package index

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Typo tolerance: a word of at least fuzzyMin1 letters also matches terms
// one edit away, of at least fuzzyMin2 letters two edits away, through an
// extra clause weighted fuzzyBoost so exact and stemmed matches rank first.
const (
	fuzzyMin1  = 5
	fuzzyMin2  = 8
	fuzzyBoost = 0.2
)

// builder turns a parsed query into a Bleve query. tokens analyses text
// with a registered analyzer, the way the index analysed the fields.
type builder struct {
	tokens func(analyzer, text string) []string
	// relaxed makes plain words optional (at least one must match)
	// instead of all required.
	relaxed bool
	// known, when set, reports whether a word is in the index as written
	// (after each field's analysis). Only unknown words are expanded to
	// their typo variants: expanding a known word costs a Levenshtein
	// automaton walk of the term dictionary and finds little it needs.
	known func(word string) bool
}

// built is a query's parts: scoring clauses and non-scoring filters.
type built struct {
	must, should, mustNot, filters []query.Query
	// scored is true when a word or phrase scores the hits.
	scored bool
	// words counts the required plain words, which relaxing can loosen.
	words int
}

// build converts pq. Top-level filters (client:, after:, ...) only filter;
// words and phrases score.
func (b *builder) build(pq *parsedQuery) built {
	var out built
	var stops []query.Query
	for _, c := range pq.clauses {
		if len(c) > 1 {
			or := make([]query.Query, 0, len(c))
			for _, t := range c {
				q, _ := b.term(t)
				if q == nil {
					continue
				}
				if t.negated {
					q = query.NewBooleanQuery(nil, nil, []query.Query{q})
				}
				or = append(or, q)
				out.scored = out.scored || t.kind != termFilter
			}
			if len(or) > 0 {
				out.must = append(out.must, bleve.NewDisjunctionQuery(or...))
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
		case t.kind == termWord && b.relaxed:
			out.should = append(out.should, q)
			out.scored = true
		default:
			out.must = append(out.must, q)
			out.scored = true
			if t.kind == termWord {
				out.words++
			}
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

// query assembles the parts with extra filters into one Bleve query.
func (p built) query(filters ...query.Query) query.Query {
	must := p.must
	if len(must) == 0 && len(p.should) == 0 {
		must = []query.Query{bleve.NewMatchAllQuery()}
	}
	bq := query.NewBooleanQuery(must, p.should, p.mustNot)
	if len(must) == 0 {
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
	return wordQuery(t.value, b.known == nil || !b.known(t.value)), optional
}

// wordQuery matches one word in every text field, each analysed by its
// field's analyzer, plus, when typos is set, a weaker fuzzy clause for
// longer words.
func wordQuery(w string, typos bool) query.Query {
	qs := make([]query.Query, 0, 2*len(searchFields))
	for _, f := range searchFields {
		m := bleve.NewMatchQuery(w)
		m.SetField(f)
		m.SetOperator(query.MatchQueryOperatorAnd)
		qs = append(qs, m)
	}
	if fz := fuzziness(w); typos && fz > 0 {
		for _, f := range searchFields {
			m := bleve.NewMatchQuery(w)
			m.SetField(f)
			m.SetOperator(query.MatchQueryOperatorAnd)
			m.SetFuzziness(fz)
			m.SetBoost(fuzzyBoost)
			qs = append(qs, m)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// fuzziness is the edit distance a word tolerates: 0 for short words and
// words with anything but letters (numbers, references).
func fuzziness(w string) int {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return 0
		}
	}
	switch n := utf8.RuneCountInString(w); {
	case n >= fuzzyMin2:
		return 2
	case n >= fuzzyMin1:
		return 1
	}
	return 0
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

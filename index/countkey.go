package index

import (
	"encoding/binary"
	"encoding/json"
	"math"

	"github.com/blevesearch/bleve/v2/search/query"
)

// keyWriter serialises a Bleve query for the count cache's key
// (countKey): every field that its JSON form has, each query type behind
// its own tag, every string and list behind its length, so that two
// queries write the same bytes only when their JSON forms are the same.
// The query types ckm builds are written directly; any other is written
// as its JSON. A search by meaning builds a query of hundreds of leaves
// (a theme's phrases in each field, its learned keys), and encoding it
// as JSON by reflection, with every leaf's own MarshalJSON output checked
// again by the encoder, took 2% of a search's CPU (20,000 documents,
// kept counts). ckm never
// sets a match or phrase query's automatic fuzziness (the one field of
// their JSON that is not exported), so Fuzziness stands for it.
type keyWriter struct{ buf []byte }

// Tags of keyWriter's query types.
const (
	keyNil byte = iota
	keyJSON
	keyBoolean
	keyDisjunction
	keyConjunction
	keyTerm
	keyMatch
	keyMatchPhrase
	keyMultiPhrase
	keyTermRange
	keyMatchAll
	keyMatchNone
	keyAnyKey
)

func (w *keyWriter) tag(t byte) { w.buf = append(w.buf, t) }

func (w *keyWriter) num(n int) { w.buf = binary.AppendVarint(w.buf, int64(n)) }

func (w *keyWriter) str(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *keyWriter) strs(ss []string) {
	w.num(len(ss))
	for _, s := range ss {
		w.str(s)
	}
}

func (w *keyWriter) flt(f float64) {
	w.buf = binary.LittleEndian.AppendUint64(w.buf, math.Float64bits(f))
}

func (w *keyWriter) boost(b *query.Boost) {
	if b == nil {
		w.tag(0)
		return
	}
	w.tag(1)
	w.flt(float64(*b))
}

func (w *keyWriter) optBool(b *bool) {
	switch {
	case b == nil:
		w.tag(0)
	case *b:
		w.tag(1)
	default:
		w.tag(2)
	}
}

func (w *keyWriter) queries(qs []query.Query) bool {
	w.num(len(qs))
	for _, q := range qs {
		if !w.query(q) {
			return false
		}
	}
	return true
}

// query writes q, or returns false when q does not serialise.
func (w *keyWriter) query(q query.Query) bool {
	switch q := q.(type) {
	case nil:
		w.tag(keyNil)
	case *query.BooleanQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyBoolean)
		w.boost(q.BoostVal)
		return w.query(q.Must) && w.query(q.Should) && w.query(q.MustNot) && w.query(q.Filter)
	case *query.DisjunctionQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyDisjunction)
		w.boost(q.BoostVal)
		w.flt(q.Min)
		return w.queries(q.Disjuncts)
	case *query.ConjunctionQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyConjunction)
		w.boost(q.BoostVal)
		return w.queries(q.Conjuncts)
	case *query.TermQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyTerm)
		w.boost(q.BoostVal)
		w.str(q.FieldVal)
		w.str(q.Term)
	case *query.MatchQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyMatch)
		w.boost(q.BoostVal)
		w.str(q.FieldVal)
		w.str(q.Match)
		w.str(q.Analyzer)
		w.num(q.Prefix)
		w.num(q.Fuzziness)
		w.num(int(q.Operator))
	case *query.MatchPhraseQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyMatchPhrase)
		w.boost(q.BoostVal)
		w.str(q.FieldVal)
		w.str(q.MatchPhrase)
		w.str(q.Analyzer)
		w.num(q.Fuzziness)
	case *query.MultiPhraseQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyMultiPhrase)
		w.boost(q.BoostVal)
		w.str(q.FieldVal)
		w.num(q.Fuzziness)
		w.num(len(q.Terms))
		for _, ts := range q.Terms {
			w.strs(ts)
		}
	case *query.TermRangeQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyTermRange)
		w.boost(q.BoostVal)
		w.str(q.FieldVal)
		w.str(q.Min)
		w.str(q.Max)
		w.optBool(q.InclusiveMin)
		w.optBool(q.InclusiveMax)
	case *query.MatchAllQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyMatchAll)
		w.boost(q.BoostVal)
	case *query.MatchNoneQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyMatchNone)
		w.boost(q.BoostVal)
	case *anyKeyQuery:
		if q == nil {
			return w.json(q)
		}
		w.tag(keyAnyKey)
		w.flt(q.boost)
		w.str(q.field)
		w.strs(q.terms)
	default:
		return w.json(q)
	}
	return true
}

// json writes q as its JSON form.
func (w *keyWriter) json(q query.Query) bool {
	b, err := json.Marshal(q)
	if err != nil {
		return false
	}
	w.tag(keyJSON)
	w.str(string(b))
	return true
}

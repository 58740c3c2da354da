package index

import (
	"context"
	"encoding/json"
	"math"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// anyKeyQuery matches the records that hold any of its terms in a
// keyword field, all with one score: the learned members of a theme
// (meaningClause), often a hundred keys or more. As a disjunction of term
// queries, Bleve merged and scored every key's postings at every match,
// which made a word that names a large learned theme cost several times
// its own search; here the postings are united once, as bitmaps (Bleve's
// "unadorned" disjunction). Every match scores the union's idf (with the
// sum of the keys' document frequencies, an upper bound of the union's)
// times the weight, which counts in the query norm as a constant-score
// query's does (the weight alone, not times the idf as a term's): a match
// by a learned key weighs less than one by a term of the query, the
// learned grouping being the noisiest source of meaning. Scored as a term
// (idf², the first version), it lost 0.008 nDCG@10 on the
// development-data set; as it is, it gains 0.013 there (EVALUATION.md).
type anyKeyQuery struct {
	field string
	terms []string
	boost float64
}

// SetBoost sets the query's weight.
func (q *anyKeyQuery) SetBoost(b float64) { q.boost = b }

// Boost is the query's weight.
func (q *anyKeyQuery) Boost() float64 { return q.boost }

// MarshalJSON writes what the query matches, so that the count cache's
// key (countKey) tells two of them apart.
func (q *anyKeyQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AnyKey []string `json:"any_key"`
		Field  string   `json:"field"`
		Boost  float64  `json:"boost"`
	}{q.terms, q.field, q.boost})
}

// Searcher implements query.Query.
func (q *anyKeyQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	none := search.SearcherOptions{Score: "none"}
	subs := make([]search.Searcher, 0, len(q.terms))
	closeAll := func() {
		for _, s := range subs {
			s.Close()
		}
	}
	var df uint64
	for _, t := range q.terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, 1, none)
		if err != nil {
			closeAll()
			return nil, err
		}
		df += s.Count()
		subs = append(subs, s)
	}
	n, err := r.DocCount()
	if err != nil {
		closeAll()
		return nil, err
	}
	// With the scoring off, Bleve unites the postings into one reader and
	// closes the term searchers.
	u, err := searcher.NewDisjunctionSearcher(ctx, r, subs, 0, none)
	if err != nil {
		closeAll()
		return nil, err
	}
	idf := 1 + math.Log(float64(n)/float64(df+1))
	// (Alone, no composite sets the query norm: it is then 1.)
	return &constantSearcher{Searcher: u, score: idf, boost: q.boost, queryWeight: q.boost, explain: options.Explain}, nil
}

// constantSearcher gives every match of the searcher it wraps the score
// score × boost × the query norm; its weight in the query norm is boost².
type constantSearcher struct {
	search.Searcher
	score, boost, queryWeight float64
	explain                   bool
}

// Weight is the squared weight the query norm sums.
func (s *constantSearcher) Weight() float64 { return s.boost * s.boost }

// SetQueryNorm takes the query norm into the weight.
func (s *constantSearcher) SetQueryNorm(n float64) { s.queryWeight = s.boost * n }

// Next returns the next match, scored.
func (s *constantSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	return s.scored(d), err
}

// Advance returns the first match at or after id, scored.
func (s *constantSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	return s.scored(d), err
}

func (s *constantSearcher) scored(d *search.DocumentMatch) *search.DocumentMatch {
	if d == nil {
		return nil
	}
	d.Score = s.score * s.queryWeight
	if s.explain {
		d.Expl = &search.Explanation{Value: d.Score, Message: "any of a theme's learned keys: idf × weight"}
	}
	return d
}

package index

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
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
	// kept, when set, keeps its matches for the snapshot searched
	// (anyKeyCache).
	kept *anyKeyCache
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
	var u search.Searcher
	var df uint64
	if _, scorched := r.(*scorch.IndexSnapshot); q.kept != nil && scorched {
		m, err := q.kept.matches(ctx, r, q)
		if err != nil {
			return nil, err
		}
		u, df = &docsSearcher{m: m}, m.df
	} else {
		var err error
		if u, df, err = q.union(ctx, r); err != nil {
			return nil, err
		}
	}
	n, err := r.DocCount()
	if err != nil {
		u.Close()
		return nil, err
	}
	idf := 1 + math.Log(float64(n)/float64(df+1))
	// (Alone, no composite sets the query norm: it is then 1.)
	return &constantSearcher{Searcher: u, score: idf, boost: q.boost, queryWeight: q.boost, explain: options.Explain}, nil
}

// union returns an unscored searcher of the records holding any of q's
// terms, and the sum of the terms' document frequencies.
func (q *anyKeyQuery) union(ctx context.Context, r bleveindex.IndexReader) (search.Searcher, uint64, error) {
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
			return nil, 0, err
		}
		df += s.Count()
		subs = append(subs, s)
	}
	// With the scoring off, Bleve unites the postings into one reader and
	// closes the term searchers.
	u, err := searcher.NewDisjunctionSearcher(ctx, r, subs, 0, none)
	if err != nil {
		closeAll()
		return nil, 0, err
	}
	return u, df, nil
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

// Matches of anyKeyQuery kept for the snapshot searched. A word that names
// a large learned theme brings a hundred keys or more, and opening each
// key's postings and uniting them was a tenth of a search by meaning (at
// 20,000 documents) on every search of a word of that theme. A snapshot
// never changes, so the union of a set of keys in it is the same on every
// search of it: the index keeps the unions of the latest snapshot
// searched, as the numbers of their documents, and the next snapshot (a
// commit, a merge) starts afresh. The search then walks the kept numbers,
// with the document frequency and the searcher's count of the first
// union, so that scores and the order in which Bleve runs its searchers
// are those of a search that united the postings itself.

// maxKeptAnyKeyDocs bounds the document numbers anyKeyCache keeps in all.
const maxKeptAnyKeyDocs = 1 << 21

// anyKeyCache keeps the matches of anyKeyQuery by field and keys, for one
// snapshot. Its zero value is ready; it is safe for concurrent use.
type anyKeyCache struct {
	mu   sync.Mutex
	snap bleveindex.IndexReader // the snapshot of m
	m    map[string]*anyKeyMatches
	docs int // the document numbers m holds in all
}

// anyKeyMatches are the matches of one anyKeyQuery in one snapshot.
type anyKeyMatches struct {
	docs  []uint64 // the snapshot's numbers of the matching records, ascending
	df    uint64   // the sum of the keys' document frequencies
	count uint64   // Bleve's union searcher's Count
	pool  int      // and its DocumentMatchPoolSize
}

// matches returns q's matches in r, kept or found and kept.
func (c *anyKeyCache) matches(ctx context.Context, r bleveindex.IndexReader, q *anyKeyQuery) (*anyKeyMatches, error) {
	key := q.field + "\x00" + strings.Join(q.terms, "\x00")
	c.mu.Lock()
	m, ok := c.m[key]
	if c.snap != r {
		ok = false
	}
	c.mu.Unlock()
	if ok {
		return m, nil
	}
	u, df, err := q.union(ctx, r)
	if err != nil {
		return nil, err
	}
	defer u.Close()
	m = &anyKeyMatches{df: df, count: u.Count(), pool: u.DocumentMatchPoolSize()}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(m.pool, 0), IndexReader: r}
	for {
		d, err := u.Next(sctx)
		if err != nil {
			return nil, err
		}
		if d == nil {
			break
		}
		m.docs = append(m.docs, binary.BigEndian.Uint64(d.IndexInternalID))
		sctx.DocumentMatchPool.Put(d)
	}
	c.mu.Lock()
	if c.snap != r || c.m == nil || c.docs+len(m.docs) > maxKeptAnyKeyDocs {
		c.snap, c.m, c.docs = r, map[string]*anyKeyMatches{}, 0
	}
	c.m[key] = m
	c.docs += len(m.docs)
	c.mu.Unlock()
	return m, nil
}

// docsSearcher walks kept matches as Bleve's union searcher would.
type docsSearcher struct {
	m *anyKeyMatches
	i int // the next match
}

func (s *docsSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.i >= len(s.m.docs) {
		return nil, nil
	}
	d := ctx.DocumentMatchPool.Get()
	d.IndexInternalID = binary.BigEndian.AppendUint64(d.IndexInternalID[:0], s.m.docs[s.i])
	s.i++
	return d, nil
}

func (s *docsSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if len(id) != 8 {
		return nil, fmt.Errorf("index: advance to %x: not a document number", []byte(id))
	}
	n := binary.BigEndian.Uint64(id)
	s.i = sort.Search(len(s.m.docs), func(i int) bool { return s.m.docs[i] >= n })
	return s.Next(ctx)
}

func (s *docsSearcher) Close() error               { return nil }
func (s *docsSearcher) Weight() float64            { return 0 }
func (s *docsSearcher) SetQueryNorm(float64)       {}
func (s *docsSearcher) Count() uint64              { return s.m.count }
func (s *docsSearcher) Min() int                   { return 0 }
func (s *docsSearcher) Size() int                  { return 64 }
func (s *docsSearcher) DocumentMatchPoolSize() int { return s.m.pool }

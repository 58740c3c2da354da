package index

import (
	"crypto/sha256"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
)

// A search counts its facets over every match as it collects its hits
// (facetcount.go). A search's total and facet counts depend only on its
// Bleve query (the words with their typo variants and themes, the filters
// and the scope) and on the index's contents, so they are kept for the
// index generation they were counted at: the next page of the same
// search (a cursor) and the same search asked again reuse them, and every
// commit starts a new generation, so they are never stale.

// counted is the total and facet counts of one search.
type counted struct {
	total  uint64
	facets map[string][]FacetCount
}

// countKey identifies what a search counts: its Bleve query and the
// facets asked for.
type countKey [sha256.Size]byte

// countCache keeps the counts of recent searches of the current index
// generation, at most size of them (each holds at most facetSize terms of
// each facet); size ≤ 0 keeps none. It is safe for concurrent use.
type countCache struct {
	size     int
	gen      atomic.Uint64 // bumped before and after every commit
	counting atomic.Uint64 // searches that counted facets
	mu       sync.Mutex
	at       uint64 // the generation of m
	m        map[countKey]counted
}

// countKey returns p's count key, or false when p's query does not serialise
// (it is then counted every time).
func (p *plan) countKey() (countKey, bool) {
	var w keyWriter
	if !w.query(p.parts.query(p.scopeFilters()...)) {
		return countKey{}, false
	}
	w.strs(p.facets)
	return sha256.Sum256(w.buf), true
}

// get returns the counts kept for k at generation gen.
func (c *countCache) get(k countKey, gen uint64) (counted, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.at != gen {
		return counted{}, false
	}
	v, ok := c.m[k]
	if !ok {
		return counted{}, false
	}
	return counted{v.total, cloneFacets(v.facets)}, true
}

// put keeps v for k, counted over the index as it was at generation gen,
// unless a commit has begun since.
func (c *countCache) put(k countKey, gen uint64, v counted) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size <= 0 || c.gen.Load() != gen {
		return
	}
	if c.m == nil || c.at != gen || len(c.m) >= c.size {
		c.at, c.m = gen, map[countKey]counted{}
	}
	c.m[k] = counted{v.total, cloneFacets(v.facets)}
}

// cloneFacets copies the slices of fs, so that a caller's result and the
// cache share none.
func cloneFacets(fs map[string][]FacetCount) map[string][]FacetCount {
	out := maps.Clone(fs)
	for k, v := range out {
		out[k] = slices.Clone(v)
	}
	return out
}

// apply executes b, starting a new generation of counts before and after:
// a search that overlaps the commit keeps no counts.
func (ix *Index) apply(b *bleve.Batch) error {
	ix.counts.gen.Add(1)
	defer ix.counts.gen.Add(1)
	return ix.bleve.Batch(b)
}

// FacetCountings is how many searches have counted facets over their
// matches since Open; a search whose counts were kept (the next page of a
// search, or the same search again with no commit in between) does not
// count them again. Tests use it to check that paging reuses the counts.
func (ix *Index) FacetCountings() uint64 { return ix.counts.counting.Load() }

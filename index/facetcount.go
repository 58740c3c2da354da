package index

import (
	"context"
	"encoding/binary"
	"errors"
	"slices"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A search counts its facets in the pass that collects its hits. Bleve's
// top-N collector visits every match (to know the total and the best),
// and takes from the context a maker of the handler it gives each match
// (search.MakeDocumentMatchHandlerKey); ckm's handler adds the match's
// facet terms, from the tables of its segment (facetvalues.go), to the
// counts and passes the match on to Bleve's own. The counts are Bleve's
// terms facets' (by count, then term), without reading doc values and
// without running the query a second time.

// facetPass counts the facets of the matches of one Bleve search. Its
// zero value is not usable; see newFacetPass.
type facetPass struct {
	tables  *facetTables
	fields  []int // indexes into FacetNames
	counter *facetCounter
}

// errNotCounted is returned when a search that should have counted its
// facets did not collect its matches.
var errNotCounted = errors.New("facets were not counted")

// newFacetPass returns a pass counting facets (names of FacetNames) with
// ix's tables, or false when ix is not an index whose segments it can
// read (its facets are then Bleve's).
func (ix *Index) newFacetPass(facets []string) (*facetPass, bool) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, false
	}
	if _, ok := adv.(*scorch.Scorch); !ok {
		return nil, false
	}
	p := &facetPass{tables: &ix.facetTables}
	for i, n := range FacetNames {
		if slices.Contains(facets, n) {
			p.fields = append(p.fields, i)
		}
	}
	return p, true
}

// in returns ctx asking the Bleve search run with it to count p's facets:
// one search only.
func (p *facetPass) in(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(p.handler))
}

// handler makes the handler of the matches of one collection: Bleve's
// own, after counting the match.
func (p *facetPass) handler(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
	next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil {
		return nil, false, err
	}
	snap, ok := sctx.IndexReader.(*scorch.IndexSnapshot)
	if next == nil || !ok {
		return nil, false, errNotCounted
	}
	c, err := newFacetCounter(p.tables, snap, p.fields)
	if err != nil {
		return nil, false, err
	}
	p.counter = c
	return func(d *search.DocumentMatch) error {
		if d != nil {
			c.add(binary.BigEndian.Uint64(d.IndexInternalID))
		}
		return next(d)
	}, loadID, nil
}

// top returns the top size terms of each facet counted, or
// errNotCounted when no search counted them.
func (p *facetPass) top(size int) (map[string][]FacetCount, error) {
	if p.counter == nil {
		return nil, errNotCounted
	}
	return p.counter.top(size), nil
}

// facetCounter counts the terms of some facet fields over matches given
// in the order of their numbers in a snapshot, a segment at a time.
type facetCounter struct {
	segs    []*segmentValues
	offsets []uint64 // each segment's first document number
	fields  []int    // indexes into FacetNames
	want    [7]bool  // by FacetNames: whether counted
	last    uint32   // the last field counted: a document's values past it are skipped
	seg     int      // the segment of the last match, or -1
	// local are the counts of each field's term numbers in seg, and
	// touched the numbers counted there, in the order first counted.
	local   [7][]uint32
	touched [7][]uint32
	counts  [7]map[string]int
}

// newFacetCounter returns a counter of fields over snap's matches, with
// the tables of its segments read.
func newFacetCounter(t *facetTables, snap *scorch.IndexSnapshot, fields []int) (*facetCounter, error) {
	segs, err := t.of(snap, true)
	if err != nil {
		return nil, err
	}
	c := &facetCounter{segs: segs, fields: fields, seg: -1, offsets: make([]uint64, len(segs))}
	var running uint64
	for i, ss := range snap.Segments() {
		c.offsets[i] = running
		running += ss.Segment().Count() // deleted documents keep their numbers
	}
	for _, f := range fields {
		c.want[f], c.counts[f] = true, map[string]int{}
		c.last = max(c.last, uint32(f))
	}
	return c, nil
}

// add counts the terms of the document numbered doc in the snapshot.
func (c *facetCounter) add(doc uint64) {
	if c.seg < 0 || doc < c.offsets[c.seg] || c.seg+1 < len(c.offsets) && doc >= c.offsets[c.seg+1] {
		c.flush()
		c.seg = sort.Search(len(c.offsets), func(i int) bool { return c.offsets[i] > doc }) - 1
		for _, f := range c.fields {
			n := len(c.segs[c.seg].terms[f])
			if cap(c.local[f]) < n {
				c.local[f] = make([]uint32, n)
			}
			c.local[f] = c.local[f][:n]
		}
	}
	sv, local := c.segs[c.seg], doc-c.offsets[c.seg]
	for _, v := range sv.vals[sv.start[local]:sv.start[local+1]] {
		f, num := v>>valueNumBits, v&valueNumMask
		if f > c.last { // values are in field order
			break
		}
		if !c.want[f] {
			continue
		}
		if c.local[f][num] == 0 {
			c.touched[f] = append(c.touched[f], num)
		}
		c.local[f][num]++
	}
}

// flush adds the counts of the current segment to the totals by term and
// clears them.
func (c *facetCounter) flush() {
	if c.seg < 0 {
		return
	}
	for _, f := range c.fields {
		terms := c.segs[c.seg].terms[f]
		for _, num := range c.touched[f] {
			c.counts[f][terms[num]] += int(c.local[f][num])
			c.local[f][num] = 0
		}
		c.touched[f] = c.touched[f][:0]
	}
	c.seg = -1
}

// top returns the top size terms of each field among the matches added,
// as Bleve's terms facets count them: by count, then term.
func (c *facetCounter) top(size int) map[string][]FacetCount {
	c.flush()
	out := make(map[string][]FacetCount, len(c.fields))
	for _, f := range c.fields {
		top := make([]FacetCount, 0, len(c.counts[f]))
		for term, n := range c.counts[f] {
			top = append(top, FacetCount{Term: term, Count: n})
		}
		slices.SortFunc(top, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Term, b.Term)
		})
		out[FacetNames[f]] = top[:min(len(top), size)]
	}
	return out
}

// countTop counts the matches of q and, for each of facets (names of
// FacetNames), the top size terms of its field among them. It returns
// false when the index is not one whose segments it can read.
func (ix *Index) countTop(ctx context.Context, q query.Query, facets []string, size int) (uint64, map[string][]FacetCount, bool, error) {
	pass, ok := ix.newFacetPass(facets)
	if !ok {
		return 0, nil, false, nil
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = bleve.ScoreNone
	res, err := ix.bleve.SearchInContext(pass.in(ctx), req)
	if err != nil {
		return 0, nil, false, ix.mapErr(err)
	}
	top, err := pass.top(size)
	if err != nil {
		return 0, nil, false, err
	}
	return res.Total, top, true, nil
}

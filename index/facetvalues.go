package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Bleve counts a terms facet by reading every match's doc values, and its
// doc values are kept in snappy-compressed chunks of 1,024 documents: a
// match in a chunk decodes the whole chunk, once per facet field and
// search. The matches of most searches are spread over the whole index,
// so a search with every facet decoded nearly every chunk of seven fields,
// however few it matched, and that was most of its time (#16).
//
// Segments never change once written, so each segment's facet values are
// read once, from its term dictionary and postings, into a table of every
// document's term numbers, and kept for as long as the segment lives: a
// commit adds a small segment, read at the next search, and a merge one
// that replaces those it merged. A search then counts its matches against
// the tables: its query runs once more, unscored, and each match adds one
// to each of its terms, as Bleve's facets count them.

// segmentValues are one segment's facet values, for each facet field
// (facetValueFields): the terms in dictionary order, and each document's
// term numbers, doc's at nums[start[doc]:start[doc+1]].
type segmentValues struct {
	fields []fieldValues // by facetValueFields
}

type fieldValues struct {
	terms []string
	start []uint32
	nums  []uint32
}

// facetValueFields are the fields of FacetNames, in their order.
var facetValueFields = func() []string {
	out := make([]string, len(FacetNames))
	for i, n := range FacetNames {
		out[i] = facetFields[n]
	}
	return out
}()

// facetTables keeps the segmentValues of the segments of the index, by
// segment. It is safe for concurrent use; its zero value is ready.
type facetTables struct {
	mu sync.Mutex
	m  map[segment.Segment]*facetTable
}

// facetTable is one segment's values, read once: searches that need them
// while they are read wait for them, others do not.
type facetTable struct {
	once sync.Once
	v    *segmentValues
	err  error
}

// of returns the tables of the segments of snap, reading those it does not
// keep, and forgets the segments snap no longer has.
func (t *facetTables) of(snap *scorch.IndexSnapshot) ([]*segmentValues, error) {
	segs := snap.Segments()
	tables := make([]*facetTable, len(segs))
	t.mu.Lock()
	live := make(map[segment.Segment]*facetTable, len(segs))
	for i, ss := range segs {
		s := ss.Segment()
		tb, ok := t.m[s]
		if !ok {
			tb = &facetTable{}
		}
		tables[i], live[s] = tb, tb
	}
	t.m = live
	t.mu.Unlock()
	out := make([]*segmentValues, len(segs))
	for i, tb := range tables {
		tb.once.Do(func() { tb.v, tb.err = readSegmentValues(segs[i].Segment()) })
		if tb.err != nil {
			return nil, tb.err
		}
		out[i] = tb.v
	}
	return out, nil
}

// readSegmentValues reads s's facet values from its term dictionaries.
func readSegmentValues(s segment.Segment) (*segmentValues, error) {
	n := s.Count()
	v := &segmentValues{fields: make([]fieldValues, len(facetValueFields))}
	var pl segment.PostingsList
	var it segment.PostingsIterator
	for f, field := range facetValueFields {
		dict, err := s.Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("facet values of %s: %w", field, err)
		}
		type pair struct{ doc, num uint32 }
		var pairs []pair
		fv := &v.fields[f]
		di := dict.AutomatonIterator(nil, nil, nil)
		for {
			e, err := di.Next()
			if err != nil {
				return nil, fmt.Errorf("facet values of %s: %w", field, err)
			}
			if e == nil {
				break
			}
			num := uint32(len(fv.terms))
			fv.terms = append(fv.terms, e.Term)
			if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
				return nil, fmt.Errorf("facet values of %s: %w", field, err)
			}
			it = pl.Iterator(false, false, false, it)
			for {
				p, err := it.Next()
				if err != nil {
					return nil, fmt.Errorf("facet values of %s: %w", field, err)
				}
				if p == nil {
					break
				}
				pairs = append(pairs, pair{uint32(p.Number()), num})
			}
		}
		// Counting sort by document: each document's numbers stay in
		// dictionary order.
		fv.start = make([]uint32, n+1)
		for _, p := range pairs {
			fv.start[p.doc+1]++
		}
		for d := uint64(1); d <= n; d++ {
			fv.start[d] += fv.start[d-1]
		}
		fv.nums = make([]uint32, len(pairs))
		next := slices.Clone(fv.start[:n])
		for _, p := range pairs {
			fv.nums[next[p.doc]] = p.num
			next[p.doc]++
		}
	}
	return v, nil
}

// countFacets counts the matches of q and, for each of facets (names of
// FacetNames), the top facetSize terms of its field among them, as
// Bleve's terms facets count them: by count, then term. It returns false
// when the index is not one it can read this way.
func (ix *Index) countFacets(ctx context.Context, q query.Query, facets []string) (uint64, map[string][]FacetCount, bool, error) {
	return ix.countTop(ctx, q, facets, facetSize)
}

// countTop is countFacets keeping the top size terms of each facet.
func (ix *Index) countTop(ctx context.Context, q query.Query, facets []string, size int) (uint64, map[string][]FacetCount, bool, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return 0, nil, false, nil
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, nil, false, ix.mapErr(err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, nil, false, nil
	}
	tables, err := ix.facetTables.of(snap)
	if err != nil {
		return 0, nil, false, err
	}
	offsets := make([]uint64, len(tables))
	var running uint64
	for i, ss := range snap.Segments() {
		offsets[i] = running
		running += ss.Segment().Count()
	}
	var fields []int // indexes into FacetNames
	for i, n := range FacetNames {
		if slices.Contains(facets, n) {
			fields = append(fields, i)
		}
	}
	s, err := q.Searcher(ctx, r, ix.bleve.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return 0, nil, false, ix.mapErr(err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: r}
	var total uint64
	counts := make([]map[string]int, len(FacetNames))
	for _, f := range fields {
		counts[f] = map[string]int{}
	}
	seg, segCounts := -1, make([][]int, len(FacetNames))
	flush := func() {
		if seg < 0 {
			return
		}
		for _, f := range fields {
			for num, c := range segCounts[f] {
				if c > 0 {
					counts[f][tables[seg].fields[f].terms[num]] += c
				}
			}
		}
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return 0, nil, false, ctx.Err()
		}
		m, err := s.Next(sctx)
		if err != nil {
			return 0, nil, false, ix.mapErr(err)
		}
		if m == nil {
			break
		}
		total++
		doc := binary.BigEndian.Uint64(m.IndexInternalID)
		sctx.DocumentMatchPool.Put(m)
		if seg < 0 || seg+1 < len(offsets) && doc >= offsets[seg+1] || doc < offsets[seg] {
			flush()
			seg = sort.Search(len(offsets), func(i int) bool { return offsets[i] > doc }) - 1
			for _, f := range fields {
				segCounts[f] = make([]int, len(tables[seg].fields[f].terms))
			}
		}
		local := doc - offsets[seg]
		for _, f := range fields {
			fv := &tables[seg].fields[f]
			for _, num := range fv.nums[fv.start[local]:fv.start[local+1]] {
				segCounts[f][num]++
			}
		}
	}
	flush()
	out := make(map[string][]FacetCount, len(fields))
	for _, f := range fields {
		top := make([]FacetCount, 0, len(counts[f]))
		for term, c := range counts[f] {
			top = append(top, FacetCount{Term: term, Count: c})
		}
		slices.SortFunc(top, func(a, b FacetCount) int {
			if a.Count != b.Count {
				return b.Count - a.Count
			}
			return strings.Compare(a.Term, b.Term)
		})
		out[FacetNames[f]] = top[:min(len(top), size)]
	}
	return total, out, true, nil
}

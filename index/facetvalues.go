package index

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
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
// read once per field, from its term dictionary and postings, into a
// table of every document's term numbers, and kept for as long as the
// segment lives: a commit adds a small segment and a merge one that
// replaces those it merged, each read when a search first needs it or
// before (warm), and a segment that is only written to disk keeps its
// number and its table. A search counts its matches against the tables
// as it collects them (facetcount.go).

// fieldValues are one segment's values of one facet field: the terms in
// dictionary order, and each document's term numbers, doc's at
// nums[start[doc]:start[doc+1]].
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

// facetTables keeps the facet values of the segments of the index, by
// segment number (a segment written to disk keeps the number it had in
// memory, and its documents their numbers) and field. It is safe for
// concurrent use; its zero value is ready.
type facetTables struct {
	mu    sync.Mutex
	m     map[uint64]*segmentTables
	calls uint64        // calls of of, the clock of segmentTables.used
	asked uint8         // the fields (bits by FacetNames) any search has asked for
	reads atomic.Uint64 // tables read (tests)
}

// segmentTables are one segment's tables, each read once: searches that
// need one while it is read wait for it, others do not.
type segmentTables struct {
	fields [7]fieldTable // by FacetNames
	used   uint64        // facetTables.calls when last asked for
}

type fieldTable struct {
	once sync.Once
	v    *fieldValues
	err  error
	done atomic.Bool // once has run
}

// keptUnused is how many calls of facetTables.of a segment's tables are
// kept after the last that asked for them: a search on an older snapshot
// can still ask for the segments a merge replaced.
const keptUnused = 64

// of returns the tables of the segments of snap, with the fields (indexes
// into FacetNames) read, reading those it does not keep.
func (t *facetTables) of(snap *scorch.IndexSnapshot, fields []int) ([]*segmentTables, error) {
	segs := snap.Segments()
	out := make([]*segmentTables, len(segs))
	t.mu.Lock()
	if t.m == nil {
		t.m = map[uint64]*segmentTables{}
	}
	t.calls++
	for _, f := range fields {
		t.asked |= 1 << f
	}
	for i, ss := range segs {
		st, ok := t.m[ss.Id()]
		if !ok {
			st = &segmentTables{}
			t.m[ss.Id()] = st
		}
		st.used, out[i] = t.calls, st
	}
	if len(t.m) > len(segs) {
		for id, st := range t.m {
			if st.used+keptUnused < t.calls {
				delete(t.m, id)
			}
		}
	}
	t.mu.Unlock()
	for i, st := range out {
		for _, f := range fields {
			ft := &st.fields[f]
			ft.once.Do(func() {
				ft.v, ft.err = readFieldValues(segs[i].Segment(), facetValueFields[f])
				t.reads.Add(1)
				ft.done.Store(true)
			})
			if ft.err != nil {
				return nil, ft.err
			}
		}
	}
	return out, nil
}

// askedFields are the fields (indexes into FacetNames) any search has
// asked for.
func (t *facetTables) askedFields() []int {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []int
	for f := range FacetNames {
		if t.asked&(1<<f) != 0 {
			out = append(out, f)
		}
	}
	return out
}

// readFieldValues reads s's values of field from its term dictionary.
func readFieldValues(s segment.Segment, field string) (*fieldValues, error) {
	n := s.Count()
	dict, err := s.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("facet values of %s: %w", field, err)
	}
	type pair struct{ doc, num uint32 }
	var pairs []pair
	var pl segment.PostingsList
	var it segment.PostingsIterator
	fv := &fieldValues{}
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
	return fv, nil
}

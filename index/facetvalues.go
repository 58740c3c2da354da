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
// read once, from its term dictionaries and postings, into a table of
// every document's values (each a field and a term number), and kept for
// as long as the segment lives: a commit adds a small segment and a merge
// one that replaces those it merged, each read when a search first needs
// it or before (warm.go), and a segment that is only written to disk
// keeps its number and its table. A search counts its matches against
// the tables as it collects them (facetcount.go).
//
// A document's values of every field are side by side: a match's count
// reads two places in memory, its start and its values, where a table per
// field read two per field, and the tables of a large index are far
// larger than the processor's caches (with a table per field, reading
// them was most of the counting).

// segmentValues are one segment's facet values: each field's terms in
// dictionary order (by FacetNames), and each document's values, doc's at
// vals[start[doc]:start[doc+1]], by field and then term, each value a
// field (its top valueFieldBits) and a term number.
type segmentValues struct {
	terms [7][]string
	start []uint32
	vals  []uint32
}

// The parts of a value of segmentValues.
const (
	valueFieldBits = 3
	valueNumBits   = 32 - valueFieldBits
	valueNumMask   = 1<<valueNumBits - 1
)

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
// memory, and its documents their numbers). It is safe for concurrent
// use; its zero value is ready.
type facetTables struct {
	mu    sync.Mutex
	m     map[uint64]*facetTable
	calls uint64 // calls of of, the clock of facetTable.used
	asked bool   // whether any search has counted facets
	// firstAsked, when set, is called after the first search that counts
	// facets: a merge introduced while it ran has tables to warm.
	firstAsked func()
	// known are the segment numbers of the files whose tables were read
	// or that a snapshot had; unknown files are merged segments not yet
	// introduced (warm.go).
	known map[uint64]bool
	reads atomic.Uint64 // tables read (tests)
	early atomic.Uint64 // tables read before their segment was in a snapshot (tests)
}

// facetTable is one segment's values, read once: searches that need them
// while they are read wait for them, others do not.
type facetTable struct {
	once sync.Once
	v    *segmentValues
	err  error
	done atomic.Bool // once has run
	used uint64      // facetTables.calls when last asked for
}

// keptUnused is how many calls of facetTables.of a segment's table is
// kept after the last that asked for it: a search on an older snapshot
// can still ask for the segments a merge replaced.
const keptUnused = 64

// of returns the tables of the segments of snap, reading those it does
// not keep. A search marks the index as one whose tables are wanted
// (asked); a warming does not.
func (t *facetTables) of(snap *scorch.IndexSnapshot, search bool) ([]*segmentValues, error) {
	segs := snap.Segments()
	tables := make([]*facetTable, len(segs))
	t.mu.Lock()
	if t.m == nil {
		t.m = map[uint64]*facetTable{}
	}
	t.calls++
	first := search && !t.asked
	t.asked = t.asked || search
	if t.known == nil {
		t.known = map[uint64]bool{}
	}
	for i, ss := range segs {
		tb, ok := t.m[ss.Id()]
		if !ok {
			tb = &facetTable{}
			t.m[ss.Id()] = tb
		}
		t.known[ss.Id()] = true
		tb.used, tables[i] = t.calls, tb
	}
	if len(t.m) > len(segs) {
		for id, tb := range t.m {
			if tb.used+keptUnused < t.calls {
				delete(t.m, id)
			}
		}
	}
	t.mu.Unlock()
	if first && t.firstAsked != nil {
		t.firstAsked()
	}
	out := make([]*segmentValues, len(segs))
	for i, tb := range tables {
		tb.once.Do(func() {
			tb.v, tb.err = readSegmentValues(segs[i].Segment())
			t.reads.Add(1)
			tb.done.Store(true)
		})
		if tb.err != nil {
			return nil, tb.err
		}
		out[i] = tb.v
	}
	return out, nil
}

// unknown returns the segment numbers of onDisk whose tables t has
// neither read nor seen in a snapshot, and forgets the numbers known that
// are no longer on disk nor kept.
func (t *facetTables) unknown(onDisk map[uint64]bool) []uint64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.known == nil {
		t.known = map[uint64]bool{}
	}
	for id := range t.known {
		if _, kept := t.m[id]; !onDisk[id] && !kept {
			delete(t.known, id)
		}
	}
	var out []uint64
	for id := range onDisk {
		if !t.known[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// put keeps v as the table of the segment numbered id, read before any
// snapshot had the segment.
func (t *facetTables) put(id uint64, v *segmentValues) {
	tb := &facetTable{v: v}
	tb.once.Do(func() {})
	tb.done.Store(true)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[uint64]*facetTable{}
	}
	if t.known == nil {
		t.known = map[uint64]bool{}
	}
	t.known[id] = true
	if _, ok := t.m[id]; !ok {
		tb.used = t.calls
		t.m[id] = tb
		t.reads.Add(1)
		t.early.Add(1)
	}
}

// wanted reports whether any search has counted facets.
func (t *facetTables) wanted() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.asked
}

// readSegmentValues reads s's facet values from its term dictionaries.
func readSegmentValues(s segment.Segment) (*segmentValues, error) {
	n := s.Count()
	v := &segmentValues{}
	type pair struct{ doc, val uint32 }
	var pairs []pair
	var pl segment.PostingsList
	var it segment.PostingsIterator
	for f, field := range facetValueFields {
		dict, err := s.Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("facet values of %s: %w", field, err)
		}
		di := dict.AutomatonIterator(nil, nil, nil)
		for {
			e, err := di.Next()
			if err != nil {
				return nil, fmt.Errorf("facet values of %s: %w", field, err)
			}
			if e == nil {
				break
			}
			num := len(v.terms[f])
			if num > valueNumMask {
				return nil, fmt.Errorf("facet values of %s: more than %d terms in a segment", field, valueNumMask)
			}
			v.terms[f] = append(v.terms[f], e.Term)
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
				pairs = append(pairs, pair{uint32(p.Number()), uint32(f)<<valueNumBits | uint32(num)})
			}
		}
	}
	// Counting sort by document: each document's values stay by field,
	// then in dictionary order.
	v.start = make([]uint32, n+1)
	for _, p := range pairs {
		v.start[p.doc+1]++
	}
	for d := uint64(1); d <= n; d++ {
		v.start[d] += v.start[d-1]
	}
	v.vals = make([]uint32, len(pairs))
	next := slices.Clone(v.start[:n])
	for _, p := range pairs {
		v.vals[next[p.doc]] = p.val
		next[p.doc]++
	}
	return v, nil
}

package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	qlang "github.com/ckmhq/ckm/index/query"
)

// CheckQuery reports whether text parses in the query language; the error
// wraps a *QueryError. Saved searches are checked with it when saved.
func CheckQuery(text string) error {
	if _, err := qlang.Parse(strings.TrimSpace(text)); err != nil {
		return fmt.Errorf("index: check query: %w", err)
	}
	return nil
}

// Percolator matches saved searches against a batch of new records: it
// holds them in a small in-memory index with the index's mapping, so each
// search costs what the batch costs, not what the index does. Words
// match as Search matches them (stems, both languages) but without typo
// variants. Close it when done; it is safe for concurrent use.
type Percolator struct {
	ix     *Index
	mem    bleve.Index
	reader index.IndexReader // of mem, for every search

	mu    sync.Mutex
	terms map[string]map[string]bool // the batch's terms by field, loaded when first asked
}

// Percolator returns a Percolator over recs (their document records).
func (ix *Index) Percolator(recs []Record) (*Percolator, error) {
	if err := ix.check(context.Background()); err != nil {
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	ix.percMapping.once.Do(func() { ix.percMapping.m = percolatorMapping() })       // built once, shared by every batch
	mem, err := bleve.NewUsing("", ix.percMapping.m, scorch.Name, scorch.Name, nil) // scorch without a path: in memory
	if err != nil {
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	b := mem.NewBatch()
	l := layoutOf(ix.percMapping.m)
	for i := range recs {
		rec := recs[i]
		fields := indexedFields(&rec, l)
		delete(fields, fieldWords) // for typo variants, which saved searches do not get
		if err := b.Index(rec.Document.ID, fields); err != nil {
			mem.Close()
			return nil, fmt.Errorf("index: percolator: %q: %w", rec.Document.ID, err)
		}
	}
	if err := mem.Batch(b); err != nil {
		mem.Close()
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	r, err := readerOf(mem)
	if err != nil {
		mem.Close()
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	return &Percolator{ix: ix, mem: mem, reader: r}, nil
}

// percolatorMapping is the index's mapping without stored fields or doc
// values: a batch is only searched, never read back, sorted or faceted.
func percolatorMapping() *mapping.IndexMappingImpl {
	im := newMapping()
	for _, p := range im.TypeMapping[typeDocument].Properties {
		for _, f := range p.Fields {
			f.Store, f.DocValues = false, false
		}
	}
	return im
}

// Match returns the IDs of the batch's documents that the query text
// matches within clients (empty: all), in no particular order.
func (p *Percolator) Match(ctx context.Context, text string, clients []string) ([]string, error) {
	pq, err := qlang.Parse(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("index: percolate: %w", err)
	}
	b := &builder{tokens: p.ix.tokens} // no typo variants: a saved search is deliberate
	return p.search(ctx, b.build(pq), clients)
}

// search runs q over the batch within clients. It walks the query's
// searcher itself: a batch's hits need no ranking, so a collector's heap
// and its pool of one match per document of the batch, allocated by every
// search, are not needed. The batch holds only document records, so no
// type filter either.
func (p *Percolator) search(ctx context.Context, q built, clients []string) ([]string, error) {
	var filters []query.Query
	if len(clients) > 0 {
		filters = append(filters, anyTerm(fieldClient, clients))
	}
	s, err := q.query(filters...).Searcher(ctx, p.reader, p.mem.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, fmt.Errorf("index: percolate: %w", err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var out []string
	for {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("index: percolate: %w", err)
		}
		m, err := s.Next(sctx)
		if err != nil {
			return nil, fmt.Errorf("index: percolate: %w", err)
		}
		if m == nil {
			return out, nil
		}
		id, err := p.reader.ExternalID(m.IndexInternalID)
		if err != nil {
			return nil, fmt.Errorf("index: percolate: %w", err)
		}
		out = append(out, id)
		sctx.DocumentMatchPool.Put(m)
	}
}

// SavedQuery is a saved search prepared once for percolating: its Bleve
// query, built as Match builds it, and what a batch must hold for it to
// match anything. It is immutable and safe for concurrent use.
type SavedQuery struct {
	q built
	// pq is kept for a query with a theme: filter, built again for each
	// batch with the batch's theme keys (Percolator.themeKeys).
	pq *qlang.Query
	// needs is a conjunction: for each entry, the batch must hold every
	// term of one fieldTerms of it, or the query matches nothing.
	needs [][]fieldTerms
}

// fieldTerms is terms that one field of one document must all hold.
type fieldTerms struct {
	field string
	terms []string
}

// SavedQuery parses text and prepares it for Percolator.MatchSaved; the
// error wraps a *QueryError.
func (ix *Index) SavedQuery(text string) (*SavedQuery, error) {
	pq, err := qlang.Parse(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("index: percolate: %w", err)
	}
	b := &builder{tokens: ix.tokens} // as Match: no typo variants, no themes
	sq := &SavedQuery{q: b.build(pq)}
	m := ix.bleve.Mapping()
	for _, qs := range [][]query.Query{sq.q.must, sq.q.should, sq.q.mustNot, sq.q.filters} {
		for i := range qs {
			qs[i] = analyzed(qs[i], m)
		}
	}
	for _, c := range pq.Clauses {
		if slices.ContainsFunc(c, func(t qlang.Term) bool { return t.Kind == qlang.Filter && t.Field == qlang.FieldTheme }) {
			sq.pq = pq
		}
		if alts, ok := clauseNeeds(ix.tokens, c); ok {
			sq.needs = append(sq.needs, alts)
		}
	}
	return sq, nil
}

// analyzed returns q with each word query (a MatchQuery) replaced by the
// term queries Bleve builds from it at every search (MatchQuery.Searcher),
// so that a saved search's words are analysed once, not at every match
// run. It changes q's children in place.
func analyzed(q query.Query, m mapping.IndexMapping) query.Query {
	switch q := q.(type) {
	case *query.MatchQuery:
		an := m.AnalyzerNamed(cmp.Or(q.Analyzer, m.AnalyzerNameForPath(q.FieldVal)))
		if an == nil || q.FieldVal == "" || q.Fuzziness != 0 {
			return q // as it is: Bleve reports the error, or fuzzes
		}
		tokens := an.Analyze([]byte(q.Match))
		if len(tokens) == 0 {
			return query.NewMatchNoneQuery()
		}
		tqs := make([]query.Query, len(tokens))
		for i, t := range tokens {
			tq := query.NewTermQuery(string(t.Term))
			tq.SetField(q.FieldVal)
			tq.SetBoost(q.BoostVal.Value())
			tqs[i] = tq
		}
		if q.Operator == query.MatchQueryOperatorOr {
			d := query.NewDisjunctionQuery(tqs)
			d.SetMin(1)
			d.SetBoost(q.BoostVal.Value())
			return d
		}
		c := query.NewConjunctionQuery(tqs)
		c.SetBoost(q.BoostVal.Value())
		return c
	case *query.BooleanQuery:
		for _, sub := range []*query.Query{&q.Must, &q.Should, &q.MustNot, &q.Filter} {
			if *sub != nil {
				*sub = analyzed(*sub, m)
			}
		}
	case *query.ConjunctionQuery:
		for i := range q.Conjuncts {
			q.Conjuncts[i] = analyzed(q.Conjuncts[i], m)
		}
	case *query.DisjunctionQuery:
		for i := range q.Disjuncts {
			q.Disjuncts[i] = analyzed(q.Disjuncts[i], m)
		}
	}
	return q
}

// clauseNeeds is what the batch must hold for clause c (one term, or
// terms joined by OR) to match: one of alts. ok is false when c requires
// nothing the batch's dictionaries can tell: a negation, a stop word
// (only scoring beside other words), a theme: or date filter, or a term
// that no analyzer keeps. It errs toward false: a need listed here is
// one that the query build.go builds cannot match without.
func clauseNeeds(tokens func(analyzer, text string) []string, c []qlang.Term) (alts []fieldTerms, ok bool) {
	for _, t := range c {
		if t.Negated {
			return nil, false
		}
		var a []fieldTerms
		switch t.Kind {
		case qlang.Filter:
			if a = filterNeeds(t); a == nil {
				return nil, false
			}
		default: // a word or a phrase: all its tokens in one search field
			if len(tokens(analyzerUnd, t.Value)) == 0 {
				continue // no query for it (build.go's term returns nil)
			}
			if t.Kind == qlang.Word && len(c) == 1 &&
				(len(tokens(analyzerEN, t.Value)) == 0 || len(tokens(analyzerPT, t.Value)) == 0) {
				return nil, false // a stop word: optional
			}
			for _, f := range searchFields {
				ts := tokens(fieldAnalyzers[f], t.Value)
				if len(ts) == 0 {
					return nil, false
				}
				a = append(a, fieldTerms{field: f, terms: ts})
			}
		}
		alts = append(alts, a...)
	}
	return alts, len(alts) > 0
}

// filterNeeds is what filter t needs of the batch, nil when the
// dictionaries cannot tell (theme:, after:, before:).
func filterNeeds(t qlang.Term) []fieldTerms {
	one := func(f, v string) []fieldTerms { return []fieldTerms{{field: f, terms: []string{v}}} }
	if f, ok := filterFields[t.Field]; ok {
		return one(f, t.Value)
	}
	switch t.Field {
	case qlang.FieldEntity:
		return append(one(fieldEntValue, t.Value), one(fieldEntLabel, strings.ToUpper(t.Value))...)
	}
	return nil
}

// MatchSaved is Match for a prepared query: the same documents, but a
// query needing a term that no document of the batch holds is answered
// from the batch's term dictionaries without a search.
func (p *Percolator) MatchSaved(ctx context.Context, q *SavedQuery, clients []string) ([]string, error) {
	possible, err := p.possible(q)
	if err != nil || !possible {
		return nil, err
	}
	if q.pq != nil {
		if _, err := p.dict(fieldNeedTheme); err != nil { // read here, so that themeKeys cannot fail
			return nil, err
		}
		b := &builder{tokens: p.ix.tokens, themeKeys: p.themeKeys}
		return p.search(ctx, b.build(q.pq), clients)
	}
	return p.search(ctx, q.q, clients)
}

// themeKeys lists the batch's theme keys that hold stem as one of their
// words: what theme:'s regular expression "(.* )?stem( .*)?" matches.
func (p *Percolator) themeKeys(stem string) []string {
	dict, _ := p.dict(fieldNeedTheme) // read by MatchSaved
	var keys []string
	for k := range dict {
		if slices.Contains(strings.Split(k, " "), stem) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// possible reports whether the batch holds, for each need of q, every
// term of one of its alternatives.
func (p *Percolator) possible(q *SavedQuery) (bool, error) {
	for _, alts := range q.needs {
		found := false
		for _, a := range alts {
			has, err := p.hasAll(a.field, a.terms)
			if err != nil {
				return false, err
			}
			if has {
				found = true
				break
			}
		}
		if !found {
			return false, nil
		}
	}
	return true, nil
}

// hasAll reports whether the batch's dictionary of field holds every
// one of terms.
func (p *Percolator) hasAll(field string, terms []string) (bool, error) {
	dict, err := p.dict(field)
	if err != nil {
		return false, err
	}
	for _, t := range terms {
		if !dict[t] {
			return false, nil
		}
	}
	return true, nil
}

// dict returns the terms of field in the batch, read once.
func (p *Percolator) dict(field string) (map[string]bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if dict, ok := p.terms[field]; ok {
		return dict, nil
	}
	d, err := p.mem.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("index: percolate: terms of %s: %w", field, err)
	}
	defer d.Close()
	dict := map[string]bool{}
	for {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("index: percolate: terms of %s: %w", field, err)
		}
		if e == nil {
			break
		}
		dict[e.Term] = true
	}
	if p.terms == nil {
		p.terms = map[string]map[string]bool{}
	}
	p.terms[field] = dict
	return dict, nil
}

// readerOf opens a reader of idx's current contents.
func readerOf(idx bleve.Index) (index.IndexReader, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// Close releases the batch's in-memory index.
func (p *Percolator) Close() error { return errors.Join(p.reader.Close(), p.mem.Close()) }

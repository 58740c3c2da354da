package index

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	qlang "github.com/ckmhq/ckm/index/query"
)

// plan is a search ready to run: the query's parts, paging and sort.
type plan struct {
	q           Query
	pq          *qlang.Query
	b           *builder
	parts       built
	limit       int
	offset      int
	sort        string
	cur         *cursor
	fingerprint uint64   // of the query, checked against cursors
	facets      []string // the facets to count
}

func newPlan(q Query, pq *qlang.Query, b *builder) (*plan, error) {
	var err error
	p := &plan{q: q, pq: pq, b: b, parts: b.build(pq)}
	if b.err != nil {
		return nil, b.err
	}
	p.limit = q.Limit
	if p.limit <= 0 {
		p.limit = DefaultLimit
	}
	p.limit = min(p.limit, MaxLimit)
	p.offset = min(max(q.Offset, 0), MaxOffset)
	switch p.sort = q.Sort; p.sort {
	case "":
		p.sort = SortDate
		if p.parts.scored {
			p.sort = SortRelevance
		}
	case SortRelevance, SortDate:
	default:
		return nil, fmt.Errorf("sort %q: want %s or %s", q.Sort, SortRelevance, SortDate)
	}
	switch q.Match {
	case "", MatchMeaning, MatchWords:
	default:
		return nil, fmt.Errorf("match %q: want %s or %s", q.Match, MatchMeaning, MatchWords)
	}
	if p.facets, err = ResolveFacets(q.Facets); err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	p.fingerprint = fingerprint(pq, q, p.sort)
	if q.Cursor != "" {
		if p.offset > 0 {
			return nil, fmt.Errorf("%w: a cursor cannot be combined with an offset", ErrBadCursor)
		}
		c, err := decodeCursor(q.Cursor)
		if err != nil {
			return nil, err
		}
		if c.Print != p.fingerprint {
			return nil, fmt.Errorf("%w: it belongs to another query or sort", ErrBadCursor)
		}
		p.cur = c
		if c.Relaxed && !b.relaxed {
			b.relaxed = true
			p.parts = b.build(pq)
		}
	}
	return p, nil
}

// scopeFilters are the filters of the plan's Query's own fields.
func (p *plan) scopeFilters() []query.Query { return scopeFilters(p.q) }

// scopeFilters are the filters of q's own fields: the record type
// (first), the clients and the source.
func scopeFilters(q Query) []query.Query {
	fs := []query.Query{termQuery(fieldType, typeDocument)}
	if len(q.Clients) > 0 {
		clients := make([]query.Query, 0, len(q.Clients))
		for _, c := range q.Clients {
			clients = append(clients, termQuery(fieldClient, c))
		}
		fs = append(fs, bleve.NewDisjunctionQuery(clients...))
	}
	if q.Source != "" {
		fs = append(fs, termQuery(fieldSource, q.Source))
	}
	return fs
}

// request builds the Bleve request, counting the plan's facets when
// facets is true. One more hit than the limit is asked for, to know
// whether there is a next page. A scored plan's hits are loaded and
// highlighted afterwards, page only (see fragments): asked here, every
// posting of every word would be read with its positions.
func (p *plan) request(facets bool) *bleve.SearchRequest {
	filters := p.scopeFilters()
	if p.parts.documentsOnly() {
		filters = filters[1:] // the record type's (scopeFilters), first
	}
	undated := p.cur != nil && p.cur.Undated
	if undated { // past every dated document: the undated ones by id
		filters = append(filters, query.NewBooleanQuery(nil, nil, []query.Query{p.b.layout.atRange(time.Time{}, time.Time{})}))
	}
	req := bleve.NewSearchRequestOptions(p.parts.query(filters...), p.limit+1, p.offset, false)
	if !p.parts.scored {
		req.Fields = hitFields
	}
	if facets {
		for _, name := range p.counted() {
			req.AddFacet(name, bleve.NewFacetRequest(facetFields[name], facetSize))
		}
	}
	switch {
	case undated:
		req.SortBy([]string{"_id"})
	case p.sort == SortDate:
		req.SortByCustom(search.SortOrder{p.b.layout.atSort(true), &search.SortDocID{}})
	default:
		req.SortBy([]string{"-_score", "_id"})
	}
	if p.cur != nil {
		req.From = 0
		if undated {
			req.SearchAfter = []string{p.cur.ID}
		} else {
			req.SearchAfter = []string{p.cur.Value, p.cur.ID}
		}
	}
	return req
}

// hitFields are the stored fields a Hit shows.
var hitFields = []string{fieldClient, fieldSource, fieldLanguage, fieldSubject, fieldAt, fieldAtOffset}

// fragments loads the stored fields of a scored plan's hits and
// highlights their text: a second search that reads only the postings of
// these documents. It matches them by id, so that each is loaded even if
// the words no longer match it, and seeks the plan's words beside, for
// their positions, in the highlighted fields only.
func (ix *Index) fragments(ctx context.Context, p *plan, hits []*search.DocumentMatch) error {
	if !p.parts.scored || len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	b := *p.b
	b.fragments = true
	words := b.build(p.pq)
	q := query.NewBooleanQuery([]query.Query{bleve.NewDocIDQuery(ids)}, []query.Query{words.query()}, nil)
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = hitFields
	if ix.layout.textStored {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		for _, f := range textFields {
			req.Highlight.AddField(f)
		}
	} else { // the text is in the record: highlighted below
		req.Fields = append(hitFields[:len(hitFields):len(hitFields)], fieldRecord)
		req.IncludeLocations = true
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return ix.mapErr(err)
	}
	byID := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		if !ix.layout.textStored {
			if err := highlightRecord(h); err != nil {
				return err
			}
		}
		byID[h.ID] = h
	}
	for _, h := range hits {
		if l, ok := byID[h.ID]; ok {
			h.Fields, h.Fragments = l.Fields, l.Fragments
		}
	}
	return nil
}

// counted are the facets of the plan that are counted over its matches:
// those asked for but not pinned.
func (p *plan) counted() []string {
	var out []string
	for _, name := range p.facets {
		if _, known := p.pinned()[name]; !known {
			out = append(out, name)
		}
	}
	return out
}

// pinned are the facets whose one term the scope fixes, so that every
// match has it: the client of a scope of one client, the source of a
// Query.Source. Their counts are the total, without reading any match.
func (p *plan) pinned() map[string]string {
	out := map[string]string{}
	if len(p.q.Clients) == 1 {
		out[FacetClient] = p.q.Clients[0]
	}
	if p.q.Source != "" {
		out[FacetSource] = p.q.Source
	}
	return out
}

// next is the cursor that continues after hit h.
func (p *plan) next(h *search.DocumentMatch) string {
	c := cursor{Print: p.fingerprint, ID: h.ID, Relaxed: p.b.relaxed}
	switch {
	case p.sort == SortRelevance:
		c.Value = strconv.FormatFloat(h.Score, 'g', -1, 64)
	case p.cur != nil && p.cur.Undated:
		c.Undated = true
	default:
		if len(h.DecodedSort) > 0 {
			if _, ok := parseAt(h.DecodedSort[0]); ok { // a time, not Bleve's missing value
				c.Value = h.DecodedSort[0]
			}
		}
		c.Undated = c.Value == ""
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func termQuery(field, term string) *query.TermQuery {
	t := bleve.NewTermQuery(term)
	t.SetField(field)
	return t
}

package index

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits of a Query.
const (
	DefaultLimit = 10
	MaxLimit     = 100
	// MaxOffset bounds paging depth; a larger Offset is clamped to it. A
	// Cursor pages without limit.
	MaxOffset = 10000
	// MaxQueryBytes bounds Query.Text; longer text is a *QueryError.
	MaxQueryBytes = 1024
	// facetSize is how many terms each facet reports.
	facetSize = 50
)

// Facet names, the keys of Result.Facets.
const (
	FacetClient   = "client"
	FacetSource   = "source"
	FacetLanguage = "language"
	FacetKind     = "kind"   // need kinds: explicit, implied
	FacetCue      = "cue"    // need cues: request, pain, ...
	FacetTheme    = "theme"  // need theme keys, usable in theme:
	FacetEntity   = "entity" // entity values, usable in entity:
	// FacetNone, as the only name in Query.Facets, counts no facet.
	FacetNone = "none"
)

// FacetNames are the facets a search can count, in display order.
var FacetNames = []string{FacetClient, FacetSource, FacetLanguage, FacetKind, FacetCue, FacetTheme, FacetEntity}

// facetFields maps each facet to the document field it counts.
var facetFields = map[string]string{
	FacetClient: fieldClient, FacetSource: fieldSource, FacetLanguage: fieldLanguage,
	FacetKind: fieldNeedKind, FacetCue: fieldNeedCue, FacetTheme: fieldNeedTheme, FacetEntity: fieldEntValue,
}

// Sort orders of a Query.
const (
	SortRelevance = "relevance" // best score first, then by id
	SortDate      = "date"      // newest first, then by id; undated last
)

// ErrBadCursor is returned (wrapped) for a Query.Cursor that is malformed
// or was issued for another query.
var ErrBadCursor = errors.New("index: bad cursor")

// Query is a search over document records. Text is in the query language
// (see query.go: words, "phrases", field filters, -exclusion, OR); its
// errors are *QueryError. Empty Text matches every document.
type Query struct {
	Text string
	// Clients restricts hits, totals and facets to these clients; empty
	// means all clients. A client: filter in Text can only narrow it.
	Clients []string
	// Source restricts to one source; empty means all.
	Source string
	// Limit is the most hits returned: 0 means DefaultLimit, at most
	// MaxLimit.
	Limit  int
	Offset int
	// Sort is SortRelevance or SortDate; empty means relevance when Text
	// has words or phrases, else date.
	Sort string
	// Cursor continues from the page whose Result.NextCursor it is, with
	// the same Text, Clients, Source and Sort; Offset must then be 0.
	Cursor string
	// Facets names the facets to count (FacetNames); empty counts all of
	// them and FacetNone none. Counting reads every match's values, most
	// of a search's time on a large index, so a caller that shows no
	// facets should ask for none.
	Facets []string
	// Match is MatchMeaning (the default when empty) or MatchWords, which
	// turns matching by meaning off: only the words, their stems and
	// their typo variants match.
	Match string
}

// Values of Query.Match.
const (
	MatchMeaning = "meaning"
	MatchWords   = "words"
)

// Result is one page of a search. Total and Facets are exact counts over
// every match, not only this page.
type Result struct {
	Total  uint64
	Hits   []Hit
	Facets map[string][]FacetCount // the facets asked for, keyed by name
	Took   time.Duration
	// NextCursor fetches the next page; empty on the last page. Paging by
	// cursor is stable while documents are added: with SortDate no hit is
	// repeated or skipped; with SortRelevance, new documents can change
	// scores, so a hit can move across the page boundary.
	NextCursor string
	// Relaxed is true when fewer than a page of documents had every term
	// (words, phrases and OR groups), so the hits go on with documents
	// that have some of them, those with the most first; Total then
	// counts every document with any of them.
	Relaxed bool
	// Expansions are what the query's words also matched, in query order:
	// typo variants of words the caller's documents do not hold.
	Expansions []Expansion
}

// Kinds of Expansion.
const (
	ExpandTypo    = "typo"    // words within a typo's reach of the term
	ExpandMeaning = "meaning" // themes the query's words name; Matches are their labels
)

// Expansion is what one query term also matched beyond its own words
// and stems. Matches are words of the caller's documents (for
// ExpandTypo), never of other clients', or theme labels (for
// ExpandMeaning, whose Term is the query's plain words).
type Expansion struct {
	Term    string   `json:"term"`
	Kind    string   `json:"kind"`
	Matches []string `json:"matches"`
}

// Hit is one matching document. Fragments["text"] holds highlighted
// excerpts of its text: HTML-escaped, matches wrapped in <mark>…</mark>.
// At has second precision, in the offset from UTC the document gave
// (UTC for documents indexed before offsets were kept).
type Hit struct {
	ID, Client, Source, Language, Subject string
	At                                    time.Time
	Score                                 float64
	Fragments                             map[string][]string
	// Fuzzy is true when only typo variants of the query's words matched;
	// ByMeaning when only themes they name did (see Result.Expansions).
	Fuzzy, ByMeaning bool
}

// FacetCount is how many matching documents have a term.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// Search runs q over the document records.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	pq, err := parseQuery(strings.TrimSpace(q.Text))
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	scope := scopeFilters(q)
	b := &builder{tokens: ix.tokens, typos: func(w string) ([]string, error) { return ix.typos(ctx, scope, w) }}
	var learnErr error
	if q.Match != MatchWords {
		b.themes = ix.withLearned(ctx, ix.queryThemes, q.Clients, &learnErr)
	}
	p, err := newPlan(q, pq, b)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	out, err := ix.run(ctx, p)
	if err == nil && out.Total < uint64(p.limit) && p.offset == 0 && p.cur == nil && p.parts.clauses > 1 {
		// Fewer than a page has every term: fill it with documents that
		// have most of them, those with every term still first.
		b.relaxed = true
		var rp *plan
		if rp, err = newPlan(q, pq, b); err == nil {
			var rout *Result
			if rout, err = ix.run(ctx, rp); err == nil && rout.Total > out.Total {
				out = rout
			}
		}
	}
	if err == nil {
		err = learnErr
	}
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	return out, nil
}

// fieldAnalyzers names the analyzer of each search field.
var fieldAnalyzers = map[string]string{
	fieldTextEN: analyzerEN, fieldTextPT: analyzerPT, fieldTextUnd: analyzerUnd,
	fieldSubject: analyzerUnd, fieldSubjectEN: analyzerEN, fieldSubjectPT: analyzerPT,
}

// tokens analyses text with a registered analyzer.
func (ix *Index) tokens(analyzer, text string) []string {
	a := ix.bleve.Mapping().AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	ts := a.Analyze([]byte(text))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

func (ix *Index) run(ctx context.Context, p *plan) (*Result, error) {
	if err := ix.reanchor(ctx, p); err != nil {
		return nil, err
	}
	res, err := ix.bleve.SearchInContext(ctx, p.request())
	if err != nil {
		return nil, ix.mapErr(err)
	}
	if p.cur != nil && p.cur.Undated {
		// The hits of this page come from the undated documents only;
		// the total and facets still count every match.
		all := p.request()
		all.Query, all.Size, all.SearchAfter, all.Highlight, all.Fields = p.parts.query(p.scopeFilters()...), 0, nil, nil, nil
		full, err := ix.bleve.SearchInContext(ctx, all)
		if err != nil {
			return nil, ix.mapErr(err)
		}
		res.Total, res.Facets = full.Total, full.Facets
	}
	out := &Result{Total: res.Total, Took: res.Took, Facets: map[string][]FacetCount{}, Hits: make([]Hit, 0, len(res.Hits)),
		Relaxed: p.b.relaxed, Expansions: p.b.expansions()}
	hits := res.Hits
	if len(hits) > p.limit {
		hits = hits[:p.limit]
		out.NextCursor = p.next(hits[len(hits)-1])
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	if err := ix.markExpanded(ctx, p, out); err != nil {
		return nil, err
	}
	for name, f := range res.Facets {
		counts := []FacetCount{}
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				counts = append(counts, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
		out.Facets[name] = counts
	}
	return out, nil
}

// reanchor moves a relevance cursor to its document's current score.
// Scores depend on the whole index (document frequencies), so a document
// added between two pages shifts every score; positioning after the
// cursor's document as it scores now keeps the pages from overlapping or
// leaving gaps (unless the order itself changed). A document that is gone
// keeps the cursor's old score.
func (ix *Index) reanchor(ctx context.Context, p *plan) error {
	if p.cur == nil || p.cur.Undated || p.sort != SortRelevance {
		return nil
	}
	req := bleve.NewSearchRequestOptions(p.parts.query(append(p.scopeFilters(), bleve.NewDocIDQuery([]string{p.cur.ID}))...), 1, 0, false)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return ix.mapErr(err)
	}
	if len(res.Hits) == 1 {
		p.cur.Value = strconv.FormatFloat(res.Hits[0].Score, 'g', -1, 64)
	}
	return nil
}

// plan is a search ready to run: the query's parts, paging and sort.
type plan struct {
	q      Query
	pq     *parsedQuery
	b      *builder
	parts  built
	limit  int
	offset int
	sort   string
	cur    *cursor
	print  uint64   // fingerprint of the query, checked against cursors
	facets []string // the facets to count
}

func newPlan(q Query, pq *parsedQuery, b *builder) (*plan, error) {
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
	p.print = fingerprint(pq, q, p.sort)
	if q.Cursor != "" {
		if p.offset > 0 {
			return nil, fmt.Errorf("%w: a cursor cannot be combined with an offset", ErrBadCursor)
		}
		c, err := decodeCursor(q.Cursor)
		if err != nil {
			return nil, err
		}
		if c.Print != p.print {
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

// scopeFilters are the filters of q's own fields: the record type, the
// clients and the source.
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

// request builds the Bleve request. One more hit than the limit is asked
// for, to know whether there is a next page.
func (p *plan) request() *bleve.SearchRequest {
	filters := p.scopeFilters()
	undated := p.cur != nil && p.cur.Undated
	if undated { // past every dated document: the undated ones by id
		filters = append(filters, query.NewBooleanQuery(nil, nil, []query.Query{anyDate()}))
	}
	req := bleve.NewSearchRequestOptions(p.parts.query(filters...), p.limit+1, p.offset, false)
	req.Fields = []string{fieldClient, fieldSource, fieldLanguage, fieldSubject, fieldAt, fieldAtOffset}
	for _, name := range p.facets {
		req.AddFacet(name, bleve.NewFacetRequest(facetFields[name], facetSize))
	}
	switch {
	case undated:
		req.SortBy([]string{"_id"})
	case p.sort == SortDate:
		req.SortByCustom(search.SortOrder{
			&search.SortField{Field: fieldAt, Type: search.SortFieldAsDate, Desc: true, Missing: search.SortFieldMissingLast},
			&search.SortDocID{},
		})
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
	if p.parts.scored {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		for _, f := range textFields {
			req.Highlight.AddField(f)
		}
	}
	return req
}

// next is the cursor that continues after hit h.
func (p *plan) next(h *search.DocumentMatch) string {
	c := cursor{Print: p.print, ID: h.ID, Relaxed: p.b.relaxed}
	switch {
	case p.sort == SortRelevance:
		c.Value = strconv.FormatFloat(h.Score, 'g', -1, 64)
	case p.cur != nil && p.cur.Undated:
		c.Undated = true
	default:
		if len(h.DecodedSort) > 0 {
			if _, err := time.Parse(time.RFC3339Nano, h.DecodedSort[0]); err == nil {
				c.Value = h.DecodedSort[0]
			}
		}
		c.Undated = c.Value == ""
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// cursor is what a NextCursor encodes: where the last page ended.
type cursor struct {
	Print   uint64 `json:"p"`
	Value   string `json:"v,omitempty"` // the score or the RFC 3339 time
	ID      string `json:"id"`
	Undated bool   `json:"u,omitempty"`
	Relaxed bool   `json:"r,omitempty"`
}

func decodeCursor(s string) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err == nil && c.ID == "" {
		err = errors.New("no id")
	}
	if err == nil && !c.Undated {
		if _, perr := strconv.ParseFloat(c.Value, 64); perr != nil {
			if _, terr := time.Parse(time.RFC3339Nano, c.Value); terr != nil {
				err = errors.New("no position")
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCursor, err)
	}
	return &c, nil
}

// fingerprint identifies a query, so a cursor is not used with another.
func fingerprint(pq *parsedQuery, q Query, sort string) uint64 {
	h := fnv.New64a()
	clients := slices.Clone(q.Clients)
	slices.Sort(clients)
	for _, s := range append([]string{pq.String(), q.Source, sort}, clients...) {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	return h.Sum64()
}

// ResolveFacets returns the facets Query.Facets names asks for,
// de-duplicated, in the order given: all of them (FacetNames) when names is
// empty, none for FacetNone alone. An unknown name, or FacetNone with
// others, is an error that says so.
func ResolveFacets(names []string) ([]string, error) {
	switch {
	case len(names) == 0:
		return FacetNames, nil
	case slices.Contains(names, FacetNone):
		if len(names) > 1 {
			return nil, fmt.Errorf("%s cannot be combined with facet names", FacetNone)
		}
		return nil, nil
	}
	var out []string
	for _, n := range names {
		if _, ok := facetFields[n]; !ok {
			return nil, fmt.Errorf("%q is not one of %s, or %s", n, strings.Join(FacetNames, ", "), FacetNone)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// anyDate matches documents with an indexed date.
func anyDate() query.Query {
	return atRange(time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC))
}

func termQuery(field, term string) *query.TermQuery {
	t := bleve.NewTermQuery(term)
	t.SetField(field)
	return t
}

func toHit(h *search.DocumentMatch) Hit {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	hit := Hit{
		ID:       h.ID,
		Client:   str(fieldClient),
		Source:   str(fieldSource),
		Language: str(fieldLanguage),
		Subject:  str(fieldSubject),
		Score:    h.Score,
	}
	if math.IsNaN(hit.Score) || math.IsInf(hit.Score, 0) {
		hit.Score = 0
	}
	if at := str(fieldAt); at != "" {
		if t, err := time.Parse(time.RFC3339, at); err == nil {
			hit.At = inOffset(t, h.Fields[fieldAtOffset])
		}
	}
	for _, f := range textFields {
		if frags := h.Fragments[f]; len(frags) > 0 {
			if hit.Fragments == nil {
				hit.Fragments = map[string][]string{}
			}
			hit.Fragments[fieldText] = append(hit.Fragments[fieldText], frags...)
		}
	}
	return hit
}

// inOffset returns t in the zone offset seconds east of UTC, or in UTC
// when offset is absent or not a valid offset.
func inOffset(t time.Time, offset any) time.Time {
	off, ok := offset.(float64)
	if !ok || off == 0 || math.Abs(off) > 18*3600 || off != math.Trunc(off) {
		return t.UTC()
	}
	return t.In(time.FixedZone("", int(off)))
}

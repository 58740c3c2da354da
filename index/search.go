package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	qlang "github.com/ckmhq/ckm/index/query"
)

// Limits of a Query.
const (
	DefaultLimit = 10
	MaxLimit     = 100
	// MaxOffset bounds paging depth; a larger Offset is clamped to it. A
	// Cursor pages without limit.
	MaxOffset = 10000
	// MaxQueryBytes bounds Query.Text; longer text is a *QueryError.
	MaxQueryBytes = qlang.MaxBytes
	// facetSize is how many terms each facet reports.
	facetSize = 50
)

// Sort orders of a Query.
const (
	SortRelevance = "relevance" // best score first, then by id
	SortDate      = "date"      // newest first, then by id; undated last
)

// Query is a search over document records. Text is in the query language
// (package index/query: words, "phrases", field filters, -exclusion, OR); its
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
	// them and FacetNone none. They are counted as the search collects
	// its hits (facetcount.go), at a small cost for each match and facet
	// asked for.
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
	// Sort is the order of the hits, SortRelevance or SortDate: what an
	// empty Query.Sort resolved to.
	Sort string
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

// Search runs q over the document records.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	pq, err := qlang.Parse(strings.TrimSpace(q.Text))
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", err)
	}
	scope := scopeFilters(q)
	b := &builder{tokens: ix.tokens, phrase: ix.phrase, typos: func(w string) ([]string, bool, error) { return ix.typos(ctx, scope, w) }, layout: ix.layout,
		anyKeys: &ix.anyKeys}
	var learnErr error
	if q.Match != MatchWords {
		b.themes = ix.withLearned(ctx, ix.queryThemes, q.Clients, &learnErr)
		held := &heldTerms{ix: ix, ctx: ctx}
		defer held.close()
		b.holds = held.holds
	}
	b.lang = b.queryLanguage(pq)
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
	return ix.analysed.tokens.get(analyzer, text, func() []string {
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
	})
}

// phrase returns the terms of text under analyzer by position, as a
// match phrase query seeks them (a position a stop word held is empty);
// nil when no term is left.
func (ix *Index) phrase(analyzer, text string) [][]string {
	return ix.analysed.phrases.get(analyzer, text, func() [][]string {
		a := ix.bleve.Mapping().AnalyzerNamed(analyzer)
		if a == nil {
			return nil
		}
		ts := a.Analyze([]byte(text))
		if len(ts) == 0 {
			return nil
		}
		first, last := ts[0].Position, ts[0].Position
		for _, t := range ts {
			first, last = min(first, t.Position), max(last, t.Position)
		}
		out := make([][]string, last-first+1)
		for _, t := range ts {
			out[t.Position-first] = append(out[t.Position-first], string(t.Term))
		}
		return out
	})
}

// maxAnalysed bounds the texts whose analysis is kept, of each kind.
const maxAnalysed = 16384

// analysedTexts keeps the analysis of the texts a query analyses, by
// analyzer: a query's themes bring the same phrases on every search, and
// analysing them again, as the query was built and as Bleve built its
// searchers, was a tenth of a search that named themes. Its zero value is
// ready; it is safe for concurrent use. What it returns is shared:
// callers only read it.
type analysedTexts struct {
	tokens  keptAnalyses[[]string]
	phrases keptAnalyses[[][]string]
}

// keptAnalyses keeps one kind of analysis of texts, by analyzer.
type keptAnalyses[T any] struct{ kept[[2]string, T] }

// get returns the analysis of text under analyzer, computing it with f
// once.
func (c *keptAnalyses[T]) get(analyzer, text string, f func() T) T {
	return c.kept.get([2]string{analyzer, text}, maxAnalysed, f)
}

func (ix *Index) run(ctx context.Context, p *plan) (*Result, error) {
	if err := ix.reanchor(ctx, p); err != nil {
		return nil, err
	}
	gen := ix.counts.gen.Load()
	var key countKey
	keyed, kept, cached := false, counted{}, false
	if len(p.facets) > 0 { // (the key serialises the whole query)
		if key, keyed = p.countKey(); keyed {
			kept, cached = ix.counts.get(key, gen)
		}
	}
	// The facets are counted from the segments' facet values as the
	// search collects its hits (facetcount.go); Bleve's facets only when
	// the index cannot be read so (or a test compares the two). A page
	// past every dated document collects the undated ones only, so it
	// counts every match in a search of its own.
	var own counted
	var pass *facetPass
	owned := false
	if toCount := p.counted(); !cached && len(toCount) > 0 && !ix.bleveFacets {
		if p.cur != nil && p.cur.Undated {
			total, facets, ok, err := ix.countTop(ctx, p.parts.query(p.scopeFilters()...), toCount, facetSize)
			if err != nil {
				return nil, err
			}
			own, owned = counted{total, facets}, ok
		} else {
			pass, _ = ix.newFacetPass(toCount)
		}
	}
	res, err := ix.search(ctx, p, p.request(!cached && !owned && pass == nil), pass)
	if err != nil {
		return nil, err
	}
	if pass != nil {
		facets, err := pass.top(facetSize)
		if err != nil {
			return nil, err
		}
		own, owned = counted{res.Total, facets}, true
	}
	if owned {
		res.Total, res.Facets = own.total, nil
	} else if p.cur != nil && p.cur.Undated && !cached {
		// The hits of this page come from the undated documents only;
		// the total and facets still count every match.
		all := p.request(true)
		all.Query, all.Size, all.SearchAfter, all.Highlight, all.Fields = p.parts.query(p.scopeFilters()...), 0, nil, nil, nil
		full, err := ix.bleve.SearchInContext(ctx, all)
		if err != nil {
			return nil, ix.mapErr(err)
		}
		res.Total, res.Facets = full.Total, full.Facets
	}
	out := &Result{Total: res.Total, Took: res.Took, Facets: kept.facets, Hits: make([]Hit, 0, len(res.Hits)),
		Relaxed: p.b.relaxed, Expansions: p.b.expansions(), Sort: p.sort}
	if cached {
		out.Total = kept.total
	} else {
		out.Facets = facetCounts(res.Facets)
		if owned {
			out.Facets = own.facets
		}
		for name, term := range p.pinned() {
			if slices.Contains(p.facets, name) {
				out.Facets[name] = []FacetCount{}
				if out.Total > 0 {
					out.Facets[name] = []FacetCount{{Term: term, Count: int(out.Total)}}
				}
			}
		}
		if len(p.facets) > 0 {
			ix.counts.counting.Add(1)
			if keyed {
				ix.counts.put(key, gen, counted{out.Total, out.Facets})
			}
		}
	}
	hits := res.Hits
	if len(hits) > p.limit {
		hits = hits[:p.limit]
		out.NextCursor = p.next(hits[len(hits)-1])
	}
	if err := ix.fragments(ctx, p, hits); err != nil {
		return nil, err
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	if err := ix.markExpanded(ctx, p, out); err != nil {
		return nil, err
	}
	return out, nil
}

// facetCounts converts Bleve's facet results.
func facetCounts(fs search.FacetResults) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(fs))
	for name, f := range fs {
		counts := []FacetCount{}
		if f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				counts = append(counts, FacetCount{Term: t.Term, Count: t.Count})
			}
		}
		out[name] = counts
	}
	return out
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
	if t, ok := parseAt(str(fieldAt)); ok {
		// to the second, as a stored date gives it
		hit.At = inOffset(t.Truncate(time.Second), h.Fields[fieldAtOffset])
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

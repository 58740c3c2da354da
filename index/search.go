package index

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits of a Query.
const (
	DefaultLimit = 10
	MaxLimit     = 100
	// MaxOffset bounds paging depth; a larger Offset is clamped to it.
	MaxOffset = 10000
	// MaxQueryBytes bounds Query.Text; longer text is cut at a rune boundary.
	MaxQueryBytes = 1024
	// facetSize is how many terms each facet reports.
	facetSize = 50
)

// Facet names, the keys of Result.Facets.
const (
	FacetClient   = "client"
	FacetSource   = "source"
	FacetLanguage = "language"
)

// Query is a search over document records. Text is plain words, never
// query syntax: it is analysed by each text field's analyzer and matched
// against the text in every language and the subject. Empty Text matches
// every document, newest first.
type Query struct {
	Text string
	// Clients restricts hits, totals and facets to these clients; empty
	// means all clients.
	Clients []string
	// Source restricts to one source; empty means all.
	Source string
	// Limit is the most hits returned: 0 means DefaultLimit, at most
	// MaxLimit.
	Limit  int
	Offset int
}

// Result is one page of a search.
type Result struct {
	Total  uint64
	Hits   []Hit
	Facets map[string][]FacetCount // keys FacetClient, FacetSource, FacetLanguage
	Took   time.Duration
}

// Hit is one matching document. Fragments["text"] holds highlighted
// excerpts of its text: HTML-escaped, matches wrapped in <mark>…</mark>.
// At has second precision.
type Hit struct {
	ID, Client, Source, Language, Subject string
	At                                    time.Time
	Score                                 float64
	Fragments                             map[string][]string
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
	req := searchRequest(q)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: search: %w", ix.mapErr(err))
	}
	out := &Result{Total: res.Total, Took: res.Took, Facets: map[string][]FacetCount{}, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h))
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

// searchRequest builds the Bleve request for q. User text only ever
// reaches Bleve through match queries, never the query-string parser.
func searchRequest(q Query) *bleve.SearchRequest {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	offset := min(max(q.Offset, 0), MaxOffset)

	text := cleanText(q.Text)
	var match query.Query = bleve.NewMatchAllQuery()
	if text != "" {
		match = textQuery(text)
	}
	conj := []query.Query{match, termQuery(fieldType, typeDocument)}
	if len(q.Clients) > 0 {
		clients := make([]query.Query, 0, len(q.Clients))
		for _, c := range q.Clients {
			clients = append(clients, termQuery(fieldClient, c))
		}
		conj = append(conj, bleve.NewDisjunctionQuery(clients...))
	}
	if q.Source != "" {
		conj = append(conj, termQuery(fieldSource, q.Source))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(conj...), limit, offset, false)
	req.Fields = []string{fieldClient, fieldSource, fieldLanguage, fieldSubject, fieldAt}
	for _, f := range []string{FacetClient, FacetSource, FacetLanguage} {
		req.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
	}
	if text == "" {
		req.SortBy([]string{"-" + fieldAt, "_id"})
	} else {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		for _, f := range textFields {
			req.Highlight.AddField(f)
		}
	}
	return req
}

// textQuery matches text in any text field, each analysed by its field's
// analyzer.
func textQuery(text string) query.Query {
	qs := make([]query.Query, 0, len(searchFields))
	for _, f := range searchFields {
		m := bleve.NewMatchQuery(text)
		m.SetField(f)
		qs = append(qs, m)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func termQuery(field, term string) *query.TermQuery {
	t := bleve.NewTermQuery(term)
	t.SetField(field)
	return t
}

// cleanText makes user text valid UTF-8 of at most MaxQueryBytes without
// control characters; it returns "" for blank text.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	if len(s) > MaxQueryBytes {
		cut := MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
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
	if at := str(fieldAt); at != "" {
		if t, err := time.Parse(time.RFC3339, at); err == nil {
			hit.At = t.UTC()
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

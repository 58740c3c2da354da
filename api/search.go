package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// MaxClients bounds the clients of one search. The other limits are the
// index's: index.MaxQueryBytes for q, index.MaxLimit and index.MaxOffset.
const MaxClients = 100

// searchParams are the known parameters of GET /v1/search.
var searchParams = []string{"q", "client", "source", "limit", "offset", "sort", "cursor", "facets", "match"}

// hit is the JSON form of an index.Hit.
type hit struct {
	ID        string              `json:"id"`
	Client    string              `json:"client,omitempty"`
	Source    string              `json:"source,omitempty"`
	Language  string              `json:"language,omitempty"`
	Subject   string              `json:"subject,omitempty"`
	At        *time.Time          `json:"at,omitempty"`
	Score     float64             `json:"score"`
	Fragments map[string][]string `json:"fragments,omitempty"`
	// Fuzzy: only typo variants of the query's words matched; ByMeaning:
	// only themes they name did (see the answer's expansions).
	Fuzzy     bool `json:"fuzzy,omitempty"`
	ByMeaning bool `json:"by_meaning,omitempty"`
}

type facetCount struct {
	Term  string `json:"term"`
	Label string `json:"label,omitempty"` // a theme key's wording
	Count int    `json:"count"`
}

type searchResult struct {
	Total      uint64                  `json:"total"`
	Hits       []hit                   `json:"hits"`
	Facets     map[string][]facetCount `json:"facets"`
	NextCursor string                  `json:"next_cursor,omitempty"`
	Relaxed    bool                    `json:"relaxed,omitempty"`
	// Expansions say what the query's terms also matched: typo variants
	// and, unless match=words, themes of the same meaning.
	Expansions []index.Expansion `json:"expansions,omitempty"`
	TookMS     float64           `json:"took_ms"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	if s.ix == nil {
		s.writeError(w, r, errNoIndex)
		return
	}
	q, err := parseSearch(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	clients, none := narrowClients(r.Context(), q.Clients)
	if none { // asked only for clients this key may not see
		s.writeJSON(w, http.StatusOK, emptyResult(q.Facets))
		return
	}
	q.Clients = clients
	release, err := s.chargeQuery(w, r, q.Text)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.ix.Search(r.Context(), q)
	release()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := toSearchResult(res)
	s.labelThemeCounts(r, out.Facets[index.FacetTheme], clients)
	s.writeJSON(w, http.StatusOK, out)
}

// parseSearch validates the raw query string of a search and turns it into
// an index.Query. Its errors are *queryError naming the parameter.
func parseSearch(raw string) (index.Query, error) {
	var q index.Query
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return q, &queryError{Param: "", Reason: "malformed query string: " + err.Error()}
	}
	for name, vs := range vals {
		if !known(name) {
			return q, &queryError{Param: printable(name), Reason: "unknown parameter; known: " + strings.Join(searchParams, ", ")}
		}
		for _, v := range vs {
			if err := checkValue(name, v); err != nil {
				return q, err
			}
		}
		if name != "client" && len(vs) > 1 {
			return q, &queryError{Param: name, Reason: "given more than once"}
		}
	}
	if q.Text = strings.TrimSpace(vals.Get("q")); len(q.Text) > index.MaxQueryBytes {
		return q, &queryError{Param: "q", Reason: fmt.Sprintf("%d bytes is over the limit of %d", len(q.Text), index.MaxQueryBytes)}
	}
	if q.Clients, err = parseClients(vals["client"]); err != nil {
		return q, err
	}
	src := ckm.Source(strings.ToLower(strings.TrimSpace(vals.Get("source"))))
	if !src.Valid() {
		return q, &queryError{Param: "source", Reason: fmt.Sprintf("%q is not one of %s", src, sourceNames())}
	}
	q.Source = string(src)
	if q.Limit, err = intParam(vals, "limit", 1, index.MaxLimit); err != nil {
		return q, err
	}
	if q.Offset, err = intParam(vals, "offset", 0, index.MaxOffset); err != nil {
		return q, err
	}
	switch q.Sort = strings.ToLower(strings.TrimSpace(vals.Get("sort"))); q.Sort {
	case "", index.SortRelevance, index.SortDate:
	default:
		return q, &queryError{Param: "sort", Reason: fmt.Sprintf("%q is not %s or %s", printable(q.Sort), index.SortRelevance, index.SortDate)}
	}
	if q.Cursor = strings.TrimSpace(vals.Get("cursor")); q.Cursor != "" && q.Offset > 0 {
		return q, &queryError{Param: "cursor", Reason: "cannot be combined with offset"}
	}
	if q.Facets, err = parseFacets(vals.Get("facets")); err != nil {
		return q, err
	}
	switch q.Match = strings.ToLower(strings.TrimSpace(vals.Get("match"))); q.Match {
	case "", index.MatchMeaning, index.MatchWords:
	default:
		return q, &queryError{Param: "match", Reason: fmt.Sprintf("%q is not %s or %s", printable(q.Match), index.MatchMeaning, index.MatchWords)}
	}
	return q, nil
}

// parseFacets reads the facets parameter: comma-separated facet names,
// or "none"; empty means every facet (see index.ResolveFacets).
func parseFacets(v string) ([]string, error) {
	var out []string
	for f := range strings.SplitSeq(strings.ToLower(v), ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	if _, err := index.ResolveFacets(out); err != nil {
		return nil, &queryError{Param: "facets", Reason: err.Error()}
	}
	return out, nil
}

func known(name string) bool {
	for _, p := range searchParams {
		if name == p {
			return true
		}
	}
	return false
}

// checkValue rejects invalid UTF-8 and control characters.
func checkValue(name, v string) error {
	if !utf8.ValidString(v) {
		return &queryError{Param: name, Reason: "not valid UTF-8"}
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return &queryError{Param: name, Reason: fmt.Sprintf("contains the control character %U", r)}
		}
	}
	return nil
}

// printable quotes a parameter name safely for a message.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

// parseClients splits repeated and comma-separated client values.
func parseClients(vs []string) ([]string, error) {
	var out []string
	for _, v := range vs {
		for _, c := range strings.Split(v, ",") {
			c = strings.TrimSpace(c)
			switch {
			case c == "":
				continue
			case len(c) > ckm.MaxFieldBytes:
				return nil, &queryError{Param: "client", Reason: fmt.Sprintf("a client name of %d bytes is over the limit of %d", len(c), ckm.MaxFieldBytes)}
			}
			out = append(out, c)
		}
	}
	if len(out) > MaxClients {
		return nil, &queryError{Param: "client", Reason: fmt.Sprintf("%d clients is over the limit of %d", len(out), MaxClients)}
	}
	return out, nil
}

// intParam parses an optional integer parameter in lo..hi; absent or empty
// is 0, which leaves the index's default.
func intParam(vals url.Values, name string, lo, hi int) (int, error) {
	v := strings.TrimSpace(vals.Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &queryError{Param: name, Reason: fmt.Sprintf("%q is not an integer from %d to %d", printable(v), lo, hi)}
	}
	return n, nil
}

func sourceNames() string {
	names := make([]string, len(ckm.Sources))
	for i, s := range ckm.Sources {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// emptyResult is the answer of a search that can match nothing, with
// each facet asked for (valid names, see index.ResolveFacets) present and
// empty.
func emptyResult(facets []string) searchResult {
	out := searchResult{Hits: []hit{}, Facets: map[string][]facetCount{}}
	names, _ := index.ResolveFacets(facets) // parseFacets checked them
	for _, f := range names {
		out.Facets[f] = []facetCount{}
	}
	return out
}

func toSearchResult(res *index.Result) searchResult {
	out := searchResult{
		NextCursor: res.NextCursor,
		Relaxed:    res.Relaxed,
		Expansions: res.Expansions,
		Total:      res.Total,
		Hits:       make([]hit, 0, len(res.Hits)),
		Facets:     make(map[string][]facetCount, len(res.Facets)),
		TookMS:     float64(res.Took.Microseconds()) / 1000,
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, toHit(h))
	}
	for name, counts := range res.Facets {
		fc := make([]facetCount, 0, len(counts))
		for _, c := range counts {
			fc = append(fc, facetCount{Term: c.Term, Count: int(c.Count)})
		}
		out.Facets[name] = fc
	}
	return out
}

func toHit(h index.Hit) hit {
	out := hit{ID: h.ID, Client: h.Client, Source: h.Source, Language: h.Language,
		Subject: h.Subject, Score: h.Score, Fragments: h.Fragments, Fuzzy: h.Fuzzy, ByMeaning: h.ByMeaning}
	if !h.At.IsZero() {
		at := h.At // in the offset the document gave
		out.At = &at
	}
	return out
}

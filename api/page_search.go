package api

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/index/query"
)

// pageSize is the number of hits on a page of the search page.
const pageSize = 10

// searchView is the data of the search page.
type searchView struct {
	Q        string
	Sort     string // what the caller asked for: "", relevance or date
	Sorted   string // the order of the hits: relevance or date (what "" became)
	Error    string // a query that does not parse, or a bad cursor
	Total    uint64
	Relaxed  bool
	Also     string // what the terms also matched: "also matching: …"
	TookMS   string
	From, To int // positions of the first and last hit shown, 1-based
	Hits     []hitView
	Facets   []facetView
	NextURL  string
	FirstURL string // set on pages after the first
}

// hitView is one hit as the page shows it.
type hitView struct {
	ID, Client, Source, Language, Subject string
	Title                                 string // the subject, else the first words of the text
	At                                    time.Time
	DocURL, ClientURL                     string
	Fragments                             []template.HTML
}

// facetView is one facet: its terms as links that add (or, when the
// filter is already in the query, remove) a filter.
type facetView struct {
	Name, Label string
	Terms       []facetTerm
}

// facetTerm is one term of a facet with its count.
type facetTerm struct {
	Term   string
	Label  string // what the page shows: the term, or a theme key's wording
	Count  int
	URL    string // "" when the term cannot be written as a filter
	Active bool
}

// facetOrder is the order and labels of the facets on the page, and the
// query-language field each one filters by.
var facetOrder = []struct{ name, label, field string }{
	{index.FacetClient, "Client", "client"},
	{index.FacetSource, "Channel", "source"},
	{index.FacetLanguage, "Language", "lang"},
	{index.FacetKind, "Need kind", "kind"},
	{index.FacetCue, "Cue", "cue"},
	{index.FacetTheme, "Theme", "theme"},
	{index.FacetEntity, "Entity", "entity"},
}

// maxFacetTerms is how many terms of each facet the page lists.
const maxFacetTerms = 10

// searchPage answers GET /: the search box, hits with their highlighted
// evidence, facets and paging. An empty query lists the newest documents.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	if s.ix == nil {
		s.pageError(w, r, errNoIndex)
		return
	}
	vals := r.URL.Query()
	v := searchView{Q: strings.TrimSpace(vals.Get("q")), Sort: vals.Get("sort")}
	q := index.Query{Text: v.Q, Limit: pageSize, Cursor: vals.Get("cursor")}
	switch v.Sort {
	case index.SortRelevance, index.SortDate:
		q.Sort = v.Sort
	default:
		v.Sort = ""
	}
	page, _ := strconv.Atoi(vals.Get("page"))
	page = max(page, 1)
	if err := checkPageText(v.Q); err != nil {
		v.Error = err.Error()
		s.render(w, r, http.StatusBadRequest, "search", "Search", "search", v)
		return
	}
	clients, none := narrowClients(r.Context(), nil)
	if none {
		s.render(w, r, http.StatusOK, "search", "Search", "search", v)
		return
	}
	q.Clients = clients
	release, err := s.chargeQuery(w, r, q.Text)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	res, err := s.ix.Search(r.Context(), q)
	release()
	var qe *query.Error
	switch {
	case errors.As(err, &qe):
		v.Error = qe.Error()
		s.render(w, r, http.StatusBadRequest, "search", "Search", "search", v)
		return
	case errors.Is(err, index.ErrBadCursor):
		v.Error = "That page link is no longer valid; start again from the first page."
		v.FirstURL = searchURL(v.Q, v.Sort, "", 0)
		s.render(w, r, http.StatusBadRequest, "search", "Search", "search", v)
		return
	case err != nil:
		s.pageError(w, r, err)
		return
	}
	fillSearchView(&v, res, page)
	s.completeHits(r.Context(), v.Hits)
	s.labelThemes(r, &v, clients)
	s.render(w, r, http.StatusOK, "search", searchTitle(v.Q), "search", v)
}

func searchTitle(q string) string {
	if q == "" {
		return "Search"
	}
	return q + " — search"
}

// checkPageText bounds the query text as the JSON API does.
func checkPageText(q string) error {
	if len(q) > index.MaxQueryBytes {
		return fmt.Errorf("the query is %d bytes, over the limit of %d", len(q), index.MaxQueryBytes)
	}
	if err := checkValue("q", q); err != nil {
		return fmt.Errorf("the query %s", strings.TrimPrefix(err.Error(), `query parameter "q": `))
	}
	return nil
}

// fillSearchView turns a result into the page's view; page is the 1-based
// page number the result is.
func fillSearchView(v *searchView, res *index.Result, page int) {
	v.Total, v.Relaxed, v.Sorted, v.Also = res.Total, res.Relaxed, res.Sort, alsoMatching(res.Expansions)
	v.TookMS = strconv.FormatFloat(float64(res.Took.Microseconds())/1000, 'f', 1, 64)
	if len(res.Hits) > 0 {
		v.From = (page-1)*pageSize + 1
		v.To = v.From + len(res.Hits) - 1
	}
	for _, h := range res.Hits {
		v.Hits = append(v.Hits, toHitView(h))
	}
	if res.NextCursor != "" {
		v.NextURL = searchURL(v.Q, v.Sort, res.NextCursor, page+1)
	}
	if page > 1 {
		v.FirstURL = searchURL(v.Q, v.Sort, "", 0)
	}
	for _, f := range facetOrder {
		counts := res.Facets[f.name]
		if len(counts) == 0 {
			continue
		}
		fv := facetView{Name: f.name, Label: f.label}
		for _, c := range counts {
			if strings.TrimSpace(c.Term) == "" {
				continue
			}
			if fv.Terms = append(fv.Terms, toFacetTerm(v.Q, v.Sort, f.field, c)); len(fv.Terms) == maxFacetTerms {
				break
			}
		}
		v.Facets = append(v.Facets, fv)
	}
}

// labelThemes shows the theme facet's keys ("invoic number project") as
// the wording their mentions use ("project number on invoices") when the
// index can tell. On error the keys stay, and the page is still served.
func (s *Server) labelThemes(r *http.Request, v *searchView, clients []string) {
	for i := range v.Facets {
		f := &v.Facets[i]
		if f.Name != index.FacetTheme {
			continue
		}
		keys := make([]string, len(f.Terms))
		for j, t := range f.Terms {
			keys[j] = t.Term
		}
		labels := s.themeLabels(r, keys, clients)
		for j := range f.Terms {
			if l := labels[f.Terms[j].Term]; l != "" {
				f.Terms[j].Label = l
			}
		}
	}
}

// labelThemeCounts sets the label of the theme facet's counts in the
// search API's answer, so that clients never have to show stems.
func (s *Server) labelThemeCounts(r *http.Request, counts []facetCount, clients []string) {
	keys := make([]string, len(counts))
	for i, c := range counts {
		keys[i] = c.Term
	}
	labels := s.themeLabels(r, keys, clients)
	for i := range counts {
		counts[i].Label = labels[counts[i].Term]
	}
}

// themeLabels returns the wording of theme keys, from the label cache or
// the index, or nil when the server has no index (an error is logged and
// leaves the keys unlabelled). Stale labels are answered as they are and
// labelled again in the background (labels.go).
func (s *Server) themeLabels(r *http.Request, keys, clients []string) map[string]string {
	if s.ix == nil || len(keys) == 0 {
		return nil
	}
	now := time.Now()
	out := make(map[string]string, len(keys))
	var missing, stale []string
	for _, k := range keys {
		l, ok, old := s.web.labels.get(clients, k, now)
		switch {
		case !ok:
			missing = append(missing, k)
		case old:
			stale = append(stale, k)
			fallthrough
		default:
			out[k] = l
		}
	}
	if len(stale) > 0 && s.web.labels.claim(clients) {
		go s.relabel(context.WithoutCancel(r.Context()), stale, clients)
	}
	if len(missing) == 0 {
		return out
	}
	labels, err := s.ix.ThemeLabels(r.Context(), missing, clients)
	if err != nil {
		s.log.Warn("api: theme labels", "err", err)
		return out
	}
	s.web.labels.put(clients, labels, now)
	for k, l := range labels {
		out[k] = l
	}
	return out
}

func toHitView(h index.Hit) hitView {
	hv := hitView{ID: h.ID, Client: h.Client, Source: h.Source, Language: h.Language, Subject: h.Subject,
		Title: strings.TrimSpace(h.Subject), At: h.At, DocURL: documentURL(h.ID)}
	if h.Client != "" {
		hv.ClientURL = clientURL(h.Client)
	}
	for _, f := range h.Fragments["text"] {
		hv.Fragments = append(hv.Fragments, safeFragment(wordFragment(f)))
	}
	return hv
}

// completeHits gives every hit a title and a snippet: a hit without a
// subject is titled with the first words of its text, and one without a
// highlighted fragment (an empty query highlights nothing, a match in the
// subject alone neither) shows the start of its text. A hit whose record
// cannot be read keeps its ID as the title.
func (s *Server) completeHits(ctx context.Context, hits []hitView) {
	for i := range hits {
		h := &hits[i]
		if h.Title != "" && len(h.Fragments) > 0 {
			continue
		}
		rec, err := s.ix.Get(ctx, h.ID)
		if err != nil {
			s.log.Warn("api: hit without title or snippet", "id", h.ID, "err", err)
			h.Title = cmp.Or(h.Title, h.ID)
			continue
		}
		text := strings.Join(strings.Fields(rec.Document.Text), " ")
		h.Title = cmp.Or(h.Title, leadText(text, 60), h.ID)
		if len(h.Fragments) == 0 && text != "" {
			h.Fragments = []template.HTML{template.HTML(template.HTMLEscapeString(leadText(text, 240)))}
		}
	}
}

// leadText is the start of text cut at a word boundary to at most max
// bytes, with "…" when it was cut.
func leadText(text string, max int) string {
	if len(text) <= max {
		return text
	}
	cut := strings.LastIndexByte(text[:max+1], ' ')
	if cut <= 0 {
		cut = max
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,;:.-–—") + "…"
}

// fragmentEllipsis is what the highlighter puts where it cut the text.
const fragmentEllipsis = "…"

// wordFragment drops the partial word a highlighted fragment starts or
// ends with where the highlighter cut the text mid-word ("…eam, Our
// auditors" becomes "…Our auditors"), unless it holds a match.
func wordFragment(f string) string {
	if rest, ok := strings.CutPrefix(f, fragmentEllipsis); ok {
		if i := strings.IndexFunc(rest, unicode.IsSpace); i > 0 && !strings.Contains(rest[:i], "mark>") {
			f = fragmentEllipsis + strings.TrimLeftFunc(rest[i:], unicode.IsSpace)
		}
	}
	if rest, ok := strings.CutSuffix(f, fragmentEllipsis); ok {
		if i := strings.LastIndexFunc(rest, unicode.IsSpace); i >= 0 && i < len(rest)-1 && !strings.Contains(rest[i:], "mark>") {
			f = strings.TrimRightFunc(rest[:i], unicode.IsSpace) + fragmentEllipsis
		}
	}
	return f
}

// toFacetTerm links a facet term to the search with its filter toggled.
func toFacetTerm(q, sort, field string, c index.FacetCount) facetTerm {
	ft := facetTerm{Term: c.Term, Label: c.Term, Count: c.Count}
	filter, ok := filterFor(field, c.Term)
	if !ok {
		return ft
	}
	next, active := toggleFilter(q, filter)
	ft.Active = active
	ft.URL = searchURL(next, sort, "", 0)
	return ft
}

// filterFor writes field:value in the query language, quoting the value
// when it is not a plain word. A value with a double quote cannot be
// written; ok is false.
func filterFor(field, value string) (string, bool) {
	value = strings.Join(strings.Fields(value), " ")
	if value == "" || strings.ContainsRune(value, '"') {
		return "", false
	}
	for _, r := range value {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return field + `:"` + value + `"`, true
		}
	}
	return field + ":" + value, true
}

// toggleFilter adds filter to q, or removes it when q already has it
// (active is then true).
func toggleFilter(q, filter string) (next string, active bool) {
	if i := indexFilter(q, filter); i >= 0 {
		return strings.Join(strings.Fields(q[:i]+" "+q[i+len(filter):]), " "), true
	}
	if q == "" {
		return filter, false
	}
	return q + " " + filter, false
}

// indexFilter finds filter in q as a whole term (between spaces or the
// ends of q), or returns -1.
func indexFilter(q, filter string) int {
	for from := 0; from <= len(q); {
		i := strings.Index(q[from:], filter)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(filter)
		before := i == 0 || q[i-1] == ' '
		after := end == len(q) || q[end] == ' '
		if before && after {
			return i
		}
		from = i + 1
	}
	return -1
}

// searchURL is the page's URL for a search; page numbers below 2 and
// empty values are left out.
func searchURL(q, sort, cursor string, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if sort != "" {
		v.Set("sort", sort)
	}
	if cursor != "" {
		v.Set("cursor", cursor)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

func documentURL(id string) string   { return "/documents/" + url.PathEscape(id) }
func clientURL(client string) string { return "/clients/" + url.PathEscape(client) }

// alsoMatching is the page's line of what the query also matched, one
// "term → matches" per expansion; empty without expansions.
func alsoMatching(exps []index.Expansion) string {
	var parts []string
	for _, e := range exps {
		parts = append(parts, strings.Join(e.Matches, ", ")+" (for "+e.Term+")")
	}
	return strings.Join(parts, "; ")
}

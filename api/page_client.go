package api

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// clientView is the data of a client's page.
type clientView struct {
	Client    string
	Documents uint64
	Newest    time.Time
	SearchURL string
	Hints     *index.Hints
	Emerging  *index.Emerging
	Recent    []hitView
	Entities  []facetTerm
	Sources   []facetTerm
	// Now is the page's "now" parameter (hints' Until, emerging's Now);
	// AsOfNewest links to the page as of the newest document when the
	// window before now holds none.
	Now        string
	AsOfNewest string
	// Compare is the client against everyone in scope (compare.go).
	Compare *index.Comparison
}

// clientPage answers GET /clients/{client}: the client's hints ranked, its
// emerging themes, its newest documents and its top entities. A client
// outside the caller's scope, or one with no documents, is a 404.
func (s *Server) clientPage(w http.ResponseWriter, r *http.Request) {
	h, err := s.indexOrError()
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	client := ckm.NormalizeClient(r.PathValue("client"))
	if checkClient("client", client) != nil || client == "" || !clientAllowed(r.Context(), client) {
		s.pageNotFound(w, r)
		return
	}
	now, nowParam, err := pageNow(r.URL.Query())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	// The page's searches, hints, emerging and comparison take one
	// search place between them.
	leave, err := s.admitSearch(w, r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	defer leave()
	res, err := s.ix.Search(r.Context(), index.Query{Clients: []string{client}, Sort: index.SortDate, Limit: 10})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if res.Total == 0 {
		s.pageNotFound(w, r)
		return
	}
	v := clientView{Client: client, Documents: res.Total, Now: nowParam,
		SearchURL: searchURL(mustFilter("client", client), index.SortDate, "", 0)}
	for _, hit := range res.Hits {
		v.Recent = append(v.Recent, toHitView(hit))
	}
	s.completeHits(r.Context(), v.Recent)
	v.Newest = res.Hits[0].At
	scopeQ := mustFilter("client", client)
	for _, c := range limitFacet(res.Facets[index.FacetEntity], 15) {
		v.Entities = append(v.Entities, toFacetTerm(scopeQ, index.SortDate, "entity", c))
	}
	for _, c := range res.Facets[index.FacetSource] {
		v.Sources = append(v.Sources, toFacetTerm(scopeQ, index.SortDate, "source", c))
	}
	hq := index.HintsQuery{Client: client, Until: now, Clients: scopeClients(r)}
	if v.Hints, err = h.Hints(r.Context(), hq); err != nil {
		s.pageError(w, r, err)
		return
	}
	eq := index.EmergingQuery{Client: client, Now: now, Clients: scopeClients(r), Limit: 10}
	if v.Emerging, err = h.Emerging(r.Context(), eq); err != nil {
		s.pageError(w, r, err)
		return
	}
	if v.Emerging.RecentDocuments == 0 && !v.Newest.IsZero() && (now.IsZero() || v.Newest.Before(now)) {
		v.AsOfNewest = clientURL(client) + "?now=" + url.QueryEscape(v.Newest.UTC().Add(24*time.Hour).Format(time.DateOnly))
	}
	if v.Compare, err = s.pageCompare(r, client, now); err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "client", client, "", v)
}

// scopeClients is the caller's scope as the index's Clients: nil for all.
func scopeClients(r *http.Request) []string {
	if all, clients := allowedClients(r.Context()); !all {
		return clients
	}
	return nil
}

// pageNow reads the optional "now" parameter of the client and emerging
// pages (2026-11-25 or RFC 3339); absent is the zero time, which the
// index reads as the current time.
func pageNow(vals url.Values) (time.Time, string, error) {
	raw := strings.TrimSpace(vals.Get("now"))
	if raw == "" {
		return time.Time{}, "", nil
	}
	t, err := timeParam(url.Values{"now": {raw}}, "now")
	if err != nil {
		return t, "", err
	}
	return t, raw, nil
}

func limitFacet(c []index.FacetCount, n int) []index.FacetCount {
	return c[:min(len(c), n)]
}

// mustFilter is filterFor for values known to be writable; others give
// "" (no filter), which only widens a link, never the scope.
func mustFilter(field, value string) string {
	f, _ := filterFor(field, value)
	return f
}

// errNoClients is the emerging page's answer for a key that sees no client.
var errNoClients = errors.New("api: this key may see no client")

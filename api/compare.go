package api

import (
	"net/http"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// compare answers GET /v1/clients/{client}/compare: the themes, cues and
// entities the client raises significantly more than the other clients in
// the caller's scope, and the themes they raise that it never has. A
// client outside the scope is a 404.
func (s *Server) compare(w http.ResponseWriter, r *http.Request) {
	if s.ix == nil {
		s.writeError(w, r, errNoIndex)
		return
	}
	client, clients, err := pathClient(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hq, err := parseHints(r.URL.RawQuery) // the same parameters: since, until, limit
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q := index.CompareQuery{Client: client, Clients: clients, Since: hq.Since, Until: hq.Until, Limit: hq.Limit}
	leave, err := s.admitSearch(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer leave()
	res, err := s.ix.Compare(r.Context(), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, res)
}

// pathClient returns the {client} of r's path and the caller's scope (nil
// for all), or the error to answer: a bad name, or a client outside the
// scope (404).
func pathClient(r *http.Request) (string, []string, error) {
	client := ckm.NormalizeClient(r.PathValue("client"))
	if err := checkClient("client", client); err != nil {
		return "", nil, err
	}
	if !clientAllowed(r.Context(), client) {
		return "", nil, noClient(client)
	}
	return client, scopeClients(r), nil
}

// pageCompare is the client page's comparison: the client against
// everyone in the caller's scope, up to now (zero: all history).
func (s *Server) pageCompare(r *http.Request, client string, now time.Time) (*index.Comparison, error) {
	return s.ix.Compare(r.Context(), index.CompareQuery{Client: client, Clients: scopeClients(r), Until: now, Limit: 10})
}

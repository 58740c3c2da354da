package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// Known parameters of the hints and emerging endpoints.
var (
	hintsParams    = []string{"since", "until", "limit"}
	emergingParams = []string{"window", "baseline", "client", "limit", "now"}
)

// indexOrError returns the index, or errNoIndex when the server has none.
func (s *Server) indexOrError() (Index, error) {
	if s.ix == nil {
		return nil, errNoIndex
	}
	return s.ix, nil
}

// hints answers GET /v1/clients/{client}/hints: the client's themes, ranked,
// with evidence. A client outside the caller's scope is a 404.
func (s *Server) hints(w http.ResponseWriter, r *http.Request) {
	h, err := s.indexOrError()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	client, clients, err := pathClient(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := parseHints(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q.Client, q.Clients = client, clients
	leave, err := s.admitSearch(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer leave()
	if known, err := s.clientKnown(r.Context(), client); err != nil || !known {
		s.writeError(w, r, cmpErr(err, noClient(client)))
		return
	}
	res, err := h.Hints(r.Context(), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, res)
}

// emerging answers GET /v1/emerging: themes rising in the window, for one
// client or every client in the caller's scope.
func (s *Server) emerging(w http.ResponseWriter, r *http.Request) {
	h, err := s.indexOrError()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := parseEmerging(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if q.Client != "" && !clientAllowed(r.Context(), q.Client) {
		s.writeError(w, r, noClient(q.Client))
		return
	}
	all, clients := allowedClients(r.Context())
	if !all {
		if len(clients) == 0 { // an empty list would mean every client to the index
			s.writeError(w, r, &apiError{Status: http.StatusForbidden, Code: CodeForbidden, Message: "this key may see no client"})
			return
		}
		q.Clients = clients
	}
	leave, err := s.admitSearch(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer leave()
	res, err := h.Emerging(r.Context(), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, res)
}

// clientKnown reports whether the index holds any document of client: the
// one test of "is there such a client" for the API and the page, so both
// answer an unknown client with a 404.
func (s *Server) clientKnown(ctx context.Context, client string) (bool, error) {
	res, err := s.ix.Search(ctx, index.Query{Clients: []string{client}, Limit: 1, Facets: []string{index.FacetNone}})
	if err != nil {
		return false, err
	}
	return res.Total > 0, nil
}

// cmpErr returns err when it is not nil, else fallback.
func cmpErr(err error, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

func noClient(client string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: CodeNotFound, Message: fmt.Sprintf("no client %q", printable(client))}
}

// parseHints validates the query string of a hints request.
func parseHints(raw string) (index.HintsQuery, error) {
	var q index.HintsQuery
	vals, err := parseParams(raw, hintsParams)
	if err != nil {
		return q, err
	}
	if q.Since, err = timeParam(vals, "since"); err != nil {
		return q, err
	}
	if q.Until, err = timeParam(vals, "until"); err != nil {
		return q, err
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, &queryError{Param: "until", Reason: "must be after since"}
	}
	q.Limit, err = intParam(vals, "limit", 1, index.MaxHintsLimit)
	return q, err
}

// parseEmerging validates the query string of an emerging request.
func parseEmerging(raw string) (index.EmergingQuery, error) {
	var q index.EmergingQuery
	vals, err := parseParams(raw, emergingParams)
	if err != nil {
		return q, err
	}
	if q.Window, err = windowParam(vals, "window"); err != nil {
		return q, err
	}
	if q.Baseline, err = windowParam(vals, "baseline"); err != nil {
		return q, err
	}
	if q.Now, err = timeParam(vals, "now"); err != nil {
		return q, err
	}
	q.Client = ckm.NormalizeClient(vals.Get("client"))
	if err := checkClient("client", q.Client); err != nil {
		return q, err
	}
	q.Limit, err = intParam(vals, "limit", 1, index.MaxEmergingLimit)
	return q, err
}

// parseParams parses raw, rejecting unknown and repeated parameters and
// values that are not clean text.
func parseParams(raw string, allowed []string) (url.Values, error) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, &queryError{Param: "", Reason: "malformed query string: " + err.Error()}
	}
	for name, vs := range vals {
		if !slices.Contains(allowed, name) {
			return nil, &queryError{Param: printable(name), Reason: "unknown parameter; known: " + strings.Join(allowed, ", ")}
		}
		if len(vs) > 1 {
			return nil, &queryError{Param: name, Reason: "given more than once"}
		}
		if err := checkValue(name, vs[0]); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

func checkClient(param, c string) error {
	if err := checkValue(param, c); err != nil {
		return err
	}
	if len(c) > ckm.MaxFieldBytes {
		return &queryError{Param: param, Reason: fmt.Sprintf("a client name of %d bytes is over the limit of %d", len(c), ckm.MaxFieldBytes)}
	}
	return nil
}

// timeParam parses an optional time: RFC 3339, or a day (2006-01-02,
// midnight UTC).
func timeParam(vals url.Values, name string) (time.Time, error) {
	v := strings.TrimSpace(vals.Get(name))
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil && t.Year() > 1677 && t.Year() < 2262 {
			return t.UTC(), nil
		}
	}
	return time.Time{}, &queryError{Param: name, Reason: fmt.Sprintf("%q is not a time like 2026-11-25 or 2026-11-25T09:00:00Z", printable(v))}
}

// windowParam parses an optional window (see parseWindow); absent is 0.
func windowParam(vals url.Values, name string) (time.Duration, error) {
	v := strings.TrimSpace(vals.Get(name))
	if v == "" {
		return 0, nil
	}
	d, err := parseWindow(v)
	if err != nil {
		return 0, &queryError{Param: name, Reason: err.Error()}
	}
	return d, nil
}

// parseWindow reads a period as days ("30d"), weeks ("12w") or a Go
// duration ("72h"), from one hour to index.MaxWindow.
func parseWindow(s string) (time.Duration, error) {
	const day = 24 * time.Hour
	bad := fmt.Errorf("%q is not a period like 7d, 30d, 12w or 72h, from 1h to %dd", printable(s), index.MaxWindow/day)
	var d time.Duration
	if unit := s[len(s)-1]; unit == 'd' || unit == 'w' {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n <= 0 || n > int(index.MaxWindow/day) {
			return 0, bad
		}
		d = time.Duration(n) * day
		if unit == 'w' {
			d *= 7
		}
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d < time.Hour || d > index.MaxWindow {
		return 0, bad
	}
	return d, nil
}

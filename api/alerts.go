package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/ckmhq/ckm/alerts"
)

// AlertStore keeps the saved searches and watches of API keys;
// *alerts.Store is one.
type AlertStore interface {
	Create(ctx context.Context, sub alerts.Subscription) (alerts.Subscription, error)
	List(ctx context.Context, owner string) ([]alerts.Subscription, error)
	Delete(ctx context.Context, owner, id string) error
	Test(ctx context.Context, owner, id string) (string, error)
}

// CodeInvalidAlert is the error code of a subscription that does not
// validate.
const CodeInvalidAlert = "invalid_alert"

// routeAlerts registers the alert endpoints; without Config.Alerts they
// answer 503.
func (s *Server) routeAlerts() {
	s.mux.HandleFunc("POST /v1/alerts", s.withAlerts(s.postAlert))
	s.mux.HandleFunc("GET /v1/alerts", s.withAlerts(s.listAlerts))
	s.mux.HandleFunc("DELETE /v1/alerts/{id}", s.withAlerts(s.deleteAlert))
	s.mux.HandleFunc("POST /v1/alerts/{id}/test", s.withAlerts(s.testAlert))
}

func (s *Server) withAlerts(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Alerts == nil {
			s.writeError(w, r, &apiError{Status: http.StatusServiceUnavailable, Code: "alerts_unavailable", Message: "this server keeps no alerts"})
			return
		}
		h(w, r)
	}
}

// alertRequest is the body of POST /v1/alerts.
type alertRequest struct {
	Kind   string `json:"kind"`
	Query  string `json:"query"`
	Client string `json:"client"`
	URL    string `json:"url"`
	Digest string `json:"digest"`
}

// postAlert saves a subscription of the caller's key, scoped to the key's
// clients, and answers 201 with it and its secret (shown only here).
func (s *Server) postAlert(w http.ResponseWriter, r *http.Request) {
	var req alertRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeInvalidAlert, Message: "body: " + err.Error()})
		return
	}
	sc := scopeFrom(r.Context())
	if !sc.all && len(sc.clients) == 0 {
		s.writeError(w, r, &apiError{Status: http.StatusForbidden, Code: CodeForbidden, Message: "this key may see no client"})
		return
	}
	req.Client = strings.TrimSpace(req.Client)
	if req.Client != "" && !clientAllowed(r.Context(), req.Client) {
		s.writeError(w, r, noClient(req.Client))
		return
	}
	sub := alerts.Subscription{Owner: sc.key, Kind: req.Kind, Query: req.Query, Client: req.Client, URL: req.URL, Digest: req.Digest}
	if !sc.all {
		sub.Clients = sc.clients
	}
	sub, err := s.cfg.Alerts.Create(r.Context(), sub)
	if err != nil {
		s.writeError(w, r, alertError(err))
		return
	}
	s.writeJSON(w, http.StatusCreated, sub)
}

func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	subs, err := s.cfg.Alerts.List(r.Context(), scopeFrom(r.Context()).key)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"alerts": subs})
}

func (s *Server) deleteAlert(w http.ResponseWriter, r *http.Request) {
	if err := s.cfg.Alerts.Delete(r.Context(), scopeFrom(r.Context()).key, r.PathValue("id")); err != nil {
		s.writeError(w, r, alertError(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// testAlert queues a sample event to the subscription and answers 202
// with its ID, which the delivery also carries as its ID.
func (s *Server) testAlert(w http.ResponseWriter, r *http.Request) {
	id, err := s.cfg.Alerts.Test(r.Context(), scopeFrom(r.Context()).key, r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, alertError(err))
		return
	}
	s.writeJSON(w, http.StatusAccepted, map[string]string{"event": id})
}

// alertError maps the store's errors to answers.
func alertError(err error) error {
	switch {
	case errors.Is(err, alerts.ErrInvalid):
		return &apiError{Status: http.StatusBadRequest, Code: CodeInvalidAlert, Message: err.Error()}
	case errors.Is(err, alerts.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: CodeNotFound, Message: "no such alert"}
	}
	return err
}

// OwnerScope returns the clients the key called name may see now (all
// true for every client), for alerts.Config.Owners; ok is false when no
// key has that name (names are unique in a keys file).
func (ks *Keys) OwnerScope(name string) (clients []string, all, ok bool) {
	if ks == nil {
		return nil, false, false
	}
	for _, k := range ks.keys {
		if k.Name == name {
			if slices.Contains(k.Clients, "*") {
				return nil, true, true
			}
			return slices.Clone(k.Clients), false, true
		}
	}
	return nil, false, false
}

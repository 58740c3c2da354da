package api

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// MaxGazetteerBytes bounds a gazetteer upload.
const MaxGazetteerBytes = 4 << 20

// GazetteerStore keeps the deployment's gazetteer where every analysing
// process reads it; *queues.GazetteerStore is one.
type GazetteerStore interface {
	Gazetteer(ctx context.Context) (body []byte, version int64, err error)
	SetGazetteer(ctx context.Context, body []byte) (version int64, err error)
}

// gazetteerAnswer is what GET and PUT /v1/gazetteer answer.
type gazetteerAnswer struct {
	Version int64  `json:"version"`
	Entries int    `json:"entries,omitempty"`
	Body    string `json:"body"`
}

func (s *Server) routeGazetteer() {
	s.mux.HandleFunc("GET /v1/gazetteer", s.requireAdmin(s.getGazetteer))
	s.mux.HandleFunc("PUT /v1/gazetteer", s.requireAdmin(s.putGazetteer))
}

func (s *Server) getGazetteer(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Gazetteer == nil {
		s.writeError(w, r, errNoGazetteer)
		return
	}
	body, v, err := s.cfg.Gazetteer.Gazetteer(r.Context())
	if err != nil {
		s.writeError(w, r, &queueError{Err: err})
		return
	}
	s.writeJSON(w, http.StatusOK, gazetteerAnswer{Version: v, Body: string(body)})
}

// putGazetteer replaces the gazetteer with the body: one entry a line, as
// JSON objects or tab-separated name, label and aliases. Analysing
// processes pick it up within seconds; documents already indexed keep
// their entities until they are re-analysed (ckm reanalyze --force).
func (s *Server) putGazetteer(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Gazetteer == nil || s.cfg.ValidateGazetteer == nil {
		s.writeError(w, r, errNoGazetteer)
		return
	}
	body, ok := s.readBody(w, r, MaxGazetteerBytes)
	if !ok {
		return
	}
	n, err := s.cfg.ValidateGazetteer(body)
	if err != nil {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "invalid_gazetteer", Message: err.Error()})
		return
	}
	v, err := s.cfg.Gazetteer.SetGazetteer(r.Context(), body)
	if err != nil {
		s.writeError(w, r, &queueError{Err: err})
		return
	}
	s.log.Info("gazetteer replaced", "version", v, "entries", n)
	s.writeJSON(w, http.StatusOK, gazetteerAnswer{Version: v, Entries: n, Body: string(body)})
}

// readBody reads a request body of at most limit bytes, answering the
// error itself when it cannot (413 for too large, 400 otherwise).
func (s *Server) readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.writeError(w, r, err)
		return nil, false
	case err != nil:
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "bad_request", Message: "read body: " + err.Error()})
		return nil, false
	}
	return body, true
}

var errNoGazetteer = &apiError{Status: http.StatusNotFound, Code: "not_found",
	Message: "this server keeps no editable gazetteer"}

package api

import (
	"errors"
	"net/http"

	"github.com/ckmhq/ckm/jobs"
)

// routeJobs mounts the re-analysis jobs API that package jobs serves
// (POST /v1/reanalyze, /v1/jobs), for admins only.
func (s *Server) routeJobs() {
	h := &jobs.Handlers{Jobs: s.cfg.Jobs, Log: s.log, WriteJSON: s.writeJSON, WriteError: s.writeJobsError}
	for pattern, handler := range h.Routes() {
		s.mux.HandleFunc(pattern, s.requireAdmin(handler))
	}
}

// writeJobsError writes an error of the jobs API: a *jobs.Error with its
// own status and code, any other error as writeError maps it.
func (s *Server) writeJobsError(w http.ResponseWriter, r *http.Request, err error) {
	var je *jobs.Error
	if errors.As(err, &je) {
		err = &apiError{Status: je.Status, Code: je.Code, Message: je.Message}
	}
	s.writeError(w, r, err)
}

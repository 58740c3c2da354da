package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/ckmhq/ckm/queues"
)

// JobRunner starts and steers re-analysis jobs; *worker.JobService is one.
type JobRunner interface {
	Start(ctx context.Context, scope queues.Scope) (queues.Job, error)
	Get(ctx context.Context, id string) (queues.Job, error)
	List(ctx context.Context, limit int) ([]queues.Job, error)
	Cancel(ctx context.Context, id string) (queues.Job, error)
	Resume(ctx context.Context, id string) (queues.Job, error)
}

// jobView is a job as the API shows it, with its derived progress.
type jobView struct {
	queues.Job
	Remaining  int64   `json:"remaining"`
	Rate       float64 `json:"rate"`        // documents per second
	ETASeconds float64 `json:"eta_seconds"` // 0 when unknown or ended
}

func viewJob(j queues.Job) jobView {
	now := time.Now()
	return jobView{Job: j, Remaining: j.Remaining(), Rate: j.Rate(now), ETASeconds: j.ETA(now).Seconds()}
}

// reanalyzeRequest is the body of POST /v1/reanalyze.
type reanalyzeRequest struct {
	Client string    `json:"client"`
	Since  time.Time `json:"since"`
	Until  time.Time `json:"until"`
	Force  bool      `json:"force"`
}

func (s *Server) routeJobs() {
	s.mux.HandleFunc("POST /v1/reanalyze", s.requireAdmin(s.postReanalyze))
	s.mux.HandleFunc("GET /v1/jobs", s.requireAdmin(s.listJobs))
	s.mux.HandleFunc("GET /v1/jobs/{id}", s.requireAdmin(s.getJob))
	s.mux.HandleFunc("POST /v1/jobs/{id}/cancel", s.requireAdmin(s.steerJob(JobRunner.Cancel)))
	s.mux.HandleFunc("POST /v1/jobs/{id}/resume", s.requireAdmin(s.steerJob(JobRunner.Resume)))
}

func (s *Server) postReanalyze(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Jobs == nil {
		s.writeError(w, r, &apiError{Status: http.StatusServiceUnavailable, Code: "jobs_unavailable", Message: "this server runs no re-analysis jobs"})
		return
	}
	var req reanalyzeRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "bad_request", Message: "body: " + err.Error() + ` (want {"client","since","until","force"}, all optional)`})
		return
	}
	j, err := s.cfg.Jobs.Start(r.Context(), queues.Scope{Client: req.Client, Since: req.Since, Until: req.Until, Force: req.Force})
	var running *queues.JobRunningError
	switch {
	case errors.As(err, &running):
		s.writeError(w, r, &apiError{Status: http.StatusConflict, Code: "job_running", Message: err.Error()})
	case err != nil:
		s.log.Error("start job", "err", err)
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "bad_request", Message: err.Error()})
	default:
		s.writeJSON(w, http.StatusAccepted, viewJob(j))
	}
}

func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Jobs == nil {
		s.writeJSON(w, http.StatusOK, map[string]any{"jobs": []jobView{}})
		return
	}
	jobs, err := s.cfg.Jobs.List(r.Context(), 50)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	views := make([]jobView, 0, len(jobs))
	for _, j := range jobs {
		views = append(views, viewJob(j))
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"jobs": views})
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request) {
	s.steerJob(JobRunner.Get)(w, r)
}

func (s *Server) steerJob(op func(JobRunner, context.Context, string) (queues.Job, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Jobs == nil {
			s.writeError(w, r, &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such job"})
			return
		}
		j, err := op(s.cfg.Jobs, r.Context(), r.PathValue("id"))
		var running *queues.JobRunningError
		switch {
		case errors.Is(err, queues.ErrJobNotFound):
			s.writeError(w, r, &apiError{Status: http.StatusNotFound, Code: "not_found", Message: "no such job"})
		case errors.As(err, &running):
			s.writeError(w, r, &apiError{Status: http.StatusConflict, Code: "job_running", Message: err.Error()})
		case err != nil && j.ID != "":
			s.writeError(w, r, &apiError{Status: http.StatusConflict, Code: "job_state", Message: err.Error()})
		case err != nil:
			s.writeError(w, r, err)
		default:
			s.writeJSON(w, http.StatusOK, viewJob(j))
		}
	}
}

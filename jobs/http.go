package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Handlers serve the jobs API: POST /v1/reanalyze, GET /v1/jobs,
// GET /v1/jobs/{id}, POST /v1/jobs/{id}/cancel and POST /v1/jobs/{id}/resume.
// They check no caller: the embedding API mounts Routes behind its own
// authentication (only admins steer jobs). They are safe for concurrent
// use.
type Handlers struct {
	// Jobs runs the jobs; nil answers that this server runs none.
	Jobs *Service
	// Log receives the failures to start a job; nil discards.
	Log *slog.Logger
	// WriteJSON writes v as a JSON answer with status, and WriteError an
	// error in the embedding API's error shape: an *Error as it says, any
	// other error as the API maps it (a Redis failure is its own). Both
	// are required.
	WriteJSON  func(w http.ResponseWriter, status int, v any)
	WriteError func(w http.ResponseWriter, r *http.Request, err error)
}

// Error is an answer of the jobs API that is not a success: its HTTP
// status, its error code ("not_found", "job_running", "job_state",
// "jobs_unavailable", "bad_request") and a message for the caller.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Routes returns the endpoints, as net/http.ServeMux patterns, with their
// handlers.
func (h *Handlers) Routes() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"POST /v1/reanalyze":        h.start,
		"GET /v1/jobs":              h.list,
		"GET /v1/jobs/{id}":         h.steer((*Service).Get),
		"POST /v1/jobs/{id}/cancel": h.steer((*Service).Cancel),
		"POST /v1/jobs/{id}/resume": h.steer((*Service).Resume),
	}
}

// view is a job as the API shows it, with its derived progress.
type view struct {
	Job
	Remaining  int64   `json:"remaining"`
	Rate       float64 `json:"rate"`        // documents per second
	ETASeconds float64 `json:"eta_seconds"` // 0 when unknown or ended
}

// viewOf returns j as the API shows it at now.
func viewOf(j Job, now time.Time) view {
	return view{Job: j, Remaining: j.Remaining(), Rate: j.Rate(now), ETASeconds: j.ETA(now).Seconds()}
}

// startRequest is the body of POST /v1/reanalyze.
type startRequest struct {
	Client string    `json:"client"`
	Since  time.Time `json:"since"`
	Until  time.Time `json:"until"`
	Force  bool      `json:"force"`
}

var errNoSuchJob = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such job"}

// start is POST /v1/reanalyze: 202 with the new job, 409 job_running when
// a job over the same scope runs.
func (h *Handlers) start(w http.ResponseWriter, r *http.Request) {
	if h.Jobs == nil {
		h.WriteError(w, r, &Error{Status: http.StatusServiceUnavailable, Code: "jobs_unavailable", Message: "this server runs no re-analysis jobs"})
		return
	}
	var req startRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		h.WriteError(w, r, &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "body: " + err.Error() + ` (want {"client","since","until","force"}, all optional)`})
		return
	}
	j, err := h.Jobs.Start(r.Context(), Scope{Client: req.Client, Since: req.Since, Until: req.Until, Force: req.Force})
	var running *RunningError
	switch {
	case errors.As(err, &running):
		h.WriteError(w, r, &Error{Status: http.StatusConflict, Code: "job_running", Message: err.Error()})
	case err != nil:
		h.log().Error("start job", "err", err)
		h.WriteError(w, r, &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: err.Error()})
	default:
		h.WriteJSON(w, http.StatusAccepted, viewOf(j, time.Now()))
	}
}

// list is GET /v1/jobs: the latest 50 jobs, newest first.
func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	if h.Jobs == nil {
		h.WriteJSON(w, http.StatusOK, map[string]any{"jobs": []view{}})
		return
	}
	jobs, err := h.Jobs.List(r.Context(), 50)
	if err != nil {
		h.WriteError(w, r, err)
		return
	}
	now := time.Now()
	views := make([]view, 0, len(jobs))
	for _, j := range jobs {
		views = append(views, viewOf(j, now))
	}
	h.WriteJSON(w, http.StatusOK, map[string]any{"jobs": views})
}

// steer answers GET /v1/jobs/{id} and its cancel and resume with op: 404
// for an unknown job, 409 job_running when another job holds the scope,
// 409 job_state when op does not apply to the job as it is.
func (h *Handlers) steer(op func(*Service, context.Context, string) (Job, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if h.Jobs == nil {
			h.WriteError(w, r, errNoSuchJob)
			return
		}
		j, err := op(h.Jobs, r.Context(), r.PathValue("id"))
		var running *RunningError
		switch {
		case errors.Is(err, ErrNotFound):
			h.WriteError(w, r, errNoSuchJob)
		case errors.As(err, &running):
			h.WriteError(w, r, &Error{Status: http.StatusConflict, Code: "job_running", Message: err.Error()})
		case err != nil && j.ID != "":
			h.WriteError(w, r, &Error{Status: http.StatusConflict, Code: "job_state", Message: err.Error()})
		case err != nil:
			h.WriteError(w, r, err)
		default:
			h.WriteJSON(w, http.StatusOK, viewOf(j, time.Now()))
		}
	}
}

func (h *Handlers) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

package jobs

import (
	"errors"
	"fmt"
	"time"
)

// The states of a job (Job.State).
const (
	StateRunning   = "running"
	StateDone      = "done"
	StateCancelled = "cancelled"
)

// ErrNotFound is returned for an unknown job ID.
var ErrNotFound = errors.New("job not found")

// RunningError says a job over the same scope is already running.
type RunningError struct{ ID string }

func (e *RunningError) Error() string {
	return fmt.Sprintf("a re-analysis job over the same scope is already running: %s", e.ID)
}

// Scope is the part of the history a re-analysis job covers. The zero
// value is everything.
type Scope struct {
	Client string    `json:"client,omitempty"`
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	// Force re-analyses documents already at the target version.
	Force bool `json:"force,omitempty"`
}

func (s Scope) key() string {
	return fmt.Sprintf("%s|%d|%d|%t", s.Client, unixOrZero(s.Since), unixOrZero(s.Until), s.Force)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// Job is a re-analysis job and its progress. Total is how many documents
// the scope held when paging started; Enqueued how many were sent for
// analysis; Done, Failed and Skipped (cancelled before they ran) add up to
// Enqueued once the job has ended.
type Job struct {
	ID       string    `json:"id"`
	Scope    Scope     `json:"scope"`
	Version  string    `json:"version"` // the nlp.Version the job brings documents to
	State    string    `json:"state"`
	Run      int       `json:"run"` // 1, and one more at each resume
	Total    int64     `json:"total"`
	Enqueued int64     `json:"enqueued"`
	Done     int64     `json:"done"`
	Failed   int64     `json:"failed"`
	Skipped  int64     `json:"skipped"`
	Paged    bool      `json:"paged"`  // every page of the scope has been enqueued
	Cursor   string    `json:"cursor"` // the last document ID paged
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Finished time.Time `json:"finished,omitzero"`
}

// Remaining is how many documents are still to be processed.
func (j Job) Remaining() int64 {
	r := max(j.Total, j.Enqueued) - j.Done - j.Failed - j.Skipped
	return max(r, 0)
}

// Rate is the documents processed per second since the job started.
func (j Job) Rate(now time.Time) float64 {
	end := now
	if !j.Finished.IsZero() {
		end = j.Finished
	}
	secs := end.Sub(j.Created).Seconds()
	if secs <= 0 {
		return 0
	}
	return float64(j.Done+j.Failed) / secs
}

// ETA is the time left at the current rate, or 0 when unknown or done.
func (j Job) ETA(now time.Time) time.Duration {
	rate := j.Rate(now)
	if rate == 0 || j.State != StateRunning {
		return 0
	}
	return time.Duration(float64(j.Remaining()) / rate * float64(time.Second))
}

// Outcome is what became of one document of a job.
type Outcome string

// The outcomes of a job's document.
const (
	OutcomeDone    Outcome = "done"
	OutcomeFailed  Outcome = "failed"
	OutcomeSkipped Outcome = "skipped"
)

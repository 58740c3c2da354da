package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/jobs"
	"github.com/hibiken/asynq"
)

// staleCounter is what the sweep needs of the index; *index.Index is one.
type staleCounter interface {
	Scan(ctx context.Context, q index.ScanQuery) ([]string, uint64, error)
}

// jobStarter is what the sweep needs to start a job; *jobs.Service is
// one.
type jobStarter interface {
	Start(ctx context.Context, scope jobs.Scope) (jobs.Job, error)
}

// SweepHandler handles queues.TypeSweep: when the index holds documents
// analysed by another version than the current one, it starts a
// re-analysis job over all of them. A job already running over that scope
// is left alone, so several servers sweeping at once start one job.
type SweepHandler struct {
	index   staleCounter
	jobs    jobStarter
	version string
	log     *slog.Logger
}

// NewSweepHandler returns the sweep handler for the given version.
func NewSweepHandler(ix staleCounter, jobs jobStarter, version string, log *slog.Logger) *SweepHandler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &SweepHandler{index: ix, jobs: jobs, version: version, log: log}
}

// ProcessTask implements asynq.Handler.
func (h *SweepHandler) ProcessTask(ctx context.Context, _ *asynq.Task) error {
	_, stale, err := h.index.Scan(ctx, index.ScanQuery{NotVersion: h.version, Limit: 1})
	if err != nil {
		return fmt.Errorf("worker: sweep: %w", err)
	}
	if stale == 0 {
		return nil
	}
	j, err := h.jobs.Start(ctx, jobs.Scope{})
	var running *jobs.RunningError
	switch {
	case errors.As(err, &running):
		return nil
	case err != nil:
		return fmt.Errorf("worker: sweep: %w", err)
	}
	h.log.Info("sweep started a re-analysis job", "job", j.ID, "stale", stale, "version", h.version)
	return nil
}

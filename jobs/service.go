package jobs

import (
	"context"
	"errors"
	"fmt"

	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// enqueuer is what the service and the pager need of the queue client;
// *queues.Client is one.
type enqueuer interface {
	EnqueueTask(ctx context.Context, t *asynq.Task) (duplicate bool, err error)
}

// Service starts, cancels and resumes re-analysis jobs: it records the job
// in the Store and enqueues its first paging task (queues.TypeReanalyze),
// which the Pager runs. The HTTP handlers and the stale-version sweep use
// it. It is safe for concurrent use.
type Service struct {
	Store   *Store
	Queue   enqueuer
	Version string // the nlp.Version jobs bring documents to
}

// Start creates a job over scope and enqueues its paging. It fails with
// *RunningError when the same scope is being re-analysed.
func (s *Service) Start(ctx context.Context, scope Scope) (Job, error) {
	if !scope.Since.IsZero() && !scope.Until.IsZero() && !scope.Since.Before(scope.Until) {
		return Job{}, errors.New("jobs: start job: since must be before until")
	}
	j, err := s.Store.Create(ctx, scope, s.Version)
	if err != nil {
		return Job{}, err
	}
	return j, s.enqueue(ctx, j)
}

// Get returns a job, or an error wrapping ErrNotFound.
func (s *Service) Get(ctx context.Context, id string) (Job, error) {
	return s.Store.Get(ctx, id)
}

// List returns the latest jobs, newest first.
func (s *Service) List(ctx context.Context, limit int) ([]Job, error) {
	return s.Store.List(ctx, limit)
}

// Cancel stops a job; documents already queued are skipped.
func (s *Service) Cancel(ctx context.Context, id string) (Job, error) {
	return s.Store.Cancel(ctx, id)
}

// Resume starts a cancelled job again as a new run.
func (s *Service) Resume(ctx context.Context, id string) (Job, error) {
	j, err := s.Store.Resume(ctx, id)
	if err != nil {
		return j, err
	}
	return j, s.enqueue(ctx, j)
}

func (s *Service) enqueue(ctx context.Context, j Job) error {
	t := queues.NewReanalyzeTask(queues.JobRef{Job: j.ID, Run: j.Run}, 0)
	if _, err := s.Queue.EnqueueTask(ctx, t); err != nil {
		return fmt.Errorf("jobs: job %s: %w", j.ID, err)
	}
	return nil
}

package worker

import (
	"context"
	"errors"
	"fmt"

	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// JobService starts, cancels and resumes re-analysis jobs: it records the
// job and enqueues its first paging task. The API and the scheduler use
// it; the paging itself is ReanalyzeHandler's.
type JobService struct {
	Jobs    *queues.Jobs
	Queue   taskEnqueuer
	Version string // the nlp.Version jobs bring documents to
}

// Start creates a job over scope and enqueues its paging. It fails with
// *queues.JobRunningError when the same scope is being re-analysed.
func (s JobService) Start(ctx context.Context, scope queues.Scope) (queues.Job, error) {
	if !scope.Since.IsZero() && !scope.Until.IsZero() && !scope.Since.Before(scope.Until) {
		return queues.Job{}, errors.New("worker: start job: since must be before until")
	}
	j, err := s.Jobs.Create(ctx, scope, s.Version)
	if err != nil {
		return queues.Job{}, err
	}
	return j, s.enqueue(ctx, j)
}

// Get returns a job.
func (s JobService) Get(ctx context.Context, id string) (queues.Job, error) {
	return s.Jobs.Get(ctx, id)
}

// List returns the latest jobs, newest first.
func (s JobService) List(ctx context.Context, limit int) ([]queues.Job, error) {
	return s.Jobs.List(ctx, limit)
}

// Cancel stops a job; documents already queued are skipped.
func (s JobService) Cancel(ctx context.Context, id string) (queues.Job, error) {
	return s.Jobs.Cancel(ctx, id)
}

// Resume starts a cancelled job again as a new run.
func (s JobService) Resume(ctx context.Context, id string) (queues.Job, error) {
	j, err := s.Jobs.Resume(ctx, id)
	if err != nil {
		return j, err
	}
	return j, s.enqueue(ctx, j)
}

func (s JobService) enqueue(ctx context.Context, j queues.Job) error {
	t := queues.NewReanalyzeTask(queues.JobRef{Job: j.ID, Run: j.Run}, 0)
	if _, err := s.Queue.EnqueueTask(ctx, t); err != nil {
		return fmt.Errorf("worker: job %s: %w", j.ID, err)
	}
	return nil
}

var _ asynq.Handler = (*ReanalyzeHandler)(nil)

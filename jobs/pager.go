package jobs

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// Paging of re-analysis jobs.
const (
	// PageSize is how many documents one page of a job enqueues.
	PageSize = 500
	// PagesPerTask is how many pages one paging task does before it
	// hands on to a new task, so that no task runs long and a crash
	// costs at most a page.
	PagesPerTask = 20
)

// scanner is what the pager needs of the index; *index.Index is one.
type scanner interface {
	Scan(ctx context.Context, q index.ScanQuery) ([]string, uint64, error)
	Get(ctx context.Context, id string) (index.Record, error)
}

// pageStore is what the pager needs of the job store; *Store is one.
type pageStore interface {
	Get(ctx context.Context, id string) (Job, error)
	SavePage(ctx context.Context, id, cursor string, enqueued int, total int64, last bool) error
}

var _ asynq.Handler = (*Pager)(nil)

// Pager handles queues.TypeReanalyze tasks: it pages through a job's scope
// in the index, in document ID order, and enqueues each document whose
// analysis is not at the job's version (every document, when the scope
// forces) on the batch queue. Progress is saved after each page, so a
// restarted task goes on from the last saved page. Only the process that
// owns the index runs it.
type Pager struct {
	index scanner
	jobs  pageStore
	queue enqueuer
	log   *slog.Logger
}

// NewPager returns the paging handler; a nil log discards.
func NewPager(ix scanner, jobs pageStore, q enqueuer, log *slog.Logger) *Pager {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Pager{index: ix, jobs: jobs, queue: q, log: log}
}

// ProcessTask implements asynq.Handler.
func (h *Pager) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := queues.ParseReanalyze(t)
	if err != nil {
		return err
	}
	for page := range PagesPerTask {
		j, err := h.jobs.Get(ctx, p.Job)
		if err != nil {
			return fmt.Errorf("jobs: reanalyze: %w", err)
		}
		if j.State != StateRunning || j.Run != p.Run || j.Paged {
			return nil // cancelled, resumed as another run, or finished
		}
		last, err := h.page(ctx, j, p.JobRef)
		if err != nil || last {
			return err
		}
		if page == PagesPerTask-1 {
			_, err := h.queue.EnqueueTask(ctx, queues.NewReanalyzeTask(p.JobRef, p.Page+PagesPerTask))
			return err
		}
	}
	return nil
}

// page enqueues the page after j's cursor and saves the progress.
func (h *Pager) page(ctx context.Context, j Job, ref queues.JobRef) (last bool, err error) {
	q := index.ScanQuery{Client: j.Scope.Client, Since: j.Scope.Since, Until: j.Scope.Until, After: j.Cursor, Limit: PageSize}
	if !j.Scope.Force {
		q.NotVersion = j.Version
	}
	ids, total, err := h.index.Scan(ctx, q)
	if err != nil {
		return false, fmt.Errorf("jobs: reanalyze %s: %w", j.ID, err)
	}
	enqueued := 0
	for _, id := range ids {
		rec, err := h.index.Get(ctx, id)
		if err != nil {
			return false, fmt.Errorf("jobs: reanalyze %s: %w", j.ID, err)
		}
		t, err := queues.NewJobDocTask(rec.Document, ref)
		if err != nil {
			return false, err
		}
		dup, err := h.queue.EnqueueTask(ctx, t)
		if err != nil {
			return false, fmt.Errorf("jobs: reanalyze %s: %w", j.ID, err)
		}
		if !dup { // a retried page finds its tasks already queued
			enqueued++
		}
	}
	cursor := j.Cursor
	if len(ids) > 0 {
		cursor = ids[len(ids)-1]
	}
	last = len(ids) < PageSize
	if err := h.jobs.SavePage(ctx, j.ID, cursor, enqueued, int64(total), last); err != nil {
		return false, err
	}
	h.log.Info("re-analysis page", "job", j.ID, "enqueued", enqueued, "cursor", cursor, "last", last)
	return last, nil
}

package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// indexer is what the owner's handlers need of the index: a Put that
// returns only once the record is committed.
type indexer interface {
	Put(ctx context.Context, rec index.Record) error
	Ready(ctx context.Context) error
}

// IndexSink writes records to the index and counts job documents done.
type IndexSink struct {
	Index indexer
	Jobs  jobTracker // nil: no job accounting
}

// Deliver puts rec and waits for its commit. A record under an ID another
// client owns is refused by the index, and its task archived at once: the
// refusal is final, and the task's last error says why.
func (s IndexSink) Deliver(ctx context.Context, rec index.Record, ref queues.JobRef) error {
	if err := s.Index.Put(ctx, rec); err != nil {
		if errors.Is(err, index.ErrOwnedByOther) {
			return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
		}
		return err
	}
	if ref.Job != "" && s.Jobs != nil {
		// The record is committed: a failure to count it is logged by
		// the caller's retry, and a retry puts the same record again.
		if err := s.Jobs.Count(ctx, ref, taskID(ctx), jobs.OutcomeDone); err != nil {
			return fmt.Errorf("%w: %w", ErrFault, err)
		}
	}
	return nil
}

// Ready returns the index's fault (disk nearly full, closed), if any.
func (s IndexSink) Ready(ctx context.Context) error { return s.Index.Ready(ctx) }

// taskEnqueuer is what ForwardSink needs of the queue client.
type taskEnqueuer interface {
	EnqueueTask(ctx context.Context, t *asynq.Task) (bool, error)
}

// ForwardSink hands records to the index owner through queues.QueueIndex:
// what `ckm worker` processes, which own no index, deliver to. Use it by
// pointer; it is safe for concurrent use.
type ForwardSink struct {
	Queue   taskEnqueuer
	encodes atomic.Uint64 // records encoded (RecordEncodings)
}

// Deliver enqueues rec as a TypeIndex task, encoded once with the index's
// own record codec (the bytes the owner stores); a redelivered analysis of
// the same content is one task.
func (s *ForwardSink) Deliver(ctx context.Context, rec index.Record, ref queues.JobRef) error {
	if len(rec.ContentHash) < 16 { // not stamped by NewRecord
		rec.ContentHash = rec.Document.ContentHash()
	}
	s.encodes.Add(1)
	b, err := index.EncodeRecord(rec)
	if err != nil {
		return err
	}
	key := rec.ContentHash[:16] + ":" + rec.Analysis.Version
	t, err := queues.NewIndexTask(rec.Document.ID, key, b, ref)
	if err != nil {
		return err
	}
	if _, err = s.Queue.EnqueueTask(ctx, t); err != nil {
		return fmt.Errorf("%w: %w", ErrFault, err)
	}
	return nil
}

// Ready is always nil: the index queue takes records whatever the state
// of the index, and Deliver reports Redis faults itself.
func (*ForwardSink) Ready(context.Context) error { return nil }

// RecordEncodings is how many records s has encoded to forward them.
// Tests use it to check that forwarding encodes a record once.
func (s *ForwardSink) RecordEncodings() uint64 { return s.encodes.Load() }

// IndexHandler handles queues.TypeIndex tasks in the index owner.
type IndexHandler struct {
	sink IndexSink
	log  *slog.Logger
}

// NewIndexHandler returns a handler that writes forwarded records to sink.
func NewIndexHandler(sink IndexSink, log *slog.Logger) *IndexHandler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &IndexHandler{sink: sink, log: log}
}

// ProcessTask implements asynq.Handler.
func (h *IndexHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := queues.ParseIndex(t)
	if err != nil {
		return err
	}
	rec, err := index.DecodeRecord(p.Record)
	if err != nil {
		return fmt.Errorf("worker: decode forwarded record: %v: %w", err, asynq.SkipRetry)
	}
	if err := rec.Document.Validate(); err != nil {
		return fmt.Errorf("worker: forwarded record: %v: %w", err, asynq.SkipRetry)
	}
	if err := h.sink.Deliver(ctx, rec, p.JobRef); err != nil {
		return fmt.Errorf("worker: index %q: %w", rec.Document.ID, err)
	}
	return nil
}

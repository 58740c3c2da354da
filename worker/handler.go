package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// analyzer is what the handler needs of nlp.
type analyzer interface {
	Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error)
}

// Sink takes analysed records: the index itself in the process that owns
// it (IndexSink), or a queue to that process (ForwardSink). Deliver returns
// only once the record is safe: committed, or durably queued.
type Sink interface {
	Deliver(ctx context.Context, rec index.Record, ref queues.JobRef) error
	// Ready returns a fault (see IsFault) while Deliver could not
	// succeed, so that a handler waits instead of analysing in vain.
	Ready(ctx context.Context) error
}

// jobTracker is what handlers need of the job store; *jobs.Store is one.
type jobTracker interface {
	Get(ctx context.Context, id string) (jobs.Job, error)
	Count(ctx context.Context, ref queues.JobRef, task string, o jobs.Outcome) error
}

// AnalyzeHandler handles queues.TypeAnalyze tasks.
type AnalyzeHandler struct {
	analyzer analyzer
	sink     Sink
	jobs     jobTracker // nil: no job accounting
	log      *slog.Logger
	now      func() time.Time
	redactor queues.Redactor // nil: documents are indexed as queued
	gate     *gate           // nil: analyses are bounded by the task concurrency alone
	// normalized counts the documents queues.ParseAnalyze normalised and
	// validated for h (Normalized).
	normalized atomic.Uint64
}

// WithAnalyses makes h run at most n analyses at once, however many tasks
// are in flight (worker.Config.Concurrency): a task waits for a place
// before it prepares, redacts and analyses its document, and gives the
// place back before it delivers the record. In the process that owns the
// index, where delivering waits for the batch's commit, this lets many
// tasks wait on commits (filling the index's batches) while only n use
// the CPU. While busy reports true (the process's searches take all
// their places; nil means never), at most max(1, n/2) analyses run, so
// that searches keep most of the machine and ingest still moves. A task of
// queues.QueueCritical waiting for a place goes before the others. n ≤ 0
// sets no bound. It returns h.
func (h *AnalyzeHandler) WithAnalyses(n int, busy func() bool) *AnalyzeHandler {
	h.gate = nil
	if n > 0 {
		h.gate = newGate(n, busy)
	}
	return h
}

// WithRedactor makes h redact each document before it is analysed and
// delivered, for producers that enqueue without a redacting
// queues.Client; a nil r redacts nothing. It returns h.
func (h *AnalyzeHandler) WithRedactor(r queues.Redactor) *AnalyzeHandler {
	h.redactor = r
	return h
}

// NewAnalyzeHandler returns a handler that analyses with a and delivers to
// sink. jobs may be nil when no re-analysis job runs; a nil log discards.
func NewAnalyzeHandler(a analyzer, sink Sink, jobs jobTracker, log *slog.Logger) *AnalyzeHandler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &AnalyzeHandler{analyzer: a, sink: sink, jobs: jobs, log: log, now: time.Now}
}

// ProcessTask implements asynq.Handler: parse → analyse → convert →
// deliver, with the context checked between stages.
func (h *AnalyzeHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	p, err := h.parse(t)
	if err != nil {
		return err
	}
	if skip, err := h.skipForJob(ctx, p.JobRef); skip || err != nil {
		return err
	}
	if err := h.sink.Ready(ctx); err != nil {
		return fmt.Errorf("worker: %q waits: %w", p.Document.ID, err)
	}
	doc, a, err := h.prepareAndAnalyze(ctx, p.Document)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("worker: %q analysed but not delivered: %w", doc.ID, err)
	}
	dctx := ctx
	if q, _ := asynq.GetQueueName(ctx); q == queues.QueueCritical {
		dctx = index.Urgent(ctx) // posted live: committed without waiting for a batch to grow
	}
	if err := h.sink.Deliver(dctx, NewRecord(doc, a, p.ContentHash, h.now()), p.JobRef); err != nil {
		return fmt.Errorf("worker: deliver %q: %w", doc.ID, err)
	}
	h.log.Debug("analysed", "id", doc.ID, "client", doc.Client, "needs", len(a.Needs), "entities", len(a.Entities), "job", p.Job)
	return nil
}

// parse decodes t's payload with queues.ParseAnalyze: the consumer's one
// normalisation and validation of the document, counted (Normalized).
func (h *AnalyzeHandler) parse(t *asynq.Task) (queues.AnalyzePayload, error) {
	h.normalized.Add(1)
	return queues.ParseAnalyze(t)
}

// Normalized is how many documents h has normalised and validated: one
// per task, in queues.ParseAnalyze; nothing after it normalises again.
// Tests use it to check that the consumer normalises a document once.
func (h *AnalyzeHandler) Normalized() uint64 { return h.normalized.Load() }

// prepareAndAnalyze infers the turns of doc, redacts it and analyses it,
// within the gate's bound when h has one.
func (h *AnalyzeHandler) prepareAndAnalyze(ctx context.Context, doc ckm.Document) (ckm.Document, *nlp.Analysis, error) {
	if h.gate != nil {
		q, _ := asynq.GetQueueName(ctx)
		if err := h.gate.enter(ctx, q == queues.QueueCritical); err != nil {
			return doc, nil, fmt.Errorf("worker: %q waits to be analysed: %w", doc.ID, err)
		}
		defer h.gate.leave()
	}
	doc = ingest.InferTurns(doc)
	if h.redactor != nil {
		var err error
		if doc, err = h.redactor.Document(ctx, doc); err != nil {
			return doc, nil, fmt.Errorf("worker: redact %q: %w", doc.ID, err)
		}
	}
	a, err := h.analyze(ctx, doc)
	return doc, a, err
}

// skipForJob reports whether a job's document must not be analysed: its
// job was cancelled (counted as skipped) or resumed as a newer run (the
// newer run has its own task for the document).
func (h *AnalyzeHandler) skipForJob(ctx context.Context, ref queues.JobRef) (bool, error) {
	if ref.Job == "" || h.jobs == nil {
		return false, nil
	}
	j, err := h.jobs.Get(ctx, ref.Job)
	switch {
	case errors.Is(err, jobs.ErrNotFound):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("worker: job %q: %w: %w", ref.Job, ErrFault, err)
	case j.Run != ref.Run:
		return true, nil
	case j.State == jobs.StateCancelled:
		return true, h.jobs.Count(ctx, ref, taskID(ctx), jobs.OutcomeSkipped)
	}
	return false, nil
}

// analyze runs the analyser, turning a panic into an error that archives
// the task with its reason: a document that crashes the analyser would
// crash it again on every retry.
func (h *AnalyzeHandler) analyze(ctx context.Context, doc ckm.Document) (a *nlp.Analysis, err error) {
	defer func() {
		if r := recover(); r != nil {
			h.log.Error("analyser panicked", "id", doc.ID, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("worker: analyse %q: panic: %v: %w", doc.ID, r, asynq.SkipRetry)
		}
	}()
	a, err = h.analyzer.Analyze(ctx, doc)
	switch {
	case err == nil:
		return a, nil
	case errors.Is(err, ckm.ErrInvalidDocument):
		return nil, fmt.Errorf("worker: analyse %q: %w: %w", doc.ID, err, asynq.SkipRetry)
	default:
		return nil, fmt.Errorf("worker: analyse %q: %w", doc.ID, err)
	}
}

// NewRecord is the index record of doc and its analysis, stamped with the
// content hash the document was queued with and the time of analysis. It
// keeps the analysis whole: the record codec (index.EncodeRecord) drops
// the tokens, wherever the record goes.
func NewRecord(doc ckm.Document, a *nlp.Analysis, contentHash string, now time.Time) index.Record {
	return index.Record{Document: doc, Analysis: *a, ContentHash: contentHash, IndexedAt: now.UTC()}
}

// taskID is the Asynq task ID of the try ctx belongs to, or "" outside a
// task. Job counts use it to count a redelivered task once.
func taskID(ctx context.Context) string {
	id, _ := asynq.GetTaskID(ctx)
	return id
}

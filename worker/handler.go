package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// analyzer is what the handler needs of nlp.
type analyzer interface {
	Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error)
}

// indexer is what the handler needs of the index: a Put that returns only
// once the record is committed.
type indexer interface {
	Put(ctx context.Context, rec index.Record) error
}

// AnalyzeHandler handles queues.TypeAnalyze tasks.
type AnalyzeHandler struct {
	analyzer analyzer
	index    indexer
	log      *slog.Logger
	now      func() time.Time
}

// NewAnalyzeHandler returns a handler that analyses with a and writes to ix.
// A nil log discards.
func NewAnalyzeHandler(a analyzer, ix indexer, log *slog.Logger) *AnalyzeHandler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &AnalyzeHandler{analyzer: a, index: ix, log: log, now: time.Now}
}

// ProcessTask implements asynq.Handler.
func (h *AnalyzeHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	doc, err := queues.ParseAnalyze(t)
	if err != nil {
		return err
	}
	doc = ingest.Prepare(doc)
	a, err := h.analyze(ctx, doc)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("worker: %q analysed but not indexed: %w", doc.ID, err)
	}
	if err := h.index.Put(ctx, Record(doc, a, h.now())); err != nil {
		return fmt.Errorf("worker: index %q: %w", doc.ID, err)
	}
	h.log.Debug("indexed", "id", doc.ID, "client", doc.Client, "needs", len(a.Needs), "entities", len(a.Entities))
	return nil
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

// Record is the index record of doc and its analysis: the analysis without
// its tokens (they are recomputed cheaply and would triple the stored size),
// stamped with the content hash and the time of indexing.
func Record(doc ckm.Document, a *nlp.Analysis, now time.Time) index.Record {
	an := *a
	an.Tokens = nil
	return index.Record{
		Document:    doc,
		Analysis:    an,
		ContentHash: doc.ContentHash(),
		IndexedAt:   now.UTC(),
	}
}

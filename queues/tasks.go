package queues

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/hibiken/asynq"
)

// TypeAnalyze is the task that analyses one document and indexes it.
const TypeAnalyze = "document:analyze"

// Queue names, from most to least urgent.
const (
	QueueCritical = "critical" // interactive ingest: a person waits
	QueueDefault  = "default"  // ordinary ingest from tools
	QueueBatch    = "batch"    // re-analysis and bulk imports
)

// Priorities are the Asynq queue weights: out of every ten tasks a busy
// worker takes, about six come from critical, three from default and one
// from batch.
var Priorities = map[string]int{QueueCritical: 6, QueueDefault: 3, QueueBatch: 1}

// Defaults for analyse tasks.
const (
	// AnalyzeTimeout bounds one analysis and its index commit.
	AnalyzeTimeout = 2 * time.Minute
	// AnalyzeMaxRetry is how often a task failing with a transient fault
	// is retried, with Asynq's exponential backoff, before it is archived.
	AnalyzeMaxRetry = 8
	// Retention is how long a finished task is kept, so that a resend of
	// the same content is recognised as a duplicate and a waiting client
	// can see the outcome.
	Retention = 24 * time.Hour
)

// AnalyzePayload is the payload of a TypeAnalyze task: the document itself,
// validated before it is enqueued.
type AnalyzePayload struct {
	Document ckm.Document `json:"document"`
}

// TaskID is the Asynq task ID of the analyse task for d: its ID and the
// first bytes of its content hash.
func TaskID(d ckm.Document) string {
	return "doc:" + d.ID + ":" + d.ContentHash()[:16]
}

// NewAnalyzeTask validates d and returns its analyse task, set to queue
// QueueDefault with the default retry, timeout and retention. opts override
// those per call (for example asynq.Queue(QueueCritical)).
func NewAnalyzeTask(d ckm.Document, opts ...asynq.Option) (*asynq.Task, error) {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	b, err := json.Marshal(AnalyzePayload{Document: d})
	if err != nil {
		return nil, fmt.Errorf("queues: encode %q: %w", d.ID, err)
	}
	base := []asynq.Option{
		asynq.Queue(QueueDefault),
		asynq.TaskID(TaskID(d)),
		asynq.MaxRetry(AnalyzeMaxRetry),
		asynq.Timeout(AnalyzeTimeout),
		asynq.Retention(Retention),
	}
	return asynq.NewTask(TypeAnalyze, b, append(base, opts...)...), nil
}

// ParseAnalyze decodes and validates the payload of a TypeAnalyze task. Its
// errors wrap asynq.SkipRetry: a bad payload never gets better by retrying.
func ParseAnalyze(t *asynq.Task) (ckm.Document, error) {
	if len(t.Payload()) > ckm.MaxDocumentBytes+1024 {
		return ckm.Document{}, fmt.Errorf("queues: payload of %d bytes is over the limit: %w", len(t.Payload()), asynq.SkipRetry)
	}
	var p AnalyzePayload
	if err := json.Unmarshal(t.Payload(), &p); err != nil {
		return ckm.Document{}, fmt.Errorf("queues: decode %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	p.Document.Normalize()
	if err := p.Document.Validate(); err != nil {
		return ckm.Document{}, fmt.Errorf("queues: %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return p.Document, nil
}

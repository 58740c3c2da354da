package queues

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/hibiken/asynq"
)

// Task types.
const (
	// TypeAnalyze analyses one document and indexes it (or, in a process
	// that does not own the index, hands the result on as TypeIndex).
	TypeAnalyze = "document:analyze"
	// TypeIndex writes one analysed document to the index; only the
	// process that owns the index takes these, from QueueIndex.
	TypeIndex = "document:index"
	// TypeReanalyze pages through a re-analysis job's scope and enqueues
	// its documents; each task does some pages and enqueues the next.
	TypeReanalyze = "job:reanalyze"
	// TypeSweep looks for documents analysed by an older nlp.Version and
	// starts a re-analysis job over them; the scheduler enqueues it.
	TypeSweep = "job:sweep"
)

// Queue names, from most to least urgent.
const (
	QueueCritical = "critical" // interactive ingest: a person waits
	QueueDefault  = "default"  // ordinary ingest from tools
	QueueBatch    = "batch"    // re-analysis and bulk imports
	// QueueIndex carries analysed documents from analysers to the index
	// owner. Only `ckm serve` listens on it, with the highest weight: it
	// is cheap work that frees every other queue's results.
	QueueIndex = "index"
)

// Priorities are the Asynq queue weights: out of every ten tasks a busy
// worker takes, about six come from critical, three from default and one
// from batch.
var Priorities = map[string]int{QueueCritical: 6, QueueDefault: 3, QueueBatch: 1}

// OwnerPriorities are the queue weights of the process that owns the
// index: Priorities plus QueueIndex.
var OwnerPriorities = map[string]int{QueueIndex: 10, QueueCritical: 6, QueueDefault: 3, QueueBatch: 1}

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

// AnalyzePayload is the payload of a TypeAnalyze task: the document,
// validated before it is enqueued, and its content hash, computed once by
// the producer and carried to the index record. Tasks queued by earlier
// versions have no hash; ParseAnalyze computes it for them.
type AnalyzePayload struct {
	Document    ckm.Document `json:"document"`
	ContentHash string       `json:"content_hash,omitempty"`
	JobRef
}

// JobRef ties a task to a run of a re-analysis job; the zero value means
// no job.
type JobRef struct {
	Job string `json:"job,omitempty"`
	Run int    `json:"run,omitempty"`
}

// TaskID is the Asynq task ID of the analyse task for d: its ID and the
// first bytes of its content hash.
func TaskID(d ckm.Document) string {
	return taskID(d.ID, d.ContentHash())
}

func taskID(id, contentHash string) string {
	return "doc:" + id + ":" + contentHash[:16]
}

// NewAnalyzeTask validates d and returns its analyse task, set to queue
// QueueDefault with the default retry, timeout and retention. opts override
// those per call (for example asynq.Queue(QueueCritical)).
func NewAnalyzeTask(d ckm.Document, opts ...asynq.Option) (*asynq.Task, error) {
	d.Normalize()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return newAnalyzeTask(d, d.ContentHash(), opts)
}

// newAnalyzeTask is the analyse task of d, normalised and validated, with
// its content hash.
func newAnalyzeTask(d ckm.Document, contentHash string, opts []asynq.Option) (*asynq.Task, error) {
	b, err := encodePayload(d.ID, AnalyzePayload{Document: d, ContentHash: contentHash})
	if err != nil {
		return nil, err
	}
	base := []asynq.Option{
		asynq.Queue(QueueDefault),
		asynq.TaskID(taskID(d.ID, contentHash)),
		asynq.MaxRetry(AnalyzeMaxRetry),
		asynq.Timeout(AnalyzeTimeout),
		asynq.Retention(Retention),
	}
	return asynq.NewTask(TypeAnalyze, b, append(base, opts...)...), nil
}

// encodePayload is the one JSON encoding of a payload that carries
// document id.
func encodePayload(id string, p AnalyzePayload) ([]byte, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("queues: encode %q: %w", id, err)
	}
	return b, nil
}

// ParseAnalyze decodes, normalises and validates the payload of a
// TypeAnalyze task, and computes the content hash of a task queued
// without one. Its errors wrap asynq.SkipRetry: a bad payload never gets
// better by retrying.
func ParseAnalyze(t *asynq.Task) (AnalyzePayload, error) {
	var p AnalyzePayload
	if err := decode(t, ckm.MaxDocumentBytes+1024, &p); err != nil {
		return p, err
	}
	p.Document.Normalize()
	if err := p.Document.Validate(); err != nil {
		return p, fmt.Errorf("queues: %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	switch {
	case p.ContentHash == "":
		p.ContentHash = p.Document.ContentHash()
	case !isContentHash(p.ContentHash):
		return p, fmt.Errorf("queues: %s payload: content_hash %q is not a hex SHA-256: %w", t.Type(), p.ContentHash, asynq.SkipRetry)
	}
	return p, nil
}

// isContentHash reports whether s is what ckm.Document.ContentHash
// returns: 64 lowercase hex digits.
func isContentHash(s string) bool {
	return len(s) == 64 && strings.Trim(s, "0123456789abcdef") == ""
}

func decode(t *asynq.Task, limit int, v any) error {
	if len(t.Payload()) > limit {
		return fmt.Errorf("queues: %s payload of %d bytes is over the limit: %w", t.Type(), len(t.Payload()), asynq.SkipRetry)
	}
	if err := json.Unmarshal(t.Payload(), v); err != nil {
		return fmt.Errorf("queues: decode %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return nil
}

// NewJobDocTask is the analyse task of one document of a re-analysis job
// run, on QueueBatch, with an ID unique to the job run and document. d and
// contentHash are as the index stored them: the hash is carried, not
// computed again (the worker computes it when contentHash is not one,
// as for records stored without a hash).
func NewJobDocTask(d ckm.Document, contentHash string, ref JobRef) (*asynq.Task, error) {
	if !isContentHash(contentHash) {
		contentHash = ""
	}
	b, err := encodePayload(d.ID, AnalyzePayload{Document: d, ContentHash: contentHash, JobRef: ref})
	if err != nil {
		return nil, err
	}
	id := fmt.Sprintf("job:%s:r%d:%s", ref.Job, ref.Run, d.ID)
	return asynq.NewTask(TypeAnalyze, b, asynq.Queue(QueueBatch), asynq.TaskID(id),
		asynq.MaxRetry(AnalyzeMaxRetry), asynq.Timeout(AnalyzeTimeout), asynq.Retention(time.Hour)), nil
}

// IndexPayload is the payload of a TypeIndex task: an index record in the
// index's own JSON form (index.EncodeRecord; queues does not know the
// index's types).
type IndexPayload struct {
	Record json.RawMessage `json:"record"`
	JobRef
}

// NewIndexTask wraps record, the encoded index record of document id, as
// a TypeIndex task on QueueIndex. Its ID is unique to the record's
// content, so a redelivered analysis is written once. record must be
// valid JSON (index.EncodeRecord's bytes); it is copied into the payload
// as it is, not encoded again.
func NewIndexTask(id, contentKey string, record json.RawMessage, ref JobRef) (*asynq.Task, error) {
	tail, err := json.Marshal(ref)
	if err != nil {
		return nil, fmt.Errorf("queues: encode index task of %q: %w", id, err)
	}
	b := make([]byte, 0, len(`{"record":}`)+len(record)+len(tail))
	b = append(append(b, `{"record":`...), record...)
	if fields := tail[1 : len(tail)-1]; len(fields) > 0 { // the job reference's fields
		b = append(append(b, ','), fields...)
	}
	b = append(b, '}')
	return asynq.NewTask(TypeIndex, b, asynq.Queue(QueueIndex), asynq.TaskID("index:"+id+":"+contentKey),
		asynq.MaxRetry(AnalyzeMaxRetry), asynq.Timeout(AnalyzeTimeout), asynq.Retention(time.Hour)), nil
}

// ParseIndex decodes the payload of a TypeIndex task; its errors wrap
// asynq.SkipRetry.
func ParseIndex(t *asynq.Task) (IndexPayload, error) {
	var p IndexPayload
	err := decode(t, 4*ckm.MaxDocumentBytes, &p)
	return p, err
}

// ReanalyzePayload is the payload of a TypeReanalyze task.
type ReanalyzePayload struct {
	JobRef
	Page int `json:"page"` // the number of the task's first page, for its ID
}

// NewReanalyzeTask is the paging task of a job run starting at page. It
// goes on QueueIndex: paging reads the index, which only its owner has.
func NewReanalyzeTask(ref JobRef, page int) *asynq.Task {
	b, _ := json.Marshal(ReanalyzePayload{JobRef: ref, Page: page})
	return asynq.NewTask(TypeReanalyze, b, asynq.Queue(QueueIndex),
		asynq.TaskID(fmt.Sprintf("job:%s:r%d:page%d", ref.Job, ref.Run, page)),
		asynq.MaxRetry(25), asynq.Timeout(10*time.Minute), asynq.Retention(time.Hour))
}

// ParseReanalyze decodes the payload of a TypeReanalyze task; its errors
// wrap asynq.SkipRetry.
func ParseReanalyze(t *asynq.Task) (ReanalyzePayload, error) {
	var p ReanalyzePayload
	if err := decode(t, 4096, &p); err != nil {
		return p, err
	}
	if p.Job == "" || p.Run < 1 {
		return p, fmt.Errorf("queues: %s payload without a job: %w", t.Type(), asynq.SkipRetry)
	}
	return p, nil
}

// NewSweepTask is the periodic stale-version sweep, on QueueIndex (it reads
// the index). Unique for most of an interval, so that several servers'
// schedulers enqueue it once.
func NewSweepTask(interval time.Duration) (*asynq.Task, []asynq.Option) {
	return asynq.NewTask(TypeSweep, nil), []asynq.Option{
		asynq.Queue(QueueIndex), asynq.MaxRetry(3), asynq.Timeout(time.Minute),
		asynq.Unique(max(interval*9/10, time.Second)),
	}
}

package queues

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Config says how to reach Redis: one server, or a master found through
// Redis Sentinel. The zero value uses 127.0.0.1:6379, database 0. Asynq
// does not support Redis Cluster.
type Config struct {
	RedisAddr     string // host:port; default 127.0.0.1:6379
	RedisPassword string
	RedisDB       int
	// SentinelAddrs, when set, are the Sentinels (host:port) that name
	// the master called MasterName; RedisAddr is then unused.
	SentinelAddrs []string
	MasterName    string
}

func (c Config) withDefaults() Config {
	if c.RedisAddr == "" {
		c.RedisAddr = "127.0.0.1:6379"
	}
	return c
}

// RedisOpt returns the Asynq connection options for c.
func (c Config) RedisOpt() asynq.RedisConnOpt {
	c = c.withDefaults()
	if len(c.SentinelAddrs) > 0 {
		return asynq.RedisFailoverClientOpt{MasterName: c.MasterName, SentinelAddrs: c.SentinelAddrs, Password: c.RedisPassword, DB: c.RedisDB}
	}
	return asynq.RedisClientOpt{Addr: c.RedisAddr, Password: c.RedisPassword, DB: c.RedisDB}
}

// redisClient returns a go-redis client for c.
func (c Config) redisClient() redis.UniversalClient {
	return c.RedisOpt().MakeRedisClient().(redis.UniversalClient)
}

// Client enqueues documents and reports on their tasks. It is safe for
// concurrent use. Close it when done.
type Client struct {
	client    *asynq.Client
	inspector *asynq.Inspector
	redactor  Redactor // nil: documents are enqueued as given
	// normalized and encoded count Prepare's normalisations and
	// Submit's payload encodings (Stats).
	normalized, encoded atomic.Int64
}

// NewClient returns a Client for the Redis that cfg names. It does not
// connect until first use; call Ping to check the connection.
func NewClient(cfg Config, opts ...ClientOption) (*Client, error) {
	opt := cfg.RedisOpt()
	c := &Client{client: asynq.NewClient(opt), inspector: asynq.NewInspector(opt)}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// Close releases the client's connections.
func (c *Client) Close() error {
	return errors.Join(c.client.Close(), c.inspector.Close())
}

// Ping checks that Redis answers.
func (c *Client) Ping() error {
	if err := c.client.Ping(); err != nil {
		return fmt.Errorf("queues: ping redis: %w", err)
	}
	return nil
}

// Enqueued says where a document went.
type Enqueued struct {
	ID        string `json:"id"`
	TaskID    string `json:"task_id"`
	Queue     string `json:"queue"`
	Duplicate bool   `json:"duplicate,omitempty"` // the same content was already queued or done
}

// Enqueue prepares doc (Prepare) and queues it (Submit) on QueueDefault,
// or the queue given in opts (Queue). A document whose content was
// already enqueued within Retention is not queued again:
// Enqueued.Duplicate is true and err is nil. Invalid documents give an
// error wrapping ckm.ErrInvalidDocument.
func (c *Client) Enqueue(ctx context.Context, doc ckm.Document, opts ...EnqueueOption) (Enqueued, error) {
	p, err := c.Prepare(ctx, doc, nil)
	if err != nil {
		return Enqueued{}, err
	}
	return c.Submit(ctx, p, opts...)
}

// Prepared is a document made ready for the queue by Client.Prepare:
// normalised, redacted, validated and hashed. Only Prepare makes one; the
// zero value is refused by Submit.
type Prepared struct {
	doc  ckm.Document
	hash string
}

// Document returns the document as it will be queued. Its ID and Client
// are normalised: callers check access and ownership with them.
func (p Prepared) Document() ckm.Document { return p.doc }

// Prepare is the producer's side of the queue, up to Redis: it normalises
// doc once (filling a missing ID from its content), applies edit when it
// is not nil, redacts it with the Client's Redactor (WithRedactor),
// validates it once and hashes it once, for its task ID and, carried in
// the payload, for its index record. edit sees the normalised document
// before it is redacted: the API dates documents there, so that an ID
// filled from the content does not depend on the date the request gave.
// Invalid documents give an error wrapping ckm.ErrInvalidDocument.
// Prepare does not touch Redis.
func (c *Client) Prepare(ctx context.Context, doc ckm.Document, edit func(*ckm.Document)) (Prepared, error) {
	c.normalized.Add(1)
	doc.Normalize()
	if edit != nil {
		edit(&doc)
	}
	if c.redactor != nil {
		var err error
		if doc, err = c.redactor.Document(ctx, doc); err != nil {
			return Prepared{}, fmt.Errorf("queues: redact %q: %w", doc.ID, err)
		}
	}
	if err := doc.Validate(); err != nil {
		return Prepared{}, err
	}
	return Prepared{doc: doc, hash: doc.ContentHash()}, nil
}

// Submit queues p, encoded once, for analysis on QueueDefault, or the
// queue given in opts (Queue). A document whose content was already
// enqueued within Retention is not queued again: Enqueued.Duplicate is
// true and err is nil. Submit neither normalises nor validates: Prepare
// did, once.
func (c *Client) Submit(ctx context.Context, p Prepared, opts ...EnqueueOption) (Enqueued, error) {
	if p.hash == "" {
		return Enqueued{}, errors.New("queues: submit: the document was not prepared (Client.Prepare)")
	}
	doc := p.doc
	set := settingsOf(opts)
	c.encoded.Add(1)
	task, err := newAnalyzeTask(doc, p.hash, set.asynq())
	if err != nil {
		return Enqueued{}, err
	}
	e := Enqueued{ID: doc.ID, TaskID: taskID(doc.ID, p.hash), Queue: QueueDefault}
	info, err := c.client.EnqueueContext(ctx, task)
	switch {
	case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		e.Duplicate = true
		e.Queue = set.queueName()
		return e, nil
	case err != nil:
		return Enqueued{}, fmt.Errorf("queues: enqueue %q: %w", doc.ID, err)
	}
	e.Queue = info.Queue
	return e, nil
}

// ClientStats counts what a Client has done to documents since
// NewClient: how many it normalised (Prepare) and how many task payloads
// it encoded (Submit). Tests read them to check that a document is
// normalised and encoded once on its way onto the queue.
type ClientStats struct {
	Normalized, Encoded int64
}

// Stats returns c's counts so far.
func (c *Client) Stats() ClientStats {
	return ClientStats{Normalized: c.normalized.Load(), Encoded: c.encoded.Load()}
}

// State is where an enqueued document is in its life.
type State string

// The states a document's task can be in.
const (
	StatePending State = "pending" // waiting, running or waiting to retry
	StateDone    State = "done"    // analysed and committed to the index
	StateFailed  State = "failed"  // archived: bad input or out of retries
	StateUnknown State = "unknown" // no longer retained, or never enqueued
)

// TaskState is the state of e's task and, when it failed, the last error.
type TaskState struct {
	State State
	Err   string
}

// State reports what became of e.
func (c *Client) State(ctx context.Context, e Enqueued) (TaskState, error) {
	if err := ctx.Err(); err != nil {
		return TaskState{}, err
	}
	info, err := c.inspector.GetTaskInfo(e.Queue, e.TaskID)
	switch {
	case errors.Is(err, asynq.ErrTaskNotFound), errors.Is(err, asynq.ErrQueueNotFound):
		return TaskState{State: StateUnknown}, nil
	case err != nil:
		return TaskState{}, fmt.Errorf("queues: state of %q: %w", e.ID, err)
	}
	switch info.State {
	case asynq.TaskStateCompleted:
		return TaskState{State: StateDone}, nil
	case asynq.TaskStateArchived:
		return TaskState{State: StateFailed, Err: info.LastErr}, nil
	default:
		return TaskState{State: StatePending}, nil
	}
}

// WaitResult counts the outcomes of Wait.
type WaitResult struct {
	Done, Failed, Unknown int
	Errors                map[string]string // document ID → why it failed
}

// Wait polls until every task in es is done or failed, or ctx ends. poll is
// the pause between rounds (default 100ms).
func (c *Client) Wait(ctx context.Context, es []Enqueued, poll time.Duration) (WaitResult, error) {
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	res := WaitResult{Errors: map[string]string{}}
	pending := es
	for {
		var next []Enqueued
		for _, e := range pending {
			st, err := c.State(ctx, e)
			if err != nil {
				return res, err
			}
			switch st.State {
			case StateDone:
				res.Done++
			case StateFailed:
				res.Failed++
				res.Errors[e.ID] = st.Err
			case StateUnknown:
				res.Unknown++
			default:
				next = append(next, e)
			}
		}
		if pending = next; len(pending) == 0 {
			return res, nil
		}
		select {
		case <-ctx.Done():
			return res, fmt.Errorf("queues: wait: %d tasks still pending: %w", len(pending), ctx.Err())
		case <-time.After(poll):
		}
	}
}

// EnqueueTask enqueues a task made by one of the New*Task functions. A
// task whose ID is already queued or retained is not queued again:
// duplicate is true and err is nil.
func (c *Client) EnqueueTask(ctx context.Context, t *asynq.Task) (duplicate bool, err error) {
	_, err = c.client.EnqueueContext(ctx, t)
	switch {
	case errors.Is(err, asynq.ErrTaskIDConflict), errors.Is(err, asynq.ErrDuplicateTask):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("queues: enqueue %s: %w", t.Type(), err)
	}
	return false, nil
}

// QueueSize counts the tasks of one queue by state.
type QueueSize struct {
	Queue                                  string
	Pending, Active, Retry, Archived, Done int
}

// Sizes returns the size of each of ckm's queues that exists.
func (c *Client) Sizes(ctx context.Context) ([]QueueSize, error) {
	existing, err := c.inspector.Queues()
	if err != nil {
		return nil, fmt.Errorf("queues: list queues: %w", err)
	}
	var out []QueueSize
	for _, q := range []string{QueueIndex, QueueCritical, QueueDefault, QueueBatch} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !slices.Contains(existing, q) {
			continue
		}
		info, err := c.inspector.GetQueueInfo(q)
		if err != nil {
			return nil, fmt.Errorf("queues: size of %s: %w", q, err)
		}
		out = append(out, QueueSize{Queue: q, Pending: info.Pending, Active: info.Active, Retry: info.Retry, Archived: info.Archived, Done: info.Completed})
	}
	return out, nil
}

package queues

import "github.com/hibiken/asynq"

// EnqueueOption is a per-call setting of Client.Enqueue: the queue a
// document goes to, or how often its analysis is retried. Callers name
// them with ckm's own types; the Client turns them into Asynq's.
type EnqueueOption func(*enqueueSettings)

// enqueueSettings are the settings of one Enqueue; the zero value means
// the defaults of NewAnalyzeTask.
type enqueueSettings struct {
	queue    string // "": QueueDefault
	maxRetry *int   // nil: AnalyzeMaxRetry
}

// Queue sends the document to queue q (QueueCritical, QueueDefault or
// QueueBatch) instead of QueueDefault.
func Queue(q string) EnqueueOption {
	return func(s *enqueueSettings) { s.queue = q }
}

// MaxRetry retries a failing analysis at most n times instead of
// AnalyzeMaxRetry; 0 archives it at its first failure.
func MaxRetry(n int) EnqueueOption {
	return func(s *enqueueSettings) { s.maxRetry = &n }
}

// settingsOf applies opts in order.
func settingsOf(opts []EnqueueOption) enqueueSettings {
	var s enqueueSettings
	for _, o := range opts {
		o(&s)
	}
	return s
}

// queueName is the queue the settings send to.
func (s enqueueSettings) queueName() string {
	if s.queue == "" {
		return QueueDefault
	}
	return s.queue
}

// asynq returns the Asynq options that override NewAnalyzeTask's defaults.
func (s enqueueSettings) asynq() []asynq.Option {
	var out []asynq.Option
	if s.queue != "" {
		out = append(out, asynq.Queue(s.queue))
	}
	if s.maxRetry != nil {
		out = append(out, asynq.MaxRetry(*s.maxRetry))
	}
	return out
}

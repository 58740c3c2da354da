package worker

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// Config sets up a Server. The zero value works.
type Config struct {
	// Concurrency is how many tasks run at once; default 16. Analysis is
	// CPU-bound but the index commit is not, and concurrent tasks are
	// what fills a batch.
	Concurrency int
	// Queues maps queue names to weights; default queues.Priorities.
	Queues map[string]int
	// ShutdownTimeout is how long Run waits for tasks in flight when it
	// stops; default 30s. Tasks still running then go back to the queue.
	ShutdownTimeout time.Duration
	// PollInterval is how often an idle worker looks for new tasks;
	// default 100ms.
	PollInterval time.Duration
	// Logger receives the worker's logs; nil discards.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.Queues == nil {
		c.Queues = queues.Priorities
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 30 * time.Second
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 100 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Server runs task handlers against a Redis.
type Server struct {
	srv *asynq.Server
	mux *asynq.ServeMux
	log *slog.Logger
}

// NewServer returns a Server for the Redis that rc names, with h handling
// analyse tasks.
func NewServer(cfg Config, rc queues.Config, h *AnalyzeHandler) *Server {
	cfg = cfg.withDefaults()
	srv := asynq.NewServer(rc.RedisOpt(), asynq.Config{
		Concurrency:       cfg.Concurrency,
		Queues:            cfg.Queues,
		ShutdownTimeout:   cfg.ShutdownTimeout,
		TaskCheckInterval: cfg.PollInterval,
		Logger:            asynqLogger{cfg.Logger},
		LogLevel:          asynq.WarnLevel,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
			id, _ := asynq.GetTaskID(ctx)
			cfg.Logger.Warn("task failed", "type", t.Type(), "task", id, "err", err)
		}),
	})
	mux := asynq.NewServeMux()
	mux.Handle(queues.TypeAnalyze, h)
	return &Server{srv: srv, mux: mux, log: cfg.Logger}
}

// Run processes tasks until ctx ends, then stops taking new tasks and waits
// up to the shutdown timeout for those in flight.
func (s *Server) Run(ctx context.Context) error {
	if err := s.srv.Start(s.mux); err != nil {
		return fmt.Errorf("worker: start: %w", err)
	}
	<-ctx.Done()
	s.srv.Shutdown()
	return nil
}

// asynqLogger adapts slog to Asynq's logger.
type asynqLogger struct{ l *slog.Logger }

func (a asynqLogger) Debug(args ...any) { a.l.Debug(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Info(args ...any)  { a.l.Info(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Warn(args ...any)  { a.l.Warn(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Error(args ...any) { a.l.Error(fmt.Sprint(args...), "component", "asynq") }
func (a asynqLogger) Fatal(args ...any) {
	a.l.Error(fmt.Sprint(args...), "component", "asynq", "fatal", true)
}

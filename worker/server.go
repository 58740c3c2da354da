package worker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ckmhq/ckm/jobs"
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
	// MaxRetryDelay caps Asynq's exponential backoff between retries of a
	// failing task; default 10 minutes.
	MaxRetryDelay time.Duration
	// FaultRetryDelay is how long a task that met an infrastructure fault
	// (see IsFault) waits before its next try, at most MaxRetryDelay;
	// default 10s. Such tries are not counted against the task's retries.
	FaultRetryDelay time.Duration
	// StaleLease is how long a running task's lease may go without its
	// server's heartbeat before the task is taken back and run again (a
	// killed server's tasks come back in seconds, not Asynq's one to two
	// minutes; see queues.Reclaimer): default queues.DefaultStale, < 0
	// leaves it to Asynq.
	StaleLease time.Duration
	// Faults, when set, counts the tasks waiting on a fault (for health
	// and metrics).
	Faults *Faults
	// Jobs, when set, counts the documents of re-analysis jobs that fail
	// for good.
	Jobs jobTracker
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
	if c.MaxRetryDelay <= 0 {
		c.MaxRetryDelay = 10 * time.Minute
	}
	if c.StaleLease == 0 {
		c.StaleLease = queues.DefaultStale
	}
	if c.FaultRetryDelay <= 0 {
		c.FaultRetryDelay = 10 * time.Second
	}
	c.FaultRetryDelay = min(c.FaultRetryDelay, c.MaxRetryDelay)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Handlers are the task handlers a Server runs; nil ones are not
// registered (an analyser-only process has no Index or Reanalyze).
type Handlers struct {
	Analyze   asynq.Handler
	Index     asynq.Handler
	Reanalyze asynq.Handler
	Sweep     asynq.Handler
	// More maps other task types to their handlers (alerts.Store's).
	More map[string]asynq.Handler
}

// Server runs task handlers against a Redis.
type Server struct {
	sched   *asynq.Scheduler // nil: nothing scheduled
	srv     *asynq.Server
	mux     *asynq.ServeMux
	log     *slog.Logger
	reclaim *queues.Reclaimer // nil: leases left to Asynq
	stale   time.Duration
	queues  []string
	// reclaimer calls reclaimOnce every reclaimEvery while Run runs.
	reclaimer poller
}

// NewServer returns a Server for the Redis that rc names.
func NewServer(cfg Config, rc queues.Config, h Handlers) *Server {
	cfg = cfg.withDefaults()
	srv := asynq.NewServer(rc.RedisOpt(), asynq.Config{
		Concurrency:       cfg.Concurrency,
		Queues:            cfg.Queues,
		ShutdownTimeout:   cfg.ShutdownTimeout,
		TaskCheckInterval: cfg.PollInterval,
		Logger:            asynqLogger{cfg.Logger},
		LogLevel:          asynq.WarnLevel,
		ErrorHandler:      errorHandler(cfg.Jobs, cfg.Logger),
		IsFailure:         func(err error) bool { return !IsFault(err) },
		// Tasks waiting to retry are moved back at least twice per fault
		// delay (Asynq's default is every 5 s).
		DelayedTaskCheckInterval: min(5*time.Second, cfg.FaultRetryDelay/2),
		RetryDelayFunc: func(n int, err error, t *asynq.Task) time.Duration {
			if IsFault(err) {
				return faultRetryDelay(cfg.FaultRetryDelay)
			}
			return min(asynq.DefaultRetryDelayFunc(n, err, t), cfg.MaxRetryDelay)
		},
	})
	mux := asynq.NewServeMux()
	mux.Use(trackFaults(cfg.Faults))
	for typ, handler := range map[string]asynq.Handler{
		queues.TypeAnalyze: h.Analyze, queues.TypeIndex: h.Index, queues.TypeReanalyze: h.Reanalyze,
		queues.TypeSweep: h.Sweep,
	} {
		if handler != nil {
			mux.Handle(typ, handler)
		}
	}
	for typ, handler := range h.More {
		mux.Handle(typ, handler)
	}
	s := &Server{srv: srv, mux: mux, log: cfg.Logger, stale: cfg.StaleLease}
	if cfg.StaleLease > 0 {
		s.reclaim = queues.NewReclaimer(rc)
		for q := range cfg.Queues {
			s.queues = append(s.queues, q)
		}
		s.reclaimer = poller{what: "reclaim tasks of dead servers", interval: reclaimEvery, poll: s.reclaimOnce, log: cfg.Logger}
	}
	return s
}

// reclaimEvery is how often a Server looks for tasks of dead servers.
const reclaimEvery = 5 * time.Second

// reclaimOnce takes back the tasks of dead servers.
func (s *Server) reclaimOnce(ctx context.Context) error {
	n, err := s.reclaim.Reclaim(ctx, s.queues, s.stale)
	if n > 0 {
		s.log.Warn("took back tasks of a dead server", "tasks", n)
	}
	return err
}

// trackFaults records each try's outcome in faults.
func trackFaults(faults *Faults) asynq.MiddlewareFunc {
	return func(next asynq.Handler) asynq.Handler {
		return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
			err := next.ProcessTask(ctx, t)
			id, _ := asynq.GetTaskID(ctx)
			faults.observe(id, err)
			return err
		})
	}
}

// errorHandler logs failed tasks and counts a job's document as failed
// once it will not be retried.
func errorHandler(tracker jobTracker, log *slog.Logger) asynq.ErrorHandler {
	return asynq.ErrorHandlerFunc(func(ctx context.Context, t *asynq.Task, err error) {
		id, _ := asynq.GetTaskID(ctx)
		retried, _ := asynq.GetRetryCount(ctx)
		maxRetry, _ := asynq.GetMaxRetry(ctx)
		final := errors.Is(err, asynq.SkipRetry) || (retried >= maxRetry && !IsFault(err))
		if IsFault(err) {
			log.Warn("task waits on a fault", "type", t.Type(), "task", id, "err", err)
			return
		}
		log.Warn("task failed", "type", t.Type(), "task", id, "final", final, "err", err)
		if !final || tracker == nil {
			return
		}
		var ref queues.JobRef
		if json.Unmarshal(t.Payload(), &ref) != nil || ref.Job == "" {
			return
		}
		if err := tracker.Count(ctx, ref, id, jobs.OutcomeFailed); err != nil {
			log.Error("count failed job document", "job", ref.Job, "err", err)
		}
	})
}

// Run processes tasks until ctx ends, then stops taking new tasks and waits
// up to the shutdown timeout for those in flight.
func (s *Server) Run(ctx context.Context) error {
	if s.reclaim != nil {
		defer s.reclaim.Close()
	}
	if err := s.srv.Start(s.mux); err != nil {
		return fmt.Errorf("worker: start: %w", err)
	}
	if s.sched != nil {
		if err := s.sched.Start(); err != nil {
			s.srv.Shutdown()
			return fmt.Errorf("worker: start scheduler: %w", err)
		}
		defer s.sched.Shutdown()
	}
	if s.reclaim != nil {
		s.reclaimer.start(ctx)
		defer s.reclaimer.shutdown()
	}
	<-ctx.Done()
	s.srv.Shutdown()
	return nil
}

// Schedule enqueues the stale-version sweep every interval while Run runs.
// Each server may schedule it: the task is unique per interval, so several
// servers enqueue it once.
func (s *Server) Schedule(rc queues.Config, interval time.Duration) error {
	t, opts := queues.NewSweepTask(interval)
	return s.ScheduleTask(rc, interval, t, opts...)
}

// ScheduleTask enqueues t with opts every interval while Run runs; the
// task should be unique per interval (asynq.Unique) when several servers
// schedule it.
func (s *Server) ScheduleTask(rc queues.Config, interval time.Duration, t *asynq.Task, opts ...asynq.Option) error {
	if s.sched == nil {
		s.sched = asynq.NewScheduler(rc.RedisOpt(), &asynq.SchedulerOpts{Logger: asynqLogger{s.log}, LogLevel: asynq.WarnLevel})
	}
	if _, err := s.sched.Register(fmt.Sprintf("@every %s", interval), t, opts...); err != nil {
		return fmt.Errorf("worker: schedule %s: %w", t.Type(), err)
	}
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

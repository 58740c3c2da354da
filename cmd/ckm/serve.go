package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/ckmhq/ckm/alerts"
	"github.com/ckmhq/ckm/api"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
)

func runServe(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlagSet("serve", e)
	c.serveFlags(fs, e)
	c.redisFlags(fs, e)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm serve [flags]\n\nRuns the HTTP API, the worker and the index (under the data directory) in one process.")
		fs.PrintDefaults()
	}
	var o serveOptions
	fs.IntVar(&o.concurrency, "concurrency", 512, "tasks in flight at once; a task waits for its batch's commit without using the CPU, so this is what fills the index's batches (of up to 256 documents)")
	fs.IntVar(&o.analyses, "analyses", runtime.GOMAXPROCS(0), "documents analysed at once (default: the cores); the CPU left is the searches'")
	fs.DurationVar(&o.sweep, "sweep-interval", time.Hour, "how often to look for documents analysed by an older nlp version and re-analyse them; 0 never")
	fs.BoolVar(&o.analyze, "analyze", true, "analyse queued documents here too; false leaves analysis to `ckm worker` processes")
	fs.DurationVar(&o.alertsEvery, "alerts-every", 30*time.Second, "how often new documents are matched against saved searches; 0 never")
	fs.IntVar(&o.maxSearches, "max-searches", 0, "searches run at once over all keys; more wait in line (default: two per core)")
	fs.IntVar(&o.maxQueued, "max-queued-searches", api.DefaultMaxQueuedSearches, "searches that may wait for a place; past it a search gets 503 busy with Retry-After")
	fs.BoolVar(&o.pprof, "pprof", true, "serve Go's profiler at /debug/pprof/ to admins (an admin key, or the admin token on a server without keys)")
	fs.BoolVar(&o.alertsPrivate, "alerts-allow-private", e.getenv("CKM_ALERTS_ALLOW_PRIVATE") == "true", "let alert webhooks reach loopback, private and link-local addresses (CKM_ALERTS_ALLOW_PRIVATE=true)")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, err := c.logger(e)
	if err != nil {
		return err
	}
	applyMemoryLimit(os.DirFS("/"), e.getenv, log)
	return serve(ctx, &c, o, log)
}

// serveOptions are the flags of serve alone.
type serveOptions struct {
	concurrency   int
	analyses      int
	analyze       bool
	sweep         time.Duration
	alertsPrivate bool
	alertsEvery   time.Duration
	pprof         bool
	maxSearches   int
	maxQueued     int
}

// serve opens the parts in order (index, queue, analyser, worker, HTTP) and
// closes them in reverse when ctx ends.
func serve(ctx context.Context, c *config, o serveOptions, log *slog.Logger) error {
	if err := os.MkdirAll(c.dataDir, 0o755); err != nil {
		return fmt.Errorf("serve: data directory: %w", err)
	}
	ix, err := index.Open(ctx, index.Config{Path: filepath.Join(c.dataDir, "index"), Logger: log})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer closeLogged(log, "index", ix.Close)

	qc, err := c.queueClient()
	if err != nil {
		return err
	}
	defer closeLogged(log, "queue client", qc.Close)
	if err := qc.Ping(); err != nil {
		return fmt.Errorf("serve: is Redis running at %s? %w", c.redisAddr, err)
	}

	gazetteers := queues.NewGazetteerStore(c.queues())
	defer closeLogged(log, "gazetteer store", gazetteers.Close)
	themes := queues.NewThemeStore(c.queues())
	defer closeLogged(log, "theme store", themes.Close)
	themeFollower, err := worker.NewThemeFollower(ctx, themes, ix, gazetteerPoll, log)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	themeFollower.Start(ctx)
	defer themeFollower.Stop()
	jobStore := jobs.NewStore(c.queues())
	defer closeLogged(log, "job store", jobStore.Close)
	keys, err := loadKeys(c, log)
	if err != nil {
		return err
	}
	acfg := alerts.Config{AllowPrivate: o.alertsPrivate, Logger: log}
	if keys != nil {
		acfg.Owners = keys.OwnerScope
	}
	al := alerts.New(c.queues(), acfg)
	defer closeLogged(log, "alerts", al.Close)
	sink := worker.IndexSink{Index: al.Watch(ix), Jobs: jobStore}
	jobService := &jobs.Service{Store: jobStore, Queue: qc, Version: nlp.Version}
	faults := worker.NewFaults()
	var adminToken string
	if keys == nil {
		if adminToken, err = writeAdminToken(c.dataDir); err != nil {
			return err
		}
		log.Info("admin actions (re-analysis, gazetteer changes) need the token in " + filepath.Join(c.dataDir, adminTokenFile) + "; the CLI reads it from CKM_DATA_DIR")
	}
	reg, monitor, closeMonitor := monitoring(c)
	registerFaultMetrics(reg, ix, faults)
	defer closeLogged(log, "monitoring", closeMonitor)
	apiSrv := api.New(api.Config{
		Logger: log, Version: version, Keys: keys, AdminToken: adminToken, Jobs: jobService,
		Gazetteer: gazetteers, ValidateGazetteer: validateGazetteer, Themes: themes,
		Metrics: reg, Monitoring: monitor, Alerts: al, Profiling: o.pprof,
		MaxSearches: o.maxSearches, MaxQueuedSearches: o.maxQueued,
		Health: []func(context.Context) error{ix.Ready, faultsHealth(faults)},
	}, qc, ix)
	handlers := worker.Handlers{
		Index:     worker.NewIndexHandler(sink, log),
		Reanalyze: jobs.NewPager(ix, jobStore, qc, log),
		Sweep:     worker.NewSweepHandler(ix, jobService, nlp.Version, log),
		More:      al.Handlers(ix),
	}
	weights := map[string]int{queues.QueueIndex: 1}
	if o.analyze {
		// Only an analysing server loads the language models (about 60 MiB
		// of heap); with --analyze=false they live in the workers.
		analyzer, err := c.newLiveAnalyzer(ctx, gazetteers, gazetteerPoll, log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		analyzer.Start(ctx)
		defer analyzer.Stop()
		red, err := c.redactor()
		if err != nil {
			return err
		}
		handlers.Analyze = worker.NewAnalyzeHandler(wrapAnalyzer(analyzer), sink, jobStore, log).WithRedactor(red).WithAnalyses(o.analyses, apiSrv.Searching)
		weights = queues.OwnerPriorities
	}
	ws := worker.NewServer(worker.Config{Concurrency: o.concurrency, Queues: weights, Jobs: jobStore, MaxRetryDelay: c.retryMaxDelay, Faults: faults, Logger: log}, c.queues(), handlers)
	if o.alertsEvery > 0 {
		matchTask, matchOpts := alerts.NewMatchTask(o.alertsEvery)
		if err := ws.ScheduleTask(c.queues(), o.alertsEvery, matchTask, matchOpts...); err != nil {
			return err
		}
	}
	if o.sweep > 0 {
		if err := ws.Schedule(c.queues(), o.sweep); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", c.httpAddr)
	if err != nil {
		return fmt.Errorf("serve: listen: %w", err)
	}
	hs := &http.Server{
		Handler:           withDeadline(apiSrv.Handler(), requestTimeout),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	log.Info("ckm serving", "version", version, "http", "http://"+ln.Addr().String(), "redis", c.redisAddr, "data", c.dataDir, "nlp", nlp.Version)
	return runUntilDone(ctx, log, hs, ln, ws)
}

// runUntilDone serves HTTP and runs the worker until ctx ends or one of
// them fails, then shuts both down: HTTP first (no new documents), then the
// worker (tasks in flight finish or go back to the queue).
func runUntilDone(ctx context.Context, log *slog.Logger, hs *http.Server, ln net.Listener, ws *worker.Server) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Go(func() {
		defer cancel()
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errs <- fmt.Errorf("serve: http: %w", err)
		}
	})
	wg.Go(func() {
		defer cancel()
		if err := ws.Run(ctx); err != nil {
			errs <- err
		}
	})
	<-ctx.Done()
	log.Info("ckm shutting down")
	sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer scancel()
	if err := hs.Shutdown(sctx); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	wg.Wait()
	close(errs)
	return errors.Join(collect(errs)...)
}

func collect(ch <-chan error) []error {
	var out []error
	for err := range ch {
		out = append(out, err)
	}
	return out
}

func closeLogged(log *slog.Logger, what string, close func() error) {
	if err := close(); err != nil {
		log.Error("close "+what, "err", err)
	}
}

// gazetteerPoll is how often analysing processes look for a changed
// gazetteer.
const gazetteerPoll = 5 * time.Second

// requestTimeout bounds the work of one HTTP request: handlers see it as
// their context's deadline (searches and enqueues give up with an error).
const requestTimeout = 60 * time.Second

// withDeadline gives every request a context deadline of d.
func withDeadline(h http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

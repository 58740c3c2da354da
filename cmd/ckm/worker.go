package main

import (
	"context"
	"fmt"
	"os"

	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
)

// runWorker runs an analyser-only process: it takes documents from the
// critical, default and batch queues, analyses them and hands the results
// to the process that owns the index (`ckm serve`) through the index
// queue. It keeps no state; run as many as the CPUs allow, anywhere that
// reaches Redis.
func runWorker(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlagSet("worker", e)
	c.redisFlags(fs, e)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm worker [flags]\n\nAnalyses queued documents and hands the results to `ckm serve`, which owns the index.")
		fs.PrintDefaults()
	}
	concurrency := fs.Int("concurrency", 4, "documents analysed at once")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, err := c.logger(e)
	if err != nil {
		return err
	}
	applyMemoryLimit(os.DirFS("/"), e.getenv, log)
	qc, err := c.queueClient()
	if err != nil {
		return err
	}
	defer closeLogged(log, "queue client", qc.Close)
	if err := qc.Ping(); err != nil {
		return fmt.Errorf("worker: is Redis running at %s? %w", c.redisAddr, err)
	}
	jobStore := jobs.NewStore(c.queues())
	defer closeLogged(log, "job store", jobStore.Close)
	gazetteers := queues.NewGazetteerStore(c.queues())
	defer closeLogged(log, "gazetteer store", gazetteers.Close)
	analyzer, err := c.newLiveAnalyzer(ctx, gazetteers, gazetteerPoll, log)
	if err != nil {
		return fmt.Errorf("worker: %w", err)
	}
	analyzer.Start(ctx)
	defer analyzer.Stop()
	red, err := c.redactor()
	if err != nil {
		return err
	}
	ws := worker.NewServer(worker.Config{Concurrency: *concurrency, Queues: queues.Priorities, Jobs: jobStore, MaxRetryDelay: c.retryMaxDelay, Logger: log}, c.queues(),
		worker.Handlers{Analyze: worker.NewAnalyzeHandler(wrapAnalyzer(analyzer), &worker.ForwardSink{Queue: qc}, jobStore, log).WithRedactor(red)})
	log.Info("ckm worker running", "version", version, "redis", c.redisAddr, "concurrency", *concurrency, "nlp", nlp.Version)
	return ws.Run(ctx)
}

package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/bench"
)

// measureAlerts ingests the same documents with and without saved
// searches (bench.MeasureAlerts), in batches of alertsBatch.
func measureAlerts(ctx context.Context, r *results, dir string) error {
	c, err := bench.MeasureAlerts(ctx, filepath.Join(dir, "alerts"), spread(r.base, r.opts.alertsDocs), r.opts.alertsQueries, alertsBatch)
	r.alerts = &c
	return err
}

// alertsBatch is the documents of one match run: what 30 s of ingest (the
// default --alerts-every) brings at about 17 documents a second.
const alertsBatch = 500

// spread takes n documents spread evenly over base (every file of the
// development data in its share), or Cycle(base, n) when base has fewer.
func spread(base []ckm.Document, n int) []ckm.Document {
	if n >= len(base) {
		return bench.Cycle(base, n)
	}
	out := make([]ckm.Document, n)
	for i := range out {
		out[i] = base[i*len(base)/n]
	}
	return out
}

// writeAlerts writes the section on saved-search matching.
func (r *results) writeAlerts(w writer) {
	c := r.alerts
	if c == nil || c.Without.CPU <= 0 {
		return
	}
	w("## Saved-search matching (alerts)\n\n")
	w("%s documents spread over the development files, ingested twice in the same process, in batches of %d (one match run each, what 30 s of ingest at about 17 documents a second brings): once with no saved search, once with %s random saved searches (two words of %d common in support text, in English and Portuguese, a quarter with `OR` a third word, a quarter with a filter such as `cue:pain` or `lang:pt`, a quarter with an excluded word; nine in ten scoped to one of the ten largest clients). Each arm has its own Redis, index and alert store; a batch is analysed and indexed 16 documents at a time as the worker does (`alerts.Store.Watch` pushes each ID), then matched (`alerts.Store.Match`: the percolator and the queueing of one delivery per subscription with events), and its deliveries are posted by an Asynq server to a local webhook; the two arms take turns to go first. CPU is this process's (user + system, `getrusage`) plus both Redis servers' (`INFO cpu`) over each arm's batches; the wall clock is each arm's elapsed time.\n\n",
		thousands(c.Docs), c.Batch, thousands(c.Queries), len(bench.AlertWords))
	w("| | no saved search | %s saved searches | ratio |\n|---|---|---|---|\n", thousands(c.Queries))
	w("| CPU per document | %s | %s | **%.2f×** |\n", ms(c.Without.CPU/time.Duration(c.Docs)), ms(c.With.CPU/time.Duration(c.Docs)), c.CPURatio())
	w("| documents per second (wall clock) | %.1f | %.1f | %.2f× |\n", float64(c.Docs)/c.Without.Wall.Seconds(), float64(c.Docs)/c.With.Wall.Seconds(), c.RateRatio())
	w("| of which matching and delivering (wall clock) | %s | %s | |\n\n", c.Without.Match.Round(10*time.Millisecond), c.With.Match.Round(10*time.Millisecond))
	w("The saved searches fired %s events (%.2f per document) in %s deliveries.\n\n", thousands(c.Events), float64(c.Events)/float64(c.Docs), thousands(c.Deliveries))
}

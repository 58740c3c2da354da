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
	if c == nil || c.Without.IngestCPU <= 0 {
		return
	}
	perDoc := func(d time.Duration) string { return ms(d / time.Duration(c.Docs)) }
	w("## Saved-search matching (alerts)\n\n")
	w("%s documents spread over the development files are ingested twice in this process, in batches of %d (one match run each: what 30 s of ingest at about 17 documents a second brings), once with no saved search and once with %s random saved searches: two of %d words common in support text, in English and Portuguese, a quarter with `OR` a third word, a quarter with a filter such as `cue:pain` or `lang:pt`, a quarter with an excluded word; nine in ten scoped to one of the ten largest clients. Each arm has its own Redis, index and alert store. A batch is analysed and indexed 16 documents at a time, as the worker does (`alerts.Store.Watch` pushes each ID); then, once the index's merges are done (its files still for a second), it is matched (`alerts.Store.Match`: the percolator, then one delivery per subscription with events) and the deliveries are posted by an Asynq server to a local webhook. The arms take turns to go first. CPU is this process's (user + system, `getrusage`) plus both Redis servers' (`INFO cpu`); ingest is the CPU up to a forced garbage collection after the merges, matching the CPU from the start of the match run to a forced garbage collection after the last delivery, so that each phase pays for its own garbage.\n\n",
		thousands(c.Docs), c.Batch, thousands(c.Queries), len(bench.AlertWords))
	w("| per document | no saved search | %s saved searches |\n|---|---|---|\n", thousands(c.Queries))
	w("| ingest CPU (analysis, indexing, merges) | %s | %s |\n", perDoc(c.Without.IngestCPU), perDoc(c.With.IngestCPU))
	w("| matching and delivering CPU | %s | %s |\n", perDoc(c.Without.MatchCPU), perDoc(c.With.MatchCPU))
	w("| wall clock, without the waits for merges | %s | %s |\n\n", perDoc(c.Without.Wall), perDoc(c.With.Wall))
	w("Matching %s saved searches costs **%.1f%%** of the CPU of ingesting the same documents (the arms' difference in matching CPU, which takes out the collection and the Asynq pollers both arms pay, ÷ the mean ingest CPU of the two arms). The whole of each arm, ingest and matching: CPU %.2f× and documents per second %.2f× with the saved searches against without; the two arms' ingest CPU differs by the index's merges, which vary from run to run, so this ratio is the noisier figure. The saved searches fired %s events (%.2f per document) in %s deliveries.\n\n",
		thousands(c.Queries), 100*c.MatchShare(), c.CPURatio(), c.RateRatio(), thousands(c.Events), float64(c.Events)/float64(c.Docs), thousands(c.Deliveries))
}

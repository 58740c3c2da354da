package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// nlpConfig returns the analysis configuration: the gazetteer file, when
// one is configured, loaded.
func (c *config) nlpConfig() (nlp.Config, error) {
	if c.gazetteer == "" {
		return nlp.Config{}, nil
	}
	f, err := os.Open(c.gazetteer)
	if err != nil {
		return nlp.Config{}, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	g, err := nlp.LoadGazetteer(f)
	if err != nil {
		return nlp.Config{}, fmt.Errorf("gazetteer %s: %w", c.gazetteer, err)
	}
	return nlp.Config{Gazetteer: g}, nil
}

// liveAnalyzer analyses with the gazetteer stored in Redis (edited with
// PUT /v1/gazetteer), following changes: every process that analyses,
// `ckm serve` and each `ckm worker`, runs one. Until a gazetteer is stored,
// the --gazetteer file (or none) is used. It is safe for concurrent use.
type liveAnalyzer struct {
	cur      atomic.Pointer[nlp.Analyzer]
	version  int64 // of the gazetteer in use; only follow touches it
	base     nlp.Config
	settings *queues.Settings
	log      *slog.Logger
}

// Analyze implements the worker's analyzer with the current gazetteer.
func (l *liveAnalyzer) Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error) {
	return l.cur.Load().Analyze(ctx, doc)
}

// newLiveAnalyzer builds the analyser from the stored gazetteer, or from
// the configured file when none is stored, and follows changes every poll
// until ctx ends.
func (c *config) newLiveAnalyzer(ctx context.Context, settings *queues.Settings, poll time.Duration, log *slog.Logger) (*liveAnalyzer, error) {
	base, err := c.nlpConfig()
	if err != nil {
		return nil, err
	}
	l := &liveAnalyzer{base: base, settings: settings, log: log}
	a, err := nlp.New(base)
	if err != nil {
		return nil, err
	}
	l.cur.Store(a)
	if err := l.refresh(ctx); err != nil {
		return nil, err
	}
	go follow(ctx, poll, "gazetteer refresh", l.refresh, log)
	return l, nil
}

// follow calls refresh every poll until ctx ends, logging its failures
// as what.
func follow(ctx context.Context, poll time.Duration, what string, refresh func(context.Context) error, log *slog.Logger) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := refresh(ctx); err != nil && ctx.Err() == nil {
				log.Warn(what, "err", err)
			}
		}
	}
}

// refresh swaps in a new analyser when the stored gazetteer changed.
func (l *liveAnalyzer) refresh(ctx context.Context) error {
	v, err := l.settings.GazetteerVersion(ctx)
	if err != nil || v == l.version {
		return err
	}
	body, v, err := l.settings.Gazetteer(ctx)
	if err != nil {
		return err
	}
	g, err := nlp.LoadGazetteer(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("stored gazetteer version %d: %w", v, err)
	}
	cfg := l.base
	cfg.Gazetteer = g
	a, err := nlp.New(cfg)
	if err != nil {
		return err
	}
	l.cur.Store(a)
	l.version = v
	l.log.Info("gazetteer loaded", "version", v, "entries", len(g.Entries()))
	return nil
}

// validateGazetteer checks an uploaded gazetteer the way the analysers
// will read it.
func validateGazetteer(body []byte) (int, error) {
	g, err := nlp.LoadGazetteer(bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	return len(g.Entries()), nil
}

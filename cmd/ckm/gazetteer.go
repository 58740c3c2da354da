package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
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

// newLiveAnalyzer returns the analyser that follows the gazetteer stored
// in store every poll once started, with the --gazetteer file (or none)
// until one is stored.
func (c *config) newLiveAnalyzer(ctx context.Context, store *queues.GazetteerStore, poll time.Duration, log *slog.Logger) (*worker.LiveAnalyzer, error) {
	base, err := c.nlpConfig()
	if err != nil {
		return nil, err
	}
	return worker.NewLiveAnalyzer(ctx, base, store, poll, log)
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

package worker

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// gazetteerSource is where a LiveAnalyzer reads the gazetteer;
// *queues.GazetteerStore is one.
type gazetteerSource interface {
	Gazetteer(ctx context.Context) (body []byte, version int64, err error)
	GazetteerVersion(ctx context.Context) (int64, error)
}

// LiveAnalyzer analyses with the gazetteer stored in Redis (edited with
// PUT /v1/gazetteer) and follows its changes: every process that analyses,
// `ckm serve` and each `ckm worker`, runs one. Until a gazetteer is
// stored, the base configuration's (or none) is used. Analyze is safe for
// concurrent use; Start and Stop are called once each, Stop last.
type LiveAnalyzer struct {
	cur    atomic.Pointer[nlp.Analyzer]
	base   nlp.Config
	log    *slog.Logger
	follow follower
	poller poller
}

// NewLiveAnalyzer builds the analyser from the stored gazetteer, or from
// base when none is stored. Start makes it follow changes every poll; a nil
// log discards.
func NewLiveAnalyzer(ctx context.Context, base nlp.Config, store gazetteerSource, poll time.Duration, log *slog.Logger) (*LiveAnalyzer, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a, err := nlp.New(base)
	if err != nil {
		return nil, err
	}
	l := &LiveAnalyzer{base: base, log: log}
	l.cur.Store(a)
	l.follow = follower{version: store.GazetteerVersion, read: store.Gazetteer, apply: l.load}
	if err := l.follow.refresh(ctx); err != nil {
		return nil, err
	}
	l.poller = poller{what: "gazetteer refresh", interval: poll, poll: l.follow.refresh, log: log}
	return l, nil
}

// Analyze analyses doc with the current gazetteer.
func (l *LiveAnalyzer) Analyze(ctx context.Context, doc ckm.Document) (*nlp.Analysis, error) {
	return l.cur.Load().Analyze(ctx, doc)
}

// Start follows the stored gazetteer, in a goroutine of its own, until ctx
// ends or Stop.
func (l *LiveAnalyzer) Start(ctx context.Context) { l.poller.start(ctx) }

// Stop stops following and waits until the goroutine has returned. The
// analyser goes on with the gazetteer it has.
func (l *LiveAnalyzer) Stop() { l.poller.shutdown() }

// load swaps in an analyser with the stored gazetteer body.
func (l *LiveAnalyzer) load(body []byte, version int64) error {
	g, err := nlp.LoadGazetteer(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("stored gazetteer version %d: %w", version, err)
	}
	cfg := l.base
	cfg.Gazetteer = g
	a, err := nlp.New(cfg)
	if err != nil {
		return err
	}
	l.cur.Store(a)
	l.log.Info("gazetteer loaded", "version", version, "entries", len(g.Entries()))
	return nil
}

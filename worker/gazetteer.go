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
	cur     atomic.Pointer[nlp.Analyzer]
	version int64 // of the gazetteer in use; only refresh touches it
	base    nlp.Config
	store   gazetteerSource
	log     *slog.Logger
	poller  poller
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
	l := &LiveAnalyzer{base: base, store: store, log: log}
	l.cur.Store(a)
	if err := l.refresh(ctx); err != nil {
		return nil, err
	}
	l.poller = poller{what: "gazetteer refresh", interval: poll, poll: l.refresh, log: log}
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

// refresh swaps in a new analyser when the stored gazetteer changed.
func (l *LiveAnalyzer) refresh(ctx context.Context) error {
	v, err := l.store.GazetteerVersion(ctx)
	if err != nil || v == l.version {
		return err
	}
	body, v, err := l.store.Gazetteer(ctx)
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

package worker

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ckmhq/ckm/index"
)

// themeSource is where a ThemeFollower reads the theme corrections;
// *queues.ThemeStore is one.
type themeSource interface {
	ThemeCorrections(ctx context.Context) (body []byte, version int64, err error)
	ThemeCorrectionsVersion(ctx context.Context) (int64, error)
}

// themeSetter is what a ThemeFollower needs of the index; *index.Index is
// one.
type themeSetter interface {
	SetThemeCorrections(c index.ThemeCorrections)
}

// ThemeFollower keeps an index's theme corrections in step with those
// stored in Redis (edited with PUT /v1/themes/corrections): `ckm serve`,
// the process that answers hints and emerging themes, runs one. Start and
// Stop are called once each, Stop last.
type ThemeFollower struct {
	ix     themeSetter
	log    *slog.Logger
	follow follower
	poller poller
}

// NewThemeFollower applies the stored corrections to ix now; Start makes
// it apply their changes every poll. A nil log discards.
func NewThemeFollower(ctx context.Context, store themeSource, ix themeSetter, poll time.Duration, log *slog.Logger) (*ThemeFollower, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	f := &ThemeFollower{ix: ix, log: log}
	f.follow = follower{version: store.ThemeCorrectionsVersion, read: store.ThemeCorrections, apply: f.load}
	if err := f.follow.refresh(ctx); err != nil {
		return nil, err
	}
	f.poller = poller{what: "theme corrections refresh", interval: poll, poll: f.follow.refresh, log: log}
	return f, nil
}

// Start follows the stored corrections, in a goroutine of its own, until
// ctx ends or Stop.
func (f *ThemeFollower) Start(ctx context.Context) { f.poller.start(ctx) }

// Stop stops following and waits until the goroutine has returned.
func (f *ThemeFollower) Stop() { f.poller.shutdown() }

// load applies the stored corrections body.
func (f *ThemeFollower) load(body []byte, version int64) error {
	c, err := index.ParseThemeCorrections(body)
	if err != nil {
		return fmt.Errorf("stored theme corrections version %d: %w", version, err)
	}
	f.ix.SetThemeCorrections(c)
	f.log.Info("theme corrections loaded", "version", version, "merges", len(c.Merge), "splits", len(c.Split), "labels", len(c.Labels))
	return nil
}

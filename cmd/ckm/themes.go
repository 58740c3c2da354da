package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/queues"
)

// themeFollower keeps an index's theme corrections in step with those
// stored in Redis (edited with PUT /v1/themes/corrections): `ckm serve`,
// the process that answers hints and emerging themes, runs one.
type themeFollower struct {
	settings *queues.Settings
	ix       *index.Index
	version  int64 // of the corrections in force; only follow touches it
	log      *slog.Logger
}

// followThemeCorrections applies the stored corrections to ix now and
// then every poll until ctx ends.
func followThemeCorrections(ctx context.Context, settings *queues.Settings, ix *index.Index, poll time.Duration, log *slog.Logger) error {
	f := &themeFollower{settings: settings, ix: ix, log: log}
	if err := f.refresh(ctx); err != nil {
		return err
	}
	go follow(ctx, poll, "theme corrections refresh", f.refresh, log)
	return nil
}

// refresh applies the stored corrections when their version changed.
func (f *themeFollower) refresh(ctx context.Context) error {
	v, err := f.settings.ThemeCorrectionsVersion(ctx)
	if err != nil || v == f.version {
		return err
	}
	body, v, err := f.settings.ThemeCorrections(ctx)
	if err != nil {
		return err
	}
	c, err := index.ParseThemeCorrections(body)
	if err != nil {
		return fmt.Errorf("stored theme corrections version %d: %w", v, err)
	}
	f.ix.SetThemeCorrections(c)
	f.version = v
	f.log.Info("theme corrections loaded", "version", v, "merges", len(c.Merge), "splits", len(c.Split), "labels", len(c.Labels))
	return nil
}

package queues

import "context"

// ThemeStore keeps the admin's theme corrections (PUT
// /v1/themes/corrections) in Redis, where every process that answers hints
// reads them. Each change bumps a version that those processes poll
// (worker.ThemeFollower). It is safe for concurrent use.
type ThemeStore struct{ v versioned }

// NewThemeStore returns the theme corrections store on the Redis that cfg
// names. Close it.
func NewThemeStore(cfg Config) *ThemeStore {
	return &ThemeStore{versioned{rdb: cfg.redisClient(), what: "theme corrections",
		key: "ckm:settings:themes", versionKey: "ckm:settings:themes:version"}}
}

// Close releases the store's connections.
func (s *ThemeStore) Close() error { return s.v.rdb.Close() }

// ThemeCorrections returns the stored theme corrections (JSON, as
// index.ParseThemeCorrections reads them) and their version; version 0
// means none have been stored.
func (s *ThemeStore) ThemeCorrections(ctx context.Context) (body []byte, version int64, err error) {
	return s.v.read(ctx)
}

// ThemeCorrectionsVersion returns the version of the stored theme
// corrections, 0 when none are stored. It is what processes poll.
func (s *ThemeStore) ThemeCorrectionsVersion(ctx context.Context) (int64, error) {
	return s.v.version(ctx)
}

// SetThemeCorrections stores theme corrections (already validated by the
// caller) and returns their new version.
func (s *ThemeStore) SetThemeCorrections(ctx context.Context, body []byte) (int64, error) {
	return s.v.store(ctx, body)
}

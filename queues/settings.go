package queues

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Settings keeps the deployment's shared, editable analysis settings in
// Redis, where every `ckm serve` and `ckm worker` process reads them: the
// gazetteer and the admin's theme corrections. Each change bumps a version that processes poll. It
// is safe for concurrent use.
type Settings struct {
	rdb redis.UniversalClient
}

// NewSettings returns the settings store on the Redis that cfg names.
// Close it.
func NewSettings(cfg Config) *Settings { return &Settings{rdb: cfg.redisClient()} }

// Close releases the store's connections.
func (s *Settings) Close() error { return s.rdb.Close() }

const (
	gazetteerKey        = "ckm:settings:gazetteer"
	gazetteerVersionKey = "ckm:settings:gazetteer:version"
	themesKey           = "ckm:settings:themes"
	themesVersionKey    = "ckm:settings:themes:version"
)

// Gazetteer returns the stored gazetteer file (JSON Lines or TSV, as
// nlp.LoadGazetteer reads it) and its version; version 0 means none has
// been stored.
func (s *Settings) Gazetteer(ctx context.Context) (body []byte, version int64, err error) {
	return s.read(ctx, "gazetteer", gazetteerKey, gazetteerVersionKey)
}

// GazetteerVersion returns the version of the stored gazetteer, 0 when
// none is stored. It is what processes poll.
func (s *Settings) GazetteerVersion(ctx context.Context) (int64, error) {
	return s.version(ctx, "gazetteer", gazetteerVersionKey)
}

// SetGazetteer stores a gazetteer (already validated by the caller) and
// returns its new version.
func (s *Settings) SetGazetteer(ctx context.Context, body []byte) (int64, error) {
	return s.store(ctx, "gazetteer", gazetteerKey, gazetteerVersionKey, body)
}

// ThemeCorrections returns the stored theme corrections (JSON, as
// index.ParseThemeCorrections reads them) and their version; version 0
// means none have been stored.
func (s *Settings) ThemeCorrections(ctx context.Context) (body []byte, version int64, err error) {
	return s.read(ctx, "theme corrections", themesKey, themesVersionKey)
}

// ThemeCorrectionsVersion returns the version of the stored theme
// corrections, 0 when none are stored. It is what processes poll.
func (s *Settings) ThemeCorrectionsVersion(ctx context.Context) (int64, error) {
	return s.version(ctx, "theme corrections", themesVersionKey)
}

// SetThemeCorrections stores theme corrections (already validated by the
// caller) and returns their new version.
func (s *Settings) SetThemeCorrections(ctx context.Context, body []byte) (int64, error) {
	return s.store(ctx, "theme corrections", themesKey, themesVersionKey, body)
}

// read returns a stored setting and its version.
func (s *Settings) read(ctx context.Context, what, key, versionKey string) (body []byte, version int64, err error) {
	vals, err := s.rdb.MGet(ctx, key, versionKey).Result()
	if err != nil {
		return nil, 0, fmt.Errorf("queues: read %s: %w", what, err)
	}
	if b, ok := vals[0].(string); ok {
		body = []byte(b)
	}
	if v, ok := vals[1].(string); ok {
		fmt.Sscan(v, &version)
	}
	return body, version, nil
}

// version returns the version of a stored setting, 0 when none is stored.
func (s *Settings) version(ctx context.Context, what, versionKey string) (int64, error) {
	v, err := s.rdb.Get(ctx, versionKey).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("queues: read %s version: %w", what, err)
	}
	return v, nil
}

// store replaces a setting and bumps its version, atomically.
func (s *Settings) store(ctx context.Context, what, key, versionKey string, body []byte) (int64, error) {
	var incr *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, key, body, 0)
		incr = p.Incr(ctx, versionKey)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queues: store %s: %w", what, err)
	}
	return incr.Val(), nil
}

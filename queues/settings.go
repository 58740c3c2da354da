package queues

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// Settings keeps the deployment's shared, editable analysis settings in
// Redis, where every `ckm serve` and `ckm worker` process reads them: for
// now the gazetteer. Each change bumps a version that processes poll. It
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
)

// Gazetteer returns the stored gazetteer file (JSON Lines or TSV, as
// nlp.LoadGazetteer reads it) and its version; version 0 means none has
// been stored.
func (s *Settings) Gazetteer(ctx context.Context) (body []byte, version int64, err error) {
	vals, err := s.rdb.MGet(ctx, gazetteerKey, gazetteerVersionKey).Result()
	if err != nil {
		return nil, 0, fmt.Errorf("queues: read gazetteer: %w", err)
	}
	if b, ok := vals[0].(string); ok {
		body = []byte(b)
	}
	if v, ok := vals[1].(string); ok {
		fmt.Sscan(v, &version)
	}
	return body, version, nil
}

// GazetteerVersion returns the version of the stored gazetteer, 0 when
// none is stored. It is what processes poll.
func (s *Settings) GazetteerVersion(ctx context.Context) (int64, error) {
	v, err := s.rdb.Get(ctx, gazetteerVersionKey).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("queues: read gazetteer version: %w", err)
	}
	return v, nil
}

// SetGazetteer stores a gazetteer (already validated by the caller) and
// returns its new version.
func (s *Settings) SetGazetteer(ctx context.Context, body []byte) (int64, error) {
	var incr *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, gazetteerKey, body, 0)
		incr = p.Incr(ctx, gazetteerVersionKey)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queues: store gazetteer: %w", err)
	}
	return incr.Val(), nil
}

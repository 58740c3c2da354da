package queues

import (
	"context"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"
)

// versioned is one value kept in Redis with a version that counts its
// changes: processes poll the version and read the value when it moved.
type versioned struct {
	rdb        redis.UniversalClient
	what       string // for errors: "gazetteer", "theme corrections"
	key        string
	versionKey string
}

// read returns the value and its version; version 0 means none is stored.
func (v versioned) read(ctx context.Context) (body []byte, version int64, err error) {
	vals, err := v.rdb.MGet(ctx, v.key, v.versionKey).Result()
	if err != nil {
		return nil, 0, fmt.Errorf("queues: read %s: %w", v.what, err)
	}
	if b, ok := vals[0].(string); ok {
		body = []byte(b)
	}
	if s, ok := vals[1].(string); ok {
		fmt.Sscan(s, &version)
	}
	return body, version, nil
}

// version returns the value's version, 0 when none is stored.
func (v versioned) version(ctx context.Context) (int64, error) {
	n, err := v.rdb.Get(ctx, v.versionKey).Int64()
	if errors.Is(err, redis.Nil) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("queues: read %s version: %w", v.what, err)
	}
	return n, nil
}

// store replaces the value and bumps its version, atomically.
func (v versioned) store(ctx context.Context, body []byte) (int64, error) {
	var incr *redis.IntCmd
	_, err := v.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, v.key, body, 0)
		incr = p.Incr(ctx, v.versionKey)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queues: store %s: %w", v.what, err)
	}
	return incr.Val(), nil
}

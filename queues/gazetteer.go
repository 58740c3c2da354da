package queues

import "context"

// GazetteerStore keeps the deployment's editable gazetteer (PUT
// /v1/gazetteer) in Redis, where every `ckm serve` and `ckm worker`
// process reads it. Each change bumps a version that the analysing
// processes poll (worker.LiveAnalyzer). It is safe for concurrent use.
type GazetteerStore struct{ v versioned }

// NewGazetteerStore returns the gazetteer store on the Redis that cfg
// names. Close it.
func NewGazetteerStore(cfg Config) *GazetteerStore {
	return &GazetteerStore{versioned{rdb: cfg.redisClient(), what: "gazetteer",
		key: "ckm:settings:gazetteer", versionKey: "ckm:settings:gazetteer:version"}}
}

// Close releases the store's connections.
func (s *GazetteerStore) Close() error { return s.v.rdb.Close() }

// Gazetteer returns the stored gazetteer file (JSON Lines or TSV, as
// nlp.LoadGazetteer reads it) and its version; version 0 means none has
// been stored.
func (s *GazetteerStore) Gazetteer(ctx context.Context) (body []byte, version int64, err error) {
	return s.v.read(ctx)
}

// GazetteerVersion returns the version of the stored gazetteer, 0 when
// none is stored. It is what processes poll.
func (s *GazetteerStore) GazetteerVersion(ctx context.Context) (int64, error) {
	return s.v.version(ctx)
}

// SetGazetteer stores a gazetteer (already validated by the caller) and
// returns its new version.
func (s *GazetteerStore) SetGazetteer(ctx context.Context, body []byte) (int64, error) {
	return s.v.store(ctx, body)
}

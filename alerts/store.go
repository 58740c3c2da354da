package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Redis keys.
const (
	keySubs    = "ckm:alerts:subs"    // hash: id → Subscription JSON
	keyPending = "ckm:alerts:pending" // list: IDs of documents indexed since the last match
	keyFired   = "ckm:alerts:fired:"  // + event ID: set once the event was emitted
	keyDigest  = "ckm:alerts:digest:" // + subscription ID: list of events waiting for the digest
	keyDue     = "ckm:alerts:due:"    // + subscription ID: Unix time the digest is next sent
	keyEmerged = "ckm:alerts:emerging-checked"
)

// firedTTL is how long an emitted event is remembered, so that it is not
// emitted again.
const firedTTL = 90 * 24 * time.Hour

// Config configures a Store. The zero value works.
type Config struct {
	// AllowPrivate lets webhooks reach loopback, private and link-local
	// addresses. Off by default: a key holder could otherwise make the
	// server call internal services.
	AllowPrivate bool
	// Timeout bounds one delivery attempt; default 10s.
	Timeout time.Duration
	// EmergingEvery is how often emerging subscriptions are checked;
	// default one hour.
	EmergingEvery time.Duration
	// MatchBatch is the most new documents one match run takes; default
	// 1000.
	MatchBatch int
	// Owners, when set, gives the clients an owner's key may see now (all
	// for every client; ok false for a key that no longer exists). Each
	// match run narrows every subscription to it, so a key that loses a
	// client stops hearing about it at once. Nil: subscriptions keep the
	// scope they were saved with.
	Owners func(owner string) (clients []string, all, ok bool)
	// Logger receives a line per emitted event; nil discards.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.EmergingEvery <= 0 {
		c.EmergingEvery = time.Hour
	}
	if c.MatchBatch <= 0 {
		c.MatchBatch = 1000
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// Store keeps subscriptions in Redis and queues their deliveries. It is
// safe for concurrent use. Close it when done.
type Store struct {
	cfg  Config
	rdb  redis.UniversalClient
	q    *asynq.Client
	http *http.Client
	now  func() time.Time
	// plans holds each saved search parsed, from one match run to the next.
	plans plans
}

// New returns a Store on the Redis that rc names.
func New(rc queues.Config, cfg Config) *Store {
	cfg = cfg.withDefaults()
	opt := rc.RedisOpt()
	return &Store{cfg: cfg, rdb: opt.MakeRedisClient().(redis.UniversalClient), q: asynq.NewClient(opt),
		http: newHTTPClient(cfg.AllowPrivate, cfg.Timeout), now: time.Now}
}

// Close releases the store's connections.
func (s *Store) Close() error { return errors.Join(s.q.Close(), s.rdb.Close()) }

// Create validates sub, gives it an ID and a secret, and saves it. The
// caller sets Owner and Clients from the API key.
func (s *Store) Create(ctx context.Context, sub Subscription) (Subscription, error) {
	if err := sub.validate(s.now(), s.cfg.AllowPrivate); err != nil {
		return Subscription{}, err
	}
	b, _ := json.Marshal(sub)
	if err := s.rdb.HSet(ctx, keySubs, sub.ID, b).Err(); err != nil {
		return Subscription{}, fmt.Errorf("alerts: save subscription: %w", err)
	}
	return sub, nil
}

// List returns owner's subscriptions, oldest first, without secrets.
func (s *Store) List(ctx context.Context, owner string) ([]Subscription, error) {
	all, err := s.all(ctx)
	if err != nil {
		return nil, err
	}
	out := []Subscription{}
	for _, sub := range all {
		if sub.Owner == owner {
			out = append(out, sub.Public())
		}
	}
	return out, nil
}

// Delete removes owner's subscription id; deliveries still queued for it
// are dropped.
func (s *Store) Delete(ctx context.Context, owner, id string) error {
	if _, err := s.owned(ctx, owner, id); err != nil {
		return err
	}
	if err := s.rdb.HDel(ctx, keySubs, id).Err(); err != nil {
		return fmt.Errorf("alerts: delete %s: %w", id, err)
	}
	return s.rdb.Del(ctx, keyDigest+id, keyDue+id).Err()
}

// Test queues a sample event to owner's subscription id, right away even
// for a digest, and returns the event's ID.
func (s *Store) Test(ctx context.Context, owner, id string) (string, error) {
	sub, err := s.owned(ctx, owner, id)
	if err != nil {
		return "", err
	}
	ev := Event{ID: "test-" + randomHex(8), Subscription: sub.ID, Kind: sub.Kind, At: s.now().UTC(), Test: true,
		Client: firstOr(sub.Scope(), "sample-client")}
	return ev.ID, s.enqueue(ctx, sub, ev.ID, []Event{ev}, "")
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

func (s *Store) owned(ctx context.Context, owner, id string) (Subscription, error) {
	sub, err := s.get(ctx, id)
	if err == nil && sub.Owner != owner {
		err = ErrNotFound
	}
	return sub, err
}

func (s *Store) get(ctx context.Context, id string) (Subscription, error) {
	b, err := s.rdb.HGet(ctx, keySubs, id).Bytes()
	if errors.Is(err, redis.Nil) {
		return Subscription{}, ErrNotFound
	}
	if err != nil {
		return Subscription{}, fmt.Errorf("alerts: read %s: %w", id, err)
	}
	var sub Subscription
	if err := json.Unmarshal(b, &sub); err != nil {
		return Subscription{}, fmt.Errorf("alerts: decode %s: %w", id, err)
	}
	return sub, nil
}

func (s *Store) all(ctx context.Context) ([]Subscription, error) {
	m, err := s.rdb.HGetAll(ctx, keySubs).Result()
	if err != nil {
		return nil, fmt.Errorf("alerts: read subscriptions: %w", err)
	}
	out := make([]Subscription, 0, len(m))
	for id, v := range m {
		var sub Subscription
		if err := json.Unmarshal([]byte(v), &sub); err != nil {
			s.cfg.Logger.Error("alerts: undecodable subscription", "id", id, "err", err)
			continue
		}
		out = append(out, sub)
	}
	slices.SortFunc(out, func(a, b Subscription) int { return a.Created.Compare(b.Created) })
	return out, nil
}

// putter is what Watch wraps: the index's Put, and Ready, which tells a
// writer whether the index can take records now (the worker's sink asks it
// before analysing).
type putter interface {
	Put(ctx context.Context, rec index.Record) error
	Ready(ctx context.Context) error
}

// watched is an index whose committed documents are queued for matching.
type watched struct {
	putter
	s *Store
}

// Put puts rec, then queues its ID for the next match run.
func (w watched) Put(ctx context.Context, rec index.Record) error {
	if err := w.putter.Put(ctx, rec); err != nil {
		return err
	}
	if err := w.s.rdb.RPush(ctx, keyPending, rec.Document.ID).Err(); err != nil {
		return fmt.Errorf("alerts: queue %q for matching: %w", rec.Document.ID, err)
	}
	return nil
}

// Watch returns ix with every committed document queued for matching
// against the saved searches: one list push per document on the ingest
// path; the matching itself runs in the TypeMatch task.
func (s *Store) Watch(ix putter) putter { return watched{putter: ix, s: s} }

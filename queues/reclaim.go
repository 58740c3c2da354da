package queues

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Lease recovery. Asynq v0.26.0 gives each running task a 30 s lease that
// the running server's heartbeat extends every 5 s, and its recoverer
// takes back expired leases only 30 s after expiry, looking once a minute:
// the tasks of a killed server wait 60 to 120 s. None of that is a
// setting (rdb.LeaseDuration, the heartbeat and recoverer intervals are
// constants), so the Reclaimer does the recoverer's work sooner: a lease
// that has not been extended for Stale (four missed heartbeats by
// default) belongs to a dead server, and its task goes back to pending.
//
// It relies on Asynq v0.26.0's Redis layout (the active list, the lease
// sorted set scored by expiry in Unix seconds, the task hash's state),
// which queues_test checks against Asynq's own Inspector.

// asynqLease is Asynq's lease duration (rdb.LeaseDuration in v0.26.0).
const asynqLease = 30 * time.Second

// DefaultStale is how long a lease may go without extension before
// Reclaim takes its task back: four of Asynq's 5 s heartbeats.
const DefaultStale = 20 * time.Second

// maxReclaims is how often one task is reclaimed before Reclaim leaves it
// to Asynq's recoverer, which counts a retry: a document that kills its
// server every time is archived in the end instead of looping.
const maxReclaims = 3

// reclaimScript moves the tasks of one queue whose lease expires before
// ARGV[1] from active back to pending, unless reclaimed maxReclaims times.
//
// KEYS[1] active list, KEYS[2] lease zset, KEYS[3] pending list;
// ARGV[1] cutoff (Unix s), ARGV[2] task key prefix, ARGV[3] max reclaims.
var reclaimScript = redis.NewScript(`
local n = 0
for _, id in ipairs(redis.call("ZRANGEBYSCORE", KEYS[2], "-inf", ARGV[1])) do
  local key = ARGV[2] .. id
  if tonumber(redis.call("HGET", key, "ckm_reclaims") or "0") < tonumber(ARGV[3])
      and redis.call("LREM", KEYS[1], 0, id) > 0 then
    redis.call("ZREM", KEYS[2], id)
    redis.call("RPUSH", KEYS[3], id)
    redis.call("HSET", key, "state", "pending")
    redis.call("HINCRBY", key, "ckm_reclaims", 1)
    n = n + 1
  end
end
return n`)

// Reclaimer takes back the tasks of dead servers. It is safe for
// concurrent use; several processes may run one.
type Reclaimer struct {
	rdb redis.UniversalClient
}

// NewReclaimer returns a Reclaimer for the Redis that cfg names. Close it.
func NewReclaimer(cfg Config) *Reclaimer { return &Reclaimer{rdb: cfg.redisClient()} }

// Close releases its connections.
func (r *Reclaimer) Close() error { return r.rdb.Close() }

// Reclaim moves back to pending the tasks of the named queues whose lease
// has not been extended for stale (DefaultStale when ≤ 0), and returns how
// many it moved.
func (r *Reclaimer) Reclaim(ctx context.Context, queues []string, stale time.Duration) (int, error) {
	if stale <= 0 {
		stale = DefaultStale
	}
	cutoff := time.Now().Add(asynqLease - stale).Unix()
	total := 0
	for _, q := range queues {
		prefix := "asynq:{" + q + "}:"
		n, err := reclaimScript.Run(ctx, r.rdb, []string{prefix + "active", prefix + "lease", prefix + "pending"},
			cutoff, prefix+"t:", maxReclaims).Int()
		if err != nil {
			return total, fmt.Errorf("queues: reclaim %s: %w", q, err)
		}
		total += n
	}
	return total, nil
}

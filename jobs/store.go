package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/ckmhq/ckm/queues"
	"github.com/redis/go-redis/v9"
)

// Store keeps re-analysis jobs and their progress in Redis. It is safe
// for concurrent use by any number of processes.
type Store struct {
	rdb redis.UniversalClient
}

// NewStore returns a job store on the Redis that cfg names. Close it.
func NewStore(cfg queues.Config) *Store {
	return &Store{rdb: cfg.RedisOpt().MakeRedisClient().(redis.UniversalClient)}
}

// Close releases the store's connections.
func (s *Store) Close() error { return s.rdb.Close() }

const (
	jobKeyPrefix  = "ckm:job:"
	jobLockPrefix = "ckm:joblock:"
	jobIndexKey   = "ckm:jobs"
)

func jobKey(id string) string { return jobKeyPrefix + id }

// Create records a new running job over scope towards version. It fails
// with *RunningError when a job over the same scope is running.
func (s *Store) Create(ctx context.Context, scope Scope, version string) (Job, error) {
	now := time.Now().UTC()
	j := Job{ID: newJobID(now), Scope: scope, Version: version, State: StateRunning, Run: 1, Created: now, Updated: now}
	ok, err := s.rdb.SetNX(ctx, jobLockPrefix+scope.key(), j.ID, 0).Result()
	if err != nil {
		return Job{}, fmt.Errorf("jobs: create job: %w", err)
	}
	if !ok {
		holder, err := s.rdb.Get(ctx, jobLockPrefix+scope.key()).Result()
		if err == nil {
			if other, err := s.Get(ctx, holder); err == nil && other.State == StateRunning {
				return Job{}, &RunningError{ID: holder}
			}
		}
		// The holder ended without releasing the lock: take it over.
		if err := s.rdb.Set(ctx, jobLockPrefix+scope.key(), j.ID, 0).Err(); err != nil {
			return Job{}, fmt.Errorf("jobs: create job: %w", err)
		}
	}
	scopeJSON, _ := json.Marshal(scope)
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, jobKey(j.ID), map[string]any{
			"scope": scopeJSON, "version": version, "state": StateRunning, "run": 1,
			"total": 0, "enqueued": 0, "done": 0, "failed": 0, "skipped": 0, "paged": 0, "cursor": "",
			"created": now.Format(time.RFC3339Nano), "updated": now.Format(time.RFC3339Nano),
		})
		p.ZAdd(ctx, jobIndexKey, redis.Z{Score: float64(now.UnixNano()), Member: j.ID})
		return nil
	})
	if err != nil {
		return Job{}, fmt.Errorf("jobs: create job: %w", err)
	}
	return j, nil
}

func newJobID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "j" + now.Format("20060102T150405") + "-" + hex.EncodeToString(b)
}

// Get returns the job with the given ID, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (Job, error) {
	m, err := s.rdb.HGetAll(ctx, jobKey(id)).Result()
	if err != nil {
		return Job{}, fmt.Errorf("jobs: job %q: %w", id, err)
	}
	if len(m) == 0 {
		return Job{}, fmt.Errorf("jobs: job %q: %w", id, ErrNotFound)
	}
	return decodeJob(id, m)
}

func decodeJob(id string, m map[string]string) (Job, error) {
	j := Job{ID: id, Version: m["version"], State: m["state"], Cursor: m["cursor"], Paged: m["paged"] == "1"}
	if err := json.Unmarshal([]byte(m["scope"]), &j.Scope); err != nil {
		return Job{}, fmt.Errorf("jobs: job %q: scope: %w", id, err)
	}
	ints := map[string]*int64{"total": &j.Total, "enqueued": &j.Enqueued, "done": &j.Done, "failed": &j.Failed, "skipped": &j.Skipped}
	for k, p := range ints {
		*p, _ = strconv.ParseInt(m[k], 10, 64)
	}
	j.Run, _ = strconv.Atoi(m["run"])
	j.Created, _ = time.Parse(time.RFC3339Nano, m["created"])
	j.Updated, _ = time.Parse(time.RFC3339Nano, m["updated"])
	j.Finished, _ = time.Parse(time.RFC3339Nano, m["finished"])
	return j, nil
}

// List returns the most recent jobs, newest first.
func (s *Store) List(ctx context.Context, limit int) ([]Job, error) {
	ids, err := s.rdb.ZRevRange(ctx, jobIndexKey, 0, int64(max(limit, 1))-1).Result()
	if err != nil {
		return nil, fmt.Errorf("jobs: list jobs: %w", err)
	}
	jobs := make([]Job, 0, len(ids))
	for _, id := range ids {
		j, err := s.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, j)
	}
	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].Created.After(jobs[b].Created) })
	return jobs, nil
}

// SavePage records that a page up to cursor was enqueued: enqueued new
// tasks, total the size of the scope, last whether it was the final page.
func (s *Store) SavePage(ctx context.Context, id, cursor string, enqueued int, total int64, last bool) error {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HIncrBy(ctx, jobKey(id), "enqueued", int64(enqueued))
		fields := map[string]any{"cursor": cursor, "updated": now}
		if last {
			fields["paged"] = 1
		}
		p.HSet(ctx, jobKey(id), fields)
		p.HSetNX(ctx, jobKey(id), "total", total)
		return nil
	})
	if err != nil {
		return fmt.Errorf("jobs: job %q: save page: %w", id, err)
	}
	if total > 0 {
		// The first page knows the scope's size; later ones see fewer
		// matches as documents reach the target version.
		s.rdb.Eval(ctx, `if tonumber(redis.call('HGET', KEYS[1], 'total')) == 0 then redis.call('HSET', KEYS[1], 'total', ARGV[1]) end return 1`, []string{jobKey(id)}, total)
	}
	return s.finishIfComplete(ctx, id)
}

// Count counts one document's outcome in run ref of its job and ends the
// job when it was the last. task names the try (its Asynq task ID): a
// task delivered again after its outcome was counted, as Asynq may after
// a crash or a lost acknowledgement, is not counted twice. An empty task
// is always counted. Outcomes of an older run, or of a job no longer
// running or cancelled, are dropped.
func (s *Store) Count(ctx context.Context, ref queues.JobRef, task string, o Outcome) error {
	err := countScript.Run(ctx, s.rdb, []string{jobKey(ref.Job), countedKey(ref)}, string(o), task, ref.Run).Err()
	if err != nil {
		return fmt.Errorf("jobs: job %q: record %s: %w", ref.Job, o, err)
	}
	return s.finishIfComplete(ctx, ref.Job)
}

// countedKey names the set of tasks whose outcome run ref has counted.
func countedKey(ref queues.JobRef) string {
	return jobKey(ref.Job) + ":counted:" + strconv.Itoa(ref.Run)
}

// countScript adds one to an outcome of a running or cancelled job's
// current run, once per task.
var countScript = redis.NewScript(`
local j = redis.call('HMGET', KEYS[1], 'state', 'run')
if j[1] ~= 'running' and j[1] ~= 'cancelled' then return 0 end
if ARGV[3] ~= '0' and j[2] ~= ARGV[3] then return 0 end
if ARGV[2] ~= '' and redis.call('SADD', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return 1`)

// finishScript marks a running, fully paged job done once every enqueued
// document has an outcome, releases its scope lock and forgets which tasks
// it counted. It returns 1 when it finished the job.
var finishScript = redis.NewScript(`
local j = redis.call('HMGET', KEYS[1], 'state', 'paged', 'enqueued', 'done', 'failed', 'skipped')
if j[1] ~= 'running' or j[2] ~= '1' then return 0 end
if tonumber(j[4]) + tonumber(j[5]) + tonumber(j[6]) < tonumber(j[3]) then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'finished', ARGV[1], 'updated', ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
redis.call('DEL', KEYS[3])
return 1`)

func (s *Store) finishIfComplete(ctx context.Context, id string) error {
	j, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if err := finishScript.Run(ctx, s.rdb, []string{jobKey(id), jobLockPrefix + j.Scope.key(), countedKey(queues.JobRef{Job: id, Run: j.Run})}, now, id).Err(); err != nil {
		return fmt.Errorf("jobs: job %q: finish: %w", id, err)
	}
	return nil
}

// Cancel stops a running job: no more pages are enqueued and documents
// still queued are skipped. It releases the scope for another job.
func (s *Store) Cancel(ctx context.Context, id string) (Job, error) {
	j, err := s.Get(ctx, id)
	if err != nil {
		return Job{}, err
	}
	if j.State != StateRunning {
		return j, nil
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if err := s.rdb.HSet(ctx, jobKey(id), "state", StateCancelled, "updated", now, "finished", now).Err(); err != nil {
		return Job{}, fmt.Errorf("jobs: cancel job %q: %w", id, err)
	}
	s.rdb.Eval(ctx, `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, []string{jobLockPrefix + j.Scope.key()}, id)
	return s.Get(ctx, id)
}

// Resume starts a cancelled job again as a new run: paging starts over
// (documents already at the target version are passed over unless the
// scope forces), and the counts of documents not processed are cleared.
func (s *Store) Resume(ctx context.Context, id string) (Job, error) {
	j, err := s.Get(ctx, id)
	if err != nil {
		return Job{}, err
	}
	if j.State != StateCancelled {
		return j, fmt.Errorf("jobs: resume job %q: it is %s, not cancelled", id, j.State)
	}
	ok, err := s.rdb.SetNX(ctx, jobLockPrefix+j.Scope.key(), id, 0).Result()
	if err != nil {
		return Job{}, fmt.Errorf("jobs: resume job %q: %w", id, err)
	}
	if !ok {
		holder, _ := s.rdb.Get(ctx, jobLockPrefix+j.Scope.key()).Result()
		return Job{}, &RunningError{ID: holder}
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	err = s.rdb.HSet(ctx, jobKey(id), "state", StateRunning, "run", j.Run+1, "paged", 0, "cursor", "",
		"enqueued", j.Done+j.Failed, "skipped", 0, "updated", now, "finished", "").Err()
	if err != nil {
		return Job{}, fmt.Errorf("jobs: resume job %q: %w", id, err)
	}
	if err := s.rdb.Del(ctx, countedKey(queues.JobRef{Job: id, Run: j.Run})).Err(); err != nil {
		return Job{}, fmt.Errorf("jobs: resume job %q: %w", id, err)
	}
	return s.Get(ctx, id)
}

package queues

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

	"github.com/redis/go-redis/v9"
)

// Job states.
const (
	JobRunning   = "running"
	JobDone      = "done"
	JobCancelled = "cancelled"
)

// ErrJobNotFound is returned for an unknown job ID.
var ErrJobNotFound = errors.New("job not found")

// JobRunningError says a job over the same scope is already running.
type JobRunningError struct{ ID string }

func (e *JobRunningError) Error() string {
	return fmt.Sprintf("a re-analysis job over the same scope is already running: %s", e.ID)
}

// Scope is the part of the history a re-analysis job covers. The zero
// value is everything.
type Scope struct {
	Client string    `json:"client,omitempty"`
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	// Force re-analyses documents already at the target version.
	Force bool `json:"force,omitempty"`
}

func (s Scope) key() string {
	return fmt.Sprintf("%s|%d|%d|%t", s.Client, unixOrZero(s.Since), unixOrZero(s.Until), s.Force)
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

// Job is a re-analysis job and its progress. Total is how many documents
// the scope held when paging started; Enqueued how many were sent for
// analysis; Done, Failed and Skipped (cancelled before they ran) add up to
// Enqueued once the job has ended.
type Job struct {
	ID       string    `json:"id"`
	Scope    Scope     `json:"scope"`
	Version  string    `json:"version"` // the nlp.Version the job brings documents to
	State    string    `json:"state"`
	Run      int       `json:"run"` // 1, and one more at each resume
	Total    int64     `json:"total"`
	Enqueued int64     `json:"enqueued"`
	Done     int64     `json:"done"`
	Failed   int64     `json:"failed"`
	Skipped  int64     `json:"skipped"`
	Paged    bool      `json:"paged"`  // every page of the scope has been enqueued
	Cursor   string    `json:"cursor"` // the last document ID paged
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Finished time.Time `json:"finished,omitzero"`
}

// Remaining is how many documents are still to be processed.
func (j Job) Remaining() int64 {
	r := max(j.Total, j.Enqueued) - j.Done - j.Failed - j.Skipped
	return max(r, 0)
}

// Rate is the documents processed per second since the job started.
func (j Job) Rate(now time.Time) float64 {
	end := now
	if !j.Finished.IsZero() {
		end = j.Finished
	}
	secs := end.Sub(j.Created).Seconds()
	if secs <= 0 {
		return 0
	}
	return float64(j.Done+j.Failed) / secs
}

// ETA is the time left at the current rate, or 0 when unknown or done.
func (j Job) ETA(now time.Time) time.Duration {
	rate := j.Rate(now)
	if rate == 0 || j.State != JobRunning {
		return 0
	}
	return time.Duration(float64(j.Remaining()) / rate * float64(time.Second))
}

// Jobs stores re-analysis jobs in Redis. It is safe for concurrent use by
// any number of processes.
type Jobs struct {
	rdb redis.UniversalClient
}

// NewJobs returns a job store on the Redis that cfg names. Close it.
func NewJobs(cfg Config) *Jobs {
	return &Jobs{rdb: cfg.redisClient()}
}

// Close releases the store's connections.
func (s *Jobs) Close() error { return s.rdb.Close() }

const (
	jobKeyPrefix  = "ckm:job:"
	jobLockPrefix = "ckm:joblock:"
	jobIndexKey   = "ckm:jobs"
)

func jobKey(id string) string { return jobKeyPrefix + id }

// Create records a new running job over scope towards version. It fails
// with *JobRunningError when a job over the same scope is running.
func (s *Jobs) Create(ctx context.Context, scope Scope, version string) (Job, error) {
	now := time.Now().UTC()
	j := Job{ID: newJobID(now), Scope: scope, Version: version, State: JobRunning, Run: 1, Created: now, Updated: now}
	ok, err := s.rdb.SetNX(ctx, jobLockPrefix+scope.key(), j.ID, 0).Result()
	if err != nil {
		return Job{}, fmt.Errorf("queues: create job: %w", err)
	}
	if !ok {
		holder, err := s.rdb.Get(ctx, jobLockPrefix+scope.key()).Result()
		if err == nil {
			if other, err := s.Get(ctx, holder); err == nil && other.State == JobRunning {
				return Job{}, &JobRunningError{ID: holder}
			}
		}
		// The holder ended without releasing the lock: take it over.
		if err := s.rdb.Set(ctx, jobLockPrefix+scope.key(), j.ID, 0).Err(); err != nil {
			return Job{}, fmt.Errorf("queues: create job: %w", err)
		}
	}
	scopeJSON, _ := json.Marshal(scope)
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HSet(ctx, jobKey(j.ID), map[string]any{
			"scope": scopeJSON, "version": version, "state": JobRunning, "run": 1,
			"total": 0, "enqueued": 0, "done": 0, "failed": 0, "skipped": 0, "paged": 0, "cursor": "",
			"created": now.Format(time.RFC3339Nano), "updated": now.Format(time.RFC3339Nano),
		})
		p.ZAdd(ctx, jobIndexKey, redis.Z{Score: float64(now.UnixNano()), Member: j.ID})
		return nil
	})
	if err != nil {
		return Job{}, fmt.Errorf("queues: create job: %w", err)
	}
	return j, nil
}

func newJobID(now time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "j" + now.Format("20060102T150405") + "-" + hex.EncodeToString(b)
}

// Get returns the job with the given ID, or ErrJobNotFound.
func (s *Jobs) Get(ctx context.Context, id string) (Job, error) {
	m, err := s.rdb.HGetAll(ctx, jobKey(id)).Result()
	if err != nil {
		return Job{}, fmt.Errorf("queues: job %q: %w", id, err)
	}
	if len(m) == 0 {
		return Job{}, fmt.Errorf("queues: job %q: %w", id, ErrJobNotFound)
	}
	return decodeJob(id, m)
}

func decodeJob(id string, m map[string]string) (Job, error) {
	j := Job{ID: id, Version: m["version"], State: m["state"], Cursor: m["cursor"], Paged: m["paged"] == "1"}
	if err := json.Unmarshal([]byte(m["scope"]), &j.Scope); err != nil {
		return Job{}, fmt.Errorf("queues: job %q: scope: %w", id, err)
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
func (s *Jobs) List(ctx context.Context, limit int) ([]Job, error) {
	ids, err := s.rdb.ZRevRange(ctx, jobIndexKey, 0, int64(max(limit, 1))-1).Result()
	if err != nil {
		return nil, fmt.Errorf("queues: list jobs: %w", err)
	}
	jobs := make([]Job, 0, len(ids))
	for _, id := range ids {
		j, err := s.Get(ctx, id)
		if errors.Is(err, ErrJobNotFound) {
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
func (s *Jobs) SavePage(ctx context.Context, id, cursor string, enqueued int, total int64, last bool) error {
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
		return fmt.Errorf("queues: job %q: save page: %w", id, err)
	}
	if total > 0 {
		// The first page knows the scope's size; later ones see fewer
		// matches as documents reach the target version.
		s.rdb.Eval(ctx, `if tonumber(redis.call('HGET', KEYS[1], 'total')) == 0 then redis.call('HSET', KEYS[1], 'total', ARGV[1]) end return 1`, []string{jobKey(id)}, total)
	}
	return s.finishIfComplete(ctx, id)
}

// Outcome is what became of one document of a job.
type Outcome string

// The outcomes of a job's document.
const (
	OutcomeDone    Outcome = "done"
	OutcomeFailed  Outcome = "failed"
	OutcomeSkipped Outcome = "skipped"
)

// Record counts one document's outcome and ends the job when it was the
// last.
func (s *Jobs) Record(ctx context.Context, id string, o Outcome) error {
	if err := s.rdb.HIncrBy(ctx, jobKey(id), string(o), 1).Err(); err != nil {
		return fmt.Errorf("queues: job %q: record %s: %w", id, o, err)
	}
	return s.finishIfComplete(ctx, id)
}

// finishScript marks a running, fully paged job done once every enqueued
// document has an outcome, and releases its scope lock. It returns 1 when
// it finished the job.
var finishScript = redis.NewScript(`
local j = redis.call('HMGET', KEYS[1], 'state', 'paged', 'enqueued', 'done', 'failed', 'skipped')
if j[1] ~= 'running' or j[2] ~= '1' then return 0 end
if tonumber(j[4]) + tonumber(j[5]) + tonumber(j[6]) < tonumber(j[3]) then return 0 end
redis.call('HSET', KEYS[1], 'state', 'done', 'finished', ARGV[1], 'updated', ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 1`)

func (s *Jobs) finishIfComplete(ctx context.Context, id string) error {
	j, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if err := finishScript.Run(ctx, s.rdb, []string{jobKey(id), jobLockPrefix + j.Scope.key()}, now, id).Err(); err != nil {
		return fmt.Errorf("queues: job %q: finish: %w", id, err)
	}
	return nil
}

// Cancel stops a running job: no more pages are enqueued and documents
// still queued are skipped. It releases the scope for another job.
func (s *Jobs) Cancel(ctx context.Context, id string) (Job, error) {
	j, err := s.Get(ctx, id)
	if err != nil {
		return Job{}, err
	}
	if j.State != JobRunning {
		return j, nil
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if err := s.rdb.HSet(ctx, jobKey(id), "state", JobCancelled, "updated", now, "finished", now).Err(); err != nil {
		return Job{}, fmt.Errorf("queues: cancel job %q: %w", id, err)
	}
	s.rdb.Eval(ctx, `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, []string{jobLockPrefix + j.Scope.key()}, id)
	return s.Get(ctx, id)
}

// Resume starts a cancelled job again as a new run: paging starts over
// (documents already at the target version are passed over unless the
// scope forces), and the counts of documents not processed are cleared.
func (s *Jobs) Resume(ctx context.Context, id string) (Job, error) {
	j, err := s.Get(ctx, id)
	if err != nil {
		return Job{}, err
	}
	if j.State != JobCancelled {
		return j, fmt.Errorf("queues: resume job %q: it is %s, not cancelled", id, j.State)
	}
	ok, err := s.rdb.SetNX(ctx, jobLockPrefix+j.Scope.key(), id, 0).Result()
	if err != nil {
		return Job{}, fmt.Errorf("queues: resume job %q: %w", id, err)
	}
	if !ok {
		holder, _ := s.rdb.Get(ctx, jobLockPrefix+j.Scope.key()).Result()
		return Job{}, &JobRunningError{ID: holder}
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	err = s.rdb.HSet(ctx, jobKey(id), "state", JobRunning, "run", j.Run+1, "paged", 0, "cursor", "",
		"enqueued", j.Done+j.Failed, "skipped", 0, "updated", now, "finished", "").Err()
	if err != nil {
		return Job{}, fmt.Errorf("queues: resume job %q: %w", id, err)
	}
	return s.Get(ctx, id)
}

package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/alerts"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/redisserver"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// AlertsCost is what saved searches add to ingest: the same documents
// ingested in two arms, each with its own Redis, index and alert store,
// one without saved searches and one with Queries of them; each batch of
// Batch documents is analysed and indexed (16 at a time, as the worker
// does), then matched (alerts.Store.Match) and its deliveries posted to a
// local webhook, in both arms, the arms taking turns to go first.
type AlertsCost struct {
	Docs, Queries, Batch int
	Without, With        AlertsArm
	// Events and Deliveries are what the arm with saved searches sent.
	Events, Deliveries int
}

// AlertsArm is one arm's cost over all its batches. CPU is this
// process's CPU time (user and system) and both Redis servers'.
type AlertsArm struct {
	// IngestCPU is the CPU of analysing and indexing, up to the end of
	// the index's merges after each batch; MatchCPU that of the match
	// runs and their deliveries, which start after those merges.
	IngestCPU, MatchCPU time.Duration
	// Wall is the arm's elapsed time without the waits for merges; Match
	// the part spent matching and delivering.
	Wall, Match time.Duration
}

// CPU is the arm's CPU time.
func (a AlertsArm) CPU() time.Duration { return a.IngestCPU + a.MatchCPU }

// CPURatio is the With arm's CPU over the Without arm's.
func (c AlertsCost) CPURatio() float64 { return float64(c.With.CPU()) / float64(c.Without.CPU()) }

// MatchShare is the With arm's matching and delivering CPU, less the
// Without arm's (a garbage collection and the pollers, which both pay),
// over the ingest CPU of the same documents (the mean of both arms',
// which differ by the index's merges): what the saved searches add to
// ingest.
func (c AlertsCost) MatchShare() float64 {
	return float64(c.With.MatchCPU-c.Without.MatchCPU) / (float64(c.With.IngestCPU+c.Without.IngestCPU) / 2)
}

// RateRatio is the With arm's documents per second over the Without
// arm's (wall clock).
func (c AlertsCost) RateRatio() float64 { return float64(c.Without.Wall) / float64(c.With.Wall) }

// AlertWords are the words of the saved searches of MeasureAlerts: common
// in support text, in English and Portuguese.
var AlertWords = []string{"app", "account", "card", "payment", "login", "update", "error", "crash", "feature", "export",
	"report", "transfer", "refund", "support", "password", "issue", "cartão", "conta", "pagamento", "atendimento",
	"reembolso", "produto", "entrega", "cobrança"}

// alertFilters are the filters some saved searches add.
var alertFilters = []string{"cue:pain", "cue:churn-risk", "cue:competitor", "kind:implied", "kind:explicit", "lang:pt", "lang:en", "source:ticket"}

// AlertQuery is a random saved search: two words of AlertWords, sometimes
// with a filter, an exclusion or an alternative.
func AlertQuery(rng *rand.Rand) string {
	w := func() string { return AlertWords[rng.IntN(len(AlertWords))] }
	parts := []string{w(), w()}
	switch rng.IntN(4) {
	case 0:
		parts = append(parts, "OR", w())
	case 1:
		parts = append(parts, alertFilters[rng.IntN(len(alertFilters))])
	case 2:
		parts = append(parts, "-"+w())
	}
	return strings.Join(parts, " ")
}

// MeasureAlerts measures AlertsCost over docs with queries saved searches
// (AlertQuery), nine in ten scoped to one of docs' ten largest clients,
// the rest to every client, in batches of batch documents. Its files go
// under dir.
func MeasureAlerts(ctx context.Context, dir string, docs []ckm.Document, queries, batch int) (AlertsCost, error) {
	c := AlertsCost{Docs: len(docs), Queries: queries, Batch: batch}
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		return c, fmt.Errorf("bench: alerts: %w", err)
	}
	var events, deliveries atomic.Int64
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b alerts.Body
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		events.Add(int64(len(b.Events)))
		deliveries.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	var arms [2]*alertArm
	for i := range arms {
		arm, err := startAlertArm(ctx, filepath.Join(dir, fmt.Sprint("arm", i)))
		if arm != nil {
			defer arm.close()
		}
		if err != nil {
			return c, err
		}
		arms[i] = arm
	}
	if err := arms[1].subscribe(ctx, queries, TopClients(docs, 10), hook.URL); err != nil {
		return c, err
	}
	costs := [2]*AlertsArm{&c.Without, &c.With}
	for n := 0; n*batch < len(docs); n++ {
		part := docs[n*batch : min((n+1)*batch, len(docs))]
		for k := range 2 {
			i := (n + k) % 2 // take turns to go first
			if err := arms[i].batch(ctx, an, part, costs[i], arms); err != nil {
				return c, err
			}
		}
	}
	c.Events, c.Deliveries = int(events.Load()), int(deliveries.Load())
	return c, nil
}

// alertArm is one arm of MeasureAlerts: a Redis, an index, an alert
// store and an Asynq server delivering its alerts.
type alertArm struct {
	rdb       *redis.Client
	ix        *index.Index
	store     *alerts.Store
	srv       *asynq.Server
	insp      *asynq.Inspector
	stopRedis func()
	dir       string // of the index
}

func startAlertArm(ctx context.Context, dir string) (*alertArm, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: alerts: %w", err)
	}
	addr, stop, err := redisserver.Start(dir, nil)
	if err != nil {
		return nil, fmt.Errorf("bench: alerts: %w", err)
	}
	a := &alertArm{stopRedis: stop, rdb: redis.NewClient(&redis.Options{Addr: addr}), dir: filepath.Join(dir, "index")}
	if a.ix, err = index.Open(ctx, index.Config{Path: a.dir}); err != nil {
		return a, fmt.Errorf("bench: alerts: %w", err)
	}
	rc := queues.Config{RedisAddr: addr}
	a.store = alerts.New(rc, alerts.Config{AllowPrivate: true, MatchBatch: 1 << 20})
	a.insp = asynq.NewInspector(rc.RedisOpt())
	a.srv = asynq.NewServer(rc.RedisOpt(), asynq.Config{Concurrency: 4, Queues: map[string]int{queues.QueueIndex: 1},
		TaskCheckInterval: 20 * time.Millisecond, LogLevel: asynq.FatalLevel, ShutdownTimeout: time.Second})
	mux := asynq.NewServeMux()
	for typ, h := range a.store.Handlers(a.ix) {
		mux.Handle(typ, h)
	}
	if err := a.srv.Start(mux); err != nil {
		return a, fmt.Errorf("bench: alerts: %w", err)
	}
	return a, nil
}

// subscribe saves n saved searches delivered to url.
func (a *alertArm) subscribe(ctx context.Context, n int, clients []string, url string) error {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range n {
		sub := alerts.Subscription{Owner: "bench", Kind: alerts.KindQuery, Query: AlertQuery(rng), URL: url}
		if i%10 != 0 && len(clients) > 0 {
			sub.Clients = []string{clients[i%len(clients)]}
		}
		if _, err := a.store.Create(ctx, sub); err != nil {
			return fmt.Errorf("bench: alerts: %w", err)
		}
	}
	return nil
}

// batch ingests docs through the store's watch, waits for the index's
// merges (until its files have been still for a second, so that each arm
// pays for its own), matches them, waits for the deliveries, and adds the
// time taken to cost. CPU counts both arms' Redis servers, whose pollers
// run throughout.
func (a *alertArm) batch(ctx context.Context, an *nlp.Analyzer, docs []ckm.Document, cost *AlertsArm, arms [2]*alertArm) error {
	cpu0, err := cpuNow(ctx, arms)
	if err != nil {
		return err
	}
	t0 := time.Now()
	put := a.store.Watch(a.ix)
	var mu sync.Mutex
	var first error
	Parallel(len(docs), 16, func(i int) {
		err := func() error {
			res, err := an.Analyze(ctx, docs[i])
			if err != nil {
				return err
			}
			res.Tokens = nil
			return put.Put(ctx, worker.NewRecord(docs[i], res, docs[i].ContentHash(), time.Now()))
		}()
		mu.Lock()
		defer mu.Unlock()
		if first == nil && err != nil {
			first = fmt.Errorf("bench: alerts: %s: %w", docs[i].ID, err)
		}
	})
	if first != nil {
		return first
	}
	cost.Wall += time.Since(t0)
	settle(a.dir, time.Second, 30*time.Second)
	runtime.GC() // the batch's garbage is ingest's
	cpu1, err := cpuNow(ctx, arms)
	if err != nil {
		return err
	}
	t1 := time.Now()
	if err := a.store.Match(ctx, a.ix); err != nil {
		return fmt.Errorf("bench: alerts: %w", err)
	}
	if err := a.drain(ctx); err != nil {
		return err
	}
	cost.Wall += time.Since(t1)
	cost.Match += time.Since(t1)
	runtime.GC() // and the match run's its own
	cpu2, err := cpuNow(ctx, arms)
	cost.IngestCPU += cpu1 - cpu0
	cost.MatchCPU += cpu2 - cpu1
	return err
}

// drain waits until the arm's deliveries are all done.
func (a *alertArm) drain(ctx context.Context) error {
	for {
		names, err := a.insp.Queues()
		if err != nil {
			return fmt.Errorf("bench: alerts: %w", err)
		}
		if !slices.Contains(names, queues.QueueIndex) {
			return nil // nothing was ever queued
		}
		q, err := a.insp.GetQueueInfo(queues.QueueIndex)
		if err != nil {
			return fmt.Errorf("bench: alerts: %w", err)
		}
		if q.Pending+q.Active+q.Retry+q.Scheduled == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (a *alertArm) close() {
	if a.srv != nil {
		a.srv.Shutdown()
	}
	if a.insp != nil {
		a.insp.Close()
	}
	if a.store != nil {
		a.store.Close()
	}
	if a.ix != nil {
		a.ix.Close()
	}
	a.rdb.Close()
	a.stopRedis()
}

// cpuNow is this process's CPU time and the Redis servers'.
func cpuNow(ctx context.Context, arms [2]*alertArm) (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("bench: alerts: getrusage: %w", err)
	}
	total := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	for _, a := range arms {
		d, err := redisCPU(ctx, a.rdb)
		if err != nil {
			return 0, err
		}
		total += d
	}
	return total, nil
}

// redisCPU is a Redis server's CPU time (INFO cpu: used_cpu_sys and
// used_cpu_user).
func redisCPU(ctx context.Context, rdb *redis.Client) (time.Duration, error) {
	info, err := rdb.Info(ctx, "cpu").Result()
	if err != nil {
		return 0, fmt.Errorf("bench: alerts: redis cpu: %w", err)
	}
	var total float64
	for line := range strings.SplitSeq(info, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
		if ok && (k == "used_cpu_sys" || k == "used_cpu_user") {
			var s float64
			if _, err := fmt.Sscan(v, &s); err == nil {
				total += s
			}
		}
	}
	return time.Duration(total * float64(time.Second)), nil
}

package queues_test

import (
	"context"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

// dequeueAsDeadServer does what Asynq v0.26.0's dequeue script does (the
// task to active, its lease expiring at leaseEnd) and then nothing, as a
// server killed mid-task leaves it.
func dequeueAsDeadServer(t *testing.T, rdb *redis.Client, queue string, leaseEnd time.Time) string {
	t.Helper()
	ctx := context.Background()
	p := "asynq:{" + queue + "}:"
	id, err := rdb.RPopLPush(ctx, p+"pending", p+"active").Result()
	if err != nil {
		t.Fatal(err)
	}
	rdb.HSet(ctx, p+"t:"+id, "state", "active")
	rdb.HDel(ctx, p+"t:"+id, "pending_since")
	rdb.ZAdd(ctx, p+"lease", redis.Z{Score: float64(leaseEnd.Unix()), Member: id})
	return id
}

func TestReclaim(t *testing.T) {
	addr := testutil.Redis(t)
	rc := queues.Config{RedisAddr: addr}
	c, err := queues.NewClient(rc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	insp := asynq.NewInspector(rc.RedisOpt())
	defer insp.Close()
	r := queues.NewReclaimer(rc)
	defer r.Close()
	ctx := context.Background()

	tests := []struct {
		name      string
		leaseEnd  time.Duration // from now; Asynq extends to now+30s every 5s
		reclaims  int           // times the task was reclaimed before
		want      int
		wantState asynq.TaskState
	}{
		{name: "live server's lease", leaseEnd: 28 * time.Second, want: 0, wantState: asynq.TaskStateActive},
		{name: "two heartbeats missed", leaseEnd: 20 * time.Second, want: 0, wantState: asynq.TaskStateActive},
		{name: "five heartbeats missed", leaseEnd: 5 * time.Second, want: 1, wantState: asynq.TaskStatePending},
		{name: "expired", leaseEnd: -5 * time.Second, want: 1, wantState: asynq.TaskStatePending},
		{name: "reclaimed too often: left to Asynq", leaseEnd: 5 * time.Second, reclaims: 3, want: 0, wantState: asynq.TaskStateActive},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := c.Enqueue(ctx, ckm.Document{ID: "r" + string(rune('a'+i)), Client: "acme", Text: "We need SSO."})
			if err != nil {
				t.Fatal(err)
			}
			id := dequeueAsDeadServer(t, rdb, e.Queue, time.Now().Add(tc.leaseEnd))
			if tc.reclaims > 0 {
				rdb.HSet(ctx, "asynq:{"+e.Queue+"}:t:"+id, "ckm_reclaims", tc.reclaims)
			}
			if info, err := insp.GetTaskInfo(e.Queue, id); err != nil || info.State != asynq.TaskStateActive {
				t.Fatalf("Asynq does not see the dequeued task as active: %v %v", info, err)
			}
			n, err := r.Reclaim(ctx, []string{queues.QueueDefault}, queues.DefaultStale)
			if err != nil || n != tc.want {
				t.Fatalf("Reclaim = %d, %v; want %d", n, err, tc.want)
			}
			info, err := insp.GetTaskInfo(e.Queue, id)
			if err != nil || info.State != tc.wantState {
				t.Errorf("task state %v (%v), want %v", info.State, err, tc.wantState)
			}
			// Leave nothing active for the next case.
			p := "asynq:{" + e.Queue + "}:"
			rdb.LRem(ctx, p+"active", 0, id)
			rdb.ZRem(ctx, p+"lease", id)
			rdb.LRem(ctx, p+"pending", 0, id)
		})
	}
}

// TestReclaimedTaskRuns checks that a reclaimed task is one a real Asynq
// server takes and completes.
func TestReclaimedTaskRuns(t *testing.T) {
	addr := testutil.Redis(t)
	rc := queues.Config{RedisAddr: addr}
	c, err := queues.NewClient(rc)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rdb := redis.NewClient(&redis.Options{Addr: addr})
	defer rdb.Close()
	r := queues.NewReclaimer(rc)
	defer r.Close()
	ctx := context.Background()
	e, err := c.Enqueue(ctx, ckm.Document{ID: "run-1", Client: "acme", Text: "We need SSO."})
	if err != nil {
		t.Fatal(err)
	}
	dequeueAsDeadServer(t, rdb, e.Queue, time.Now())
	if n, err := r.Reclaim(ctx, []string{e.Queue}, 0); n != 1 || err != nil {
		t.Fatalf("Reclaim = %d, %v; want 1", n, err)
	}
	ran := make(chan string, 1)
	srv := asynq.NewServer(rc.RedisOpt(), asynq.Config{Concurrency: 1, Queues: map[string]int{e.Queue: 1}, TaskCheckInterval: 10 * time.Millisecond, LogLevel: asynq.FatalLevel})
	mux := asynq.NewServeMux()
	mux.HandleFunc(queues.TypeAnalyze, func(ctx context.Context, t *asynq.Task) error {
		p, err := queues.ParseAnalyze(t)
		ran <- p.Document.ID
		return err
	})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	select {
	case id := <-ran:
		if id != "run-1" {
			t.Errorf("ran %q, want run-1", id)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the reclaimed task did not run")
	}
	wctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if res, err := c.Wait(wctx, []queues.Enqueued{e}, 20*time.Millisecond); err != nil || res.Done != 1 {
		t.Errorf("after the run: %+v %v; want done", res, err)
	}
}

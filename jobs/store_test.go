package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/queues"
)

func newStore(t *testing.T) *jobs.Store {
	t.Helper()
	return newStoreAt(t, queues.Config{RedisAddr: testutil.Redis(t)})
}

func newStoreAt(t *testing.T, cfg queues.Config) *jobs.Store {
	t.Helper()
	s := jobs.NewStore(cfg)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestJobLifecycle(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	scope := jobs.Scope{Client: "globex"}
	j, err := store.Create(ctx, scope, "v2")
	if err != nil {
		t.Fatal(err)
	}
	if j.State != jobs.StateRunning || j.Run != 1 || j.Version != "v2" {
		t.Fatalf("created %+v", j)
	}

	// The same scope cannot run twice at once; another scope can.
	var running *jobs.RunningError
	if _, err := store.Create(ctx, scope, "v2"); !errors.As(err, &running) || running.ID != j.ID {
		t.Fatalf("second job over the same scope: %v, want RunningError naming %s", err, j.ID)
	}
	other, err := store.Create(ctx, jobs.Scope{Client: "initech"}, "v2")
	if err != nil {
		t.Fatalf("job over another scope: %v", err)
	}

	// Two pages of 3 and 2 documents; the job ends when all 5 have an
	// outcome, not before.
	if err := store.SavePage(ctx, j.ID, "d3", 3, 5, false); err != nil {
		t.Fatal(err)
	}
	ref := queues.JobRef{Job: j.ID, Run: j.Run}
	for i, o := range []jobs.Outcome{jobs.OutcomeDone, jobs.OutcomeDone, jobs.OutcomeFailed} {
		if err := store.Count(ctx, ref, fmt.Sprint("t", i), o); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := store.Get(ctx, j.ID); got.State != jobs.StateRunning || got.Remaining() != 2 {
		t.Fatalf("after the first page: %+v (remaining %d), want running with 2 remaining", got, got.Remaining())
	}
	if err := store.SavePage(ctx, j.ID, "d5", 2, 2, true); err != nil {
		t.Fatal(err)
	}
	store.Count(ctx, ref, "t3", jobs.OutcomeDone)
	store.Count(ctx, ref, "t4", jobs.OutcomeSkipped)
	got, err := store.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != jobs.StateDone || got.Done != 3 || got.Failed != 1 || got.Skipped != 1 || got.Total != 5 || got.Finished.IsZero() {
		t.Fatalf("finished job = %+v", got)
	}
	// Done, it released its scope.
	if _, err := store.Create(ctx, scope, "v3"); err != nil {
		t.Fatalf("new job after the first ended: %v", err)
	}

	// Cancel releases the scope; resume takes it again as run 2.
	if c, err := store.Cancel(ctx, other.ID); err != nil || c.State != jobs.StateCancelled {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	blocker, err := store.Create(ctx, jobs.Scope{Client: "initech"}, "v2")
	if err != nil {
		t.Fatalf("job over a cancelled job's scope: %v", err)
	}
	if _, err := store.Resume(ctx, other.ID); !errors.As(err, &running) || running.ID != blocker.ID {
		t.Fatalf("resume while another job holds the scope: %v", err)
	}
	store.Cancel(ctx, blocker.ID)
	r, err := store.Resume(ctx, other.ID)
	if err != nil || r.State != jobs.StateRunning || r.Run != 2 {
		t.Fatalf("resume: %+v, %v", r, err)
	}
	if _, err := store.Get(ctx, "nope"); !errors.Is(err, jobs.ErrNotFound) {
		t.Errorf("unknown job: %v", err)
	}
	list, err := store.List(ctx, 10)
	if err != nil || len(list) != 4 {
		t.Errorf("list: %d jobs, %v; want 4", len(list), err)
	}
}

// TestCountOncePerTask shows that a task delivered again after its
// outcome was counted (Asynq redelivers after a crash or a lost
// acknowledgement) is not counted twice, and that an older run's late
// outcome does not count towards the current run.
func TestCountOncePerTask(t *testing.T) {
	ctx := context.Background()
	store := newStore(t)
	j, err := store.Create(ctx, jobs.Scope{Client: "globex"}, "v2")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SavePage(ctx, j.ID, "d3", 3, 3, false); err != nil {
		t.Fatal(err)
	}
	ref := queues.JobRef{Job: j.ID, Run: j.Run}
	for _, task := range []string{"a", "a", "b", "a"} {
		if err := store.Count(ctx, ref, task, jobs.OutcomeDone); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := store.Get(ctx, j.ID); got.Done != 2 {
		t.Fatalf("done = %d after tasks a, a, b, a; want 2", got.Done)
	}

	if _, err := store.Cancel(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Resume(ctx, j.ID); err != nil {
		t.Fatal(err)
	}
	// Run 1's task c comes late: run 2 does not count it. Run 2's own
	// task a counts, although run 1 counted a task of that name.
	store.Count(ctx, ref, "c", jobs.OutcomeDone)
	store.Count(ctx, queues.JobRef{Job: j.ID, Run: 2}, "a", jobs.OutcomeDone)
	if got, _ := store.Get(ctx, j.ID); got.Run != 2 || got.Done != 3 {
		t.Fatalf("after resume: run %d done %d, want run 2 done 3", got.Run, got.Done)
	}
}

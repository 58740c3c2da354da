package queues_test

import (
	"context"
	"errors"
	"testing"

	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

func newJobs(t *testing.T) *queues.Jobs {
	t.Helper()
	j := queues.NewJobs(queues.Config{RedisAddr: testutil.Redis(t)})
	t.Cleanup(func() { j.Close() })
	return j
}

func TestJobLifecycle(t *testing.T) {
	ctx := context.Background()
	jobs := newJobs(t)
	scope := queues.Scope{Client: "globex"}
	j, err := jobs.Create(ctx, scope, "v2")
	if err != nil {
		t.Fatal(err)
	}
	if j.State != queues.JobRunning || j.Run != 1 || j.Version != "v2" {
		t.Fatalf("created %+v", j)
	}

	// The same scope cannot run twice at once; another scope can.
	var running *queues.JobRunningError
	if _, err := jobs.Create(ctx, scope, "v2"); !errors.As(err, &running) || running.ID != j.ID {
		t.Fatalf("second job over the same scope: %v, want JobRunningError naming %s", err, j.ID)
	}
	other, err := jobs.Create(ctx, queues.Scope{Client: "initech"}, "v2")
	if err != nil {
		t.Fatalf("job over another scope: %v", err)
	}

	// Two pages of 3 and 2 documents; the job ends when all 5 have an
	// outcome, not before.
	if err := jobs.SavePage(ctx, j.ID, "d3", 3, 5, false); err != nil {
		t.Fatal(err)
	}
	for _, o := range []queues.Outcome{queues.OutcomeDone, queues.OutcomeDone, queues.OutcomeFailed} {
		if err := jobs.Record(ctx, j.ID, o); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := jobs.Get(ctx, j.ID); got.State != queues.JobRunning || got.Remaining() != 2 {
		t.Fatalf("after the first page: %+v (remaining %d), want running with 2 remaining", got, got.Remaining())
	}
	if err := jobs.SavePage(ctx, j.ID, "d5", 2, 2, true); err != nil {
		t.Fatal(err)
	}
	jobs.Record(ctx, j.ID, queues.OutcomeDone)
	jobs.Record(ctx, j.ID, queues.OutcomeSkipped)
	got, err := jobs.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != queues.JobDone || got.Done != 3 || got.Failed != 1 || got.Skipped != 1 || got.Total != 5 || got.Finished.IsZero() {
		t.Fatalf("finished job = %+v", got)
	}
	// Done, it released its scope.
	if _, err := jobs.Create(ctx, scope, "v3"); err != nil {
		t.Fatalf("new job after the first ended: %v", err)
	}

	// Cancel releases the scope; resume takes it again as run 2.
	if c, err := jobs.Cancel(ctx, other.ID); err != nil || c.State != queues.JobCancelled {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	blocker, err := jobs.Create(ctx, queues.Scope{Client: "initech"}, "v2")
	if err != nil {
		t.Fatalf("job over a cancelled job's scope: %v", err)
	}
	if _, err := jobs.Resume(ctx, other.ID); !errors.As(err, &running) || running.ID != blocker.ID {
		t.Fatalf("resume while another job holds the scope: %v", err)
	}
	jobs.Cancel(ctx, blocker.ID)
	r, err := jobs.Resume(ctx, other.ID)
	if err != nil || r.State != queues.JobRunning || r.Run != 2 {
		t.Fatalf("resume: %+v, %v", r, err)
	}
	if _, err := jobs.Get(ctx, "nope"); !errors.Is(err, queues.ErrJobNotFound) {
		t.Errorf("unknown job: %v", err)
	}
	list, err := jobs.List(ctx, 10)
	if err != nil || len(list) != 4 {
		t.Errorf("list: %d jobs, %v; want 4", len(list), err)
	}
}

package jobs_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// TestPager pages a real index for a job over one client and checks that
// exactly the client's documents at another version are queued on the
// batch queue, under IDs of the job's run, and that the job says so.
func TestPager(t *testing.T) {
	ctx := context.Background()
	cfg := queues.Config{RedisAddr: testutil.Redis(t)}
	qc, err := queues.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qc.Close() })
	store := newStoreAt(t, cfg)
	ix, err := index.Open(ctx, index.Config{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	for _, d := range []struct{ id, client, version string }{
		{"g1", "globex", "v1"}, {"g2", "globex", "v1"}, {"g3", "globex", "v2"}, {"g4", "globex", "v1"}, {"i1", "initech", "v1"},
	} {
		doc := ckm.Document{ID: d.id, Client: d.client, Source: ckm.SourceNote, Text: "We need an export to NetSuite.", At: at}
		a := nlp.Analysis{ID: d.id, Language: nlp.English, Version: d.version,
			Sentences: []nlp.Sentence{{Text: doc.Text, End: len(doc.Text), Language: nlp.English}}}
		if err := ix.Put(ctx, index.Record{Document: doc, Analysis: a}); err != nil {
			t.Fatal(err)
		}
	}
	j, err := store.Create(ctx, jobs.Scope{Client: "globex"}, "v2")
	if err != nil {
		t.Fatal(err)
	}
	pager := jobs.NewPager(ix, store, qc, nil)
	ref := queues.JobRef{Job: j.ID, Run: j.Run}
	if err := pager.ProcessTask(ctx, queues.NewReanalyzeTask(ref, 0)); err != nil {
		t.Fatal(err)
	}

	got, err := store.Get(ctx, j.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 3 || got.Enqueued != 3 || !got.Paged || got.Cursor != "g4" || got.State != jobs.StateRunning {
		t.Errorf("after paging: %+v, want 3 of 3 enqueued, paged up to g4, still running", got)
	}
	ins := asynq.NewInspector(cfg.RedisOpt())
	defer ins.Close()
	tasks, err := ins.ListPendingTasks(queues.QueueBatch)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, task := range tasks {
		ids = append(ids, task.ID)
	}
	slices.Sort(ids)
	want := []string{"job:" + j.ID + ":r1:g1", "job:" + j.ID + ":r1:g2", "job:" + j.ID + ":r1:g4"}
	if !slices.Equal(ids, want) {
		t.Errorf("batch queue holds %v, want %v", ids, want)
	}

	// A cancelled job's paging task does nothing.
	c, err := store.Create(ctx, jobs.Scope{Client: "initech"}, "v2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Cancel(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := pager.ProcessTask(ctx, queues.NewReanalyzeTask(queues.JobRef{Job: c.ID, Run: 1}, 0)); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Get(ctx, c.ID); got.Enqueued != 0 || got.Paged {
		t.Errorf("cancelled job after its paging task: %+v, want nothing enqueued", got)
	}
}

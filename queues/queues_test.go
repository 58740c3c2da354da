package queues_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

func newClient(t *testing.T) *queues.Client {
	t.Helper()
	c, err := queues.NewClient(queues.Config{RedisAddr: testutil.Redis(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEnqueueDeduplicates(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	doc := ckm.Document{ID: "dedupe-" + time.Now().Format("150405.000000"), Client: "globex", Text: "We need project numbers on invoices."}

	first, err := c.Enqueue(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if first.Duplicate || first.Queue != queues.QueueDefault {
		t.Fatalf("first enqueue = %+v, want a new task on %q", first, queues.QueueDefault)
	}
	again, err := c.Enqueue(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Duplicate || again.TaskID != first.TaskID {
		t.Fatalf("second enqueue = %+v, want a duplicate of %q", again, first.TaskID)
	}
	doc.Text += " And SSO."
	changed, err := c.Enqueue(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if changed.Duplicate || changed.TaskID == first.TaskID || changed.ID != first.ID {
		t.Fatalf("changed enqueue = %+v, want a new task for the same id %q", changed, first.ID)
	}
	st, err := c.State(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != queues.StatePending {
		t.Fatalf("state with no worker = %q, want pending", st.State)
	}
}

func TestEnqueueQueueOption(t *testing.T) {
	c := newClient(t)
	e, err := c.Enqueue(context.Background(), ckm.Document{Text: "urgent"}, queues.Queue(queues.QueueCritical))
	if err != nil {
		t.Fatal(err)
	}
	if e.Queue != queues.QueueCritical || e.ID == "" {
		t.Fatalf("enqueued = %+v, want queue critical and a content id", e)
	}
}

func TestEnqueueRejectsInvalid(t *testing.T) {
	c := newClient(t)
	for _, doc := range []ckm.Document{
		{ID: "x"},
		{ID: "x", Text: "bad \xff utf8"},
		{ID: "x", Text: "ok", Source: "fax"},
	} {
		_, err := c.Enqueue(context.Background(), doc)
		if !errors.Is(err, ckm.ErrInvalidDocument) {
			t.Errorf("Enqueue(%+v) error = %v, want ErrInvalidDocument", doc, err)
		}
	}
}

func TestParseAnalyze(t *testing.T) {
	t.Parallel()
	good, err := queues.NewAnalyzeTask(ckm.Document{ID: "a", Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		task    *asynq.Task
		wantErr bool
	}{
		{"valid", good, false},
		{"garbage", asynq.NewTask(queues.TypeAnalyze, []byte("\x00\x01garbage")), true},
		{"empty", asynq.NewTask(queues.TypeAnalyze, nil), true},
		{"no text", asynq.NewTask(queues.TypeAnalyze, []byte(`{"document":{"id":"a"}}`)), true},
		{"queued before the content hash", asynq.NewTask(queues.TypeAnalyze, []byte(`{"document":{"id":"a","text":"hello"}}`)), false},
		{"bad content hash", asynq.NewTask(queues.TypeAnalyze, []byte(`{"document":{"id":"a","text":"hello"},"content_hash":"abc"}`)), true},
	}
	hello := ckm.Document{ID: "a", Text: "hello"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := queues.ParseAnalyze(tt.task)
			doc := p.Document
			if tt.wantErr {
				if !errors.Is(err, asynq.SkipRetry) {
					t.Fatalf("error = %v, want one wrapping asynq.SkipRetry", err)
				}
				return
			}
			if err != nil || doc.ID != "a" || doc.Text != "hello" {
				t.Fatalf("ParseAnalyze = %+v, %v", doc, err)
			}
			if p.ContentHash != hello.ContentHash() {
				t.Errorf("content hash %q, want the document's, %q", p.ContentHash, hello.ContentHash())
			}
		})
	}
}

// TestSentinel reaches Redis through a real Sentinel that names it.
func TestSentinel(t *testing.T) {
	if os.Getenv("REDIS_ADDR") != "" {
		t.Skip("REDIS_ADDR is set: the Sentinel test needs a Redis of its own")
	}
	master := testutil.Redis(t)
	_, masterPort, _ := net.SplitHostPort(master)
	port, err := testutil.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "sentinel.conf")
	os.WriteFile(conf, []byte(fmt.Sprintf("port %d\nbind 127.0.0.1\nsentinel monitor ckm 127.0.0.1 %s 1\n", port, masterPort)), 0o644)
	cmd := exec.Command("redis-server", conf, "--sentinel")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	c, err := queues.NewClient(queues.Config{SentinelAddrs: []string{fmt.Sprintf("127.0.0.1:%d", port)}, MasterName: "ckm"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for c.Ping() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("no master through the Sentinel: %v", c.Ping())
		}
		time.Sleep(100 * time.Millisecond)
	}
	e, err := c.Enqueue(context.Background(), ckm.Document{ID: "via-sentinel", Text: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	// The task is in the master itself.
	direct, err := queues.NewClient(queues.Config{RedisAddr: master})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	if st, err := direct.State(context.Background(), e); err != nil || st.State != queues.StatePending {
		t.Fatalf("task enqueued through the Sentinel, seen on the master: %+v, %v", st, err)
	}
}

func TestIndexTaskEnvelope(t *testing.T) {
	t.Parallel()
	record := []byte(`{"document":{"id":"a","text":"<b>"},"content_hash":"h"}`)
	tests := []struct {
		name string
		ref  queues.JobRef
	}{
		{"no job", queues.JobRef{}},
		{"job", queues.JobRef{Job: "j1", Run: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			task, err := queues.NewIndexTask("a", "k", record, tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			p, err := queues.ParseIndex(task)
			if err != nil {
				t.Fatalf("ParseIndex(%s): %v", task.Payload(), err)
			}
			if string(p.Record) != string(record) || p.JobRef != tt.ref {
				t.Errorf("ParseIndex = record %s, ref %+v; want %s, %+v", p.Record, p.JobRef, record, tt.ref)
			}
		})
	}
}

func TestJobDocTaskCarriesTheStoredHash(t *testing.T) {
	t.Parallel()
	d := ckm.Document{ID: "a", Text: "Agent: hi\nCustomer: we need SSO"}
	first := ckm.Document{ID: "b", Text: "what the first send hashed"}
	stored := first.ContentHash()
	tests := []struct {
		name, hash, want string
	}{
		{"stored hash carried", stored, stored},
		{"record without a hash", "", d.ContentHash()},
		{"not a content hash", "h", d.ContentHash()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			task, err := queues.NewJobDocTask(d, tt.hash, queues.JobRef{Job: "j", Run: 1})
			if err != nil {
				t.Fatal(err)
			}
			p, err := queues.ParseAnalyze(task)
			if err != nil || p.ContentHash != tt.want || p.Job != "j" {
				t.Errorf("ParseAnalyze = hash %q, job %q, %v; want hash %q, job j", p.ContentHash, p.Job, err, tt.want)
			}
		})
	}
}

// TestPrepareOnce checks the producer's steps: Prepare normalises once,
// before its edit (so a content ID does not depend on a date the edit
// gives), and Submit queues what Prepare made without normalising again;
// Submit refuses a document Prepare did not make.
func TestPrepareOnce(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	doc := ckm.Document{Client: " Globex ", Text: "We need SSO."}
	undated := doc
	undated.Normalize()
	at := time.Date(2026, 11, 3, 14, 0, 0, 0, time.UTC)
	var seen ckm.Document
	p, err := c.Prepare(ctx, doc, func(d *ckm.Document) { seen = *d; d.At = at })
	if err != nil {
		t.Fatal(err)
	}
	if seen.ID != undated.ID || seen.Client != "globex" {
		t.Errorf("edit saw ID %q, client %q; want the normalised document, ID %q", seen.ID, seen.Client, undated.ID)
	}
	if got := p.Document(); got.ID != undated.ID || !got.At.Equal(at) {
		t.Errorf("prepared ID %q at %v; want the undated content ID %q, at %v", got.ID, got.At, undated.ID, at)
	}
	e, err := c.Submit(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := queues.TaskID(p.Document()); e.TaskID != want {
		t.Errorf("task %q, want %q (the prepared document's hash)", e.TaskID, want)
	}
	if st := c.Stats(); st != (queues.ClientStats{Normalized: 1, Encoded: 1}) {
		t.Errorf("stats %+v, want one normalisation and one encoding", st)
	}
	if _, err := c.Submit(ctx, queues.Prepared{}); err == nil {
		t.Error("Submit took a document Prepare did not make")
	}
}

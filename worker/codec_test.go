package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// encodings are JSON encodings of documents: task payloads carrying one
// (the queue client's) and index records (the forwarding sink's and the
// index's).
type encodings struct{ payloads, records uint64 }

// countEncodings counts the encodings of qc, fwd and ix so far.
func countEncodings(qc *queues.Client, fwd *ForwardSink, ix *index.Index) encodings {
	return encodings{uint64(qc.Stats().Encoded), fwd.RecordEncodings() + ix.RecordEncodings()}
}

func (e encodings) since(before encodings) encodings {
	return encodings{e.payloads - before.payloads, e.records - before.records}
}

// serveUntil runs a worker server with h on the queues qs of rc until done
// reports true, or fails t after a minute.
func serveUntil(t *testing.T, rc queues.Config, qs map[string]int, h Handlers, done func() bool) {
	t.Helper()
	srv := NewServer(Config{Concurrency: 1, Queues: qs, PollInterval: 10 * time.Millisecond, StaleLease: -1}, rc, h)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- srv.Run(ctx) }()
	defer func() { cancel(); <-stopped }()
	for deadline := time.Now().Add(time.Minute); !done(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not finish its tasks within a minute")
		}
	}
}

// indexed reports whether ix has document id.
func indexed(ix *index.Index, id string) func() bool {
	return func() bool { _, err := ix.Get(context.Background(), id); return err == nil }
}

// TestOneEncodingPerHop follows a document through real Redis from the
// queue client to an analysing worker that does not own the index, which
// forwards the record to the owner, which stores it: each hop encodes the
// document once, and the forwarded bytes are the bytes the index stores.
// The document is normalised once by the producer and once by the
// consumer (the owner validates the forwarded record, normalising nothing).
// The counts are the instances' own.
func TestOneEncodingPerHop(t *testing.T) {
	t.Parallel()
	rc := queues.Config{RedisAddr: testutil.Redis(t)}
	qc, err := queues.NewClient(rc)
	if err != nil {
		t.Fatal(err)
	}
	defer qc.Close()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	doc := ckm.Document{ID: "hops-1", Client: "Globex", Text: "Agent: Do you need SSO?\nCustomer: We need the project number on every invoice."}
	fwd := &ForwardSink{Queue: qc}
	ix := openIndex(t)
	count := func() encodings { return countEncodings(qc, fwd, ix) }

	start := count()
	e, err := qc.Enqueue(ctx, doc)
	if err != nil {
		t.Fatal(err)
	}
	if got := count().since(start); got != (encodings{payloads: 1}) {
		t.Errorf("queue hop: %+v encodings, want one payload", got)
	}
	if n := qc.Stats().Normalized; n != 1 {
		t.Errorf("queue hop: the producer normalised %d times, want once", n)
	}

	start = count()
	ah := NewAnalyzeHandler(an, fwd, nil, nil)
	serveUntil(t, rc, map[string]int{queues.QueueDefault: 1}, Handlers{Analyze: ah}, func() bool {
		st, err := qc.State(ctx, e)
		return err == nil && st.State == queues.StateDone
	})
	if got := count().since(start); got != (encodings{records: 1}) {
		t.Errorf("forward hop: %+v encodings, want one record", got)
	}
	if n := ah.Normalized(); n != 1 {
		t.Errorf("forward hop: the consumer normalised %d times, want once", n)
	}

	start = count()
	own := Handlers{Index: NewIndexHandler(IndexSink{Index: ix}, nil)}
	serveUntil(t, rc, map[string]int{queues.QueueIndex: 1}, own, indexed(ix, "hops-1"))
	if got := count().since(start); got != (encodings{records: 1}) {
		t.Errorf("index hop: %+v encodings, want one record", got)
	}

	rec, err := ix.Get(ctx, "hops-1")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := index.EncodeRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if fwd := forwardedRecord(t, rc, "hops-1"); !bytes.Equal(fwd, stored) {
		t.Errorf("forwarded record differs from the stored one:\nforwarded %s\nstored    %s", fwd, stored)
	}
	if want := "doc:hops-1:" + rec.ContentHash[:16]; e.TaskID != want || rec.Document.Client != "globex" || len(rec.Document.Turns) != 2 {
		t.Errorf("record: task %q (want %q), client %q, %d turns; want the queued hash, a normalised client, inferred turns", e.TaskID, want, rec.Document.Client, len(rec.Document.Turns))
	}
}

// forwardedRecord returns the record of the completed index task of id.
func forwardedRecord(t *testing.T, rc queues.Config, id string) []byte {
	t.Helper()
	insp := asynq.NewInspector(rc.RedisOpt())
	defer insp.Close()
	tasks, err := insp.ListCompletedTasks(queues.QueueIndex)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range tasks {
		var p queues.IndexPayload
		if err := json.Unmarshal(ti.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if rec, err := index.DecodeRecord(p.Record); err == nil && rec.Document.ID == id {
			return p.Record
		}
	}
	t.Fatalf("no completed index task of %q", id)
	return nil
}

// TestInProcessHopEncodesOnce checks the owner's own analyses: the record
// goes from the handler to the index without a forward, encoded once.
func TestInProcessHopEncodesOnce(t *testing.T) {
	t.Parallel()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	task, err := queues.NewAnalyzeTask(ckm.Document{ID: "own-1", Text: "We need SSO."})
	if err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t)
	start := ix.RecordEncodings()
	if err := NewAnalyzeHandler(an, IndexSink{Index: ix}, nil, nil).ProcessTask(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	if got := (encodings{records: ix.RecordEncodings() - start}); got != (encodings{records: 1}) {
		t.Errorf("analyse and index in one process: %+v encodings, want one record", got)
	}
}

// TestTasksFromBeforeTheUpgrade queues, on real Redis, the payloads the
// previous version wrote: an analyse task without a content hash and an
// index task whose record has Go field names. Both are processed.
func TestTasksFromBeforeTheUpgrade(t *testing.T) {
	t.Parallel()
	rc := queues.Config{RedisAddr: testutil.Redis(t)}
	ac := asynq.NewClient(rc.RedisOpt())
	defer ac.Close()
	oldAnalyze := []byte(`{"document":{"id":"old-analyse","client":"acme","text":"We need the project number on every invoice."}}`)
	oldIndex, err := os.ReadFile(filepath.Join("..", "index", "testdata", "record", "forwarded-2026.11.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, task := range []*asynq.Task{
		asynq.NewTask(queues.TypeAnalyze, oldAnalyze, asynq.Queue(queues.QueueDefault)),
		asynq.NewTask(queues.TypeIndex, append(append([]byte(`{"record":`), bytes.TrimSpace(oldIndex)...), `,"job":"","run":0}`...), asynq.Queue(queues.QueueIndex)),
	} {
		if _, err := ac.Enqueue(task); err != nil {
			t.Fatal(err)
		}
	}
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t)
	sink := IndexSink{Index: ix}
	h := Handlers{Analyze: NewAnalyzeHandler(an, sink, nil, nil), Index: NewIndexHandler(sink, nil)}
	serveUntil(t, rc, queues.OwnerPriorities, h, func() bool {
		return indexed(ix, "old-analyse")() && indexed(ix, "golden-1")()
	})

	rec, err := ix.Get(context.Background(), "old-analyse")
	if err != nil {
		t.Fatal(err)
	}
	want := ckm.Document{ID: "old-analyse", Client: "acme", Text: "We need the project number on every invoice."}
	if rec.ContentHash != want.ContentHash() || len(rec.Analysis.Needs) == 0 {
		t.Errorf("old analyse task: hash %q (want %q), %d needs", rec.ContentHash, want.ContentHash(), len(rec.Analysis.Needs))
	}
	rec, err = ix.Get(context.Background(), "golden-1")
	if err != nil {
		t.Fatal(err)
	}
	wantAt := time.Date(2026, 11, 2, 10, 0, 0, 123, time.UTC)
	if rec.ContentHash != "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" || !rec.IndexedAt.Equal(wantAt) || len(rec.Analysis.Needs) != 1 || rec.Analysis.Needs[0].Text == "" {
		t.Errorf("old index task: hash %q, indexed at %v, needs %+v; want the forwarded hash, time and need", rec.ContentHash, rec.IndexedAt, rec.Analysis.Needs)
	}
}

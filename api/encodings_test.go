package api

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
	"github.com/hibiken/asynq"
)

// TestPostEncodesOnce checks the hop from the API onto the queue: a posted
// document, whether one JSON document or a line of JSON Lines, is encoded
// once, into its task's payload, on real Redis. The counts are the queue
// client's and the index's own.
func TestPostEncodesOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	for _, ct := range []string{"application/json", "application/x-ndjson"} {
		payloads, records := e.q.Stats().Encoded, e.ix.RecordEncodings()
		if r := e.post(t, ct, mustJSON(t, goodDoc())+"\n"); r.Status != http.StatusAccepted {
			t.Fatalf("%s: status %d, body %s", ct, r.Status, r.Raw)
		}
		if p, r := e.q.Stats().Encoded-payloads, e.ix.RecordEncodings()-records; p != 1 || r != 0 {
			t.Errorf("%s: %d payload and %d record encodings, want one payload", ct, p, r)
		}
	}
}

// preparing passes everything to a real queue client and keeps the
// documents the server hands to Prepare.
type preparing struct {
	*queues.Client
	mu   sync.Mutex
	seen []ckm.Document
}

func (p *preparing) Prepare(ctx context.Context, d ckm.Document, edit func(*ckm.Document)) (queues.Prepared, error) {
	p.mu.Lock()
	p.seen = append(p.seen, d)
	p.mu.Unlock()
	return p.Client.Prepare(ctx, d, edit)
}

// TestNormalizedOncePerSide follows posted documents, one JSON document
// and two lines of JSON Lines, through real Redis to the worker's
// handler: each is normalised and validated once at the producer (the
// server hands it to the queue client's Prepare as it was sent, and
// Prepare normalises it once) and once at the consumer (the handler's
// one parse), and is stored with its client normalised and its ID filled
// from its content.
func TestNormalizedOncePerSide(t *testing.T) {
	t.Parallel()
	addr := testutil.Redis(t)
	e := newEnvAt(t, Config{}, addr)
	q := &preparing{Client: e.q}
	srv := &env{srv: newServer(t, New(Config{}, q, e.ix)), q: e.q, ix: e.ix}
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := worker.NewAnalyzeHandler(an, worker.IndexSink{Index: e.ix}, nil, nil)
	insp := asynq.NewInspector(asynq.RedisClientOpt{Addr: addr})
	t.Cleanup(func() { insp.Close() })
	ctx := context.Background()
	raw := func() ckm.Document { // no ID, a client to normalise
		return ckm.Document{Client: "  Globex ", Text: fmt.Sprintf("We need SSO (%d).", time.Now().UnixNano())}
	}
	for _, tt := range []struct {
		ct   string
		docs []ckm.Document
	}{
		{"application/json", []ckm.Document{raw()}},
		{"application/x-ndjson", []ckm.Document{raw(), raw()}},
	} {
		q.seen = nil
		before := e.q.Stats()
		body := ""
		for _, d := range tt.docs {
			body += mustJSON(t, d) + "\n"
		}
		r := srv.post(t, tt.ct, body)
		if r.Status != http.StatusAccepted {
			t.Fatalf("%s: status %d, body %s", tt.ct, r.Status, r.Raw)
		}
		n := int64(len(tt.docs))
		if got := e.q.Stats(); got.Normalized-before.Normalized != n || got.Encoded-before.Encoded != n {
			t.Errorf("%s: producer normalised %d and encoded %d times for %d documents, want once each",
				tt.ct, got.Normalized-before.Normalized, got.Encoded-before.Encoded, n)
		}
		for _, d := range q.seen {
			if d.ID != "" || d.Client != "  Globex " {
				t.Errorf("%s: Prepare got ID %q, client %q; want the document as sent (the server normalised it first)", tt.ct, d.ID, d.Client)
			}
		}
		processed := h.Normalized()
		queue := queues.QueueDefault
		if tt.ct == "application/json" {
			queue = queues.QueueCritical
		}
		tasks, err := insp.ListPendingTasks(queue)
		if err != nil || len(tasks) != len(tt.docs) {
			t.Fatalf("%s: %d pending tasks on %s (%v), want %d", tt.ct, len(tasks), queue, err, len(tt.docs))
		}
		for _, ti := range tasks {
			if err := h.ProcessTask(ctx, asynq.NewTask(ti.Type, ti.Payload)); err != nil {
				t.Fatal(err)
			}
		}
		if got := h.Normalized() - processed; got != uint64(n) {
			t.Errorf("%s: consumer normalised %d times for %d documents, want once each", tt.ct, got, n)
		}
		for _, a := range acceptedIDs(r) {
			rec, err := e.ix.Get(ctx, a)
			if err != nil || rec.Document.Client != "globex" || len(rec.Document.ID) != 24 {
				t.Errorf("%s: stored %q: client %q, %v; want client globex under a content ID", tt.ct, a, rec.Document.Client, err)
			}
		}
	}
}

// acceptedIDs are the IDs a POST's answer lists as accepted.
func acceptedIDs(r response) []string {
	if id, ok := r.Body["id"].(string); ok {
		return []string{id}
	}
	var ids []string
	acc, _ := r.Body["accepted"].([]any)
	for _, a := range acc {
		id, _ := a.(map[string]any)["id"].(string)
		ids = append(ids, id)
	}
	return ids
}

package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
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

// TestNormalizedOncePerSide follows posted documents through real Redis
// to the worker's handler: one JSON document, two lines of JSON Lines,
// and raw bodies that ingest reads (plain text, an email, a CSV export
// and an mbox of two documents each). Each is normalised and validated
// once at the producer (the server hands it to the queue client's
// Prepare as it was sent or read, and Prepare normalises it once: ingest
// does not) and once at the consumer (the handler's one parse), and is
// stored with its client normalised and its ID filled from its content.
func TestNormalizedOncePerSide(t *testing.T) {
	t.Parallel()
	addr := testutil.Redis(t)
	e := newEnvAt(t, Config{}, addr)
	q := &testutil.SeenQueue{Client: e.q}
	srv := &env{srv: newServer(t, New(Config{}, q, e.ix)), q: e.q, ix: e.ix}
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := worker.NewAnalyzeHandler(an, worker.IndexSink{Index: e.ix}, nil, nil)
	insp := asynq.NewInspector(asynq.RedisClientOpt{Addr: addr})
	t.Cleanup(func() { insp.Close() })
	ctx := context.Background()
	uniq := func() string { return fmt.Sprint(time.Now().UnixNano()) }
	raw := func() string { // no ID, a client to normalise
		return mustJSON(t, ckm.Document{Client: "  Globex ", Text: "We need SSO (" + uniq() + ")."}) + "\n"
	}
	mail := func() string {
		return "From: a@globex.example\nTo: b@acme.example\nSubject: sso\n\nWe need SSO (" + uniq() + ").\n"
	}
	for _, tt := range []struct {
		name, ct, query, body string
		n                     int
		queue                 string
		sentClient            string // the client Prepare must get: as sent or read, not normalised
	}{
		{"json", "application/json", "", raw(), 1, queues.QueueCritical, "  Globex "},
		{"json lines", "application/x-ndjson", "", raw() + raw(), 2, queues.QueueDefault, "  Globex "},
		{"text", "text/plain", "client=Globex", "We need SSO (" + uniq() + ").", 1, queues.QueueCritical, "Globex"},
		{"email", "message/rfc822", "client=Globex", mail(), 1, queues.QueueCritical, "Globex"},
		{"csv", "text/csv", "", "text,client\nWe need SSO (" + uniq() + ").,Globex\nWe need SCIM (" + uniq() + ").,Globex\n", 2, queues.QueueDefault, "Globex"},
		{"mbox", "application/mbox", "client=Globex", "From a@x Mon Nov  2 10:00:00 2026\n" + mail() + "\nFrom a@x Mon Nov  2 10:00:00 2026\n" + mail(), 2, queues.QueueDefault, "Globex"},
	} {
		q.Seen()
		before := e.q.Stats()
		r := srv.do(t, http.MethodPost, "/v1/documents?"+tt.query, tt.ct, strings.NewReader(tt.body))
		if r.Status != http.StatusAccepted {
			t.Fatalf("%s: status %d, body %s", tt.name, r.Status, r.Raw)
		}
		n := int64(tt.n)
		if got := e.q.Stats(); got.Normalized-before.Normalized != n || got.Encoded-before.Encoded != n {
			t.Errorf("%s: producer normalised %d and encoded %d times for %d documents, want once each",
				tt.name, got.Normalized-before.Normalized, got.Encoded-before.Encoded, n)
		}
		seen := q.Seen()
		if len(seen) != tt.n {
			t.Errorf("%s: Prepare got %d documents, want %d", tt.name, len(seen), n)
		}
		for _, d := range seen {
			if d.ID != "" || d.Client != tt.sentClient {
				t.Errorf("%s: Prepare got ID %q, client %q; want no ID and client %q, the document as sent or read (the server or ingest normalised it first)", tt.name, d.ID, d.Client, tt.sentClient)
			}
		}
		processed := h.Normalized()
		tasks, err := insp.ListPendingTasks(tt.queue)
		if err != nil || len(tasks) != tt.n {
			t.Fatalf("%s: %d pending tasks on %s (%v), want %d", tt.name, len(tasks), tt.queue, err, tt.n)
		}
		for _, ti := range tasks {
			if err := h.ProcessTask(ctx, asynq.NewTask(ti.Type, ti.Payload)); err != nil {
				t.Fatal(err)
			}
			if err := insp.DeleteTask(tt.queue, ti.ID); err != nil {
				t.Fatal(err)
			}
		}
		if got := h.Normalized() - processed; got != uint64(n) {
			t.Errorf("%s: consumer normalised %d times for %d documents, want once each", tt.name, got, n)
		}
		for _, a := range acceptedIDs(r) {
			rec, err := e.ix.Get(ctx, a)
			if err != nil || rec.Document.Client != "globex" || len(rec.Document.ID) != 24 {
				t.Errorf("%s: stored %q: client %q, %v; want client globex under a content ID", tt.name, a, rec.Document.Client, err)
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

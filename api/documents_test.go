package api

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
	"github.com/google/go-cmp/cmp"
)

var seq atomic.Int64

// goodDoc returns a valid document, unique per call.
func goodDoc() ckm.Document {
	n := seq.Add(1)
	return ckm.Document{
		ID:     fmt.Sprintf("api-test-%d-%d", time.Now().UnixNano(), n),
		Client: "globex",
		Source: ckm.SourceEmail,
		Text:   fmt.Sprintf("We need project numbers on every invoice (%d).", n),
	}
}

func TestPostJSONQueuesCritical(t *testing.T) {
	e := newEnv(t, Config{})
	ctx := context.Background()
	d := goodDoc()

	first := e.post(t, "application/json; charset=utf-8", mustJSON(t, d))
	want := map[string]any{"id": d.ID, "task_id": queues.TaskID(d), "queue": queues.QueueCritical, "duplicate": false}
	if first.Status != http.StatusAccepted {
		t.Fatalf("status = %d, want 202; body %s", first.Status, first.Raw)
	}
	if diff := cmp.Diff(want, first.Body); diff != "" {
		t.Errorf("first body (-want +got):\n%s", diff)
	}
	st, err := e.q.State(ctx, queues.Enqueued{ID: d.ID, TaskID: queues.TaskID(d), Queue: queues.QueueCritical})
	if err != nil {
		t.Fatal(err)
	}
	if st.State != queues.StatePending {
		t.Errorf("task state = %q, want pending", st.State)
	}

	again := e.post(t, "application/json", mustJSON(t, d))
	want["duplicate"] = true
	if again.Status != http.StatusAccepted {
		t.Fatalf("second status = %d, want 202; body %s", again.Status, again.Raw)
	}
	if diff := cmp.Diff(want, again.Body); diff != "" {
		t.Errorf("second body (-want +got):\n%s", diff)
	}
}

func TestPostNDJSONMixed(t *testing.T) {
	e := newEnv(t, Config{})
	a, b := goodDoc(), goodDoc()
	body := strings.Join([]string{
		mustJSON(t, a),             // 1
		`{"id":"x","client":"c"}`,  // 2: no text
		``,                         // 3: blank, counted
		`{"id": "y", "text": "hi"`, // 4: malformed
		"  \t ",                    // 5: blank
		mustJSON(t, b),             // 6
		mustJSON(t, a),             // 7: duplicate of 1
		"\x00\x01\x02\xff\xfe",     // 8: binary
	}, "\r\n") + "\n"
	r := e.post(t, "application/x-ndjson", body)
	if r.Status != http.StatusAccepted {
		t.Fatalf("status = %d, want 202; body %s", r.Status, r.Raw)
	}
	want := map[string]any{
		"accepted": []any{
			map[string]any{"line": 1.0, "id": a.ID, "task_id": queues.TaskID(a), "queue": "default", "duplicate": false},
			map[string]any{"line": 6.0, "id": b.ID, "task_id": queues.TaskID(b), "queue": "default", "duplicate": false},
			map[string]any{"line": 7.0, "id": a.ID, "task_id": queues.TaskID(a), "queue": "default", "duplicate": true},
		},
		"rejected": []any{
			map[string]any{"line": 2.0, "error": map[string]any{"code": "invalid_document", "message": "invalid document: text: missing or empty", "field": "text"}},
			map[string]any{"line": 4.0, "error": map[string]any{"code": "invalid_document", "message": "invalid document: body: malformed JSON: unexpected end of JSON input (at byte 24)", "field": "body"}},
			map[string]any{"line": 8.0, "error": map[string]any{"code": "invalid_document", "message": "invalid document: body: not valid UTF-8", "field": "body"}},
		},
	}
	if diff := cmp.Diff(want, r.Body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
	st, err := e.q.State(context.Background(), queues.Enqueued{ID: b.ID, TaskID: queues.TaskID(b), Queue: queues.QueueDefault})
	if err != nil || st.State != queues.StatePending {
		t.Errorf("state of line 6 = %v, %v; want pending", st, err)
	}
}

func TestPostBadInput(t *testing.T) {
	const small = 4 << 10
	e := newEnv(t, Config{MaxBodyBytes: small, MaxLines: 3})
	tests := []struct {
		name        string
		contentType string
		body        string
		status      int
		code        string
		message     string // a substring of the message
	}{
		{"malformed JSON", "application/json", `{"text": "hello"`, 400, "invalid_document", "malformed JSON"},
		{"not an object", "application/json", `["text"]`, 400, "invalid_document", "expected a JSON object"},
		{"missing text", "application/json", `{"id":"a","client":"c"}`, 400, "invalid_document", "text: missing or empty"},
		{"bad source", "application/json", `{"text":"hi","source":"fax"}`, 400, "invalid_document", `source: "fax" is not one of`},
		{"invalid UTF-8", "application/json", "{\"text\": \"caf\xe9 com leite\"}", 400, "invalid_document", "not valid UTF-8"},
		{"binary garbage", "application/json", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 400, "invalid_document", "not valid UTF-8"},
		{"NUL in text", "application/json", `{"text":"a\u0000b"}`, 400, "invalid_document", "NUL"},
		{"empty body", "application/json", "", 400, "invalid_document", "body: empty"},
		{"blank body", "application/json", " \n\t ", 400, "invalid_document", "body: empty"},
		{"JSON over limit", "application/json", `{"text":"` + strings.Repeat("a", small) + `"}`, 413, "body_too_large", "over the limit of 4096 bytes"},
		{"NDJSON over limit", "application/x-ndjson", `{"text":"a"}` + "\n" + `{"text":"` + strings.Repeat("a", small) + `"}`, 413, "body_too_large", "over the limit of 4096 bytes"},
		{"too many lines", "application/jsonl", strings.Repeat(`{"text":"a"}`+"\n\n", 4), 413, "too_many_lines", "more than 3 documents"},
		{"NDJSON all bad", "application/x-ndjson", "{}\n[]\n", 400, "invalid_document", "all 2 documents were rejected"},
		{"NDJSON empty", "application/x-ndjson", "\n\n", 400, "invalid_document", "no documents"},
		{"text/markdown", "text/markdown", "hello", 415, "unsupported_media_type", "application/x-ndjson"},
		{"form", "application/x-www-form-urlencoded", "text=hello", 415, "unsupported_media_type", "application/json"},
		{"no content type", "", `{"text":"hi"}`, 415, "unsupported_media_type", "Content-Type is missing"},
		{"latin-1 charset", "application/json; charset=iso-8859-1", `{"text":"hi"}`, 415, "unsupported_media_type", "charset=utf-8"},
		{"malformed content type", "application/json; ===", `{"text":"hi"}`, 415, "unsupported_media_type", "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := goodDoc()
			if r := e.post(t, "application/json", mustJSON(t, before)); r.Status != http.StatusAccepted {
				t.Fatalf("good document before: status %d, body %s", r.Status, r.Raw)
			}
			r := e.post(t, tt.contentType, tt.body)
			if r.Status != tt.status || r.errCode() != tt.code || !strings.Contains(r.errMessage(), tt.message) {
				t.Errorf("got %d %s %q, want %d %s with %q", r.Status, r.errCode(), r.errMessage(), tt.status, tt.code, tt.message)
			}
			after := goodDoc()
			if r := e.post(t, "application/x-ndjson", mustJSON(t, after)+"\n"); r.Status != http.StatusAccepted {
				t.Fatalf("good document after: status %d, body %s", r.Status, r.Raw)
			}
		})
	}
}

func TestPostOverLimitEnqueuesNothing(t *testing.T) {
	e := newEnv(t, Config{MaxBodyBytes: 1 << 10, MaxLines: 2})
	for _, body := range []string{
		mustJSON(t, goodDoc()) + "\n" + strings.Repeat(" ", 2<<10) + "\n",
		mustJSON(t, goodDoc()) + "\n" + mustJSON(t, goodDoc()) + "\n" + mustJSON(t, goodDoc()),
	} {
		first := body[:strings.Index(body, "\n")]
		d, err := ckm.DecodeDocument([]byte(first))
		if err != nil {
			t.Fatal(err)
		}
		if r := e.post(t, "application/x-ndjson", body); r.Status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status = %d, want 413; body %s", r.Status, r.Raw)
		}
		st, err := e.q.State(context.Background(), queues.Enqueued{ID: d.ID, TaskID: queues.TaskID(d), Queue: queues.QueueDefault})
		if err != nil || st.State != queues.StateUnknown {
			t.Errorf("first line's state = %v, %v; want unknown (never enqueued)", st, err)
		}
	}
}

// TestPost50MB sends a real 50 MB body against the default limit.
func TestPost50MB(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB body")
	}
	e := newEnv(t, Config{})
	for _, ct := range []string{"application/x-ndjson", "application/json"} {
		t.Run(ct, func(t *testing.T) {
			d := goodDoc()
			d.Text = strings.Repeat("We need invoices with project numbers. ", ckm.MaxTextBytes/40)
			line := mustJSON(t, d) + "\n"
			body := io.LimitReader(&repeatReader{s: line}, 50<<20)
			r := e.do(t, http.MethodPost, "/v1/documents", ct, body)
			if r.Status != http.StatusRequestEntityTooLarge || r.errCode() != CodeBodyTooLarge {
				t.Errorf("got %d %s %q, want 413 body_too_large", r.Status, r.errCode(), r.errMessage())
			}
			if r := e.post(t, "application/json", mustJSON(t, goodDoc())); r.Status != http.StatusAccepted {
				t.Errorf("good document after: status %d, body %s", r.Status, r.Raw)
			}
		})
	}
}

// repeatReader repeats s forever.
type repeatReader struct {
	s   string
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

func TestPostLongLineRejectedAlone(t *testing.T) {
	e := newEnv(t, Config{})
	long := `{"text":"` + strings.Repeat("a", ckm.MaxDocumentBytes) + `"}`
	good := goodDoc()
	r := e.post(t, "application/x-ndjson", long+"\n"+mustJSON(t, good)+"\n")
	if r.Status != http.StatusAccepted {
		t.Fatalf("status = %d, want 202; body %.300s", r.Status, r.Raw)
	}
	acc, rej := r.Body["accepted"].([]any), r.Body["rejected"].([]any)
	if len(acc) != 1 || len(rej) != 1 || rej[0].(map[string]any)["line"] != 1.0 || acc[0].(map[string]any)["line"] != 2.0 {
		t.Errorf("accepted %v, rejected %v; want line 2 accepted and line 1 rejected", acc, rej)
	}
}

// failingQueue passes enqueues to a real client except that of the
// document failID, which fails as an unreachable Redis does (documents of
// one POST are queued several at once, so the failure is tied to a
// document, not to the order of calls).
type failingQueue struct {
	*queues.Client
	failID string
}

func (f *failingQueue) Submit(ctx context.Context, p queues.Prepared, opts ...queues.EnqueueOption) (queues.Enqueued, error) {
	if d := p.Document(); d.ID == f.failID {
		return queues.Enqueued{}, fmt.Errorf("queues: enqueue %q: dial tcp: connection refused", d.ID)
	}
	return f.Client.Submit(ctx, p, opts...)
}

func TestPostQueueFailsMidway(t *testing.T) {
	e := newEnv(t, Config{})
	last := goodDoc()
	fq := &failingQueue{Client: e.q, failID: last.ID}
	srv := &env{srv: newServer(t, New(Config{}, fq, e.ix)), q: e.q}
	body := mustJSON(t, goodDoc()) + "\n{}\n" + mustJSON(t, goodDoc()) + "\n" + mustJSON(t, last) + "\n"
	r := srv.post(t, "application/x-ndjson", body)
	if r.Status != http.StatusServiceUnavailable || r.errCode() != CodeQueueUnavailable || !strings.Contains(r.errMessage(), "line 4") {
		t.Fatalf("got %d %s %q, want 503 queue_unavailable naming line 4", r.Status, r.errCode(), r.errMessage())
	}
	if acc, rej := r.Body["accepted"].([]any), r.Body["rejected"].([]any); len(acc) != 2 || len(rej) != 1 {
		t.Errorf("accepted %v, rejected %v; want lines 1 and 3 accepted, 2 rejected", acc, rej)
	}
}

func TestRedisDown(t *testing.T) {
	addr, stop, err := testutil.StartRedis(t.TempDir(), nil)
	if err != nil {
		t.Skipf("no redis-server: %v", err)
	}
	t.Cleanup(stop)
	e := newEnvAt(t, Config{Version: "v-test"}, addr)

	if r := e.get(t, "/healthz"); r.Status != http.StatusOK || r.Body["status"] != "ok" || r.Body["version"] != "v-test" {
		t.Fatalf("healthz with redis = %d %s, want 200 ok v-test", r.Status, r.Raw)
	}
	stop()
	r := e.get(t, "/healthz")
	if red, _ := r.Body["redis"].(string); r.Status != http.StatusServiceUnavailable || r.Body["status"] != "degraded" || red == "" {
		t.Errorf("healthz without redis = %d %s, want 503 degraded with the redis error", r.Status, r.Raw)
	}
	for _, ct := range []string{"application/json", "application/x-ndjson"} {
		r := e.post(t, ct, mustJSON(t, goodDoc())+"\n")
		if r.Status != http.StatusServiceUnavailable || r.errCode() != CodeQueueUnavailable {
			t.Errorf("%s without redis = %d %s, want 503 queue_unavailable", ct, r.Status, r.Raw)
		}
	}
}

package api

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/queues"
	"github.com/google/go-cmp/cmp"
)

func sample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPostRawFormats posts each raw content type and checks the answer and
// that the task is on the queue.
func TestPostRawFormats(t *testing.T) {
	e := newEnv(t, Config{})
	uniq := fmt.Sprint(time.Now().UnixNano())
	tests := []struct {
		name, ct, query, body, wantID string
	}{
		{"email", "message/rfc822", "client=globex", sample(t, "pt-base64.eml"), "msg:pt1@cliente.example"},
		{"vtt with id", "text/vtt", "client=globex&source=call&id=call-" + uniq, sample(t, "call-en.vtt"), "call-" + uniq},
		{"srt", "application/x-subrip", "client=globex", sample(t, "chamada-pt.srt"), ""},
		{"plain transcript", "text/plain; charset=utf-8", "client=globex", sample(t, "chamada-pt.txt"), ""},
		{"plain note", "text/plain", "client=globex&source=note", "We need the invoice export by Friday.\n\nBest regards,\nDana", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, http.MethodPost, "/v1/documents?"+tt.query, tt.ct, strings.NewReader(tt.body))
			if r.Status != http.StatusAccepted {
				t.Fatalf("status %d, want 202: %s", r.Status, r.Raw)
			}
			id, _ := r.Body["id"].(string)
			if tt.wantID != "" && id != tt.wantID {
				t.Errorf("id %q, want %q", id, tt.wantID)
			}
			if q := r.Body["queue"]; q != queues.QueueCritical {
				t.Errorf("queue %v, want critical", q)
			}
			st, err := e.q.State(context.Background(), queues.Enqueued{ID: id, TaskID: taskIDOf(t, tt.body, tt.ct, tt.query), Queue: queues.QueueCritical})
			if err != nil || st.State != queues.StatePending {
				t.Errorf("task state %+v, %v; want pending", st, err)
			}
		})
	}
}

// taskIDOf is the task ID of the document a raw body makes.
func taskIDOf(t *testing.T, body, ct, query string) string {
	t.Helper()
	cfg, id, name, err := ingestQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	mt, _, _ := mime.ParseMediaType(ct)
	ps, err := ingest.Parse([]byte(body), name, mt, cfg)
	if err != nil || len(ps) != 1 {
		t.Fatalf("parse: %d documents, %v", len(ps), err)
	}
	if id != "" {
		ps[0].Document.ID = id
	}
	return queues.TaskID(ps[0].Document)
}

// TestPostMbox posts an mbox with two good messages and a truncated one.
func TestPostMbox(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.do(t, http.MethodPost, "/v1/documents?client=globex", "application/mbox", strings.NewReader(sample(t, "thread.mbox")))
	if r.Status != http.StatusAccepted {
		t.Fatalf("status %d, want 202: %s", r.Status, r.Raw)
	}
	acc, _ := r.Body["accepted"].([]any)
	rej, _ := r.Body["rejected"].([]any)
	var ids []string
	for _, a := range acc {
		ids = append(ids, a.(map[string]any)["id"].(string))
	}
	if diff := cmp.Diff([]string{"msg:m1@globex.example", "msg:m2@acme.example"}, ids); diff != "" {
		t.Errorf("accepted ids (-want +got):\n%s", diff)
	}
	if len(rej) != 1 || !strings.Contains(fmt.Sprint(rej[0]), "message 3: ") {
		t.Errorf("rejected %v, want message 3", rej)
	}
	// id names one document; an mbox holds several.
	r = e.do(t, http.MethodPost, "/v1/documents?id=x", "application/mbox", strings.NewReader(sample(t, "thread.mbox")))
	if r.Status != http.StatusBadRequest || r.errCode() != CodeBadQuery {
		t.Errorf("mbox with id: %d %s, want 400 bad_query", r.Status, r.Raw)
	}
}

func TestPostRawRejected(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		name, ct, query, body string
		status                int
		code, msg             string
	}{
		{"truncated mime", "message/rfc822", "", "From: a@b.c\nTo: d@e.f\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\ncut", 400, CodeInvalidDocument, "truncated"},
		{"binary as text", "text/plain", "", "\x00\x01\x02\xff", 400, CodeInvalidDocument, "binary data"},
		{"only a quote", "message/rfc822", "", "From: a@b.c\nTo: d@e.f\n\nOn Mon, Jan 1, 2026 at 9:00 AM Bob wrote:\n> hi", 400, CodeInvalidDocument, "nothing is left"},
		{"vtt without cues", "text/vtt", "", "WEBVTT\n\n", 400, CodeInvalidDocument, "no text"},
		{"latin-1 text", "text/plain; charset=iso-8859-1", "", "ol\xe1", 415, CodeUnsupportedMediaType, "charset"},
		{"unknown parameter", "text/plain", "lang=pt", "Agent: a\nCustomer: b", 400, CodeBadQuery, "unknown parameter"},
		{"bad source", "text/plain", "source=fax", "Agent: a\nCustomer: b", 400, CodeBadQuery, "source"},
		{"another type", "text/markdown", "", "# hi", 415, CodeUnsupportedMediaType, "not accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, http.MethodPost, "/v1/documents?"+tt.query, tt.ct, strings.NewReader(tt.body))
			if r.Status != tt.status || r.errCode() != tt.code || !strings.Contains(r.errMessage(), tt.msg) {
				t.Errorf("got %d %s, want %d %s with %q", r.Status, r.Raw, tt.status, tt.code, tt.msg)
			}
		})
	}
}

// TestMboxLineLimit holds an mbox to the limit of every multi-document
// body: over MaxLines messages is a 413 that queues nothing.
func TestMboxLineLimit(t *testing.T) {
	e := newEnv(t, Config{MaxLines: 3})
	msg := func(i int) string {
		return fmt.Sprintf("From a@x.example Mon Nov  2 10:00:00 2026\nFrom: a@x.example\nSubject: s%d\nMessage-ID: <m%d@x.example>\n\nMessage number %d about invoices.\n\n", i, i, i)
	}
	tests := []struct {
		name   string
		n      int
		status int
		code   string
	}{
		{name: "at the limit", n: 3, status: http.StatusAccepted},
		{name: "over the limit", n: 4, status: http.StatusRequestEntityTooLarge, code: CodeTooManyLines},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for i := range tc.n {
				b.WriteString(msg(i + 10*tc.n))
			}
			before := queued(t, e.q)
			r := e.do(t, http.MethodPost, "/v1/documents?client=globex", "application/mbox", strings.NewReader(b.String()))
			if r.Status != tc.status || r.errCode() != tc.code {
				t.Fatalf("%d messages: %d %s, want %d %q", tc.n, r.Status, r.Raw, tc.status, tc.code)
			}
			want := before
			if tc.code == "" {
				want += tc.n
			}
			if got := queued(t, e.q); got != want {
				t.Errorf("%d tasks queued, want %d", got, want)
			}
		})
	}
}

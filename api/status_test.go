package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDocumentStatus(t *testing.T) {
	e := newEnv(t, Config{})
	a := goodDoc()
	r := e.do(t, http.MethodPost, "/v1/documents?queue=batch", "application/x-ndjson", strings.NewReader(mustJSON(t, a)+"\n"))
	acc, _ := r.Body["accepted"].([]any)
	if r.Status != http.StatusAccepted || len(acc) != 1 || acc[0].(map[string]any)["queue"] != "batch" {
		t.Fatalf("POST ?queue=batch = %d %s, want one document accepted on batch", r.Status, r.Raw)
	}
	tests := []struct {
		name   string
		body   string
		status int
		want   any // the documents answered, or the error code
	}{
		{"pending and unknown", `{"documents":[` + mustJSON(t, acc[0]) + `,{"id":"nosuch","task_id":"doc:nosuch:0123456789abcdef","queue":"default"}]}`, http.StatusOK,
			[]any{
				map[string]any{"id": a.ID, "state": "pending"},
				map[string]any{"id": "nosuch", "state": "unknown"},
			}},
		{"no task id", `{"documents":[{"id":"x","queue":"default"}]}`, http.StatusBadRequest, CodeBadQuery},
		{"no such queue", `{"documents":[{"id":"x","task_id":"doc:x:1","queue":"index"}]}`, http.StatusBadRequest, CodeBadQuery},
		{"unknown field", `{"docs":[]}`, http.StatusBadRequest, CodeBadQuery},
		{"too many", `{"documents":[` + strings.Repeat(`{"id":"x","task_id":"doc:x:1","queue":"default"},`, MaxStatusDocuments) + `{"id":"x","task_id":"doc:x:1","queue":"default"}]}`, http.StatusBadRequest, CodeBadQuery},
		{"empty", `{"documents":[]}`, http.StatusOK, []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(t, http.MethodPost, "/v1/documents/status", "application/json", strings.NewReader(tt.body))
			if r.Status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.Status, tt.status, r.Raw)
			}
			got := any(r.errCode())
			if tt.status == http.StatusOK {
				got = r.Body["documents"]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPostLinesQueue(t *testing.T) {
	e := newEnv(t, Config{})
	r := e.do(t, http.MethodPost, "/v1/documents?queue=critical", "application/x-ndjson", strings.NewReader(mustJSON(t, goodDoc())+"\n"))
	if r.Status != http.StatusBadRequest || r.errCode() != CodeBadQuery || !strings.Contains(r.errMessage(), "want default or batch") {
		t.Errorf("POST ?queue=critical = %d %s, want 400 bad_query naming default and batch", r.Status, r.Raw)
	}
	if sizes, err := e.q.Sizes(t.Context()); err != nil || len(sizes) != 0 {
		t.Errorf("queues after a refused batch: %+v, %v; want none", sizes, err)
	}
}

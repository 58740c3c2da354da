package jobs_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/queues"
)

// serveJobs serves h's routes on a test server with writers that answer
// like the API: {"error": {"code", "message"}}, 500 for other errors.
func serveJobs(t *testing.T, svc *jobs.Service) *httptest.Server {
	t.Helper()
	writeJSON := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	h := &jobs.Handlers{Jobs: svc, WriteJSON: writeJSON, WriteError: func(w http.ResponseWriter, r *http.Request, err error) {
		je := &jobs.Error{Status: http.StatusInternalServerError, Code: "internal", Message: err.Error()}
		errors.As(err, &je)
		writeJSON(w, je.Status, map[string]any{"error": map[string]string{"code": je.Code, "message": je.Message}})
	}}
	mux := http.NewServeMux()
	for pattern, handler := range h.Routes() {
		mux.HandleFunc(pattern, handler)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// answer is what an endpoint answered: the status, and the job or error.
type answer struct {
	status int
	ID     string `json:"id"`
	State  string `json:"state"`
	Run    int    `json:"run"`
	Jobs   []struct {
		ID        string `json:"id"`
		Remaining *int64 `json:"remaining"`
	} `json:"jobs"`
	Error struct{ Code, Message string } `json:"error"`
}

func call(t *testing.T, srv *httptest.Server, method, path, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	a := answer{status: res.StatusCode}
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s %s: %d %q: %v", method, path, res.StatusCode, b, err)
	}
	return a
}

// TestHandlers steers jobs through the HTTP endpoints against a real
// Redis: each answer's status and code is what the API documents.
func TestHandlers(t *testing.T) {
	cfg := queues.Config{RedisAddr: testutil.Redis(t)}
	qc, err := queues.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qc.Close() })
	srv := serveJobs(t, &jobs.Service{Store: newStoreAt(t, cfg), Queue: qc, Version: "v2"})

	first := call(t, srv, "POST", "/v1/reanalyze", `{"client":"globex"}`)
	if first.status != http.StatusAccepted || first.State != jobs.StateRunning || first.ID == "" {
		t.Fatalf("start: %+v, want 202 running", first)
	}
	id := first.ID
	steps := []struct {
		name, method, path, body string
		status                   int
		code, state              string
	}{
		{"same scope again", "POST", "/v1/reanalyze", `{"client":"globex"}`, http.StatusConflict, "job_running", ""},
		{"unknown field", "POST", "/v1/reanalyze", `{"clients":"globex"}`, http.StatusBadRequest, "bad_request", ""},
		{"since after until", "POST", "/v1/reanalyze", `{"since":"2026-02-01T00:00:00Z","until":"2026-01-01T00:00:00Z"}`, http.StatusBadRequest, "bad_request", ""},
		{"get", "GET", "/v1/jobs/" + id, "", http.StatusOK, "", jobs.StateRunning},
		{"get unknown", "GET", "/v1/jobs/nope", "", http.StatusNotFound, "not_found", ""},
		{"resume a running job", "POST", "/v1/jobs/" + id + "/resume", "", http.StatusConflict, "job_state", ""},
		{"cancel", "POST", "/v1/jobs/" + id + "/cancel", "", http.StatusOK, "", jobs.StateCancelled},
		{"cancel unknown", "POST", "/v1/jobs/nope/cancel", "", http.StatusNotFound, "not_found", ""},
		{"resume", "POST", "/v1/jobs/" + id + "/resume", "", http.StatusOK, "", jobs.StateRunning},
	}
	for _, s := range steps {
		a := call(t, srv, s.method, s.path, s.body)
		if a.status != s.status || a.Error.Code != s.code || a.State != s.state {
			t.Errorf("%s: %d %q state %q (%s), want %d %q state %q", s.name, a.status, a.Error.Code, a.State, a.Error.Message, s.status, s.code, s.state)
		}
	}
	if a := call(t, srv, "GET", "/v1/jobs/"+id, ""); a.Run != 2 {
		t.Errorf("resumed job is run %d, want 2", a.Run)
	}
	list := call(t, srv, "GET", "/v1/jobs", "")
	if list.status != http.StatusOK || len(list.Jobs) != 1 || list.Jobs[0].ID != id || list.Jobs[0].Remaining == nil {
		t.Errorf("list: %+v, want the one job with its remaining count", list)
	}
}

// TestHandlersWithoutJobs checks the answers of a server that runs no
// jobs.
func TestHandlersWithoutJobs(t *testing.T) {
	srv := serveJobs(t, nil)
	tests := []struct {
		name, method, path string
		status             int
		code               string
	}{
		{"start", "POST", "/v1/reanalyze", http.StatusServiceUnavailable, "jobs_unavailable"},
		{"get", "GET", "/v1/jobs/j1", http.StatusNotFound, "not_found"},
		{"cancel", "POST", "/v1/jobs/j1/cancel", http.StatusNotFound, "not_found"},
		{"list", "GET", "/v1/jobs", http.StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := call(t, srv, tt.method, tt.path, "")
			if a.status != tt.status || a.Error.Code != tt.code {
				t.Errorf("%d %q, want %d %q", a.status, a.Error.Code, tt.status, tt.code)
			}
		})
	}
}

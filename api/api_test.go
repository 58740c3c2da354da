package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

// env is a server wired to real parts: a private Redis and an index in a
// temporary directory.
type env struct {
	srv *httptest.Server
	q   *queues.Client
	ix  *index.Index
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	return newEnvAt(t, cfg, testutil.Redis(t))
}

func newEnvAt(t testing.TB, cfg Config, redisAddr string, opts ...queues.ClientOption) *env {
	t.Helper()
	q, err := queues.NewClient(queues.Config{RedisAddr: redisAddr}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	ix, err := index.Open(context.Background(), index.Config{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv := httptest.NewServer(New(cfg, q, ix).Handler())
	t.Cleanup(srv.Close)
	return &env{srv: srv, q: q, ix: ix}
}

// response is a decoded answer.
type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

// errCode returns body.error.code, or "".
func (r response) errCode() string {
	e, _ := r.Body["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func (r response) errMessage() string {
	e, _ := r.Body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func (e *env) do(t *testing.T, method, path, contentType string, body io.Reader) response {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %s: Content-Type = %q, want application/json; body %s", method, path, ct, raw)
	}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
	}
	return r
}

func (e *env) post(t *testing.T, contentType, body string) response {
	t.Helper()
	return e.do(t, http.MethodPost, "/v1/documents", contentType, strings.NewReader(body))
}

func (e *env) get(t *testing.T, path string) response {
	t.Helper()
	return e.do(t, http.MethodGet, path, "", nil)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(b.String())
}

func newServer(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return srv
}

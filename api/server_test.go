package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/index"
)

func TestRoutes(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		method, path string
		status       int
		code, allow  string
	}{
		{"GET", "/v1/nothing", 404, "not_found", ""},
		{"GET", "/nothing", 404, "not_found", ""}, // "/" is the page
		{"GET", "/v1/documents", 405, "method_not_allowed", "POST"},
		{"DELETE", "/v1/documents/d1", 405, "method_not_allowed", "GET"},
		{"POST", "/v1/search", 405, "method_not_allowed", "GET"},
		{"PUT", "/healthz", 405, "method_not_allowed", "GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := e.do(t, tt.method, tt.path, "", nil)
			if r.Status != tt.status || r.errCode() != tt.code || r.Header.Get("Allow") != tt.allow {
				t.Errorf("got %d %s Allow %q, want %d %s Allow %q; body %s", r.Status, r.errCode(), r.Header.Get("Allow"), tt.status, tt.code, tt.allow, r.Raw)
			}
		})
	}
}

// panicker is an index that panics, as a bug would: the methods below,
// and any other through the nil Index it embeds.
type panicker struct{ Index }

func (panicker) Search(context.Context, index.Query) (*index.Result, error) { panic("boom") }
func (panicker) Get(context.Context, string) (index.Record, error)          { panic("boom") }
func (panicker) Owner(context.Context, string) (string, error)              { panic("boom") }

func TestPanicIs500(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e := newEnv(t, Config{})
	srv := &env{srv: newServer(t, New(Config{Logger: log}, e.q, panicker{}))}
	r := srv.get(t, "/v1/search?q=x")
	if r.Status != http.StatusInternalServerError || r.errCode() != CodeInternal {
		t.Errorf("got %d %s, want 500 internal", r.Status, r.Raw)
	}
	if !strings.Contains(logs.String(), "panic=boom") || !strings.Contains(logs.String(), "status=500") {
		t.Errorf("log does not report the panic and the 500:\n%s", logs.String())
	}
}

func TestNoIndex(t *testing.T) {
	e := newEnv(t, Config{})
	srv := &env{srv: newServer(t, New(Config{}, e.q, nil))}
	for _, path := range []string{"/v1/search?q=x", "/v1/documents/d1"} {
		if r := srv.get(t, path); r.Status != http.StatusServiceUnavailable || r.errCode() != CodeIndexUnavailable {
			t.Errorf("GET %s = %d %s, want 503 index_unavailable", path, r.Status, r.Raw)
		}
	}
}

package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestProfiling checks that /debug/pprof/ answers admins only: a missing
// or unknown key gets 401, a scoped key 403, an admin key the profiles;
// on a server without keys the admin token is needed even to read; and
// without Config.Profiling nothing is mounted.
func TestProfiling(t *testing.T) {
	const token = "0123456789abcdef"
	ks := mustKeys(t, keyLine("acme-bot", "key-acme", false, "acme"), keyLine("ops", "key-ops", true, "*"))
	keyed := newEnv(t, Config{Keys: ks, RateLimit: -1, AuthFailRate: -1, Profiling: true})
	open := newEnv(t, Config{AdminToken: token, Profiling: true})
	off := newEnv(t, Config{Keys: ks, RateLimit: -1})
	tests := []struct {
		name       string
		e          *env
		path, auth string
		want       int
		body       string // a part of the body of a 200
	}{
		{"keys: no key", keyed, "/debug/pprof/", "", http.StatusUnauthorized, ""},
		{"keys: unknown key", keyed, "/debug/pprof/", "Bearer nope", http.StatusUnauthorized, ""},
		{"keys: scoped key", keyed, "/debug/pprof/", "Bearer key-acme", http.StatusForbidden, ""},
		{"keys: scoped key, cpu profile", keyed, "/debug/pprof/profile?seconds=1", "Bearer key-acme", http.StatusForbidden, ""},
		{"keys: admin key", keyed, "/debug/pprof/", "Bearer key-ops", http.StatusOK, "goroutine"},
		{"keys: admin key, heap", keyed, "/debug/pprof/heap?debug=1", "Bearer key-ops", http.StatusOK, "heap profile"},
		{"keys: admin key, cmdline", keyed, "/debug/pprof/cmdline", "Bearer key-ops", http.StatusOK, ""},
		{"open: no token", open, "/debug/pprof/", "", http.StatusUnauthorized, ""},
		{"open: wrong token", open, "/debug/pprof/goroutine", "Bearer nope", http.StatusUnauthorized, ""},
		{"open: the token", open, "/debug/pprof/goroutine?debug=1", "Bearer " + token, http.StatusOK, "goroutine profile"},
		{"off: admin key", off, "/debug/pprof/", "Bearer key-ops", http.StatusNotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodGet, tt.e.srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			p := tt.e.send(t, req)
			if p.Status != tt.want {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.path, p.Status, tt.want, p.Body)
			}
			if !strings.Contains(p.Body, tt.body) {
				t.Errorf("GET %s: body lacks %q\n%.300s", tt.path, tt.body, p.Body)
			}
		})
	}
}

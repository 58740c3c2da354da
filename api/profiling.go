package api

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
)

// routeProfiling mounts Go's profiler (net/http/pprof) under /debug/pprof/
// when Config.Profiling is set, for admins only. A CPU profile of a slow
// deployment is taken with the admin key (or, on a server without keys,
// the admin token):
//
//	curl -H "Authorization: Bearer $KEY" -o cpu.out 'http://HOST/debug/pprof/profile?seconds=20'
//	go tool pprof -top bin/ckm cpu.out
func (s *Server) routeProfiling() {
	if !s.cfg.Profiling {
		return
	}
	s.mux.HandleFunc("GET /debug/pprof/", s.requireProfiler(pprof.Index))
	s.mux.HandleFunc("GET /debug/pprof/cmdline", s.requireProfiler(pprof.Cmdline))
	s.mux.HandleFunc("GET /debug/pprof/profile", s.requireProfiler(pprof.Profile))
	s.mux.HandleFunc("GET /debug/pprof/symbol", s.requireProfiler(pprof.Symbol))
	s.mux.HandleFunc("POST /debug/pprof/symbol", s.requireProfiler(pprof.Symbol))
	s.mux.HandleFunc("GET /debug/pprof/trace", s.requireProfiler(pprof.Trace))
}

// requireProfiler lets only admins profile: an admin key, or on a server
// without keys the admin token even for a GET (a profile costs CPU and
// shows the program's internals, so reading it is an admin action too).
// A caller without it gets a 401 (open server, no or wrong token) or a 403
// (a key that is not an admin's).
func (s *Server) requireProfiler(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sc := scopeFrom(r.Context())
		if !sc.admin {
			s.writeError(w, r, &apiError{Status: http.StatusForbidden, Code: CodeForbidden, Message: "profiling needs an admin key"})
			return
		}
		if sc.open && s.cfg.AdminToken != "" {
			token, ok := bearer(r.Header.Get("Authorization"))
			if !ok || subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.AdminToken)) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="ckm"`)
				s.writeError(w, r, &apiError{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
					Message: "on a server without API keys, profiling needs the admin token that ckm serve wrote to admin-token in its data directory: send Authorization: Bearer <token>"})
				return
			}
		}
		h(w, r)
	}
}

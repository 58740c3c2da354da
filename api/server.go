package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/jobs"
	"github.com/ckmhq/ckm/queues"
	"github.com/prometheus/client_golang/prometheus"
)

// Defaults of Config.
const (
	DefaultMaxBodyBytes = 32 << 20
	DefaultMaxLines     = 10000
)

// Config configures a Server. The zero value works.
type Config struct {
	// Logger receives a debug line per request and an error line per
	// failure. Nil discards.
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body; ≤ 0 means DefaultMaxBodyBytes.
	// A single JSON document is also bounded by ckm.MaxDocumentBytes.
	MaxBodyBytes int64
	// MaxLines bounds the documents in one request, whatever its format
	// (JSON Lines, an mbox); ≤ 0 means DefaultMaxLines.
	MaxLines int
	// Version is reported by /healthz.
	Version string
	// Gazetteer stores the editable gazetteer (GET and PUT /v1/gazetteer);
	// ValidateGazetteer checks an upload and counts its entries. Nil
	// answers that this server keeps none.
	Gazetteer         GazetteerStore
	ValidateGazetteer func(body []byte) (entries int, err error)
	// Themes stores the admin's theme corrections (GET and PUT
	// /v1/themes/corrections). Nil answers that this server keeps none.
	Themes ThemeStore
	// Jobs runs re-analysis jobs (POST /v1/reanalyze, /v1/jobs, served
	// by jobs.Handlers); nil answers that this server runs none.
	Jobs *jobs.Service
	// Keys are the API keys callers must present as "Authorization:
	// Bearer <key>"; each sees only its clients. Nil runs the server open:
	// every caller sees everything and is an admin (for development on
	// loopback only; cmd refuses other addresses).
	Keys *Keys
	// RateLimit is each key's sustained rate in requests per second, with
	// bursts of RateBurst: 0 means DefaultRateLimit and DefaultRateBurst,
	// < 0 means no limit. Only callers with keys are limited.
	RateLimit float64
	RateBurst int
	// AdminToken, when set on a server without Keys, is what admin actions
	// (the admin endpoints' POST, PUT, PATCH and DELETE) need as
	// "Authorization: Bearer <token>": an open development server then
	// shows everything to any local caller but takes a forced re-analysis
	// or a gazetteer change only from one that can read the token (serve
	// writes it to a 0600 file) and never from a web page's cross-site
	// request. Empty makes every caller of an open server an admin.
	AdminToken string
	// AuthFailRate is how many requests with a missing or invalid key one
	// source address may make per second, with bursts of AuthFailBurst:
	// past it, every request from that address is a 429 until its bucket
	// refills. 0 means DefaultAuthFailRate and DefaultAuthFailBurst, < 0
	// no limit.
	AuthFailRate  float64
	AuthFailBurst int
	// QueryBudget is the cost of searches each key may have in flight at
	// once (see queryCost): 0 means DefaultQueryBudget, < 0 no budget.
	// A search over it gets a 429; so does no other key's.
	QueryBudget int
	// Metrics, when set, gets the server's HTTP request counters and
	// latency histograms and the index's document count, and is served at
	// GET /metrics to admin keys (page.go, metrics.go).
	Metrics *prometheus.Registry
	// Monitoring, when set, is mounted at /monitoring/ for admin keys
	// (asynqmon's UI, built with RootPath "/monitoring").
	Monitoring http.Handler
	// Alerts keeps each key's saved searches and watches (/v1/alerts,
	// alerts.go); nil answers that this server keeps none.
	Alerts AlertStore
	// Health are the checks /healthz runs besides pinging Redis: each
	// error is a reason the service is degraded (the index's disk nearly
	// full, documents waiting on a fault). Such a service still takes
	// documents, so it answers 200 with status "degraded"; only Redis
	// unreachable is a 503.
	Health []func(ctx context.Context) error
	// MaxSearches is how many searches run at once, over all keys; more
	// wait for a place, first come first served. Hints, emerging, compare
	// and the client and emerging pages take a place as a search does.
	// ≤ 0 means two per core.
	MaxSearches int
	// MaxQueuedSearches is how many searches may wait for a place; past
	// it a search gets a 503 (code "busy") with Retry-After. ≤ 0 means
	// DefaultMaxQueuedSearches.
	MaxQueuedSearches int
	// Profiling mounts Go's profiler at /debug/pprof/ for admins
	// (profiling.go); false leaves it out.
	Profiling bool
}

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxLines <= 0 {
		c.MaxLines = DefaultMaxLines
	}
	if c.RateLimit == 0 {
		c.RateLimit = DefaultRateLimit
	}
	if c.AuthFailRate == 0 {
		c.AuthFailRate = DefaultAuthFailRate
	}
	if c.AuthFailBurst <= 0 {
		c.AuthFailBurst = DefaultAuthFailBurst
	}
	if c.QueryBudget == 0 {
		c.QueryBudget = DefaultQueryBudget
	}
	if c.MaxSearches <= 0 {
		c.MaxSearches = defaultMaxSearches()
	}
	if c.MaxQueuedSearches <= 0 {
		c.MaxQueuedSearches = DefaultMaxQueuedSearches
	}
	if c.RateBurst <= 0 {
		c.RateBurst = max(DefaultRateBurst, int(math.Ceil(c.RateLimit)))
	}
	return c
}

// Enqueuer queues documents for analysis; *queues.Client is one. The
// server prepares each document (Prepare normalises, dates, redacts,
// validates and hashes it, once), checks the caller's rights on the
// prepared document, then submits it.
type Enqueuer interface {
	Prepare(ctx context.Context, d ckm.Document, edit func(*ckm.Document)) (queues.Prepared, error)
	Submit(ctx context.Context, p queues.Prepared, opts ...queues.EnqueueOption) (queues.Enqueued, error)
	State(ctx context.Context, e queues.Enqueued) (queues.TaskState, error)
	Ping() error
}

// Index is everything the server asks of the search index: searches,
// documents, hints, themes and the document count. *index.Index is one
// (a test checks it at compile time). Its methods must be safe for
// concurrent use.
type Index interface {
	// Search runs q; an error wrapping a *query.Error is the query's
	// fault (a 400).
	Search(ctx context.Context, q index.Query) (*index.Result, error)
	// Get returns document id's record, or index.ErrNotFound.
	Get(ctx context.Context, id string) (index.Record, error)
	// Owner returns the client of document id without loading its
	// record, or index.ErrNotFound.
	Owner(ctx context.Context, id string) (string, error)
	// Count is the number of document records (the /metrics gauge).
	Count(ctx context.Context) (uint64, error)
	// Hints ranks one client's themes (hints.go, the client page).
	Hints(ctx context.Context, q index.HintsQuery) (*index.Hints, error)
	// Emerging tests which themes rose recently (hints.go, the page).
	Emerging(ctx context.Context, q index.EmergingQuery) (*index.Emerging, error)
	// Compare weighs a client against everyone (compare.go).
	Compare(ctx context.Context, q index.CompareQuery) (*index.Comparison, error)
	// Themes is the theme table learned from clients' needs (themes.go).
	Themes(ctx context.Context, clients []string) (*index.ThemeTable, error)
	// SetThemeCorrections applies an admin's theme corrections at once.
	SetThemeCorrections(c index.ThemeCorrections)
	// ThemeLabels words theme keys as their mentions do (page_search.go).
	ThemeLabels(ctx context.Context, keys, clients []string) (map[string]string, error)
}

// Server is the HTTP API. It is safe for concurrent use.
type Server struct {
	cfg Config
	log *slog.Logger
	q   Enqueuer
	ix  Index
	mux *http.ServeMux
	// limits holds the per-key token buckets.
	limits *limiters
	// authFails holds the per-address buckets of failed authentications.
	authFails *limiters
	budgets   *budgets   // per-key query cost in flight (budget.go)
	admission *admission // searches in flight over all keys (admission.go)
	web       *web       // the page (page.go)
}

// New returns a Server that enqueues to q and searches ix. A nil ix makes
// the search endpoints answer 503.
func New(cfg Config, q Enqueuer, ix Index) *Server {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, log: cfg.Logger, q: q, ix: ix, mux: http.NewServeMux(),
		limits: newLimiters(cfg.RateLimit, cfg.RateBurst), budgets: newBudgets(cfg.QueryBudget),
		admission: newAdmission(cfg.MaxSearches, cfg.MaxQueuedSearches),
		authFails: newLimiters(cfg.AuthFailRate, cfg.AuthFailBurst)}
	s.mux.HandleFunc("POST /v1/documents", s.postDocuments)
	s.mux.HandleFunc("GET /v1/documents/{id}", s.getDocument)
	s.mux.HandleFunc("POST /v1/documents/status", s.postStatus)
	s.routeJobs()
	s.routeGazetteer()
	s.routeAlerts()
	s.routeThemes()
	s.mux.HandleFunc("GET /v1/search", s.search)
	s.mux.HandleFunc("GET /v1/clients/{client}/hints", s.hints)
	s.mux.HandleFunc("GET /v1/clients/{client}/compare", s.compare)
	s.mux.HandleFunc("GET /v1/emerging", s.emerging)
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.routeWeb()
	s.routeProfiling()
	return s
}

// Handler returns the server's handler: the routes, with JSON answers for
// unknown paths and methods, a debug log line per request and panics turned
// into 500s.
func (s *Server) Handler() http.Handler {
	return s.withWeb(http.HandlerFunc(s.serveHTTP))
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("api: panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			if sw.status == 0 {
				s.writeError(sw, r, &apiError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error; it has been logged"})
			}
		}
		s.log.Debug("api: request", "method", r.Method, "path", r.URL.Path, "status", sw.code(), "bytes", sw.bytes, "duration", time.Since(start))
	}()
	sw.Header().Set("X-Content-Type-Options", "nosniff")
	r, ok := s.authenticate(sw, r)
	if !ok {
		return
	}
	if _, pattern := s.mux.Handler(r); pattern == "" {
		s.writeError(sw, r, s.routeError(r))
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// routeError says why r matched no route: another method (405, with the
// allowed ones) or no such path (404). It asks the mux with the other
// methods, so the answer never disagrees with the routes.
func (s *Server) routeError(r *http.Request) *routeError {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return &routeError{Status: http.StatusNotFound, Method: r.Method, Path: r.URL.Path}
	}
	return &routeError{Status: http.StatusMethodNotAllowed, Method: r.Method, Path: r.URL.Path, Allow: strings.Join(allow, ", ")}
}

type health struct {
	Status  string   `json:"status"`
	Version string   `json:"version,omitempty"`
	Redis   string   `json:"redis,omitempty"`
	Reasons []string `json:"reasons,omitempty"`
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	h := health{Status: "ok", Version: s.cfg.Version}
	for _, check := range s.cfg.Health {
		if err := check(r.Context()); err != nil {
			h.Reasons = append(h.Reasons, err.Error())
		}
	}
	status := http.StatusOK
	if err := s.q.Ping(); err != nil {
		h.Redis = err.Error()
		h.Reasons = append(h.Reasons, err.Error())
		status = http.StatusServiceUnavailable
	}
	if len(h.Reasons) > 0 {
		h.Status = "degraded"
	}
	s.writeJSON(w, status, h)
}

// writeJSON writes v as the JSON body with status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		s.log.Debug("api: write response", "err", err)
	}
}

// writeError maps err (see toAPIError) and writes it; errors that are not
// the client's fault are logged.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	ae := toAPIError(err)
	if ae.Status >= 500 {
		s.log.Error("api: request failed", "method", r.Method, "path", r.URL.Path, "status", ae.Status, "err", err)
	}
	var re *routeError
	if errors.As(err, &re) && re.Allow != "" {
		w.Header().Set("Allow", re.Allow)
	}
	s.writeJSON(w, ae.Status, errorBody{Error: ae})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

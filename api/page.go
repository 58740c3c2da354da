package api

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm/index"
)

// This file is the managers' web page: server-rendered HTML from the
// templates under web/, with the routes
//
//	GET  /                     search (page_search.go)
//	GET  /clients/{client}     a client's hints, emerging themes, documents, entities
//	GET  /emerging             emerging themes across clients, with a chart
//	GET  /documents/{id}       a document with its entity and need spans marked
//	GET  /login, POST /login   a form that keeps the API key in a cookie
//	POST /logout               forgets it
//	GET  /assets/{file}        the stylesheet and the script
//	GET  /metrics              Prometheus metrics (admin; when Config.Metrics is set)
//	     /monitoring/          Config.Monitoring, e.g. asynqmon (admin)
//
// Pages read the caller's scope from the request context exactly as the
// JSON endpoints do: a scoped key sees only its clients, and another
// client's page or document is a 404.

//go:embed web/templates/*.html web/assets/*
var webFiles embed.FS

// keyCookie is the cookie the login form stores the API key in.
const keyCookie = "ckm_key"

// pageNames are the templates under web/templates besides the layout.
var pageNames = []string{"search", "client", "emerging", "document", "login", "error", "alerts"}

// web holds what the page needs beyond the JSON API: parsed templates, the
// unauthenticated routes and the request metrics.
type web struct {
	pages   map[string]*template.Template
	public  *http.ServeMux // login, logout and assets: no key needed
	metrics *httpMetrics   // nil without Config.Metrics
}

// routeWeb parses the templates and registers the page routes. It panics
// on a template that does not parse: they are embedded, so that is a bug
// caught by every test.
func (s *Server) routeWeb() {
	s.web = &web{pages: map[string]*template.Template{}, public: http.NewServeMux()}
	for _, name := range pageNames {
		t := template.New(name).Funcs(pageFuncs)
		s.web.pages[name] = template.Must(t.ParseFS(webFiles, "web/templates/layout.html", "web/templates/"+name+".html"))
	}
	s.mux.HandleFunc("GET /{$}", s.searchPage)
	s.mux.HandleFunc("GET /clients/{client}", s.clientPage)
	s.mux.HandleFunc("GET /emerging", s.emergingPage)
	s.mux.HandleFunc("GET /documents/{id}", s.documentPage)
	s.mux.HandleFunc("GET /alerts", s.alertsPage)

	assets, _ := fs.Sub(webFiles, "web/assets")
	files := http.FileServerFS(assets)
	s.web.public.Handle("GET /assets/", http.StripPrefix("/assets/", cacheFor(time.Hour, files)))
	s.web.public.HandleFunc("GET /login", s.loginPage)
	s.web.public.HandleFunc("POST /login", s.login)
	s.web.public.HandleFunc("POST /logout", s.logout)

	if s.cfg.Metrics != nil {
		s.web.metrics = newHTTPMetrics(s.cfg.Metrics, s.ix)
		s.mux.HandleFunc("GET /metrics", s.requireAdmin(s.web.metrics.serve))
	}
	if s.cfg.Monitoring != nil {
		s.mux.Handle("/monitoring/", s.requireAdmin(s.cfg.Monitoring.ServeHTTP))
	}
}

func cacheFor(d time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}

// withWeb wraps the API handler: it serves the public page routes itself,
// lets a browser authenticate with the key cookie on every path outside
// /v1/ (the JSON API stays bearer-only, so a cookie can never post
// documents), sends a browser without a key to the login form, and counts
// every request by route and status when metrics are on.
func (s *Server) withWeb(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h, route := s.routeOf(r, next)
		defer func() {
			if s.web.metrics != nil {
				s.web.metrics.observe(r.Method, route, sw.code(), time.Since(start))
			}
		}()
		h.ServeHTTP(sw, r)
	})
}

// routeOf picks the handler for r and names its route for the metrics.
func (s *Server) routeOf(r *http.Request, api http.Handler) (http.Handler, string) {
	if h, pattern := s.web.public.Handler(r); pattern != "" {
		return s.withSecurityHeaders(h), pattern
	}
	_, pattern := s.mux.Handler(r)
	if pattern == "" {
		pattern = "unmatched"
	}
	if s.cfg.Keys == nil || r.Header.Get("Authorization") != "" || strings.HasPrefix(r.URL.Path, "/v1/") || r.URL.Path == "/healthz" {
		return api, pattern
	}
	c, err := r.Cookie(keyCookie)
	switch {
	case err == nil && c.Value != "":
		if _, ok := s.cfg.Keys.lookup(c.Value); !ok {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.SetCookie(w, keyCookieFor(r, "", -1))
				redirectToLogin(w, r, "That key is no longer valid; enter another.")
			}), pattern
		}
		r2 := r.Clone(r.Context())
		r2.Header.Set("Authorization", "Bearer "+c.Value)
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { api.ServeHTTP(w, r2) }), pattern
	case wantsHTML(r):
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { redirectToLogin(w, r, "") }), pattern
	}
	return api, pattern
}

// isPage reports whether r is a browser's navigation to the page, not a
// call of the JSON API.
func isPage(r *http.Request) bool {
	return !strings.HasPrefix(r.URL.Path, "/v1/") && r.URL.Path != "/healthz" && wantsHTML(r)
}

// wantsHTML reports whether r is a browser's navigation: a GET or HEAD that
// accepts text/html.
func wantsHTML(r *http.Request) bool {
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.Contains(r.Header.Get("Accept"), "text/html")
}

func (s *Server) withSecurityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setPageHeaders(w)
		h.ServeHTTP(w, r)
	})
}

// setPageHeaders sets the headers every HTML answer carries: no framing,
// no inline script, nothing from other origins.
func setPageHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'")
}

// layout is what every page template gets: the page's own data in Data.
type layout struct {
	Title string
	Nav   string // "search", "emerging", ... marks the current menu item
	Key   string // the key's name; "" when the server runs open
	Open  bool   // the server runs without keys
	Admin bool
	// Metrics and Monitoring say whether to link them (admins only).
	Metrics, Monitoring bool
	Data                any
}

// render executes the page template name with data into a buffer first,
// so a template error is a clean 500, then writes it with status.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title, nav string, data any) {
	sc := scopeFrom(r.Context())
	l := layout{Title: title, Nav: nav, Key: sc.key, Open: s.cfg.Keys == nil, Admin: sc.admin, Data: data}
	l.Metrics = sc.admin && s.cfg.Metrics != nil
	l.Monitoring = sc.admin && s.cfg.Monitoring != nil
	var buf bytes.Buffer
	if err := s.web.pages[name].ExecuteTemplate(&buf, "layout", l); err != nil {
		s.log.Error("api: render page", "page", name, "err", err)
		http.Error(w, "internal error; it has been logged", http.StatusInternalServerError)
		return
	}
	setPageHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	Status  int
	Message string
}

// pageError renders err as an HTML error page with the status the JSON
// API would give it (toAPIError): a document or client the caller may
// not see is the same 404 as one that does not exist.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	ae := toAPIError(err)
	if ae.Status >= 500 {
		s.log.Error("api: page failed", "path", r.URL.Path, "status", ae.Status, "err", err)
	}
	msg := ae.Message
	if ae.Status == http.StatusNotFound {
		msg = "Nothing here: it does not exist, or your key may not see it."
	}
	s.render(w, r, ae.Status, "error", http.StatusText(ae.Status), "", errorView{Status: ae.Status, Message: msg})
}

// pageNotFound is the 404 of a client or document the caller may not see.
func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) {
	s.pageError(w, r, fmt.Errorf("page %q: %w", r.URL.Path, index.ErrNotFound))
}

// loginView is the data of the login form.
type loginView struct {
	Next    string
	Message string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(withScope(r.Context(), &scope{}))
	if s.cfg.Keys == nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", "Sign in", "", loginView{Next: safeNext(r.URL.Query().Get("next")), Message: r.URL.Query().Get("m")})
}

// login checks the posted key and keeps it in an HttpOnly, SameSite=Strict
// cookie; a wrong key shows the form again with a 401.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r = r.WithContext(withScope(r.Context(), &scope{}))
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		s.render(w, r, http.StatusBadRequest, "login", "Sign in", "", loginView{Message: "The form could not be read."})
		return
	}
	next := safeNext(r.PostForm.Get("next"))
	if s.cfg.Keys == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	addr := sourceAddr(r)
	if _, blocked := s.authFails.blocked(addr); blocked {
		s.render(w, r, http.StatusTooManyRequests, "login", "Sign in", "", loginView{Next: next, Message: "Too many wrong keys from this address; wait a minute and try again."})
		return
	}
	key := strings.TrimSpace(r.PostForm.Get("key"))
	if _, ok := s.cfg.Keys.lookup(key); !ok || key == "" {
		s.authFails.charge(addr)
		s.render(w, r, http.StatusUnauthorized, "login", "Sign in", "", loginView{Next: next, Message: "That key is not valid."})
		return
	}
	http.SetCookie(w, keyCookieFor(r, key, int((12*time.Hour).Seconds())))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, keyCookieFor(r, "", -1))
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// keyCookieFor is the key cookie with value; maxAge < 0 deletes it. It is
// Secure when the request came over TLS (directly or through a proxy
// that says so).
func keyCookieFor(r *http.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: keyCookie, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"}
}

func redirectToLogin(w http.ResponseWriter, r *http.Request, msg string) {
	v := url.Values{"next": {r.URL.RequestURI()}}
	if msg != "" {
		v.Set("m", msg)
	}
	http.Redirect(w, r, "/login?"+v.Encode(), http.StatusSeeOther)
}

// safeNext keeps a post-login redirect on this site: a same-origin path
// (see sameOrigin), else "/".
func safeNext(next string) string {
	if !sameOrigin(next) {
		return "/"
	}
	return next
}

// sameOrigin reports whether next is a path on this site and nothing a
// browser could read as another host: it starts with exactly one "/", and
// neither it nor its percent-decoded form holds a backslash, a control
// character (browsers drop tabs and newlines, so "/\t/host" would become
// "//host"), any other unprintable character or a leading "//"; it has no
// scheme, host or user.
func sameOrigin(next string) bool {
	if !strings.HasPrefix(next, "/") || len(next) > 4096 {
		return false
	}
	decoded, err := url.PathUnescape(next)
	if err != nil {
		return false
	}
	for _, s := range []string{next, decoded} {
		if strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') || !utf8.ValidString(s) {
			return false
		}
		for _, r := range s {
			if !unicode.IsPrint(r) {
				return false
			}
		}
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}

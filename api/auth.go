package api

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// Defaults of the per-key rate limit in Config.
const (
	DefaultRateLimit = 20 // requests per second
	DefaultRateBurst = 40
)

// Defaults of the limit on failed authentications per source address
// (Config.AuthFailRate and AuthFailBurst).
const (
	DefaultAuthFailRate  = 1 // failures per second, sustained
	DefaultAuthFailBurst = 20
)

// Error codes of authentication and limits.
const (
	CodeUnauthorized = "unauthorized" // 401: no key, or an unknown one
	CodeForbidden    = "forbidden"    // 403: the key may not do this
	CodeRateLimited  = "rate_limited" // 429: the key's rate limit is spent
)

// Key is one API key as a line of the keys file lists it:
//
//	{"name": "support-bot", "sha256": "<hex SHA-256 of the key>", "clients": ["globex"], "admin": false}
//
// Clients ["*"] means every client. The key itself is never stored, only
// its SHA-256.
type Key struct {
	Name    string   `json:"name"`
	SHA256  string   `json:"sha256"`
	Clients []string `json:"clients"`
	Admin   bool     `json:"admin"`

	sum [sha256.Size]byte
}

// Keys is a loaded set of API keys. It is immutable and safe for
// concurrent use.
type Keys struct {
	keys []Key
}

// LoadKeys reads a keys file: JSON Lines, one Key per line; blank lines
// and lines starting with # are skipped. Names and hashes must be unique,
// and every key needs at least one client.
func LoadKeys(r io.Reader) (*Keys, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	ks := &Keys{}
	names := map[string]bool{}
	sums := map[[sha256.Size]byte]bool{}
	for n := 1; sc.Scan(); n++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 || b[0] == '#' {
			continue
		}
		k, err := parseKey(b)
		if err != nil {
			return nil, fmt.Errorf("api: load keys: line %d: %w", n, err)
		}
		if names[k.Name] || sums[k.sum] {
			return nil, fmt.Errorf("api: load keys: line %d: key %q: name or sha256 listed twice", n, k.Name)
		}
		names[k.Name], sums[k.sum] = true, true
		ks.keys = append(ks.keys, k)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("api: load keys: %w", err)
	}
	return ks, nil
}

func parseKey(b []byte) (Key, error) {
	var k Key
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return k, err
	}
	k.Name = strings.TrimSpace(k.Name)
	raw, err := hex.DecodeString(strings.TrimSpace(k.SHA256))
	switch {
	case k.Name == "":
		return k, fmt.Errorf("name is missing")
	case err != nil || len(raw) != sha256.Size:
		return k, fmt.Errorf("key %q: sha256 must be 64 hex digits (sha256sum of the key)", k.Name)
	case len(k.Clients) == 0:
		return k, fmt.Errorf("key %q: clients is empty; list client names or [\"*\"]", k.Name)
	}
	for i, c := range k.Clients {
		if strings.TrimSpace(c) == "" {
			return k, fmt.Errorf("key %q: empty client name", k.Name)
		}
		if c != "*" {
			k.Clients[i] = ckm.NormalizeClient(c)
		}
	}
	copy(k.sum[:], raw)
	return k, nil
}

// Len is the number of keys; a nil *Keys has none.
func (ks *Keys) Len() int {
	if ks == nil {
		return 0
	}
	return len(ks.keys)
}

// lookup finds the key whose SHA-256 is that of token. It compares with
// every key in constant time, so timing says nothing about which matched.
func (ks *Keys) lookup(token string) (*Key, bool) {
	sum := sha256.Sum256([]byte(token))
	found := -1
	for i := range ks.keys {
		if subtle.ConstantTimeCompare(sum[:], ks.keys[i].sum[:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return nil, false
	}
	return &ks.keys[found], true
}

// scope is what a caller may see: every client, or the listed ones.
type scope struct {
	key     string // the key's name; "" when the server runs open
	all     bool
	clients []string
	admin   bool
}

type scopeKey struct{}

// openScope is the scope of every caller of a server without keys.
var openScope = &scope{all: true, admin: true}

func withScope(ctx context.Context, s *scope) context.Context {
	return context.WithValue(ctx, scopeKey{}, s)
}

func scopeFrom(ctx context.Context) *scope {
	s, _ := ctx.Value(scopeKey{}).(*scope)
	if s == nil {
		return &scope{} // no scope: nothing is allowed
	}
	return s
}

// allowedClients reports which clients the caller of ctx may see: all of
// them, or only those listed (the slice is shared; do not modify it). A
// context that did not pass through the server's authentication allows
// nothing.
func allowedClients(ctx context.Context) (all bool, clients []string) {
	s := scopeFrom(ctx)
	return s.all, s.clients
}

// clientAllowed reports whether the caller of ctx may see client. Names
// compare in the form of ckm.NormalizeClient (key files hold that form).
func clientAllowed(ctx context.Context, client string) bool {
	all, clients := allowedClients(ctx)
	return all || slices.Contains(clients, ckm.NormalizeClient(client))
}

// narrowClients intersects the clients a request asks for with those the
// caller may see. An empty requested list asks for every allowed client.
// It returns the clients to pass to the index (nil means all), and none =
// true when the caller may see none of what was asked: answer with nothing
// rather than passing an empty list, which the index reads as "all".
func narrowClients(ctx context.Context, requested []string) (clients []string, none bool) {
	all, allowed := allowedClients(ctx)
	if all {
		for i, c := range requested {
			requested[i] = ckm.NormalizeClient(c)
		}
		return requested, false
	}
	if len(requested) == 0 {
		return allowed, len(allowed) == 0
	}
	for _, c := range requested {
		c = ckm.NormalizeClient(c)
		if slices.Contains(allowed, c) && !slices.Contains(clients, c) {
			clients = append(clients, c)
		}
	}
	return clients, len(clients) == 0
}

// authenticate puts the caller's scope into the request context: the open
// scope when the server has no keys, else the scope of the bearer key.
// /healthz is open. It writes a 401 or 429 and returns false when the
// request must stop.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	if s.cfg.Keys == nil || r.URL.Path == "/healthz" {
		return r.WithContext(withScope(r.Context(), openScope)), true
	}
	addr := sourceAddr(r)
	if wait, blocked := s.authFails.blocked(addr); blocked {
		secs := max(int(math.Ceil(wait.Seconds())), 1)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		s.writeError(w, r, &apiError{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
			Message: fmt.Sprintf("too many requests with a missing or invalid key from this address; retry in %d s", secs)})
		return r, false
	}
	token, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		s.authFails.charge(addr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="ckm"`)
		s.writeError(w, r, &apiError{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
			Message: "missing API key; send Authorization: Bearer <key>"})
		return r, false
	}
	k, ok := s.cfg.Keys.lookup(token)
	if !ok {
		s.authFails.charge(addr)
		w.Header().Set("WWW-Authenticate", `Bearer realm="ckm", error="invalid_token"`)
		s.writeError(w, r, &apiError{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Message: "invalid API key"})
		return r, false
	}
	if wait, ok := s.limits.allow(k.Name); !ok {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		ae := &apiError{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
			Message: fmt.Sprintf("rate limit of key %q exceeded; retry in %d s", k.Name, max(secs, 1))}
		if isPage(r) { // a browser on the page gets a page, not JSON
			s.render(w, r, ae.Status, "error", http.StatusText(ae.Status), "",
				errorView{Status: ae.Status, Message: fmt.Sprintf("Too many requests with this key; try again in %d s.", max(secs, 1))})
			return r, false
		}
		s.writeError(w, r, ae)
		return r, false
	}
	sc := &scope{key: k.Name, admin: k.Admin, all: slices.Contains(k.Clients, "*")}
	if !sc.all {
		sc.clients = k.Clients
	}
	return r.WithContext(withScope(r.Context(), sc)), true
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// requireAdmin wraps the handlers of admin-only endpoints (re-analysis,
// configuration, monitoring): a key without "admin": true gets a 403.
func (s *Server) requireAdmin(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !scopeFrom(r.Context()).admin {
			s.writeError(w, r, &apiError{Status: http.StatusForbidden, Code: CodeForbidden, Message: "this endpoint needs an admin key"})
			return
		}
		h(w, r)
	}
}

// limiters holds one token bucket per key name.
type limiters struct {
	every rate.Limit
	burst int
	mu    sync.Mutex
	byKey map[string]*rate.Limiter
}

func newLimiters(perSecond float64, burst int) *limiters {
	return &limiters{every: rate.Limit(perSecond), burst: burst, byKey: map[string]*rate.Limiter{}}
}

// maxFailAddrs bounds the addresses the failed-authentication limiter
// remembers; past it, those whose bucket has refilled are forgotten.
const maxFailAddrs = 10000

// sourceAddr is the address a request came from: the host of its
// RemoteAddr (a proxy's X-Forwarded-For is not trusted).
func sourceAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// blocked reports whether key's bucket is empty, and how long until it
// holds a token again, without taking one.
func (l *limiters) blocked(key string) (time.Duration, bool) {
	if l.every <= 0 {
		return 0, false
	}
	l.mu.Lock()
	lim, ok := l.byKey[key]
	l.mu.Unlock()
	if !ok {
		return 0, false
	}
	if tokens := lim.Tokens(); tokens < 1 {
		return time.Duration((1 - tokens) / float64(l.every) * float64(time.Second)), true
	}
	return 0, false
}

// charge takes a token from key's bucket if it holds one.
func (l *limiters) charge(key string) {
	if l.every <= 0 {
		return
	}
	l.mu.Lock()
	lim, ok := l.byKey[key]
	if !ok {
		if len(l.byKey) >= maxFailAddrs {
			for k, v := range l.byKey {
				if v.Tokens() >= float64(l.burst) {
					delete(l.byKey, k)
				}
			}
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.byKey[key] = lim
	}
	l.mu.Unlock()
	lim.Allow()
}

// allow takes a token from key's bucket, or says how long until one is
// there. A limit ≤ 0 allows everything.
func (l *limiters) allow(key string) (time.Duration, bool) {
	if l.every <= 0 {
		return 0, true
	}
	l.mu.Lock()
	lim, ok := l.byKey[key]
	if !ok {
		lim = rate.NewLimiter(l.every, l.burst)
		l.byKey[key] = lim
	}
	l.mu.Unlock()
	now := time.Now()
	res := lim.ReserveN(now, 1)
	if !res.OK() {
		return time.Second, false
	}
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d, false
	}
	return 0, true
}

// notVisible is what a caller gets for a document of a client it may not
// see: the same 404 as for an id that does not exist.
func notVisible(id string) error {
	return fmt.Errorf("get %q: %w", id, index.ErrNotFound)
}

// mayPost returns a 403 unless the caller of ctx may post documents for
// client. A scoped key must name one of its clients.
func mayPost(ctx context.Context, client string) error {
	if clientAllowed(ctx, client) {
		return nil
	}
	_, clients := allowedClients(ctx)
	return &apiError{Status: http.StatusForbidden, Code: CodeForbidden, Field: "client",
		Message: fmt.Sprintf("this key may only post documents for the clients %s; set \"client\" to one of them", strings.Join(clients, ", "))}
}

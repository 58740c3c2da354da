package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// keyLine is a keys-file line for the key k.
func keyLine(name, k string, admin bool, clients ...string) string {
	sum := sha256.Sum256([]byte(k))
	cs, _ := json.Marshal(clients)
	return fmt.Sprintf(`{"name": %q, "sha256": %q, "clients": %s, "admin": %t}`, name, hex.EncodeToString(sum[:]), cs, admin)
}

func mustKeys(t *testing.T, lines ...string) *Keys {
	t.Helper()
	ks, err := LoadKeys(strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

// call sends a request with an optional bearer key and decodes the JSON
// answer.
func (e *env) call(t *testing.T, method, path, key, contentType, body string) response {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v: %s", method, path, err, raw)
	}
	return r
}

func TestLoadKeys(t *testing.T) {
	t.Parallel()
	good := keyLine("bot", "k1", false, "globex")
	tests := []struct {
		name, file string
		want       int
		err        string
	}{
		{"one", good, 1, ""},
		{"comments and blanks", "# keys\n\n" + good + "\n" + keyLine("admin", "k2", true, "*"), 2, ""},
		{"empty file", "", 0, ""},
		{"bad hash", `{"name": "x", "sha256": "abc", "clients": ["a"]}`, 0, `line 1: key "x": sha256 must be 64 hex digits`},
		{"no clients", strings.Replace(good, `["globex"]`, `[]`, 1), 0, `line 1: key "bot": clients is empty`},
		{"empty client", strings.Replace(good, `["globex"]`, `[" "]`, 1), 0, `line 1: key "bot": empty client name`},
		{"no name", strings.Replace(good, `"bot"`, `""`, 1), 0, "line 1: name is missing"},
		{"unknown field", strings.Replace(good, `"admin"`, `"admn"`, 1), 0, `line 1: json: unknown field "admn"`},
		{"duplicate", good + "\n" + keyLine("bot", "k3", false, "a"), 0, `line 2: key "bot": name or sha256 listed twice`},
		{"same key twice", good + "\n" + keyLine("other", "k1", false, "a"), 0, `line 2: key "other": name or sha256 listed twice`},
		{"not json", "name=bot", 0, "line 1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ks, err := LoadKeys(strings.NewReader(tt.file))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("LoadKeys error = %v, want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ks.Len() != tt.want {
				t.Errorf("Len = %d, want %d", ks.Len(), tt.want)
			}
		})
	}
}

func TestKeysLookup(t *testing.T) {
	t.Parallel()
	ks := mustKeys(t, keyLine("a", "key-a", false, "acme"), keyLine("b", "key-b", true, "*"))
	for _, tt := range []struct{ token, want string }{{"key-a", "a"}, {"key-b", "b"}, {"key-c", ""}, {"", ""}, {"key-a ", ""}} {
		k, ok := ks.lookup(tt.token)
		got := ""
		if ok {
			got = k.Name
		}
		if got != tt.want {
			t.Errorf("lookup(%q) = %q, want %q", tt.token, got, tt.want)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	ks := mustKeys(t, keyLine("acme-bot", "key-a", false, "acme"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1})
	seed(t, e.ix)
	tests := []struct {
		name, path, header string
		status             int
		code               string
	}{
		{"no key", "/v1/search?q=invoice", "", 401, CodeUnauthorized},
		{"wrong key", "/v1/search?q=invoice", "Bearer nope", 401, CodeUnauthorized},
		{"other scheme", "/v1/search?q=invoice", "Basic a2V5LWE=", 401, CodeUnauthorized},
		{"empty bearer", "/v1/search?q=invoice", "Bearer ", 401, CodeUnauthorized},
		{"good key", "/v1/search?q=invoice", "Bearer key-a", 200, ""},
		{"scheme case", "/v1/search?q=invoice", "bearer key-a", 200, ""},
		{"unknown path needs a key too", "/v1/nothing", "", 401, CodeUnauthorized},
		{"healthz is open", "/healthz", "", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, e.srv.URL+tt.path, nil)
			if tt.header != "" {
				req.Header.Set("Authorization", tt.header)
			}
			res, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatalf("body is not JSON: %v", err)
			}
			if res.StatusCode != tt.status || body.Error.Code != tt.code {
				t.Errorf("got %d %q, want %d %q", res.StatusCode, body.Error.Code, tt.status, tt.code)
			}
			if tt.status == 401 && !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("WWW-Authenticate = %q", res.Header.Get("WWW-Authenticate"))
			}
		})
	}
}

func TestRateLimit(t *testing.T) {
	ks := mustKeys(t, keyLine("a", "key-a", false, "acme"), keyLine("b", "key-b", false, "acme"))
	// One request per 100 s after a burst of two: the third is refused
	// however slow the machine.
	e := newEnv(t, Config{Keys: ks, RateLimit: 0.01, RateBurst: 2})
	var got []int
	for range 3 {
		got = append(got, e.call(t, "GET", "/v1/search", "key-a", "", "").Status)
	}
	if diff := cmp.Diff([]int{200, 200, 429}, got); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	r := e.call(t, "GET", "/v1/search", "key-a", "", "")
	if r.errCode() != CodeRateLimited {
		t.Errorf("code = %q, want %s", r.errCode(), CodeRateLimited)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 100 {
		t.Errorf("Retry-After = %q, want 1..100 seconds", r.Header.Get("Retry-After"))
	}
	if r := e.call(t, "GET", "/v1/search", "key-b", "", ""); r.Status != 200 {
		t.Errorf("another key = %d, want 200: buckets are per key", r.Status)
	}
	if r := e.call(t, "GET", "/healthz", "", "", ""); r.Status != 200 {
		t.Errorf("healthz = %d, want 200", r.Status)
	}
	// The page, spent too, answers a browser with a page.
	p := e.pageGet(t, "/?q=x", "key-a")
	if p.Status != http.StatusTooManyRequests || !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(p.Body, "Too many requests with this key") || p.Header.Get("Retry-After") == "" {
		t.Errorf("page when rate limited: %d %q Retry-After %q:\n%.400s", p.Status, p.Header.Get("Content-Type"), p.Header.Get("Retry-After"), p.Body)
	}
	// The JSON API stays JSON even for a client that accepts HTML.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/v1/search", nil)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Authorization", "Bearer key-a")
	if p := e.send(t, req); p.Status != http.StatusTooManyRequests || !strings.Contains(p.Body, CodeRateLimited) {
		t.Errorf("API when rate limited, Accept text/html: %d %.200s", p.Status, p.Body)
	}
}

func TestRequireAdmin(t *testing.T) {
	ks := mustKeys(t, keyLine("bot", "key-bot", false, "*"), keyLine("ops", "key-ops", true, "*"))
	tests := []struct {
		name   string
		keys   *Keys
		key    string
		status int
	}{
		{"admin key", ks, "key-ops", 200},
		{"other key", ks, "key-bot", 403},
		{"open server", nil, "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Config{})
			s := New(Config{Keys: tt.keys, RateLimit: -1}, e.q, e.ix)
			s.mux.HandleFunc("GET /v1/admin-test", s.requireAdmin(func(w http.ResponseWriter, r *http.Request) {
				s.writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
			}))
			srv := &env{srv: newServer(t, s)}
			r := srv.call(t, "GET", "/v1/admin-test", tt.key, "", "")
			if r.Status != tt.status {
				t.Errorf("status = %d, want %d; body %s", r.Status, tt.status, r.Raw)
			}
			if tt.status == 403 && r.errCode() != CodeForbidden {
				t.Errorf("code = %q, want %s", r.errCode(), CodeForbidden)
			}
		})
	}
}

func TestNarrowClients(t *testing.T) {
	t.Parallel()
	scoped := withScope(t.Context(), &scope{clients: []string{"acme", "initech"}})
	tests := []struct {
		name      string
		ctx       *scope
		requested []string
		want      []string
		none      bool
	}{
		{"all, none asked", openScope, nil, nil, false},
		{"all, some asked", openScope, []string{"globex"}, []string{"globex"}, false},
		{"scoped, none asked", nil, nil, []string{"acme", "initech"}, false},
		{"scoped, one of its", nil, []string{"acme", "acme"}, []string{"acme"}, false},
		{"scoped, another", nil, []string{"globex"}, nil, true},
		{"scoped, mixed", nil, []string{"globex", "initech"}, []string{"initech"}, false},
		{"no scope at all", &scope{}, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := scoped
			if tt.ctx != nil {
				ctx = withScope(t.Context(), tt.ctx)
			}
			got, none := narrowClients(ctx, tt.requested)
			if diff := cmp.Diff(tt.want, got); diff != "" || none != tt.none {
				t.Errorf("narrowClients = %v %v, want %v %v", got, none, tt.want, tt.none)
			}
		})
	}
	if all, cs := allowedClients(t.Context()); all || len(cs) > 0 {
		t.Errorf("a context without scope allows %v %v, want nothing", all, cs)
	}
}

// TestAuthFailuresLimitedPerAddress makes wrong-key requests from one
// address past its burst: that address then gets 429s, even with a good
// key, while another address is untouched.
func TestAuthFailuresLimitedPerAddress(t *testing.T) {
	e := newEnv(t, Config{})
	ks := mustKeys(t, keyLine("a", "key-a", false, "acme"))
	h := New(Config{Keys: ks, RateLimit: -1, AuthFailRate: 0.001, AuthFailBurst: 3}, e.q, e.ix).Handler()
	send := func(addr, key string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/v1/search?q=invoice", nil)
		req.RemoteAddr = addr + ":40000"
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	steps := []struct {
		name, addr, key string
		status          int
	}{
		{"wrong key 1", "192.0.2.1", "nope", 401},
		{"no key", "192.0.2.1", "", 401},
		{"wrong key 3", "192.0.2.1", "nope", 401},
		{"over the burst", "192.0.2.1", "nope", 429},
		{"good key from the blocked address", "192.0.2.1", "key-a", 429},
		{"good key from another address", "192.0.2.2", "key-a", 200},
		{"wrong key from another address", "192.0.2.2", "nope", 401},
	}
	for _, st := range steps {
		rec := send(st.addr, st.key)
		if rec.Code != st.status {
			t.Errorf("%s: %d %s, want %d", st.name, rec.Code, rec.Body, st.status)
		}
		if rec.Code == 429 && rec.Header().Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", st.name)
		}
	}
}

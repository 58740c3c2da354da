package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/alerts"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

// alertCall makes a request with a bearer key and a JSON body.
func (e *env) alertCall(t *testing.T, method, path, key string, body any) (int, []byte) {
	t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	p := e.send(t, req)
	return p.Status, []byte(p.Body)
}

func TestAlertsScope(t *testing.T) {
	sum := func(k string) string { s := sha256.Sum256([]byte(k)); return hex.EncodeToString(s[:]) }
	keys, err := LoadKeys(strings.NewReader(fmt.Sprintf(
		`{"name": "acme", "sha256": %q, "clients": ["acme"]}
{"name": "globex", "sha256": %q, "clients": ["globex"]}`, sum("k-acme"), sum("k-globex"))))
	if err != nil {
		t.Fatal(err)
	}
	redis := testutil.Redis(t)
	store := alerts.New(queues.Config{RedisAddr: redis}, alerts.Config{})
	t.Cleanup(func() { store.Close() })
	e := newEnvAt(t, Config{Keys: keys, RateLimit: -1, Alerts: store}, redis)

	hook := "https://hooks.example.com/ckm"
	code, raw := e.alertCall(t, http.MethodPost, "/v1/alerts", "k-acme", map[string]string{"kind": "query", "query": "invoice", "url": hook})
	var sub alerts.Subscription
	if err := json.Unmarshal(raw, &sub); err != nil || code != http.StatusCreated || sub.Secret == "" || sub.Owner != "acme" {
		t.Fatalf("create = %d %s", code, raw)
	}
	if strings.Join(sub.Clients, ",") != "acme" {
		t.Errorf("the alert's scope is %v, want the key's [acme]", sub.Clients)
	}
	for _, tt := range []struct {
		name, key string
		body      map[string]string
		status    int
	}{
		{"another key's client", "k-acme", map[string]string{"kind": "need", "client": "globex", "url": hook}, http.StatusNotFound},
		{"a bad query", "k-acme", map[string]string{"kind": "query", "query": "clinet:acme", "url": hook}, http.StatusBadRequest},
		{"a private address", "k-acme", map[string]string{"kind": "need", "url": "http://169.254.169.254/latest"}, http.StatusBadRequest},
		{"an unknown kind", "k-acme", map[string]string{"kind": "weather", "url": hook}, http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if code, raw := e.alertCall(t, http.MethodPost, "/v1/alerts", tt.key, tt.body); code != tt.status {
				t.Errorf("create = %d %s, want %d", code, raw, tt.status)
			}
		})
	}
	if code, raw := e.alertCall(t, http.MethodGet, "/v1/alerts", "k-globex", nil); code != http.StatusOK || strings.Contains(string(raw), sub.ID) {
		t.Errorf("globex's list = %d %s; it must not show acme's alert", code, raw)
	}
	if code, raw := e.alertCall(t, http.MethodGet, "/v1/alerts", "k-acme", nil); code != http.StatusOK || !strings.Contains(string(raw), sub.ID) || strings.Contains(string(raw), sub.Secret) {
		t.Errorf("acme's list = %d %s; want its alert without the secret", code, raw)
	}
	for _, path := range []string{"/v1/alerts/" + sub.ID + "/test"} {
		if code, _ := e.alertCall(t, http.MethodPost, path, "k-globex", nil); code != http.StatusNotFound {
			t.Errorf("POST %s with another key = %d, want 404", path, code)
		}
	}
	if p := e.pageGet(t, "/alerts", "k-acme"); p.Status != http.StatusOK || !strings.Contains(p.Body, sub.ID) || !strings.Contains(p.Body, "<code>invoice</code>") || strings.Contains(p.Body, sub.Secret) {
		t.Errorf("acme's alerts page = %d, want its alert listed without the secret:\n%s", p.Status, p.Body)
	}
	if p := e.pageGet(t, "/alerts", "k-globex"); p.Status != http.StatusOK || strings.Contains(p.Body, sub.ID) || !strings.Contains(p.Body, "No alerts yet") {
		t.Errorf("globex's alerts page = %d, want no alert:\n%s", p.Status, p.Body)
	}
	if code, _ := e.alertCall(t, http.MethodDelete, "/v1/alerts/"+sub.ID, "k-globex", nil); code != http.StatusNotFound {
		t.Errorf("deleting another key's alert = %d, want 404", code)
	}
	if code, _ := e.alertCall(t, http.MethodDelete, "/v1/alerts/"+sub.ID, "k-acme", nil); code != http.StatusNoContent {
		t.Errorf("deleting its own alert = %d, want 204", code)
	}
}

func TestKeysOwnerScope(t *testing.T) {
	keys, err := LoadKeys(strings.NewReader(`{"name": "a", "sha256": "` + strings.Repeat("2", 64) + `", "clients": ["acme"]}
{"name": "root", "sha256": "` + strings.Repeat("3", 64) + `", "clients": ["*"]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		clients []string
		all, ok bool
	}{{"a", []string{"acme"}, false, true}, {"root", nil, true, true}, {"gone", nil, false, false}} {
		clients, all, ok := keys.OwnerScope(tt.name)
		if strings.Join(clients, ",") != strings.Join(tt.clients, ",") || all != tt.all || ok != tt.ok {
			t.Errorf("OwnerScope(%q) = %v, %v, %v; want %v, %v, %v", tt.name, clients, all, ok, tt.clients, tt.all, tt.ok)
		}
	}
}

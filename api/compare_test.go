package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/index"
)

// seedCompare gives acme ten invoice requests and one about exports,
// and globex and initech six SSO requests, one invoice request and two
// about exports each.
func seedCompare(t *testing.T, e *env) {
	t.Helper()
	n := 0
	add := func(client, key string, times int) {
		for range times {
			n++
			putNeed(t, e.ix, fmt.Sprintf("%s-%s-%d", client, key, n), client, hintsDay.AddDate(0, 0, -n), key)
		}
	}
	add("acme", "invoic", 10)
	add("acme", "export", 1)
	for _, c := range []string{"globex", "initech"} {
		add(c, "sso", 6)
		add(c, "invoic", 1)
		add(c, "export", 2)
	}
}

func TestCompareEndpoint(t *testing.T) {
	sum := func(k string) string { s := sha256.Sum256([]byte(k)); return hex.EncodeToString(s[:]) }
	keys, err := LoadKeys(strings.NewReader(fmt.Sprintf(
		`{"name": "acme", "sha256": %q, "clients": ["acme"]}
{"name": "all", "sha256": %q, "clients": ["*"]}`, sum("k-acme"), sum("k-all"))))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, Config{Keys: keys, RateLimit: -1})
	seedCompare(t, e)

	r := e.getKey(t, "/v1/clients/acme/compare", "k-all")
	var c index.Comparison
	if err := json.Unmarshal(r.Raw, &c); err != nil || r.Status != http.StatusOK {
		t.Fatalf("compare acme = %d %s", r.Status, r.Raw)
	}
	if len(c.Themes) != 1 || c.Themes[0].Key != "invoic" || c.Themes[0].Count != 10 || c.Themes[0].Others != 2 {
		t.Errorf("acme's distinct themes = %+v, want invoic alone, 10 against 2", c.Themes)
	}
	if len(c.Missing) != 1 || c.Missing[0].Key != "sso" || c.Missing[0].Clients != 2 || c.OtherClients != 2 {
		t.Errorf("acme's missing themes = %+v (other clients %d), want sso raised by 2", c.Missing, c.OtherClients)
	}

	// A key for acme alone compares acme with nobody and names no one.
	r = e.getKey(t, "/v1/clients/acme/compare", "k-acme")
	if err := json.Unmarshal(r.Raw, &c); err != nil || r.Status != http.StatusOK || c.OtherClients != 0 || len(c.Missing) != 0 || len(c.Themes) != 0 {
		t.Errorf("acme-only compare = %d %s, want no other client, nothing distinct or missing", r.Status, r.Raw)
	}
	if r := e.getKey(t, "/v1/clients/globex/compare", "k-acme"); r.Status != http.StatusNotFound || r.errCode() != CodeNotFound {
		t.Errorf("compare of another client = %d %s, want 404", r.Status, r.Raw)
	}
	for _, tt := range []struct{ path, field string }{
		{"/v1/clients/acme/compare?limit=0", "limit"},
		{"/v1/clients/acme/compare?since=2026-11-02&until=2026-11-01", "until"},
		{"/v1/clients/acme/compare?window=30d", "window"},
	} {
		r := e.getKey(t, tt.path, "k-all")
		f, _ := r.Body["error"].(map[string]any)["field"].(string)
		if r.Status != http.StatusBadRequest || f != tt.field {
			t.Errorf("GET %s = %d %s, want 400 on %q", tt.path, r.Status, r.Raw, tt.field)
		}
	}
}

func TestClientPageCompare(t *testing.T) {
	e := newEnv(t, Config{})
	seedCompare(t, e)
	p := e.pageGet(t, "/clients/acme", "")
	if p.Status != http.StatusOK {
		t.Fatalf("client page = %d", p.Status)
	}
	_, section, _ := strings.Cut(p.Body, `<section id="compare">`)
	section, _, _ = strings.Cut(section, "</section>")
	for _, want := range []string{"Against everyone", "other 2 clients", `<span class="badge hot">theme</span>`, ">invoic</a>", "10 vs 2", "Others raise, never acme", "sso"} {
		if !strings.Contains(section, want) {
			t.Errorf("compare section lacks %q:\n%s", want, section)
		}
	}
}

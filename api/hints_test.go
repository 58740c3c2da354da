package api

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// putNeed indexes a document with one customer need of theme key.
func putNeed(t *testing.T, ix *index.Index, id, client string, at time.Time, key string) {
	t.Helper()
	text := "We need " + key + "."
	rec := index.Record{
		Document: ckm.Document{ID: id, Client: client, Source: ckm.SourceCall, At: at, Text: text},
		Analysis: nlp.Analysis{ID: id, Language: "en", Version: "t",
			Sentences: []nlp.Sentence{{Text: text, End: len(text), Language: "en"}},
			Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: key, ThemeKey: key, Text: text, End: len(text),
				Speaker: nlp.SpeakerCustomer, Confidence: 0.9}}},
	}
	if err := ix.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
}

var hintsDay = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// seedNeeds gives globex and initech an invoice theme all year and every
// client SSO in the last 30 days.
func seedNeeds(t *testing.T, ix *index.Index) {
	for d := 300; d > 0; d -= 30 {
		putNeed(t, ix, fmt.Sprintf("globex-inv-%d", d), "globex", hintsDay.AddDate(0, 0, -d), "invoic")
		putNeed(t, ix, fmt.Sprintf("initech-inv-%d", d), "initech", hintsDay.AddDate(0, 0, -d-3), "invoic")
	}
	for i, c := range []string{"globex", "initech", "acme", "globex", "initech", "acme", "acme"} {
		putNeed(t, ix, fmt.Sprintf("%s-sso-%d", c, i), c, hintsDay.AddDate(0, 0, -2-3*i), "sso")
	}
	putNeed(t, ix, "acme-inv-1", "acme", hintsDay.AddDate(0, 0, -1), "invoic")
}

// getKey GETs path with an optional bearer key.
func (e *env) getKey(t *testing.T, path, key string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	r := response{Status: res.StatusCode, Header: res.Header, Raw: raw}
	if err := json.Unmarshal(raw, &r.Body); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, raw)
	}
	return r
}

func TestHintsAndEmerging(t *testing.T) {
	e := newEnv(t, Config{})
	seedNeeds(t, e.ix)

	r := e.get(t, "/v1/clients/globex/hints?until=2026-11-25&limit=5")
	if r.Status != http.StatusOK {
		t.Fatalf("hints: %d %s", r.Status, r.Raw)
	}
	var h index.Hints
	if err := json.Unmarshal(r.Raw, &h); err != nil {
		t.Fatal(err)
	}
	// Ten invoice mentions a month apart, all year, outrank SSO's two in
	// the last fortnight (a 60-day half-life: 2.10 against 1.67).
	if h.Client != "globex" || len(h.Hints) != 2 || h.Hints[0].Count != 10 || len(h.Hints[0].Evidence) != 3 || h.Hints[1].Key != "sso" {
		t.Errorf("hints = %s", r.Raw)
	}

	r = e.get(t, "/v1/emerging?window=30d&now=2026-11-25")
	if r.Status != http.StatusOK {
		t.Fatalf("emerging: %d %s", r.Status, r.Raw)
	}
	var em index.Emerging
	if err := json.Unmarshal(r.Raw, &em); err != nil {
		t.Fatal(err)
	}
	if em.Window != "30d" || len(em.Themes) != 1 || em.Themes[0].Key != "sso" || len(em.Themes[0].Clients) != 3 {
		t.Errorf("emerging = %s", r.Raw)
	}
	if len(em.NewToClient) != 1 || em.NewToClient[0].Client != "acme" || em.NewToClient[0].Key != "invoic" || em.NewToClient[0].Clients != 2 {
		t.Errorf("new to client = %+v", em.NewToClient)
	}
}

func TestHintsValidation(t *testing.T) {
	e := newEnv(t, Config{})
	tests := []struct {
		path  string
		field string
	}{
		{"/v1/clients/globex/hints?limit=0", "limit"},
		{"/v1/clients/globex/hints?limit=51", "limit"},
		{"/v1/clients/globex/hints?since=yesterday", "since"},
		{"/v1/clients/globex/hints?since=2026-11-02&until=2026-11-01", "until"},
		{"/v1/clients/globex/hints?q=x", "q"},
		{"/v1/clients/globex/hints?limit=1&limit=2", "limit"},
		{"/v1/clients/glo%01bex/hints", "client"},
		{"/v1/emerging?window=0d", "window"},
		{"/v1/emerging?window=400d", "window"},
		{"/v1/emerging?window=30", "window"},
		{"/v1/emerging?window=5m", "window"},
		{"/v1/emerging?window=d", "window"},
		{"/v1/emerging?now=soon", "now"},
		{"/v1/emerging?limit=101", "limit"},
		{"/v1/emerging?client=a&client=b", "client"},
		{"/v1/emerging?baseline=x", "baseline"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.get(t, tt.path)
			f, _ := r.Body["error"].(map[string]any)["field"].(string)
			if r.Status != http.StatusBadRequest || r.errCode() != CodeBadQuery || f != tt.field {
				t.Errorf("got %d %s, want 400 bad_query on %q", r.Status, r.Raw, tt.field)
			}
		})
	}
	for _, path := range []string{"/v1/emerging?window=12w", "/v1/emerging?window=72h&limit=3"} {
		if r := e.get(t, path); r.Status != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, r.Status, r.Raw)
		}
	}
}

func TestHintsScope(t *testing.T) {
	sum := func(k string) string { s := sha256.Sum256([]byte(k)); return hex.EncodeToString(s[:]) }
	keys, err := LoadKeys(strings.NewReader(fmt.Sprintf(
		`{"name": "acme", "sha256": %q, "clients": ["acme"]}
{"name": "two", "sha256": %q, "clients": ["acme", "initech"]}
{"name": "all", "sha256": %q, "clients": ["*"]}`, sum("k-acme"), sum("k-two"), sum("k-all"))))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, Config{Keys: keys, RateLimit: -1})
	seedNeeds(t, e.ix)
	const em = "/v1/emerging?now=2026-11-25"
	if r := e.getKey(t, "/v1/clients/globex/hints", "k-acme"); r.Status != http.StatusNotFound || r.errCode() != CodeNotFound {
		t.Errorf("hints of another client = %d %s, want 404", r.Status, r.Raw)
	}
	if r := e.getKey(t, em+"&client=globex", "k-acme"); r.Status != http.StatusNotFound {
		t.Errorf("emerging of another client = %d %s, want 404", r.Status, r.Raw)
	}
	if r := e.getKey(t, "/v1/clients/acme/hints", ""); r.Status != http.StatusUnauthorized {
		t.Errorf("no key = %d, want 401", r.Status)
	}
	// A key for acme alone sees no other client, so nothing is new to
	// acme and SSO rests on acme's own three mentions.
	r := e.getKey(t, em, "k-acme")
	if r.Status != http.StatusOK || strings.Contains(string(r.Raw), "globex") || strings.Contains(string(r.Raw), "initech") {
		t.Errorf("acme's emerging = %d %s, want 200 naming no other client", r.Status, r.Raw)
	}
	// With initech in scope, acme's invoice theme is new to acme, raised
	// by initech; globex is never named.
	r = e.getKey(t, em, "k-two")
	var got index.Emerging
	if err := json.Unmarshal(r.Raw, &got); err != nil || strings.Contains(string(r.Raw), "globex") ||
		len(got.NewToClient) != 1 || len(got.NewToClient[0].RaisedBy) != 1 || got.NewToClient[0].RaisedBy[0].Client != "initech" {
		t.Errorf("two-client emerging = %d %s", r.Status, r.Raw)
	}
	if r := e.getKey(t, "/v1/clients/globex/hints", "k-all"); r.Status != http.StatusOK || !strings.Contains(string(r.Raw), "globex-inv-30") {
		t.Errorf("hints with an all-clients key = %d %s", r.Status, r.Raw)
	}
}

func TestHintsNoIndex(t *testing.T) {
	e := newEnv(t, Config{})
	srv := &env{srv: newServer(t, New(Config{}, e.q, nil))}
	for _, path := range []string{"/v1/clients/globex/hints", "/v1/emerging"} {
		if r := srv.get(t, path); r.Status != http.StatusServiceUnavailable || r.errCode() != CodeIndexUnavailable {
			t.Errorf("GET %s = %d %s, want 503 index_unavailable", path, r.Status, r.Raw)
		}
	}
}

// TestUnknownClient404 checks that the API and the page give the same
// answer for a client the index has never seen: 404.
func TestUnknownClient404(t *testing.T) {
	e := newEnv(t, Config{})
	if err := e.ix.Put(context.Background(), index.Record{Document: ckm.Document{ID: "known-1", Client: "known", Text: "We need SSO."}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		page       bool
		status     int
	}{
		{"api unknown", "/v1/clients/nosuch/hints", false, http.StatusNotFound},
		{"api unknown with parameters", "/v1/clients/nosuch/hints?since=2026-01-01T00:00:00Z", false, http.StatusNotFound},
		{"page unknown", "/clients/nosuch", true, http.StatusNotFound},
		{"api known", "/v1/clients/known/hints", false, http.StatusOK},
		{"page known", "/clients/known", true, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status := 0
			if tt.page {
				status = e.pageGet(t, tt.path, "").Status
			} else {
				r := e.get(t, tt.path)
				status = r.Status
				if tt.status == http.StatusNotFound && (r.errCode() != CodeNotFound || !strings.Contains(r.errMessage(), `no client "nosuch"`)) {
					t.Errorf("GET %s = %s, want not_found naming the client", tt.path, r.Raw)
				}
			}
			if status != tt.status {
				t.Errorf("GET %s = %d, want %d", tt.path, status, tt.status)
			}
		})
	}
}

package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// Access tests: a key scoped to acme gets nothing of globex through any
// endpoint. globex's documents carry marks (a word, a theme, an entity,
// the client name) that must never appear in an answer to the acme key.

// globexMarks are strings only globex's documents hold.
var globexMarks = []string{"globex", "zanzibar", "G-777", "globex-secret"}

// putAccessDoc indexes a document with one need and one entity.
func putAccessDoc(t *testing.T, ix *index.Index, id, client, text, theme, entity string, at time.Time) {
	t.Helper()
	i := strings.Index(text, entity)
	rec := index.Record{
		Document: ckm.Document{ID: id, Client: client, Source: ckm.SourceEmail, At: at, Subject: "Invoices", Text: text},
		Analysis: nlp.Analysis{ID: id, Language: "en", Version: "t",
			Sentences: []nlp.Sentence{{Text: text, End: len(text), Language: "en"}},
			Entities:  []nlp.Entity{{Text: entity, Label: "REFERENCE", Start: i, End: i + len(entity), Value: entity}},
			Needs: []nlp.Need{{Kind: nlp.KindImplied, Cue: "pain", Theme: theme, ThemeKey: theme, Text: text, End: len(text),
				Speaker: nlp.SpeakerCustomer, Confidence: 0.9}}},
	}
	if err := ix.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
}

func accessEnv(t *testing.T) *env {
	t.Helper()
	ks := mustKeys(t, keyLine("acme-bot", "key-acme", false, "acme"), keyLine("ops", "key-ops", true, "*"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1})
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		at := day.AddDate(0, 0, -7*i)
		putAccessDoc(t, e.ix, "acme-"+string(rune('a'+i)), "acme", "The invoice export is slow, reference A-100.", "invoic export", "A-100", at)
		putAccessDoc(t, e.ix, "globex-secret-"+string(rune('a'+i)), "globex",
			"The invoice export to zanzibar fails, reference G-777.", "zanzibar", "G-777", at)
	}
	return e
}

// noGlobex fails if r holds any mark of globex.
func noGlobex(t *testing.T, what string, r response) {
	t.Helper()
	for _, m := range globexMarks {
		if strings.Contains(strings.ToLower(string(r.Raw)), strings.ToLower(m)) {
			t.Errorf("%s: answer %d holds %q: %s", what, r.Status, m, r.Raw)
		}
	}
}

func TestAccessSearch(t *testing.T) {
	e := accessEnv(t)
	queries := []struct {
		name, params string
		total        float64 // of acme's 3 documents
	}{
		{"everything", "", 3},
		{"a shared word", "q=invoice", 3},
		{"a globex word", "q=zanzibar", 0},
		{"client filter of another client", "q=client:globex", 0},
		{"client filter in text with a word", "q=invoice+client:globex", 0},
		{"excluding its own client", "q=-client:acme", 0},
		{"excluding its own client with a word", "q=invoice+-client:acme", 0},
		{"OR another client", "q=invoice+OR+client:globex", 3},
		{"OR another client alone", "q=client:acme+OR+client:globex", 3},
		{"a globex theme", "q=theme:zanzibar", 0},
		{"a globex entity", "q=entity:G-777", 0},
		{"phrase of globex", "q=%22to+zanzibar%22", 0},
		{"client parameter of another client", "client=globex", 0},
		{"client parameter of both", "client=globex,acme", 3},
		{"typo of a globex word", "q=zanzibor", 0},
		{"sorted by date", "q=invoice&sort=date", 3},
	}
	for _, tt := range queries {
		t.Run(tt.name, func(t *testing.T) {
			r := e.call(t, "GET", "/v1/search?"+tt.params, "key-acme", "", "")
			if r.Status != http.StatusOK {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
			noGlobex(t, "search "+tt.params, r)
			if r.Body["total"] != tt.total {
				t.Errorf("total = %v, want %v", r.Body["total"], tt.total)
			}
			facets, _ := r.Body["facets"].(map[string]any)
			for _, name := range []string{"client", "source", "language", "kind", "cue", "theme", "entity"} {
				if _, ok := facets[name]; !ok {
					t.Errorf("facet %s missing: %s", name, r.Raw)
				}
			}
			// The same query with an all-clients key does see globex,
			// so the filter is what hides it.
			if tt.total == 0 && tt.params != "q=-client:acme" {
				return
			}
			all := e.call(t, "GET", "/v1/search?"+tt.params, "key-ops", "", "")
			if all.Body["total"].(float64) < tt.total {
				t.Errorf("admin total = %v, want ≥ %v", all.Body["total"], tt.total)
			}
		})
	}
	// Paging through every page with cursors never reaches globex.
	params := url.Values{"q": {"invoice OR client:globex"}, "limit": {"1"}}
	for pages := 0; pages < 10; pages++ {
		r := e.call(t, "GET", "/v1/search?"+params.Encode(), "key-acme", "", "")
		noGlobex(t, "page", r)
		next, _ := r.Body["next_cursor"].(string)
		if next == "" {
			if pages != 2 {
				t.Errorf("%d pages, want 3", pages+1)
			}
			break
		}
		params.Set("cursor", next)
	}
}

func TestAccessDocuments(t *testing.T) {
	e := accessEnv(t)
	if r := e.call(t, "GET", "/v1/documents/acme-a", "key-acme", "", ""); r.Status != http.StatusOK {
		t.Errorf("own document = %d %s", r.Status, r.Raw)
	}
	other := e.call(t, "GET", "/v1/documents/globex-secret-a", "key-acme", "", "")
	missing := e.call(t, "GET", "/v1/documents/globex-secret-z", "key-acme", "", "")
	if other.Status != http.StatusNotFound || other.errCode() != CodeNotFound {
		t.Errorf("another client's document = %d %s, want 404", other.Status, other.Raw)
	}
	if strings.Replace(other.errMessage(), "-a", "-z", 1) != missing.errMessage() {
		t.Errorf("another client's document says %q, a missing one %q: they must read alike", other.errMessage(), missing.errMessage())
	}
	if strings.Contains(string(other.Raw), "zanzibar") {
		t.Errorf("404 leaks the text: %s", other.Raw)
	}
	if r := e.call(t, "GET", "/v1/documents/globex-secret-a", "key-ops", "", ""); r.Status != http.StatusOK {
		t.Errorf("all-clients key = %d, want 200", r.Status)
	}

	one := `{"id": "g-new", "client": "globex", "text": "We need SSO."}`
	if r := e.call(t, "POST", "/v1/documents", "key-acme", "application/json", one); r.Status != http.StatusForbidden || r.errCode() != CodeForbidden {
		t.Errorf("POST for another client = %d %s, want 403", r.Status, r.Raw)
	}
	none := `{"id": "n-new", "text": "We need SSO."}`
	if r := e.call(t, "POST", "/v1/documents", "key-acme", "application/json", none); r.Status != http.StatusForbidden {
		t.Errorf("POST without a client = %d %s, want 403", r.Status, r.Raw)
	}
	lines := `{"id": "a-new", "client": "acme", "text": "We need SSO."}` + "\n" + one + "\n"
	r := e.call(t, "POST", "/v1/documents", "key-acme", "application/x-ndjson", lines)
	acc, _ := r.Body["accepted"].([]any)
	rej, _ := r.Body["rejected"].([]any)
	if r.Status != http.StatusAccepted || len(acc) != 1 || len(rej) != 1 {
		t.Fatalf("NDJSON = %d %s, want line 1 accepted and line 2 rejected", r.Status, r.Raw)
	}
	if code := rej[0].(map[string]any)["error"].(map[string]any)["code"]; code != CodeForbidden || rej[0].(map[string]any)["line"] != 2.0 {
		t.Errorf("rejected = %v, want line 2 forbidden", rej[0])
	}
	if r := e.call(t, "POST", "/v1/documents", "key-ops", "application/json", one); r.Status != http.StatusAccepted {
		t.Errorf("POST with an all-clients key = %d %s", r.Status, r.Raw)
	}
}

func TestAccessHints(t *testing.T) {
	e := accessEnv(t)
	if r := e.call(t, "GET", "/v1/clients/globex/hints", "key-acme", "", ""); r.Status != http.StatusNotFound {
		t.Errorf("globex hints = %d %s, want 404", r.Status, r.Raw)
	}
	for _, path := range []string{
		"/v1/clients/acme/hints",
		"/v1/emerging?now=2026-11-25",
		"/v1/emerging?now=2026-11-25&client=acme",
	} {
		r := e.call(t, "GET", path, "key-acme", "", "")
		if r.Status != http.StatusOK {
			t.Errorf("%s = %d %s", path, r.Status, r.Raw)
		}
		noGlobex(t, path, r)
	}
	if r := e.call(t, "GET", "/v1/emerging?now=2026-11-25&client=globex", "key-acme", "", ""); r.Status != http.StatusNotFound {
		t.Errorf("emerging of globex = %d %s, want 404", r.Status, r.Raw)
	}
	// The admin key sees globex's theme, so the test data can leak.
	if r := e.call(t, "GET", "/v1/clients/globex/hints", "key-ops", "", ""); r.Status != http.StatusOK || !strings.Contains(string(r.Raw), "zanzibar") {
		t.Errorf("admin globex hints = %d %s, want the zanzibar theme", r.Status, r.Raw)
	}
}

func TestAccessAdminEndpoints(t *testing.T) {
	e := accessEnv(t)
	if r := e.call(t, "GET", "/v1/jobs", "key-acme", "", ""); r.Status != http.StatusForbidden {
		t.Errorf("GET /v1/jobs with a client key = %d %s, want 403", r.Status, r.Raw)
	}
	if r := e.call(t, "GET", "/v1/jobs", "key-ops", "", ""); r.Status == http.StatusForbidden || r.Status == http.StatusUnauthorized {
		t.Errorf("GET /v1/jobs with the admin key = %d %s", r.Status, r.Raw)
	}
}

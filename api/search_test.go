package api

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func put(t testing.TB, ix *index.Index, d ckm.Document) {
	t.Helper()
	d.Normalize()
	rec := index.Record{Document: d, Analysis: nlp.Analysis{ID: d.ID, Language: "en", Version: "t",
		Sentences: []nlp.Sentence{{Text: d.Text, Start: 0, End: len(d.Text), Language: "en"}}}}
	if err := ix.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
}

func seed(t *testing.T, ix *index.Index) {
	t.Helper()
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, d := range []ckm.Document{
		{ID: "d1", Client: "globex", Source: ckm.SourceEmail, At: at, Subject: "Invoices", Text: "Please put the project number on every invoice."},
		{ID: "d2", Client: "globex", Source: ckm.SourceCall, At: at.Add(time.Hour), Text: "The invoice export to Excel keeps failing."},
		{ID: "d3", Client: "initech", Source: ckm.SourceTicket, At: at.Add(2 * time.Hour), Text: "We want single sign-on for the whole team."},
		{ID: "d4", Client: "acme", Source: ckm.SourceEmail, At: at.Add(3 * time.Hour), Text: "Can the invoice show the PO number?"},
	} {
		put(t, ix, d)
	}
}

func TestSearch(t *testing.T) {
	e := newEnv(t, Config{})
	seed(t, e.ix)

	r := e.get(t, "/v1/search?q=invoice&client=globex&client=acme,initech")
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d; body %s", r.Status, r.Raw)
	}
	if r.Body["total"] != 3.0 {
		t.Errorf("total = %v, want 3; body %s", r.Body["total"], r.Raw)
	}
	hits, _ := r.Body["hits"].([]any)
	if len(hits) != 3 {
		t.Fatalf("hits = %d, want 3", len(hits))
	}
	for _, h := range hits {
		h := h.(map[string]any)
		frags, _ := h["fragments"].(map[string]any)["text"].([]any)
		if len(frags) == 0 || !strings.Contains(frags[0].(string), "<mark>invoice</mark>") {
			t.Errorf("hit %v: fragments %v, want <mark>invoice</mark>", h["id"], h["fragments"])
		}
		for _, k := range []string{"id", "client", "source", "language", "at", "score"} {
			if _, ok := h[k]; !ok {
				t.Errorf("hit %v has no %q", h["id"], k)
			}
		}
	}
	facets, _ := r.Body["facets"].(map[string]any)
	wantClients := []any{
		map[string]any{"term": "globex", "count": 2.0},
		map[string]any{"term": "acme", "count": 1.0},
	}
	if diff := cmp.Diff(wantClients, facets["client"]); diff != "" {
		t.Errorf("client facet (-want +got):\n%s\nbody %s", diff, r.Raw)
	}
	if _, ok := r.Body["took_ms"].(float64); !ok {
		t.Errorf("took_ms missing: %s", r.Raw)
	}

	tests := []struct {
		name  string
		query string
		ids   []string
		total float64
	}{
		{"one client", "q=invoice&client=acme", []string{"d4"}, 1},
		{"source", "q=invoice&source=call", []string{"d2"}, 1},
		{"source upper case", "q=invoice&source=CALL", []string{"d2"}, 1},
		{"limit", "q=invoice&limit=1", nil, 3},
		{"offset past end", "q=invoice&offset=50", []string{}, 3},
		{"no match", "q=zebra", []string{}, 0},
		{"stem", "q=invoices&client=acme", []string{"d4"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.get(t, "/v1/search?"+tt.query)
			if r.Status != http.StatusOK {
				t.Fatalf("status = %d; body %s", r.Status, r.Raw)
			}
			hits := r.Body["hits"].([]any)
			if r.Body["total"] != tt.total {
				t.Errorf("total = %v, want %v", r.Body["total"], tt.total)
			}
			if tt.ids == nil {
				if len(hits) != 1 {
					t.Errorf("hits = %d, want 1", len(hits))
				}
				return
			}
			got := []string{}
			for _, h := range hits {
				got = append(got, h.(map[string]any)["id"].(string))
			}
			if diff := cmp.Diff(tt.ids, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchFacetsParam(t *testing.T) {
	e := newEnv(t, Config{})
	seed(t, e.ix)
	tests := []struct {
		query string
		want  []string // facet names in the answer
	}{
		{"q=invoice", index.FacetNames},
		{"q=invoice&facets=none", []string{}},
		{"q=invoice&facets=cue,client", []string{"client", "cue"}},
		// A key that may see no client asked for gets the empty answer,
		// with the same facets.
		{"q=invoice&client=nobody&facets=source", []string{"source"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.get(t, "/v1/search?"+tt.query)
			if r.Status != http.StatusOK {
				t.Fatalf("status = %d; body %s", r.Status, r.Raw)
			}
			facets, ok := r.Body["facets"].(map[string]any)
			if !ok {
				t.Fatalf("facets missing or not an object: %s", r.Raw)
			}
			got := slices.Sorted(maps.Keys(facets))
			if diff := cmp.Diff(slices.Sorted(slices.Values(tt.want)), got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("facets (-want +got):\n%s\nbody %s", diff, r.Raw)
			}
			if strings.Contains(tt.query, "nobody") {
				return
			}
			if r.Body["total"] != 3.0 {
				t.Errorf("total = %v, want 3 whatever the facets", r.Body["total"])
			}
		})
	}
}

func TestSearchValidation(t *testing.T) {
	e := newEnv(t, Config{})
	seed(t, e.ix)
	esc := url.QueryEscape
	tests := []struct {
		name    string
		query   string
		status  int
		message string // for 400s, a substring of the message
	}{
		{"empty", "", 200, ""},
		{"long q", "q=" + strings.Repeat("a", 1025), 400, `"q": 1025 bytes is over the limit of 1024`},
		{"q at limit", "q=" + esc(strings.Repeat(strings.Repeat("a", 31)+" ", 32)), 200, ""},
		{"invalid UTF-8", "q=%FF%FE", 400, `"q": not valid UTF-8`},
		{"invalid UTF-8 client", "client=%C3", 400, `"client": not valid UTF-8`},
		{"control char", "q=a%00b", 400, `"q": contains the control character U+0000`},
		{"newline in source", "source=call%0A", 400, `"source": contains the control character U+000A`},
		{"limit zero", "limit=0", 400, `"limit": "0" is not an integer from 1 to 100`},
		{"limit 101", "limit=101", 400, `"limit": "101" is not an integer from 1 to 100`},
		{"limit word", "limit=ten", 400, `"limit"`},
		{"limit float", "limit=1.5", 400, `"limit"`},
		{"limit huge", "limit=99999999999999999999999", 400, `"limit"`},
		{"offset negative", "offset=-1", 400, `"offset": "-1" is not an integer from 0 to 10000`},
		{"offset over", "offset=10001", 400, `"offset"`},
		{"offset max", "offset=10000", 200, ""},
		{"unknown source", "source=fax", 400, `"source": "fax" is not one of call, email`},
		{"typo", "q=x&clinet=globex", 400, `"clinet": unknown parameter; known: q, client, source, limit, offset`},
		{"q twice", "q=a&q=b", 400, `"q": given more than once`},
		{"bad escape", "q=%zz", 400, "malformed query string"},
		{"semicolon", "q=a;b", 400, "malformed query string"},
		{"bleve syntax", "q=" + esc(`+client:globex -text:"x" ^2 ~1 /re.*/`), 400, `q: unknown field "text" at 16: fields are client`},
		{"quotes", "q=" + esc(`"invoice`), 400, "q: unterminated quote at 0"},
		{"field typo", "q=" + esc(`invoice clinet:globex`), 400, `q: unknown field "clinet" at 8: did you mean client?`},
		{"bad date", "q=" + esc(`after:2026-13-01`), 400, `q: bad date "2026-13-01" in after: at 6`},
		{"too many terms", "q=" + esc(strings.Repeat("w ", 33)), 400, "q: too many terms at 64"},
		{"query language", "q=" + esc(`invoice OR sso -excel client:globex after:2026-01-01`), 200, ""},
		{"sort date", "q=invoice&sort=date", 200, ""},
		{"sort relevance", "sort=RELEVANCE", 200, ""},
		{"sort unknown", "sort=best", 400, `"sort": "best" is not relevance or date`},
		{"cursor garbage", "q=invoice&cursor=xyz", 400, "bad cursor"},
		{"cursor and offset", "q=invoice&cursor=xyz&offset=5", 400, `"cursor": cannot be combined with offset`},
		{"star", "q=*", 200, ""},
		{"backslash", "q=" + esc(`\`), 200, ""},
		{"parens", "q=" + strings.Repeat("(", 1024), 400, "q: word of 1024 bytes is over the limit of 64 at 0"},
		{"parens words", "q=" + strings.Repeat("((((%20", 30), 200, ""},
		{"word at limit", "q=" + strings.Repeat("a", 64), 200, ""},
		{"word over limit", "q=invoice+" + strings.Repeat("a", 65), 400, "q: word of 65 bytes is over the limit of 64 at 8"},
		{"word of 640 letters", "q=" + strings.Repeat("x", 640), 400, "q: word of 640 bytes is over the limit of 64"},
		{"match words", "q=invoice&match=words", 200, ""},
		{"match meaning", "q=invoice&match=Meaning", 200, ""},
		{"match unknown", "q=invoice&match=fuzzy", 400, `"match": "fuzzy" is not meaning or words`},
		{"sql", "q=" + esc(`' OR 1=1; DROP TABLE documents; --`), 200, ""},
		{"script", "q=" + esc(`<script>alert(1)</script>`), 200, ""},
		{"regexp bomb", "q=" + esc(strings.Repeat("a* ", 30)), 200, ""},
		{"unicode", "q=" + esc("exportação 請求書 🧾"), 200, ""},
		{"many clients", "client=" + strings.Repeat("a,", 101), 400, `"client": 101 clients`},
		{"empty clients", "client=,,&client=", 200, ""},
		{"facets none", "facets=none", 200, ""},
		{"facets some", "facets=client,%20CUE", 200, ""},
		{"facets unknown", "facets=client,colour", 400, `"facets": "colour" is not one of client, source, language, kind, cue, theme, entity, or none`},
		{"facets none and names", "facets=none,client", 400, `"facets": none cannot be combined with facet names`},
		{"facets twice", "facets=none&facets=client", 400, `"facets": given more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.get(t, "/v1/search?"+tt.query)
			if r.Status != tt.status {
				t.Fatalf("status = %d, want %d; body %.300s", r.Status, tt.status, r.Raw)
			}
			if tt.status == 400 && (r.errCode() != CodeBadQuery || !strings.Contains(r.errMessage(), tt.message)) {
				t.Errorf("error %s %q, want bad_query with %q", r.errCode(), r.errMessage(), tt.message)
			}
		})
	}
}

// TestSearchExpansions checks that a typo's variants are in the answer and
// on the page ("also matching: …").
func TestSearchExpansions(t *testing.T) {
	e := newEnv(t, Config{})
	seed(t, e.ix)
	r := e.get(t, "/v1/search?q=invoise")
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d; body %s", r.Status, r.Raw)
	}
	// The typo's guess also names themes, which rank below its variant.
	want := []any{map[string]any{"term": "invoise", "kind": "typo", "matches": []any{"invoice"}},
		map[string]any{"term": "invoise", "kind": "meaning", "matches": []any{"invoices and billing", "invoices", "invoice"}}}
	if diff := cmp.Diff(want, r.Body["expansions"]); diff != "" {
		t.Errorf("expansions (-want +got):\n%s\nbody %s", diff, r.Raw)
	}
	if r.Body["total"] != 3.0 {
		t.Errorf("total = %v, want the 3 invoice documents", r.Body["total"])
	}
	p := e.pageGet(t, "/?q=invoise", "")
	if !strings.Contains(p.Body, "also matching: invoice (for invoise)") {
		t.Errorf("page lacks the also-matching line:\n%s", p.Body)
	}
	for _, h := range r.Body["hits"].([]any) {
		if h.(map[string]any)["fuzzy"] != true {
			t.Errorf("hit %v of a typo is not marked fuzzy", h)
		}
	}
	r = e.get(t, "/v1/search?q=invoice&match=words")
	if _, ok := r.Body["expansions"]; ok {
		t.Errorf("a known word has expansions: %s", r.Raw)
	}
	r = e.get(t, "/v1/search?q=fatura")
	want = []any{map[string]any{"term": "fatura", "kind": "meaning", "matches": []any{"invoices and billing", "invoices", "invoice"}}}
	if diff := cmp.Diff(want, r.Body["expansions"]); diff != "" {
		t.Errorf("meaning expansions (-want +got):\n%s\nbody %s", diff, r.Raw)
	}
	if hits, _ := r.Body["hits"].([]any); len(hits) != 3 || hits[0].(map[string]any)["by_meaning"] != true {
		t.Errorf("fatura: want the 3 invoice documents by meaning: %s", r.Raw)
	}
	p = e.pageGet(t, "/?q=fatura", "")
	if !strings.Contains(p.Body, "also matching: invoices and billing, invoices, invoice (for fatura)") {
		t.Errorf("page lacks the also-matching line:\n%s", p.Body)
	}
}

func TestGetDocument(t *testing.T) {
	e := newEnv(t, Config{})
	seed(t, e.ix)
	r := e.get(t, "/v1/documents/d1")
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d; body %s", r.Status, r.Raw)
	}
	doc, _ := r.Body["document"].(map[string]any)
	an, _ := r.Body["analysis"].(map[string]any)
	if doc["id"] != "d1" || doc["client"] != "globex" || an["language"] != "en" || r.Body["content_hash"] == "" || r.Body["indexed_at"] == "" {
		t.Errorf("body = %s", r.Raw)
	}
	for _, path := range []string{"/v1/documents/nope", "/v1/documents/" + url.PathEscape("a/b"), "/v1/documents/%FF"} {
		r := e.get(t, path)
		if r.Status != http.StatusNotFound || r.errCode() != CodeNotFound {
			t.Errorf("GET %s = %d %s, want 404 not_found", path, r.Status, r.Raw)
		}
	}
}

// TestSearchHitOffset checks that a hit's "at" keeps the offset the
// document was sent with.
func TestSearchHitOffset(t *testing.T) {
	e := newEnv(t, Config{})
	put(t, e.ix, ckm.Document{ID: "d1", Client: "acme", Source: ckm.SourceEmail,
		At: time.Date(2026, 1, 27, 18, 45, 0, 0, time.FixedZone("", -5*3600)), Text: "Invoice for January."})
	r := e.get(t, "/v1/search?q=invoice")
	hits, _ := r.Body["hits"].([]any)
	if len(hits) != 1 {
		t.Fatalf("hits = %d, want 1: %s", len(hits), r.Raw)
	}
	if got := hits[0].(map[string]any)["at"]; got != "2026-01-27T18:45:00-05:00" {
		t.Errorf("at = %v, want 2026-01-27T18:45:00-05:00", got)
	}
}

package api

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// page is an HTML answer.
type page struct {
	Status int
	Header http.Header
	Body   string
}

// pageGet fetches path as a browser would (Accept: text/html), with an
// optional bearer key and cookie, without following redirects.
func (e *env) pageGet(t *testing.T, path, key string, cookies ...*http.Cookie) page {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return e.send(t, req)
}

func (e *env) send(t *testing.T, req *http.Request) page {
	t.Helper()
	c := *e.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return page{Status: res.StatusCode, Header: res.Header, Body: string(b)}
}

func TestSafeFragment(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"escaped text and marks pass", "a &lt;b&gt; &amp; <mark>invoice</mark>…", "a &lt;b&gt; &amp; <mark>invoice</mark>…"},
		{"raw tag is escaped", `<script>alert(1)</script><mark>x</mark>`, "&lt;script&gt;alert(1)&lt;/script&gt;<mark>x</mark>"},
		{"mark with attributes is not a mark", `<mark onclick="x">y</mark>`, "&lt;mark onclick=&#34;x&#34;&gt;y"},
		{"stray close dropped", "a</mark>b", "ab"},
		{"open mark closed", "<mark>a", "<mark>a</mark>"},
		{"bare ampersand", "R&D &copy; &#39; &#x27; &bogus; &#;", "R&amp;D &copy; &#39; &#x27; &amp;bogus; &amp;#;"},
		{"quotes", `say "hi" it's`, "say &#34;hi&#34; it&#39;s"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"nested marks", "<mark><mark>a</mark></mark>", "<mark><mark>a</mark></mark>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, string(safeFragment(tt.in))); diff != "" {
				t.Errorf("safeFragment(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// FuzzSafeFragment checks that whatever the index hands over, the page
// emits no tag but <mark> and </mark>, balanced, and no quote.
func FuzzSafeFragment(f *testing.F) {
	for _, s := range []string{"<mark>a</mark>", "&lt;", "<mark", "&amp;<", "</mark><mark>", `"'&#x;`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(safeFragment(in))
		depth := 0
		for i := 0; i < len(out); i++ {
			switch {
			case strings.HasPrefix(out[i:], "<mark>"):
				depth++
				i += len("<mark>") - 1
			case strings.HasPrefix(out[i:], "</mark>"):
				depth--
				i += len("</mark>") - 1
				if depth < 0 {
					t.Fatalf("unbalanced </mark> in %q", out)
				}
			case out[i] == '<' || out[i] == '>' || out[i] == '"' || out[i] == '\'':
				t.Fatalf("raw %q at %d in %q (from %q)", out[i], i, out, in)
			}
		}
		if depth != 0 {
			t.Fatalf("unclosed mark in %q", out)
		}
	})
}

func TestMarkText(t *testing.T) {
	t.Parallel()
	need := func(s, e int) span {
		return span{start: s, end: e, need: true, class: "need", title: "pain · implied · 0.82"}
	}
	ent := func(s, e int) span { return span{start: s, end: e, class: "ent", title: "MONEY"} }
	const n, en = `<mark class="need" title="pain · implied · 0.82">`, `<mark class="ent" title="MONEY">`
	tests := []struct {
		name   string
		text   string
		lo, hi int
		spans  []span
		want   string
	}{
		{"no spans, escaped", "a <b> & c", 0, 9, nil, "a &lt;b&gt; &amp; c"},
		{"entity inside need", "pay $5 now", 0, 10, []span{ent(4, 6), need(0, 10)}, n + "pay " + en + "$5</mark> now</mark>"},
		{"same range: need outside", "$5", 0, 2, []span{ent(0, 2), need(0, 2)}, n + en + "$5</mark></mark>"},
		{"crossing spans reopen", "abcdef", 0, 6, []span{need(0, 4), ent(2, 6)},
			n + "ab" + en + "cd</mark></mark>" + en + "ef</mark>"},
		{"clipped to range", "abcdef", 2, 5, []span{need(0, 4)}, n + "cd</mark>e"},
		{"span outside range", "abcdef", 4, 6, []span{need(0, 2)}, "ef"},
		{"attribute escaped", "ab", 0, 2, []span{{start: 0, end: 2, class: `x" onclick="y`, title: "<t>"}},
			`<mark class="x&#34; onclick=&#34;y" title="&lt;t&gt;">ab</mark>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := markText(tt.text, tt.lo, tt.hi, validSpans(tt.text, tt.spans))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidSpans(t *testing.T) {
	t.Parallel()
	text := "ação"
	in := []span{{start: 0, end: 2}, {start: 1, end: 3}, {start: 1, end: 4}, {start: 0, end: 99}, {start: 3, end: 3}, {start: -1, end: 2}, {start: 0, end: len(text)}}
	got := validSpans(text, in)
	want := []span{{start: 1, end: 3}, {start: 0, end: len(text)}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(span{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestToggleFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, q, field, value, want string
		active                      bool
	}{
		{"add to empty", "", "client", "globex", "client:globex", false},
		{"add to words", "invoice", "source", "call", "invoice source:call", false},
		{"remove", "invoice client:globex", "client", "globex", "invoice", true},
		{"prefix is not the filter", "client:globex2", "client", "globex", "client:globex2 client:globex", false},
		{"quoted value", "x", "theme", "invoic number", `x theme:"invoic number"`, false},
		{"remove quoted", `theme:"invoic number" x`, "theme", "invoic number", "x", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, ok := filterFor(tt.field, tt.value)
			if !ok {
				t.Fatalf("filterFor(%q, %q) not ok", tt.field, tt.value)
			}
			got, active := toggleFilter(tt.q, f)
			if got != tt.want || active != tt.active {
				t.Errorf("toggleFilter(%q, %q) = %q, %v; want %q, %v", tt.q, f, got, active, tt.want, tt.active)
			}
		})
	}
	if _, ok := filterFor("entity", `say "x"`); ok {
		t.Error(`filterFor of a value with a quote: ok, want not writable`)
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"a page", "/clients/acme?now=1", "/clients/acme?now=1"},
		{"escaped query", "/search?q=invoice+export%21", "/search?q=invoice+export%21"},
		{"empty", "", "/"},
		{"protocol-relative", "//evil.example", "/"},
		{"scheme", "https://evil.example", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"backslash", `/\evil.example`, "/"},
		{"backslash later", `/a\b`, "/"},
		{"CRLF", "/a\r\nSet-Cookie: x", "/"},
		{"tab (browsers drop it)", "/\t/evil.example/path", "/"},
		{"encoded tab", "/%09/evil.example/path", "/"},
		{"encoded slash", "/%2F/evil.example", "/"},
		{"encoded backslash", "/%5Cevil.example", "/"},
		{"NUL", "/a\x00b", "/"},
		{"DEL", "/a\x7fb", "/"},
		{"ideographic space", "/\u3000/evil.example", "/"},
		{"bad escape", "/a%zz", "/"},
		{"invalid UTF-8", "/a\xff", "/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.in); got != tc.want {
				t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEmergingChart(t *testing.T) {
	t.Parallel()
	e := &index.Emerging{RecentDocuments: 10, BaselineDocuments: 100,
		Themes: []index.EmergingTheme{{Label: "invoice export", Recent: 5, Baseline: 5, Significant: true}},
		Rising: []index.EmergingTheme{{Label: "sso", Recent: 2, Baseline: 10}}}
	c := emergingChart(e)
	if c == nil || len(c.Rows) != 2 {
		t.Fatalf("chart = %+v, want 2 rows", c)
	}
	// invoice export: 50 per 100 in the window, 5 before; the axis tops at 50.
	got := []string{c.Rows[0].Recent, c.Rows[0].Baseline, c.Rows[1].Recent, c.Rows[1].Baseline, c.Ticks[1].Label, c.Ticks[len(c.Ticks)-1].Label}
	if diff := cmp.Diff([]string{"50", "5.0", "20", "10", "10", "50"}, got); diff != "" {
		t.Errorf("rates (-want +got):\n%s", diff)
	}
	if c.Rows[0].RecentW != chartWidth-chartLabelWidth-60 || c.Rows[0].BaselineW >= c.Rows[1].BaselineW {
		t.Errorf("bar widths: %+v", c.Rows)
	}
	if emergingChart(&index.Emerging{}) != nil {
		t.Error("chart of nothing is not nil")
	}
}

// TestPagesAccess: a key scoped to acme gets nothing of globex on any
// page, whatever the URL asks; the admin key sees both.
func TestPagesAccess(t *testing.T) {
	e := accessEnv(t)
	tests := []struct {
		name, path string
		status     int
	}{
		{"search", "/", 200},
		{"search a shared word", "/?q=invoice", 200},
		{"search a globex word", "/?q=zanzibar", 200},
		{"search globex", "/?q=client:globex", 200},
		{"search OR globex", "/?q=invoice+OR+client:globex", 200},
		{"search a globex entity", "/?q=entity:G-777", 200},
		{"search by date", "/?sort=date", 200},
		{"own client", "/clients/acme", 200},
		{"other client", "/clients/globex", 404},
		{"other document", "/documents/globex-secret-a", 404},
		{"own document", "/documents/acme-a", 200},
		{"emerging", "/emerging?window=90d&now=2026-11-21", 200},
		{"emerging of other client", "/emerging?client=globex", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := e.pageGet(t, tt.path, "key-acme")
			if p.Status != tt.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tt.path, p.Status, tt.status, p.Body)
			}
			if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q", ct)
			}
			asked := strings.ToLower(tt.path)
			body := strings.ToLower(p.Body)
			for _, m := range globexMarks {
				if m = strings.ToLower(m); !strings.Contains(asked, m) && strings.Contains(body, m) {
					t.Errorf("GET %s holds %q", tt.path, m)
				}
			}
			if strings.Contains(asked, "globex") && strings.Count(body, "globex") > strings.Count(p.bodyInputs(), "globex") {
				t.Errorf("GET %s names globex beyond echoing the query", tt.path)
			}
		})
	}
	for _, path := range []string{"/clients/globex", "/documents/globex-secret-a", "/?q=zanzibar"} {
		p := e.pageGet(t, path, "key-ops")
		if p.Status != 200 || !strings.Contains(p.Body, "globex") {
			t.Errorf("admin GET %s = %d, want 200 with globex", path, p.Status)
		}
	}
}

// bodyInputs returns the text of the page's input values and title: what
// echoes the caller's own query back.
func (p page) bodyInputs() string {
	var b strings.Builder
	for _, part := range strings.Split(p.Body, "<")[1:] {
		if strings.HasPrefix(part, "input") || strings.HasPrefix(part, "title>") || strings.HasPrefix(part, `a href="/?`) || strings.HasPrefix(part, "p class=\"error\"") {
			b.WriteString(strings.ToLower(part))
		}
	}
	return b.String()
}

func TestPageSearchShowsFacetsAndMarks(t *testing.T) {
	e := accessEnv(t)
	p := e.pageGet(t, "/?q=invoice", "key-ops")
	body := html.UnescapeString(p.Body)
	for _, want := range []string{
		"<mark>invoice</mark>",              // highlighted evidence
		`href="/?q=invoice+client%3Aacme"`,  // a facet that adds a filter
		`href="/?q=invoice+source%3Aemail"`, // channel facet
		`href="/clients/acme"`,              // who
		"6 documents match",                 // exact count
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q\n%s", want, p.Body)
		}
	}
	p = e.pageGet(t, "/?q=invoice+client%3Aacme", "key-ops")
	if !strings.Contains(p.Body, "3 documents match") || !strings.Contains(p.Body, `class="active"`) {
		t.Errorf("filtered page: want 3 documents and an active facet")
	}
	p = e.pageGet(t, "/?q=clinet%3Aacme", "key-ops")
	if p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "did you mean client?") {
		t.Errorf("bad query = %d, want 400 with the parser's hint:\n%s", p.Status, p.Body)
	}
}

func TestPageSearchThemeLabels(t *testing.T) {
	ks := mustKeys(t, keyLine("acme-bot", "key-acme", false, "acme"), keyLine("ops", "key-ops", true, "*"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1})
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	const key = "invoic number project"
	for i, d := range []struct{ client, theme string }{
		{"acme", "project number on each invoice"},
		{"acme", "project number on each invoice"},
		{"acme", "project numbers on the invoice"},
		// Another client words it its own way more often: acme's key
		// must not see it.
		{"globex", "zanzibar project invoice numbers"},
		{"globex", "zanzibar project invoice numbers"},
		{"globex", "zanzibar project invoice numbers"},
		{"globex", "zanzibar project invoice numbers"},
	} {
		id, text := fmt.Sprintf("%s-%d", d.client, i), "Please show the project number on each invoice."
		rec := index.Record{
			Document: ckm.Document{ID: id, Client: d.client, Source: ckm.SourceEmail, At: at, Text: text},
			Analysis: nlp.Analysis{ID: id, Language: "en", Version: "t",
				Sentences: []nlp.Sentence{{Text: text, End: len(text), Language: "en"}},
				Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: d.theme, ThemeKey: key, Text: text, End: len(text),
					Speaker: nlp.SpeakerCustomer, Confidence: 0.9}}},
		}
		if err := e.ix.Put(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		apiKey, want, notWant string
	}{
		{"key-ops", "zanzibar project invoice numbers", "project number on each invoice"},
		{"key-acme", "project number on each invoice", "zanzibar"},
	}
	for _, tt := range tests {
		t.Run(tt.apiKey, func(t *testing.T) {
			p := e.pageGet(t, "/?q=project", tt.apiKey)
			body := html.UnescapeString(p.Body)
			if p.Status != http.StatusOK || !strings.Contains(body, `<span class="term">`+tt.want+`</span>`) {
				t.Errorf("status %d; theme facet lacks the label %q:\n%s", p.Status, tt.want, p.Body)
			}
			if strings.Contains(body, `<span class="term">`+tt.notWant) {
				t.Errorf("theme facet shows %q", tt.notWant)
			}
			// The link still filters by the key.
			if !strings.Contains(body, `href="/?q=project+theme%3A%22invoic+number+project%22"`) {
				t.Errorf("theme facet link does not filter by the key:\n%s", p.Body)
			}
		})
	}
}

func TestPageDocumentMarksSpans(t *testing.T) {
	e := newEnv(t, Config{})
	text := "Customer: We pay $1,200 a month and <b>hate</b> the export.\nAgent: Noted."
	pay := strings.Index(text, "$1,200")
	hate := strings.Index(text, "hate")
	rec := index.Record{
		Document: ckm.Document{ID: "doc/1", Client: "acme", Source: ckm.SourceCall, Text: text,
			Turns: []ckm.Turn{{Speaker: "Customer", Role: ckm.RoleCustomer, Start: 0, End: strings.Index(text, "\n")},
				{Speaker: "Agent", Role: ckm.RoleAgent, Start: strings.Index(text, "Agent"), End: len(text)}}},
		Analysis: nlp.Analysis{ID: "doc/1", Language: "en", Version: "2026.11.3",
			Entities: []nlp.Entity{{Text: "$1,200", Label: "MONEY", Start: pay, End: pay + 6, Value: "1200"}},
			Needs: []nlp.Need{{Kind: "implied", Cue: "pain", Theme: "export", Text: text[hate-3 : hate+20],
				Start: hate - 3, End: hate + 20, Speaker: "customer", Confidence: 0.82}}},
	}
	if err := e.ix.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	p := e.pageGet(t, "/documents/"+url.PathEscape("doc/1"), "")
	for _, want := range []string{
		`<mark class="ent ent-money" title="MONEY · value 1200">$1,200</mark>`,
		`<mark class="need need-pain need-implied" title="pain · implied · 0.82 · theme: export · customer">&lt;b&gt;hate&lt;/b&gt; the export.</mark>`,
		`<div class="turn role-agent">
        <div class="speaker">Agent</div>
        <div class="text">Noted.</div>`,
		"nlp 2026.11.3",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("document page lacks %s\n%s", want, p.Body)
		}
	}
	if strings.Contains(p.Body, "<b>") {
		t.Error("document text was not escaped")
	}
}

func TestPageLogin(t *testing.T) {
	e := accessEnv(t)
	p := e.pageGet(t, "/clients/acme", "")
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login?next=%2Fclients%2Facme" {
		t.Fatalf("no key: %d to %q, want 303 to the login form", p.Status, p.Header.Get("Location"))
	}
	if p = e.pageGet(t, "/login?next=/clients/acme", ""); p.Status != 200 || !strings.Contains(p.Body, `name="key"`) {
		t.Fatalf("login form: %d", p.Status)
	}
	login := func(key string) page {
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login", strings.NewReader(url.Values{"key": {key}, "next": {"/clients/acme"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return e.send(t, req)
	}
	if p = login("wrong"); p.Status != http.StatusUnauthorized || p.Header.Get("Set-Cookie") != "" {
		t.Fatalf("wrong key: %d, cookie %q", p.Status, p.Header.Get("Set-Cookie"))
	}
	p = login("key-acme")
	res := http.Response{Header: p.Header}
	cookies := res.Cookies()
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/clients/acme" || len(cookies) != 1 {
		t.Fatalf("login: %d to %q, cookies %v", p.Status, p.Header.Get("Location"), cookies)
	}
	c := cookies[0]
	if c.Name != keyCookie || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Value != "key-acme" {
		t.Errorf("cookie = %+v, want HttpOnly SameSite=Strict ckm_key", c)
	}
	if p = e.pageGet(t, "/clients/acme", "", c); p.Status != 200 || !strings.Contains(p.Body, "acme-bot") {
		t.Errorf("with the cookie: %d", p.Status)
	}
	if p = e.pageGet(t, "/clients/globex", "", c); p.Status != 404 {
		t.Errorf("other client with the cookie: %d, want 404", p.Status)
	}
	if p = e.pageGet(t, "/v1/search", "", c); p.Status != http.StatusUnauthorized {
		t.Errorf("JSON API with only the cookie: %d, want 401 (bearer only)", p.Status)
	}
	bad := &http.Cookie{Name: keyCookie, Value: "revoked"}
	if p = e.pageGet(t, "/", "", bad); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/login?") {
		t.Errorf("bad cookie: %d to %q, want the login form", p.Status, p.Header.Get("Location"))
	}
}

// stubMonitor stands in for asynqmon.
type stubMonitor struct{}

func (stubMonitor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	io.WriteString(w, "monitoring "+r.URL.Path)
}

func TestAdminMounts(t *testing.T) {
	reg := prometheus.NewRegistry()
	ks := mustKeys(t, keyLine("acme-bot", "key-acme", false, "acme"), keyLine("ops", "key-ops", true, "*"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1, Metrics: reg, Monitoring: stubMonitor{}})
	putAccessDoc(t, e.ix, "acme-a", "acme", "The invoice export is slow.", "invoic export", "export", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	e.pageGet(t, "/?q=invoice", "key-acme")
	for _, path := range []string{"/metrics", "/monitoring/", "/monitoring/api/queues"} {
		if p := e.pageGet(t, path, "key-acme"); p.Status != http.StatusForbidden {
			t.Errorf("scoped key GET %s = %d, want 403", path, p.Status)
		}
	}
	p := e.pageGet(t, "/metrics", "key-ops")
	for _, want := range []string{
		`ckm_http_requests_total{code="200",method="GET",route="GET /{$}"} 1`,
		`ckm_http_requests_total{code="403",method="GET",route="GET /metrics"} 1`,
		`ckm_http_request_duration_seconds_bucket{code="200",method="GET",route="GET /{$}",le="+Inf"} 1`,
		"ckm_index_documents 1",
	} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("/metrics lacks %s\n%s", want, p.Body)
		}
	}
	if p := e.pageGet(t, "/monitoring/queues", "key-ops"); p.Body != "monitoring /monitoring/queues" {
		t.Errorf("admin /monitoring/queues = %d %q", p.Status, p.Body)
	}
}

func TestPageSearchPaging(t *testing.T) {
	e := newEnv(t, Config{})
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range 12 {
		putAccessDoc(t, e.ix, "doc-"+string(rune('a'+i)), "acme", "The invoice export is slow.", "invoic export", "export", day.AddDate(0, 0, i))
	}
	hits := func(body string) []string {
		var ids []string
		for _, part := range strings.Split(body, `<a href="/documents/`)[1:] {
			ids = append(ids, part[:strings.IndexByte(part, '"')])
		}
		return ids
	}
	p1 := e.pageGet(t, "/?q=invoice&sort=date", "")
	next := p1.Body[strings.Index(p1.Body, `rel="next"`)-200:]
	next = html.UnescapeString(next[strings.LastIndex(next, `href="`)+len(`href="`):])
	next = next[:strings.IndexByte(next, '"')]
	counted := e.ix.FacetCountings()
	p2 := e.pageGet(t, next, "")
	// The next page shows the first page's facet counts, kept by the
	// index: it does not count them again.
	if n := e.ix.FacetCountings() - counted; n != 0 {
		t.Errorf("page 2 counted facets %d times, want 0", n)
	}
	facet := `data-facet="client"`
	if f1, f2 := facetHTML(p1.Body, facet), facetHTML(p2.Body, facet); f1 == "" || f1 != f2 {
		t.Errorf("client facet on page 2 %q, want page 1's %q", f2, f1)
	}
	want1 := []string{"doc-l", "doc-k", "doc-j", "doc-i", "doc-h", "doc-g", "doc-f", "doc-e", "doc-d", "doc-c"}
	if diff := cmp.Diff(want1, hits(p1.Body)); diff != "" {
		t.Errorf("page 1 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"doc-b", "doc-a"}, hits(p2.Body)); diff != "" {
		t.Errorf("page 2 (-want +got):\n%s", diff)
	}
	if !strings.Contains(p2.Body, "showing 11–12") || strings.Contains(p2.Body, `rel="next"`) || !strings.Contains(p2.Body, "First page") {
		t.Errorf("page 2 counts or links are wrong:\n%s", p2.Body)
	}
	if p := e.pageGet(t, "/?q=invoice&cursor=bogus", ""); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, "no longer valid") {
		t.Errorf("bad cursor = %d", p.Status)
	}
}

// facetHTML is the section of body that starts with the facet marker
// mark, up to its end, or "" when body has none.
func facetHTML(body, mark string) string {
	i := strings.Index(body, mark)
	if i < 0 {
		return ""
	}
	s := body[i:]
	return s[:strings.Index(s, "</section>")]
}

// TestPageEvidenceContext: on a client's page, a yes to an agent's
// question is shown with the question it answers.
func TestPageEvidenceContext(t *testing.T) {
	ks := mustKeys(t, keyLine("ops", "key-ops", true, "*"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1})
	const question, answer = "Do you need the project number on the invoice as well?", "Both, ideally."
	text := "Agent: " + question + "\nCustomer: " + answer
	start := strings.Index(text, answer)
	rec := index.Record{
		Document: ckm.Document{ID: "acme-call", Client: "acme", Source: ckm.SourceCall, At: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Text: text},
		Analysis: nlp.Analysis{ID: "acme-call", Language: "en", Version: "t",
			Sentences: []nlp.Sentence{{Text: text, End: len(text), Language: "en"}},
			Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "project number", ThemeKey: "number project",
				Text: answer, Start: start, End: start + len(answer), Context: question, Speaker: nlp.SpeakerCustomer, Confidence: 0.7}}},
	}
	if err := e.ix.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	p := e.pageGet(t, "/clients/acme", "key-ops")
	body := html.UnescapeString(p.Body)
	if want := `<span class="context">“` + question + `”</span> <q>` + answer + `</q>`; p.Status != http.StatusOK || !strings.Contains(body, want) {
		t.Errorf("status %d; the page lacks %q:\n%s", p.Status, want, p.Body)
	}
}

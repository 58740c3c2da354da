package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium, which `make test` installs when it
// is missing (scripts/deps.sh browser).
const chromiumPath = "/usr/bin/chromium"

// browserKeys are the keys of the browser test's server: an admin that
// sees every client and a key scoped to one client of the sample.
var browserKeys = []struct {
	name, key, clients string
	admin              bool
}{
	{"ops", "browser-admin-key", `["*"]`, true},
	{"acme-desk", "browser-acme-key", `["acme-saude"]`, false},
}

// newBrowser starts a headless chromium with a fresh profile; it skips the
// test when chromium is absent (fails under CI=true).
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required under CI: %v (make test installs it: scripts/deps.sh browser)", err)
		}
		t.Skipf("no chromium at %s (install it with scripts/deps.sh browser): %v", chromiumPath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// browserStack starts ckm serve with browserKeys and loads the sample.
func browserStack(t *testing.T) *stack {
	t.Helper()
	dir := t.TempDir()
	var lines []string
	for _, k := range browserKeys {
		sum := sha256.Sum256([]byte(k.key))
		lines = append(lines, fmt.Sprintf(`{"name": %q, "sha256": %q, "clients": %s, "admin": %v}`, k.name, hex.EncodeToString(sum[:]), k.clients, k.admin))
	}
	keys := filepath.Join(dir, "keys.jsonl")
	if err := os.WriteFile(keys, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startStackIn(t, filepath.Join(dir, "data"), "--keys-file", keys)
	s.env["CKM_API_KEY"] = browserKeys[0].key // the CLI posts with the admin key
	if out, errs, err := s.cli("", "enqueue", "--wait", "../../examples/sample.jsonl"); err != nil || !strings.Contains(out, "indexed 48") {
		t.Fatalf("enqueue sample: %v\n%s%s", err, out, errs)
	}
	return s
}

// TestBrowser drives the page in a real chromium: sign in, search, click a
// facet, open a client and a document, look at emerging themes, and check
// what is on screen at each step. Screenshots go to the test's temporary
// directory, or to $CKM_SCREENSHOTS to keep them.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	s := browserStack(t)
	shots := t.TempDir()
	if dir := os.Getenv("CKM_SCREENSHOTS"); dir != "" { // keep them to look at
		shots = dir
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}
	run := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			shot("failed-" + strings.ReplaceAll(what, " ", "-"))
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := func(js string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}
	count := func(sel string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return n
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// Sign in: a page without a key sends the browser to the form.
	run("sign in",
		chromedp.Navigate(s.base+"/"),
		chromedp.WaitVisible(css("#key")),
		chromedp.SendKeys(css("#key"), browserKeys[0].key),
		chromedp.Submit(css("#key")),
		chromedp.WaitVisible(css("#q")),
	)

	// Search: hits with highlighted evidence.
	run("search",
		chromedp.SendKeys(css("#q"), "invoice"),
		chromedp.Submit(css("#q")),
		chromedp.WaitVisible(css(".hit .fragment mark")),
	)
	before := text("#count")
	shot("1-search")
	if n := count(".hit .fragment mark"); n == 0 {
		t.Error("no highlighted evidence on screen")
	}
	if !strings.Contains(before, "documents match") {
		t.Errorf("count text = %q", before)
	}

	// Facet: the first client narrows the results to that client.
	client := text(`section[data-facet="client"] li:first-child .term`)
	run("click facet",
		chromedp.Click(css(`section[data-facet="client"] li:first-child a`)),
		chromedp.WaitVisible(css(`section[data-facet="client"] a.active`)),
	)
	after := text("#count")
	shot("2-facet")
	if after == before {
		t.Errorf("count did not change after clicking client %q: %q", client, after)
	}
	clients := eval(`Array.from(document.querySelectorAll(".hit")).map(h => h.dataset.client)`)
	if len(clients) == 0 {
		t.Fatal("no hits after the facet")
	}
	for _, c := range clients {
		if c != client {
			t.Errorf("after the %q facet a hit of %q is on screen", client, c)
		}
	}

	// Client page: ranked hints with evidence.
	run("open client",
		chromedp.Click(css(".hit .client")),
		chromedp.WaitVisible(css("#hints")),
	)
	shot("3-client")
	if n := count("#hints li.hint"); n == 0 {
		t.Error("no hints on the client page")
	}
	if n := count("#hints .evidence li"); n == 0 {
		t.Error("no evidence sentences on the client page")
	}
	if n := count("#recent li"); n == 0 {
		t.Error("no recent documents on the client page")
	}

	// Document page: need and entity spans marked in the text.
	run("open document",
		chromedp.Click(css("#recent li:first-child a")),
		chromedp.WaitVisible(css("#doc-text")),
	)
	shot("4-document")
	if n := count("#doc-text mark.need"); n == 0 {
		t.Error("no need marked in the document")
	}
	if n := count("#doc-text mark.ent"); n == 0 {
		t.Error("no entity marked in the document")
	}

	// Emerging: the sample's last 90 days, with the chart.
	run("emerging",
		chromedp.Navigate(s.base+"/emerging?window=90d&now=2026-11-25"),
		chromedp.WaitVisible(css("h1")),
	)
	shot("5-emerging")
	if n := count("#chart rect.bar.recent"); n == 0 {
		t.Error("no bars in the emerging chart")
	}

	// Keyboard: "/" puts the cursor in the search box.
	run("slash", chromedp.Navigate(s.base+"/"), chromedp.WaitVisible(css("#q")), chromedp.KeyEvent("/"))
	if got := eval(`[document.activeElement ? document.activeElement.id : ""]`); len(got) != 1 || got[0] != "q" {
		t.Errorf("after '/', the focus is on %q, want the search box", got)
	}

	// The admin's cookie opens the queue monitor.
	run("monitoring", chromedp.Navigate(s.base+"/monitoring/"), chromedp.WaitReady(css("#root")))
	shot("6-monitoring")

	// Sign out, sign in with the scoped key: only its client is in the facets.
	run("scoped sign in",
		chromedp.Navigate(s.base+"/"),
		chromedp.Click(css(".who button")),
		chromedp.WaitVisible(css("#key")),
		chromedp.SendKeys(css("#key"), browserKeys[1].key),
		chromedp.Submit(css("#key")),
		chromedp.WaitVisible(css("#q")),
	)
	terms := eval(`Array.from(document.querySelectorAll('section[data-facet="client"] .term')).map(e => e.textContent)`)
	if len(terms) != 1 || terms[0] != "acme-saude" {
		t.Errorf("scoped key's client facet = %v, want [acme-saude]", terms)
	}
	shot("7-scoped")

	// A phone-sized window shows the same page in one column.
	run("phone",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(s.base+"/?q=fatura"),
		chromedp.WaitVisible(css(".hit")),
	)
	shot("8-phone")
	if n := count("html"); n != 1 {
		t.Fatal("no page")
	}
	if wide := eval(`[String(document.documentElement.scrollWidth > window.innerWidth + 1)]`); wide[0] != "false" {
		t.Error("the search page scrolls sideways at phone width")
	}
}

// TestAdminMountsServe checks /metrics and /monitoring/ of a real ckm
// serve: admin only, with HTTP, index and Asynq queue metrics.
func TestAdminMountsServe(t *testing.T) {
	s := browserStack(t)
	get := func(path, key string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, s.base+path, nil)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, path := range []string{"/metrics", "/monitoring/", "/monitoring/api/queues"} {
		if code, _ := get(path, browserKeys[1].key); code != http.StatusForbidden {
			t.Errorf("scoped key GET %s = %d, want 403", path, code)
		}
	}
	code, body := get("/metrics", browserKeys[0].key)
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", code)
	}
	for _, want := range []string{
		`asynq_tasks_processed_total{queue="default"}`,
		`asynq_queue_size{queue="default"}`,
		"ckm_index_documents 48",
		`ckm_http_requests_total{code="403",method="GET",route="GET /metrics"} 1`,
		"go_goroutines",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code, body := get("/monitoring/api/queues", browserKeys[0].key); code != http.StatusOK || !strings.Contains(body, `"default"`) {
		t.Errorf("GET /monitoring/api/queues = %d %.200s", code, body)
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
)

// stack is a running `ckm serve` with its own Redis and data directory.
type stack struct {
	t     *testing.T
	base  string // http://127.0.0.1:port
	env   map[string]string
	cliTO time.Duration
}

func startStack(t *testing.T) *stack {
	t.Helper()
	return startStackIn(t, t.TempDir())
}

// startStackIn starts a stack whose data directory is dir.
func startStackIn(t *testing.T, dir string, serveArgs ...string) *stack {
	t.Helper()
	redis := testutil.Redis(t)
	port, err := testutil.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	s := &stack{t: t, base: "http://127.0.0.1:" + strconv.Itoa(port), env: map[string]string{
		"CKM_REDIS_ADDR": redis,
		"CKM_DATA_DIR":   dir,
		"CKM_HTTP_ADDR":  "127.0.0.1:" + strconv.Itoa(port),
		"CKM_SERVER":     "http://127.0.0.1:" + strconv.Itoa(port),
		"CKM_LOG_LEVEL":  "warn",
	}}
	s.background(t, append([]string{"serve"}, serveArgs...)...)
	for i := 0; ; i++ {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if i > 200 {
			t.Fatalf("server did not become healthy: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *stack) getenv(k string) string { return s.env[k] }

// adminToken is the token the stack's open server wrote for admin actions.
func (s *stack) adminToken(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(s.env["CKM_DATA_DIR"], adminTokenFile))
	if err != nil {
		t.Fatalf("admin token: %v", err)
	}
	return strings.TrimSpace(string(b))
}

// background runs a long-lived ckm subcommand (serve, worker) in-process
// with the stack's environment until the test ends, and fails the test if
// it ends with an error.
func (s *stack) background(t *testing.T, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		var logs bytes.Buffer
		err := run(ctx, args, s.getenv, strings.NewReader(""), io.Discard, &logs)
		if err != nil {
			err = fmt.Errorf("%w\n%s", err, logs.String())
		}
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("%s: %v", args[0], err)
		}
	})
}

// cli runs a ckm subcommand in-process and returns its output and error.
func (s *stack) cli(stdin string, args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err = run(ctx, args, s.getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

type searchResult struct {
	Total int `json:"total"`
	Hits  []struct {
		ID        string              `json:"id"`
		Client    string              `json:"client"`
		Fragments map[string][]string `json:"fragments"`
	} `json:"hits"`
	Facets map[string][]struct {
		Term  string `json:"term"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func (s *stack) search(t *testing.T, params url.Values) searchResult {
	t.Helper()
	resp, err := http.Get(s.base + "/v1/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("search %v: %s: %s", params, resp.Status, body)
	}
	var r searchResult
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("search answer: %v: %s", err, body)
	}
	return r
}

// readLines returns the first n lines of a JSON Lines file.
func readLines(t *testing.T, path string, n int) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(lines) < n {
		lines = append(lines, sc.Text())
	}
	return lines
}

// TestEndToEnd enqueues 300 app reviews through a real Redis with `ckm
// enqueue --wait`, then checks that stemmed queries find them with the
// right client facets.
func TestEndToEnd(t *testing.T) {
	lines := readLines(t, testutil.SharedData(t, "needs/app-reviews.jsonl"), 300)
	s := startStack(t)
	file := filepath.Join(t.TempDir(), "reviews.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, err := s.cli("", "enqueue", "--wait", file)
	if err != nil {
		t.Fatalf("enqueue: %v\n%s%s", err, out, errs)
	}
	want := fmt.Sprintf("enqueued %d, indexed %d, failed 0 in ", len(lines), len(lines))
	if !strings.HasPrefix(out, want) {
		t.Fatalf("enqueue said %q, want a line starting %q", out, want)
	}

	// What the query "playing" must find: every review with a form of
	// "play", counted per client.
	play := regexp.MustCompile(`(?i)\bplay(s|ed|ing)?\b`)
	wantClients := map[string]int{}
	wantTotal := 0
	for _, l := range lines {
		d, err := ckm.DecodeDocument([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		if play.MatchString(d.Text) {
			wantClients[d.Client]++
			wantTotal++
		}
	}
	if wantTotal < 5 {
		t.Fatalf("only %d reviews mention playing; pick another word", wantTotal)
	}
	r := s.search(t, url.Values{"q": {"playing"}, "limit": {"100"}})
	if r.Total < wantTotal {
		t.Errorf("search playing: total %d, want at least the %d reviews that say play*", r.Total, wantTotal)
	}
	facet := map[string]int{}
	sum := 0
	for _, f := range r.Facets["client"] {
		facet[f.Term] = f.Count
		sum += f.Count
	}
	for c, n := range wantClients {
		if facet[c] < n {
			t.Errorf("client facet %q = %d, want at least %d", c, facet[c], n)
		}
	}
	if sum != r.Total {
		t.Errorf("client facets add up to %d, total is %d", sum, r.Total)
	}
	if len(r.Hits) == 0 || len(r.Hits[0].Fragments["text"]) == 0 || !strings.Contains(r.Hits[0].Fragments["text"][0], "<mark>") {
		t.Errorf("first hit has no highlighted fragment: %+v", r.Hits)
	}

	// A client filter keeps hits and facets to that client.
	var one string
	for c := range wantClients {
		one = c
		break
	}
	r = s.search(t, url.Values{"q": {"played"}, "client": {one}, "limit": {"100"}})
	if r.Total < wantClients[one] {
		t.Errorf("client %s: total %d, want at least %d", one, r.Total, wantClients[one])
	}
	for _, h := range r.Hits {
		if h.Client != one {
			t.Errorf("client filter %q returned a hit of %q", one, h.Client)
		}
	}
	if fc := r.Facets["client"]; len(fc) != 1 || fc[0].Term != one {
		t.Errorf("client filter %q: facets %+v", one, fc)
	}

	// Sending the same file again indexes nothing twice.
	if out, _, err := s.cli("", "enqueue", "--wait", file); err != nil || !strings.HasPrefix(out, want) {
		t.Fatalf("second enqueue: %v: %q", err, out)
	}
	if r := s.search(t, url.Values{"limit": {"1"}}); r.Total != len(lines) {
		t.Errorf("after sending the file twice: %d documents, want %d", r.Total, len(lines))
	}
}

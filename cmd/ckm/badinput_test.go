package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// post sends body to /v1/documents and returns the status and answer.
func (s *stack) post(t *testing.T, contentType string, body io.Reader) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(s.base+"/v1/documents", contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("POST answer is not JSON (%s): %q", resp.Status, b)
	}
	return resp.StatusCode, m
}

// waitIndexed polls GET /v1/documents/{id} until it answers 200.
func (s *stack) waitIndexed(t *testing.T, ids ...string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for _, id := range ids {
		for {
			resp, err := http.Get(s.base + "/v1/documents/" + url.PathEscape(id))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("document %q was not indexed (last status %s)", id, resp.Status)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

func errorMessage(m map[string]any) string {
	e, _ := m["error"].(map[string]any)
	msg, _ := e["message"].(string)
	return msg
}

func TestHTTPBadInput(t *testing.T) {
	s := startStack(t)
	good := func(id string) io.Reader {
		return strings.NewReader(fmt.Sprintf(`{"id":%q,"client":"globex","text":"We need project numbers on every invoice."}`, id))
	}
	tests := []struct {
		name        string
		contentType string
		body        io.Reader
		status      int
		mentions    string
	}{
		{"malformed json", "application/json", strings.NewReader(`{"text": "unterminated`), 400, "malformed JSON"},
		{"missing text", "application/json", strings.NewReader(`{"id":"x","client":"globex"}`), 400, "text"},
		{"invalid utf8", "application/json", strings.NewReader("{\"text\":\"fatura \xff\xfe\"}"), 400, "UTF-8"},
		{"binary garbage", "application/json", bytes.NewReader([]byte{0x1f, 0x8b, 0, 0xff, 0x13}), 400, ""},
		{"empty body", "application/json", strings.NewReader(""), 400, "empty"},
		{"50 MB document", "application/json", bigDocument(50 << 20), 413, "limit"},
		{"50 MB of JSON Lines", "application/x-ndjson", bigLines(50<<20, 100<<10), 413, "limit"},
		{"wrong content type", "application/pdf", strings.NewReader("%PDF-1.4"), 415, "application/json"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, after := fmt.Sprintf("before-%d", i), fmt.Sprintf("after-%d", i)
			if st, m := s.post(t, "application/json", good(before)); st != http.StatusAccepted {
				t.Fatalf("good document before: %d %v", st, m)
			}
			st, m := s.post(t, tt.contentType, tt.body)
			if st != tt.status {
				t.Errorf("status = %d, want %d (%v)", st, tt.status, m)
			}
			msg := errorMessage(m)
			if msg == "" || !strings.Contains(msg, tt.mentions) {
				t.Errorf("error message %q should say %q", msg, tt.mentions)
			}
			if st, m := s.post(t, "application/json", good(after)); st != http.StatusAccepted {
				t.Fatalf("good document after: %d %v", st, m)
			}
			s.waitIndexed(t, before, after)
		})
	}

	t.Run("hostile query strings", func(t *testing.T) {
		for _, q := range []string{
			`client:initech`, `+text:x -client:globex`, `*`, `"`, `\`, `(((((`, strings.Repeat("(", 2000),
			`'; DROP TABLE documents; --`, `<script>alert(1)</script>`, "q=\x00", "%ff", `text:/.*/`, `a~999`,
		} {
			resp, err := http.Get(s.base + "/v1/search?q=" + url.QueryEscape(q))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 && resp.StatusCode != 400 {
				t.Errorf("q=%.40q: status %d: %s", q, resp.StatusCode, b)
			}
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Errorf("q=%.40q: answer is not JSON: %s", q, b)
			}
			if resp.StatusCode == 400 && errorMessage(m) == "" {
				t.Errorf("q=%.40q: 400 without a message: %s", q, b)
			}
		}
		// Raw invalid UTF-8 in the query string is refused, not searched.
		resp, err := http.Get(s.base + "/v1/search?q=%ff%fe")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Errorf("invalid UTF-8 query: status %d, want 400", resp.StatusCode)
		}
	})
}

func TestCLIBadInput(t *testing.T) {
	s := startStack(t)
	lines := []string{
		`{"id":"cli-good-1","client":"initech","text":"We are planning to open a new office and need more seats."}`,
		`{"id":"cli-bad-json", "text": `,
		`{"id":"cli-no-text","client":"initech"}`,
		"{\"id\":\"cli-bad-utf8\",\"text\":\"caf\xe9\"}",
		`{"id":"cli-too-big","text":"` + strings.Repeat("a", 2<<20) + `"}`,
		`{"id":"cli-good-2","client":"initech","text":"Precisamos exportar relatórios para o Excel toda semana."}`,
	}
	file := filepath.Join(t.TempDir(), "mixed.jsonl")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("enqueue", func(t *testing.T) {
		out, errs, err := s.cli("", "enqueue", "--wait", file)
		if !errors.Is(err, errFailed) {
			t.Errorf("enqueue error = %v, want the failed exit", err)
		}
		if !strings.HasPrefix(out, "enqueued 2, indexed 2, failed 4 in ") {
			t.Errorf("summary = %q", out)
		}
		for _, want := range []string{":2: invalid document: body: malformed JSON", ":3: invalid document: text: missing", ":4: invalid document: body: not valid UTF-8", ":5: invalid document: line: over the limit"} {
			if !strings.Contains(errs, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errs)
			}
		}
		s.waitIndexed(t, "cli-good-1", "cli-good-2")
		r := s.search(t, url.Values{"q": {"exportação"}})
		if r.Total != 1 || r.Hits[0].ID != "cli-good-2" {
			t.Errorf("search exportação after enqueue: %+v", r)
		}
	})

	t.Run("analyze", func(t *testing.T) {
		out, _, err := s.cli(strings.Join(lines, "\n"), "analyze")
		if !errors.Is(err, errFailed) {
			t.Errorf("analyze error = %v, want the failed exit", err)
		}
		got := strings.Split(strings.TrimSpace(out), "\n")
		if len(got) != len(lines) {
			t.Fatalf("analyze printed %d lines, want %d:\n%s", len(got), len(lines), out)
		}
		for i, l := range got {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("line %d is not JSON: %q", i+1, l)
			}
			_, isErr := m["error"]
			if bad := i >= 1 && i <= 4; bad != isErr || (isErr && m["line"] != float64(i+1)) {
				t.Errorf("line %d: %v", i+1, m)
			}
		}
	})

	t.Run("search", func(t *testing.T) {
		// An unbalanced quote is an error that points at it.
		_, _, err := s.cli("", "search", "--client", "initech", `"unbalanced (quote* client:globex`)
		if err == nil || !strings.Contains(err.Error(), "unterminated quote at 0") {
			t.Errorf("search with an unbalanced quote: error %v, want one pointing at the quote", err)
		}
		out, _, err := s.cli("", "search", "--client", "initech", `unbalanced (quote* client:globex`)
		if err != nil {
			t.Fatalf("search with a hostile query: %v", err)
		}
		if !strings.HasPrefix(out, "0 documents") {
			t.Errorf("search output: %q, want nothing: client:globex narrows --client initech", out)
		}
		_, _, err = s.cli("", "search", "--limit", "1000", "x")
		if err == nil || !strings.Contains(err.Error(), "limit") {
			t.Errorf("search --limit 1000: error %v, want one about the limit", err)
		}
		all, _, err := s.cli("", "search", "--limit", "1")
		if err != nil || !strings.Contains(all, "\nclient: ") {
			t.Errorf("search: %q, %v; want the client facet", all, err)
		}
		bare, _, err := s.cli("", "search", "--limit", "1", "--facets", "none")
		if err != nil || strings.Contains(bare, "client: ") || firstLine(bare) != firstLine(all) {
			t.Errorf("search --facets none: %q, %v; want the same total and no facets", bare, err)
		}
		_, _, err = s.cli("", "search", "--facets", "client,colour", "x")
		if err == nil || !strings.Contains(err.Error(), `"colour" is not one of`) {
			t.Errorf("search --facets client,colour: error %v, want one naming the unknown facet", err)
		}
	})
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// bigDocument is one JSON document of about n bytes.
func bigDocument(n int) io.Reader {
	return io.MultiReader(strings.NewReader(`{"text":"`), strings.NewReader(strings.Repeat("a", n)), strings.NewReader(`"}`))
}

// bigLines is about n bytes of JSON Lines, each line about size bytes.
func bigLines(n, size int) io.Reader {
	line := `{"text":"` + strings.Repeat("b", size) + "\"}\n"
	return strings.NewReader(strings.Repeat(line, n/len(line)+1))
}

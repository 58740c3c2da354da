package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// TestBrowserPagePolish checks in a real chromium what a newcomer noticed
// on the page: the sort selector says the order the hits are in, every hit
// has a title and a snippet, snippets start at a word boundary, the
// emerging page speaks plain words with the figures on hover, and the
// document page neither repeats a speaker nor shows an empty theme.
func TestBrowserPagePolish(t *testing.T) {
	ctx := newBrowser(t, 1280, 900)
	s := startStack(t)
	if out, errs, err := s.cli("", "enqueue", "--wait", "../../examples/sample.jsonl"); err != nil {
		t.Fatalf("enqueue sample: %v\n%s%s", err, out, errs)
	}
	open := func(path, waitFor string) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.Navigate(s.base+path), chromedp.WaitVisible(chromedp.CSS(waitFor))); err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
	}
	eval := func(js string) []string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return v
	}
	selectedSort := `[document.querySelector("#sort").selectedOptions[0].textContent.trim()]`
	// Each hit as [id, title, first snippet].
	hits := `Array.from(document.querySelectorAll(".hit")).map(h => JSON.stringify([
		decodeURIComponent(h.querySelector("h3 a").getAttribute("href").replace(/^\/documents\//, "")),
		h.querySelector("h3 a").textContent.trim(),
		(h.querySelector(".fragment") || {textContent: ""}).textContent.trim()]))`

	t.Run("sort label", func(t *testing.T) {
		for _, tt := range []struct{ path, want string }{
			{"/", "Newest first"},
			{"/?q=invoice", "Best match"},
			{"/?q=invoice&sort=date", "Newest first"},
			{"/?q=client%3Aglobex", "Newest first"},
		} {
			open(tt.path, ".hit")
			if got := eval(selectedSort); got[0] != tt.want {
				t.Errorf("%s: the sort selector says %q, want %q", tt.path, got[0], tt.want)
			}
		}
	})

	t.Run("titles and snippets", func(t *testing.T) {
		untitled := 0
		for _, path := range []string{"/", "/?q=invoice", "/?q=SSO", "/?q=fatura", "/?q=client%3Aumbrella-logistics+source%3Acall"} {
			open(path, ".hit")
			for _, raw := range eval(hits) {
				var h [3]string
				if err := json.Unmarshal([]byte(raw), &h); err != nil {
					t.Fatal(err)
				}
				id, title, snippet := h[0], h[1], h[2]
				if title == "" || title == id {
					t.Errorf("%s: hit %s is titled %q, want its subject or first words", path, id, title)
				}
				if snippet == "" {
					t.Errorf("%s: hit %s has no snippet", path, id)
				}
				doc := s.documentText(t, id)
				if doc.Subject == "" {
					untitled++
				}
				checkWordStart(t, path, id, snippet, doc.Text)
			}
		}
		if untitled == 0 {
			t.Error("no hit without a subject was looked at; the title fallback went untested")
		}
	})

	t.Run("emerging in plain words", func(t *testing.T) {
		open("/emerging?window=30d&now=2026-11-25", "h1")
		body := eval(`[document.querySelector("main").innerText]`)[0]
		if strings.Contains(body, "q = ") || strings.Contains(body, "p-value") || strings.Contains(body, "lift ") {
			t.Errorf("the emerging page shows statistics jargon:\n%s", body)
		}
		if !strings.Contains(body, "unlikely to be chance") {
			t.Errorf("the emerging page does not say how likely chance is:\n%s", body)
		}
		tips := eval(`Array.from(document.querySelectorAll(".themes .chance")).map(e => e.title)`)
		if len(tips) == 0 || !strings.Contains(tips[0], "q = ") {
			t.Errorf("the figures are not on hover: %q", tips)
		}
	})

	t.Run("document page", func(t *testing.T) {
		// A chat whose turns start "Customer:" and one need without a theme.
		open("/documents/"+url.PathEscape("globex-chat-2026-09-29"), "#doc-text")
		if h1 := eval(`[document.querySelector("h1").textContent.trim()]`)[0]; h1 == "" || h1 == "globex-chat-2026-09-29" {
			t.Errorf("the document page is titled %q, want its first words", h1)
		}
		turns := eval(`Array.from(document.querySelectorAll("#doc-text .turn")).map(t => JSON.stringify([
			(t.querySelector(".speaker") || {textContent: ""}).textContent.trim(), t.querySelector(".text").textContent.trim()]))`)
		if len(turns) < 2 {
			t.Fatalf("the chat shows %d turns", len(turns))
		}
		for _, raw := range turns {
			var tn [2]string
			json.Unmarshal([]byte(raw), &tn)
			speaker := strings.Fields(tn[0] + " x")[0]
			if strings.Contains(tn[0], "(") || strings.HasPrefix(strings.ToLower(tn[1]), strings.ToLower(speaker)+":") {
				t.Errorf("speaker repeated: %q above %q", tn[0], tn[1])
			}
		}
		rows := eval(`Array.from(document.querySelectorAll(".needs li")).map(li => {
			const t = li.querySelector("strong, q.need-text"); return t ? t.textContent.trim() : "" })`)
		if len(rows) == 0 {
			t.Fatal("no needs listed")
		}
		for i, r := range rows {
			if r == "" {
				t.Errorf("need row %d has neither a theme nor a text", i+1)
			}
		}
		if n := eval(`[String(document.querySelectorAll(".needs q.need-text").length)]`); n[0] == "0" {
			t.Error("the need without a theme is not shown by its text")
		}
	})
}

// sampleDoc is what a word-boundary check needs of a document.
type sampleDoc struct{ Subject, Text string }

// documentText reads a document from the API.
func (s *stack) documentText(t *testing.T, id string) sampleDoc {
	t.Helper()
	resp, err := http.Get(s.base + "/v1/documents/" + url.PathEscape(id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var rec struct{ Document sampleDoc }
	if err := json.Unmarshal(b, &rec); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET document %s: %s: %v", id, b, err)
	}
	return rec.Document
}

// checkWordStart fails the test when snippet, a fragment of text, begins
// inside a word of the text.
func checkWordStart(t *testing.T, where, id, snippet, text string) {
	t.Helper()
	body := strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimPrefix(snippet, "…"), "…")), " ")
	flat := strings.Join(strings.Fields(text), " ")
	if len(body) > 40 {
		body = body[:40]
		for !utf8.ValidString(body) {
			body = body[:len(body)-1]
		}
	}
	i := strings.Index(flat, body)
	if i < 0 {
		return // a snippet rewritten by the highlighter's escaping; nothing to compare
	}
	if r, _ := utf8.DecodeLastRuneInString(flat[:i]); i > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		t.Errorf("%s: the snippet of %s starts mid-word: %q (text: %q)", where, id, snippet, fmt.Sprint(flat[max(0, i-20):i+len(body)]))
	}
}

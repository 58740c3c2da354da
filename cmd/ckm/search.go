package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm/index"
)

func runSearch(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("search", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm search [flags] QUERY\n\nSearches a running server (--server) and prints the hits, or the raw answer with --json.\n"+
			"QUERY is in the query language: words (all must match), \"phrases\", OR, -exclusion, and filters\n"+
			"client: source: kind: cue: theme: entity: lang: after:YYYY-MM-DD before:YYYY-MM-DD.")
		fs.PrintDefaults()
	}
	client := fs.String("client", "", "only this client's documents")
	source := fs.String("source", "", "only this source: call, email, ticket, note, chat, review")
	limit := fs.Int("limit", index.DefaultLimit, fmt.Sprintf("hits to print (1-%d)", index.MaxLimit))
	asJSON := fs.Bool("json", false, "print the server's JSON answer as it is")
	sort := fs.String("sort", "", "relevance or date (default: relevance when QUERY has words, else date)")
	cursor := fs.String("cursor", "", "continue from the `cursor` a previous search printed")
	facets := fs.String("facets", "", "the facets to count, comma-separated (client,source,language,kind,cue,theme,entity), or none (default: all)")
	if err := parseWords(fs, args, true); err != nil {
		return err
	}
	q := url.Values{"q": {strings.Join(fs.Args(), " ")}, "limit": {strconv.Itoa(*limit)}}
	if *client != "" {
		q.Set("client", *client)
	}
	if *source != "" {
		q.Set("source", *source)
	}
	if *sort != "" {
		q.Set("sort", *sort)
	}
	if *cursor != "" {
		q.Set("cursor", *cursor)
	}
	if *facets != "" {
		q.Set("facets", *facets)
	}
	body, err := get(ctx, strings.TrimRight(c.server, "/")+"/v1/search?"+q.Encode(), e.getenv("CKM_API_KEY"))
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if *asJSON {
		_, err := e.stdout.Write(body)
		return err
	}
	return printHits(e.stdout, body)
}

type searchAnswer struct {
	Total      int    `json:"total"`
	NextCursor string `json:"next_cursor"`
	Relaxed    bool   `json:"relaxed"`
	Hits       []struct {
		ID        string              `json:"id"`
		Subject   string              `json:"subject"`
		Client    string              `json:"client"`
		Source    string              `json:"source"`
		At        time.Time           `json:"at"`
		Score     float64             `json:"score"`
		Fragments map[string][]string `json:"fragments"`
	} `json:"hits"`
	Facets map[string][]struct {
		Term  string `json:"term"`
		Label string `json:"label"`
		Count int    `json:"count"`
	} `json:"facets"`
}

func printHits(w io.Writer, body []byte) error {
	var a searchAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return fmt.Errorf("search: unexpected answer: %w", err)
	}
	fmt.Fprintln(w, plural(a.Total, "document", "documents"))
	if a.Relaxed {
		fmt.Fprintln(w, "(few documents have every word: those come first, then documents with some of them)")
	}
	for _, h := range a.Hits {
		day := ""
		if !h.At.IsZero() {
			day = h.At.Format("2006-01-02")
		}
		fmt.Fprintf(w, "\n%s\n    %s  %s %s  %s  (%.2f)\n", hitTitle(h.Subject, h.Fragments["text"]), h.Client, h.Source, day, h.ID, h.Score)
		for _, f := range h.Fragments["text"] {
			fmt.Fprintf(w, "    %s\n", plainFragment(f))
		}
	}
	for _, name := range []string{"client", "source", "language", "kind", "cue", "theme", "entity"} {
		if len(a.Facets[name]) == 0 {
			continue
		}
		parts := make([]string, 0, len(a.Facets[name]))
		for _, f := range a.Facets[name] {
			if strings.TrimSpace(f.Term) == "" {
				continue // a need without a theme, say
			}
			parts = append(parts, fmt.Sprintf("%s %d", cmp.Or(f.Label, f.Term), f.Count))
		}
		fmt.Fprintf(w, "\n%s: %s", name, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	if a.NextCursor != "" {
		fmt.Fprintf(w, "\nmore: --cursor %s\n", a.NextCursor)
	}
	return nil
}

// hitTitle is what a hit is called: its subject, else the first words of
// its first fragment.
func hitTitle(subject string, fragments []string) string {
	if s := strings.TrimSpace(subject); s != "" {
		return oneLine(s, 100)
	}
	if len(fragments) > 0 {
		return firstWords(strings.NewReplacer("*", "").Replace(plainFragment(fragments[0])), 60)
	}
	return "(untitled)"
}

// firstWords is up to max bytes of whole words of a fragment, without the
// partial word a highlighter's "…" may start it with, and "…" when cut.
func firstWords(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if rest, ok := strings.CutPrefix(s, "…"); ok {
		if _, after, found := strings.Cut(rest, " "); found {
			s = after
		}
	}
	s = strings.TrimSuffix(s, "…")
	if len(s) <= max {
		return s
	}
	if i := strings.LastIndexByte(s[:max], ' '); i > 0 {
		return strings.TrimRight(s[:i], " ,;:.") + "…"
	}
	return oneLine(s, max/2)
}

// plainFragment turns a highlighted HTML fragment into one line of text
// with the matches between asterisks.
func plainFragment(f string) string {
	f = strings.NewReplacer("<mark>", "*", "</mark>", "*", "\n", " ").Replace(f)
	return htmlUnescape(f)
}

var htmlUnescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`, "&amp;", "&").Replace

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm/index"
)

func runHints(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("hints", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm hints [flags] CLIENT\n\nPrints what a client is hinting at, from a running server (--server): its needs'\nthemes ranked by strength, recency and spread, with counts, first and last\nseen, trend and evidence sentences; or the raw answer with --json.")
		fs.PrintDefaults()
	}
	since := fs.String("since", "", "only needs from this `time` on (2026-06-01 or RFC 3339)")
	until := fs.String("until", "", "only needs before this `time`; recency and trends are measured from it")
	limit := fs.Int("limit", index.DefaultHintsLimit, fmt.Sprintf("themes to print (1-%d)", index.MaxHintsLimit))
	asJSON := fs.Bool("json", false, "print the server's JSON answer as it is")
	if err := parse(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) != 1 || strings.TrimSpace(rest[0]) == "" {
		fs.Usage()
		return errUsage
	}
	q := url.Values{"limit": {strconv.Itoa(*limit)}}
	setIf(q, "since", *since)
	setIf(q, "until", *until)
	u := strings.TrimRight(c.server, "/") + "/v1/clients/" + url.PathEscape(rest[0]) + "/hints?" + q.Encode()
	body, err := get(ctx, u, e.getenv("CKM_API_KEY"))
	if err != nil {
		return fmt.Errorf("hints: %w", err)
	}
	if *asJSON {
		_, err := e.stdout.Write(body)
		return err
	}
	var h index.Hints
	if err := json.Unmarshal(body, &h); err != nil {
		return fmt.Errorf("hints: unexpected answer: %w", err)
	}
	printHints(e.stdout, &h)
	return nil
}

func setIf(q url.Values, name, v string) {
	if v != "" {
		q.Set(name, v)
	}
}

func printHints(w io.Writer, h *index.Hints) {
	fmt.Fprintf(w, "%s: %s from %s, as of %s\n", h.Client, plural(h.Themes, "theme", "themes"), plural(h.Mentions, "need", "needs"), day(h.Now))
	for i, x := range h.Hints {
		fmt.Fprintf(w, "\n%2d. %s  (score %.2f)\n", i+1, x.Label, x.Score)
		fmt.Fprintf(w, "    %s in %s · %s · %s · %s\n", plural(x.Count, "mention", "mentions"), plural(x.Documents, "document", "documents"),
			tally(x.Sources), tally(x.Cues), tally(x.Kinds))
		fmt.Fprintf(w, "    first seen %s, last seen %s · %s: %d in the last 30 days, %d before (lift %.2f)\n",
			day(x.FirstSeen), day(x.LastSeen), x.Trend.Direction, x.Trend.Recent, x.Trend.Before, x.Trend.Lift)
		printEvidence(w, x.Evidence)
	}
}

func printEvidence(w io.Writer, ev []index.Evidence) {
	for _, e := range ev {
		who := []string{e.DocID}
		for _, s := range []string{e.Client, e.Source, day(e.At), e.Speaker} {
			if s != "" && s != "-" && s != "unknown" {
				who = append(who, s)
			}
		}
		fmt.Fprintf(w, "      “%s” (%s)\n", oneLine(e.Text, 200), strings.Join(who, ", "))
	}
}

// plural writes n with the noun in the number it needs: "1 mention",
// "2 mentions", "0 mentions".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// tally writes m as "a 3, b 1", largest first.
func tally(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

// oneLine folds s onto one line of at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

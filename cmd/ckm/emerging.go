package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/ckmhq/ckm/api"
	"github.com/ckmhq/ckm/index"
)

func runEmerging(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("emerging", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm emerging [flags]\n\nPrints the themes whose rate in a recent window is significantly above their\nbaseline, the rising ones that are not (yet), and themes new to a client that\nother clients raised before, from a running server (--server).")
		fs.PrintDefaults()
	}
	window := fs.String("window", "30d", "the recent `period`: 7d, 30d, 12w or a Go duration")
	baseline := fs.String("baseline", "", "how far the baseline reaches before the window (default: all history)")
	client := fs.String("client", "", "only this client (default: every client)")
	now := fs.String("now", "", "end of the window, a `time` (2026-11-25 or RFC 3339; default: now)")
	limit := fs.Int("limit", index.DefaultEmergingLimit, fmt.Sprintf("themes per list (1-%d)", index.MaxEmergingLimit))
	asJSON := fs.Bool("json", false, "print the server's JSON answer as it is")
	if err := parse(fs, args); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		fs.Usage()
		return errUsage
	}
	q := url.Values{"window": {*window}, "limit": {strconv.Itoa(*limit)}}
	setIf(q, "baseline", *baseline)
	setIf(q, "client", *client)
	setIf(q, "now", *now)
	body, err := get(ctx, strings.TrimRight(c.server, "/")+"/v1/emerging?"+q.Encode(), e.getenv("CKM_API_KEY"))
	if err != nil {
		return fmt.Errorf("emerging: %w", err)
	}
	if *asJSON {
		_, err := e.stdout.Write(body)
		return err
	}
	var em index.Emerging
	if err := json.Unmarshal(body, &em); err != nil {
		return fmt.Errorf("emerging: unexpected answer: %w", err)
	}
	printEmerging(e.stdout, &em)
	return nil
}

func printEmerging(w io.Writer, em *index.Emerging) {
	who := "all clients"
	if em.Client != "" {
		who = em.Client
	}
	fmt.Fprintf(w, "Emerging in the %s to %s (%s): %s in the window, %d before. %s had enough mentions (at least %d) to test;\n"+
		"significant means very unlikely to be chance (a false discovery rate of %g).\n",
		em.Window, day(em.Now), who, plural(em.RecentDocuments, "document", "documents"), em.BaselineDocuments,
		plural(em.Tested, "theme", "themes"), em.MinCount, em.Alpha)
	printSurges(w, "Flagged: significant, or new across clients", em.Themes)
	printSurges(w, "Rising, not significant yet", em.Rising)
	fmt.Fprintf(w, "\nNew to a client (%d)\n", len(em.NewToClient))
	for _, n := range em.NewToClient {
		var by []string
		for _, r := range n.RaisedBy {
			by = append(by, fmt.Sprintf("%s (%d since %s)", r.Client, r.Count, day(r.FirstSeen)))
		}
		if extra := n.Clients - len(n.RaisedBy); extra > 0 {
			by = append(by, fmt.Sprintf("%d more", extra))
		}
		fmt.Fprintf(w, "  %s: %s  first %s, %d in the window; raised before by %s\n",
			n.Client, n.Label, day(n.FirstSeen), n.Recent, strings.Join(by, ", "))
		printEvidence(w, n.Evidence)
	}
}

func printSurges(w io.Writer, title string, ts []index.EmergingTheme) {
	fmt.Fprintf(w, "\n%s (%d)\n", title, len(ts))
	for i, t := range ts {
		test := api.ChanceWords(t.Q, t.Tested)
		if t.Tested {
			test += fmt.Sprintf(" (q %.2g)", t.Q)
		}
		if t.NewAcross {
			test = fmt.Sprintf("new across %d clients, none before (%s)", len(t.Clients), test)
		}
		fmt.Fprintf(w, "%2d. %s  %d in the window vs %d before · %s · %s · %s\n",
			i+1, t.Label, t.Recent, t.Baseline, api.RateWords(t.Lift), test, strings.Join(t.Clients, ", "))
		printEvidence(w, t.Evidence)
	}
}

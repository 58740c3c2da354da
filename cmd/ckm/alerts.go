package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/ckmhq/ckm/alerts"
)

// runAlerts manages the saved searches and watches of the key in
// CKM_API_KEY on a running server: list, add, rm and test.
func runAlerts(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("alerts", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, `usage: ckm alerts [flags] list | add | rm ID | test ID

Manages the alerts of the key in CKM_API_KEY on a running server (--server).
  list                       the key's alerts
  add --url URL [--query Q] [--kind query|emerging|need] [--client C] [--digest hour|day]
                             save one; prints its ID and secret (shown once)
  rm ID                      delete one
  test ID                    send a sample event to its webhook`)
		fs.PrintDefaults()
	}
	kind := fs.String("kind", alerts.KindQuery, "add: query (a saved search), emerging (a theme emerging for a client) or need (churn risk or competitor)")
	query := fs.String("query", "", "add: the saved search, in the query language")
	client := fs.String("client", "", "add: only this client (default: every client of the key)")
	hook := fs.String("url", "", "add: the webhook `URL`")
	digest := fs.String("digest", "", "add: group events per hour or day")
	rest, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		fs.Usage()
		return errUsage
	}
	switch {
	case rest[0] == "list" && len(rest) == 1:
		var res struct{ Alerts []alerts.Subscription }
		if err := c.call(ctx, e, http.MethodGet, "/v1/alerts", nil, &res); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tKIND\tCLIENT\tQUERY\tDIGEST\tURL")
		for _, s := range res.Alerts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, s.Kind, dash(s.Client), dash(s.Query), dash(s.Digest), s.URL)
		}
		return tw.Flush()
	case rest[0] == "add" && len(rest) == 1:
		in := map[string]string{"kind": *kind, "query": *query, "client": *client, "url": *hook, "digest": *digest}
		var sub alerts.Subscription
		if err := c.call(ctx, e, http.MethodPost, "/v1/alerts", in, &sub); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
		fmt.Fprintf(e.stdout, "alert %s saved; its webhook secret (shown once): %s\n", sub.ID, sub.Secret)
		return nil
	case rest[0] == "rm" && len(rest) == 2:
		if _, err := request(ctx, http.MethodDelete, strings.TrimRight(c.server, "/")+"/v1/alerts/"+url.PathEscape(rest[1]), e.getenv("CKM_API_KEY"), nil); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
		fmt.Fprintf(e.stdout, "alert %s deleted\n", rest[1])
		return nil
	case rest[0] == "test" && len(rest) == 2:
		var res struct{ Event string }
		if err := c.call(ctx, e, http.MethodPost, "/v1/alerts/"+url.PathEscape(rest[1])+"/test", map[string]string{}, &res); err != nil {
			return fmt.Errorf("alerts: %w", err)
		}
		fmt.Fprintf(e.stdout, "sample event %s queued for alert %s\n", res.Event, rest[1])
		return nil
	}
	fs.Usage()
	return errUsage
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

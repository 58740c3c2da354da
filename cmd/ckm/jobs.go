package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// jobInfo is a job as the API shows it.
type jobInfo struct {
	ID    string `json:"id"`
	State string `json:"state"`
	Scope struct {
		Client string    `json:"client"`
		Since  time.Time `json:"since"`
		Until  time.Time `json:"until"`
		Force  bool      `json:"force"`
	} `json:"scope"`
	Version    string    `json:"version"`
	Total      int64     `json:"total"`
	Enqueued   int64     `json:"enqueued"`
	Done       int64     `json:"done"`
	Failed     int64     `json:"failed"`
	Skipped    int64     `json:"skipped"`
	Remaining  int64     `json:"remaining"`
	Rate       float64   `json:"rate"`
	ETASeconds float64   `json:"eta_seconds"`
	Created    time.Time `json:"created"`
	Finished   time.Time `json:"finished"`
}

func (j jobInfo) summary() string {
	end := j.Finished
	if end.IsZero() {
		end = time.Now()
	}
	return fmt.Sprintf("job %s: done %d, failed %d, skipped %d in %.1f s", j.ID, j.Done, j.Failed, j.Skipped, end.Sub(j.Created).Seconds())
}

func (j jobInfo) progress() string {
	return fmt.Sprintf("job %s %s: %d/%d done, %d failed, %d remaining, %.0f docs/s, ETA %s",
		j.ID, j.State, j.Done, max(j.Total, j.Enqueued), j.Failed, j.Remaining, j.Rate, (time.Duration(j.ETASeconds) * time.Second).String())
}

func runReanalyze(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("reanalyze", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm reanalyze [flags]\n\nStarts a re-analysis job on a running server (admin key in CKM_API_KEY) over the documents in\nscope whose analysis is older than the server's nlp version (all of them with --force).\nWith --wait, shows progress and ends with: job ID: done N, failed N, skipped N in T s")
		fs.PrintDefaults()
	}
	client := fs.String("client", "", "only this client's documents")
	since := fs.String("since", "", "only documents at or after this time (RFC 3339 or YYYY-MM-DD)")
	until := fs.String("until", "", "only documents before this time (RFC 3339 or YYYY-MM-DD)")
	force := fs.Bool("force", false, "re-analyse documents already at the current version too")
	wait := fs.Bool("wait", false, "wait until the job ends")
	if err := parse(fs, args); err != nil {
		return err
	}
	body := map[string]any{"client": *client, "force": *force}
	for name, v := range map[string]string{"since": *since, "until": *until} {
		if v == "" {
			continue
		}
		t, err := parseWhen(v)
		if err != nil {
			return fmt.Errorf("reanalyze: --%s: %w", name, err)
		}
		body[name] = t
	}
	var j jobInfo
	if err := c.call(ctx, e, http.MethodPost, "/v1/reanalyze", body, &j); err != nil {
		return fmt.Errorf("reanalyze: %w", err)
	}
	if !*wait {
		fmt.Fprintf(e.stdout, "job %s started over %d documents; follow it with: ckm jobs %s\n", j.ID, j.Total, j.ID)
		return nil
	}
	return followJob(ctx, e, &c, j.ID)
}

// followJob polls a job until it ends, drawing progress on a terminal and
// logging it every few seconds otherwise, and prints the summary line.
func followJob(ctx context.Context, e *env, c *config, id string) error {
	tty := isTerminal(e.stderr)
	lastLog := time.Now()
	for {
		var j jobInfo
		if err := c.call(ctx, e, http.MethodGet, "/v1/jobs/"+id, nil, &j); err != nil {
			return err
		}
		if j.State != "running" {
			if tty {
				fmt.Fprint(e.stderr, "\r\033[K")
			}
			fmt.Fprintln(e.stdout, j.summary())
			return failedIf(j.Failed > 0 || j.State == "cancelled")
		}
		switch {
		case tty:
			fmt.Fprintf(e.stderr, "\r\033[K%s", j.progress())
		case time.Since(lastLog) > 5*time.Second:
			fmt.Fprintln(e.stderr, j.progress())
			lastLog = time.Now()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func runJobs(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("jobs", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm jobs [flags] [ID]\n\nLists re-analysis jobs, or shows one; --cancel, --resume and --wait act on it.")
		fs.PrintDefaults()
	}
	cancel := fs.Bool("cancel", false, "cancel the job")
	resume := fs.Bool("resume", false, "resume the cancelled job")
	wait := fs.Bool("wait", false, "follow the job until it ends")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		var list struct{ Jobs []jobInfo }
		if err := c.call(ctx, e, http.MethodGet, "/v1/jobs", nil, &list); err != nil {
			return fmt.Errorf("jobs: %w", err)
		}
		for _, j := range list.Jobs {
			fmt.Fprintln(e.stdout, j.progress())
		}
		return nil
	}
	id := fs.Arg(0)
	method, path := http.MethodGet, "/v1/jobs/"+id
	switch {
	case *cancel && *resume:
		return fmt.Errorf("jobs: --cancel or --resume, not both")
	case *cancel:
		method, path = http.MethodPost, path+"/cancel"
	case *resume:
		method, path = http.MethodPost, path+"/resume"
	}
	var j jobInfo
	if err := c.call(ctx, e, method, path, nil, &j); err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	if *wait {
		return followJob(ctx, e, &c, id)
	}
	fmt.Fprintln(e.stdout, j.progress())
	return nil
}

// parseWhen reads RFC 3339 or a plain date.
func parseWhen(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not RFC 3339 or YYYY-MM-DD", s)
	}
	return t, nil
}

package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/ckmhq/ckm"
)

func runEnqueue(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("enqueue", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm enqueue [flags] [FILE...]\n\nSends JSON Lines documents (stdin when no FILE) to a running server (--server) in batches,\n"+
			"retrying while it is busy or unreachable. With --wait, blocks until every document is\nsearchable and prints: enqueued N, indexed N, failed N in T s (R docs/s)")
		fs.PrintDefaults()
	}
	wait := fs.Bool("wait", false, "wait until every document is indexed or has failed")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up waiting after this long")
	queue := fs.String("queue", "default", "queue: default, or batch to yield to live traffic")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *queue != "default" && *queue != "batch" {
		return fmt.Errorf("enqueue: unknown queue %q: want default or batch", *queue)
	}
	if err := reachable(ctx, &c); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	start := time.Now()
	up := newUploader(&c, e, *queue)
	local := 0
	err := eachInput(e, fs.Args(), func(name string, r io.Reader) error {
		s := ckm.NewScanner(r)
		for s.Scan() {
			doc, err := s.Document()
			if err != nil {
				local++
				fmt.Fprintf(e.stderr, "%s:%d: %v\n", name, s.Line(), err)
				continue
			}
			if err := up.add(ctx, fmt.Sprintf("%s:%d", name, s.Line()), doc); err != nil {
				return err
			}
		}
		return s.Err()
	})
	if err == nil {
		err = up.flush(ctx)
	}
	for _, r := range up.rejected {
		fmt.Fprintf(e.stderr, "%s: %s\n", r.file, r.reason)
	}
	if err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	rejected := local + len(up.rejected)
	if !*wait {
		fmt.Fprintf(e.stdout, "enqueued %d, rejected %d\n", len(up.accepted), rejected)
		return failedIf(rejected > 0)
	}
	wctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := waitSearchable(wctx, &c, e, up.accepted)
	for _, id := range sortedKeys(res.errors) {
		fmt.Fprintf(e.stderr, "failed %s: %s\n", id, res.errors[id])
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "enqueued %d, indexed %d, failed %d in %.1f s (%.0f docs/s)\n",
		len(up.accepted), res.done, res.failed+rejected, secs, float64(res.done)/secs)
	if err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	if res.unknown > 0 {
		return fmt.Errorf("enqueue: %d documents were no longer tracked by the queue (expired?)", res.unknown)
	}
	return failedIf(rejected+res.failed > 0)
}

func failedIf(b bool) error {
	if b {
		return errFailed
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

func runEnqueue(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("enqueue", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm enqueue [flags] [FILE...]\n\nSends JSON Lines documents (stdin when no FILE) to the queue. With --wait, blocks until\nevery document is searchable and prints: enqueued N, indexed N, failed N in T s (R docs/s)")
		fs.PrintDefaults()
	}
	wait := fs.Bool("wait", false, "wait until every document is indexed or has failed")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up waiting after this long")
	queue := fs.String("queue", queues.QueueDefault, "queue: critical, default or batch")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, ok := queues.Priorities[*queue]; !ok {
		return fmt.Errorf("enqueue: unknown queue %q: want critical, default or batch", *queue)
	}
	client, err := c.queueClient()
	if err != nil {
		return err
	}
	defer client.Close()
	if err := client.Ping(); err != nil {
		return fmt.Errorf("enqueue: is Redis running at %s? %w", c.redisAddr, err)
	}

	start := time.Now()
	var sent []queues.Enqueued
	rejected := 0
	err = eachInput(e, fs.Args(), func(name string, r io.Reader) error {
		s, n, err := enqueueStream(ctx, client, r, asynq.Queue(*queue), func(line int, err error) {
			fmt.Fprintf(e.stderr, "%s:%d: %v\n", name, line, err)
		})
		sent, rejected = append(sent, s...), rejected+n
		return err
	})
	if err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	if !*wait {
		fmt.Fprintf(e.stdout, "enqueued %d, rejected %d\n", len(sent), rejected)
		return failedIf(rejected > 0)
	}
	wctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	res, err := client.Wait(wctx, sent, 100*time.Millisecond)
	for _, id := range sortedKeys(res.Errors) {
		fmt.Fprintf(e.stderr, "failed %s: %s\n", id, res.Errors[id])
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "enqueued %d, indexed %d, failed %d in %.1f s (%.0f docs/s)\n",
		len(sent), res.Done, res.Failed+rejected, secs, float64(res.Done)/secs)
	if err != nil {
		return err
	}
	if res.Unknown > 0 {
		return fmt.Errorf("enqueue: %d documents were no longer tracked by the queue (expired?)", res.Unknown)
	}
	return failedIf(rejected+res.Failed > 0)
}

// enqueueStream enqueues every document of r, reporting bad lines to
// reject. It stops only on a fault of the queue itself.
func enqueueStream(ctx context.Context, c *queues.Client, r io.Reader, opt asynq.Option, reject func(int, error)) (sent []queues.Enqueued, rejected int, err error) {
	s := ckm.NewScanner(r)
	for s.Scan() {
		if err := ctx.Err(); err != nil {
			return sent, rejected, err
		}
		doc, err := s.Document()
		if err == nil {
			var e queues.Enqueued
			if e, err = c.Enqueue(ctx, doc, opt); err == nil {
				sent = append(sent, e)
				continue
			}
		}
		if !errors.Is(err, ckm.ErrInvalidDocument) {
			return sent, rejected, err
		}
		rejected++
		reject(s.Line(), err)
	}
	return sent, rejected, s.Err()
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

package api

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Theme labels change only as new mentions arrive, while every search
// answer (the API's theme facet, the page's) shows them: labelCache keeps
// each, so that a client polling the search does not cost the index a
// labelling query per theme per call. A label older than labelTTL is
// still shown, and the search that finds it so has it labelled again in
// the background (Server.relabel): at a million documents labelling a
// search's theme facet took seconds, and a search that waited for it
// once a minute was the p99 (issue #16). Only a key never labelled in
// the scope is labelled while its search waits.
const (
	labelTTL        = time.Minute
	maxCachedLabels = 4096
	// relabelPause is how long the background relabellings pause after
	// each, as a multiple of the time it took: they run one at a time,
	// so they take at most a 1/(1+relabelPause) share of one core (as
	// the index's background theme learnings do). After a commit, every
	// key shown goes stale within the minute, and relabelling them took
	// a quarter of serve's CPU at a million documents.
	relabelPause = 3
)

// labelCache maps a scope and a theme key to its label. It is safe for
// concurrent use; the zero value is ready.
type labelCache struct {
	mu sync.Mutex
	m  map[string]cachedLabel
	// relabelling are the scopes whose stale labels are being labelled
	// again in the background; turn is held by the one under way, so
	// that they run one at a time.
	relabelling map[string]bool
	turn        sync.Mutex
}

type cachedLabel struct {
	label string
	at    time.Time
}

func labelScope(clients []string) string { return strings.Join(clients, ",") }

func labelCacheKey(clients []string, key string) string {
	return labelScope(clients) + "\x00" + key
}

// get returns the label of key for the clients scope, when one is
// cached, and whether it is stale (older than labelTTL).
func (c *labelCache) get(clients []string, key string, now time.Time) (label string, ok, stale bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.m[labelCacheKey(clients, key)]
	if !ok {
		return "", false, false
	}
	return l.label, true, now.Sub(l.at) > labelTTL
}

// put caches labels for the clients scope; a full cache is emptied first.
func (c *labelCache) put(clients []string, labels map[string]string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m)+len(labels) > maxCachedLabels {
		c.m = make(map[string]cachedLabel, len(labels))
	}
	for k, l := range labels {
		c.m[labelCacheKey(clients, k)] = cachedLabel{label: l, at: now}
	}
}

// claim marks the clients scope as being relabelled and reports true,
// or false when it already is.
func (c *labelCache) claim(clients []string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := labelScope(clients)
	if c.relabelling[s] {
		return false
	}
	if c.relabelling == nil {
		c.relabelling = map[string]bool{}
	}
	c.relabelling[s] = true
	return true
}

// release ends the clients scope's relabelling.
func (c *labelCache) release(clients []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.relabelling, labelScope(clients))
}

// relabel labels keys of the clients scope again and caches them, after
// the relabelling under way, if any, then pauses relabelPause times as
// long before letting the next one run; it releases the scope (claimed
// by the caller). An error leaves the stale labels shown until the next
// search that finds them tries again.
func (s *Server) relabel(ctx context.Context, keys, clients []string) {
	c := &s.web.labels
	defer c.release(clients)
	c.turn.Lock()
	defer c.turn.Unlock()
	start := time.Now()
	labels, err := s.ix.ThemeLabels(ctx, keys, clients)
	if err != nil {
		s.log.Warn("api: theme labels", "err", err)
		return
	}
	c.put(clients, labels, time.Now())
	time.Sleep(relabelPause * time.Since(start))
}

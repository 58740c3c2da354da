package api

import (
	"strings"
	"sync"
	"time"
)

// Theme labels change only as new mentions arrive, while every search
// answer (the API's theme facet, the page's) shows them: labelCache keeps
// each for labelTTL so that a client polling the search does not cost the
// index a labelling query per theme per call.
const (
	labelTTL        = time.Minute
	maxCachedLabels = 4096
)

// labelCache maps a scope and a theme key to its label. It is safe for
// concurrent use; the zero value is ready.
type labelCache struct {
	mu sync.Mutex
	m  map[string]cachedLabel
}

type cachedLabel struct {
	label string
	at    time.Time
}

func labelCacheKey(clients []string, key string) string {
	return strings.Join(clients, ",") + "\x00" + key
}

// get returns the label of key for the clients scope, when one younger
// than labelTTL is cached.
func (c *labelCache) get(clients []string, key string, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.m[labelCacheKey(clients, key)]
	if !ok || now.Sub(l.at) > labelTTL {
		return "", false
	}
	return l.label, true
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

package index

import "sync"

// kept keeps values computed from keys, at most max of them: when full it
// starts afresh, so that a working set that fits stays and a flood of new
// keys cannot grow it. Its zero value is ready; it is safe for concurrent
// use. What it returns is shared: callers only read it.
type kept[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
}

// get returns the value of k, computing it with f once (two callers that
// miss at the same time may both compute it), keeping at most max values.
func (c *kept[K, V]) get(k K, max int, f func() V) V {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f()
	c.mu.Lock()
	if c.m == nil || len(c.m) >= max {
		c.m = map[K]V{}
	}
	c.m[k] = v
	c.mu.Unlock()
	return v
}

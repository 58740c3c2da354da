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
	if v, ok := c.lookup(k); ok {
		return v
	}
	v := f()
	c.put(k, max, v)
	return v
}

// lookup returns the value kept for k, if any.
func (c *kept[K, V]) lookup(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

// put keeps v for k, keeping at most max values.
func (c *kept[K, V]) put(k K, max int, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= max {
		c.m = map[K]V{}
	}
	c.m[k] = v
}

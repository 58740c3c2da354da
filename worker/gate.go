package worker

import (
	"context"
	"sync"
)

// gate bounds how many analyses run at once, apart from how many tasks are
// in flight: a task that has analysed its document gives its place back
// before it waits for the index to commit, so the tasks waiting on a
// commit (which fill the index's batches) cost no CPU, and the analyses
// never outnumber the cores they share with searches. While busy reports
// true (searches take all their places), only low analyses run, so that
// searches keep most of the machine and ingest still moves. An urgent
// waiter (a task of the critical queue: a document posted live) is let in
// before every other waiter. The zero value is not usable; see newGate.
type gate struct {
	mu      sync.Mutex
	limit   int
	low     int
	busy    func() bool // nil: never busy
	running int
	urgent  []chan struct{}
	others  []chan struct{}
}

// newGate returns a gate of n places, max(1, n/2) of them while busy()
// reports true; busy may be nil.
func newGate(n int, busy func() bool) *gate {
	return &gate{limit: n, low: max(1, n/2), busy: busy}
}

// enter waits for a place, urgent waiters first, or until ctx ends. A nil
// error must be followed by exactly one leave.
func (g *gate) enter(ctx context.Context, urgent bool) error {
	ch := make(chan struct{})
	g.mu.Lock()
	if urgent {
		g.urgent = append(g.urgent, ch)
	} else {
		g.others = append(g.others, ch)
	}
	g.admit()
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-ch: // let in as ctx ended: give the place back
		g.running--
		g.admit()
	default:
		g.urgent = remove(g.urgent, ch)
		g.others = remove(g.others, ch)
	}
	return ctx.Err()
}

// leave gives a place back, to the first waiter if there is one.
func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running--
	g.admit()
}

// admit lets waiters in, urgent ones first, while places are free; g.mu
// is held.
func (g *gate) admit() {
	places := g.limit
	if g.busy != nil && g.busy() {
		places = g.low
	}
	for g.running < places {
		q := &g.urgent
		if len(*q) == 0 {
			q = &g.others
		}
		if len(*q) == 0 {
			return
		}
		close((*q)[0])
		*q = (*q)[1:]
		g.running++
	}
}

func remove(q []chan struct{}, ch chan struct{}) []chan struct{} {
	for i, c := range q {
		if c == ch {
			return append(q[:i], q[i+1:]...)
		}
	}
	return q
}

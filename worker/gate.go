package worker

import (
	"context"
	"sync"
)

// gate bounds how many analyses run at once, apart from how many tasks are
// in flight: a task that has analysed its document gives its place back
// before it waits for the index to commit, so the tasks waiting on a
// commit (which fill the index's batches) cost no CPU, and the analyses
// never outnumber the cores they share with searches. An urgent waiter
// (a task of the critical queue: a document posted live) is let in before
// every other waiter. The zero value is not usable; see newGate.
type gate struct {
	mu     sync.Mutex
	free   int
	urgent []chan struct{}
	others []chan struct{}
}

func newGate(n int) *gate { return &gate{free: n} }

// enter waits for a place, urgent waiters first, or until ctx ends. A nil
// error must be followed by exactly one leave.
func (g *gate) enter(ctx context.Context, urgent bool) error {
	g.mu.Lock()
	if g.free > 0 {
		g.free--
		g.mu.Unlock()
		return nil
	}
	ch := make(chan struct{})
	if urgent {
		g.urgent = append(g.urgent, ch)
	} else {
		g.others = append(g.others, ch)
	}
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-ch: // handed a place as ctx ended: pass it on
		g.handOn()
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
	g.handOn()
}

// handOn passes one place to the next waiter, or frees it; g.mu is held.
func (g *gate) handOn() {
	for _, q := range []*[]chan struct{}{&g.urgent, &g.others} {
		if len(*q) > 0 {
			close((*q)[0])
			*q = (*q)[1:]
			return
		}
	}
	g.free++
}

func remove(q []chan struct{}, ch chan struct{}) []chan struct{} {
	for i, c := range q {
		if c == ch {
			return append(q[:i], q[i+1:]...)
		}
	}
	return q
}

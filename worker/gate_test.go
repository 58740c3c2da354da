package worker

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// waiting is how many callers wait at g.
func (g *gate) waiting() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.urgent) + len(g.others)
}

// waitWaiters spins until g has n waiters (no timing: the goroutines will get
// there).
func waitWaiters(g *gate, n int) {
	for g.waiting() != n {
		runtime.Gosched()
	}
}

func TestGateUrgentFirst(t *testing.T) {
	t.Parallel()
	g := newGate(1, nil)
	if err := g.enter(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 3)
	var wg sync.WaitGroup
	for i, name := range []string{"other-1", "other-2", "urgent"} {
		wg.Go(func() {
			if err := g.enter(context.Background(), name == "urgent"); err != nil {
				t.Error(err)
				return
			}
			order <- name
			g.leave()
		})
		waitWaiters(g, i+1)
	}
	g.leave()
	wg.Wait()
	close(order)
	var got []string
	for n := range order {
		got = append(got, n)
	}
	if want := []string{"urgent", "other-1", "other-2"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}

func TestGateCancelledWaiterKeepsNoPlace(t *testing.T) {
	t.Parallel()
	g := newGate(1, nil)
	if err := g.enter(context.Background(), false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error)
	go func() { errs <- g.enter(ctx, true) }()
	waitWaiters(g, 1)
	cancel()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("enter = %v, want context.Canceled", err)
	}
	if g.waiting() != 0 {
		t.Errorf("a cancelled waiter is still queued")
	}
	g.leave()
	if err := g.enter(context.Background(), false); err != nil || g.running != 1 {
		t.Errorf("after leave: enter = %v, running %d; want the one place taken", err, g.running)
	}
}

// countingAnalyzer blocks each analysis until release is closed and
// records the most analyses that ran at once.
type countingAnalyzer struct {
	running, most atomic.Int64
	release       chan struct{}
}

func (c *countingAnalyzer) Analyze(ctx context.Context, d ckm.Document) (*nlp.Analysis, error) {
	n := c.running.Add(1)
	defer c.running.Add(-1)
	for m := c.most.Load(); n > m && !c.most.CompareAndSwap(m, n); m = c.most.Load() {
	}
	<-c.release
	return &nlp.Analysis{ID: d.ID, Version: nlp.Version}, nil
}

// heldIndex is an index whose Puts wait until commit is closed, as Puts
// wait for their batch; it counts the Puts waiting.
type heldIndex struct {
	waiting atomic.Int64
	commit  chan struct{}
}

func (h *heldIndex) Put(context.Context, index.Record) error {
	h.waiting.Add(1)
	<-h.commit
	return nil
}
func (h *heldIndex) Ready(context.Context) error { return nil }

// TestWithAnalysesFreesThePlaceBeforeTheCommit checks the decoupling: with
// two analysis places, six tasks all reach the index and wait for its
// commit together (so they can share a batch), while no more than two
// analyses ever ran at once; and no task returns before the commit.
func TestWithAnalysesFreesThePlaceBeforeTheCommit(t *testing.T) {
	t.Parallel()
	an := &countingAnalyzer{release: make(chan struct{})}
	ix := &heldIndex{commit: make(chan struct{})}
	h := NewAnalyzeHandler(an, IndexSink{Index: ix}, nil, nil).WithAnalyses(2, nil)
	const tasks = 6
	var returned atomic.Int64
	var wg sync.WaitGroup
	for i := range tasks {
		task, err := queues.NewAnalyzeTask(ckm.Document{ID: fmt.Sprintf("d%d", i), Text: "We need SSO."})
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			if err := h.ProcessTask(context.Background(), task); err != nil {
				t.Error(err)
			}
			returned.Add(1)
		})
	}
	waitWaiters(h.gate, tasks-2)
	close(an.release)
	for ix.waiting.Load() != tasks {
		runtime.Gosched()
	}
	if n := returned.Load(); n != 0 {
		t.Errorf("%d tasks returned before their commit", n)
	}
	close(ix.commit)
	wg.Wait()
	if m := an.most.Load(); m != 2 {
		t.Errorf("at most %d analyses ran at once, want 2", m)
	}
}

// TestGateBusyHalves checks that while busy reports true only half the
// places (at least one) are handed out, and all of them again once it
// reports false and a place is given back.
func TestGateBusyHalves(t *testing.T) {
	t.Parallel()
	var busy atomic.Bool
	busy.Store(true)
	g := newGate(4, busy.Load)
	for range 2 {
		if err := g.enter(context.Background(), false); err != nil {
			t.Fatal(err)
		}
	}
	in := make(chan struct{}, 2)
	for i := range 2 {
		go func() {
			if g.enter(context.Background(), false) == nil {
				in <- struct{}{}
			}
		}()
		waitWaiters(g, i+1)
	}
	if g.running != 2 {
		t.Fatalf("%d running while busy, want 2 of 4", g.running)
	}
	busy.Store(false)
	g.leave() // one of the first two
	<-in
	<-in
	if g.running != 3 || g.waiting() != 0 {
		t.Errorf("after busy ends: %d running, %d waiting; want 3 and 0", g.running, g.waiting())
	}
}

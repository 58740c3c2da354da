package index

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestBatchesCounted checks Batches: concurrent Puts that fill a batch are
// one commit, and every Put is counted once.
func TestBatchesCounted(t *testing.T) {
	t.Parallel()
	const size = 8
	// A flush interval no test waits for: only a full batch commits.
	ix := newIndex(t, Config{BatchSize: size, FlushInterval: time.Hour, MaxBatchWait: time.Hour})
	var wg sync.WaitGroup
	for i := range size {
		wg.Go(func() {
			rec := record(fmt.Sprintf("d%d", i), "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "We need SSO."})
			if err := ix.Put(context.Background(), rec); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if b, r := ix.Batches(); b != 1 || r != size {
		t.Errorf("Batches() = %d batches, %d records; want 1 of %d", b, r, size)
	}
}

// TestMaxBatchWaitBoundsTheWait checks that a batch is committed after
// MaxBatchWait even when FlushInterval has not passed.
func TestMaxBatchWaitBoundsTheWait(t *testing.T) {
	t.Parallel()
	ix := newIndex(t, Config{FlushInterval: time.Hour, MaxBatchWait: time.Millisecond})
	rec := record("d", "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "We need SSO."})
	if err := ix.Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	if b, r := ix.Batches(); b != 1 || r != 1 {
		t.Errorf("Batches() = %d, %d; want one batch of one", b, r)
	}
}

// TestUrgentPutIsNotHeld checks that an urgent Put is committed while a
// stream of other Puts keeps its batch open (MaxBatchWait an hour, no
// size limit): the
// stream stops only once the urgent Put has returned, so a held urgent
// Put would hang the test.
func TestUrgentPutIsNotHeld(t *testing.T) {
	t.Parallel()
	ix := newIndex(t, Config{BatchSize: 1 << 20, FlushInterval: time.Second, MaxBatchWait: time.Hour})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			wg.Go(func() {
				ix.Put(context.Background(), record(fmt.Sprintf("bulk-%d", i), "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "bulk"}))
			})
		}
	})
	rec := record("live", "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "We need SSO."})
	err := ix.Put(Urgent(context.Background()), rec)
	close(stop)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(context.Background(), "live"); err != nil {
		t.Errorf("the urgent Put returned but its record is not there: %v", err)
	}
	ix.Close() // commits the stream's last batch
	wg.Wait()
}

// TestYieldToDefersCommitsWhileBusy checks YieldTo: while busy reports
// true a batch that nothing fills is not committed (the writer defers
// it, again and again, BusyBatchWait being an hour), and once busy
// reports false it is; a full batch commits even while busy.
func TestYieldToDefersCommitsWhileBusy(t *testing.T) {
	t.Parallel()
	ix := newIndex(t, Config{BatchSize: 4, FlushInterval: time.Millisecond, MaxBatchWait: time.Millisecond, BusyBatchWait: time.Hour})
	var busy atomic.Bool
	busy.Store(true)
	ix.YieldTo(busy.Load)
	put := func(id string) <-chan error {
		done := make(chan error, 1)
		go func() {
			done <- ix.Put(context.Background(), record(id, "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "We need SSO."}))
		}()
		return done
	}
	lone := put("lone")
	for ix.Deferred() < 3 { // the writer has looked three times and deferred each
		runtime.Gosched()
	}
	select {
	case err := <-lone:
		t.Fatalf("Put returned (%v) while searches were busy and its batch not full", err)
	default:
	}
	if b, _ := ix.Batches(); b != 0 {
		t.Fatalf("Batches() = %d while busy; want 0", b)
	}
	var full []<-chan error
	for i := range 3 { // with "lone", a full batch of 4
		full = append(full, put(fmt.Sprintf("full-%d", i)))
	}
	for _, done := range append(full, lone) {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if b, r := ix.Batches(); b != 1 || r != 4 {
		t.Errorf("Batches() = %d, %d while busy; want the one full batch of 4", b, r)
	}
	later := put("later")
	for ix.Deferred() < 6 {
		runtime.Gosched()
	}
	busy.Store(false)
	if err := <-later; err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(context.Background(), "later"); err != nil {
		t.Errorf("Put returned once searches stopped but its record is not there: %v", err)
	}
}

// TestYieldToBoundsTheDeferral checks that ingest still moves while
// searches never stop: with busy always true, every Put is committed
// once its batch has waited BusyBatchWait, and Puts return only after
// their records are committed.
func TestYieldToBoundsTheDeferral(t *testing.T) {
	t.Parallel()
	ix := newIndex(t, Config{BatchSize: 1 << 20, FlushInterval: time.Millisecond, MaxBatchWait: time.Millisecond, BusyBatchWait: 200 * time.Millisecond})
	ix.YieldTo(func() bool { return true })
	const n = 5
	for i := range n {
		id := fmt.Sprintf("d%d", i)
		if err := ix.Put(context.Background(), record(id, "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "We need SSO."})); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Get(context.Background(), id); err != nil {
			t.Errorf("Put %q returned before its record was committed: %v", id, err)
		}
	}
	if b, r := ix.Batches(); r != n || b == 0 {
		t.Errorf("Batches() = %d, %d; want all %d records committed", b, r, n)
	}
	if ix.Deferred() == 0 {
		t.Error("Deferred() = 0: the writer never deferred a commit while busy")
	}
}

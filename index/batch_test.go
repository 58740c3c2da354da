package index

import (
	"context"
	"fmt"
	"sync"
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

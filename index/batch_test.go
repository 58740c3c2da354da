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
	ix := newIndex(t, Config{BatchSize: size, FlushInterval: time.Hour})
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

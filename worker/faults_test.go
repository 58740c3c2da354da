package worker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// fullDisk is an index whose disk is full for its first tries, then
// commits; it counts the analyses that ran against it.
type fullDisk struct {
	mu       sync.Mutex
	tries    int // Ready calls that reported the disk full
	fullFor  int
	puts     int
	analyses atomic.Int32
}

func (f *fullDisk) Ready(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tries < f.fullFor {
		f.tries++
		return fmt.Errorf("index: ready: %w: 0 MiB free", index.ErrDiskFull)
	}
	return nil
}

func (f *fullDisk) Put(context.Context, index.Record) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.puts++
	return nil
}

// counting analyses nothing and counts calls.
type counting struct{ n *atomic.Int32 }

func (c counting) Analyze(_ context.Context, d ckm.Document) (*nlp.Analysis, error) {
	c.n.Add(1)
	return &nlp.Analysis{ID: d.ID, Version: "t"}, nil
}

func TestIsFault(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"disk full", fmt.Errorf("index: put %q: %w", "a", index.ErrDiskFull), true},
		{"index closed", fmt.Errorf("index: put %q: %w", "a", index.ErrClosed), true},
		{"redis down", fmt.Errorf("%w: dial tcp: connection refused", ErrFault), true},
		{"bad input", fmt.Errorf("worker: %w", asynq.SkipRetry), false},
		{"owned by another client", &index.OwnerError{ID: "a", Client: "b"}, false},
		{"other", errors.New("boom"), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IsFault(tc.err); got != tc.want {
				t.Errorf("IsFault(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestFaultNeverArchives runs a real Asynq server on a private Redis: a
// task with one retry meets a full disk on many more tries than that. It
// is not archived, not analysed while it waits, counted as waiting, and
// indexed once the disk has room.
func TestFaultNeverArchives(t *testing.T) {
	t.Parallel()
	rc := queues.Config{RedisAddr: testutil.Redis(t)}
	ix := &fullDisk{fullFor: 6}
	faults := NewFaults()
	srv := NewServer(Config{Concurrency: 2, PollInterval: 10 * time.Millisecond, FaultRetryDelay: 200 * time.Millisecond, Faults: faults},
		rc, Handlers{Analyze: NewAnalyzeHandler(counting{&ix.analyses}, IndexSink{Index: ix}, nil, nil)})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	defer func() { cancel(); <-done }()

	qc, err := queues.NewClient(rc)
	if err != nil {
		t.Fatal(err)
	}
	defer qc.Close()
	e, err := qc.Enqueue(context.Background(), ckm.Document{ID: "d1", Client: "acme", Text: "We need SSO."}, queues.MaxRetry(1))
	if err != nil {
		t.Fatal(err)
	}
	sawWaiting := false
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if faults.Waiting() == 1 && faults.Degraded() != "" {
			sawWaiting = true
		}
		st, err := qc.State(context.Background(), e)
		if err != nil {
			t.Fatal(err)
		}
		if st.State == queues.StateFailed {
			t.Fatalf("task archived after %d full-disk tries: %s", ix.tries, st.Err)
		}
		if st.State == queues.StateDone {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.tries != ix.fullFor || ix.puts != 1 {
		t.Errorf("full-disk tries %d, puts %d; want %d and 1", ix.tries, ix.puts, ix.fullFor)
	}
	if n := ix.analyses.Load(); n != 1 {
		t.Errorf("analysed %d times, want once (not while the disk was full)", n)
	}
	if !sawWaiting {
		t.Error("Faults never reported the waiting task")
	}
	if faults.Waiting() != 0 || faults.Degraded() != "" {
		t.Errorf("after success: Waiting %d, Degraded %q; want 0 and none", faults.Waiting(), faults.Degraded())
	}
}

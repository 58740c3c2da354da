package api

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sync/atomic"
)

// CodeBusy is a 503: the server's searches in flight and waiting are at
// their bounds (Config.MaxSearches, MaxQueuedSearches); retry shortly.
const CodeBusy = "busy"

// defaultMaxSearches is Config.MaxSearches's default: two per core, so
// that searches take about two thirds of a busy machine and analysis
// (worker.AnalyzeHandler.WithAnalyses, one per core) the rest.
func defaultMaxSearches() int { return 2 * runtime.GOMAXPROCS(0) }

// DefaultMaxQueuedSearches is Config.MaxQueuedSearches's default.
const DefaultMaxQueuedSearches = 256

// admission bounds the searches that run at once, whatever key sends
// them, and how many may wait for a place. Without it, every request runs
// at once: on a loaded machine each of them, and every other goroutine
// (the enqueues of a POST, the analyses, the index's commits), waits
// behind all the others for the CPU, and a burst of searches starves
// ingest. Waiters are let in first come, first served.
type admission struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
}

func newAdmission(running, waiting int) *admission {
	return &admission{slots: make(chan struct{}, running), maxWaiting: int64(waiting)}
}

// enter takes a place, waiting while all are taken, and returns the
// function that gives it back. It fails at once when the waiting line is
// full, or when ctx ends first.
func (a *admission) enter(ctx context.Context) (func(), error) {
	leave := func() { <-a.slots }
	select {
	case a.slots <- struct{}{}:
		return leave, nil
	default:
	}
	if a.waiting.Add(1) > a.maxWaiting {
		a.waiting.Add(-1)
		return nil, errBusy
	}
	defer a.waiting.Add(-1)
	select {
	case a.slots <- struct{}{}:
		return leave, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

var errBusy = fmt.Errorf("too many searches waiting")

// admitSearch takes a search place for r, or writes why not: a 503 with
// Retry-After when the waiting line is full or the request's deadline
// passed while it waited.
func (s *Server) admitSearch(w http.ResponseWriter, r *http.Request) (func(), error) {
	leave, err := s.admission.enter(r.Context())
	if err != nil {
		w.Header().Set("Retry-After", "1")
		return nil, &apiError{Status: http.StatusServiceUnavailable, Code: CodeBusy,
			Message: fmt.Sprintf("the server is busy (%v: %d searches at once, %d waiting at most); retry in 1 s", err, cap(s.admission.slots), s.admission.maxWaiting)}
	}
	return leave, nil
}

// Searching reports whether the searches of s hold every place (so more
// may be waiting): what an analysing worker in the same process yields to
// (worker.AnalyzeHandler.WithAnalyses), so that searches come first only
// when they contend for the machine. It is safe for concurrent use.
func (s *Server) Searching() bool {
	return len(s.admission.slots) == cap(s.admission.slots)
}

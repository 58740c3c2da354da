package worker

import (
	"errors"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ckmhq/ckm/index"
)

// ErrFault marks an error of the infrastructure rather than of a task's
// input: Redis unreachable while handing on a record or counting a job.
// Handlers wrap such errors with it.
var ErrFault = errors.New("infrastructure fault")

// IsFault reports whether err is a fault of the infrastructure: the
// index's disk nearly full (index.ErrDiskFull), the index closed
// (index.ErrClosed) or an error wrapped with ErrFault. A task failing
// with a fault is retried without end and never archived (Asynq's
// IsFailure: the retry is not counted), so an accepted document is never
// lost to a fault; only bad input is archived.
func IsFault(err error) bool {
	return errors.Is(err, ErrFault) || errors.Is(err, index.ErrDiskFull) || errors.Is(err, index.ErrClosed)
}

// faultRetryDelay is how long a task that met a fault waits before its
// next try: about delay, spread by ±25% so that the tasks parked by one
// fault do not all come back at once.
func faultRetryDelay(delay time.Duration) time.Duration {
	return delay*3/4 + rand.N(delay/2+1)
}

// faultMemory is how long Faults remembers a task that met a fault and
// has not come back to this process (another process may have taken it).
const faultMemory = 10 * time.Minute

// Faults counts the tasks of this process that wait on a fault and keeps
// the latest fault's reason, for /healthz and /metrics. The zero value is
// not usable; call NewFaults. It is safe for concurrent use.
type Faults struct {
	mu      sync.Mutex
	waiting map[string]time.Time // task ID → time of its last fault
	reason  string
	now     func() time.Time
}

// NewFaults returns an empty tracker.
func NewFaults() *Faults {
	return &Faults{waiting: map[string]time.Time{}, now: time.Now}
}

// observe records the outcome of one try of task id.
func (f *Faults) observe(id string, err error) {
	if f == nil || id == "" {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if IsFault(err) {
		f.waiting[id] = f.now()
		f.reason = err.Error()
		return
	}
	delete(f.waiting, id)
}

// Waiting returns the number of tasks whose last try here met a fault.
func (f *Faults) Waiting() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forget()
	return len(f.waiting)
}

// Degraded returns why tasks wait, "" when none do.
func (f *Faults) Degraded() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forget()
	if len(f.waiting) == 0 {
		return ""
	}
	return f.reason
}

// forget drops tasks not seen for faultMemory; f.mu must be held.
func (f *Faults) forget() {
	cutoff := f.now().Add(-faultMemory)
	for id, at := range f.waiting {
		if at.Before(cutoff) {
			delete(f.waiting, id)
		}
	}
}

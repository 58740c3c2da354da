package testutil

import (
	"context"
	"sync"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/queues"
)

// SeenQueue passes everything to a real queue client and keeps the
// documents handed to its Prepare, as they were handed: tests check with
// it that a server leaves normalising to Prepare. It is safe for
// concurrent use.
type SeenQueue struct {
	*queues.Client
	mu   sync.Mutex
	seen []ckm.Document
}

// Prepare keeps d and calls the client's Prepare.
func (q *SeenQueue) Prepare(ctx context.Context, d ckm.Document, edit func(*ckm.Document)) (queues.Prepared, error) {
	q.mu.Lock()
	q.seen = append(q.seen, d)
	q.mu.Unlock()
	return q.Client.Prepare(ctx, d, edit)
}

// Seen returns the documents handed to Prepare since the last call, and
// forgets them.
func (q *SeenQueue) Seen() []ckm.Document {
	q.mu.Lock()
	defer q.mu.Unlock()
	seen := q.seen
	q.seen = nil
	return seen
}

package api

import (
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/queues"
)

// enqueueParallel is how many documents of one multi-document POST are
// queued at once. Each costs an owner lookup in the index and a Redis
// round trip; one after the other, a POST of hundreds waits for hundreds
// of wake-ups, each behind whatever else the machine runs (a 200-document
// POST took 14–23 s beside 20 searching clients).
const enqueueParallel = 16

// outcome is what enqueue answered for one document.
type outcome struct {
	e   queues.Enqueued
	err error
}

// enqueueAll queues docs on queue, up to enqueueParallel at once, and
// returns each document's outcome in docs' order. Once one meets a queue
// error (Redis unreachable) no other is started: those get that error
// too, so the caller, reading outcomes in order, stops at the first queue
// error; the documents from there on are for the client to send again
// (resending is safe: a document queued twice is one task). A document
// whose ID came earlier in docs is queued after the parallel pass, in
// order, so the earlier line is the original and the later the duplicate.
func (s *Server) enqueueAll(r *http.Request, docs []ckm.Document, queue string) []outcome {
	out := make([]outcome, len(docs))
	var failed atomic.Pointer[queueError]
	one := func(i int) {
		if qe := failed.Load(); qe != nil { // not started: the caller stops at the first queue error
			out[i].err = qe
			return
		}
		out[i].e, out[i].err = s.enqueue(r, docs[i], queue)
		if qe, ok := out[i].err.(*queueError); ok {
			failed.CompareAndSwap(nil, qe)
		}
	}
	var first, again []int
	seen := make(map[string]bool, len(docs))
	for i, d := range docs {
		if seen[d.ID] {
			again = append(again, i)
			continue
		}
		seen[d.ID] = true
		first = append(first, i)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(enqueueParallel, len(first)) {
		wg.Go(func() {
			for n := int(next.Add(1)) - 1; n < len(first); n = int(next.Add(1)) - 1 {
				one(first[n])
			}
		})
	}
	wg.Wait()
	for _, i := range again {
		one(i)
	}
	return out
}

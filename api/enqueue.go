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

// prepared is what the queue client's Prepare answered for one document.
type prepared struct {
	p   queues.Prepared
	err error
}

// enqueueAll queues docs, decoded as sent, on queue and returns each
// document's outcome in docs' order. First the queue client prepares
// every document (normalises it, dates it with date when that is not
// nil, redacts, validates and hashes it: once), up to enqueueParallel at
// once; then submitAll submits the prepared ones.
func (s *Server) enqueueAll(r *http.Request, docs []ckm.Document, date func(*ckm.Document), queue string) []outcome {
	ps := make([]prepared, len(docs))
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	inParallel(all, func(i int) { ps[i].p, ps[i].err = s.prepare(r, docs[i], date) })
	return s.submitAll(r, ps, queue)
}

// submitAll checks and submits (submit) the documents of ps that were
// prepared, up to enqueueParallel at once, and returns each one's
// outcome in ps' order; one that was not gets its error. Once one meets
// a queue error (Redis unreachable) no other is started: those get that
// error too, so the caller, reading outcomes in order, stops at the
// first queue error; the documents from there on are for the client to
// send again (resending is safe: a document queued twice is one task). A
// document whose ID came earlier in ps is submitted after the parallel
// pass, in order, so the earlier line is the original and the later the
// duplicate.
func (s *Server) submitAll(r *http.Request, ps []prepared, queue string) []outcome {
	out := make([]outcome, len(ps))
	var failed atomic.Pointer[queueError]
	one := func(i int) {
		if out[i].err = ps[i].err; out[i].err == nil { // prepared
			if qe := failed.Load(); qe != nil { // not started: the caller stops at the first queue error
				out[i].err = qe
				return
			}
			out[i].e, out[i].err = s.submit(r, ps[i].p, queue)
		}
		if qe, ok := out[i].err.(*queueError); ok {
			failed.CompareAndSwap(nil, qe)
		}
	}
	var first, again []int
	seen := make(map[string]bool, len(ps))
	for i := range ps {
		id := ps[i].p.Document().ID // "" when not prepared
		if id != "" && seen[id] {
			again = append(again, i)
			continue
		}
		seen[id] = true
		first = append(first, i)
	}
	inParallel(first, one)
	for _, i := range again {
		one(i)
	}
	return out
}

// inParallel calls f(i) for every i of is, up to enqueueParallel at once,
// and returns when all have returned.
func inParallel(is []int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(enqueueParallel, len(is)) {
		wg.Go(func() {
			for n := int(next.Add(1)) - 1; n < len(is); n = int(next.Add(1)) - 1 {
				f(is[n])
			}
		})
	}
	wg.Wait()
}

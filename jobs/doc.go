// Package jobs owns ckm's re-analysis jobs end to end: the Store that
// keeps each job and its progress in Redis, the Service that starts,
// cancels and resumes them, the Pager that pages through a job's scope in
// the index and enqueues its documents, and the HTTP Handlers of
// POST /v1/reanalyze and /v1/jobs.
//
// A job re-analyses part of the history (a Scope: a client, a time range,
// or everything) so that every document carries the analysis of a target
// nlp.Version. The process that owns the index wires the parts:
//
//	store := jobs.NewStore(queues.Config{RedisAddr: addr})
//	defer store.Close()
//	svc := &jobs.Service{Store: store, Queue: qc, Version: nlp.Version} // qc is a *queues.Client
//	j, err := svc.Start(ctx, jobs.Scope{Client: "globex"})
//	var running *jobs.RunningError
//	if errors.As(err, &running) { ... } // a job over the same scope runs
//
// Start records the job and enqueues its first queues.TypeReanalyze task;
// the Pager (jobs.NewPager(ix, store, qc, log), registered with the
// worker) handles it: page after page of PageSize document IDs in ID
// order, each document whose analysis is at another version (every one,
// when the scope forces) enqueued as an analyse task that carries a
// queues.JobRef. The cursor and counts are saved after every page, so a
// paging task delivered again goes on from the last saved page. The
// worker's handlers count each document's Outcome in the Store (done,
// failed, or skipped when the job was cancelled before it ran), and the
// job is done when every enqueued document has one. Cancel releases the
// scope; Resume starts a cancelled job over as a new run.
//
// The HTTP API mounts the Handlers' Routes behind its own authentication
// and gives them its JSON and error writers:
//
//	h := &jobs.Handlers{Jobs: svc, WriteJSON: writeJSON, WriteError: writeError}
//	for pattern, handler := range h.Routes() {
//		mux.HandleFunc(pattern, requireAdmin(handler))
//	}
//
// jobs sits between queues (task types and payloads, the queue client)
// and its users, worker, api and cmd/ckm; it imports neither of them.
package jobs

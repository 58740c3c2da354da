// Package worker runs ckm's Asynq task handlers: it takes a document off
// the queue, analyses it with nlp, turns the analysis into an index record
// and waits until that record is committed before the task counts as done.
//
// The handler is short on purpose (parse → analyse → convert → index, with
// the context checked between stages); Record, the conversion, is a pure
// function. Bad input (a payload that does not decode, a document that
// panics the analyser) is archived with its reason and never retried;
// transient faults (the index busy or closing, a deadline) are retried with
// Asynq's backoff.
//
// Besides the handlers, a process runs background components, each with a
// Start and a Stop that waits for its goroutine (the shape of Asynq's
// heartbeater and recoverer): LiveAnalyzer follows the gazetteer stored in
// Redis, ThemeFollower the theme corrections, and Server.Run takes back the
// tasks of dead servers (queues.Reclaimer) until it returns. Re-analysis
// jobs are package jobs'; the handlers here count their documents' outcomes
// in its Store, and SweepHandler starts a job when documents are stale.
package worker

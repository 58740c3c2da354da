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
package worker

// Package queues defines ckm's task types, their payloads, the queue names
// and priorities, and the Client that the API, the CLI and other Go programs
// use to hand documents to the workers.
//
// A support tool's Go program sends a document like this:
//
//	c, err := queues.NewClient(queues.Config{RedisAddr: "127.0.0.1:6379"})
//	if err != nil { ... }
//	defer c.Close()
//	e, err := c.Enqueue(ctx, doc) // doc is a ckm.Document
//	if err != nil { ... }         // errors.Is(err, ckm.ErrInvalidDocument) for bad input
//	if e.Duplicate { ... }        // the same content was already queued or done
//
// and, when it must know the document is searchable before going on:
//
//	st, err := c.State(ctx, e) // StatePending ... StateDone or StateFailed
//
// Enqueue is the producer's side of the queue, in two steps that a
// server may call apart: Prepare normalises, redacts, validates and
// hashes a document once (an optional edit, such as the API's dating,
// runs after the normalisation), and Submit encodes the Prepared
// document once and queues it. The API checks the caller's rights on the
// prepared document between the two. The content hash travels in the
// payload to the index record; ParseAnalyze, the consumer's side,
// normalises and validates once more. Client.Stats counts the
// normalisations and encodings, for tests.
//
// Task IDs derive from the document ID and a hash of its content: the same
// document sent twice is one task (Enqueued.Duplicate), while a changed
// document with the same ID is a new task that replaces the indexed one.
// A document ID belongs to its first client: a document under an ID that
// another client owns is refused when the index commits it, and its task
// ends StateFailed with the reason ("owned by another client").
//
// GazetteerStore and ThemeStore keep the deployment's editable gazetteer
// and theme corrections in the same Redis, each with a version that the
// processes poll (worker.LiveAnalyzer, worker.ThemeFollower). Re-analysis
// jobs keep their own store, in package jobs; a task of a job carries a
// JobRef.
//
// A Reclaimer takes back the running tasks of a killed server within
// seconds (Asynq alone takes one to two minutes); worker.Server runs one.
//
// Queues are weighted so that interactive ingest is never starved by batch
// work: QueueCritical 6, QueueDefault 3, QueueBatch 1 (see Priorities).
package queues

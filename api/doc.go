// Package api is ckm's HTTP JSON API: documents go in through it onto the
// queues, and managers search the index through it.
//
// A server is built from a Config, a queue client and an index, and serves
// on any net/http server:
//
//	srv := api.New(api.Config{Logger: logger, Version: version}, queueClient, ix)
//	http.ListenAndServe(":8080", srv.Handler())
//
// The endpoints, all answering application/json:
//
//	POST /v1/documents         one document (application/json, queued as critical)
//	                           or many (application/x-ndjson or application/jsonl,
//	                           one per line, queued as default) → 202
//	GET  /v1/documents/{id}    the indexed document and its analysis
//	GET  /v1/search            q (the query language of index.Query), client
//	                           (repeated or comma-separated), source, sort
//	                           (relevance, date), limit (1..100), offset
//	                           (0..10000), cursor (a previous next_cursor),
//	                           facets (names, comma-separated, or none)
//	GET  /healthz              {"status":"ok"} or 503 {"status":"degraded"}
//
// With Config.Keys set, every endpoint but /healthz needs "Authorization:
// Bearer <key>", and a key scoped to some clients sees nothing of the
// others (auth.go); each key is rate-limited.
//
// The same server renders the managers' page (page.go): search, a
// client's hints, emerging themes and documents as HTML, under the same
// key scopes; a browser signs in at /login and sends its key as the
// ckm_key cookie. Admin keys also get Prometheus metrics at /metrics and
// Config.Monitoring (asynqmon) at /monitoring/.
//
// Every error is {"error":{"code":"...","message":"..."}} with the status
// that fits; errors.go maps the errors of ckm, queues, index and net/http to
// codes and statuses in one place.
package api

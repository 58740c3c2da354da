package api

import (
	"net/http"
	"testing"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/queues"
)

// TestPostEncodesOnce checks the hop from the API onto the queue: a posted
// document, whether one JSON document or a line of JSON Lines, is encoded
// once, into its task's payload, on real Redis. Not parallel: the counts
// are the process's.
func TestPostEncodesOnce(t *testing.T) {
	e := newEnv(t, Config{})
	for _, ct := range []string{"application/json", "application/x-ndjson"} {
		payloads, records := queues.PayloadEncodings(), index.RecordEncodings()
		if r := e.post(t, ct, mustJSON(t, goodDoc())+"\n"); r.Status != http.StatusAccepted {
			t.Fatalf("%s: status %d, body %s", ct, r.Status, r.Raw)
		}
		if p, r := queues.PayloadEncodings()-payloads, index.RecordEncodings()-records; p != 1 || r != 0 {
			t.Errorf("%s: %d payload and %d record encodings, want one payload", ct, p, r)
		}
	}
}

package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// statusChunk is how many documents one POST /v1/documents/status asks
// about.
const statusChunk = 1000

// waitResult counts what became of the documents waited for.
type waitResult struct {
	done, failed, unknown int
	errors                map[string]string // document ID → why it failed
}

// docState is one document's state as POST /v1/documents/status answers.
type docState struct {
	ID    string `json:"id"`
	State string `json:"state"` // pending, done, failed or unknown
	Error string `json:"error,omitempty"`
}

// waitSearchable asks the server what became of each accepted document
// until every one is indexed ("done"), failed or no longer known, or ctx
// ends. A server that cannot answer for a while (429, 503, no connection)
// is asked again later; any other error ends the wait.
func waitSearchable(ctx context.Context, c *config, e *env, docs []sent) (waitResult, error) {
	res := waitResult{errors: map[string]string{}}
	pending := docs
	pause := 100 * time.Millisecond
	for len(pending) > 0 {
		var next []sent
		for i := 0; i < len(pending); i += statusChunk {
			chunk := pending[i:min(i+statusChunk, len(pending))]
			var out struct {
				Documents []docState `json:"documents"`
			}
			err := c.call(ctx, e, http.MethodPost, "/v1/documents/status", map[string]any{"documents": chunk}, &out)
			if err != nil || len(out.Documents) != len(chunk) {
				if err == nil {
					err = fmt.Errorf("asked about %d documents, got %d answers", len(chunk), len(out.Documents))
				}
				var se *statusError
				if ctx.Err() == nil && asStatusError(err, &se) && retryable(se.status, nil) || isConnError(err) {
					next = append(next, chunk...)
					continue
				}
				return res, fmt.Errorf("wait: %w", err)
			}
			for j, st := range out.Documents {
				switch st.State {
				case "done":
					res.done++
				case "failed":
					res.failed++
					res.errors[chunk[j].ID] = st.Error
				case "unknown":
					res.unknown++
				default:
					next = append(next, chunk[j])
				}
			}
		}
		if pending = next; len(pending) == 0 {
			break
		}
		select {
		case <-ctx.Done():
			return res, fmt.Errorf("wait: %d documents still pending: %w", len(pending), ctx.Err())
		case <-time.After(pause):
		}
		pause = min(2*pause, 2*time.Second)
	}
	return res, nil
}

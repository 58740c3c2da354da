package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
)

// Batch limits of an upload, well under the server's defaults
// (api.DefaultMaxLines, api.DefaultMaxBodyBytes).
const (
	batchDocs  = 500
	batchBytes = 8 << 20
)

// sent is a document the server accepted: where it went and the task that
// will index it, as POST /v1/documents answers and
// POST /v1/documents/status takes back.
type sent struct {
	ID        string `json:"id"`
	TaskID    string `json:"task_id"`
	Queue     string `json:"queue"`
	Duplicate bool   `json:"duplicate,omitempty"`
}

// pendingDoc is a document waiting in a batch, with where it came from
// (file:line, or a file name) for the messages about it.
type pendingDoc struct {
	where string
	body  []byte       // the document as one JSON line, without the newline
	doc   ckm.Document // for imported
}

// uploader sends documents to a running server's POST /v1/documents as
// JSON Lines batches, retrying what the server could not take yet: 429
// and 503 answers (after their Retry-After, else an exponential backoff)
// and failed connections. It is not safe for concurrent use.
type uploader struct {
	server   string // base URL
	key      string // API key; "" for none
	queue    string // default or batch
	client   *http.Client
	attempts int                         // tries per batch before giving up
	backoff  func(try int) time.Duration // pause after a failed try without Retry-After
	notice   func(format string, args ...any)
	imported func(ckm.Document) // when set, called for each accepted document that is not a duplicate

	batch []pendingDoc
	size  int
	// accepted and rejected are filled as batches are sent.
	accepted []sent
	rejected []importRejection
}

// newUploader returns an uploader for c's server that reports retries to
// e.stderr.
func newUploader(c *config, e *env, queue string) *uploader {
	return &uploader{
		server: strings.TrimRight(c.server, "/"), key: e.getenv("CKM_API_KEY"), queue: queue,
		client: &http.Client{Timeout: 2 * time.Minute}, attempts: 8, backoff: expBackoff,
		notice: func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) },
	}
}

// expBackoff is 0.5 s doubled each try up to 30 s, with ±25% jitter.
func expBackoff(try int) time.Duration {
	d := min(500*time.Millisecond<<min(try, 10), 30*time.Second)
	return d - d/4 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// add queues doc for the next batch and sends the batch when it is full.
func (u *uploader) add(ctx context.Context, where string, doc ckm.Document) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return fmt.Errorf("upload: encode %s: %w", where, err)
	}
	if len(u.batch) > 0 && (len(u.batch) >= batchDocs || u.size+len(b)+1 > batchBytes) {
		if err := u.flush(ctx); err != nil {
			return err
		}
	}
	u.batch = append(u.batch, pendingDoc{where: where, body: b, doc: doc})
	u.size += len(b) + 1
	return nil
}

// flush sends the documents still in the batch.
func (u *uploader) flush(ctx context.Context) error {
	docs := u.batch
	u.batch, u.size = nil, 0
	for try := 1; len(docs) > 0; try++ {
		var body bytes.Buffer
		for _, d := range docs {
			body.Write(d.body)
			body.WriteByte('\n')
		}
		status, res, wait, err := u.post(ctx, body.Bytes())
		docs = u.settle(docs, res)
		if err == nil && len(docs) > 0 {
			err = fmt.Errorf("server answered %d %s without a word on %d documents", status, http.StatusText(status), len(docs))
		}
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case !retryable(status, err):
			return fmt.Errorf("upload: %s: %w", u.server, err)
		case try >= u.attempts:
			return fmt.Errorf("upload: %s: gave up after %d tries: %w", u.server, try, err)
		}
		if wait <= 0 {
			wait = u.backoff(try - 1)
		}
		u.notice("upload: %v; %d documents left, retrying in %s", err, len(docs), wait.Round(100*time.Millisecond))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return nil
}

// batchAnswer is the server's answer to a JSON Lines POST.
type batchAnswer struct {
	Accepted []struct {
		Line int `json:"line"`
		sent
	} `json:"accepted"`
	Rejected []struct {
		Line  int      `json:"line"`
		Error apiError `json:"error"`
	} `json:"rejected"`
	Error *apiError `json:"error"`
}

// apiError is the API's error body.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// settle records what the server said of each line of docs and returns
// the documents it did not handle, to send again.
func (u *uploader) settle(docs []pendingDoc, res *batchAnswer) []pendingDoc {
	if res == nil {
		return docs
	}
	done := make([]bool, len(docs))
	for _, a := range res.Accepted {
		if a.Line >= 1 && a.Line <= len(docs) {
			done[a.Line-1] = true
			u.accepted = append(u.accepted, a.sent)
			if u.imported != nil && !a.Duplicate {
				u.imported(docs[a.Line-1].doc)
			}
		}
	}
	for _, r := range res.Rejected {
		if r.Line >= 1 && r.Line <= len(docs) {
			done[r.Line-1] = true
			u.rejected = append(u.rejected, importRejection{docs[r.Line-1].where, r.Error.Message})
		}
	}
	var left []pendingDoc
	for i, d := range docs {
		if !done[i] {
			left = append(left, d)
		}
	}
	return left
}

// post sends one JSON Lines body. It returns the status, the decoded
// answer when there is one, the server's Retry-After, and an error for a
// failed connection or an answer that is neither a batch nor 2xx.
func (u *uploader) post(ctx context.Context, body []byte) (int, *batchAnswer, time.Duration, error) {
	q := url.Values{}
	if u.queue != "" {
		q.Set("queue", u.queue)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.server+"/v1/documents?"+q.Encode(), bytes.NewReader(body))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	if u.key != "" {
		req.Header.Set("Authorization", "Bearer "+u.key)
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return resp.StatusCode, nil, 0, err
	}
	wait := retryAfter(resp.Header.Get("Retry-After"))
	var res batchAnswer
	if json.Unmarshal(b, &res) != nil {
		return resp.StatusCode, nil, wait, fmt.Errorf("server answered %s", resp.Status)
	}
	if res.Error != nil && (len(res.Accepted)+len(res.Rejected) == 0 || resp.StatusCode/100 != 4) {
		return resp.StatusCode, &res, wait, fmt.Errorf("%s: %s", res.Error.Code, res.Error.Message)
	}
	return resp.StatusCode, &res, wait, nil
}

// retryable reports whether a try that ended with status and err may
// succeed later: the server is busy or briefly unable (429, 502, 503,
// 504), or it could not be reached.
func retryable(status int, err error) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case 0:
		var ue *url.Error
		return errors.As(err, &ue)
	}
	return false
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. It
// returns 0 when there is none.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, 5*time.Minute)
	}
	if t, err := http.ParseTime(h); err == nil {
		return min(max(time.Until(t), 0), 5*time.Minute)
	}
	return 0
}

// reachable checks once that a server answers at c.server, so that a
// wrong address fails at once with a hint instead of after the retries.
// A server that answers, even that it is degraded, is reachable.
func reachable(ctx context.Context, c *config) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(c.server, "/")+"/healthz", nil)
	if err != nil {
		return fmt.Errorf("server %q: %w", c.server, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("no ckm server answers at %s (is `make run` or `ckm serve` running? set --server or CKM_SERVER): %w", c.server, err)
	}
	resp.Body.Close()
	return nil
}

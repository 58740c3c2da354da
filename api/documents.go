package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/queues"
)

// accepted is one document that went onto a queue.
type accepted struct {
	Line      int    `json:"line,omitempty"`
	ID        string `json:"id"`
	TaskID    string `json:"task_id,omitempty"` // for POST /v1/documents/status
	Queue     string `json:"queue"`
	Duplicate bool   `json:"duplicate"`
}

// rejected is one NDJSON line that did not.
type rejected struct {
	Line  int       `json:"line"`
	Error *apiError `json:"error"`
}

// batchResult is the answer to an NDJSON request.
type batchResult struct {
	Accepted []accepted `json:"accepted"`
	Rejected []rejected `json:"rejected"`
	Error    *apiError  `json:"error,omitempty"`
}

// bodyKind is what a POST /v1/documents body holds.
type bodyKind int

const (
	bodyJSON bodyKind = iota
	bodyLines
)

// postDocuments queues one JSON document (critical queue) or many JSON
// Lines documents (default queue).
func (s *Server) postDocuments(w http.ResponseWriter, r *http.Request) {
	kind, err := contentKind(r.Header.Get("Content-Type"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if kind == bodyLines {
		s.postLines(w, r)
		return
	}
	if kind == bodyIngest {
		s.postIngest(w, r)
		return
	}
	s.postOne(w, r)
}

// contentKind checks the Content-Type of a POST /v1/documents.
func contentKind(ct string) (bodyKind, error) {
	if ct == "" {
		return 0, &mediaTypeError{Reason: "Content-Type is missing"}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return 0, &mediaTypeError{Got: ct, Reason: "malformed"}
	}
	if ok, err := isIngestType(mt, params); ok {
		return bodyIngest, err
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
		return 0, &mediaTypeError{Got: ct, Reason: "only charset=utf-8 is accepted"}
	}
	switch mt {
	case "application/json":
		return bodyJSON, nil
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		return bodyLines, nil
	}
	return 0, &mediaTypeError{Got: mt}
}

// jsonDates reads the date parameters of a JSON or JSON Lines POST.
func jsonDates(r *http.Request) (dates, error) {
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return dates{}, &queryError{Reason: "malformed query string: " + err.Error()}
	}
	return dateQuery(vals)
}

func (s *Server) postOne(w http.ResponseWriter, r *http.Request) {
	dq, err := jsonDates(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, min(s.cfg.MaxBodyBytes, ckm.MaxDocumentBytes)))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := ckm.UnmarshalDocument(b)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	e, err := s.enqueue(r, d, dq.dater(time.Now()), queues.QueueCritical)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusAccepted, accepted{ID: e.ID, TaskID: e.TaskID, Queue: e.Queue, Duplicate: e.Duplicate})
}

// enqueue puts d, decoded as sent (ckm.UnmarshalDocument), on queue:
// prepare, then submit.
func (s *Server) enqueue(r *http.Request, d ckm.Document, date func(*ckm.Document), queue string) (queues.Enqueued, error) {
	p, err := s.prepare(r, d, date)
	if err != nil {
		return queues.Enqueued{}, err
	}
	return s.submit(r, p, queue)
}

// prepare has the queue client normalise d, date it with date (when not
// nil), redact, validate and hash it, each once: the producer's side of
// the queue. Bad input is an error wrapping ckm.ErrInvalidDocument (a
// 400, before any check of the caller's rights); other failures are
// queueErrors.
func (s *Server) prepare(r *http.Request, d ckm.Document, date func(*ckm.Document)) (queues.Prepared, error) {
	p, err := s.q.Prepare(r.Context(), d, date)
	return p, asQueueError(err)
}

// submit queues p on queue, after checking that the caller's key may
// post for its client (a 403) and that its ID is not another client's (a
// 409); failures of the queue are queueErrors.
func (s *Server) submit(r *http.Request, p queues.Prepared, queue string) (queues.Enqueued, error) {
	d := p.Document()
	if err := mayPost(r.Context(), d.Client); err != nil {
		return queues.Enqueued{}, err
	}
	if err := s.checkOwner(r.Context(), d); err != nil {
		return queues.Enqueued{}, err
	}
	e, err := s.q.Submit(r.Context(), p, queues.Queue(queue))
	return e, asQueueError(err)
}

// asQueueError wraps err in a queueError unless it is nil or bad input.
func asQueueError(err error) error {
	if err != nil && !errors.Is(err, ckm.ErrInvalidDocument) {
		return &queueError{Err: err}
	}
	return err
}

// line is one non-blank line of an NDJSON body, decoded as sent.
type line struct {
	n   int
	doc ckm.Document
	err error
}

// postLines reads and decodes every line first, so that a body over a
// limit queues nothing, then queues the good ones.
func (s *Server) postLines(w http.ResponseWriter, r *http.Request) {
	queue, err := linesQueue(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	dq, err := jsonDates(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	received := time.Now()
	lines, err := readLines(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes), s.cfg.MaxLines)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res := batchResult{Accepted: []accepted{}, Rejected: []rejected{}}
	var good []ckm.Document
	for _, l := range lines {
		if l.err == nil {
			good = append(good, l.doc)
		}
	}
	outcomes := s.enqueueAll(r, good, dq.dater(received), queue)
	for _, l := range lines {
		if l.err != nil {
			res.Rejected = append(res.Rejected, rejected{Line: l.n, Error: toAPIError(l.err)})
			continue
		}
		e, err := outcomes[0].e, outcomes[0].err
		outcomes = outcomes[1:]
		var qe *queueError
		switch {
		case errors.As(err, &qe):
			s.log.Error("api: enqueue failed", "line", l.n, "accepted", len(res.Accepted), "err", err)
			res.Error = &apiError{Status: http.StatusServiceUnavailable, Code: CodeQueueUnavailable,
				Message: fmt.Sprintf("%s; documents before line %d were handled as listed, send the rest again (resending is safe)", qe.Error(), l.n)}
			s.writeJSON(w, res.Error.Status, res)
			return
		case err != nil:
			res.Rejected = append(res.Rejected, rejected{Line: l.n, Error: toAPIError(err)})
		default:
			res.Accepted = append(res.Accepted, accepted{Line: l.n, ID: e.ID, TaskID: e.TaskID, Queue: e.Queue, Duplicate: e.Duplicate})
		}
	}
	status := http.StatusAccepted
	switch {
	case len(res.Accepted) == 0 && len(res.Rejected) > 0:
		status = http.StatusBadRequest
		res.Error = &apiError{Status: status, Code: CodeInvalidDocument,
			Message: fmt.Sprintf("all %d documents were rejected; see \"rejected\"", len(res.Rejected))}
	case len(res.Accepted) == 0:
		status = http.StatusBadRequest
		res.Error = &apiError{Status: status, Code: CodeInvalidDocument, Message: "invalid document: body: no documents (every line is blank)"}
	}
	s.writeJSON(w, status, res)
}

// readLines reads JSON Lines from r with ckm.Scanner, each document as
// sent (the queue client normalises and validates it): blank lines are
// skipped (but counted, so line numbers match the input), a line longer
// than ckm.MaxDocumentBytes or that does not decode is rejected on its
// own, and more than maxLines documents is an error.
func readLines(r io.Reader, maxLines int) ([]line, error) {
	sc := ckm.NewScanner(r)
	var out []line
	for sc.Scan() {
		d, err := sc.RawDocument()
		out = append(out, line{n: sc.Line(), doc: d, err: err})
		if len(out) > maxLines {
			return nil, &tooManyLinesError{Max: maxLines}
		}
	}
	return out, sc.Err()
}

// record is the JSON form of an indexed document.
type record struct {
	Document    ckm.Document `json:"document"`
	Analysis    any          `json:"analysis"` // an nlp.Analysis; api does not import nlp
	ContentHash string       `json:"content_hash"`
	IndexedAt   string       `json:"indexed_at"`
}

func (s *Server) getDocument(w http.ResponseWriter, r *http.Request) {
	if s.ix == nil {
		s.writeError(w, r, errNoIndex)
		return
	}
	rec, err := s.visibleRecord(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, record{
		Document:    rec.Document,
		Analysis:    rec.Analysis,
		ContentHash: rec.ContentHash,
		IndexedAt:   rec.IndexedAt.UTC().Format(time.RFC3339Nano),
	})
}

// visibleRecord returns the record of document id when the caller of ctx
// may see its client. It checks the client with the index's Owner, which
// reads no record, before Get loads one: another client's document and a
// missing one give the same error (notVisible, a 404) after the same work,
// so neither the answer nor its time tells them apart.
func (s *Server) visibleRecord(ctx context.Context, id string) (index.Record, error) {
	owner, err := s.ix.Owner(ctx, id)
	switch {
	case errors.Is(err, index.ErrNotFound):
		return index.Record{}, notVisible(id)
	case err != nil:
		return index.Record{}, err
	case !clientAllowed(ctx, owner):
		return index.Record{}, notVisible(id)
	}
	rec, err := s.ix.Get(ctx, id)
	switch {
	case errors.Is(err, index.ErrNotFound):
		return index.Record{}, notVisible(id) // deleted since Owner
	case err != nil:
		return index.Record{}, err
	case !clientAllowed(ctx, rec.Document.Client):
		return index.Record{}, notVisible(id) // replaced since Owner
	}
	return rec, nil
}

// checkOwner refuses a document whose ID belongs to another client, with
// a 409 (CodeIDOwned), before it is queued. The index's writer checks
// again when it commits (two clients racing for a new ID, writes that do
// not pass through this server): this check only answers early. When the
// index cannot be read, the document is queued and the writer decides.
func (s *Server) checkOwner(ctx context.Context, d ckm.Document) error {
	if s.ix == nil {
		return nil
	}
	owner, err := s.ix.Owner(ctx, d.ID)
	if err != nil || ckm.SameClient(owner, d.Client) {
		return nil
	}
	return &index.OwnerError{ID: d.ID, Client: d.Client}
}

package api

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/queues"
)

// bodyIngest is a POST /v1/documents body in a raw format that ingest
// reads: email, mbox, captions or plain text.
const bodyIngest bodyKind = 100

// ingestTypes are the raw content types POST /v1/documents accepts besides
// JSON; textual ones must be UTF-8 (a mail carries its own charsets, and
// a CSV export's encoding is detected).
var ingestTypes = map[string]bool{
	"message/rfc822": false, "application/mbox": false, "text/csv": false, "text/tab-separated-values": false,
	"text/vtt": true, "application/x-subrip": true, "text/plain": true,
}

// ingestParams are the query parameters of a raw-format POST.
var ingestParams = []string{"client", "source", "id", "at", "tz", "name", "date_format", "csv_map"}

// isIngestType reports whether mt is a raw format and, for a textual one,
// that its charset is UTF-8.
func isIngestType(mt string, params map[string]string) (bool, error) {
	textual, ok := ingestTypes[mt]
	if !ok {
		return false, nil
	}
	if cs, has := params["charset"]; textual && has && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "us-ascii") {
		return true, &mediaTypeError{Got: mt + "; charset=" + cs, Reason: "only charset=utf-8 is accepted"}
	}
	return true, nil
}

// postIngest reads a raw email, mbox, WebVTT, SRT, CSV or plain-text body with
// ingest, taking client, source and id from the query string, and queues
// what it holds: one document on the critical queue (answered as for
// application/json), several (an mbox) on the default queue (answered as
// for JSON Lines, each item numbered in "line"). The queue client's
// Prepare is where each document is normalised and validated, once
// (prepareRaw): ingest only reads it.
func (s *Server) postIngest(w http.ResponseWriter, r *http.Request) {
	cfg, id, name, err := ingestQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, min(s.cfg.MaxBodyBytes, ingest.MaxInputBytes)))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	cfg.Received = time.Now()
	var ps []prepared
	docs, perr := ingest.ParseFunc(b, name, mt, cfg, func(p *ingest.Parsed, complete func(*ckm.Document)) error {
		pr, err := s.prepareRaw(r, p, complete, id)
		if err != nil {
			return err
		}
		ps = append(ps, pr)
		return nil
	})
	switch {
	case len(docs) == 0:
		s.writeError(w, r, perr)
		return
	case len(docs) > s.cfg.MaxLines: // the one limit of every multi-document body
		s.writeError(w, r, &tooManyLinesError{Max: s.cfg.MaxLines})
		return
	case id != "" && len(docs) != 1:
		s.writeError(w, r, &queryError{Param: "id", Reason: fmt.Sprintf("names one document, but the body holds %d", len(docs))})
		return
	}
	if len(docs) == 1 && perr == nil {
		if ps[0].err != nil {
			s.writeError(w, r, ps[0].err)
			return
		}
		e, err := s.submit(r, ps[0].p, queues.QueueCritical)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeJSON(w, http.StatusAccepted, accepted{ID: e.ID, TaskID: e.TaskID, Queue: e.Queue, Duplicate: e.Duplicate})
		return
	}
	s.postIngestBatch(w, r, ps, perr)
}

// prepareRaw has the queue client prepare the document ingest read into
// p: normalise it (filling a missing ID from its content), complete it
// (the date and encoding ingest adds after the ID, so that they do not
// change it), give it the ID the query named, redact, validate and hash
// it, each once. When the prepared document is invalid, the document as
// read is validated (only then): when it is invalid too, that is the
// error (ingest reports it under its item, as an input's fault), and the
// answer's prepared is empty; otherwise only the completion made it
// invalid (a date more than a year ahead from ?at= or the file name), and
// it is rejected under its line. The query's id replaces only a valid
// ID, so that it never rescues a document invalid as read.
func (s *Server) prepareRaw(r *http.Request, p *ingest.Parsed, complete func(*ckm.Document), id string) (prepared, error) {
	var read ckm.Document
	pr, err := s.prepare(r, p.Document, func(d *ckm.Document) {
		read = ingest.AsRead(*d)
		complete(d)
		if id != "" && validID(d.ID) {
			d.ID = id
		}
	})
	if err == nil {
		p.Document = pr.Document()
		return prepared{p: pr}, nil
	}
	if errors.Is(err, ckm.ErrInvalidDocument) {
		if rerr := read.Validate(); rerr != nil {
			return prepared{}, rerr
		}
	}
	return prepared{err: err}, nil
}

// validID reports whether id is valid as a document's ID.
func validID(id string) bool {
	probe := ckm.Document{ID: id, Text: "x"}
	return probe.Validate() == nil
}

// postIngestBatch queues the documents of a multi-document body; the
// items ingest rejected are listed with line 0 and their number in the
// message ("message 3: ...").
func (s *Server) postIngestBatch(w http.ResponseWriter, r *http.Request, ps []prepared, perr error) {
	res := batchResult{Accepted: []accepted{}, Rejected: []rejected{}}
	if perr != nil {
		for _, msg := range strings.Split(perr.Error(), "\n") {
			res.Rejected = append(res.Rejected, rejected{Error: &apiError{Status: http.StatusBadRequest, Code: CodeInvalidDocument, Message: msg}})
		}
	}
	outcomes := s.submitAll(r, ps, queues.QueueDefault)
	for i := range ps {
		e, err := outcomes[i].e, outcomes[i].err
		var qe *queueError
		switch {
		case errors.As(err, &qe):
			s.writeError(w, r, err)
			return
		case err != nil:
			res.Rejected = append(res.Rejected, rejected{Line: i + 1, Error: toAPIError(err)})
		default:
			res.Accepted = append(res.Accepted, accepted{Line: i + 1, ID: e.ID, TaskID: e.TaskID, Queue: e.Queue, Duplicate: e.Duplicate})
		}
	}
	status := http.StatusAccepted
	if len(res.Accepted) == 0 {
		status = http.StatusBadRequest
		res.Error = &apiError{Status: status, Code: CodeInvalidDocument, Message: fmt.Sprintf("all %d documents were rejected; see \"rejected\"", len(res.Rejected))}
	}
	s.writeJSON(w, status, res)
}

// ingestQuery reads client, source, id, the date options (see
// dateQuery) and the file name whose date a recorder may have put in it
// from a raw query string.
func ingestQuery(raw string) (ingest.Config, string, string, error) {
	cfg, id, err := ingestParamsOf(raw)
	if err != nil {
		return cfg, "", "", err
	}
	vals, _ := url.ParseQuery(raw)
	dq, err := dateQuery(vals)
	if err != nil {
		return cfg, "", "", err
	}
	cfg.At, cfg.Location = dq.at, dq.loc
	if cfg.DateOrder, err = ingest.ParseDateOrder(vals.Get("date_format")); err != nil {
		return cfg, "", "", &queryError{Param: "date_format", Reason: "want dd/mm/yyyy or mm/dd/yyyy"}
	}
	if cfg.Columns, err = ingest.ParseColumns(vals.Get("csv_map")); err != nil {
		return cfg, "", "", &queryError{Param: "csv_map", Reason: err.Error()}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, "", "", &queryError{Param: "csv_map", Reason: err.Error()}
	}
	return cfg, id, strings.TrimSpace(vals.Get("name")), nil
}

func ingestParamsOf(raw string) (ingest.Config, string, error) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return ingest.Config{}, "", &queryError{Reason: "malformed query string: " + err.Error()}
	}
	for name, vs := range vals {
		known := false
		for _, p := range ingestParams {
			known = known || p == name
		}
		if !known {
			return ingest.Config{}, "", &queryError{Param: strings.ToValidUTF8(name, "?"), Reason: "unknown parameter; known: " + strings.Join(ingestParams, ", ")}
		}
		if len(vs) > 1 {
			return ingest.Config{}, "", &queryError{Param: name, Reason: "given more than once"}
		}
	}
	cfg := ingest.Config{Client: strings.TrimSpace(vals.Get("client")), Source: ckm.Source(strings.ToLower(strings.TrimSpace(vals.Get("source"))))}
	id := strings.TrimSpace(vals.Get("id"))
	probe := ckm.Document{ID: id, Client: cfg.Client, Source: cfg.Source, Text: "x"}
	if probe.ID == "" {
		probe.ID = "x"
	}
	if err := probe.Validate(); err != nil {
		var fe *ckm.FieldError
		if errors.As(err, &fe) {
			return ingest.Config{}, "", &queryError{Param: fe.Field, Reason: fe.Reason}
		}
		return ingest.Config{}, "", err
	}
	return cfg, id, nil
}

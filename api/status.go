package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/ckmhq/ckm/queues"
)

// MaxStatusDocuments bounds the documents one POST /v1/documents/status
// asks about.
const MaxStatusDocuments = 1000

// statusRequest is the body of POST /v1/documents/status: documents as
// POST /v1/documents accepted them (id, task_id, queue).
type statusRequest struct {
	Documents []accepted `json:"documents"`
}

// docStatus is what became of one accepted document.
type docStatus struct {
	ID    string       `json:"id"`
	State queues.State `json:"state"` // pending, done (searchable), failed or unknown
	Error string       `json:"error,omitempty"`
}

// postStatus answers what became of documents the server accepted, in the
// order asked: pending (queued, running or waiting to retry), done
// (analysed and searchable), failed (with the last error) or unknown (no
// longer retained, or never accepted). `ckm import --wait` polls it. It
// needs no admin key: a task ID carries a hash of the document's content,
// so only whoever sent a document can name its task.
func (s *Server) postStatus(w http.ResponseWriter, r *http.Request) {
	var req statusRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil && !errors.Is(err, io.EOF) {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery, Message: "body: " + err.Error()})
		return
	}
	if len(req.Documents) > MaxStatusDocuments {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery,
			Message: fmt.Sprintf("body: %d documents; ask about at most %d at a time", len(req.Documents), MaxStatusDocuments)})
		return
	}
	out := struct {
		Documents []docStatus `json:"documents"`
	}{Documents: make([]docStatus, 0, len(req.Documents))}
	for _, d := range req.Documents {
		if _, ok := queues.Priorities[d.Queue]; !ok || d.TaskID == "" {
			s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery,
				Message: fmt.Sprintf("body: document %q: task_id and a queue (critical, default or batch) are needed, as POST /v1/documents answered them", d.ID)})
			return
		}
		st, err := s.q.State(r.Context(), queues.Enqueued{ID: d.ID, TaskID: d.TaskID, Queue: d.Queue})
		if err != nil {
			s.writeError(w, r, &queueError{Err: err})
			return
		}
		out.Documents = append(out.Documents, docStatus{ID: d.ID, State: st.State, Error: st.Err})
	}
	s.writeJSON(w, http.StatusOK, out)
}

// linesQueue reads the queue a JSON Lines POST asks for: default (the
// default) or batch, for bulk imports that should yield to live traffic.
func linesQueue(r *http.Request) (string, error) {
	switch q := r.URL.Query().Get("queue"); q {
	case "", queues.QueueDefault:
		return queues.QueueDefault, nil
	case queues.QueueBatch:
		return queues.QueueBatch, nil
	default:
		return "", &queryError{Param: "queue", Reason: fmt.Sprintf("%q is not a queue for batches; want default or batch", q)}
	}
}

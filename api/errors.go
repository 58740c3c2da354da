package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/index/query"
)

// Error codes, the "code" of an error body.
const (
	CodeInvalidDocument      = "invalid_document"
	CodeBodyTooLarge         = "body_too_large"
	CodeTooManyLines         = "too_many_lines"
	CodeUnsupportedMediaType = "unsupported_media_type"
	CodeBadQuery             = "bad_query"
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeQueueUnavailable     = "queue_unavailable"
	CodeIndexUnavailable     = "index_unavailable"
	CodeTimeout              = "timeout"
	CodeInternal             = "internal"
	// CodeIDOwned is a 409: the document's ID belongs to another client.
	CodeIDOwned = "id_owned_by_other_client"
)

// errorBody is the JSON form of an error: {"error": {...}}.
type errorBody struct {
	Error *apiError `json:"error"`
}

// apiError is an error as the client sees it.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *apiError) Error() string { return e.Message }

// queryError is a bad search parameter.
type queryError struct {
	Param  string
	Reason string
}

func (e *queryError) Error() string {
	return fmt.Sprintf("query parameter %q: %s", e.Param, e.Reason)
}

// mediaTypeError is a Content-Type the endpoint does not take.
type mediaTypeError struct {
	Got    string
	Reason string
}

func (e *mediaTypeError) Error() string {
	got := e.Got
	if got == "" {
		got = "(none)"
	}
	msg := fmt.Sprintf("content type %s is not accepted", got)
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	return msg + "; use application/json for one document, or application/x-ndjson or application/jsonl for one document per line"
}

// tooManyLinesError is an NDJSON body with more documents than allowed.
type tooManyLinesError struct{ Max int }

func (e *tooManyLinesError) Error() string {
	return fmt.Sprintf("more than %d documents in one request; split the body into several requests", e.Max)
}

// queueError is a failure to reach the queue.
type queueError struct{ Err error }

func (e *queueError) Error() string { return "queue unavailable: " + e.Err.Error() }
func (e *queueError) Unwrap() error { return e.Err }

// routeError is a request that matches no endpoint (404) or an endpoint
// with another method (405).
type routeError struct {
	Status int
	Method string
	Path   string
	Allow  string
}

func (e *routeError) Error() string {
	if e.Status == http.StatusMethodNotAllowed {
		return fmt.Sprintf("method %s is not allowed on %s; allowed: %s", e.Method, e.Path, e.Allow)
	}
	return fmt.Sprintf("no endpoint at %s %s", e.Method, e.Path)
}

// errNoIndex is returned by search endpoints on a server without an index.
var errNoIndex = errors.New("search is not available on this server")

// toAPIError maps any error to what the client sees. It is the one place
// where errors become statuses and codes. Internal errors get a generic
// message; the caller logs the real one.
func toAPIError(err error) *apiError {
	var (
		ae  *apiError
		mbe *http.MaxBytesError
		fe  *ckm.FieldError
		qe  *queryError
		me  *mediaTypeError
		tl  *tooManyLinesError
		que *queueError
		re  *routeError
		ixq *query.Error
		own *index.OwnerError
	)
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &own):
		return &apiError{Status: http.StatusConflict, Code: CodeIDOwned, Field: "id",
			Message: fmt.Sprintf("document id %q belongs to another client; choose another id (nothing was changed)", own.ID)}
	case errors.As(err, &mbe):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodeBodyTooLarge,
			Message: fmt.Sprintf("request body is over the limit of %d bytes", mbe.Limit)}
	case errors.As(err, &fe):
		return &apiError{Status: http.StatusBadRequest, Code: CodeInvalidDocument, Message: fe.Error(), Field: fe.Field}
	case errors.Is(err, ckm.ErrInvalidDocument):
		return &apiError{Status: http.StatusBadRequest, Code: CodeInvalidDocument, Message: err.Error()}
	case errors.As(err, &qe):
		return &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery, Message: qe.Error(), Field: qe.Param}
	case errors.As(err, &ixq):
		return &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery, Message: "q: " + ixq.Error(), Field: "q"}
	case index.TooComplex(err):
		return &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery, Field: "q",
			Message: "q: the query is too complex to run (a very long word or filter value); shorten it"}
	case errors.Is(err, index.ErrBadCursor):
		return &apiError{Status: http.StatusBadRequest, Code: CodeBadQuery, Message: badCursorMessage(err), Field: "cursor"}
	case errors.As(err, &me):
		return &apiError{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType, Message: me.Error()}
	case errors.As(err, &tl):
		return &apiError{Status: http.StatusRequestEntityTooLarge, Code: CodeTooManyLines, Message: tl.Error()}
	case errors.As(err, &que):
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeQueueUnavailable, Message: que.Error()}
	case errors.As(err, &re) && re.Status == http.StatusMethodNotAllowed:
		return &apiError{Status: re.Status, Code: CodeMethodNotAllowed, Message: re.Error()}
	case errors.As(err, &re), errors.Is(err, index.ErrNotFound):
		return &apiError{Status: http.StatusNotFound, Code: CodeNotFound, Message: notFoundMessage(err)}
	case errors.Is(err, errNoIndex), errors.Is(err, index.ErrClosed):
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeIndexUnavailable, Message: "index unavailable: " + err.Error()}
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return &apiError{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Message: "the request was cancelled or took too long; try again"}
	}
	return &apiError{Status: http.StatusInternalServerError, Code: CodeInternal, Message: "internal error; it has been logged"}
}

func badCursorMessage(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "bad cursor"); i >= 0 {
		msg = msg[i:]
	}
	return msg + "; search again without it"
}

func notFoundMessage(err error) string {
	return strings.TrimPrefix(err.Error(), "index: ")
}

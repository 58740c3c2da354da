package ckm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// UnmarshalJSON decodes a document, accepting "at" as an RFC 3339 string or
// a number of Unix seconds. Unknown fields are ignored.
func (d *Document) UnmarshalJSON(b []byte) error {
	type plain Document
	var aux struct {
		plain
		At json.RawMessage `json:"at"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	at, err := parseTime(aux.At)
	if err != nil {
		return err
	}
	*d = Document(aux.plain)
	d.At = at
	return nil
}

// timeLayouts are the forms of "at" accepted besides Unix seconds: RFC 3339
// first, then what exports from common tools write (read as UTC when they
// carry no zone).
var timeLayouts = []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

func parseTime(raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, &FieldError{"at", err.Error()}
		}
		if s == "" {
			return time.Time{}, nil
		}
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				if t.Before(MinAt) { // the zero time included: it would read as "no date"
					return time.Time{}, &FieldError{"at", fmt.Sprintf("%q is before %d", s, MinAt.Year())}
				}
				return t.UTC(), nil
			}
		}
		return time.Time{}, &FieldError{"at", fmt.Sprintf("%q is not RFC 3339 time or Unix seconds", s)}
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f < 0 || f > 1e11 {
		return time.Time{}, &FieldError{"at", fmt.Sprintf("%s is not RFC 3339 time or Unix seconds", raw)}
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
}

// DecodeDocument decodes one JSON document (UnmarshalDocument), normalizes
// it and validates it. Every error it returns wraps ErrInvalidDocument and
// says what is wrong.
func DecodeDocument(b []byte) (Document, error) {
	return checked(UnmarshalDocument(b))
}

// checked normalizes and validates d, decoded with err.
func checked(d Document, err error) (Document, error) {
	if err != nil {
		return Document{}, err
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return Document{}, err
	}
	return d, nil
}

// UnmarshalDocument decodes one JSON document as it was sent, neither
// normalized nor validated. Its errors are those of the bytes (empty,
// over MaxDocumentBytes, not UTF-8, malformed JSON, a bad "at"); each
// wraps ErrInvalidDocument and says what is wrong. A producer that
// normalizes and validates in a step of its own (queues.Client.Prepare)
// decodes with it, so that a document is normalized once.
func UnmarshalDocument(b []byte) (Document, error) {
	var d Document
	if len(bytes.TrimSpace(b)) == 0 {
		return d, &FieldError{"body", "empty"}
	}
	if len(b) > MaxDocumentBytes {
		return d, &FieldError{"body", fmt.Sprintf("%d bytes is over the limit of %d", len(b), MaxDocumentBytes)}
	}
	if !utf8.Valid(b) {
		return d, &FieldError{"body", "not valid UTF-8"}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return Document{}, fe
		}
		return Document{}, &FieldError{"body", "malformed JSON: " + jsonReason(err)}
	}
	return d, nil
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return fmt.Sprintf("expected a JSON object, got %s", te.Value)
		}
		return fmt.Sprintf("field %q: expected %s, got %s", te.Field, te.Type, te.Value)
	}
	return err.Error()
}

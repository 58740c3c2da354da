package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// Record is what the index holds for one document: the document, its
// analysis (stored without Tokens), the content hash it was analysed at
// and when it was indexed. EncodeRecord and DecodeRecord are its one JSON
// form, on disk and on the queue from workers to the index owner.
type Record struct {
	Document    ckm.Document
	Analysis    nlp.Analysis
	ContentHash string
	IndexedAt   time.Time
}

// stored is the JSON form of a Record, what the "record" field holds and
// what workers forward: the original document and its analysis without
// tokens, enough to answer Get and to re-analyse.
type stored struct {
	Document    ckm.Document `json:"document"`
	Analysis    nlp.Analysis `json:"analysis"`
	ContentHash string       `json:"content_hash,omitempty"`
	IndexedAt   time.Time    `json:"indexed_at"`
	// SpanText is true when the Text of every sentence, entity and need
	// was dropped because Document.Text[Start:End] reproduces it.
	SpanText bool `json:"span_text,omitempty"`
}

// spanText reports whether text[start:end] is s.
func spanText(text string, start, end int, s string) bool {
	return 0 <= start && start <= end && end <= len(text) && text[start:end] == s
}

// compactSpans returns a copy of a without the span texts that the document
// text reproduces, and whether it dropped them (all or none).
func compactSpans(a nlp.Analysis, text string) (nlp.Analysis, bool) {
	for _, x := range a.Sentences {
		if !spanText(text, x.Start, x.End, x.Text) {
			return a, false
		}
	}
	for _, x := range a.Entities {
		if !spanText(text, x.Start, x.End, x.Text) {
			return a, false
		}
	}
	for _, x := range a.Needs {
		if !spanText(text, x.Start, x.End, x.Text) {
			return a, false
		}
	}
	a.Sentences = slices.Clone(a.Sentences)
	a.Entities = slices.Clone(a.Entities)
	a.Needs = slices.Clone(a.Needs)
	for i := range a.Sentences {
		a.Sentences[i].Text = ""
	}
	for i := range a.Entities {
		a.Entities[i].Text = ""
	}
	for i := range a.Needs {
		a.Needs[i].Text = ""
	}
	return a, true
}

// expandSpans restores what compactSpans dropped.
func expandSpans(a *nlp.Analysis, text string) {
	for i, x := range a.Sentences {
		a.Sentences[i].Text = text[x.Start:x.End]
	}
	for i, x := range a.Entities {
		a.Entities[i].Text = text[x.Start:x.End]
	}
	for i, x := range a.Needs {
		a.Needs[i].Text = text[x.Start:x.End]
	}
}

// EncodeRecord returns the JSON form of rec: snake_case names, the
// analysis without Tokens (the one place they are dropped: they are
// recomputed cheaply and would triple the size), and without the span
// texts that the document text reproduces. The index stores these bytes,
// and a worker that does not own the index forwards them to the owner;
// DecodeRecord reads them back.
func EncodeRecord(rec Record) ([]byte, error) {
	a := rec.Analysis
	a.Tokens = nil
	a, compact := compactSpans(a, rec.Document.Text)
	b, err := json.Marshal(stored{Document: rec.Document, Analysis: a, ContentHash: rec.ContentHash, IndexedAt: rec.IndexedAt, SpanText: compact})
	if err != nil {
		return nil, fmt.Errorf("encode record %q: %w", rec.Document.ID, err)
	}
	return b, nil
}

// DecodeRecord is the inverse of EncodeRecord. It also reads the records
// that workers of earlier versions forwarded, whose top-level names were
// Go's (Document, Analysis, ContentHash, IndexedAt), so that tasks queued
// before an upgrade are indexed after it. It does not validate the
// document.
func DecodeRecord(b []byte) (Record, error) {
	var s struct {
		stored
		// The names of records forwarded before EncodeRecord; "Document"
		// and "Analysis" match stored's names, case-insensitively.
		GoContentHash string    `json:"ContentHash"`
		GoIndexedAt   time.Time `json:"IndexedAt"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return Record{}, fmt.Errorf("decode stored record: %w", err)
	}
	if s.SpanText {
		if err := checkSpans(&s.Analysis, s.Document.Text); err != nil {
			return Record{}, err
		}
		expandSpans(&s.Analysis, s.Document.Text)
	}
	rec := Record{Document: s.Document, Analysis: s.Analysis, ContentHash: s.ContentHash, IndexedAt: s.IndexedAt}
	if rec.ContentHash == "" {
		rec.ContentHash = s.GoContentHash
	}
	if rec.IndexedAt.IsZero() {
		rec.IndexedAt = s.GoIndexedAt
	}
	return rec, nil
}

// checkSpans guards expandSpans against a corrupt record.
func checkSpans(a *nlp.Analysis, text string) error {
	ok := func(start, end int) bool { return 0 <= start && start <= end && end <= len(text) }
	for _, x := range a.Sentences {
		if !ok(x.Start, x.End) {
			return errors.New("decode stored record: sentence span out of range")
		}
	}
	for _, x := range a.Entities {
		if !ok(x.Start, x.End) {
			return errors.New("decode stored record: entity span out of range")
		}
	}
	for _, x := range a.Needs {
		if !ok(x.Start, x.End) {
			return errors.New("decode stored record: need span out of range")
		}
	}
	return nil
}

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
// and when it was indexed.
type Record struct {
	Document    ckm.Document
	Analysis    nlp.Analysis
	ContentHash string
	IndexedAt   time.Time
}

// stored is what the "record" field holds: the original document and its
// analysis without tokens, enough to answer Get and to re-analyse.
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

// decodeRecord is the inverse of the "record" field of documentFields.
func decodeRecord(blob string) (Record, error) {
	var s stored
	if err := json.Unmarshal([]byte(blob), &s); err != nil {
		return Record{}, fmt.Errorf("decode stored record: %w", err)
	}
	if s.SpanText {
		if err := checkSpans(&s.Analysis, s.Document.Text); err != nil {
			return Record{}, err
		}
		expandSpans(&s.Analysis, s.Document.Text)
	}
	return Record{Document: s.Document, Analysis: s.Analysis, ContentHash: s.ContentHash, IndexedAt: s.IndexedAt}, nil
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

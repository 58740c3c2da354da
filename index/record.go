package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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

// stored is the JSON form of a Record, what workers forward (the original
// document and its analysis without tokens) and, less what the document
// record's stored fields give back, what the "record" field holds: with
// those fields, enough to answer Get and to re-analyse.
type stored struct {
	Document    ckm.Document `json:"document"`
	Analysis    nlp.Analysis `json:"analysis"`
	ContentHash string       `json:"content_hash,omitempty"`
	IndexedAt   time.Time    `json:"indexed_at"`
	// SpanText is true when the Text of every sentence, entity and need
	// was dropped because Document.Text[Start:End] reproduces it.
	SpanText bool `json:"span_text,omitempty"`
	// InFields is true when Document.Text and Document.Subject were left
	// out because the document record's stored fields reproduce them: the
	// subject is the "subject" field, the text is the sentences cut in
	// order from the text fields (textByLanguage) with TextGaps around
	// them (rebuildText). Only the index stores this form; EncodeRecord
	// never writes it.
	InFields bool `json:"in_fields,omitempty"`
	// TextGaps are the text before each sentence and, last, after the
	// last one, when InFields.
	TextGaps []string `json:"text_gaps,omitempty"`
	// OwnHash is true when ContentHash was left out because it is the
	// document's own (ckm.Document.ContentHash), computed again on
	// reading. Only the index stores this form.
	OwnHash bool `json:"own_hash,omitempty"`
	// KeysInFields is true when Document.ID, Client and Source were left
	// out because the record's id and its stored client and source
	// fields give them back; SameID when Analysis.ID was left out
	// because it is Document.ID. Only the index stores this form.
	KeysInFields bool `json:"keys_in_fields,omitempty"`
	SameID       bool `json:"same_id,omitempty"`
}

// storedForm says what the index's stored form of a record leaves out.
type storedForm struct {
	// inFields: the text and subject, which the stored text fields and
	// subject give back (only where the index stores them).
	inFields bool
	// ownHash: the content hash, when it is the document's own.
	ownHash bool
	// keysInFields: the document's id, client and source, which the
	// record's id and stored fields give back, and an analysis id that
	// is the document's.
	keysInFields bool
}

// fieldID is the key of the record's id in decodeStored's fields.
const fieldID = "_id"

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
func EncodeRecord(rec Record) ([]byte, error) { return encodeStored(rec, storedForm{}) }

// encodeStored is EncodeRecord leaving out what form says: with
// form.inFields the text and subject when rebuildText gives the text back
// from textByLanguage's fields (they are kept otherwise), with
// form.ownHash the content hash when it is the document's own.
func encodeStored(rec Record, form storedForm) ([]byte, error) {
	a := rec.Analysis
	a.Tokens = nil
	a, compact := compactSpans(a, rec.Document.Text)
	s := stored{Document: rec.Document, Analysis: a, ContentHash: rec.ContentHash, IndexedAt: rec.IndexedAt, SpanText: compact}
	if form.ownHash && rec.ContentHash != "" && rec.ContentHash == rec.Document.ContentHash() {
		s.ContentHash, s.OwnHash = "", true
	}
	if form.keysInFields {
		s.KeysInFields = true
		if s.Analysis.ID == s.Document.ID {
			s.Analysis.ID, s.SameID = "", true
		}
		s.Document.ID, s.Document.Client, s.Document.Source = "", "", ""
	}
	if form.inFields && rec.Document.Text != "" {
		if gaps, ok := textGaps(&rec); ok {
			s.InFields, s.TextGaps = true, gaps
			s.Document.Text, s.Document.Subject = "", ""
		}
	}
	b, err := json.Marshal(s)
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
func DecodeRecord(b []byte) (Record, error) { return decodeStored(b, nil) }

// decodeStored is DecodeRecord for a stored record, given the document
// record's stored text fields, subject, client and source and its id
// (fieldID) that rebuild what the stored form left out.
func decodeStored(b []byte, fields map[string]string) (Record, error) {
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
	if (s.InFields || s.KeysInFields) && fields == nil {
		return Record{}, errors.New("decode stored record: part of it is in the index's fields")
	}
	if s.KeysInFields {
		s.Document.ID, s.Document.Client, s.Document.Source = fields[fieldID], fields[fieldClient], ckm.Source(fields[fieldSource])
		if s.SameID {
			s.Analysis.ID = s.Document.ID
		}
	}
	if s.InFields {
		text, err := rebuildText(s.Analysis.Sentences, docLanguage(&Record{Document: s.Document, Analysis: s.Analysis}), s.TextGaps, fields)
		if err != nil {
			return Record{}, err
		}
		s.Document.Text, s.Document.Subject = text, fields[fieldSubject]
	}
	if s.OwnHash {
		s.ContentHash = s.Document.ContentHash()
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

// textGaps returns the text between rec's sentences (before each, and
// after the last), and whether rebuildText gives rec's text back from them
// and the text fields textByLanguage makes.
func textGaps(rec *Record) ([]string, bool) {
	text, ss := rec.Document.Text, rec.Analysis.Sentences
	var gaps []string
	if len(ss) > 0 {
		gaps = make([]string, 0, len(ss)+1)
		prev := 0
		for _, x := range ss {
			if x.Start < prev || !spanText(text, x.Start, x.End, x.Text) {
				return nil, false
			}
			gaps = append(gaps, text[prev:x.Start])
			prev = x.End
		}
		gaps = append(gaps, text[prev:])
	}
	fields := map[string]string{}
	for lang, t := range textByLanguage(rec) {
		fields[textFieldFor(lang)] = t
	}
	got, err := rebuildText(ss, docLanguage(rec), gaps, fields)
	return gaps, err == nil && got == text
}

// rebuildText is the document text of the InFields form: each sentence cut
// in turn from the text field of its language (where textByLanguage put
// it, sentences joined by one newline), with gaps around them. Without
// sentences the text is the one text field of the document's language.
func rebuildText(ss []nlp.Sentence, doc nlp.Language, gaps []string, fields map[string]string) (string, error) {
	if len(ss) == 0 {
		return fields[textFieldFor(fieldLanguageOf(doc))], nil
	}
	if len(gaps) != len(ss)+1 {
		return "", errors.New("decode stored record: text gaps do not match the sentences")
	}
	var b strings.Builder
	pos := map[string]int{}
	for i, x := range ss {
		lang := x.Language
		if lang == "" {
			lang = doc
		}
		f := textFieldFor(fieldLanguageOf(lang))
		p, n := pos[f], x.End-x.Start
		if n < 0 || p+n > len(fields[f]) {
			return "", errors.New("decode stored record: sentence beyond its text field")
		}
		b.WriteString(gaps[i])
		b.WriteString(fields[f][p : p+n])
		pos[f] = p + n + 1 // the newline between sentences
	}
	b.WriteString(gaps[len(ss)])
	return b.String(), nil
}

package index

import (
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// Highlighting from the stored record. An index whose text fields are not
// stored (layout.textStored false: new indexes, and those created while
// highlighting re-analysed the text) keeps the text once, deflated in the
// document's record (pack.go), instead of a second time in the stored
// text fields. Its hits are highlighted by Bleve's own HTML highlighter,
// run here on each hit's text fields cut from its record the way
// textByLanguage indexed them, at the term locations the search read
// from the term vectors: the same fragments as Bleve's highlighting of
// stored fields, for an inflate of each hit's record, which the stored
// fields' load read from disk anyway.

// highlightRecord sets h.Fragments of each text field from the record in
// h.Fields (which it removes), at h.Locations.
func highlightRecord(h *search.DocumentMatch) error {
	blob, _ := h.Fields[fieldRecord].(string)
	delete(h.Fields, fieldRecord)
	if blob == "" {
		return nil
	}
	b, err := unpackRecord([]byte(blob))
	if err != nil {
		return fmt.Errorf("highlight %q: %w", h.ID, err)
	}
	texts, err := recordTexts(b)
	if err != nil {
		return fmt.Errorf("highlight %q: %w", h.ID, err)
	}
	hl, err := bleve.Config.Cache.HighlighterNamed(html.Name)
	if err != nil {
		return fmt.Errorf("highlight %q: %w", h.ID, err)
	}
	doc := document.NewDocument(h.ID)
	for lang, text := range texts {
		doc.AddField(document.NewTextField(textFieldFor(lang), nil, []byte(text)))
	}
	for _, f := range textFields {
		hl.BestFragmentsInField(h, doc, f, 1)
	}
	return nil
}

// recordTexts returns the text of each text field (textByLanguage) of a
// stored record that holds its text, decoding only what they need.
func recordTexts(b []byte) (map[nlp.Language]string, error) {
	if r, ok := scanRecordText(b); ok {
		return textsOf(r)
	}
	var s struct {
		Document struct {
			Text string `json:"text"`
			Lang string `json:"lang"`
		} `json:"document"`
		Analysis struct {
			Language  nlp.Language   `json:"language"`
			Sentences []nlp.Sentence `json:"sentences"`
		} `json:"analysis"`
		SpanText bool `json:"span_text"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("decode stored record: %w", err)
	}
	return textsOf(recordText{text: s.Document.Text, lang: s.Document.Lang, language: s.Analysis.Language,
		sentences: s.Analysis.Sentences, spanText: s.SpanText})
}

// textsOf returns the text of each text field of what recordTexts read.
func textsOf(r recordText) (map[nlp.Language]string, error) {
	rec := Record{
		Document: ckm.Document{Text: r.text, Lang: r.lang},
		Analysis: nlp.Analysis{Language: r.language, Sentences: r.sentences},
	}
	if r.spanText {
		if err := checkSpans(&rec.Analysis, rec.Document.Text); err != nil {
			return nil, err
		}
		expandSpans(&rec.Analysis, rec.Document.Text)
	}
	return textByLanguage(&rec), nil
}

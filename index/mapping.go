package index

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// Record types, the values of the keyword field "type".
const (
	typeDocument = "document"
	typeNeed     = "need"
)

// Field names. Text fields are analysed by language; everything else that
// is indexed is a keyword, with doc values where something reads them
// (sorting, owners, counts; facetDocFields have none).
const (
	fieldType     = "type"
	fieldClient   = "client"
	fieldSource   = "source"
	fieldLanguage = "language"
	fieldVersion  = "version"
	fieldAt       = "at"
	// fieldAtOffset is the offset from UTC, in seconds, that "at" was
	// given in, so that hits show the time as it was written. Indexes
	// created before it lack it, and their hits are in UTC.
	fieldAtOffset  = "at_offset"
	fieldSubject   = "subject"
	fieldSubjectEN = "subject_en"
	fieldSubjectPT = "subject_pt"
	fieldTextEN    = "text_en"
	fieldTextPT    = "text_pt"
	fieldTextUnd   = "text_und"
	fieldEntLabel  = "entity_label"
	fieldEntValue  = "entity_value"
	fieldNeedCue   = "need_cue"
	fieldNeedKind  = "need_kind"
	fieldNeedTheme = "need_theme"
	fieldNeedCount = "need_count"
	fieldRecord    = "record"
	// fieldWords holds the subject and text as written: lowercased and
	// folded, not stemmed. Typo tolerance looks words up in its
	// dictionary, so that a typo is matched against what people wrote,
	// not against stems. It keeps only the words a typo can reach
	// (minTypoTerm); indexes created before keep every word, and indexes
	// created before it lack it.
	fieldWords = "words"

	fieldDocID    = "doc_id"
	fieldKind     = "kind"
	fieldCue      = "cue"
	fieldTheme    = "theme"
	fieldThemeKey = "theme_key"
	fieldSpeaker  = "speaker"
	fieldNegated  = "negated"
	// fieldConf is a need record's confidence: a keyword (confText), one
	// term and one doc value. Indexes created before hold it as a number,
	// which Bleve indexes as sixteen terms for range queries that nothing
	// asks (layout.confNumber).
	fieldConf = "confidence"
	// fieldText is a need record's text, stored by indexes created
	// before the text was taken from the document's record instead.
	fieldText = "text"
	// fieldAtSource is a need record's document's meta at_source, so that
	// hints and emerging can tell received-time dates (ckm.AtReceived).
	fieldAtSource = "at_source"
)

// textFields are the per-language fields of a document's text, in the
// order their fragments are reported.
var textFields = []string{fieldTextEN, fieldTextPT, fieldTextUnd}

// searchFields are the fields a query's text is matched against, each with
// its own analyzer.
var searchFields = []string{fieldTextEN, fieldTextPT, fieldTextUnd, fieldSubject, fieldSubjectEN, fieldSubjectPT}

// newMapping returns the index mapping: two static document types told
// apart by the "type" field, nothing dynamic, no _all field.
func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.TypeField = fieldType
	im.DefaultType = "unknown"
	im.DefaultAnalyzer = analyzerUnd
	im.DefaultField = fieldTextUnd
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	im.DefaultMapping = bleve.NewDocumentDisabledMapping()
	im.AddDocumentMapping(typeDocument, documentMapping())
	im.AddDocumentMapping(typeNeed, needMapping())
	return im
}

func documentMapping() *mapping.DocumentMapping {
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldType, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldClient, fewValues(keywordField(true)))
	dm.AddFieldMappingsAt(fieldSource, fewValues(termsOnly(keywordField(true))))
	dm.AddFieldMappingsAt(fieldLanguage, fewValues(termsOnly(keywordField(true))))
	dm.AddFieldMappingsAt(fieldVersion, fewValues(termsOnly(keywordField(false))))
	dm.AddFieldMappingsAt(fieldAt, keywordField(true))
	dm.AddFieldMappingsAt(fieldAtDay, fewValues(termsOnly(keywordField(false))))
	dm.AddFieldMappingsAt(fieldAtOffset, storedOnly(bleve.NewNumericFieldMapping()))
	dm.AddFieldMappingsAt(fieldSubject,
		textField(fieldSubject, analyzerUnd, true, false),
		textField(fieldSubjectEN, analyzerEN, false, false),
		textField(fieldSubjectPT, analyzerPT, false, false))
	// The text fields are not stored: the record holds the text once,
	// and hits are highlighted from it (highlight.go).
	dm.AddFieldMappingsAt(fieldTextEN, textField("", analyzerEN, false, true))
	dm.AddFieldMappingsAt(fieldTextPT, textField("", analyzerPT, false, true))
	dm.AddFieldMappingsAt(fieldTextUnd, textField("", analyzerUnd, false, true))
	dm.AddFieldMappingsAt(fieldWords, textField("", analyzerWords, false, false))
	dm.AddFieldMappingsAt(fieldEntLabel, fewValues(termsOnly(keywordField(false))))
	dm.AddFieldMappingsAt(fieldEntValue, termsOnly(keywordField(false)))
	dm.AddFieldMappingsAt(fieldNeedCue, fewValues(termsOnly(keywordField(false))))
	dm.AddFieldMappingsAt(fieldNeedKind, fewValues(termsOnly(keywordField(false))))
	dm.AddFieldMappingsAt(fieldNeedTheme, termsOnly(keywordField(false)))

	dm.AddFieldMappingsAt(fieldNeedCount, storedOnly(bleve.NewNumericFieldMapping()))
	dm.AddFieldMappingsAt(fieldRecord, storedOnly(bleve.NewTextFieldMapping()))
	return dm
}

func needMapping() *mapping.DocumentMapping {
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldType, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldDocID, keywordField(false))
	dm.AddFieldMappingsAt(fieldClient, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldSource, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldAt, keywordField(false))
	dm.AddFieldMappingsAt(fieldAtDay, fewValues(termsOnly(keywordField(false))))
	dm.AddFieldMappingsAt(fieldKind, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldCue, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldTheme, keywordField(false))
	dm.AddFieldMappingsAt(fieldThemeKey, keywordField(false))
	dm.AddFieldMappingsAt(fieldSpeaker, fewValues(keywordField(false)))
	neg := bleve.NewBooleanFieldMapping()
	neg.Store, neg.IncludeInAll, neg.DocValues = false, false, false
	dm.AddFieldMappingsAt(fieldNegated, fewValues(neg))
	dm.AddFieldMappingsAt(fieldConf, fewValues(keywordField(false)))
	dm.AddFieldMappingsAt(fieldAtSource, fewValues(keywordField(false)))
	return dm
}

// storedOnly makes fm a stored field that is not indexed.
func storedOnly(fm *mapping.FieldMapping) *mapping.FieldMapping {
	fm.Index, fm.Store, fm.DocValues, fm.IncludeInAll, fm.IncludeTermVectors = false, true, false, false, false
	return fm
}

// termsOnly makes fm a field without doc values: one that is only
// matched, or counted in facets from its terms (facetvalues.go), never
// sorted on or read (owner.go reads type and client).
func termsOnly(fm *mapping.FieldMapping) *mapping.FieldMapping {
	fm.DocValues = false
	return fm
}

// fewValues makes fm a field whose postings keep no term frequency and
// norm: a keyword's are always one, and such a field is only filtered
// and counted, never scored (a filter inside an OR group, which scored a
// next-to-nothing filterBoost, then scores nothing). A field of few
// distinct values saves a byte per posting; one of mostly unique values
// would lose more, as a term in one record keeps its posting in the
// term dictionary only with its frequency and norm (zap's "1-hit"
// encoding). Indexes created before keep them; nothing reads them.
func fewValues(fm *mapping.FieldMapping) *mapping.FieldMapping {
	fm.SkipFreqNorm = true
	return fm
}

// keywordField is an unanalysed, indexed field with doc values.
func keywordField(store bool) *mapping.FieldMapping {
	fm := bleve.NewKeywordFieldMapping()
	fm.Analyzer = keyword.Name
	fm.Store = store
	fm.IncludeTermVectors = false
	fm.IncludeInAll = false
	fm.DocValues = true
	return fm
}

// textField is an analysed field; highlighted fields keep term vectors.
func textField(name, analyzer string, store, vectors bool) *mapping.FieldMapping {
	fm := bleve.NewTextFieldMapping()
	fm.Name = name
	fm.Analyzer = analyzer
	fm.Store = store
	fm.IncludeTermVectors = vectors
	fm.IncludeInAll = false
	fm.DocValues = false
	return fm
}

// documentFields converts rec to the fields of its document record, as an
// index of layout l holds them: the indexed fields and, in the "record"
// field, the stored record packed (pack.go). With l.textStored, the stored
// record leaves out the text and subject that the stored fields reproduce
// (encodeStored); it leaves out a content hash that is the document's
// own and, with l.keysStored, the id, client and source.
func documentFields(rec *Record, l layout) (map[string]any, error) {
	blob, err := encodeStored(*rec, storedForm{inFields: l.textStored, ownHash: true, keysInFields: l.keysStored})
	if err != nil {
		return nil, err
	}
	m := indexedFields(rec, l)
	m[fieldRecord] = string(packRecord(blob))
	return m, nil
}

// indexedFields converts rec to the indexed fields of its document record,
// as an index of layout l holds them, without the stored record: what the
// percolator searches.
func indexedFields(rec *Record, l layout) map[string]any {
	d := &rec.Document
	a := &rec.Analysis
	m := map[string]any{
		fieldType:      typeDocument,
		fieldClient:    d.Client,
		fieldSource:    string(d.Source),
		fieldLanguage:  string(docLanguage(rec)),
		fieldVersion:   a.Version,
		fieldSubject:   d.Subject,
		fieldNeedCount: float64(len(a.Needs)),
	}
	if indexable(d.At) {
		l.setAt(m, d.At)
		if _, off := d.At.Zone(); off != 0 {
			m[fieldAtOffset] = float64(off)
		}
	}
	for lang, text := range textByLanguage(rec) {
		m[textFieldFor(lang)] = text
	}
	if w := strings.TrimSpace(d.Subject + "\n" + d.Text); w != "" {
		m[fieldWords] = w
	}
	var labels, values, cues, kinds, themes []string
	for _, e := range a.Entities {
		labels = append(labels, e.Label)
		values = append(values, cmp.Or(e.Value, e.Text))
	}
	for _, n := range a.Needs {
		cues = append(cues, n.Cue)
		kinds = append(kinds, n.Kind)
		themes = append(themes, cmp.Or(n.ThemeKey, n.Theme))
	}
	setList(m, fieldEntLabel, labels)
	setList(m, fieldEntValue, values)
	setList(m, fieldNeedCue, cues)
	setList(m, fieldNeedKind, kinds)
	setList(m, fieldNeedTheme, themes)
	return m
}

// layout is what an index's mapping, fixed when the index was created,
// says about how its records are written.
type layout struct {
	// confNumber: need records hold their confidence as a number, as
	// indexes created before it was a keyword do.
	confNumber bool
	// textStored: the text fields and the subject are stored, so a
	// document record can leave them out (recordFields), and Bleve
	// highlights hits from the stored fields. Other indexes (new ones,
	// and those created while the text fields were not stored) keep the
	// text once, in the record, and highlight hits from it
	// (highlight.go).
	textStored bool
	// keysStored: a document record's client and source are stored.
	keysStored bool
	// atDate: records hold their time as a Bleve date, as indexes
	// created before time keys do (at.go).
	atDate bool
	// facetDocValues: a document record's source, language, need and
	// entity value fields (facetDocFields) have doc values, as indexes created
	// before facets were counted from terms (facetvalues.go) do. Only
	// such an index can count its facets with Bleve's terms facets.
	facetDocValues bool
	// noWords: document records have no fieldWords, as indexes created
	// before it do; a word cannot be sought as written (build.go).
	noWords bool
}

// facetDocFields are the facet fields of document records that new
// indexes keep without doc values (layout.facetDocValues): their facets
// are counted from their terms (facetvalues.go), and nothing else reads
// them (termCounts counts entity values so too). Client keeps its doc
// values, for owner.go and termCounts.
var facetDocFields = []string{fieldSource, fieldLanguage, fieldNeedCue, fieldNeedKind, fieldNeedTheme, fieldEntValue}

// layoutOf reads the layout of an index from its mapping.
func layoutOf(m mapping.IndexMapping) layout {
	var l layout
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok {
		return l
	}
	if dm := im.TypeMapping[typeDocument]; dm != nil {
		stored := func(name string) bool {
			p := dm.Properties[name]
			return p != nil && len(p.Fields) > 0 && p.Fields[0].Store
		}
		l.textStored = stored(fieldTextEN) && stored(fieldTextPT) && stored(fieldTextUnd) && stored(fieldSubject)
		l.keysStored = stored(fieldClient) && stored(fieldSource)
		if p := dm.Properties[fieldAt]; p != nil && len(p.Fields) > 0 {
			l.atDate = p.Fields[0].Type == "datetime"
		}
		if p := dm.Properties[fieldNeedKind]; p != nil && len(p.Fields) > 0 {
			l.facetDocValues = p.Fields[0].DocValues
		}
		l.noWords = dm.Properties[fieldWords] == nil
	}
	if dm := im.TypeMapping[typeNeed]; dm != nil {
		if p := dm.Properties[fieldConf]; p != nil && len(p.Fields) > 0 {
			l.confNumber = p.Fields[0].Type == "number"
		}
	}
	return l
}

// confText is a confidence as a keyword: shortest decimal, no exponent,
// so that confidences in [0, 1] sort as strings as they do as numbers.
func confText(c float64) string { return strconv.FormatFloat(c, 'f', -1, 64) }

// needFields converts need i of rec to the fields of its need record, as
// an index of layout l holds them.
func needFields(rec *Record, i int, l layout) map[string]any {
	d := &rec.Document
	n := rec.Analysis.Needs[i]
	m := map[string]any{
		fieldType:     typeNeed,
		fieldDocID:    d.ID,
		fieldClient:   d.Client,
		fieldSource:   string(d.Source),
		fieldKind:     n.Kind,
		fieldCue:      n.Cue,
		fieldTheme:    n.Theme,
		fieldThemeKey: n.ThemeKey,
		fieldSpeaker:  n.Speaker,
		fieldNegated:  n.Negated,
		fieldConf:     confText(n.Confidence),
		fieldAtSource: d.Meta[ckm.MetaAtSource],
	}
	if l.confNumber {
		m[fieldConf] = n.Confidence
	}
	if indexable(d.At) {
		l.setAt(m, d.At)
	}
	return m
}

// needID is the id of need record n of document docID.
func needID(docID string, n int) string {
	return docID + needInfix + strconv.Itoa(n)
}

const needInfix = "/need/"

// needNumber is the n of need record id of document docID: needID's
// inverse.
func needNumber(id, docID string) (int, bool) {
	s, ok := strings.CutPrefix(id, docID+needInfix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0
}

// docLanguage is the analysis language, or the document's declared one.
func docLanguage(rec *Record) nlp.Language {
	if rec.Analysis.Language != "" {
		return rec.Analysis.Language
	}
	if rec.Document.Lang != "" {
		return nlp.Language(rec.Document.Lang)
	}
	return nlp.Unknown
}

// textByLanguage splits the text into one string per analysed language:
// each sentence goes to the field of its language, so a mixed document is
// searchable in both. Without sentences the whole text goes to the
// document's language.
func textByLanguage(rec *Record) map[nlp.Language]string {
	doc := docLanguage(rec)
	if len(rec.Analysis.Sentences) == 0 {
		if rec.Document.Text == "" {
			return nil
		}
		return map[nlp.Language]string{fieldLanguageOf(doc): rec.Document.Text}
	}
	parts := map[nlp.Language][]string{}
	for _, s := range rec.Analysis.Sentences {
		lang := s.Language
		if lang == "" {
			lang = doc
		}
		lang = fieldLanguageOf(lang)
		parts[lang] = append(parts[lang], s.Text)
	}
	out := make(map[nlp.Language]string, len(parts))
	for lang, p := range parts {
		out[lang] = strings.Join(p, "\n")
	}
	return out
}

// fieldLanguageOf maps a language to one that has a text field.
func fieldLanguageOf(l nlp.Language) nlp.Language {
	switch l {
	case nlp.English, nlp.Portuguese:
		return l
	}
	return nlp.Unknown
}

func textFieldFor(l nlp.Language) string {
	switch l {
	case nlp.English:
		return fieldTextEN
	case nlp.Portuguese:
		return fieldTextPT
	}
	return fieldTextUnd
}

func setList(m map[string]any, field string, v []string) {
	if len(v) > 0 {
		m[field] = v
	}
}

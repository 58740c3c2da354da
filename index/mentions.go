package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// This file reads need records for hints and emerging themes without
// loading their stored text: counts come from facets over theme_key, and
// the attributes of individual mentions from the sort values Bleve reads
// out of doc values.

// maxThemeTerms bounds the theme_key facet: the most distinct themes one
// hints or emerging answer considers.
const maxThemeTerms = 10000

// mention is one need record as read from doc values.
type mention struct {
	id, docID, client, source, kind, cue, speaker, theme string
	at                                                   time.Time // zero when the document had no time
	conf                                                 float64   // -1 when the record has no confidence
	received                                             bool      // at is only when ckm received the document
}

// mentionFields lists the fields read for each mention, in the order of the
// values in a hit's Sort; the first is the sort key.
var mentionFields = []string{fieldAt, fieldDocID, fieldClient, fieldSource, fieldKind, fieldCue, fieldSpeaker, fieldTheme, fieldConf, fieldAtSource}

// mentionFieldsStored are mentionFields without the source, which
// mentions reads from the documents where they store it.
var mentionFieldsStored = slices.DeleteFunc(slices.Clone(mentionFields), func(f string) bool { return f == fieldSource })

// needScope builds the filter every hints and emerging query starts from:
// need records that are not negated, not spoken by an agent, of client
// (when not empty) and of one of clients (when not empty).
func needScope(client string, clients []string) *query.BooleanQuery {
	bq := bleve.NewBooleanQuery()
	bq.AddMust(termQuery(fieldType, typeNeed))
	neg := bleve.NewBoolFieldQuery(true)
	neg.SetField(fieldNegated)
	bq.AddMustNot(neg, termQuery(fieldSpeaker, nlp.SpeakerAgent))
	if client != "" {
		bq.AddMust(termQuery(fieldClient, client))
	}
	if len(clients) > 0 {
		bq.AddMust(anyTerm(fieldClient, clients))
	}
	return bq
}

// and returns the conjunction of qs.
func and(qs ...query.Query) query.Query { return bleve.NewConjunctionQuery(qs...) }

// anyTerm matches records whose field is one of terms.
func anyTerm(field string, terms []string) query.Query {
	qs := make([]query.Query, 0, len(terms))
	for _, t := range terms {
		qs = append(qs, termQuery(field, t))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// within matches records with At in [since, until); zero bounds are open,
// and both zero matches everything.
func (ix *Index) within(since, until time.Time) query.Query {
	if since.IsZero() && until.IsZero() {
		return bleve.NewMatchAllQuery()
	}
	return ix.layout.atRange(since, until)
}

// tableCounted are the fields termCounts counts from the facet tables,
// with the facet that counts each: those whose table values are what
// Bleve's terms facet would count.
var tableCounted = map[string]string{fieldEntValue: FacetEntity, fieldClient: FacetClient}

// termCounts returns how many records matching q have each value of field
// (at most size values, empty values left out) and how many match in all.
//
// Entity values, which new indexes keep without doc values
// (facetDocFields), and clients are counted as search facets are
// (facetcount.go): from the segments' facet tables, where Bleve's terms
// facet decodes every match's doc values. Counting the clients of every
// document that holds a word, as learning a client's themes does
// (everydayStems), took seconds a word at 1,000,000 documents with
// Bleve's. A client's table values are its doc values, in document and
// need records alike (both index "client" as a keyword with doc values).
func (ix *Index) termCounts(ctx context.Context, q query.Query, field string, size int) (map[string]int, uint64, error) {
	if facet, ok := tableCounted[field]; ok && !ix.bleveFacets {
		total, facets, ok, err := ix.countTop(ctx, q, []string{facet}, size)
		if err != nil {
			return nil, 0, err
		}
		if ok {
			out := map[string]int{}
			for _, t := range facets[facet] {
				if t.Term != "" {
					out[t.Term] = t.Count
				}
			}
			return out, total, nil
		}
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(field, bleve.NewFacetRequest(field, size))
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, ix.mapErr(err)
	}
	out := map[string]int{}
	if f := res.Facets[field]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			if t.Term != "" {
				out[t.Term] = t.Count
			}
		}
	}
	return out, res.Total, nil
}

// count returns how many records match q.
func (ix *Index) count(ctx context.Context, q query.Query) (int, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return 0, ix.mapErr(err)
	}
	return int(res.Total), nil
}

// documentCount returns the number of document records of client (or of
// clients, or all) with At in [since, until).
func (ix *Index) documentCount(ctx context.Context, client string, clients []string, since, until time.Time) (int, error) {
	qs := []query.Query{termQuery(fieldType, typeDocument), ix.within(since, until)}
	if client != "" {
		qs = append(qs, termQuery(fieldClient, client))
	}
	if len(clients) > 0 {
		qs = append(qs, anyTerm(fieldClient, clients))
	}
	return ix.count(ctx, and(qs...))
}

// mentions returns up to size need records matching q, newest first (or
// oldest first with asc), and how many match in all. Nothing stored is
// loaded for the records: their values come from doc values through the
// sort, in the order of mentionFields.
//
// Sorting reads every sorted field's doc values for every match, which
// at a million documents took seconds for a theme of many mentions. So a
// first search sorts by time alone and finds the time of the size-th
// record; the second sorts by every field only the records at or past
// it: the same records, in the same order (the ones at that time are all
// among them), each value read for a few records. A need record's
// source is its document's (needFields), and Bleve's merges keep no doc
// values for it (documents index it without): where documents store
// theirs (layout.keysStored) it is read from them, for the records
// returned only, instead of Bleve uninverting the field for every
// segment it sorts.
func (ix *Index) mentions(ctx context.Context, q query.Query, size int, asc bool) ([]mention, uint64, error) {
	total, cut, err := ix.mentionCut(ctx, q, size, asc)
	if err != nil {
		return nil, 0, err
	}
	narrowed := q
	if !cut.IsZero() {
		since, until := cut, time.Time{}
		if asc {
			since, until = time.Time{}, cut.Add(time.Nanosecond)
		}
		narrowed = and(q, ix.layout.atRange(since, until))
	}
	req := bleve.NewSearchRequestOptions(narrowed, size, 0, false)
	req.Score = "none"
	fields := mentionFields
	if ix.layout.keysStored { // the order is the same: a document's needs share its source
		fields = mentionFieldsStored
	}
	order := search.SortOrder{ix.layout.atSort(!asc)}
	for _, f := range fields[1:] {
		sf := &search.SortField{Field: f, Type: search.SortFieldAsString}
		if f == fieldConf && ix.layout.confNumber {
			sf.Type = search.SortFieldAsNumber
		}
		order = append(order, sf)
	}
	order = append(order, &search.SortDocID{})
	req.SortByCustom(order)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, ix.mapErr(err)
	}
	out := make([]mention, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, toMention(h, fields))
	}
	if ix.layout.keysStored {
		if err := ix.fillSources(ctx, out); err != nil {
			return nil, 0, err
		}
	}
	if cut.IsZero() {
		total = res.Total
	}
	return out, total, nil
}

// mentionCut returns how many records match q and, when more than size
// do, the time of the size-th in time order (zero when it has none: an
// undated record sorts last, and then nothing is cut).
func (ix *Index) mentionCut(ctx context.Context, q query.Query, size int, asc bool) (uint64, time.Time, error) {
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Score = "none"
	req.SortByCustom(search.SortOrder{ix.layout.atSort(!asc)})
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return 0, time.Time{}, ix.mapErr(err)
	}
	if res.Total <= uint64(size) || len(res.Hits) < size || size == 0 {
		return res.Total, time.Time{}, nil
	}
	last := res.Hits[len(res.Hits)-1]
	if len(last.DecodedSort) == 0 {
		return res.Total, time.Time{}, nil
	}
	t, ok := parseAt(last.DecodedSort[0])
	if !ok {
		return res.Total, time.Time{}, nil
	}
	return res.Total, t, nil
}

// fillSources sets the source of each mention from its document's
// stored source, in one search over the documents.
func (ix *Index) fillSources(ctx context.Context, ms []mention) error {
	if len(ms) == 0 {
		return nil
	}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		if m.docID != "" && !slices.Contains(ids, m.docID) {
			ids = append(ids, m.docID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Score = "none"
	req.Fields = []string{fieldSource}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return ix.mapErr(err)
	}
	source := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		if v, ok := h.Fields[fieldSource].(string); ok {
			source[h.ID] = v
		}
	}
	for i := range ms {
		ms[i].source = source[ms[i].docID]
	}
	return nil
}

// toMention reads a mention from h's sort values, those of fields in
// order (mentionFields, perhaps without the source).
func toMention(h *search.DocumentMatch, fields []string) mention {
	val := func(field string) string {
		i := slices.Index(fields, field)
		if i < 0 || i >= len(h.DecodedSort) {
			return ""
		}
		v := h.DecodedSort[i]
		if v == search.HighTerm || v == search.LowTerm {
			return ""
		}
		return v
	}
	m := mention{id: h.ID, docID: val(fieldDocID), client: val(fieldClient), source: val(fieldSource), kind: val(fieldKind),
		cue: val(fieldCue), speaker: val(fieldSpeaker), theme: val(fieldTheme), conf: -1}
	if t, ok := parseAt(val(fieldAt)); ok {
		m.at = t.UTC()
	}
	if c, err := strconv.ParseFloat(val(fieldConf), 64); err == nil {
		m.conf = c
	}
	m.received = val(fieldAtSource) == ckm.AtReceived
	return m
}

// Evidence is one need sentence that proves a theme.
type Evidence struct {
	ID         string    `json:"id"`     // the need record, "<doc>/need/<n>"
	DocID      string    `json:"doc_id"` // the document it is in
	Client     string    `json:"client,omitempty"`
	Source     string    `json:"source,omitempty"`
	Speaker    string    `json:"speaker,omitempty"`
	Kind       string    `json:"kind,omitempty"`
	Cue        string    `json:"cue,omitempty"`
	Text       string    `json:"text"`
	Context    string    `json:"context,omitempty"` // the agent's question a yes answered (nlp.Need.Context)
	At         time.Time `json:"at,omitzero"`
	Confidence float64   `json:"confidence,omitempty"`
}

// toEvidence is m as evidence, without its text.
func toEvidence(m mention) Evidence {
	e := Evidence{ID: m.id, DocID: m.docID, Client: m.client, Source: m.source, Speaker: m.speaker,
		Kind: m.kind, Cue: m.cue, At: m.at}
	if m.conf >= 0 {
		e.Confidence = m.conf
	}
	return e
}

// fillText loads the text of the need records of ev: stored in the
// records of indexes created before need records stopped storing it, in
// one search, else from their documents' records (fillFromDocuments).
func (ix *Index) fillText(ctx context.Context, ev []Evidence) error {
	if len(ev) == 0 {
		return nil
	}
	ids := make([]string, len(ev))
	for i, e := range ev {
		ids[i] = e.ID
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fieldText}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return ix.mapErr(err)
	}
	text := make(map[string]string, len(res.Hits))
	for _, h := range res.Hits {
		s, _ := h.Fields[fieldText].(string)
		text[h.ID] = s
	}
	for i := range ev {
		ev[i].Text = text[ev[i].ID]
	}
	return ix.fillFromDocuments(ctx, ev)
}

// fillFromDocuments sets the Text of the evidence that has none to the
// text of its need in its document's record, and its Context, loading
// each document once.
// Need n of a document is the record "<doc>/need/<n>" (needID).
func (ix *Index) fillFromDocuments(ctx context.Context, ev []Evidence) error {
	recs := map[string]*Record{}
	for i, e := range ev {
		n, ok := needNumber(e.ID, e.DocID)
		if e.Text != "" || !ok {
			continue
		}
		rec, loaded := recs[e.DocID]
		if !loaded {
			r, err := ix.Get(ctx, e.DocID)
			switch {
			case errors.Is(err, ErrNotFound): // deleted since: no text
			case err != nil:
				return err
			default:
				rec = &r
			}
			recs[e.DocID] = rec
		}
		if rec != nil && n < len(rec.Analysis.Needs) {
			ev[i].Text, ev[i].Context = rec.Analysis.Needs[n].Text, rec.Analysis.Needs[n].Context
		}
	}
	return nil
}

// topKeys returns the keys of counts with the highest counts, ties broken
// by key, at most n of them.
func topKeys(counts map[string]int, n int) []string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// labelMentions is how many of a theme's latest mentions ThemeLabels
// reads for its label.
const labelMentions = 50

// ThemeLabels returns the readable label of each theme key (the need
// records' theme_key, as the theme facet lists them): the wording most of
// its latest mentions by the given clients use (all clients when clients
// is empty). A key no mention has maps to itself. The labels are kept
// for the index generation they were read at (Index.labels): a label
// depends only on the records, and reading a key's mentions took a
// tenth of a second or more at a million documents, for each key of a
// search's theme facet.
func (ix *Index) ThemeLabels(ctx context.Context, keys, clients []string) (map[string]string, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: theme labels: %w", err)
	}
	gen := ix.counts.gen.Load()
	scope := strings.Join(slices.Sorted(slices.Values(clients)), "\x00")
	out := make(map[string]string, len(keys))
	for _, key := range keys {
		k := labelKey{gen, scope, key}
		if l, ok := ix.labels.lookup(k); ok && gen%2 == 0 {
			out[key] = l
			continue
		}
		ms, _, err := ix.mentions(ctx, and(needScope("", clients), termQuery(fieldThemeKey, key)), labelMentions, false)
		if err != nil {
			return nil, fmt.Errorf("index: theme labels: %w", err)
		}
		out[key] = phraseLabel(ms, key)
		if gen%2 == 0 && ix.counts.gen.Load() == gen { // no commit began or ended while it was read
			ix.labels.put(k, maxLabels, out[key])
		}
	}
	return out, nil
}

// labelKey is a theme key's label in a client scope (the sorted clients,
// joined), at an index generation.
type labelKey struct {
	gen        uint64
	scope, key string
}

// maxLabels bounds the labels Index.labels keeps.
const maxLabels = 1 << 14

// label picks the label of a theme from the labels of its mentions ms:
// the one most representative of them, scored by how many mentions carry
// it plus how many of its words the other distinct labels share (so
// "audit trail" wins over "trail visible to us" when "audit log" is also
// said); ties go to the shorter, then the first in order. A seed topic's
// generic label ("reports and dashboards") is used only when no mention
// has its own words. It returns key when no mention has a label.
//
// A one-word label scores highest among labels that share its word, so
// this is the label the folds compare ("report" folds with "report per
// depot"). Where a label is shown, phraseLabel chooses it.
func label(ms []mention, key string) string { return pickLabel(ms, key, false) }

// phraseLabel is label as a manager reads it: a label of two words or
// more ("report per depot with labour", "WhatsApp Business", "Power BI")
// is preferred to any one-word label ("report", "WhatsApp"), which names
// the theme only when no mention says more. Chosen on the development
// scenarios (recall@5 0.812 → 0.817, precision@5 0.903 → 0.914), then
// checked once on the blind and held-out ones (EVALUATION.md).
func phraseLabel(ms []mention, key string) string { return pickLabel(ms, key, true) }

// pickLabel is label, or phraseLabel when phrases is set.
func pickLabel(ms []mention, key string, phrases bool) string {
	n := map[string]int{}
	var order []string
	for _, m := range ms {
		if m.theme == "" {
			continue
		}
		if n[m.theme] == 0 {
			order = append(order, m.theme)
		}
		n[m.theme]++
	}
	own := slices.DeleteFunc(slices.Clone(order), isSeedLabel)
	if len(own) > 0 {
		order = own
	}
	if len(order) == 0 {
		return key
	}
	words := make(map[string][]string, len(order))
	for _, l := range order {
		words[l] = labelWords(l)
	}
	best, bestScore, bestPhrase := "", -1.0, false
	for _, l := range order {
		score := float64(n[l])
		for _, o := range order {
			if o != l && len(words[l]) > 0 {
				score += float64(n[o]*shared(words[l], words[o])) / float64(len(words[l]))
			}
		}
		phrase := phrases && len(strings.Fields(l)) > 1
		if best == "" || phrase && !bestPhrase || phrase == bestPhrase && (score > bestScore || (score == bestScore && len(l) < len(best))) {
			best, bestScore, bestPhrase = l, score, phrase
		}
	}
	return best
}

// isSeedLabel reports whether l is the label of a seed topic.
func isSeedLabel(l string) bool { return nlp.IsSeedLabel(l) }

// labelWords returns the folded words of a label longer than two letters.
func labelWords(l string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len([]rune(w)) > 2 {
			out = append(out, nlp.Fold(w))
		}
	}
	return out
}

// shared counts the words of a that b holds.
func shared(a, b []string) int {
	n := 0
	for _, w := range a {
		if slices.Contains(b, w) {
			n++
		}
	}
	return n
}

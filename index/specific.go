package index

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/ckmhq/ckm/nlp"
)

// This file measures how specific the stems of theme keys are in a
// client's history: a stem written in a large share of its documents
// ("job" in a field-service client's, "shift" in a warehouse's) says little
// about what a mention is about, however precise it looks. A theme keyed
// only by such common or weak stems, with no name in its label, is vague
// and not shown among the client's hints.

// clientCommonShare is the share of a client's documents above which a
// stem is common for the client: its everyday vocabulary ("depot",
// "professor") runs through half its history, while a need, however often
// raised, rarely does. It is measured within one client only: across
// clients, a theme that many raise at once would make its own words
// common, which is what emerging looks for.
const clientCommonShare = 0.4

// minCommonDocs is the fewest documents in scope for commonness to be
// judged; below it every stem counts as specific.
const minCommonDocs = 8

// everywhereShare is the share of the clients in scope whose documents
// must write a stem for it to be everyone's word (see everydayStems): the
// vendor's own name ("Obrix", "Fretix"), and the words of its trade that
// every client uses ("payment", "email", "supervisor"). Such a word tells
// one client's needs apart from nothing, so hints neither join themes by
// it nor show a theme keyed by it alone. A theme that many clients raise
// at once is raised by some clients only, in the window, and emerging does
// not use it.
const everywhereShare = 0.9

// minEverywhereClients is the fewest clients in scope for a stem to be
// everyone's word: with fewer, every stem counts as specific.
const minEverywhereClients = 4

// maxCommonStems bounds the stems whose document frequency is looked up,
// those of the keys with the most mentions first; the rest count as
// specific.
const maxCommonStems = 300

// commonStems returns the stems of keys that the client's everyday
// vocabulary holds: written in more than clientCommonShare of the
// document records of client, and in more than twice as many documents
// as there are needs (mentions of keys holding it) that raise it. A stem
// that most of its documents raise as a need ("invoice" for a client
// whose history is its invoicing requests) is the client's theme, not its
// vocabulary. A concept's stem counts the documents that write any of its
// words ("custom" for "client" and "cliente"; stemText).
func (ix *Index) commonStems(ctx context.Context, keys []KeyCount, client string) (map[string]bool, error) {
	docs, err := ix.documentCount(ctx, client, nil, time.Time{}, time.Time{})
	if err != nil || docs < minCommonDocs {
		return nil, err
	}
	stems, raised := stemsByWeight(keys)
	out := map[string]bool{}
	limit := int(clientCommonShare * float64(docs))
	r, err := readerOf(ix.bleve)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for _, s := range stems[:min(len(stems), maxCommonStems)] {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := ix.clientDocsWith(ctx, r, client, s, limit)
		if err != nil {
			return nil, err
		}
		if n > limit && n > 2*raised[s] {
			out[s] = true
		}
	}
	return out, nil
}

// clientDocsWith returns how many documents of client hold stem in their
// text, or 0 without counting them when no more than limit records of the
// whole index do (textFreq's bound): fewer than the client's everyday
// words need.
func (ix *Index) clientDocsWith(ctx context.Context, r bleveindex.IndexReader, client, stem string, limit int) (int, error) {
	if stemFreq(ctx, r, stem) <= uint64(limit) {
		return 0, nil
	}
	return ix.count(ctx, and(termQuery(fieldType, typeDocument), termQuery(fieldClient, client), stemText(stem)))
}

// textFreq returns how many records of r hold stem in the text of
// either language, from the term dictionaries (deleted ones included): a
// bound on the documents of any client that do, found without visiting
// them. At 1,000,000 documents counting a client's documents that hold
// each of up to maxCommonStems stems took seconds a hint query; most
// stems are rarer than the client's everyday words must be, and the
// bound skips them. A term it cannot read counts as held by every
// record, so nothing is skipped on its account.
func textFreq(ctx context.Context, r bleveindex.IndexReader, stem string) uint64 {
	return addSat(termFreq(ctx, r, stem, fieldTextEN), termFreq(ctx, r, stem, fieldTextPT))
}

// termFreq returns how many records of r hold term in field, or
// math.MaxUint64 when the term cannot be read (saturating the sums of
// textFreq and stemFreq).
func termFreq(ctx context.Context, r bleveindex.IndexReader, term, field string) uint64 {
	tr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return math.MaxUint64
	}
	defer tr.Close()
	return tr.Count()
}

// stemFreq is textFreq of the stem and, for a concept's stem, of the
// stems of its words in their language (nlp.ConceptForms): a bound on
// the records that stemText matches.
func stemFreq(ctx context.Context, r bleveindex.IndexReader, stem string) uint64 {
	n := textFreq(ctx, r, stem)
	for lang, ss := range nlp.ConceptForms(stem) {
		for _, s := range ss {
			n = addSat(n, termFreq(ctx, r, s, langFields[lang][0]))
		}
	}
	return n
}

// addSat adds two counts, saturating at math.MaxUint64.
func addSat(a, b uint64) uint64 {
	if a > math.MaxUint64-b {
		return math.MaxUint64
	}
	return a + b
}

// stemsByWeight returns the distinct stems of the non-seed keys, those of
// keys with the most mentions first, and the mentions of the keys holding
// each.
func stemsByWeight(keys []KeyCount) ([]string, map[string]int) {
	w := map[string]int{}
	for _, kc := range keys {
		if _, seed := nlp.SeedTheme(kc.Key); seed {
			continue
		}
		for _, s := range strings.Fields(kc.Key) {
			w[s] += max(kc.Mentions, 1)
		}
	}
	out := slices.Sorted(maps.Keys(w))
	slices.SortStableFunc(out, func(a, b string) int { return w[b] - w[a] })
	return out, w
}

// textTerm matches a stem in the stemmed text of either language.
func textTerm(stem string) query.Query {
	var qs []query.Query
	for _, f := range []string{fieldTextEN, fieldTextPT} {
		q := bleve.NewTermQuery(stem)
		q.SetField(f)
		qs = append(qs, q)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// stemText matches the documents whose text holds stem, in either
// language, or a word of the concept stem names in the language of the
// word.
func stemText(stem string) query.Query {
	forms := nlp.ConceptForms(stem)
	if forms == nil {
		return textTerm(stem)
	}
	qs := []query.Query{textTerm(stem)}
	for lang, ss := range forms {
		for _, s := range ss {
			q := bleve.NewTermQuery(s)
			q.SetField(langFields[lang][0]) // the language's text field
			qs = append(qs, q)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// maxAnchorLookups bounds the shared stems whose everyday use is looked
// up when the theme table is learned, those with the most mentions first.
const maxAnchorLookups = 100

// everydayStems returns, of the stems that two or more keys share (those
// that could anchor a learned theme), the ones that some client in scope
// (all when clients is empty) writes as everyday vocabulary, by the test of
// commonStems: in more than clientCommonShare of its documents, and in
// more than twice as many as its needs that raise the stem; and, second,
// the ones that everyone writes: at least everywhereShare of the clients
// in scope, when there are minEverywhereClients or more. Three facets
// over clients per stem; at most maxAnchorLookups stems.
func (ix *Index) everydayStems(ctx context.Context, keys []KeyCount, clients []string) (map[string]bool, map[string]bool, error) {
	everywhere := map[string]bool{}
	keysOf := map[string][]string{}
	for _, kc := range keys {
		if _, seed := nlp.SeedTheme(kc.Key); seed {
			continue
		}
		for _, s := range strings.Fields(kc.Key) {
			keysOf[s] = append(keysOf[s], kc.Key)
		}
	}
	stems, _ := stemsByWeight(keys)
	stems = slices.DeleteFunc(stems, func(s string) bool { return len(keysOf[s]) < 2 || nlp.IsWeakStem(s) })
	if len(stems) == 0 {
		return nil, nil, nil
	}
	docs := []query.Query{termQuery(fieldType, typeDocument)}
	if len(clients) > 0 {
		docs = append(docs, anyTerm(fieldClient, clients))
	}
	docsOf, _, err := ix.termCounts(ctx, and(docs...), fieldClient, maxClientsFacet)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]bool{}
	for _, s := range stems[:min(len(stems), maxAnchorLookups)] {
		written, _, err := ix.termCounts(ctx, and(append(slices.Clone(docs), stemText(s))...), fieldClient, maxClientsFacet)
		if err != nil {
			return nil, nil, err
		}
		raised, _, err := ix.termCounts(ctx, and(needScope("", clients), anyTerm(fieldThemeKey, keysOf[s])), fieldClient, maxClientsFacet)
		if err != nil {
			return nil, nil, err
		}
		if len(docsOf) >= minEverywhereClients && float64(len(written)) >= everywhereShare*float64(len(docsOf)) {
			everywhere[s] = true
		}
		for c, n := range written {
			if d := docsOf[c]; d >= minCommonDocs && float64(n) > clientCommonShare*float64(d) && n > 2*raised[c] {
				out[s] = true
				break
			}
		}
	}
	return out, everywhere, nil
}

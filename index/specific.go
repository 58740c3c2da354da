package index

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

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

// maxCommonStems bounds the stems whose document frequency is looked up,
// those of the keys with the most mentions first; the rest count as
// specific.
const maxCommonStems = 300

// commonStems returns the stems of keys that occur in more than share of
// the document records of clients (all when empty), read
// on the stemmed text fields. A stem keyed from Portuguese but written
// through a concept in English ("bank" for "banco") is not found and
// counts as specific.
func (ix *Index) commonStems(ctx context.Context, keys []KeyCount, clients []string, share float64) (map[string]bool, error) {
	docs, err := ix.documentCount(ctx, "", clients, time.Time{}, time.Time{})
	if err != nil || docs < minCommonDocs {
		return nil, err
	}
	stems := stemsByWeight(keys)
	out := map[string]bool{}
	limit := int(share * float64(docs))
	for _, s := range stems[:min(len(stems), maxCommonStems)] {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		qs := []query.Query{termQuery(fieldType, typeDocument), textTerm(s)}
		if len(clients) > 0 {
			qs = append(qs, anyTerm(fieldClient, clients))
		}
		n, err := ix.count(ctx, and(qs...))
		if err != nil {
			return nil, err
		}
		if n > limit {
			out[s] = true
		}
	}
	return out, nil
}

// stemsByWeight returns the distinct stems of the non-seed keys, those of
// keys with the most mentions first.
func stemsByWeight(keys []KeyCount) []string {
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
	return out
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

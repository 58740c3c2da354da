package index

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestAnyKeyQuery checks that anyKeyQuery finds the records that a
// disjunction of its term queries finds, alone and beside a word, that
// all of them score alike, and that two of them serialise apart (the
// count cache's key).
func TestAnyKeyQuery(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	withTheme := func(id, key, text string) Record {
		rec := record(id, "acme", ckm.SourceCall, t0, sentence{nlp.English, text})
		s := rec.Analysis.Sentences[0]
		rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: key, ThemeKey: key,
			Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
		return rec
	}
	put(t, ix,
		withTheme("a", "card payment pend", "My card payment is pending."),
		withTheme("b", "declin payment", "The payment was declined twice."),
		withTheme("c", "dark mode", "Please add a dark mode."),
		record("d", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The payment page is slow."}))
	keys := []string{"card payment pend", "declin payment", "no such key"}
	search := func(q query.Query) ([]string, []float64) {
		t.Helper()
		res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 10, 0, true))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		var scores []float64
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
			scores = append(scores, h.Score)
		}
		slices.Sort(ids)
		return ids, scores
	}
	tests := []struct {
		name        string
		any, terms  query.Query
		wantIDs     []string
		equalScores bool
	}{
		{"alone", &anyKeyQuery{field: fieldNeedTheme, terms: keys, boost: 1}, anyTerm(fieldNeedTheme, keys), []string{"a", "b"}, true},
		{"beside a word",
			bleve.NewDisjunctionQuery(wordQuery("slow", nil), &anyKeyQuery{field: fieldNeedTheme, terms: keys, boost: 1}),
			bleve.NewDisjunctionQuery(wordQuery("slow", nil), anyTerm(fieldNeedTheme, keys)),
			[]string{"a", "b", "d"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, scores := search(tt.any)
			want, _ := search(tt.terms)
			if diff := cmp.Diff(want, ids); diff != "" {
				t.Errorf("hits (-terms +any key):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			for _, s := range scores {
				if s <= 0 {
					t.Errorf("scores %v: want every one above 0", scores)
				}
				if tt.equalScores && s != scores[0] {
					t.Errorf("scores %v: want all alike", scores)
				}
			}
		})
	}
	j1, err1 := json.Marshal(&anyKeyQuery{field: fieldNeedTheme, terms: keys[:1], boost: 1})
	j2, err2 := json.Marshal(&anyKeyQuery{field: fieldNeedTheme, terms: keys[1:], boost: 1})
	if err1 != nil || err2 != nil || string(j1) == string(j2) {
		t.Errorf("two queries of other keys serialise as %s (%v) and %s (%v): want them apart", j1, err1, j2, err2)
	}
}

// TestAnyKeyKept checks that an anyKeyQuery whose matches are kept
// (anyKeyCache) finds the same records with the same scores as one that
// unites the postings itself, alone, beside a word and inside a
// conjunction (which orders its searchers by their counts), on its first
// and its second search of a snapshot, and that a commit's new record is
// found by the next search.
func TestAnyKeyKept(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	withTheme := func(id, key, text string) Record {
		rec := record(id, "acme", ckm.SourceCall, t0, sentence{nlp.English, text})
		s := rec.Analysis.Sentences[0]
		rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: key, ThemeKey: key,
			Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
		return rec
	}
	// Several commits: several segments, and a replaced record.
	put(t, ix, withTheme("a", "card payment pend", "My card payment is pending."), withTheme("c", "dark mode", "Please add a dark mode."))
	put(t, ix, withTheme("b", "declin payment", "The payment was declined twice."),
		record("d", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The payment page is slow."}))
	put(t, ix, withTheme("a", "card payment pend", "My card payment is still pending, the payment."))
	keys := []string{"card payment pend", "declin payment", "no such key"}
	type hit struct {
		ID    string
		Score float64
	}
	search := func(q query.Query) []hit {
		t.Helper()
		res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 10, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var hits []hit
		for _, h := range res.Hits {
			hits = append(hits, hit{h.ID, h.Score})
		}
		return hits
	}
	var kept anyKeyCache
	queries := map[string]func(*anyKeyCache) query.Query{
		"alone": func(c *anyKeyCache) query.Query {
			return &anyKeyQuery{field: fieldNeedTheme, terms: keys, boost: 0.3, kept: c}
		},
		"beside a word": func(c *anyKeyCache) query.Query {
			return bleve.NewDisjunctionQuery(wordQuery("payment", nil), &anyKeyQuery{field: fieldNeedTheme, terms: keys, boost: 0.3, kept: c})
		},
		"in a conjunction": func(c *anyKeyCache) query.Query {
			return bleve.NewConjunctionQuery(wordQuery("payment", nil), &anyKeyQuery{field: fieldNeedTheme, terms: keys, boost: 0.3, kept: c})
		},
	}
	for _, round := range []string{"first", "second"} {
		for name, q := range queries {
			want, got := search(q(nil)), search(q(&kept))
			if len(want) == 0 {
				t.Fatalf("%s: no hits", name)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, %s search (-united +kept):\n%s", name, round, diff)
			}
		}
	}
	if len(kept.m) == 0 {
		t.Fatal("no matches kept")
	}
	put(t, ix, withTheme("e", "declin payment", "Declined again."))
	got := search(queries["alone"](&kept))
	if !slices.ContainsFunc(got, func(h hit) bool { return h.ID == "e" }) {
		t.Errorf("after a commit, hits %v: want e among them", got)
	}
	if diff := cmp.Diff(search(queries["alone"](nil)), got); diff != "" {
		t.Errorf("after a commit (-united +kept):\n%s", diff)
	}
}

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

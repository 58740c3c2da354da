package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestCommonStems checks that a client's everyday words are found (in
// most of its documents, rarely raised as a need), that rare words and
// words raised as needs are not, and that the dictionary bound that
// skips rare stems never falls below a client's count.
func TestCommonStems(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	var recs []Record
	for i := range 30 {
		text := "The shift roster changed again this week."
		if i%10 == 0 {
			text = "The shift roster broke the widget export."
		}
		recs = append(recs, record(fmt.Sprintf("c-%d", i), "acme", ckm.SourceEmail, t0.Add(-time.Duration(i)*time.Hour), sentence{nlp.English, text}))
	}
	for i := range 30 { // another client, so that the bound is not the client's own count
		recs = append(recs, record(fmt.Sprintf("o-%d", i), "globex", ckm.SourceEmail, t0.Add(-time.Duration(i)*time.Hour), sentence{nlp.English, "Our widget exports fail."}))
	}
	put(t, ix, recs...)
	keys := []KeyCount{{Key: "shift", Mentions: 3}, {Key: "roster", Mentions: 20}, {Key: "widget", Mentions: 2}, {Key: "broke", Mentions: 1}}
	got, err := ix.commonStems(ctx, keys, "acme")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"shift": true} // "roster" is raised by 20 needs, "widget" and "broke" (skipped by the bound) in 3 of acme's 30
	if len(got) != len(want) || !got["shift"] {
		t.Errorf("common stems %v, want %v", got, want)
	}
	r, err := readerOf(ix.bleve)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, s := range []string{"shift", "roster", "widget", "export", "absent"} {
		n, err := ix.count(ctx, and(termQuery(fieldType, typeDocument), termQuery(fieldClient, "acme"), textTerm(s)))
		if err != nil {
			t.Fatal(err)
		}
		if f := textFreq(ctx, r, s); f < uint64(n) {
			t.Errorf("%s: bound %d below acme's %d documents", s, f, n)
		}
	}
}

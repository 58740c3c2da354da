package index

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
)

// received marks rec as dated only by when ckm received it.
func received(rec Record) Record {
	rec.Document.Meta = map[string]string{ckm.MetaAtSource: ckm.AtReceived}
	return rec
}

// TestReceivedTimeIsWeakerEvidence checks both discounts of a date that
// is only when ckm received the document: its mentions weigh half in a
// hint's score, and count half (rounded up) in emerging's window, while
// still being there, at that date.
func TestReceivedTimeIsWeakerEvidence(t *testing.T) {
	ix := newIndex(t, Config{})
	var recs []Record
	for _, d := range []int{100, 80, 60} {
		recs = append(recs, needRecord(fmt.Sprintf("old-%d", d), "globex", ckm.SourceTicket, daysAgo(d), sso))
	}
	recs = append(recs, needRecord("dated-5", "globex", ckm.SourceTicket, daysAgo(5), invoice))
	recs = append(recs, received(needRecord("recv-5", "initech", ckm.SourceCall, daysAgo(5), invoice)))
	recs = append(recs, received(needRecord("recv-7", "acme", ckm.SourceCall, daysAgo(7), invoice)))
	for i, d := range []int{3, 4, 6} {
		recs = append(recs, received(needRecord(fmt.Sprintf("recv-sso-%d", i), "initech", ckm.SourceCall, daysAgo(d), sso)))
	}
	put(t, ix, recs...)
	ctx := context.Background()

	dated, err := ix.Hints(ctx, HintsQuery{Client: "globex", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	recv, err := ix.Hints(ctx, HintsQuery{Client: "initech", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	score := func(h *Hints, key string) (float64, string) {
		for _, x := range h.Hints {
			if x.Key == key {
				return x.Score, x.LastSeen.Format("2006-01-02")
			}
		}
		return 0, ""
	}
	theme := LearnThemes([]KeyCount{{Key: invoice.key, Mentions: 1}}, ThemeCorrections{}).Canonical(invoice.key) // po-number
	ds, dLast := score(dated, theme)
	rs, rLast := score(recv, theme)
	if got := rs / ds; math.Abs(rs-ds/2) > 0.0011 || rLast != dLast { // scores are rounded to three digits
		t.Errorf("received-time mention scores %v (last seen %s), dated one %v (%s): ratio %.3f, want 0.5 on the same day", rs, rLast, ds, dLast, got)
	}

	em, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow, MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, x := range append(em.Themes, em.Rising...) {
		got[x.Key] = [2]int{x.Recent, x.Received}
	}
	// invoice: 1 dated and 2 received mentions in the window count 2 and
	// rise (no baseline); sso's 3 received ones count 2, below its
	// baseline's rate, so it is not listed.
	want := map[string][2]int{theme: {2, 2}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("window counts {recent as tested, received} (-want +got):\n%s", diff)
	}
	var newTo []string
	for _, n := range em.NewToClient {
		newTo = append(newTo, n.Client+"/"+n.Key+"@"+n.FirstSeen.Format("2006-01-02"))
	}
	if diff := cmp.Diff([]string{"initech/sso@" + daysAgo(6).Format("2006-01-02")}, newTo); diff != "" {
		t.Errorf("new to a client (-want +got):\n%s", diff)
	}
}

// TestReceivedTimeStays checks that a document sent again, still dated
// only by when it was received, keeps its first received time, while a
// real date replaces it.
func TestReceivedTimeStays(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	first := received(needRecord("call-1", "initech", ckm.SourceCall, daysAgo(40), invoice))
	again := received(needRecord("call-1", "initech", ckm.SourceCall, daysAgo(1), invoice))
	dated := needRecord("call-1", "initech", ckm.SourceCall, daysAgo(2), invoice)
	for _, step := range []struct {
		name string
		rec  Record
		want time.Time
	}{{"first", first, daysAgo(40)}, {"sent again", again, daysAgo(40)}, {"with a date", dated, daysAgo(2)}} {
		put(t, ix, step.rec)
		got, err := ix.Get(ctx, "call-1")
		if err != nil {
			t.Fatal(err)
		}
		if !got.Document.At.Equal(step.want) {
			t.Errorf("%s: at %s, want %s", step.name, got.Document.At, step.want)
		}
	}
	em, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow, MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	if em.RecentDocuments != 1 {
		t.Errorf("%d documents in the window, want the one dated 2 days ago", em.RecentDocuments)
	}
}

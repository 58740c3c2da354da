package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	gocmp "github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

func TestAtKeyOrder(t *testing.T) {
	t.Parallel()
	times := []time.Time{
		time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Unix(0, 0),
		time.Unix(0, 1),
		t0,
		t0.Add(time.Nanosecond),
		time.Date(2261, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	for i, tm := range times {
		k := atKey(tm)
		back, ok := parseAtKey(k)
		if !ok || !back.Equal(tm) {
			t.Errorf("parseAtKey(atKey(%v)) = %v, %v", tm, back, ok)
		}
		if i > 0 && atKey(times[i-1]) >= k {
			t.Errorf("atKey(%v) = %s sorts before atKey(%v) = %s", tm, k, times[i-1], atKey(times[i-1]))
		}
		for l := range dayLevels {
			if i > 0 && dayKeys(dayOf(times[i-1]))[l] > dayKeys(dayOf(tm))[l] {
				t.Errorf("level %d: the day of %v sorts before the day of %v", l, tm, times[i-1])
			}
		}
	}
	if _, ok := parseAtKey("not a key at all"); ok {
		t.Error("parseAtKey read a string that is no key")
	}
}

// TestAtRange checks that time keys match the same records as Bleve's
// dates over ranges that start and end inside days, on midnight, within
// one day, before 1970 and open: an index of each layout against the
// records' times.
func TestAtRange(t *testing.T) {
	ctx := context.Background()
	midnight := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	var times []time.Time
	for _, base := range []time.Time{midnight, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), midnight.AddDate(0, 2, 0)} {
		for _, d := range []time.Duration{-26 * time.Hour, -time.Hour, -time.Nanosecond, 0, time.Nanosecond, 5 * time.Hour, 24 * time.Hour, 49 * time.Hour} {
			times = append(times, base.Add(d))
		}
	}
	var recs []Record
	for i, tm := range times {
		recs = append(recs, withNeeds(record(fmt.Sprintf("d%02d", i), "acme", ckm.SourceCall, tm, sentence{nlp.English, "Please resend the invoice."}), 1))
	}
	recs = append(recs, withNeeds(record("undated", "acme", ckm.SourceCall, time.Time{}, sentence{nlp.English, "Please resend the invoice."}), 1))
	var bounds []time.Time
	for _, tm := range times {
		bounds = append(bounds, tm, tm.Add(time.Nanosecond), tm.Add(-3*time.Hour))
	}
	older := newOlderIndex(t)
	for _, tt := range []struct {
		name string
		path string
	}{{"older", older}, {"new", ""}} {
		t.Run(tt.name, func(t *testing.T) {
			ix := newIndex(t, Config{Path: tt.path})
			put(t, ix, recs...)
			ranges := [][2]time.Time{{}, {midnight, {}}, {{}, midnight}, {midnight, midnight}, {midnight.Add(time.Hour), midnight}}
			for i, since := range bounds {
				ranges = append(ranges, [2]time.Time{since, {}}, [2]time.Time{{}, since})
				for _, until := range bounds[i%5:] {
					ranges = append(ranges, [2]time.Time{since, until})
				}
			}
			for _, r := range ranges {
				var want []string
				for _, rec := range recs {
					at := rec.Document.At
					if !at.IsZero() && (r[0].IsZero() || !at.Before(r[0])) && (r[1].IsZero() || at.Before(r[1])) {
						want = append(want, rec.Document.ID)
					}
				}
				for _, typ := range []string{typeDocument, typeNeed} {
					got := matchIDs(t, ix, and(termQuery(fieldType, typ), ix.layout.atRange(r[0], r[1])))
					for i, id := range got {
						got[i], _, _ = cutNeed(id)
					}
					if diff := gocmp.Diff(want, got); diff != "" {
						t.Fatalf("%s records in [%v, %v) (-want +got):\n%s", typ, r[0], r[1], diff)
					}
				}
			}
			res, err := ix.Search(ctx, Query{Sort: SortDate, Limit: 100, Facets: []string{FacetNone}})
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			for _, h := range res.Hits {
				order = append(order, h.ID)
				if want := recs[slices.IndexFunc(recs, func(r Record) bool { return r.Document.ID == h.ID })].Document.At; !h.At.Equal(want.Truncate(time.Second)) {
					t.Errorf("hit %s at %v, want %v", h.ID, h.At, want.Truncate(time.Second))
				}
			}
			byTime := slices.Clone(recs)
			slices.SortStableFunc(byTime, func(a, b Record) int {
				switch {
				case a.Document.At.IsZero() || b.Document.At.IsZero():
					return boolInt(a.Document.At.IsZero()) - boolInt(b.Document.At.IsZero())
				}
				return b.Document.At.Compare(a.Document.At)
			})
			var want []string
			for _, r := range byTime {
				want = append(want, r.Document.ID)
			}
			if diff := gocmp.Diff(want, order); diff != "" {
				t.Errorf("search by date (-want +got):\n%s", diff)
			}
			ms, _, err := ix.mentions(ctx, needScope("acme", nil), 100, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				docID, _, _ := cutNeed(m.id)
				if want := recs[slices.IndexFunc(recs, func(r Record) bool { return r.Document.ID == docID })].Document.At; !m.at.Equal(want) {
					t.Errorf("mention %s at %v, want %v", m.id, m.at, want)
				}
			}
		})
	}
}

// matchIDs returns the ids of the records q matches, sorted.
func matchIDs(t *testing.T, ix *Index, q query.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	req.SortBy([]string{"_id"})
	res, err := ix.bleve.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// cutNeed is the document id of a need record's id, or id itself.
func cutNeed(id string) (string, string, bool) { return strings.Cut(id, needInfix) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

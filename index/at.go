package index

import (
	"encoding/binary"
	"encoding/hex"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Record times. Bleve indexes a date as sixteen terms, one per precision,
// and keeps all sixteen in its doc values: a tenth of the index, for
// range queries over a few thousand distinct days. Indexes created since
// hold a record's time ("at") as two keywords instead:
//
//   - its key (atKey), the nanoseconds since the epoch as fixed-width hex
//     with the sign bit flipped, so that keys sort as the times do: one
//     term, the doc value sorts and mentions read, stored in documents;
//   - its days (fieldAtDay): three terms without doc values, its day
//     since the epoch and the spans of 32 and 1,024 days holding it
//     (dayLevels), each likewise as sortable hex after a letter per level.
//
// A range [since, until) is then the keys of the bounds' own days from
// since and up to until, and the days strictly between as the fewest
// spans (dayCover): at most five term ranges, of a few dozen terms, where
// the days alone would be one term per day (1,487 days in the development
// data, which made a search with after: three times slower than with
// Bleve's dates). Indexes created before keep their dates (layout.atDate),
// read and written as before.

// fieldAtDay is a record's day, in indexes with time keys.
const fieldAtDay = "at_day"

const nanosPerDay = int64(24 * time.Hour)

// atKey is t's key: its nanoseconds since the epoch (Bleve's range of
// dates, 1678–2262) as sixteen hex digits with the sign bit flipped.
func atKey(t time.Time) string { return sortableHex(t.UnixNano()) }

// dayLevels are the spans of days fieldAtDay holds, as shifts of the day
// number: 1, 32 and 1,024 days. Each level's terms start with its own
// letter ('a' + level), so that a level's terms are one range.
var dayLevels = [...]uint{0, 5, 10}

// dayKey is the term of span u of level l (u is the day number shifted
// right by dayLevels[l]).
func dayKey(l int, u int64) string { return string(rune('a'+l)) + sortableHex(u) }

// dayKeys are the fieldAtDay terms of day d.
func dayKeys(d int64) []string {
	out := make([]string, len(dayLevels))
	for l, sh := range dayLevels {
		out[l] = dayKey(l, d>>sh) // >> floors negative days too
	}
	return out
}

// dayCover matches the records whose day is in [lo, hi), open below with
// openLo and above with openHi, with at most two term ranges per level
// below the top one and one at the top: the days at the ends not
// aligned to the next level, the rest left to the next.
func dayCover(lo, hi int64, openLo, openHi bool) []query.Query {
	var out []query.Query
	for l := range dayLevels {
		pre := string(rune('a' + l))
		if l == len(dayLevels)-1 {
			from, to := pre, string(rune('a'+l+1)) // every term of the level
			if !openLo {
				from = dayKey(l, lo)
			}
			if !openHi {
				to = dayKey(l, hi)
			}
			if openLo || openHi || lo < hi {
				out = append(out, keyRange(fieldAtDay, from, to))
			}
			break
		}
		sh := dayLevels[l+1] - dayLevels[l]
		up, down := (lo+(1<<sh)-1)>>sh<<sh, hi>>sh<<sh // lo rounded up, hi down
		if !openLo && !openHi && up >= down {
			if lo < hi {
				out = append(out, keyRange(fieldAtDay, dayKey(l, lo), dayKey(l, hi)))
			}
			break
		}
		if !openLo && lo < up {
			out = append(out, keyRange(fieldAtDay, dayKey(l, lo), dayKey(l, up)))
		}
		if !openHi && down < hi {
			out = append(out, keyRange(fieldAtDay, dayKey(l, down), dayKey(l, hi)))
		}
		lo, hi = up>>sh, down>>sh
	}
	return out
}

// sortableHex is n as sixteen hex digits that sort as the numbers do.
func sortableHex(n int64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n)^(1<<63))
	return hex.EncodeToString(b[:])
}

// dayOf is the day of t, in days since the epoch (floored, UTC).
func dayOf(t time.Time) int64 {
	n := t.UnixNano()
	d := n / nanosPerDay
	if n%nanosPerDay < 0 {
		d--
	}
	return d
}

// parseAtKey is the time of key k, in UTC.
func parseAtKey(k string) (time.Time, bool) {
	if len(k) != 16 {
		return time.Time{}, false
	}
	var b [8]byte
	if _, err := hex.Decode(b[:], []byte(k)); err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b[:])^(1<<63))).UTC(), true
}

// setAt sets the fields of time t in m, a record's fields, as l writes
// them.
func (l layout) setAt(m map[string]any, t time.Time) {
	if l.atDate {
		m[fieldAt] = t.UTC()
		return
	}
	m[fieldAt] = atKey(t)
	m[fieldAtDay] = dayKeys(dayOf(t))
}

// atRange matches records with a time in [since, until); a zero bound is
// open, and with both zero it matches every record with a time.
func (l layout) atRange(since, until time.Time) query.Query {
	if l.atDate {
		if since.IsZero() && until.IsZero() {
			since, until = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		yes, no := true, false // a zero bound is open to Bleve
		q := bleve.NewDateRangeInclusiveQuery(since, until, &yes, &no)
		q.SetField(fieldAt)
		return q
	}
	since, until, none := clampRange(since, until)
	switch {
	case none:
		return bleve.NewMatchNoneQuery()
	case !since.IsZero() && !until.IsZero() && dayOf(since) == dayOf(until):
		return keyRange(fieldAt, atKey(since), atKey(until))
	}
	var lo, hi int64 // the whole days between the bounds' days
	var parts []query.Query
	if !since.IsZero() {
		lo = dayOf(since) + 1
		parts = append(parts, keyRange(fieldAt, atKey(since), atKey(time.Unix(0, lo*nanosPerDay))))
	}
	if !until.IsZero() {
		hi = dayOf(until)
		parts = append(parts, keyRange(fieldAt, atKey(time.Unix(0, hi*nanosPerDay)), atKey(until)))
	}
	parts = append(parts, dayCover(lo, hi, since.IsZero(), until.IsZero())...)
	return bleve.NewDisjunctionQuery(parts...)
}

// clampRange opens the bounds of [since, until) that lie beyond the times
// an index holds (indexable's years), and reports whether the range holds
// none of them.
func clampRange(since, until time.Time) (time.Time, time.Time, bool) {
	if !since.IsZero() && since.Year() < 1678 {
		since = time.Time{}
	}
	if !until.IsZero() && until.Year() >= 2262 {
		until = time.Time{}
	}
	none := (!since.IsZero() && since.Year() >= 2262) || (!until.IsZero() && until.Year() < 1678) ||
		(!since.IsZero() && !until.IsZero() && !since.Before(until))
	return since, until, none
}

// keyRange matches the terms of field in [from, to); "" is open.
func keyRange(field, from, to string) query.Query {
	yes, no := true, false
	q := bleve.NewTermRangeInclusiveQuery(from, to, &yes, &no)
	q.SetField(field)
	return q
}

// atSort sorts records by time, newest first when desc, records without
// one last.
func (l layout) atSort(desc bool) *search.SortField {
	typ := search.SortFieldAsString
	if l.atDate {
		typ = search.SortFieldAsDate
	}
	return &search.SortField{Field: fieldAt, Type: typ, Desc: desc, Missing: search.SortFieldMissingLast}
}

// parseAt reads a time as a hit's stored field or a mention's sort value
// give it: RFC 3339 from a date, or a key.
func parseAt(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	return parseAtKey(s)
}

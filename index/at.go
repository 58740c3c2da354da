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
//   - its day (fieldAtDay), the days since the epoch likewise, without
//     doc values.
//
// A range [since, until) is then the days strictly between its bounds'
// days and, on the bounds' own days, the keys from since and up to until
// (atRange): a few day terms and at most two days' keys. Indexes created
// before keep their dates (layout.atDate), read and written as before.

// fieldAtDay is a record's day, in indexes with time keys.
const fieldAtDay = "at_day"

const nanosPerDay = int64(24 * time.Hour)

// atKey is t's key: its nanoseconds since the epoch (Bleve's range of
// dates, 1678–2262) as sixteen hex digits with the sign bit flipped.
func atKey(t time.Time) string { return sortableHex(t.UnixNano()) }

// dayKey is the key of day d, counted in days since the epoch.
func dayKey(d int64) string { return sortableHex(d) }

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
	m[fieldAtDay] = dayKey(dayOf(t))
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
	// "" is an open bound to Bleve's term ranges.
	var from, to string
	var parts []query.Query
	if !since.IsZero() {
		next := dayOf(since) + 1
		parts = append(parts, keyRange(fieldAt, atKey(since), atKey(time.Unix(0, next*nanosPerDay))))
		from = dayKey(next)
	}
	if !until.IsZero() {
		d := dayOf(until)
		parts = append(parts, keyRange(fieldAt, atKey(time.Unix(0, d*nanosPerDay)), atKey(until)))
		to = dayKey(d)
	}
	parts = append(parts, keyRange(fieldAtDay, from, to))
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

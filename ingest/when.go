package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// DateOrder says how to read a numeric date whose first two numbers could
// each be the day or the month ("06/08/2026").
type DateOrder string

// The orders of numeric dates. The zero value decides from the values: a
// CSV column by the numbers over 12 it holds (and refuses a column that
// never tells), a transcript header day first.
const (
	DateAuto   DateOrder = ""
	DayFirst   DateOrder = "dmy" // dd/mm/yyyy
	MonthFirst DateOrder = "mdy" // mm/dd/yyyy
)

// ParseDateOrder reads a --date-format value: "dd/mm/yyyy" or "dmy", and
// "mm/dd/yyyy" or "mdy"; empty is DateAuto.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return DateAuto, nil
	case "dmy", "dd/mm/yyyy", "dd/mm/yy", "dd.mm.yyyy", "dd-mm-yyyy":
		return DayFirst, nil
	case "mdy", "mm/dd/yyyy", "mm/dd/yy", "mm-dd-yyyy":
		return MonthFirst, nil
	}
	return DateAuto, fmt.Errorf("ingest: date format %q: want dd/mm/yyyy or mm/dd/yyyy", s)
}

// when is a date and time read from text, before a zone is settled.
type when struct {
	year, day, hour, min, sec, nsec int
	month                           time.Month
	zone                            *time.Location // nil: the text named no zone
	// swappable is set for a numeric date whose day and month could be
	// read either way; dayFirst says how it was read.
	swappable, dayFirst bool
	hasTime             bool
	// start and end are where the date, with its time and zone, is in
	// the text it was found in.
	start, end int
}

// in returns w as a time, in its own zone or else in loc (UTC when nil).
func (w when) in(loc *time.Location) time.Time {
	z := w.zone
	if z == nil {
		z = loc
	}
	if z == nil {
		z = time.UTC
	}
	return time.Date(w.year, w.month, w.day, w.hour, w.min, w.sec, w.nsec, z).UTC()
}

// swapped returns w with day and month exchanged.
func (w when) swapped() when {
	w.day, w.month = int(w.month), time.Month(w.day)
	w.dayFirst = !w.dayFirst
	return w
}

// months maps English and Portuguese month names and abbreviations,
// lowercase and without accents, to months.
var months = map[string]time.Month{
	"january": 1, "jan": 1, "janeiro": 1,
	"february": 2, "feb": 2, "fevereiro": 2, "fev": 2,
	"march": 3, "mar": 3, "marco": 3,
	"april": 4, "apr": 4, "abril": 4, "abr": 4,
	"may": 5, "maio": 5, "mai": 5,
	"june": 6, "jun": 6, "junho": 6,
	"july": 7, "jul": 7, "julho": 7,
	"august": 8, "aug": 8, "agosto": 8, "ago": 8,
	"september": 9, "sep": 9, "sept": 9, "setembro": 9, "set": 9,
	"october": 10, "oct": 10, "outubro": 10, "out": 10,
	"november": 11, "nov": 11, "novembro": 11,
	"december": 12, "dec": 12, "dezembro": 12, "dez": 12,
}

// zoneNames are the zone abbreviations read in dates, with their offsets
// in hours; anything else is not taken for a zone.
var zoneNames = map[string]float64{
	"utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2,
	"brt": -3, "brst": -2, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
	"mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}

var (
	isoDate   = regexp.MustCompile(`(?i)(?:^|[^\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$)`)
	numDate   = regexp.MustCompile(`(?:^|[^\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[^\d/.-]|$)`)
	dayMonth  = regexp.MustCompile(`(?i)(?:^|[^\pL\d])(\d{1,2})(?:st|nd|rd|th|º|°|o)?\.?[ \t]+(?:de[ \t]+|of[ \t]+)?(\pL{3,9})\.?,?[ \t]+(?:de[ \t]+)?(\d{4})(?:[^\d]|$)`)
	monthDay  = regexp.MustCompile(`(?i)(?:^|[^\pL\d])(\pL{3,9})\.?[ \t]+(\d{1,2})(?:st|nd|rd|th)?,?[ \t]+(\d{4})(?:[^\d]|$)`)
	clockTime = regexp.MustCompile(`(?i)^(?:[ \t,]*(?:T|at|às|as|a|@|-|,)?[ \t]*)(\d{1,2})(?:[:h](\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:[ \t]*([ap])\.?[ \t]?m\b\.?)?`)
	zoneText  = regexp.MustCompile(`(?i)^[ \t]*\(?(?:(z)|(utc|gmt)[ \t]*([+-]\d{1,2}(?::?\d{2})?)?|([+-]\d{2}):?(\d{2})|(wet|west|bst|cet|cest|brt|brst|est|edt|cst|cdt|mst|mdt|pst|pdt))\)?(?:[^\pL\d]|$)`)
)

// findDate finds the first date in s, with the time and zone that follow
// it: ISO ("2026-08-06 15:02 UTC", "2026-08-06T15:02:12-03:00"), numeric
// ("06/08/2026 15:02", read by order, day first when DateAuto), and with
// month names in English and Portuguese ("August 6, 2026 at 3:02 PM",
// "6 de agosto de 2026 às 15h02").
func findDate(s string, order DateOrder) (when, bool) {
	type found struct {
		w        when
		start    int
		end      int
		possible bool
	}
	var best found
	try := func(f found) {
		if f.possible && (!best.possible || f.start < best.start) {
			best = f
		}
	}
	if m := isoDate.FindStringSubmatchIndex(s); m != nil {
		w := when{year: atoi(s[m[2]:m[3]]), month: time.Month(atoi(s[m[4]:m[5]])), day: atoi(s[m[6]:m[7]])}
		try(found{w, m[2], m[7], valid(w)})
	}
	if m := numDate.FindStringSubmatchIndex(s); m != nil {
		a, b, y := atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]])
		if m[7]-m[6] == 2 {
			y += 2000
		}
		w := when{year: y, day: a, month: time.Month(b), dayFirst: true}
		switch {
		case a > 12 || order == DayFirst:
		case b > 12 || order == MonthFirst:
			w = w.swapped()
		}
		w.swappable = a <= 12 && b <= 12 && a != b && order == DateAuto
		try(found{w, m[2], m[7], valid(w)})
	}
	if m := dayMonth.FindStringSubmatchIndex(s); m != nil {
		mo, ok := months[fold(s[m[4]:m[5]])]
		w := when{year: atoi(s[m[6]:m[7]]), month: mo, day: atoi(s[m[2]:m[3]])}
		try(found{w, m[2], m[7], ok && valid(w)})
	}
	if m := monthDay.FindStringSubmatchIndex(s); m != nil {
		mo, ok := months[fold(s[m[2]:m[3]])]
		w := when{year: atoi(s[m[6]:m[7]]), month: mo, day: atoi(s[m[4]:m[5]])}
		try(found{w, m[2], m[7], ok && valid(w)})
	}
	if !best.possible {
		return when{}, false
	}
	w := best.w
	w.start, w.end = best.start, best.end
	if n := readClock(s[w.end:], &w); n > 0 {
		w.end += n
		w.end += readZone(s[w.end:], &w)
	}
	return w, true
}

// readClock reads the time of day at the start of rest into w and returns
// how many bytes it used, 0 when there is none.
func readClock(rest string, w *when) int {
	m := clockTime.FindStringSubmatchIndex(rest)
	if m == nil || (m[4] < 0 && m[10] < 0) { // a lone number is not a time
		return 0
	}
	h := atoi(rest[m[2]:m[3]])
	mi, sec, ns := 0, 0, 0
	if m[4] >= 0 {
		mi = atoi(rest[m[4]:m[5]])
	}
	if m[6] >= 0 {
		sec = atoi(rest[m[6]:m[7]])
	}
	if m[8] >= 0 {
		frac := rest[m[8]:m[9]] + "000000000"
		ns = atoi(frac[:9])
	}
	if m[10] >= 0 {
		if h < 1 || h > 12 {
			return 0
		}
		h %= 12
		if strings.EqualFold(rest[m[10]:m[11]], "p") {
			h += 12
		}
	}
	if h > 23 || mi > 59 || sec > 60 {
		return 0
	}
	if m[1] < len(rest) && isWordByte(rest[m[1]]) {
		return 0 // "15:02abc" is not a time
	}
	w.hour, w.min, w.sec, w.nsec, w.hasTime = h, mi, min(sec, 59), ns, true
	return m[1]
}

// readZone reads a zone at the start of rest into w ("UTC", "GMT-3",
// "Z", "-03:00", "BRT") and returns how many bytes it used.
func readZone(rest string, w *when) int {
	loc := zoneText.FindStringSubmatchIndex(rest)
	if loc == nil {
		return 0
	}
	m := make([]string, len(loc)/2)
	for i := range m {
		if loc[2*i] >= 0 {
			m[i] = rest[loc[2*i]:loc[2*i+1]]
		}
	}
	switch {
	case m[1] != "":
		w.zone = time.UTC
	case m[2] != "":
		off := 0
		if m[3] != "" {
			off = offsetSeconds(m[3])
		}
		w.zone = fixedZone(off)
	case m[4] != "":
		h, mi := atoi(m[4][1:]), atoi(m[5])
		off := h*3600 + mi*60
		if m[4][0] == '-' {
			off = -off
		}
		w.zone = fixedZone(off)
	case m[6] != "":
		w.zone = fixedZone(int(zoneNames[strings.ToLower(m[6])] * 3600))
	}
	end := loc[1]
	if end > 0 && !isWordByte(rest[end-1]) && rest[end-1] != ')' {
		end-- // the byte after the zone
	}
	return end
}

// offsetSeconds reads "+3", "-03", "-0300" or "+05:30".
func offsetSeconds(s string) int {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	s = strings.ReplaceAll(s[1:], ":", "")
	h, mi := 0, 0
	switch {
	case len(s) <= 2:
		h = atoi(s)
	default:
		h, mi = atoi(s[:len(s)-2]), atoi(s[len(s)-2:])
	}
	return sign * (h*3600 + mi*60)
}

func fixedZone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	return time.FixedZone("", off)
}

// valid reports whether w is a calendar date between 1970 and 2100.
func valid(w when) bool {
	if w.year < 1970 || w.year > 2100 || w.month < 1 || w.month > 12 || w.day < 1 {
		return false
	}
	return w.day <= time.Date(w.year, w.month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// foldTable maps accented Latin letters to their base letters.
var foldTable = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'é': 'e', 'ê': 'e', 'è': 'e', 'ë': 'e',
	'í': 'i', 'î': 'i', 'ì': 'i', 'ï': 'i', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ò': 'o', 'ö': 'o',
	'ú': 'u', 'û': 'u', 'ù': 'u', 'ü': 'u', 'ç': 'c', 'ñ': 'n', 'º': 'o', 'ª': 'a',
}

// fold lowercases s and drops the accents of Latin letters, rune for
// rune: fold(s) has as many runes as s.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		r = unicode.ToLower(r)
		if f, ok := foldTable[r]; ok {
			return f
		}
		return r
	}, s)
}

// ParseTime reads a time given by a user (--at, ?at=): RFC 3339 or any
// form findDate reads; a time without a zone is in loc (UTC when nil).
// zoned reports whether the text named its zone.
func ParseTime(s string, loc *time.Location, order DateOrder) (t time.Time, zoned bool, err error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true, nil
	}
	w, ok := findDate(s, order)
	if !ok {
		return time.Time{}, false, fmt.Errorf("ingest: time %q: want a date such as 2026-08-06, 2026-08-06 15:02 or RFC 3339", s)
	}
	return w.in(loc), w.zone != nil, nil
}

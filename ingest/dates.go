package ingest

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
)

// Where a document's date came from, the values of its meta "at_source"
// (ckm.MetaAtSource), in the order they are tried:
const (
	AtField    = "field"    // the format's own field: a mail's Date, a ticket's created_at, a CSV column
	AtHeader   = "header"   // a header line of a transcript or note ("Date: 06/08/2026")
	AtNote     = "note"     // a WebVTT NOTE block ("NOTE Recorded 2026-08-06 15:02 UTC")
	AtFilename = "filename" // the recorder's file name ("GMT20260806-150212_Recording.vtt")
	AtFlag     = "flag"     // Config.At (ckm import --at, POST /v1/documents?at=)
	AtReceived = ckm.AtReceived
)

// MetaAtZone is the meta key that names the zone a document's time was
// read in when its source gave none (Config.Location, UTC by default).
const MetaAtZone = "at_zone"

// dateKeys are the labels of header lines that give a call's date, in
// English and Portuguese, lowercase and without accents; longest first
// so that "data da chamada" wins over "data".
var dateKeys = sortedByLength([]string{
	"date", "call date", "meeting date", "recording date", "date/time", "date and time", "datetime",
	"recorded", "recorded on", "recorded at", "recording started", "recording start", "start time",
	"started", "started at", "start", "created", "created at", "time", "when", "held on", "call on",
	"data", "data da chamada", "data da ligacao", "data da reuniao", "data da gravacao",
	"data/hora", "data e hora", "data de criacao", "gravado em", "gravada em", "gravacao",
	"realizada em", "realizado em", "chamada em", "reuniao em", "horario", "inicio", "hora", "quando",
	"meeting started", "meeting start", "call started", "call start", "start date", "started on",
	"iniciada em", "iniciado em", "inicio da reuniao", "inicio da chamada", "data de inicio",
})

// headerKeys are labels of other header lines of a transcript or note:
// kept out of its text and its turns.
var headerKeys = map[string]bool{
	"subject": true, "assunto": true, "title": true, "titulo": true, "topic": true, "topico": true,
	"tema": true, "meeting": true, "reuniao": true, "call": true, "chamada": true, "ligacao": true,
	"participants": true, "participantes": true, "attendees": true, "presentes": true,
	"duration": true, "duracao": true, "location": true, "local": true, "organizer": true,
	"organizador": true, "host": true, "anfitriao": true, "language": true, "idioma": true,
	"kind": true, "company": true, "empresa": true, "organization": true, "organizacao": true,
	"account": true, "conta": true, "id": true, "meeting id": true, "id da reuniao": true,
	"transcript": true, "transcricao": true, "recording": true, "gravacao": true,
}

// subjectKeys and clientKeys are the header labels whose values become
// the document's subject and client.
var (
	subjectKeys = []string{"subject", "assunto", "title", "titulo", "topic", "topico", "tema", "meeting", "reuniao"}
	clientKeys  = []string{"company", "empresa", "organization", "organizacao", "account", "conta"}
)

func sortedByLength(keys []string) []string {
	slices.SortFunc(keys, func(a, b string) int { return len(b) - len(a) })
	return keys
}

// splitHeader splits a header line into its folded label and its value:
// "Data da chamada: 06/08/2026" → ("data da chamada", "06/08/2026").
// Date labels may go without a colon ("Recorded 2026-08-06", "Gravado em
// 6 de agosto de 2026"); other labels need one.
func splitHeader(line string) (key, value string, ok bool) {
	line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#*-•>"))
	f := fold(line)
	for _, k := range dateKeys {
		if !strings.HasPrefix(f, k) {
			continue
		}
		rest := string([]rune(line)[len([]rune(k)):])
		if strings.IndexAny(rest, ": \t-–") != 0 {
			continue
		}
		return k, strings.TrimSpace(strings.TrimLeft(rest, ": \t-–")), true
	}
	k, v, found := strings.Cut(line, ":")
	if !found {
		return "", "", false
	}
	key = strings.TrimSpace(fold(k))
	if headerKeys[key] || headerWords[key] {
		return key, strings.TrimSpace(v), true
	}
	return "", "", false
}

// headerDate reads a date from one header or NOTE line: a date label and
// its value, or a line that is nothing but a date.
func headerDate(line string, order DateOrder) (when, bool) {
	if key, v, ok := splitHeader(line); ok {
		if !slices.Contains(dateKeys, key) {
			return when{}, false
		}
		return findDate(v, order)
	}
	w, ok := findDate(line, order)
	if !ok || len(strings.Fields(line[:w.start])) > 1 || len(strings.Fields(line[w.end:])) > 2 {
		return when{}, false // a date inside a sentence is not the call's
	}
	return w, true
}

// titleDate reads the date of a title line: a short line, no sentence,
// with a date in it ("Call with Mercy Ridge — 6 August 2026").
func titleDate(line string, order DateOrder) (when, bool) {
	if len(strings.Fields(line)) > 12 || strings.ContainsAny(strings.TrimRight(line, ". "), ".?!") && !isoDate.MatchString(line) && !numDate.MatchString(line) {
		return when{}, false
	}
	return findDate(line, order)
}

// preamble is the header block of a text transcript or note.
type preamble struct {
	lines   []string
	date    when
	dated   bool
	subject string
	client  string
	roles   map[string]ckm.Role // from a participants line
}

// readPreamble takes the header lines at the top of text (blank lines,
// "Label: value" lines with a header label, a line that is only a date)
// and returns them and the rest of the text. A block of only blank lines
// is no preamble.
func readPreamble(text string, order DateOrder) (preamble, string) {
	var p preamble
	rest := text
	for n := 0; n < 30 && rest != ""; n++ {
		line, after, _ := strings.Cut(rest, "\n")
		trim := strings.TrimSpace(line)
		switch key, v, isHeader := splitHeader(trim); {
		case trim == "":
		case isHeader && slices.Contains(dateKeys, key):
			if w, ok := findDate(v, order); ok && !p.dated {
				p.date, p.dated = w, true
			} else if !ok && !p.clock(v) && !headerWords[key] {
				return p.result(text, rest)
			}
			p.lines = append(p.lines, trim)
		case isHeader:
			if slices.Contains(participantKeys, key) {
				p.roles = participantRoles(v, p.roles)
			}
			if slices.Contains(subjectKeys, key) && p.subject == "" {
				p.subject = v
			}
			if slices.Contains(clientKeys, key) && p.client == "" {
				p.client = v
			}
			p.lines = append(p.lines, trim)
		default:
			if !p.other(trim, n == len(p.lines), after, order) {
				return p.result(text, rest)
			}
		}
		rest = after
	}
	return p.result(text, rest)
}

// other takes a line of the preamble that is not "Label: value": a line
// that is only a date, or, first, a title ("Call with Mercy Ridge — 6
// August 2026", or any short line above header lines).
func (p *preamble) other(line string, first bool, after string, order DateOrder) bool {
	if speakerLine.MatchString(line) {
		return false
	}
	if w, ok := headerDate(line, order); ok && !p.dated {
		p.date, p.dated = w, true
	} else if w, ok := titleDate(line, order); ok && first {
		p.date, p.dated, p.subject = w, true, line
	} else if next, _, _ := strings.Cut(after, "\n"); first && len(strings.Fields(line)) <= 12 {
		key, _, ok := splitHeader(next)
		if _, dateLine := headerDate(next, order); !dateLine && (!ok || !headerKeys[key] && !slices.Contains(dateKeys, key)) {
			return false // a title sits right above call headers or a date, not mail headers
		}
		p.subject = line
	} else {
		return false
	}
	p.lines = append(p.lines, line)
	return true
}

// clock reads a time-only header value ("Time: 15:02 BRT", "Hora: 15h02")
// into the preamble's date when it has none; it reports whether v is a
// time of day.
func (p *preamble) clock(v string) bool {
	var w when
	n := readClock(v, &w)
	if n == 0 || strings.TrimSpace(v[:n]) == "" {
		return false
	}
	readZone(v[n:], &w)
	if p.dated && !p.date.hasTime {
		p.date.hour, p.date.min, p.date.sec, p.date.hasTime = w.hour, w.min, w.sec, true
		if w.zone != nil {
			p.date.zone = w.zone
		}
	}
	return true
}

// participantKeys label header lines that list who took part.
var participantKeys = []string{"participants", "participantes", "attendees", "presentes"}

// participantRole is one "Name (role)" of a participants line.
var participantRole = regexp.MustCompile(`([^,;()]+?)\s*\(([^()]+)\)`)

// participantRoles reads "Maria (cliente), Paula (atendente)" into roles.
func participantRoles(v string, roles map[string]ckm.Role) map[string]ckm.Role {
	for _, m := range participantRole.FindAllStringSubmatch(v, -1) {
		r, ok := roleWords[strings.ToLower(strings.TrimSpace(m[2]))]
		if !ok {
			continue
		}
		if roles == nil {
			roles = map[string]ckm.Role{}
		}
		roles[strings.ToLower(strings.TrimSpace(m[1]))] = r
	}
	return roles
}

func (p preamble) result(text, rest string) (preamble, string) {
	if len(p.lines) == 0 {
		return preamble{}, text
	}
	return p, strings.TrimLeft(rest, "\n")
}

// apply sets the document's date, subject and client from the preamble
// where the document has none, and keeps its lines in the meta.
func (p preamble) apply(d *ckm.Document, cfg Config, source string) {
	if len(p.lines) == 0 {
		return
	}
	setMeta(d, "header", strings.Join(p.lines, "\n"))
	if p.dated && d.At.IsZero() {
		setAt(d, p.date, cfg, source)
	}
	if d.Subject == "" {
		d.Subject = truncate(p.subject, ckm.MaxFieldBytes)
	}
	if d.Client == "" {
		d.Client = truncate(p.client, ckm.MaxFieldBytes)
	}
}

// dated is a date found in a transcript and its source.
type dated struct {
	w   when
	src string
	ok  bool
}

// noteDate finds the date of a WebVTT file in its header block (source
// "header") or its NOTE blocks (source "note").
func noteDate(blocks []string, order DateOrder) dated {
	for i, blk := range blocks {
		lines := strings.Split(strings.Trim(blk, "\n"), "\n")
		src := AtNote
		if i == 0 {
			src = AtHeader
			lines[0] = strings.TrimLeft(strings.TrimPrefix(lines[0], "WEBVTT"), " \t-–:")
		} else if !strings.HasPrefix(lines[0], "NOTE") {
			continue
		}
		lines[0] = strings.TrimPrefix(lines[0], "NOTE")
		for _, l := range lines {
			if w, ok := headerDate(l, order); ok {
				return dated{w, src, true}
			}
		}
	}
	return dated{}
}

var (
	// zoomName is Zoom's cloud recording name, in UTC:
	// "GMT20260806-150212_Recording.vtt".
	zoomName = regexp.MustCompile(`GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})`)
	// compactName is "YYYYMMDD-HHMMSS" or "YYYYMMDD_HHMMSS" (Teams,
	// phone systems, most recorders), without a zone.
	compactName = regexp.MustCompile(`(?:^|[^\d])(\d{4})(\d{2})(\d{2})[-_T ]?(\d{2})(\d{2})(\d{2})(?:[^\d]|$)`)
	// nameClock is a time in a file name with dots, dashes or spaces for
	// colons: "2026-08-06 15.02.12", "2026-08-06_15-02".
	nameClock = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})[ _T]+(?:at[ _]+)?(\d{2})[.\- h](\d{2})(?:[.\- ](\d{2}))?`)
	// plainDay is a bare "YYYYMMDD" in a file name.
	plainDay = regexp.MustCompile(`(?:^|[^\d])(20\d{2})(\d{2})(\d{2})(?:[^\d]|$)`)
)

// nameDate reads a date from a file name: Zoom's "GMT20260806-150212",
// "YYYYMMDD-HHMMSS", Teams' and Meet's "… 2026-08-06 …" (with a time and
// zone when given: "(2026-08-06 at 15:02 GMT-3)"), any other date
// findDate reads (day first), and a bare "YYYYMMDD".
func nameDate(name string) (when, bool) {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if base == "." || base == "/" {
		return when{}, false
	}
	if m := zoomName.FindStringSubmatch(base); m != nil {
		w := when{year: atoi(m[1]), month: time.Month(atoi(m[2])), day: atoi(m[3]),
			hour: atoi(m[4]), min: atoi(m[5]), sec: atoi(m[6]), zone: time.UTC, hasTime: true}
		if valid(w) && w.hour < 24 && w.min < 60 && w.sec < 60 {
			return w, true
		}
	}
	if m := compactName.FindStringSubmatch(base); m != nil {
		w := when{year: atoi(m[1]), month: time.Month(atoi(m[2])), day: atoi(m[3]),
			hour: atoi(m[4]), min: atoi(m[5]), sec: atoi(m[6]), hasTime: true}
		if valid(w) && w.hour < 24 && w.min < 60 && w.sec < 60 {
			return w, true
		}
	}
	stem := strings.TrimSuffix(base, path.Ext(base))
	s := nameClock.ReplaceAllString(strings.ReplaceAll(stem, "_", " "), "$1 $2:$3:$4")
	s = strings.ReplaceAll(s, ": ", " ") // no seconds
	s = strings.TrimSuffix(s, ":")
	if w, ok := findDate(s, DayFirst); ok && w.year >= 2000 {
		return w, true // "… 2026-08-06 …", "… 06-08-2026 …", "… Aug 6, 2026 …"
	}
	if m := plainDay.FindStringSubmatch(base); m != nil {
		w := when{year: atoi(m[1]), month: time.Month(atoi(m[2])), day: atoi(m[3])}
		if valid(w) {
			return w, true
		}
	}
	return when{}, false
}

// setAt sets d.At from w, records its source, and when w named no zone,
// the zone it was read in.
func setAt(d *ckm.Document, w when, cfg Config, source string) {
	w = checkAmbiguous(w, cfg.name)
	d.At = w.in(cfg.Location)
	setMeta(d, ckm.MetaAtSource, source)
	if w.zone == nil {
		setMeta(d, MetaAtZone, zoneName(cfg.Location))
	}
}

func zoneName(loc *time.Location) string {
	if loc == nil {
		return "UTC"
	}
	return loc.String()
}

func setMeta(d *ckm.Document, k, v string) {
	if d.Meta == nil {
		d.Meta = map[string]string{}
	}
	d.Meta[k] = v
}

// dateFallback gives a document that its input left undated the date of
// the next source: the file name, then cfg.At, then the time it was
// received. Every document leaves with a date and its "at_source".
func dateFallback(d *ckm.Document, name string, cfg Config) {
	if !d.At.IsZero() {
		if d.Meta[ckm.MetaAtSource] == "" {
			setMeta(d, ckm.MetaAtSource, AtField)
		}
		return
	}
	if w, ok := nameDate(name); ok {
		setAt(d, w, cfg, AtFilename)
		return
	}
	if cfg.At != "" {
		if t, zoned, err := ParseTime(cfg.At, cfg.Location, cfg.DateOrder); err == nil {
			d.At = t
			setMeta(d, ckm.MetaAtSource, AtFlag)
			if !zoned {
				setMeta(d, MetaAtZone, zoneName(cfg.Location))
			}
			return
		}
	}
	d.At = cfg.Received
	if d.At.IsZero() {
		d.At = time.Now()
	}
	d.At = d.At.UTC().Truncate(time.Second)
	setMeta(d, ckm.MetaAtSource, AtReceived)
}

// checkAmbiguous settles a day-first reading of a header date that could
// be read either way: a date in the file name that matches the other
// reading wins.
func checkAmbiguous(w when, name string) when {
	if !w.swappable {
		return w
	}
	if n, ok := nameDate(name); ok {
		s := w.swapped()
		if n.year == s.year && n.month == s.month && n.day == s.day {
			return s
		}
	}
	return w
}

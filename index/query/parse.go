package query

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// Parse parses text in the query language. Errors are *Error.
func Parse(text string) (*Query, error) {
	if len(text) > MaxBytes {
		return nil, &Error{Offset: MaxBytes, Message: fmt.Sprintf("query of %d bytes is over the limit of %d", len(text), MaxBytes)}
	}
	if !utf8.ValidString(text) {
		i := 0
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return nil, &Error{Offset: i, Message: "invalid UTF-8"}
	}
	p := &parser{text: text}
	return p.parse()
}

// parser reads a query text left to right.
type parser struct {
	text string
	pos  int
	q    Query
	// or is true after an OR: the next term joins the last clause.
	or   bool
	orAt int
}

func (p *parser) parse() (*Query, error) {
	for {
		p.skipSpace()
		if p.pos >= len(p.text) {
			break
		}
		start := p.pos
		tok := p.peekToken()
		switch tok {
		case "OR":
			if len(p.q.Clauses) == 0 || p.or {
				return nil, &Error{Offset: start, Message: "OR without a term before it", Hint: `write "a OR b"`}
			}
			p.pos += len(tok)
			p.or, p.orAt = true, start
			continue
		case "AND": // the default; accepted and ignored
			p.pos += len(tok)
			continue
		}
		t, ok, err := p.term()
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if p.q.Terms() >= MaxTerms {
			return nil, &Error{Offset: start, Message: "too many terms", Hint: fmt.Sprintf("at most %d words, phrases and filters", MaxTerms)}
		}
		if p.or {
			last := len(p.q.Clauses) - 1
			p.q.Clauses[last] = append(p.q.Clauses[last], t)
			p.or = false
		} else {
			p.q.Clauses = append(p.q.Clauses, []Term{t})
		}
	}
	if p.or {
		return nil, &Error{Offset: p.orAt, Message: "OR without a term after it", Hint: `write "a OR b"`}
	}
	return &p.q, nil
}

// isSpace is what separates terms: white space and control characters.
func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

func (p *parser) skipSpace() {
	for p.pos < len(p.text) {
		r, n := utf8.DecodeRuneInString(p.text[p.pos:])
		if !isSpace(r) {
			return
		}
		p.pos += n
	}
}

// peekToken returns the text up to the next space, without moving.
func (p *parser) peekToken() string {
	rest := p.text[p.pos:]
	if i := strings.IndexFunc(rest, isSpace); i >= 0 {
		return rest[:i]
	}
	return rest
}

// word reads up to the next space or quote.
func (p *parser) word() string {
	rest := p.text[p.pos:]
	i := strings.IndexFunc(rest, func(r rune) bool { return isSpace(r) || r == '"' })
	if i < 0 {
		i = len(rest)
	}
	p.pos += i
	return rest[:i]
}

// quoted reads a quoted string at p.pos (which is a '"') and returns what
// is inside.
func (p *parser) quoted() (string, error) {
	start := p.pos
	end := strings.IndexByte(p.text[start+1:], '"')
	if end < 0 {
		return "", &Error{Offset: start, Message: "unterminated quote", Hint: `close the phrase with "`}
	}
	p.pos = start + 1 + end + 1
	return p.text[start+1 : start+1+end], nil
}

// term reads one term at p.pos; ok is false when what was there means
// nothing (a lone "-", an empty phrase).
func (p *parser) term() (t Term, ok bool, err error) {
	t.Offset = p.pos
	if p.text[p.pos] == '-' {
		t.Negated = true
		p.pos++
		if p.pos >= len(p.text) {
			return t, false, nil
		}
		if r, _ := utf8.DecodeRuneInString(p.text[p.pos:]); isSpace(r) {
			return t, false, nil
		}
	}
	if p.text[p.pos] == '"' {
		inside := p.pos + 1
		v, err := p.quoted()
		if err != nil {
			return t, false, err
		}
		words := strings.FieldsFunc(v, isSpace)
		for _, w := range words {
			if len(w) > MaxWordBytes {
				return t, false, longWord(inside+strings.Index(v, w), w)
			}
		}
		t.Kind, t.Value = Phrase, strings.Join(words, " ")
		return t, t.Value != "", nil
	}
	at := p.pos
	w := p.word()
	name, value, isField := strings.Cut(w, ":")
	quote := p.pos < len(p.text) && p.text[p.pos] == '"'
	known := slices.Contains(fields, strings.ToLower(name))
	if !isField || !fieldName(name) || (value == "" && !quote && !known) || strings.HasPrefix(value, "//") {
		if len(w) > MaxWordBytes {
			return t, false, longWord(at, w)
		}
		t.Kind, t.Value = Word, w // "Re:", "10:30", "https://…"
		return t, w != "", nil
	}
	t.Kind, t.Field = Filter, strings.ToLower(name)
	if !known {
		e := &Error{Offset: at, Message: fmt.Sprintf("unknown field %q", name)}
		if s := closest(t.Field, fields); s != "" {
			e.Hint = "did you mean " + s + "?"
		} else {
			e.Hint = "fields are " + strings.Join(fields, ", ")
		}
		return t, false, e
	}
	valueAt := at + len(name) + 1
	if value == "" && quote {
		if value, err = p.quoted(); err != nil {
			return t, false, err
		}
		value = strings.Join(strings.FieldsFunc(value, isSpace), " ")
	}
	t.Value = value
	if err := t.check(valueAt); err != nil {
		return t, false, err
	}
	return t, true, nil
}

// longWord is the error of a word over MaxWordBytes at offset at.
func longWord(at int, w string) *Error {
	return &Error{Offset: at, Message: fmt.Sprintf("word of %d bytes is over the limit of %d", len(w), MaxWordBytes),
		Hint: "search for a shorter part of it"}
}

// fieldName reports whether s looks like a field name: ASCII letters.
func fieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// check validates and normalises the value of a filter.
func (t *Term) check(at int) error {
	if t.Value == "" {
		return &Error{Offset: at, Message: fmt.Sprintf("missing value after %s:", t.Field)}
	}
	if len(t.Value) > ckm.MaxFieldBytes {
		return &Error{Offset: at, Message: fmt.Sprintf("value of %s: is over %d bytes", t.Field, ckm.MaxFieldBytes)}
	}
	switch t.Field {
	case FieldClient:
		// Client names are stored NFC-normalised and case-folded.
		t.Value = ckm.NormalizeClient(t.Value)
	case FieldSource:
		t.Value = strings.ToLower(t.Value)
		names := make([]string, len(ckm.Sources))
		for i, s := range ckm.Sources {
			names[i] = string(s)
		}
		return oneOf(t, at, names)
	case FieldKind:
		t.Value = strings.ToLower(t.Value)
		return oneOf(t, at, []string{"explicit", "implied"})
	case FieldLang:
		t.Value = strings.ToLower(t.Value)
		if !fieldName(t.Value) || len(t.Value) < 2 || len(t.Value) > 3 {
			return &Error{Offset: at, Message: fmt.Sprintf("bad language %q in lang:", t.Value), Hint: "want a code such as en, pt or und"}
		}
	case FieldCue:
		t.Value = strings.ToLower(t.Value)
	case FieldTheme:
		// Each word is a regular expression over the theme keys.
		if n := len(strings.Fields(t.Value)); n > maxThemeWords {
			return &Error{Offset: at, Message: fmt.Sprintf("theme: has %d words, over the limit of %d", n, maxThemeWords)}
		}
	case FieldAfter, FieldBefore:
		from, to, ok := parseDay(t.Value)
		if !ok {
			return &Error{Offset: at, Message: fmt.Sprintf("bad date %q in %s:", t.Value, t.Field), Hint: "want YYYY-MM-DD, YYYY-MM or YYYY"}
		}
		t.From, t.To = from, to
	}
	return nil
}

func oneOf(t *Term, at int, allowed []string) error {
	if slices.Contains(allowed, t.Value) {
		return nil
	}
	e := &Error{Offset: at, Message: fmt.Sprintf("unknown %s %q", t.Field, t.Value)}
	if s := closest(t.Value, allowed); s != "" {
		e.Hint = "did you mean " + s + "?"
	} else {
		e.Hint = "want one of " + strings.Join(allowed, ", ")
	}
	return e
}

// parseDay parses a day, month or year (UTC) into the range it covers.
func parseDay(s string) (from, to time.Time, ok bool) {
	for _, l := range []struct {
		layout  string
		y, m, d int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		if len(s) != len(l.layout) {
			continue
		}
		t, err := time.Parse(l.layout, s)
		if err != nil || !Indexable(t) {
			continue
		}
		return t, t.AddDate(l.y, l.m, l.d), true
	}
	return from, to, false
}

// Indexable reports whether t is a date the index can hold: not zero and
// within Bleve's datetime range (int64 Unix nanoseconds). after: and
// before: take only such dates.
func Indexable(t time.Time) bool {
	return !t.IsZero() && t.Year() > 1677 && t.Year() < 2262
}

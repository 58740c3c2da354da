package index

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// This file is the query language: a small parser over what people type,
// producing a tree that search.go turns into Bleve queries. User text never
// reaches Bleve's query-string parser.
//
//	invoice export          both words (AND is the default between terms)
//	"project number"        a phrase
//	invoice OR fatura       either term; OR binds the two terms beside it
//	-csv  -client:acme      exclude a word, a phrase or a filter
//	client:globex source:call kind:implied cue:pain theme:invoice
//	entity:4521 lang:pt after:2026-01-01 before:2026-06-30
//
// Field values with spaces are quoted: theme:"po number". There is no
// grouping with parentheses: they are ordinary characters, which the
// analyzers drop.

// MaxQueryTerms bounds the words, phrases and filters of one query.
const MaxQueryTerms = 32

// MaxWordBytes bounds one word of a query, alone or inside a phrase. A
// longer word is a *QueryError: no real word is that long, and typo
// matching of a very long word costs time out of proportion (Bleve's
// Levenshtein automaton gives up near 600 letters).
const MaxWordBytes = 64

// maxThemeWords bounds the words of a theme: filter.
const maxThemeWords = 8

// Query language fields, the names before a colon.
const (
	qfClient = "client"
	qfSource = "source"
	qfKind   = "kind"
	qfCue    = "cue"
	qfTheme  = "theme"
	qfEntity = "entity"
	qfLang   = "lang"
	qfAfter  = "after"
	qfBefore = "before"
)

// queryFields are the known field names, in the order messages list them.
var queryFields = []string{qfClient, qfSource, qfKind, qfCue, qfTheme, qfEntity, qfLang, qfAfter, qfBefore}

// QueryError is query text that does not parse. Offset is the byte offset
// in the text where the problem starts; Hint, when set, says what to do.
// Its Error reads like `unknown field "clinet" at 0: did you mean client?`.
type QueryError struct {
	Offset  int
	Message string
	Hint    string
}

func (e *QueryError) Error() string {
	s := fmt.Sprintf("%s at %d", e.Message, e.Offset)
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}

// termKind is what a term matches.
type termKind int

const (
	termWord   termKind = iota // one word, analysed per field
	termPhrase                 // words in order
	termFilter                 // field:value
)

// term is one word, phrase or filter of a query.
type term struct {
	kind    termKind
	field   string // for termFilter
	value   string // the word, the phrase or the filter's value
	negated bool
	offset  int       // where it starts in the text
	from    time.Time // after:/before: as a half-open range [from, to)
	to      time.Time
}

// parsedQuery is a query's terms: a conjunction of clauses, each a
// disjunction of one or more terms.
type parsedQuery struct {
	clauses [][]term
}

// terms is the number of terms in q.
func (q *parsedQuery) terms() int {
	n := 0
	for _, c := range q.clauses {
		n += len(c)
	}
	return n
}

// String writes q back in the query language; parsing it gives q again.
func (q *parsedQuery) String() string {
	var b strings.Builder
	for i, c := range q.clauses {
		if i > 0 {
			b.WriteByte(' ')
		}
		for j, t := range c {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteString(t.String())
		}
	}
	return b.String()
}

func (t term) String() string {
	s := ""
	if t.negated {
		s = "-"
	}
	switch t.kind {
	case termPhrase:
		return s + `"` + t.value + `"`
	case termFilter:
		v := t.value
		if strings.ContainsFunc(v, isSpace) || v == "" || strings.HasPrefix(v, "//") {
			v = `"` + v + `"`
		}
		return s + t.field + ":" + v
	}
	return s + t.value
}

// parseQuery parses text in the query language. Errors are *QueryError.
func parseQuery(text string) (*parsedQuery, error) {
	if len(text) > MaxQueryBytes {
		return nil, &QueryError{Offset: MaxQueryBytes, Message: fmt.Sprintf("query of %d bytes is over the limit of %d", len(text), MaxQueryBytes)}
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
		return nil, &QueryError{Offset: i, Message: "invalid UTF-8"}
	}
	p := &parser{text: text}
	return p.parse()
}

// parser reads a query text left to right.
type parser struct {
	text string
	pos  int
	q    parsedQuery
	// or is true after an OR: the next term joins the last clause.
	or   bool
	orAt int
}

func (p *parser) parse() (*parsedQuery, error) {
	for {
		p.skipSpace()
		if p.pos >= len(p.text) {
			break
		}
		start := p.pos
		tok := p.peekToken()
		switch tok {
		case "OR":
			if len(p.q.clauses) == 0 || p.or {
				return nil, &QueryError{Offset: start, Message: "OR without a term before it", Hint: `write "a OR b"`}
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
		if p.q.terms() >= MaxQueryTerms {
			return nil, &QueryError{Offset: start, Message: "too many terms", Hint: fmt.Sprintf("at most %d words, phrases and filters", MaxQueryTerms)}
		}
		if p.or {
			last := len(p.q.clauses) - 1
			p.q.clauses[last] = append(p.q.clauses[last], t)
			p.or = false
		} else {
			p.q.clauses = append(p.q.clauses, []term{t})
		}
	}
	if p.or {
		return nil, &QueryError{Offset: p.orAt, Message: "OR without a term after it", Hint: `write "a OR b"`}
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
		return "", &QueryError{Offset: start, Message: "unterminated quote", Hint: `close the phrase with "`}
	}
	p.pos = start + 1 + end + 1
	return p.text[start+1 : start+1+end], nil
}

// term reads one term at p.pos; ok is false when what was there means
// nothing (a lone "-", an empty phrase).
func (p *parser) term() (t term, ok bool, err error) {
	t.offset = p.pos
	if p.text[p.pos] == '-' {
		t.negated = true
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
		t.kind, t.value = termPhrase, strings.Join(words, " ")
		return t, t.value != "", nil
	}
	at := p.pos
	w := p.word()
	name, value, isField := strings.Cut(w, ":")
	quote := p.pos < len(p.text) && p.text[p.pos] == '"'
	known := slices.Contains(queryFields, strings.ToLower(name))
	if !isField || !fieldName(name) || (value == "" && !quote && !known) || strings.HasPrefix(value, "//") {
		if len(w) > MaxWordBytes {
			return t, false, longWord(at, w)
		}
		t.kind, t.value = termWord, w // "Re:", "10:30", "https://…"
		return t, w != "", nil
	}
	t.kind, t.field = termFilter, strings.ToLower(name)
	if !known {
		e := &QueryError{Offset: at, Message: fmt.Sprintf("unknown field %q", name)}
		if s := closest(t.field, queryFields); s != "" {
			e.Hint = "did you mean " + s + "?"
		} else {
			e.Hint = "fields are " + strings.Join(queryFields, ", ")
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
	t.value = value
	if err := t.check(valueAt); err != nil {
		return t, false, err
	}
	return t, true, nil
}

// longWord is the error of a word over MaxWordBytes at offset at.
func longWord(at int, w string) *QueryError {
	return &QueryError{Offset: at, Message: fmt.Sprintf("word of %d bytes is over the limit of %d", len(w), MaxWordBytes),
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
func (t *term) check(at int) error {
	if t.value == "" {
		return &QueryError{Offset: at, Message: fmt.Sprintf("missing value after %s:", t.field)}
	}
	if len(t.value) > ckm.MaxFieldBytes {
		return &QueryError{Offset: at, Message: fmt.Sprintf("value of %s: is over %d bytes", t.field, ckm.MaxFieldBytes)}
	}
	switch t.field {
	case qfClient:
		// Client names are stored NFC-normalised and case-folded.
		t.value = ckm.NormalizeClient(t.value)
	case qfSource:
		t.value = strings.ToLower(t.value)
		names := make([]string, len(ckm.Sources))
		for i, s := range ckm.Sources {
			names[i] = string(s)
		}
		return oneOf(t, at, names)
	case qfKind:
		t.value = strings.ToLower(t.value)
		return oneOf(t, at, []string{"explicit", "implied"})
	case qfLang:
		t.value = strings.ToLower(t.value)
		if !fieldName(t.value) || len(t.value) < 2 || len(t.value) > 3 {
			return &QueryError{Offset: at, Message: fmt.Sprintf("bad language %q in lang:", t.value), Hint: "want a code such as en, pt or und"}
		}
	case qfCue:
		t.value = strings.ToLower(t.value)
	case qfTheme:
		// Each word is a regular expression over the theme keys.
		if n := len(strings.Fields(t.value)); n > maxThemeWords {
			return &QueryError{Offset: at, Message: fmt.Sprintf("theme: has %d words, over the limit of %d", n, maxThemeWords)}
		}
	case qfAfter, qfBefore:
		from, to, ok := parseDay(t.value)
		if !ok {
			return &QueryError{Offset: at, Message: fmt.Sprintf("bad date %q in %s:", t.value, t.field), Hint: "want YYYY-MM-DD, YYYY-MM or YYYY"}
		}
		t.from, t.to = from, to
	}
	return nil
}

func oneOf(t *term, at int, allowed []string) error {
	if slices.Contains(allowed, t.value) {
		return nil
	}
	e := &QueryError{Offset: at, Message: fmt.Sprintf("unknown %s %q", t.field, t.value)}
	if s := closest(t.value, allowed); s != "" {
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
		if err != nil || !indexable(t) {
			continue
		}
		return t, t.AddDate(l.y, l.m, l.d), true
	}
	return from, to, false
}

// closest returns the candidate within two edits of s, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 64
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

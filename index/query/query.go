package query

import (
	"fmt"
	"strings"
	"time"
)

// Limits of a query.
const (
	// MaxBytes bounds a query's text; longer text is an *Error.
	MaxBytes = 1024
	// MaxTerms bounds the words, phrases and filters of one query.
	MaxTerms = 32
	// MaxWordBytes bounds one word of a query, alone or inside a phrase. A
	// longer word is an *Error: no real word is that long, and typo
	// matching of a very long word costs time out of proportion (Bleve's
	// Levenshtein automaton gives up near 600 letters).
	MaxWordBytes = 64
	// maxThemeWords bounds the words of a theme: filter.
	maxThemeWords = 8
)

// Fields of the query language, the names before a colon.
const (
	FieldClient = "client"
	FieldSource = "source"
	FieldKind   = "kind"
	FieldCue    = "cue"
	FieldTheme  = "theme"
	FieldEntity = "entity"
	FieldLang   = "lang"
	FieldAfter  = "after"
	FieldBefore = "before"
)

// fields are the known field names, in the order messages list them.
var fields = []string{FieldClient, FieldSource, FieldKind, FieldCue, FieldTheme, FieldEntity, FieldLang, FieldAfter, FieldBefore}

// Error is query text that does not parse. Offset is the byte offset in
// the text where the problem starts; Hint, when set, says what to do. Its
// Error reads like `unknown field "clinet" at 0: did you mean client?`.
type Error struct {
	Offset  int
	Message string
	Hint    string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s at %d", e.Message, e.Offset)
	if e.Hint != "" {
		s += ": " + e.Hint
	}
	return s
}

// Kind is what a Term matches.
type Kind int

// The kinds of Term.
const (
	Word   Kind = iota // one word, analysed per field
	Phrase             // words in order
	Filter             // field:value
)

// Term is one word, phrase or filter of a query.
type Term struct {
	Kind Kind
	// Field is a Filter's field, one of the Field constants.
	Field string
	// Value is the word, the phrase (its words joined by one space) or the
	// filter's value, normalised as the index stores it (a client
	// case-folded, a source lower-cased).
	Value   string
	Negated bool
	// Offset is where the term starts in the text.
	Offset int
	// From and To are an after: or before: filter's day, month or year as
	// the half-open range [From, To), in UTC.
	From, To time.Time
}

// Query is a parsed query: a conjunction of Clauses, each a disjunction
// of one or more Terms. The zero value is the empty query, which matches
// everything.
type Query struct {
	Clauses [][]Term
}

// Terms is the number of terms in q.
func (q *Query) Terms() int {
	n := 0
	for _, c := range q.Clauses {
		n += len(c)
	}
	return n
}

// String writes q back in the query language; parsing it gives q again.
func (q *Query) String() string {
	var b strings.Builder
	for i, c := range q.Clauses {
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

// String writes t in the query language.
func (t Term) String() string {
	s := ""
	if t.Negated {
		s = "-"
	}
	switch t.Kind {
	case Phrase:
		return s + `"` + t.Value + `"`
	case Filter:
		v := t.Value
		if strings.ContainsFunc(v, isSpace) || v == "" || strings.HasPrefix(v, "//") {
			v = `"` + v + `"`
		}
		return s + t.Field + ":" + v
	}
	if !t.Negated && (t.Value == "OR" || t.Value == "AND") {
		// The word itself, as in `OR"x"`: alone it would be the keyword,
		// and an empty phrase after it is nothing.
		return t.Value + `""`
	}
	return s + t.Value
}

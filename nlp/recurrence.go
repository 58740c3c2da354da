package nlp

import (
	"strings"
	"unicode"
)

// recurrencePhrases say that what a sentence reports happens again: "the
// app crashed again", "de novo", "still", "toda semana". Folded lowercase
// word sequences.
var recurrencePhrases = [][]string{
	{"again"}, {"still"}, {"keeps"}, {"keep"}, {"kept"}, {"repeatedly"}, {"recurring"},
	{"every", "time"}, {"every", "day"}, {"every", "morning"}, {"every", "week"}, {"every", "month"},
	{"most", "nights"}, {"most", "days"}, {"same", "as", "before"}, {"once", "more"},
	{"de", "novo"}, {"novamente"}, {"outra", "vez"}, {"mais", "uma", "vez"}, {"continua"}, {"continuam"},
	{"sempre"}, {"toda", "vez"}, {"todo", "dia"}, {"toda", "semana"}, {"todo", "mes"}, {"voltou", "a"},
}

// StatesRecurrence reports whether text says that what it reports
// happens again or keeps happening ("hit the limit again", "o sistema
// ficou lento de novo", "still no way to"): a single document that says so
// is not a one-off incident.
func StatesRecurrence(text string) bool {
	words := strings.FieldsFunc(lowerKey(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range words {
		if phraseAt(words, i, recurrencePhrases) > 0 {
			return true
		}
	}
	return false
}

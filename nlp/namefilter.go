package nlp

import (
	_ "embed"
	"strings"
	"unicode"
)

//go:embed data/notnames.txt
var notNamesData string

// parseNotNames reads data/notnames.txt: its words by kind
// ("nationality", "jobtitle" and "month").
func parseNotNames(data string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(data, "\n") {
		kind, words, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if out[kind] == nil {
			out[kind] = map[string]bool{}
		}
		for _, w := range strings.Fields(words) {
			out[kind][w] = true
			out[kind][Fold(w)] = true
		}
	}
	return out
}

// notAName reports whether a tagged span labelled label is a language,
// nationality, job title or month rather than what the label says:
// "English" and "Portuguese" are never PERSON, LOCATION or ORG,
// "Industrial Designer" is no PERSON or LOCATION, and "Marco" (a month
// written without its cedilla) no LOCATION.
func notAName(text, label string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '/'
	})
	if len(words) == 0 {
		return false
	}
	notNames := lists().notNames
	allNationality := true
	for _, w := range words {
		allNationality = allNationality && notNames["nationality"][w]
	}
	last := strings.Trim(words[len(words)-1], ".")
	switch label {
	case LabelPerson, LabelLocation:
		return allNationality || notNames["jobtitle"][last] || label == LabelLocation && len(words) == 1 && notNames["month"][last]
	case LabelOrg, LabelProduct:
		return allNationality || len(words) == 1 && notNames["month"][last]
	}
	return false
}

package nlp

import (
	"regexp"
	"strings"
)

// speakerLine matches a transcript line that starts with a speaker's name
// and a colon: "Tom Becker: ...", "Dra. Fernanda: ...".
var speakerLine = regexp.MustCompile(`(?m)^[ \t]*(\p{Lu}[\p{L}'’.-]*(?:[ \t]+\p{Lu}[\p{L}'’.-]*){0,2})[ \t]*:[ \t]`)

// speakerEntities returns, as PERSON, the names that open transcript lines.
// A role ("Agent", "Cliente", "Project Manager") or a header ("Subject",
// "Next Steps") is no name: none of a name's words may be one usually
// written in lowercase, and its last may not be a job title.
func (a *Analyzer) speakerEntities(text string) []Entity {
	if !strings.Contains(text, ":") {
		return nil
	}
	var out []Entity
	for _, m := range speakerLine.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[2], m[3]
		name := text[start:end]
		if !a.looksLikeName(name) || notAName(name, LabelPerson) {
			continue
		}
		out = append(out, Entity{Text: name, Label: LabelPerson, Start: start, End: end, Source: SourceRule})
	}
	return out
}

// headerWords open lines without naming anyone: mail headers and
// abbreviations a tagger's lexicon may not know as lowercase words.
var headerWords = map[string]bool{
	"re": true, "fw": true, "fwd": true, "cc": true, "bcc": true, "ps": true, "obs": true,
	"nb": true, "tl;dr": true, "assunto": true, "enviado": true, "sent": true, "date": true,
	"data": true, "tel": true, "fone": true, "email": true, "e-mail": true, "att": true,
}

// looksLikeName reports whether no word of name is usually written in
// lowercase in either language, and name is not an acronym ("FAQ", "Q").
func (a *Analyzer) looksLikeName(name string) bool {
	if isAcronym(name) || len(name) < 2 {
		return false
	}
	for _, w := range strings.Fields(name) {
		w = strings.TrimRight(w, ".")
		if headerWords[strings.ToLower(w)] {
			return false
		}
		if a.usuallyLower(w) {
			return false
		}
	}
	return true
}

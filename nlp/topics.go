package nlp

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

//go:embed data/topics.txt
var topicsData string

// topic is one line of data/topics.txt: a theme that needs raised in
// different words share.
type topic struct {
	key, label string
	phrases    [][]string // content-word stems of each phrase
}

// loadTopics parses data/topics.txt once. A malformed line is a build
// mistake that TestTopics catches, and is skipped here.
var loadTopics = sync.OnceValue(func() []topic {
	var out []topic
	for line := range strings.Lines(topicsData) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 3 {
			continue
		}
		t := topic{key: strings.TrimSpace(f[0]), label: strings.TrimSpace(f[1])}
		for _, p := range strings.Split(f[2], ",") {
			lang, phrase, ok := strings.Cut(strings.TrimSpace(p), ":")
			if !ok {
				continue
			}
			if stems := contentStems(Language(lang), strings.Fields(phrase)); len(stems) > 0 {
				t.phrases = append(t.phrases, stems)
			}
		}
		out = append(out, t)
	}
	return out
})

// contentStems returns the stems of words that are not stop words.
func contentStems(lang Language, words []string) []string {
	var out []string
	for _, w := range words {
		if isStopWord(lang, lowerKey(w)) || !hasLetterOrDigit(w) {
			continue
		}
		out = append(out, Stem(lang, normalizeApostrophe(w)))
	}
	return out
}

// topicOf returns the first topic (in file order) one of whose phrases
// occurs in the sentence toks, written in lang.
func topicOf(lang Language, toks []Token) (topic, bool) {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = t.Text
	}
	stems := contentStems(lang, words)
	for _, t := range loadTopics() {
		for _, p := range t.phrases {
			if containsRun(stems, p) {
				return t, true
			}
		}
	}
	return topic{}, false
}

// containsRun reports whether run occurs in s as consecutive elements.
func containsRun(s, run []string) bool {
	for i := 0; i+len(run) <= len(s); i++ {
		if slices.Equal(s[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 || hasLetter(s)
}

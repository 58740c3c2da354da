package nlp

import (
	"slices"
	"strings"
)

// QueryTheme is a theme that a search phrase names: one of the topics of
// data/topics.txt or a concept of data/concepts.txt. Key is the theme key
// needs of that topic carry (empty for a concept); Label is readable;
// Phrases are the words, in English and Portuguese, that say it.
type QueryTheme struct {
	Key     string
	Label   string
	Phrases []ThemePhrase
	// Keys are more theme keys that need records of this theme carry (a
	// learned grouping files several under one theme).
	Keys []string
}

// ThemePhrase is one way of saying a theme, in one language.
type ThemePhrase struct {
	Lang Language
	Text string
}

// QueryThemes returns the themes a search phrase names, in either
// language: the topics and the search glossary's lines one of whose
// phrases it contains, and the concepts of its words, in file order, each
// once. A phrase that names no theme
// gives nil. The slice is the caller's. It is safe for concurrent use.
//
// It is the seam through which search matches by meaning; a learned theme
// grouping can replace it with the same contract.
func QueryThemes(phrase string) []QueryTheme {
	words := strings.Fields(phrase)
	var out []QueryTheme
	seen := map[string]bool{}
	stems := map[Language][]string{English: contentStems(English, words), Portuguese: contentStems(Portuguese, words)}
	for _, t := range slices.Concat(lists().queryTopics, lists().glossary.topics) {
		for _, p := range t.stems {
			if len(p.stems) > 0 && containsRun(stems[p.lang], p.stems) && !seen[t.Label] {
				seen[t.Label] = true
				out = append(out, t.QueryTheme)
			}
		}
	}
	for _, c := range lists().queryConcepts {
		for _, w := range c.words {
			if slices.Contains(stems[w.lang], w.stem) && !seen[c.Label] {
				seen[c.Label] = true
				out = append(out, c.QueryTheme)
			}
		}
	}
	return out
}

// langStems is a phrase of a theme, as the stems of its content words.
type langStems struct {
	lang  Language
	stems []string
}

// queryTopic is a topic with the stems of each phrase.
type queryTopic struct {
	QueryTheme
	stems []langStems
}

// queryConcept is a concept with the stem of each word.
type queryConcept struct {
	QueryTheme
	words []struct {
		lang Language
		stem string
	}
}

// parseQueryTopics reads data/topics.txt with the phrases as written.
// Malformed lines are parseTopics' to report.
func parseQueryTopics(wl *wordLists, data string) ([]queryTopic, error) {
	var out []queryTopic
	for line := range strings.Lines(data) {
		f := strings.Split(line, "|")
		if strings.HasPrefix(strings.TrimSpace(line), "#") || len(f) != 3 {
			continue
		}
		t := queryTopic{QueryTheme: QueryTheme{Key: strings.TrimSpace(f[0]), Label: strings.TrimSpace(f[1])}}
		for _, p := range strings.Split(f[2], ",") {
			lang, phrase, ok := strings.Cut(strings.TrimSpace(p), ":")
			if !ok {
				continue
			}
			phrase = strings.ReplaceAll(phrase, "=", "") // a query matches an exact word (topics.go) by its stem
			t.Phrases = append(t.Phrases, ThemePhrase{Language(lang), phrase})
			t.stems = append(t.stems, langStems{Language(lang), wl.contentStems(Language(lang), strings.Fields(phrase))})
		}
		out = append(out, t)
	}
	return out, nil
}

// parseQueryConcepts reads data/concepts.txt with the words as written;
// the concept's own name is one of its English words.
// Malformed lines are parseConcepts' to report.
func parseQueryConcepts(data string) ([]queryConcept, error) {
	var out []queryConcept
	for line := range strings.Lines(data) {
		f := strings.Fields(line)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		c := queryConcept{QueryTheme: QueryTheme{Label: f[0]}}
		for _, lw := range append([]string{"en:" + f[0]}, f[1:]...) {
			lang, w, ok := strings.Cut(lw, ":")
			if !ok || slices.Contains(c.Phrases, ThemePhrase{Language(lang), w}) {
				continue
			}
			c.Phrases = append(c.Phrases, ThemePhrase{Language(lang), w})
			c.words = append(c.words, struct {
				lang Language
				stem string
			}{Language(lang), Stem(Language(lang), w)})
		}
		out = append(out, c)
	}
	return out, nil
}

// LexiconMatch is a theme of the shipped lexicon that a sentence says,
// and the phrase of it that the sentence holds.
type LexiconMatch struct {
	Theme  string      // the theme's label
	Phrase ThemePhrase // the phrase, as the lexicon writes it
}

// SentenceThemes returns the topics and search glossary lines (what
// QueryThemes reads, without the concepts, which concept stems already
// join) one of whose phrases a sentence holds, read in the language it
// is detected in, each once with the first of its phrases found: "Does
// Clinora have 2FA?" and "queremos verificação em duas etapas" both say
// the topic two-factor. It lets a caller compare sentences across wording
// and language. It is safe for concurrent use.
func SentenceThemes(text string) []LexiconMatch {
	lang := sentenceLanguage(text)
	var words []string
	for _, t := range phraseTokens(lang, text) {
		words = append(words, t.Text)
	}
	stems := contentStems(lang, words)
	var out []LexiconMatch
	for _, t := range slices.Concat(lists().queryTopics, lists().glossary.topics) {
		for i, p := range t.stems {
			if p.lang == lang && len(p.stems) > 0 && containsRun(stems, p.stems) {
				out = append(out, LexiconMatch{Theme: t.Label, Phrase: t.Phrases[i]})
				break
			}
		}
	}
	return out
}

package nlp

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	//go:embed data/stopwords_en.txt
	stopwordsEN string
	//go:embed data/stopwords_pt.txt
	stopwordsPT string
)

// wordLists holds the stop words of each language and the words that tell
// the languages apart (stop words of one language that are not stop words of
// the other).
type wordLists struct {
	stop     map[Language]map[string]bool
	evidence map[Language]map[string]bool
}

// parseWordLists reads the English and Portuguese stop word lists.
func parseWordLists(stopEN, stopPT string) *wordLists {
	en, pt := parseWordList(stopEN), parseWordList(stopPT)
	w := &wordLists{
		stop:     map[Language]map[string]bool{English: en, Portuguese: pt},
		evidence: map[Language]map[string]bool{English: {}, Portuguese: {}},
	}
	for word := range en {
		if !pt[word] && !pt[Fold(word)] {
			w.evidence[English][word] = true
		}
	}
	for word := range pt {
		if !en[word] && !en[Fold(word)] {
			w.evidence[Portuguese][word] = true
		}
	}
	return w
}

// parseWordList reads whitespace-separated words, skipping # comments. Words
// are stored as written and folded, so "não" and "nao" both count.
func parseWordList(s string) map[string]bool {
	m := make(map[string]bool)
	for line := range strings.Lines(s) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[w] = true
			m[Fold(w)] = true
		}
	}
	return m
}

// isStopWord reports whether the lowercase word is a stop word of lang, or
// of either language when lang is neither.
func isStopWord(lang Language, word string) bool { return lists().words.isStop(lang, word) }

// isStop reports whether the lowercase word is a stop word of lang, or of
// either language when lang is neither.
func (wl *wordLists) isStop(lang Language, word string) bool {
	if m, ok := wl.stop[lang]; ok {
		return m[word]
	}
	return wl.stop[English][word] || wl.stop[Portuguese][word]
}

// DetectLanguage tells English from Portuguese by scoring stop words that
// belong to one language only and letter patterns typical of each (ã, ç and
// "-ção" for Portuguese; "-ing", "-tion" and "th" for English). It returns
// Unknown when the text gives no evidence or equal evidence for both, as a
// number, a name or a greeting shared by both languages does.
//
// DetectLanguage is safe for concurrent use.
func DetectLanguage(text string) Language {
	en, pt := languageScores(text)
	switch {
	case en > pt:
		return English
	case pt > en:
		return Portuguese
	default:
		return Unknown
	}
}

// languageScores returns the evidence for English and for Portuguese.
func languageScores(text string) (en, pt float64) {
	wl := lists().words
	for _, w := range strings.FieldsFunc(text, notWordRune) {
		w = strings.ToLower(strings.Trim(w, "'’-"))
		if w == "" {
			continue
		}
		w = strings.ReplaceAll(w, "’", "'")
		switch {
		case wl.evidence[English][w]:
			en++
		case wl.evidence[Portuguese][w]:
			pt++
		}
		e, p := letterEvidence(w)
		en += e
		pt += p
	}
	return en, pt
}

// letterEvidence scores one lowercase word by its letters: partial evidence,
// worth less than a stop word.
func letterEvidence(w string) (en, pt float64) {
	for _, r := range w {
		if strings.ContainsRune("ãõçâêôáéíóúà", r) {
			pt += 0.5
			break
		}
	}
	switch {
	case strings.HasSuffix(w, "ção") || strings.HasSuffix(w, "ções") || strings.HasSuffix(w, "mente") || strings.Contains(w, "nh") || strings.Contains(w, "lh"):
		pt += 0.5
	case strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "tion") || strings.HasSuffix(w, "ly") || strings.Contains(w, "th") || strings.Contains(w, "w"):
		en += 0.5
	}
	return en, pt
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-'
}

// ParseLanguage maps a caller's language code ("en", "pt-BR", "PT") to a
// Language. It returns Unknown for an empty or malformed code; other
// well-formed codes are returned as given, lowercased.
func ParseLanguage(code string) Language {
	code = strings.ToLower(strings.TrimSpace(code))
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	if len(code) < 2 || len(code) > 3 || !utf8.ValidString(code) {
		return Unknown
	}
	for _, r := range code {
		if r < 'a' || r > 'z' {
			return Unknown
		}
	}
	return Language(code)
}

// majorityLanguage returns the language most words of the text are in,
// weighting each sentence's detected language by its length. Unknown when no
// sentence gave evidence.
func majorityLanguage(text string, sents []Sentence, detected []Language) Language {
	weight := map[Language]int{}
	for i, s := range sents {
		if detected[i] != Unknown {
			weight[detected[i]] += len(strings.Fields(s.Text))
		}
	}
	best, bestW := Unknown, 0
	for _, l := range []Language{English, Portuguese} {
		if weight[l] > bestW {
			best, bestW = l, weight[l]
		}
	}
	if best == Unknown && len(sents) == 0 {
		return DetectLanguage(text)
	}
	return best
}

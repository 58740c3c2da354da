package nlp

import (
	_ "embed"
	"slices"
	"strings"
	"unicode/utf8"
)

// glossaryData is data/glossary.txt: general support vocabulary that
// search matches by meaning, and the vague words a query may omit.
//
//go:embed data/glossary.txt
var glossaryData string

// glossary is the parsed search glossary: its lines as query topics
// without a theme key, and its optional words.
type glossary struct {
	topics   []queryTopic
	optional map[string]bool
}

// parseGlossary reads data/glossary.txt. Its lines are those of
// data/topics.txt without the key; a line "optional: ..." lists words.
func parseGlossary(wl *wordLists, data string) glossary {
	g := glossary{optional: map[string]bool{}}
	for line := range strings.Lines(data) {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "optional:"); ok {
			for _, w := range strings.Fields(rest) {
				g.optional[Fold(strings.ToLower(w))] = true
			}
			continue
		}
		label, phrases, ok := strings.Cut(line, "|")
		if strings.HasPrefix(line, "#") || !ok {
			continue
		}
		t := queryTopic{QueryTheme: QueryTheme{Label: strings.TrimSpace(label)}}
		for _, p := range strings.Split(phrases, ",") {
			lang, phrase, ok := strings.Cut(strings.TrimSpace(p), ":")
			if !ok || phrase == "" {
				continue
			}
			t.Phrases = append(t.Phrases, ThemePhrase{Language(lang), phrase})
			t.stems = append(t.stems, langStems{Language(lang), wl.contentStems(Language(lang), strings.Fields(phrase))})
		}
		g.topics = append(g.topics, t)
	}
	return g
}

// OptionalQueryWord reports whether a search word is too vague to be
// required ("problems", "issue", "sistema") when the query has other
// words: it then only adds to the score. Case and accents are ignored.
func OptionalQueryWord(w string) bool {
	return lists().glossary.optional[Fold(strings.ToLower(w))]
}

// NearThemeWords returns the words of the theme vocabulary (the phrases
// of topics, concepts and the search glossary, folded to lowercase) that
// are within edits of w by TypoDistance and start with its letter,
// nearest first, at most three: what a misspelt search word most likely
// meant. A word of the vocabulary is no typo: it gets none ("audit" is
// not a misspelt "audio").
func NearThemeWords(w string, edits int) []string {
	key := Fold(strings.ToLower(w))
	if _, ok := slices.BinarySearch(lists().themeVocabulary, key); ok {
		return nil
	}
	first, _ := utf8.DecodeRuneInString(key)
	type near struct {
		word string
		d    int
	}
	var found []near
	for _, v := range lists().themeVocabulary {
		if r, _ := utf8.DecodeRuneInString(v); r != first || v == key {
			continue
		}
		if d := TypoDistance(key, v); d <= edits {
			found = append(found, near{v, d})
		}
	}
	slices.SortStableFunc(found, func(a, b near) int { return a.d - b.d })
	out := make([]string, 0, min(len(found), 3))
	for _, n := range found[:min(len(found), 3)] {
		out = append(out, n.word)
	}
	return out
}

// themeVocabulary lists, sorted and once each, the folded words of at
// least four letters in the phrases of topics, concepts and the glossary.
func themeVocabulary(b *builtin) []string {
	seen := map[string]bool{}
	add := func(ps []ThemePhrase) {
		for _, p := range ps {
			for _, w := range strings.Fields(strings.ToLower(p.Text)) {
				if w = Fold(w); utf8.RuneCountInString(w) >= 4 {
					seen[w] = true
				}
			}
		}
	}
	for _, t := range b.queryTopics {
		add(t.Phrases)
	}
	for _, c := range b.queryConcepts {
		add(c.Phrases)
	}
	for _, t := range b.glossary.topics {
		add(t.Phrases)
	}
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// TypoDistance is the optimal string alignment distance between a and b
// in runes: insertions, deletions, substitutions and swaps of two
// neighbouring letters ("audti" for "audit") each count one.
func TypoDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return 64
	}
	// d[i][j] is the distance between ra[:i] and rb[:j].
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

package nlp

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

//go:embed data/topics.txt
var topicsData string

// topic is one line of data/topics.txt: a theme that needs raised in
// different words share.
type topic struct {
	key, label string
	phrases    [][]string // content-word stems of each phrase
	langs      []Language // the language of each phrase
	generic    bool       // listed after "@generic": broad, a name keys before it
}

// parseTopics parses data/topics.txt, stemming each phrase's topic words
// with the stop words of wl. A line that is not a comment, "@generic" or
// KEY|LABEL|PHRASES is an error.
func parseTopics(wl *wordLists, data string) ([]topic, error) {
	var out []topic
	generic := false
	n := 0
	exact := exactWords(data)
	for line := range strings.Lines(data) {
		n++
		if l := strings.TrimSpace(line); l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.TrimSpace(line) == "@generic" {
			generic = true
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 3 {
			return nil, fmt.Errorf("nlp: topics.txt line %d: want KEY|LABEL|PHRASES, got %q", n, strings.TrimSpace(line))
		}
		t := topic{key: strings.TrimSpace(f[0]), label: strings.TrimSpace(f[1]), generic: generic}
		for _, p := range strings.Split(f[2], ",") {
			lang, phrase, ok := strings.Cut(strings.TrimSpace(p), ":")
			if !ok {
				continue
			}
			if stems := wl.phraseStems(Language(lang), strings.Fields(phrase), exact); len(stems) > 0 {
				t.phrases = append(t.phrases, stems)
				t.langs = append(t.langs, Language(lang))
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// phraseStems returns the stems of a topic phrase's topic words, and
// for a word that some phrase writes "=word" (exact) the mark exactStem
// gives it: "=localization" is that word only, not "local" ("entrega
// local", "local authority"), which its stem would also be.
func (wl *wordLists) phraseStems(lang Language, words []string, exact map[string]bool) []string {
	var out []string
	for _, w := range words {
		w = strings.TrimPrefix(w, "=")
		if exact[lowerKey(w)] {
			out = append(out, exactStem(w))
			continue
		}
		out = append(out, wl.contentStems(lang, []string{w})...)
	}
	return out
}

// exactStem is what topic matching reads for a word that a topic phrase
// writes "=word": the word itself, folded and marked, so no other word
// of its stem matches it.
func exactStem(w string) string { return "=" + lowerKey(w) }

// plainStem is the stem s of a topic phrase as the index stems words:
// an exact word's ordinary stem.
func plainStem(lang Language, s string) string {
	if w, ok := strings.CutPrefix(s, "="); ok {
		return Stem(lang, w)
	}
	return s
}

// topicStem returns what topic phrases are matched against for the word
// w: its exact-word mark when a phrase writes it "=word", else its stem.
func topicStem(lang Language, w string) string {
	if k := lowerKey(w); lists().topicExact[k] {
		return "=" + k
	}
	return Stem(lang, normalizeApostrophe(w))
}

// exactWords returns the words that the phrases of data/topics.txt
// write "=word", folded.
func exactWords(data string) map[string]bool {
	out := map[string]bool{}
	for line := range strings.Lines(data) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, w := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '|' || r == ':' || unicode.IsSpace(r) }) {
			if k, ok := strings.CutPrefix(w, "="); ok && k != "" {
				out[lowerKey(k)] = true
			}
		}
	}
	return out
}

// topicWords are stop words that still count in topic phrases: "who
// edited", "quem alterou", "sign off", the negators and "mais" that
// make "no signal", "sem rede" and "mais uma senha" more than "signal",
// "rede" ("rede de lojas") and "senha", and the "in" that makes "hosted
// in" more than a host ("each host's share of the revenue").
var topicWords = map[string]bool{"who": true, "quem": true, "off": true, "no": true, "sem": true, "without": true, "mais": true, "in": true}

// contentStems returns the stems of words that are not stop words.
func contentStems(lang Language, words []string) []string {
	return lists().words.contentStems(lang, words)
}

// contentStems returns the stems of words that are not stop words of wl.
func (wl *wordLists) contentStems(lang Language, words []string) []string {
	var out []string
	for _, w := range words {
		if !wl.topicWord(lang, w) {
			continue
		}
		out = append(out, Stem(lang, normalizeApostrophe(w)))
	}
	return out
}

// topicWord reports whether a word counts when topic phrases are matched.
func topicWord(lang Language, w string) bool { return lists().words.topicWord(lang, w) }

// topicWord reports whether a word counts when topic phrases are matched,
// by the stop words of wl.
func (wl *wordLists) topicWord(lang Language, w string) bool {
	k := lowerKey(w)
	return hasLetterOrDigit(w) && (topicWords[k] || !wl.isStop(lang, k))
}

// topicStems is the stems of the topic words among idx of toks, and the
// token index of each: what topicIn matches phrases against.
type topicStems struct {
	stems []string
	at    []int
}

// stemsFor stems the topic words among the words idx of toks once, for
// any number of topicIn calls over them.
func stemsFor(lang Language, toks []Token, idx []int) topicStems {
	var ts topicStems
	for _, i := range idx {
		if w := toks[i].Text; topicWord(lang, w) && !verbOfTelling(lang, toks, i) && !payrollDeduction(lang, toks, i) {
			ts.stems = append(ts.stems, topicStem(lang, w))
			ts.at = append(ts.at, i)
		}
	}
	return ts
}

// topicIn returns the first topic (in file order) of the given breadth
// one of whose phrases occurs among the stemmed words ts, and the token
// span of the phrase found.
func topicIn(ts topicStems, generic bool, ok func(span [2]int) bool) (topic, [2]int, bool) {
	topics := lists().topics
	for _, r := range phrasesFrom(ts.stems) {
		t := topics[r.topic]
		if t.generic != generic {
			continue
		}
		p := t.phrases[r.phrase]
		if j := indexRun(ts.stems, p); j >= 0 {
			if sp := [2]int{ts.at[j], ts.at[j+len(p)-1] + 1}; ok == nil || ok(sp) {
				return t, sp, true
			}
		}
	}
	return topic{}, [2]int{}, false
}

// phraseRef names phrase phrase of topic topic of lists().topics.
type phraseRef struct{ topic, phrase int }

// phrasesFrom returns the topic phrases that begin with one of stems, in
// file order: the only phrases that can occur among them. (No phrase is
// empty.)
func phrasesFrom(stems []string) []phraseRef {
	first := lists().topicFirst
	var out []phraseRef
	for _, s := range stems {
		out = append(out, first[s]...)
	}
	slices.SortFunc(out, func(a, b phraseRef) int {
		return cmp.Or(cmp.Compare(a.topic, b.topic), cmp.Compare(a.phrase, b.phrase))
	})
	return slices.Compact(out)
}

// settingWords introduce where or through what something happens, not
// what it is: "pedir a troca no aplicativo", "reconhecimento facial pelo
// celular", "in the mobile app".
var settingWords = map[string]bool{
	"in": true, "on": true, "at": true, "via": true, "through": true, "inside": true, "within": true,
	"no": true, "na": true, "nos": true, "nas": true, "em": true, "pelo": true, "pela": true, "dentro": true,
}

// settingArticles may stand between a setting word and its noun.
var settingArticles = map[string]bool{"the": true, "a": true, "an": true, "our": true, "your": true, "o": true, "os": true, "as": true, "um": true, "uma": true}

// inSetting reports whether the span of toks is the noun of a setting
// phrase ("no aplicativo", "in the app"): a generic topic there is where
// a need is raised, and the rest of the clause says what it is about.
func inSetting(toks []Token, span [2]int) bool {
	i := span[0] - 1
	if i >= 0 && settingArticles[lowerKey(toks[i].Text)] {
		i--
	}
	return i >= 0 && settingWords[lowerKey(toks[i].Text)]
}

// topicOf returns the first topic (in file order) one of whose phrases
// occurs in the sentence toks, written in lang.
func topicOf(lang Language, toks []Token) (topic, bool) {
	var stems []string
	for _, t := range toks {
		if topicWord(lang, t.Text) {
			stems = append(stems, topicStem(lang, t.Text))
		}
	}
	if !anyTopicStart(stems) {
		return topic{}, false
	}
	for _, t := range lists().topics {
		for _, p := range t.phrases {
			if containsRun(stems, p) {
				return t, true
			}
		}
	}
	return topic{}, false
}

// firstStems maps the first stem of every phrase of topics to the
// phrases it begins, in file order.
func firstStems(topics []topic) map[string][]phraseRef {
	out := map[string][]phraseRef{}
	for i, t := range topics {
		for j, p := range t.phrases {
			out[p[0]] = append(out[p[0]], phraseRef{i, j})
		}
	}
	return out
}

// anyTopicStart reports whether one of stems begins a topic phrase:
// when none does, no phrase occurs among them, and matching every phrase
// can be skipped.
func anyTopicStart(stems []string) bool {
	first := lists().topicFirst
	return slices.ContainsFunc(stems, func(s string) bool { return len(first[s]) > 0 })
}

// containsRun reports whether run occurs in s as consecutive elements.
func containsRun(s, run []string) bool { return indexRun(s, run) >= 0 }

// indexRun returns where run first occurs in s as consecutive elements,
// or -1.
func indexRun(s, run []string) int {
	for i := 0; i+len(run) <= len(s); i++ {
		if slices.Equal(s[i:i+len(run)], run) {
			return i
		}
	}
	return -1
}

func hasLetterOrDigit(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' }) >= 0 || hasLetter(s)
}

// verbOfTelling reports whether token i is English "report" used as a verb
// after a subject, a modal or "to" ("whether we can report their rent
// payments", "we report their rent to the credit bureaus"): telling
// someone, not the reports and dashboards topic.
func verbOfTelling(lang Language, toks []Token, i int) bool {
	if lang != English || i == 0 {
		return false
	}
	switch lowerKey(toks[i].Text) {
	case "report", "reports", "reported":
	default:
		return false
	}
	return tellingSubjects[lowerKey(normalizeApostrophe(toks[i-1].Text))]
}

// tellingSubjects are the words before "report" that make it a verb.
var tellingSubjects = map[string]bool{
	"we": true, "i": true, "you": true, "they": true, "to": true, "can": true, "could": true,
	"will": true, "would": true, "should": true, "must": true, "cannot": true, "also": true, "please": true,
}

// payrollDeduction reports whether token i is Portuguese "desconto" or
// "descontar" said of the payroll ("descontar uma parte pequena em folha",
// "desconto na folha"): a deduction from wages, not the price and
// discounts topic.
func payrollDeduction(lang Language, toks []Token, i int) bool {
	if lang != Portuguese || !strings.HasPrefix(lowerKey(toks[i].Text), "descont") {
		return false
	}
	for j := i + 1; j < len(toks) && j <= i+5; j++ {
		if lowerKey(toks[j].Text) == "folha" {
			return true
		}
	}
	return false
}

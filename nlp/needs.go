package nlp

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/ckmhq/ckm"
	"github.com/jdkato/prose/v3/tokenize"
)

//go:embed data/cues.txt
var cuesData string

// cuePhrase is one line of data/cues.txt, its words reduced to match keys.
type cuePhrase struct {
	cue      string
	kind     string
	strength float64
	keys     []string // match keys; "*" is one to three words
	text     string
}

// lexicon holds the cue phrases of each language and the hedge words of
// both (folded lowercase): words that make a need hypothetical.
type lexicon struct {
	phrases map[Language][]cuePhrase
	hedges  map[string]bool
}

// parseCues reads data/cues.txt (see its header for the format). Phrases
// are tokenized with the same tokenizer as documents, so contractions split
// the same way on both sides.
func parseCues(data string, tk *tokenize.Tokenizer) (lexicon, error) {
	kinds := map[string]string{}
	lex := lexicon{phrases: map[Language][]cuePhrase{}, hedges: map[string]bool{}}
	n := 0
	for line := range strings.Lines(data) {
		n++
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if f[0] == "kind" && len(f) == 3 {
			kinds[f[1]] = f[2]
			continue
		}
		if f[0] == "hedge" && len(f) >= 3 {
			for _, w := range f[2:] {
				lex.hedges[lowerKey(w)] = true
			}
			continue
		}
		lang := Language(f[0])
		if len(f) < 4 || (lang != English && lang != Portuguese) || kinds[f[1]] == "" {
			return lexicon{}, fmt.Errorf("nlp: cues line %d: want \"LANG CUE STRENGTH PHRASE\" with a known cue: %q", n, strings.TrimSpace(line))
		}
		s, err := strconv.ParseFloat(f[2], 64)
		if err != nil || s <= 0 || s > 1 {
			return lexicon{}, fmt.Errorf("nlp: cues line %d: strength %q is not in (0, 1]", n, f[2])
		}
		p := cuePhrase{cue: f[1], kind: kinds[f[1]], strength: s, text: strings.Join(f[3:], " ")}
		for _, t := range tk.Tokenize(p.text) {
			if t.Text == "*" {
				p.keys = append(p.keys, "*")
			} else if isWord(t.Text) {
				p.keys = append(p.keys, Stem(lang, normalizeApostrophe(t.Text)))
			}
		}
		lex.phrases[lang] = append(lex.phrases[lang], p)
	}
	return lex, nil
}

// word is a word token of a sentence, as the cue matcher sees it.
type word struct {
	key   string // stem in the cue's language
	lower string // folded lowercase text
	tok   int    // index into the sentence's tokens
	hedge bool   // a hedge word ("maybe", "se", "talvez")
}

// skippable words may sit between the words of a cue phrase: "we really
// need", "we don't need".
var skippable = map[string]bool{
	"do": true, "does": true, "did": true, "really": true, "also": true, "still": true,
	"definitely": true, "just": true, "absolutely": true, "urgently": true, "actually": true,
	"wo": true, "ca": true, "will": true, "would": true, "realmente": true, "tambem": true,
	"ainda": true, "muito": true, "urgentemente": true, "mesmo": true, "so": true,
}

// negators turn a need around: "we don't need", "não precisamos".
var negators = map[string]bool{
	"not": true, "n't": true, "never": true, "no": true, "nao": true, "nunca": true, "nem": true,
}

// cueMatch is a cue phrase found in a sentence, as word indexes [first, last).
type cueMatch struct {
	phrase      *cuePhrase
	first, last int
	negated     bool
	hedged      bool
}

// findCues returns the best match of each cue in the sentence's words (see
// better), in the order the cues first occur in the lexicon.
func findCues(phrases []cuePhrase, words []word) []cueMatch {
	best := map[string]int{}
	var out []cueMatch
	for pi := range phrases {
		p := &phrases[pi]
		for i := range words {
			last, neg, ok := matchFrom(p.keys, words, i, false)
			if !ok {
				continue
			}
			m := cueMatch{phrase: p, first: i, last: last, negated: neg || negatedBefore(words, i)}
			if j, seen := best[p.cue]; !seen {
				best[p.cue] = len(out)
				out = append(out, m)
			} else if better(m, out[j]) {
				out[j] = m
			}
		}
	}
	return out
}

// better orders the matches of one cue: the stronger phrase, then an
// affirmed need over a negated one ("we don't need X, we need Y"), then the
// longer phrase, then the earlier.
func better(a, b cueMatch) bool {
	if a.phrase.strength != b.phrase.strength {
		return a.phrase.strength > b.phrase.strength
	}
	if a.negated != b.negated {
		return !a.negated
	}
	if len(a.phrase.keys) != len(b.phrase.keys) {
		return len(a.phrase.keys) > len(b.phrase.keys)
	}
	return a.first < b.first
}

// matchFrom matches keys against words starting at words[i]. When skip is
// set, up to two skippable words may come before the first key; negated
// reports whether a skipped word was a negator.
func matchFrom(keys []string, words []word, i int, skip bool) (last int, negated, ok bool) {
	if len(keys) == 0 {
		return i, false, true
	}
	if keys[0] == "*" {
		for n := 1; n <= 3 && i+n <= len(words); n++ {
			if last, neg, ok := matchFrom(keys[1:], words, i+n, true); ok {
				return last, neg, true
			}
		}
		return 0, false, false
	}
	maxSkip := 0
	if skip {
		maxSkip = 2
	}
	for n := 0; n <= maxSkip && i+n < len(words); n++ {
		if n > 0 && !passable(words[i+n-1]) {
			break
		}
		if words[i+n].key != keys[0] {
			continue
		}
		last, neg, ok := matchFrom(keys[1:], words, i+n+1, true)
		if ok {
			for _, w := range words[i : i+n] {
				neg = neg || negators[w.lower]
			}
			return last, neg, true
		}
	}
	return 0, false, false
}

// passable reports whether a word may sit between the words of a cue
// phrase: a skippable adverb, a negator or a hedge.
func passable(w word) bool {
	return skippable[w.lower] || negators[w.lower] || w.hedge
}

// negatedBefore reports whether one of the three words before words[i] is
// a negator.
func negatedBefore(words []word, i int) bool {
	for j := max(0, i-3); j < i; j++ {
		if negators[words[j].lower] {
			return true
		}
	}
	return false
}

// weakCue is the strength under which a cue phrase ("vamos", "we will") is
// reported only when no stronger cue is found in the same sentence.
const weakCue = 0.6

// ruleNeed is a need found by a cue phrase, with the phrase that found it.
type ruleNeed struct {
	Need
	phrase string
}

// findNeeds returns the needs the cue phrases find in one sentence: one per
// cue at most. A request hides a question in the same sentence, and a strong
// cue hides a weak one. An agent's requests and questions are not needs.
func (a *Analyzer) findNeeds(doc *ckm.Document, s Sentence, toks []Token) []ruleNeed {
	speaker := speakerAt(doc, s.Start)
	question := isQuestion(s.Text)
	var needs []ruleNeed
	for _, lang := range cueLanguages(s.Language) {
		words := sentenceWords(lang, s.Language, toks, a.cues.hedges)
		matches := findCues(a.cues.phrases[lang], words)
		hasRequest, hasStrong := false, false
		for _, m := range matches {
			hasRequest = hasRequest || m.phrase.cue == "request"
			hasStrong = hasStrong || m.phrase.strength >= weakCue
		}
		for _, m := range matches {
			if (m.phrase.cue == "question" && hasRequest) || (m.phrase.strength < weakCue && hasStrong) ||
				(speaker == SpeakerAgent && (question || m.phrase.kind == KindExplicit)) {
				continue
			}
			m.hedged = hedgedOutside(words, m)
			needs = append(needs, ruleNeed{a.need(s, toks, words, m, lang, speaker, question), m.phrase.text})
		}
		if len(needs) > 0 {
			break
		}
	}
	return needs
}

// isQuestion reports whether a sentence ends with a question mark.
func isQuestion(s string) bool {
	return strings.HasSuffix(strings.TrimRight(s, " \"'”)"), "?")
}

// hedgedOutside reports whether the sentence holds a hedge word that is
// not a word of the cue phrase: "if we grow we need SSO", "we might need
// SSO", "talvez precisemos". A phrase's own words ("it would be great if")
// do not count.
func hedgedOutside(words []word, m cueMatch) bool {
	for _, w := range words {
		if w.hedge && !slices.Contains(m.phrase.keys, w.key) {
			return true
		}
	}
	return false
}

// need builds the Need of a cue match with its rule confidence: the
// phrase's strength, raised for a question that ends in "?", lowered when no
// theme is found, when the speaker is an agent and when it is hedged. The
// need model recalibrates the confidence of the cues it knows (see
// modelNeeds).
func (a *Analyzer) need(s Sentence, toks []Token, words []word, m cueMatch, lang Language, speaker string, question bool) Need {
	theme, key := themeOf(lang, toks, words[m.first].tok, words[m.last-1].tok+1)
	conf := m.phrase.strength
	if m.phrase.cue == "question" && question {
		conf += 0.1
	}
	if theme == "" {
		conf *= 0.8
	}
	if speaker == SpeakerAgent {
		conf *= 0.5
	}
	if m.hedged {
		conf *= 0.8
	}
	return Need{
		Kind: m.phrase.kind, Cue: m.phrase.cue, Theme: theme, ThemeKey: key,
		Text: s.Text, Start: s.Start, End: s.End, Speaker: speaker, Negated: m.negated,
		Hedged: m.hedged, Confidence: roundConf(conf),
	}
}

// roundConf clamps a confidence to [0, 1] and rounds it to two decimals.
func roundConf(c float64) float64 {
	return math.Round(min(1, max(0, c))*100) / 100
}

// cueLanguages lists the lexicons to try on a sentence: its own, or both
// when its language is not one ckm analyses.
func cueLanguages(l Language) []Language {
	if l == English || l == Portuguese {
		return []Language{l}
	}
	return []Language{English, Portuguese}
}

// sentenceWords returns the word tokens of a sentence with match keys in
// lang, reusing the tokens' stems when they were made in lang.
func sentenceWords(lang, sentLang Language, toks []Token, hedges map[string]bool) []word {
	words := make([]word, 0, len(toks))
	for i, t := range toks {
		if !isWord(t.Text) {
			continue
		}
		key := t.Stem
		if lang != sentLang {
			key = Stem(lang, normalizeApostrophe(t.Text))
		}
		lower := Fold(strings.ToLower(normalizeApostrophe(t.Text)))
		words = append(words, word{key: key, lower: lower, tok: i, hedge: hedges[lower]})
	}
	return words
}

// speakerAt returns the role of the turn that holds offset off.
func speakerAt(doc *ckm.Document, off int) string {
	t, ok := doc.TurnAt(off)
	switch {
	case !ok:
		return SpeakerUnknown
	case t.Role == ckm.RoleCustomer:
		return SpeakerCustomer
	case t.Role == ckm.RoleAgent:
		return SpeakerAgent
	}
	return SpeakerUnknown
}

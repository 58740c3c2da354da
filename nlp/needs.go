package nlp

import (
	_ "embed"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ckmhq/ckm"
	"github.com/jdkato/prose/v3/tokenize"
)

//go:embed data/cues.txt
var cuesData string

// cuePhrase is one line of data/cues.txt, its words reduced to match keys.
type cuePhrase struct {
	cue      string
	kind     string
	also     []string // further cues the phrase signals: a switch threat is competitor+churn-risk
	strength float64
	keys     []string // match keys; "*" is one to three words, "@NAME" words of a class
	anchored bool     // written "^ ...": matches only at the start of a clause
	text     string
}

// lexicon holds the cue phrases of each language with an index of them by
// their first key, the block phrases that void a match of their cue they
// overlap ("a must have" is praise, not a requirement), the word classes
// a phrase may name ("@span"), and the hedge words of both (folded
// lowercase): words that make a need hypothetical.
type lexicon struct {
	phrases map[Language][]cuePhrase
	first   map[Language]map[string][]int // first key ("*" for any word) → indexes into phrases, ascending
	blocks  map[Language][]cuePhrase
	classes map[Language]classes
	hedges  map[string]bool
}

// classes are the word classes of one language by name.
type classes map[string]wordClass

// wordClass is a class of words a cue phrase names as "@NAME": it matches
// from min to max words in a row, each one of words (folded lowercase) or,
// when digits is set, any word with a digit ("2", "10", "1-2").
type wordClass struct {
	min, max int
	words    map[string]bool
	digits   bool
}

// has reports whether w belongs to the class.
func (c wordClass) has(w word) bool {
	return c.words[w.lower] || c.digits && strings.ContainsFunc(w.lower, unicode.IsDigit)
}

// parseCues reads data/cues.txt (see its header for the format). Phrases
// are tokenized with the same tokenizer as documents, so contractions split
// the same way on both sides.
func parseCues(data string, tk *tokenize.Tokenizer) (lexicon, error) {
	kinds := map[string]string{}
	lex := lexicon{phrases: map[Language][]cuePhrase{}, blocks: map[Language][]cuePhrase{}, classes: map[Language]classes{}, hedges: map[string]bool{}}
	n := 0
	var err error
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
		if f[0] == "class" {
			c, err := parseClass(f)
			if err != nil {
				return lexicon{}, fmt.Errorf("nlp: cues line %d: %w", n, err)
			}
			lang := Language(f[1])
			if lex.classes[lang] == nil {
				lex.classes[lang] = classes{}
			}
			lex.classes[lang][f[2]] = c
			continue
		}
		if f[0] == "block" {
			lang := Language(f[1%len(f)])
			if len(f) < 4 || (lang != English && lang != Portuguese) || kinds[f[2]] == "" {
				return lexicon{}, fmt.Errorf("nlp: cues line %d: want \"block LANG CUE PHRASE\" with a known cue: %q", n, strings.TrimSpace(line))
			}
			b := cuePhrase{cue: f[2], text: strings.Join(f[3:], " ")}
			if b.keys, b.anchored, err = phraseKeys(lang, b.text, tk, lex.classes[lang]); err != nil {
				return lexicon{}, fmt.Errorf("nlp: cues line %d: %w", n, err)
			}
			lex.blocks[lang] = append(lex.blocks[lang], b)
			continue
		}
		lang := Language(f[0])
		cues := strings.Split(f[1], "+")
		if len(f) < 4 || (lang != English && lang != Portuguese) || !allKnown(kinds, cues) {
			return lexicon{}, fmt.Errorf("nlp: cues line %d: want \"LANG CUE STRENGTH PHRASE\" with a known cue: %q", n, strings.TrimSpace(line))
		}
		s, err := strconv.ParseFloat(f[2], 64)
		if err != nil || s <= 0 || s > 1 {
			return lexicon{}, fmt.Errorf("nlp: cues line %d: strength %q is not in (0, 1]", n, f[2])
		}
		p := cuePhrase{cue: cues[0], kind: kinds[cues[0]], also: cues[1:], strength: s, text: strings.Join(f[3:], " ")}
		if p.keys, p.anchored, err = phraseKeys(lang, p.text, tk, lex.classes[lang]); err != nil {
			return lexicon{}, fmt.Errorf("nlp: cues line %d: %w", n, err)
		}
		lex.phrases[lang] = append(lex.phrases[lang], p)
	}
	lex.first = map[Language]map[string][]int{}
	for lang, ps := range lex.phrases {
		idx := map[string][]int{}
		for pi, p := range ps {
			for _, k := range firstKeys(p.keys, lex.classes[lang]) {
				idx[k] = append(idx[k], pi)
			}
		}
		lex.first[lang] = idx
	}
	return lex, nil
}

// parseClass reads a line "class LANG NAME MIN MAX WORD...": NAME matches
// MIN to MAX words in a row (0 ≤ MIN ≤ MAX ≤ 8), each one of the words,
// or any word with a digit where a word is "#".
func parseClass(f []string) (wordClass, error) {
	if len(f) < 6 || (Language(f[1]) != English && Language(f[1]) != Portuguese) {
		return wordClass{}, fmt.Errorf("want \"class LANG NAME MIN MAX WORD...\": %q", strings.Join(f, " "))
	}
	lo, err1 := strconv.Atoi(f[3])
	hi, err2 := strconv.Atoi(f[4])
	if err1 != nil || err2 != nil || lo < 0 || hi < max(lo, 1) || hi > 8 {
		return wordClass{}, fmt.Errorf("class %s: want 0 ≤ MIN ≤ MAX ≤ 8 and MAX ≥ 1, got %q %q", f[2], f[3], f[4])
	}
	c := wordClass{min: lo, max: hi, words: map[string]bool{}}
	for _, w := range f[5:] {
		if w == "#" {
			c.digits = true
		} else {
			c.words[lowerKey(w)] = true
		}
	}
	return c, nil
}

// firstKeys returns the keys a phrase is indexed by in lexicon.first: its
// first key, or for a phrase that opens with a class each word of the
// class (as "=word"), and "*" when the class takes digits or may be
// empty.
func firstKeys(keys []string, cls classes) []string {
	if len(keys) == 0 {
		return []string{"*"}
	}
	name, ok := strings.CutPrefix(keys[0], "@")
	if !ok {
		return keys[:1]
	}
	c := cls[name]
	var out []string
	for w := range c.words {
		out = append(out, "="+w)
	}
	slices.Sort(out)
	if c.digits || c.min == 0 {
		out = append(out, "*")
	}
	return out
}

// phraseKeys returns the match keys of a phrase of data/cues.txt, and
// whether it is anchored at the start of a clause ("^ add").
func phraseKeys(lang Language, text string, tk *tokenize.Tokenizer, cls classes) (keys []string, anchored bool, err error) {
	for _, f := range strings.Fields(text) {
		if f == "^" && len(keys) == 0 {
			anchored = true
			continue
		}
		if name, ok := strings.CutPrefix(f, "@"); ok {
			if _, known := cls[name]; !known {
				return nil, false, fmt.Errorf("phrase %q: class %q is not defined above it", text, name)
			}
			keys = append(keys, f)
			continue
		}
		if exact, ok := strings.CutPrefix(f, "="); ok && exact != "" {
			keys = append(keys, "="+lowerKey(exact))
			continue
		}
		if suffix, ok := strings.CutPrefix(f, "~"); ok && suffix != "" {
			keys = append(keys, "~"+lowerKey(suffix))
			continue
		}
		for _, t := range tk.Tokenize(f) {
			if t.Text == "*" {
				keys = append(keys, "*")
			} else if isWord(t.Text) {
				keys = append(keys, matchKey(lang, Stem(lang, normalizeApostrophe(t.Text)), lowerKey(t.Text)))
			}
		}
	}
	return keys, anchored, nil
}

// blocked reports whether a block phrase of m's cue matches words over
// any word of m: "must" in "a must have app", "should" in "works as it
// should". An anchored block phrase is tried where an anchored cue may
// start (see findCues).
func blocked(blocks []cuePhrase, cls classes, words []word, open int, m cueMatch) bool {
	for _, b := range blocks {
		if b.cue != m.phrase.cue {
			continue
		}
		for i := range words {
			if b.anchored && i > 0 && i != open {
				continue
			}
			if last, _, ok := matchFrom(b.keys, cls, words, i, false); ok && i < m.last && m.first < last {
				return true
			}
		}
	}
	return false
}

// allKnown reports whether every cue has a kind.
func allKnown(kinds map[string]string, cues []string) bool {
	for _, c := range cues {
		if kinds[c] == "" {
			return false
		}
	}
	return true
}

// isNegator reports whether a folded lowercase word negates in lang: "no"
// does in English and is "in the" in Portuguese.
func isNegator(lang Language, lower string) bool {
	return negators[lower] && (lower != "no" || lang == English)
}

// matchKey is the key a word is matched on: its stem, or for a negator its
// folded form, so that "nao" written without its accent matches "não".
func matchKey(lang Language, stem, lower string) string {
	if isNegator(lang, lower) {
		return "~" + lower
	}
	return stem
}

// word is a word token of a sentence, as the cue matcher sees it.
type word struct {
	key   string // stem in the cue's language
	lower string // folded lowercase text
	tok   int    // index into the sentence's tokens
	hedge bool   // a hedge word ("maybe", "se", "talvez")
	neg   bool   // a negator in the cue's language ("not", "não"; "no" only in English)
	name  bool   // a capitalised word after an article, a name (see nameAfter)
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
	"not": true, "n't": true, "never": true, "no": true, "nao": true, "nunca": true, "nem": true, "sem": true,
	"zero": true, // "zero failed mandates in June", "zero errors"
}

// cueMatch is a cue phrase found in a sentence, as word indexes [first, last).
type cueMatch struct {
	phrase      *cuePhrase
	first, last int
	negated     bool
	hedged      bool
}

// findCues returns the best match of each cue in the clause's words (see
// better) that no block phrase overlaps, in the order the cues first occur
// in the lexicon. Only the phrases whose first key matches a word are
// tried there (first, see lexicon), in lexicon order. An anchored phrase
// ("^ add") starts at the clause's first word or at its opening word open
// (see opening): "react-refresh: add options", "please show the type".
func findCues(lex *lexicon, lang Language, words []word, open int) []cueMatch {
	phrases, first, blocks, cls := lex.phrases[lang], lex.first[lang], lex.blocks[lang], lex.classes[lang]
	type start struct{ pi, i int }
	var starts []start
	for i, w := range words {
		if w.name {
			continue // "call de produto com a Precisa" names the client; "precisa" would need
		}
		for _, k := range [3]string{w.key, "=" + w.lower, "*"} {
			for _, pi := range first[k] {
				if !phrases[pi].anchored || i == 0 || i == open {
					starts = append(starts, start{pi, i})
				}
			}
		}
	}
	slices.SortFunc(starts, func(a, b start) int {
		if a.pi != b.pi {
			return a.pi - b.pi
		}
		return a.i - b.i
	})
	best := map[string]int{}
	var out []cueMatch
	for _, st := range starts {
		p, i := &phrases[st.pi], st.i
		last, neg, ok := matchFrom(p.keys, cls, words, i, false)
		if !ok {
			continue
		}
		m := cueMatch{phrase: p, first: i, last: last, negated: neg || negatedBefore(words, i) || noComplaintsBefore(words, i)}
		if m.negated && wishedAway(words, m) {
			m.negated = false // "it would be great not to have to re-enter the orders"
		}
		if !m.negated && byHand[p.text] && choreGone(words, i) {
			m.negated = true // "Gemma hasn't had to issue a single fob manually"
		}
		if !m.negated && askVerbs[words[i].lower] && nobodyBefore(words, i) {
			m.negated = true // "Nobody has asked for a mobile app", "nenhum síndico pediu"
		}
		if blocked(blocks, cls, words, open, m) || (p.anchored && last < len(words) && finiteVerbs[words[last].lower]) || asIf(words, i) {
			continue
		}
		if j, seen := best[p.cue]; !seen {
			best[p.cue] = len(out)
			out = append(out, m)
		} else if better(m, out[j]) {
			out[j] = m
		}
	}
	return out
}

// asIf reports whether the cue starting at words[i] is an "if" that
// compares or concedes, not one that wishes: "the run was built as if it
// could go anytime", "even if it could", "como se fosse", "mesmo se". An
// "even if only" or "even if just" wishes for the least that would do:
// "Even if only the reminders could go out in French, that would fix 90%
// of it."
func asIf(words []word, i int) bool {
	if i == 0 {
		return false
	}
	w, before := words[i].lower, words[i-1].lower
	least := i+1 < len(words) && (words[i+1].lower == "only" || words[i+1].lower == "just")
	return w == "if" && (before == "as" || before == "even" && !least) || w == "se" && (before == "como" || before == "mesmo")
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
// reports whether a skipped word was a negator. A class key ("@span")
// takes the most words of its class that let the rest match.
func matchFrom(keys []string, cls classes, words []word, i int, skip bool) (last int, negated, ok bool) {
	if len(keys) == 0 {
		return i, false, true
	}
	if keys[0] == "*" {
		for n := 1; n <= 3 && i+n <= len(words); n++ {
			if last, neg, ok := matchFrom(keys[1:], cls, words, i+n, true); ok {
				return last, neg, true
			}
		}
		return 0, false, false
	}
	if name, ok := strings.CutPrefix(keys[0], "@"); ok {
		c, run := cls[name], 0
		for run < c.max && i+run < len(words) && c.has(words[i+run]) {
			run++
		}
		for n := run; n >= c.min; n-- {
			if last, neg, ok := matchFrom(keys[1:], cls, words, i+n, false); ok {
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
		if !keyMatches(keys[0], words[i+n]) {
			continue
		}
		last, neg, ok := matchFrom(keys[1:], cls, words, i+n+1, true)
		if ok {
			for _, w := range words[i : i+n] {
				neg = neg || w.neg
			}
			return last, neg, true
		}
	}
	return 0, false, false
}

// keyMatches reports whether w matches one key of a cue phrase: its stem,
// or, for a key written "=word", its folded lowercase form exactly (so that
// "=contratando" does not match "contratos", which has the same stem), or,
// for a key written "~ending", a word that ends so or with the ending and
// "m" (the imperfect subjunctive of "se * ~sse": "se isso ficasse", "se
// aceitassem").
func keyMatches(key string, w word) bool {
	if exact, ok := strings.CutPrefix(key, "="); ok {
		return w.lower == exact
	}
	if suffix, ok := strings.CutPrefix(key, "~"); ok && !strings.HasPrefix(w.key, "~") {
		// "~sse": a word ending so, longer than the ending ("ficasse",
		// "aceitassem"), not a negator.
		return len(w.lower) > len(suffix)+2 && (strings.HasSuffix(w.lower, suffix) || strings.HasSuffix(w.lower, suffix+"m"))
	}
	return w.key == key
}

// passable reports whether a word may sit between the words of a cue
// phrase: a skippable adverb, a negator or a hedge.
func passable(w word) bool {
	return skippable[w.lower] || w.neg || w.hedge
}

// negatedBefore reports whether one of the three words before words[i] is
// a negator, but one that a determiner follows: it negates that noun
// phrase ("good but not the best, should add more features"), not the cue,
// unless that noun is the cue's own fault word: "not a bug exactly",
// "não é um erro" deny the fault.
func negatedBefore(words []word, i int) bool {
	for j := max(0, i-3); j < i; j++ {
		if words[j].neg && (j+1 == i || !determiners[words[j+1].lower] || j+2 == i && faultWords[words[i].lower]) {
			return true
		}
	}
	return false
}

// nobodyBefore reports whether the subject of the ask at words[i] is
// nobody: one of the maxNobodyReach words before it is "nobody", "no
// one", "none", "ninguém", "nenhum" or "nenhuma" ("Nobody has asked for
// a mobile app", "None of our members asked for dark mode", "Nenhum
// cliente pediu integração com o Bling").
func nobodyBefore(words []word, i int) bool {
	for j := i - 1; j >= max(0, i-maxNobodyReach); j-- {
		w := words[j].lower
		if nobodyBreaks[w] {
			return false // "nobody knew until a customer asked", "ninguém sabe quem pediu", "de nenhum tipo e pediram"
		}
		if nobodyWords[w] || w == "no" && j+1 < i && words[j+1].lower == "one" {
			return true
		}
	}
	return false
}

// nobodyBreaks part a "nobody" from an ask after it, which then has a
// subject of its own (folded).
var nobodyBreaks = map[string]bool{
	"and": true, "but": true, "until": true, "when": true, "because": true, "so": true, "who": true, "that": true, "which": true, "if": true,
	"e": true, "mas": true, "ate": true, "quando": true, "porque": true, "entao": true, "quem": true, "que": true, "se": true,
}

// nobodyWords are the subjects that deny an ask (folded).
var nobodyWords = map[string]bool{"nobody": true, "noone": true, "none": true, "ninguem": true, "nenhum": true, "nenhuma": true}

// maxNobodyReach is how many words before an ask nobodyBefore looks for
// its subject ("None of our members asked").
const maxNobodyReach = 5

// faultWords name a fault as a pain cue does (folded lowercase).
var faultWords = map[string]bool{
	"bug": true, "glitch": true, "error": true, "fault": true, "defect": true,
	"erro": true, "falha": true, "defeito": true,
}

// noComplaintOpeners and complaintWords deny any complaint about what
// follows them, one after the other ("não teve nenhuma reclamação de
// travamento ou lentidão", "nenhum problema com a lentidão", "zero
// complaints about crashes"), folded.
var (
	noComplaintOpeners = map[string]bool{"nenhum": true, "nenhuma": true, "sem": true, "no": true, "zero": true}
	complaintWords     = map[string]bool{
		"reclamacao": true, "reclamacoes": true, "problema": true, "problemas": true, "queixa": true, "queixas": true,
		"complaint": true, "complaints": true, "issue": true, "issues": true, "problem": true, "problems": true,
		"concern": true, "concerns": true, "preocupacao": true, "preocupacoes": true,
	}
	// raisedWords may stand between a denied complaint and what it is
	// about: "no concerns raised about price".
	raisedWords = map[string]bool{"raised": true, "expressed": true, "reported": true, "levantada": true, "levantadas": true, "relatada": true, "relatadas": true}
)

// complaintOf are the words that open what a complaint is about
// ("reclamação de", "problema com", "complaints about"); "sem problemas, a
// gente vê por fora" says "no worries", no complaint.
var complaintOf = map[string]bool{
	"de": true, "do": true, "da": true, "dos": true, "das": true, "com": true, "sobre": true, "no": true, "na": true,
	"about": true, "with": true, "of": true, "on": true,
}

// maxComplaintReach is how many words before a cue noComplaintsBefore
// looks for the denial ("nenhuma reclamação de travamento ou lentidão").
const maxComplaintReach = 6

// noComplaintsBefore reports whether a denial of any complaint
// (noComplaintOpeners, complaintWords) stands within maxComplaintReach words before words[i],
// no contrast between, and a word of complaintOf right after it, or after
// a word of raisedWords: the cue is what nobody complained about.
func noComplaintsBefore(words []word, i int) bool {
	for j := i - 1; j >= max(1, i-maxComplaintReach); j-- {
		if contrasts[words[j].lower] {
			return false
		}
		if !complaintWords[words[j].lower] || !noComplaintOpeners[words[j-1].lower] {
			continue
		}
		k := j + 1
		if k < i && raisedWords[words[k].lower] {
			k++ // "no concerns raised about price"
		}
		if k < i && complaintOf[words[k].lower] {
			return true
		}
	}
	return false
}

// wishedAway reports whether the negator that negates match m negates a
// chore the client wishes gone, not the wish: a negator before "have to",
// "need to", "ter que", "precisar" ("it would be great not to have to
// re-enter the orders", "queria não precisar lançar as notas à mão", "I
// wish I didn't have to export"), when a word of wishing stands right
// before the negator (see wishedBefore). "We don't need to have SSO"
// stays negated.
func wishedAway(words []word, m cueMatch) bool {
	for j := max(0, m.first-3); j < min(len(words), m.last); j++ {
		if !words[j].neg || !wishedBefore(words, j) {
			continue
		}
		k := j + 1
		if k < len(words) && words[k].lower == "to" {
			k++
		}
		if k < len(words) && choreModals[words[k].lower] {
			return true
		}
	}
	return false
}

// wishedBefore reports whether a word of wishing stands right before
// words[j], or before a first person there ("I wish I didn't").
func wishedBefore(words []word, j int) bool {
	if j > 1 && (words[j-1].lower == "i" || words[j-1].lower == "we") {
		j--
	}
	return j > 0 && wishWords[words[j-1].lower]
}

var (
	// wishWords say a wish right before a negator: "queria não precisar",
	// "I wish I didn't have to".
	wishWords = map[string]bool{
		"wish": true, "queria": true, "quero": true, "gostaria": true, "gostariamos": true,
		"queriamos": true, "bom": true, "otimo": true, "great": true, "nice": true, "love": true, "prefer": true, "preferia": true,
	}
	// choreModals say that something has to be done.
	choreModals = map[string]bool{
		"have": true, "having": true, "need": true, "needing": true, "ter": true, "precisar": true,
		"precisasse": true, "precisassemos": true, "tivesse": true, "tivessemos": true,
	}
)

// determiners open a noun phrase: a negator right before one negates the
// phrase (see negatedBefore).
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "our": true, "your": true, "this": true, "that": true,
	"o": true, "os": true, "as": true, "um": true, "uma": true, "meu": true, "nosso": true, "nossa": true, "esse": true, "essa": true, "este": true, "esta": true,
}

// Meetings with the vendor that a client asks to arrange or move, as
// folded words: moving one ("can we push our monthly call to next
// Wednesday?", "podemos remarcar nossa conversa?") or booking one ("can
// we book the staff training for the 15th?") is the account's diary, not
// a need of the product. A demo is only moved this way: asking for one
// ("could you schedule a demo of the new reports?") shows an interest.
var (
	meetingMoves = map[string]bool{
		"move": true, "push": true, "reschedule": true, "postpone": true, "shift": true, "cancel": true,
		"moving": true, "pushing": true, "rescheduling": true, "postponing": true, "shifting": true,
		"remarcar": true, "mudar": true, "adiar": true, "antecipar": true, "desmarcar": true, "cancelar": true, "passar": true,
	}
	// ourMeeting are the possessives of a meeting the client moves.
	ourMeeting      = map[string]bool{"our": true, "nosso": true, "nossa": true}
	meetingBookings = map[string]bool{
		"book": true, "schedule": true, "arrange": true, "confirm": true, "marcar": true, "agendar": true, "confirmar": true,
	}
	firstPersons = map[string]bool{
		"we": true, "us": true, "let's": true, "podemos": true, "gente": true,
		"nos": true, "poderiamos": true, "conseguimos": true, "vamos": true,
		"i": true, "eu": true, "queria": true, "quero": true, "gostaria": true,
		"gostariamos": true, "queremos": true, "queriamos": true, "precisamos": true,
	}
	secondPersons = map[string]bool{"you": true, "voce": true, "voces": true, "vc": true, "vcs": true}
	// afterMeeting may follow a meeting to arrange: when, with whom, about
	// what ("a call in the next two weeks", "a call with product").
	afterMeeting = map[string]bool{"in": true, "with": true, "on": true, "at": true, "about": true, "next": true,
		"this": true, "sometime": true, "soon": true, "before": true, "after": true, "today": true, "tomorrow": true}
	// reportedAsks report the client asking the vendor to book or move a
	// meeting: "o seu Raimundo pediu pra marcar a conversa da renovação".
	reportedAsks = map[string]bool{"asked": true, "pediu": true, "pediram": true}
	// meetingAt are the words between a meeting and when it is: "the
	// onboarding session on Thursday", "o treinamento na quinta".
	meetingAt = map[string]bool{"on": true, "at": true, "for": true, "na": true, "no": true, "em": true, "para": true, "pra": true}
	// joins get someone on a call.
	joins    = map[string]bool{"get": true, "hop": true, "jump": true}
	meetings = map[string]bool{
		"call": true, "meeting": true, "training": true, "session": true, "catch-up": true, "catchup": true, "webinar": true,
		"review": true, "induction": true, "qbr": true, "ebr": true, "check-in": true, "checkin": true,
		"kickoff": true, "kick-off": true, "onboarding": true, "walkthrough": true,
		"reuniao": true, "conversa": true, "treinamento": true, "visita": true, "ligacao": true, "capacitacao": true,
	}
)

// arrangesMeeting reports whether a clause asks to move or book a meeting
// with the vendor: a verb of meetingMoves or meetingBookings after a first
// person plural ("can we", "podemos": a client's team speaking), followed
// within five words by a noun of meetings (or "demo" after a move). One
// person booking a meeting ("I'd like to schedule a meeting with an
// advisor", a bank's caller) or others doing so ("can residents book the
// meeting room?") may be what the product is for.
//
// A clause of a first person that names a meeting and when it is ("can we
// do the quarterly review on October 6th at 9am?", "could I get a product
// manager on a call before the end of September?", "could we do the
// onboarding session on Thursday instead?") arranges one too, and so do
// doing a date ("could we do the 10th, after lunch?") and getting on a
// call ("can we get on a call with someone from your product team?"). So
// does the vendor asked to book one ("can you schedule a call", "vocês
// conseguem marcar uma reunião na quinta?"), the verb at most two words
// after "you".
func arrangesMeeting(cw []word) bool {
	if slices.ContainsFunc(cw, func(w word) bool { return firstPersons[w.lower] }) {
		when := slices.ContainsFunc(cw, func(w word) bool { return meetingTime(w.lower) })
		for i, w := range cw {
			if when && meetings[w.lower] && i > 0 && (meetingOpeners[cw[i-1].lower] || cw[i-1].lower == "the" && meetingWhen(cw[i+1:])) {
				return true
			}
			if w.lower == "do" && i+2 < len(cw) && cw[i+1].lower == "the" && ordinalDay.MatchString(cw[i+2].lower) {
				return true
			}
			if w.lower == "on" && i > 0 && joins[cw[i-1].lower] && i+2 < len(cw) && cw[i+1].lower == "a" && meetings[cw[i+2].lower] {
				return true // "get on a call", not "while I'm on a call"
			}
			if meetings[w.lower] && i >= 2 && cw[i-1].lower == "a" && (cw[i-2].lower == "get" || cw[i-2].lower == "have") &&
				(i+1 == len(cw) || afterMeeting[cw[i+1].lower]) {
				return true // "can we get a call in the next two weeks?", not "a call log"
			}
		}
	}
	if joinsTraining(cw) {
		return true
	}
	for i, w := range cw {
		move, book := meetingMoves[w.lower], meetingBookings[w.lower]
		if !move && !book {
			continue
		}
		asked := slices.ContainsFunc(cw[max(0, i-2):i], func(w word) bool { return secondPersons[w.lower] || reportedAsks[w.lower] }) ||
			move && i+1 < len(cw) && ourMeeting[cw[i+1].lower] // "any chance of moving our monthly check-in"
		if !asked && !slices.ContainsFunc(cw[:i], func(w word) bool { return firstPersons[w.lower] }) {
			continue
		}
		for _, n := range cw[i+1 : min(len(cw), i+6)] {
			if meetings[n.lower] || (move && (n.lower == "demo" || n.lower == "demonstracao")) {
				return true
			}
		}
	}
	return false
}

// joinsTraining reports whether a clause of a client's team asks for a
// training session with the vendor: a noun of trainings opened by a
// determiner or an ordinal at most three words before it ("can we get a
// 30 min training on the new board?", "can we get the two new admins on
// the next training session?", "the date for the second training
// session", "precisamos do treinamento pros recepcionistas novos"), in a
// clause with a first or second person or with a verb of booking or
// asking at most four words before it ("dá pra marcar um treinamento com
// ela?", "asked for a refresher training for three new staff"), and not a
// modifier of another noun ("a training mode for new cashiers" is a need
// of the product, and so is "support for distributed training").
func joinsTraining(cw []word) bool {
	person := slices.ContainsFunc(cw, func(w word) bool {
		return firstPersons[w.lower] || secondPersons[w.lower] || w.lower == "me"
	})
	for i, w := range cw {
		if !trainings[w.lower] {
			continue
		}
		if i+1 < len(cw) && !trainingEnds[cw[i+1].lower] && !trainingAdjectives[cw[i+1].lower] {
			continue // "a training mode", "o treinamento online"
		}
		before := cw[max(0, i-3):i]
		booked := slices.ContainsFunc(cw[max(0, i-4):i], func(w word) bool { return meetingBookings[w.lower] || trainingHolds[w.lower] })
		if (person || booked) && slices.ContainsFunc(before, func(w word) bool { return trainingOpeners[w.lower] }) {
			return true // "dá pra marcar o treinamento de relatórios pra terça?"
		}
	}
	return false
}

// trainings are the nouns of a training session (see joinsTraining),
// trainingOpeners the words that make one an occasion, and trainingEnds
// the words that may follow it when it is one.
var (
	trainings = map[string]bool{
		"training": true, "trainings": true, "treinamento": true, "treinamentos": true, "capacitacao": true,
	}
	trainingOpeners = map[string]bool{
		"a": true, "an": true, "the": true, "next": true, "another": true, "second": true, "first": true,
		"o": true, "do": true, "no": true, "pro": true, "um": true, "outro": true, "proximo": true, "segundo": true,
		"da": true, "na": true, "uma": true, "outra": true, "proxima": true, "segunda": true,
	}
	trainingHolds = map[string]bool{
		"fazer": true, "dar": true, "run": true, "hold": true,
		"asked": true, "requested": true, "pediu": true, "pediram": true, "solicitou": true, "solicitaram": true,
	}
	trainingAdjectives = map[string]bool{"rapido": true, "rapida": true, "quick": true, "short": true, "curto": true}
	trainingEnds       = map[string]bool{
		"session": true, "sessions": true, "sessao": true, "for": true, "on": true, "with": true, "next": true, "this": true, "in": true, "at": true,
		"pro": true, "pros": true, "pra": true, "para": true, "do": true, "da": true, "dos": true, "das": true,
		"de": true, "no": true, "na": true, "em": true, "com": true,
	}
)

// asksToTalk reports whether a clause asks the vendor for a talk about
// something: a verb of talks after an ask of talkAsks, then "about" or
// "sobre" ("can we talk about what's possible here?", "queria conversar
// sobre a renovação", "I want to talk about trailers"), or a verb of
// talks with the vendor ("they want to talk to you first", "querem
// conversar com você pra entender o fluxo"). The talk is no need; what
// it is about comes in the sentences that follow. "Before we talk about
// extending, I need ..." asks for none, and neither does talking with
// one's own customers in the product.
func asksToTalk(cw []word) bool {
	for i := 1; i+1 < len(cw); i++ {
		if !talks[cw[i].lower] {
			continue
		}
		if talkAsks[cw[i-1].lower] && (cw[i+1].lower == "about" || cw[i+1].lower == "sobre") {
			return true
		}
		if i+2 < len(cw) && talkWith[cw[i+1].lower] && (secondPersons[cw[i+2].lower] || cw[i+2].lower == "your") {
			return true // "eles querem conversar com você pra entender o fluxo"
		}
	}
	return false
}

// talkWith joins a verb of talks to whom the talk is with.
var talkWith = map[string]bool{"to": true, "with": true, "com": true}

// talks are the verbs of a talk, and talkAsks the words that ask for one
// right before them (see asksToTalk).
var (
	talks    = map[string]bool{"talk": true, "chat": true, "conversar": true, "falar": true}
	talkAsks = map[string]bool{
		"can": true, "could": true, "to": true, "let's": true, "lets": true,
		"podemos": true, "poderiamos": true, "queria": true, "quero": true, "de": true, "vamos": true,
	}
)

// meetingWhen reports whether the words after a meeting's noun say when
// it is: past more of its nouns, a word of meetingAt and a time ("session
// on Thursday", "treinamento na quinta").
func meetingWhen(after []word) bool {
	i := 0
	for i < len(after) && meetings[after[i].lower] {
		i++
	}
	return i+1 < len(after) && meetingAt[after[i].lower] && meetingTime(after[i+1].lower)
}

// meetingTime reports whether a folded word says when a meeting is: a
// day of the week, a month, a day of the month ("10th") or a clock time
// ("9am", "14h").
func meetingTime(w string) bool {
	return billMonths[w] || weekdays[w] || ordinalDay.MatchString(w) || clockTime.MatchString(w)
}

// meetingOpeners are the words before a meeting noun that make it one
// meeting to arrange ("a call", "our quarterly review"), not the calls or
// meetings a product records ("every call", "the call recordings").
var meetingOpeners = map[string]bool{
	"a": true, "an": true, "our": true, "quarterly": true, "monthly": true, "weekly": true,
	"uma": true, "nossa": true, "nosso": true, "trimestral": true, "mensal": true, "semanal": true,
}

var (
	ordinalDay = regexp.MustCompile(`^\d{1,2}(st|nd|rd|th)$`)
	clockTime  = regexp.MustCompile(`^\d{1,2}(:\d{2})?(am|pm|h|h\d{2})$`)
	weekdays   = map[string]bool{
		"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
		"segunda": true, "terca": true, "quarta": true, "quinta": true, "sexta": true, "segunda-feira": true,
		"terca-feira": true, "quarta-feira": true, "quinta-feira": true, "sexta-feira": true,
	}
)

// Words of an account's chores with the vendor, folded: the vendor's own
// bill of a given month ("Could you send the July invoice as a PDF?",
// "confirming the October invoice was approved", "mandem o boleto de
// outubro").
var (
	billWords = map[string]bool{
		"invoice": true, "invoices": true, "receipt": true,
		"fatura": true, "boleto": true, "recibo": true, "nota": true,
	}
	vendorYou  = map[string]bool{"voces": true, "vcs": true}
	billMonths = map[string]bool{
		"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
		"august": true, "september": true, "october": true, "november": true, "december": true,
		"janeiro": true, "fevereiro": true, "marco": true, "abril": true, "maio": true, "junho": true, "julho": true,
		"agosto": true, "setembro": true, "outubro": true, "novembro": true, "dezembro": true,
	}
	billPrepositions = map[string]bool{"of": true, "for": true, "from": true, "de": true, "do": true, "da": true}
	billDeterminers  = map[string]bool{"our": true, "the": true, "this": true, "last": true, "nosso": true, "nossa": true, "este": true, "esta": true}
)

// accountChore reports whether a clause is about the client's account with
// the vendor rather than the product: a bill named by its month ("the
// July invoice", "o boleto de outubro", "the invoice for June", "a VAT
// invoice for our July subscription"; not May,
// a modal verb in "you may invoice us") or as the vendor's ("your
// invoice", "a nota de vocês"). Its
// requests, questions and budget cues are no need (a complaint about a
// bill stays one); "We need the PO number on every invoice" and "since
// March our invoices show the wrong tax" name no bill's month and stay
// needs.
func accountChore(cw []word) bool {
	for i, w := range cw {
		if !billWords[w.lower] {
			continue
		}
		if i > 0 && billMonths[cw[i-1].lower] {
			return true // "the July invoice"
		}
		if i > 0 && cw[i-1].lower == "your" || i+2 < len(cw) && cw[i+1].lower == "de" && vendorYou[cw[i+2].lower] {
			return true // "can we get your invoice dated the 1st?", "a nota de vocês sai automática?"
		}
		j := i + 1
		if j < len(cw) && cw[j].lower == "fiscal" {
			j++ // "a nota fiscal de setembro"
		}
		if j+1 < len(cw) && billPrepositions[cw[j].lower] {
			k := j + 1
			if k+1 < len(cw) && billDeterminers[cw[k].lower] {
				k++ // "a VAT invoice for our July subscription"
			}
			if billMonths[cw[k].lower] {
				return true // "o boleto de outubro"
			}
		}
	}
	return false
}

// Words of an order for more seats: "two more manager logins for the new
// shift leads", "an additional licence", "mais dois usuários".
var (
	moreWords = map[string]bool{"more": true, "additional": true, "extra": true, "another": true, "mais": true, "outro": true, "outra": true}
	seatWords = map[string]bool{
		"user": true, "users": true, "login": true, "logins": true, "seat": true, "seats": true,
		"licence": true, "licences": true, "license": true, "licenses": true,
		"usuario": true, "usuarios": true, "licenca": true, "licencas": true,
	}
	seatEnds = map[string]bool{"for": true, "to": true, "on": true, "in": true, "at": true, "para": true, "pra": true, "no": true, "na": true}
)

// moreSeats reports whether a clause orders more seats of the product
// (its requests and questions are no need; a budget for them stays one):
// a word of moreWords, then within three words a seat ending the clause
// or followed by a preposition ("two more manager logins for new shift
// leads", "mais dois usuários pra loja nova"). An order is account
// administration, not a need; "more user roles" stays one.
func moreSeats(cw []word) bool {
	for i, w := range cw {
		if !moreWords[w.lower] {
			continue
		}
		for j := i + 1; j < len(cw) && j <= i+3; j++ {
			if seatWords[cw[j].lower] && (j+1 == len(cw) || seatEnds[cw[j+1].lower]) {
				return true
			}
		}
	}
	return false
}

// vendorTodo reports whether a sentence is one of the vendor's action
// items in an account note: a label that names one ("Next:", "Action:",
// "Next steps:", "Próximos passos:") followed by a chore ("send", "share",
// "schedule", "enviar", "marcar") or holding a deadline ("roadmap summary
// to Mick by 7 Nov.", "até sexta"). What the vendor will do names no need
// of the client's; "Action: check whether matter stage can be exposed to
// clients" (no chore, no deadline) stays one.
func vendorTodo(words []word, toks []Token) bool {
	i := pastLabel(words, toks)
	if i == 0 || i >= len(words) || !todoLabels[strings.Join(lowers(words[:i]), " ")] {
		return false
	}
	if todoVerbs[words[i].lower] {
		return true
	}
	for j := i; j+1 < len(words); j++ {
		if next := words[j+1].lower; (words[j].lower == "by" || words[j].lower == "ate") &&
			(hasDigit(next) || meetingTime(next) || deadlineWords[next]) {
			return true
		}
	}
	return false
}

// ownOffer reports whether an account note's sentence is the writer's
// own offer or suggestion: "I suggested turning on Delivery Runs so drops
// could be planned", "We proposed a phased rollout", "Sugeri o módulo de
// estoque". The note's writer is the vendor, so what the offer's clause
// names is the vendor's idea, no need the client raised; the client's
// answer in the clauses after it ("…; ele disse que sem limite por dia
// não resolve") is read as the client's. The sentence opens, past
// "also" (see pastOpener), with "I" or "we" and an offer verb
// (ownOfferVerbs), or with a Portuguese offer verb in the first person
// ("sugeri", "ofereci").
func ownOffer(words []word) bool {
	i, writer := pastOpener(words, 3)
	return i < len(words) && (writer && ownOfferVerbs[words[i].lower] || ownOfferVerbsPT[words[i].lower])
}

// ownOfferVerbs and ownOfferVerbsPT say that the writer offered or
// suggested something (see ownOffer), folded.
var (
	ownOfferVerbs = map[string]bool{
		"suggested": true, "offered": true, "pitched": true, "proposed": true, "floated": true, "recommended": true,
		"demoed": true, "showed": true, "mentioned": true,
	}
	ownOfferVerbsPT = map[string]bool{
		"sugeri": true, "ofereci": true, "propus": true, "mostrei": true, "apresentei": true, "mencionei": true,
		"sugerimos": true, "oferecemos": true, "propusemos": true, "apresentamos": true, "recomendei": true,
	}
)

// todoLabels, todoVerbs and deadlineWords make a vendor's action item:
// see vendorTodo (folded lowercase).
var (
	todoLabels = map[string]bool{
		"next": true, "next step": true, "next steps": true, "action": true, "actions": true,
		"action item": true, "action items": true, "to do": true, "todo": true, "follow-up": true,
		"follow up": true, "followup": true, "proximo passo": true, "proximos passos": true,
		"acao": true, "acoes": true, "pendencia": true, "pendencias": true,
		"plan": true, "our plan": true, "plano": true, "nosso plano": true, // "Plan: lead with the CSV, ask for a 60-day extension"
	}
	todoVerbs = map[string]bool{
		"send": true, "share": true, "email": true, "schedule": true, "book": true, "call": true,
		"lead": true, "offer": true, "propose": true, "oferecer": true, "propor": true,
		"confirm": true, "ping": true, "prepare": true, "draft": true, "circulate": true, "forward": true,
		"enviar": true, "mandar": true, "marcar": true, "agendar": true, "ligar": true, "confirmar": true,
		"preparar": true, "compartilhar": true, "encaminhar": true, "retornar": true,
		"remove": true, "disable": true, "deactivate": true, "remover": true, "desativar": true, "tirar": true, // "Action: remove 3D from their setup"
	}
	// deadlineWords say when besides meetingTime's days and months.
	deadlineWords = map[string]bool{
		"tomorrow": true, "eod": true, "eow": true, "amanha": true,
		"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
		"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	}
)

// weakCue is the strength under which a cue phrase ("vamos", "we will") is
// reported only when no stronger cue is found in the same sentence.
const weakCue = 0.6

// ruleNeed is a need found by a cue phrase, with the phrase that found it.
type ruleNeed struct {
	Need
	phrase string
	clause int  // index of the clause of the sentence it was found in
	goal   bool // the phrase is followed by "to": "I want to install it"
}

// findNeeds returns the needs the cue phrases find in one sentence: per
// clause (see clauses), one per cue at most, then one per theme (see
// onePerTheme). A request hides a question in the same sentence, and a
// strong cue hides a weak one. An agent's requests and questions are not
// needs. A need in a leading conditional clause ("if we cannot agree by
// Friday, we will sign with X") gives way to the main clause's needs.
func (a *Analyzer) findNeeds(doc *ckm.Document, s Sentence, toks []Token, ents []Entity) []ruleNeed {
	speaker := speakerAt(doc, s.Start)
	question := isQuestion(s.Text)
	person := a.person(ents)
	for _, lang := range cueLanguages(s.Language) {
		words := sentenceWords(lang, s.Language, toks, a.cues.hedges)
		cls := clauses(words, toks)
		if vendorTodo(words, toks) {
			return nil // "Next: roadmap summary to Mick by 7 Nov."
		}
		offer := doc.Source == ckm.SourceNote && ownOffer(words)
		found, hasRequest, hasStrong := a.clauseCues(lang, words, toks, cls, ents)
		because := refusalColon(words, toks)
		rc, rat := refusalReasons(words, toks, cls, person)
		dc, dat := deniedNeed(words, cls, found)
		perClause := make([][]ruleNeed, len(cls))
		mainNeeds := false
		for ci := len(cls) - 1; ci >= 0; ci-- {
			cl := cls[ci]
			for _, m := range found[ci] {
				if offer && ci == 0 {
					continue // "I suggested turning on Delivery Runs"; "…; she said it doesn't solve the expiries" stays
				}
				if cl.cond && mainNeeds && m.phrase.cue != "wish" {
					continue // "if we cannot agree, we will sign with X": the main clause's need
				}
				if (m.phrase.cue == "question" && hasRequest) || (m.phrase.strength < weakCue && hasStrong) ||
					(speaker == SpeakerAgent && (question || m.phrase.kind == KindExplicit)) {
					continue
				}
				if because >= 0 && m.phrase.cue == "pain" && cl.from+m.last <= because {
					continue // "Linda declined: ..." turns something down, no pain of its own
				}
				cw := words[cl.from:cl.to]
				if (m.phrase.kind == KindExplicit || m.phrase.cue == "budget") && (arrangesMeeting(cw) || accountChore(cw)) ||
					m.phrase.kind == KindExplicit && (moreSeats(cw) || asksToTalk(cw)) {
					continue // "can we move our call to Thursday?", "send the July invoice", "two more logins": the account, not the product
				}
				if m.phrase.kind == KindExplicit && askedTheClient(words, cl.from+m.first) {
					continue // "I asked whether they want peer-to-peer pages": the writer's question
				}
				m.hedged = !unhedged[m.phrase.cue] && (hedgedOutside(cw, m) || cl.afterCond)
				ns := a.clauseNeeds(s, toks, cw, m, lang, speaker, question)
				if ci > 0 && m.last < len(cw) && pronouns[cw[m.last].lower] {
					referBack(ns, m.phrase.cue, lang, toks, words[cls[ci-1].from:cls[ci-1].to])
				}
				if cl.afterCond && !slices.ContainsFunc(found[ci-1], func(c cueMatch) bool { return c.phrase.cue == "wish" }) {
					condTheme(ns, lang, toks, words[cls[ci-1].from:cls[ci-1].to], (m.phrase.cue == "wish" || m.phrase.cue == "request") && bareCue(cw, toks, m))
				}
				refused := refusedAfter(words, toks, cls, ci, m, person) || (because >= 0 && cl.from+m.first >= because) ||
					m.phrase.kind == KindExplicit && satisfiedAfter(words, cl.from+m.last) ||
					m.phrase.kind != KindExplicit && isReason(words, cls, ci, m.first, rc, rat) || // a reason is what they live with, not what they ask
					m.phrase.cue == "workaround" && isReason(words, cls, ci, m.first, dc, dat) // "we don't need the integration, we key the totals in by hand"
				for i := range ns {
					ns[i].clause = ci
					ns[i].Negated = ns[i].Negated || refused
				}
				perClause[ci] = append(perClause[ci], ns...)
				mainNeeds = mainNeeds || !cl.cond
			}
		}
		praisedPains(words, cls, perClause)
		if needs := slices.Concat(perClause...); len(needs) > 0 {
			return onePerTheme(needs)
		}
	}
	return nil
}

// praisedPains negates a pain that a clause of its sentence says the
// product handles well, in the pain's own words: "a gente tinha medo
// era a falta de sinal nos subsolos, mas o app offline funcionou bem"
// and "the app offline thing has been brilliant, he was in a basement
// with no signal" are praise of the offline mode, not its pain. A word of
// the pain's theme (of its key, or of its seed topic's phrases) must
// stand among the praiseReach words before the praise, so that "the
// import keeps failing and the export works fine" keeps its pain.
func praisedPains(words []word, cls []clause, perClause [][]ruleNeed) {
	if !slices.ContainsFunc(words, func(w word) bool { return praiseStarts[w.lower] }) {
		return // most sentences praise nothing
	}
	lw := lowers(words)
	var praised [][2]int // each praise's first word and the first word of its reach
	for _, cl := range cls {
		for j := cl.from; j < cl.to; j++ {
			if phraseAt(lw[:cl.to], j, praise) > 0 {
				praised = append(praised, [2]int{j, max(cl.from, j-praiseReach)})
			}
		}
	}
	for ci := range perClause {
		for i := range perClause[ci] {
			n := &perClause[ci][i]
			if len(praised) == 0 || n.Cue != "pain" || n.Negated || n.ThemeKey == "" {
				continue
			}
			stems, keys := SeedWordStems(n.ThemeKey), strings.Fields(n.ThemeKey)
			for _, p := range praised {
				if slices.ContainsFunc(words[p[1]:p[0]], func(w word) bool { return stems[w.key] || slices.Contains(keys, w.key) }) {
					n.Negated = true
				}
			}
		}
	}
}

// praiseStarts are the first words of the praise phrases.
var praiseStarts = func() map[string]bool {
	out := map[string]bool{}
	for _, p := range praise {
		out[p[0]] = true
	}
	return out
}()

// praiseReach is how many words before the praise the praised thing may
// stand ("the app offline thing has been brilliant").
const praiseReach = 4

// praise says that something works well (folded lowercase words; see
// praisedPains).
var praise = [][]string{
	{"been", "brilliant"}, {"been", "great"}, {"been", "perfect"}, {"been", "flawless"},
	{"works", "fine"}, {"worked", "fine"}, {"works", "well"}, {"worked", "well"}, {"works", "great"}, {"worked", "great"},
	{"works", "perfectly"}, {"worked", "perfectly"}, {"working", "well"}, {"working", "fine"}, {"working", "great"},
	{"funcionou", "bem"}, {"funciona", "bem"}, {"funcionando", "bem"}, {"funcionou", "direitinho"}, {"funciona", "direitinho"},
	{"funcionou", "perfeitamente"}, {"funciona", "perfeitamente"}, {"funcionou", "certinho"}, {"funcionando", "redondo"},
}

// deniedNeed returns where the reasons of a denied need start: the word
// past the first request or wish that a negator in it or right before it
// denies ("não precisamos de integração com SAP", "we don't need an
// API"; not "sem precisar do original", which is part of what is asked),
// in clause dc. dc is -1 when there is none, or when a pain follows it,
// for then what follows is what hurts, not why nothing is needed ("we
// don't need SSO; what hurts is the spreadsheet"). A workaround said
// after the denial, with no contrast between (see isReason), is the
// reason nothing is needed ("…, nosso ERP é o Omie e a gente lança as
// notas lá manualmente, é pouco volume"), not a need.
func deniedNeed(words []word, cls []clause, found [][]cueMatch) (dc, at int) {
	dc = -1
	for ci, ms := range found {
		cw := words[cls[ci].from:cls[ci].to]
		for _, m := range ms {
			switch {
			case dc < 0 && m.negated && m.phrase.kind == KindExplicit && (m.phrase.cue == "request" || m.phrase.cue == "wish") &&
				slices.ContainsFunc(cw[max(0, m.first-denialReach):m.last], func(w word) bool { return denials[w.lower] }):
				dc, at = ci, m.last
			case dc >= 0 && m.phrase.cue == "pain" && !m.negated && (ci > dc || m.first >= at):
				return -1, 0
			}
		}
	}
	return dc, at
}

// denialReach is how many words before a need's cue deniedNeed looks for
// its negator ("we really don't need", "não precisamos").
const denialReach = 3

// denials are the negators of a need the writer says it does not have
// (folded lowercase).
var denials = map[string]bool{
	"not": true, "n't": true, "don't": true, "dont": true, "doesn't": true, "doesnt": true, "never": true,
	"nao": true, "nunca": true,
}

// clauseCues returns the cue matches of each clause, and whether the
// sentence holds a request and a cue of at least weakCue strength. A
// switch phrase counts only when it names a rival (see namesRival).
func (a *Analyzer) clauseCues(lang Language, words []word, toks []Token, cls []clause, ents []Entity) (found [][]cueMatch, hasRequest, hasStrong bool) {
	found = make([][]cueMatch, len(cls))
	person := a.person(ents)
	wished := -1 // the clause of an ifWish match
	for ci, cl := range cls {
		cw := words[cl.from:cl.to]
		open, label := opening(cw, toks, ci == 0), 0
		if ci == 0 {
			label = pastLabel(cw, toks)
		}
		ms := findCues(&a.cues, lang, cw, open)
		if isQuestion(toks[len(toks)-1].Text) {
			for i := range ms {
				if ms[i].negated && rhetorical(cw, ms[i]) {
					ms[i].negated = false // "Shouldn't the till keep working offline?", "Não deveria funcionar offline?"
				}
			}
		}
		if m, ok := namedAsk(lang, cw, toks, open, func(t Token) bool { return a.namesPerson(t.Text) }); ok && !slices.ContainsFunc(ms, func(o cueMatch) bool { return o.phrase.kind == KindExplicit }) {
			ms = append(ms, m)
		} else if m, ok := systemAsk(lang, cw, toks, open); ok && !slices.ContainsFunc(ms, func(o cueMatch) bool { return o.phrase.kind == KindExplicit }) {
			ms = append(ms, m)
		} else if m, ok := ifWish(lang, words, toks, cl.from, cl.to); ok && wished < 0 && !slices.ContainsFunc(ms, func(o cueMatch) bool { return o.phrase.kind == KindExplicit }) {
			ms, wished = append(ms, m), ci
		}
		for _, m := range ms {
			if len(m.phrase.also) > 0 && !namesRival(toks, cw, m, ents) {
				continue
			}
			if m.phrase.cue == "pain" && purposeOf(cw, ms, m) {
				continue // "is there a way to block a truck so it just doesn't show up?": what the ask is for
			}
			if m.phrase.cue == "competitor" && offers(toks, cw, m) && !offeredByRival(toks, words, cl.from+m.first, person) {
				continue // "you offered us a discount", "ofereceram um treinamento": the vendor's own offer
			}
			if m.phrase.anchored && m.last <= label && roleLabels[cw[m.first].lower] {
				continue // a speaker's label: "Support: the job had a corrupted attachment"
			}
			found[ci] = append(found[ci], m)
		}
	}
	if wished >= 0 && slices.ContainsFunc(found, func(ms []cueMatch) bool {
		return slices.ContainsFunc(ms, func(m cueMatch) bool { return !m.negated }) && !slices.ContainsFunc(ms, func(m cueMatch) bool { return m.phrase == &ifWishPhrase })
	}) {
		// another clause's cue reads the condition its own way: "if we
		// could sell offline, that would be great" (see condTheme); a
		// negated one is the payoff, what would no longer be needed: "if
		// each volunteer could log in, they wouldn't need to ask me"
		found[wished] = slices.DeleteFunc(found[wished], func(m cueMatch) bool { return m.phrase == &ifWishPhrase })
	}
	for _, m := range slices.Concat(found...) {
		hasRequest = hasRequest || m.phrase.cue == "request"
		hasStrong = hasStrong || m.phrase.strength >= weakCue
	}
	return found, hasRequest, hasStrong
}

// rhetorical reports whether the negator of m, an explicit cue of a
// question, only makes the question rhetorical: it stands right before
// the cue's first word, a conditional modal ("O PDV não deveria funcionar
// offline?", "Não seria melhor ter um modo offline?"), or right after it
// ("Couldn't the app just work offline?", "Wouldn't it be better to have
// one screen?"), and no other negator is near. Such a question asks for
// what it names. A question opening with "why" or "por que" still
// complains ("Why couldn't you tell us?").
func rhetorical(cw []word, m cueMatch) bool {
	if m.phrase.kind != KindExplicit || m.first >= len(cw) || !rhetoricalModals[cw[m.first].lower] {
		return false
	}
	neg := -1
	switch {
	case m.first > 0 && cw[m.first-1].neg:
		neg = m.first - 1
	case m.first+1 < len(cw) && (cw[m.first+1].lower == "n't" || cw[m.first+1].lower == "not"):
		neg = m.first + 1
	default:
		return false
	}
	for j := 0; j < min(len(cw), m.last+3); j++ {
		if j != neg && cw[j].neg || j < neg && (cw[j].lower == "why" || cw[j].lower == "porque" || cw[j].lower == "por" && j+1 < len(cw) && cw[j+1].lower == "que") {
			return false
		}
	}
	return true
}

// rhetoricalModals are the modals a negated question asks with (folded).
var rhetoricalModals = map[string]bool{
	"should": true, "could": true, "would": true,
	"deveria": true, "deveriam": true, "devia": true, "deviam": true, "poderia": true, "poderiam": true,
	"podia": true, "podiam": true, "daria": true, "dava": true, "seria": true, "seriam": true,
}

// purposeOf reports whether the pain match m says what an explicit need
// of the same clause is for: it follows that need past "so", "para que",
// "pra que", "para não" or "pra não", as in "is there a way to block a truck for
// a date range so it just doesn't show up as an option?".
func purposeOf(cw []word, ms []cueMatch, m cueMatch) bool {
	for _, o := range ms {
		if o.phrase.kind != KindExplicit || o.last > m.first {
			continue
		}
		for j := o.last; j < m.first; j++ {
			if w := cw[j].lower; w == "so" || (w == "para" || w == "pra") && j+1 < len(cw) && (cw[j+1].lower == "que" || cw[j+1].lower == "nao") {
				return true
			}
		}
	}
	return false
}

// namedAsk matches a capability question whose subject is a product named
// by its name, which no phrase of data/cues.txt can hold: "Can Paywise work
// out the final payment from the termination date?", "Does Contaro
// support two-factor login?", "O Vetly consegue mandar lembrete?". The
// clause opens (at open) with an auxiliary and a capitalised word that
// is no person ("Can Ellie do one next week?" asks for a person's time; a
// word the taggers call a person but no first name, as in "can Rotora
// stop me from …?", is the product), no acronym ("Would GPS stamping
// help?") and not the sentence's pronoun, then a word in lowercase (a
// verb, not a version: "Does OpenCV 4.5.5 support…?"); the sentence ends
// in "?".
func namedAsk(lang Language, cw []word, toks []Token, open int, person func(Token) bool) (cueMatch, bool) {
	i := open
	if lang == Portuguese && i < len(cw) && (cw[i].lower == "o" || cw[i].lower == "a") {
		i++ // "o Vetly consegue", "a Salonia tem"
	}
	if i+2 >= len(cw) || !isQuestion(toks[len(toks)-1].Text) {
		return cueMatch{}, false
	}
	aux, name, next := cw[i], toks[cw[i+1].tok], toks[cw[i+2].tok]
	if lang == Portuguese {
		aux, name, next = cw[i+1], toks[cw[i].tok], toks[cw[i+1].tok]
		if i == open {
			return cueMatch{}, false // "O" or "A" first: "Salonia consegue" alone is too often a person's
		}
	}
	if !namedAskers[lang][aux.lower] || !isCapitalised(name.Text) || isAcronym(name.Text) || person(name) ||
		pronounNames[lowerKey(name.Text)] || !startsLower(next.Text) {
		return cueMatch{}, false
	}
	if lang == Portuguese {
		return cueMatch{phrase: &namedAskPhrase, first: i - 1, last: i + 2}, true
	}
	return cueMatch{phrase: &namedAskPhrase, first: i, last: i + 2}, true
}

// systemAsk matches a Portuguese capability question put to the vendor or
// its product with a verb no phrase of data/cues.txt lists: "vcs leem
// pdf de apólice?", "o sistema avisa se o mesmo CPF tá em outro time?",
// "o app importa o extrato?". The clause opens (at open, or past a
// comma) with "vocês" (or "vcs") or with "o sistema", "o app", "o
// aplicativo", "a plataforma", then a verb in the present (a lowercase
// word ending as the third person does: "avisa", "leem", "faz", "lê";
// not a past form such as "mandaram" or "recebeu", which asks what
// happened), and the sentence ends in "?". Verbs that ask the person rather than the
// product ("vocês sabem", "vocês acham") do not count. A clause that asks
// what the client's customers can do is one too (userAsk).
func systemAsk(lang Language, cw []word, toks []Token, open int) (cueMatch, bool) {
	if lang != Portuguese || !isQuestion(toks[len(toks)-1].Text) {
		return cueMatch{}, false
	}
	for from := open; from < len(cw); from++ {
		if from > open && !afterComma(cw, toks, from) {
			continue
		}
		if m, ok := userAsk(cw, from); ok {
			return m, true
		}
		i := from
		switch {
		case vendorYou[cw[i].lower]:
			i++
		case i+1 < len(cw) && (cw[i].lower == "o" || cw[i].lower == "a") && productNouns[cw[i+1].lower]:
			i += 2
		default:
			continue
		}
		if i < len(cw) && (cw[i].lower == "ja" || cw[i].lower == "tambem") {
			i++
		}
		if i < len(cw) && startsLower(toks[cw[i].tok].Text) && presentVerb(cw[i].lower) {
			return cueMatch{phrase: &systemAskPhrase, first: from, last: i + 1}, true
		}
	}
	return cueMatch{}, false
}

// userAsk matches, at cw[from], a Portuguese capability question asked
// for the client's own customers, which systemAsk's caller has seen end
// in "?": "o aluno consegue ver a nota pelo app?", "os pais podem pagar
// em duas vezes?", "dá pro associado atualizar o cadastro sozinho?".
func userAsk(cw []word, from int) (cueMatch, bool) {
	at := func(i int, set map[string]bool) bool { return i < len(cw) && set[cw[i].lower] }
	switch {
	case at(from, userArticles) && at(from+1, endUsers) && at(from+2, userCan):
		return cueMatch{phrase: &systemAskPhrase, first: from, last: from + 3}, true
	case from < len(cw) && cw[from].lower == "da" && at(from+1, userFor) && at(from+2, endUsers):
		return cueMatch{phrase: &systemAskPhrase, first: from, last: from + 3}, true
	}
	return cueMatch{}, false
}

var (
	// endUsers are the people a client serves, folded: who a capability
	// may be asked for.
	endUsers = parseWordList(`cliente clientes pai pais mae maes familia familias hospede hospedes
		associado associados associada associadas socio socios paciente pacientes aluno alunos aluna alunas
		inquilino inquilinos morador moradores visitante visitantes passageiro passageiros doador doadores
		participante participantes membro membros comprador compradores`)
	userArticles = parseWordList("o a os as")
	userCan      = parseWordList("consegue conseguem pode podem")
	userFor      = parseWordList("pro pra pros pras para")
)

// afterComma reports whether a comma stands right before the word cw[i]:
// "oi Rafael, vcs leem pdf?" puts its question after the greeting.
func afterComma(cw []word, toks []Token, i int) bool {
	return markBefore(cw, toks, i, ",")
}

// markBefore reports whether the punctuation mark stands between the
// words cw[i-1] and cw[i].
func markBefore(cw []word, toks []Token, i int, mark string) bool {
	return i > 0 && slices.ContainsFunc(toks[cw[i-1].tok+1:cw[i].tok], func(t Token) bool { return t.Text == mark })
}

// productNouns name the vendor's product as a question's subject.
var productNouns = map[string]bool{"sistema": true, "app": true, "aplicativo": true, "plataforma": true, "programa": true, "software": true}

// presentVerb reports whether a folded Portuguese word may be a verb in
// the third person of the present: it ends in "a", "e", "am", "em" or
// "z" ("avisa", "le", "leem", "faz"), is not a past form ("aram",
// "eram", "iram") and is no word of askingWords.
func presentVerb(w string) bool {
	if len(w) < 2 || askingWords[w] {
		return false
	}
	for _, past := range []string{"aram", "eram", "iram"} {
		if strings.HasSuffix(w, past) {
			return false
		}
	}
	for _, end := range []string{"a", "e", "am", "em", "z"} {
		if strings.HasSuffix(w, end) {
			return true
		}
	}
	return false
}

// askingWords open a question about the people or the moment, not the
// product: "vocês sabem", "vocês acham", "vocês já conhecem a
// sincronização com o Google Agenda?" (the vendor showing what it has),
// "o sistema está fora?", "a plataforma vai ter?" (see the phrases of
// data/cues.txt), and words that are no verb.
var askingWords = map[string]bool{
	"sabe": true, "sabem": true, "acha": true, "acham": true, "lembra": true, "lembram": true,
	"conhece": true, "conhecem": true, "precisa": true, "precisam": true, // "vocês precisam de mais alguma informação?": what the vendor needs
	"esta": true, "estao": true, "ta": true, "tao": true, "vai": true, "vao": true, "pode": true, "podem": true, "fica": true, "ficam": true,
	"de": true, "da": true, "na": true, "ne": true, "que": true, "e": true, "a": true, "para": true, "pra": true,
	"sempre": true, "ainda": true, "nunca": true, "nao": true, "mesmo": true, "agora": true, "hoje": true,
}

// systemAskPhrase is the cue of systemAsk's questions.
var systemAskPhrase = cuePhrase{cue: "question", kind: KindExplicit, strength: 0.55, keys: []string{"@you", "@verb"}, text: "vocês VERB"}

// namedAskers are the auxiliaries of a capability question about a named
// product, in English before the name and in Portuguese after it.
var namedAskers = map[Language]map[string]bool{
	English:    {"can": true, "could": true, "does": true, "will": true},
	Portuguese: {"consegue": true, "permite": true, "tem": true, "faz": true, "gera": true, "emite": true, "integra": true, "manda": true, "envia": true},
}

// pronounNames are capitalised words that open a question and name no
// product.
var pronounNames = map[string]bool{
	"i": true, "we": true, "you": true, "it": true, "they": true, "he": true, "she": true, "that": true, "this": true,
	"there": true, "someone": true, "somebody": true, "anyone": true, "anybody": true, "everyone": true, "the": true,
	"your": true, "our": true, "my": true, "his": true, "her": true, "their": true, "these": true, "those": true,
}

// namedAskPhrase is the cue of namedAsk's questions.
var namedAskPhrase = cuePhrase{cue: "question", kind: KindExplicit, strength: 0.55, keys: []string{"@aux", "@name"}, text: "can NAME"}

// askedTheClient reports whether the explicit cue at words[i] stands in
// a question the writer put to the client, as an account note reports
// it: "I asked whether they want to use peer-to-peer pages", "Asked if
// she needs the SMS add-on", "perguntei se eles querem o módulo". The
// writer asks (I, we, or a note's subjectless "Asked"), whether the
// client (a third person pronoun) wants something: what the client
// answers is the need, if any. "We asked whether you could add an audit
// log" asks the vendor and stays a request, and so does "Asked whether
// the app can insist on photos", a note's report of the client asking.
// Portuguese leaves the pronoun out: "perguntei se querem a página em
// inglês" (theyWant).
func askedTheClient(words []word, i int) bool {
	for a := max(0, i-6); a <= i && a+2 < len(words); a++ { // the cue may be "asked whether" itself
		w := words[a].lower
		if !writerAsks[w] || !whetherWords[words[a+1].lower] || !thirdPersons[words[a+2].lower] && !theyWant[words[a+2].lower] {
			continue
		}
		if w == "asked" && a > 0 && words[a-1].lower != "i" && words[a-1].lower != "we" {
			continue // "she asked whether they can": the client asking
		}
		return true
	}
	return false
}

var (
	writerAsks   = map[string]bool{"asked": true, "perguntei": true, "perguntamos": true}
	whetherWords = map[string]bool{"whether": true, "if": true, "se": true}
	thirdPersons = map[string]bool{"they": true, "they'd": true, "she'd": true, "he'd": true, "he": true, "she": true, "eles": true, "elas": true, "ele": true, "ela": true}
	// theyWant are Portuguese verbs of wanting in the third person, which
	// say who is asked without a pronoun.
	theyWant = map[string]bool{"querem": true, "quer": true, "precisam": true, "gostariam": true, "topam": true, "preferem": true}
)

// isQuestion reports whether a sentence ends with a question mark.
func isQuestion(s string) bool {
	return strings.HasSuffix(strings.TrimRight(s, " \"'”)"), "?")
}

// hedgedOutside reports whether the clause holds a hedge word that is not
// a word of the cue phrase: "if we grow we need SSO", "we might need SSO",
// "talvez precisemos". A phrase's own words ("it would be great if") do
// not count. For pain only a hedge before the phrase counts: "if the
// export fails, we retry" is hypothetical, "the export fails if the file
// is big" and "o sistema estava indisponível e se quiséssemos..." are
// not.
func hedgedOutside(words []word, m cueMatch) bool {
	for i, w := range words {
		if m.phrase.cue == "pain" && i >= m.first {
			break
		}
		if w.hedge && !slices.Contains(m.phrase.keys, w.key) && !tellsWhen(words, i) {
			return true
		}
	}
	return false
}

// tellsWhen reports whether the hedge word words[i] opens what a
// notification is about, not a condition of the need: "warn us if a
// vehicle has an open recall", "avisar se o carro tem recall pendente".
func tellsWhen(words []word, i int) bool {
	j := i - 1
	if j >= 0 && notifyObjects[words[j].lower] {
		j--
	}
	return j >= 0 && notifyVerbs[words[j].lower]
}

var (
	notifyVerbs = map[string]bool{
		"warn": true, "alert": true, "notify": true, "tell": true, "remind": true, "flag": true, "ping": true,
		"avisar": true, "alertar": true, "notificar": true, "lembrar": true, "avisa": true, "avise": true, "avisasse": true,
	}
	notifyObjects = map[string]bool{
		"us": true, "me": true, "them": true, "you": true, "him": true, "her": true,
		"nos": true, "eles": true, "voce": true, "gente": true,
	}
)

// need builds the Need of a cue match with its rule confidence: the
// phrase's strength, raised for a question that ends in "?", lowered when no
// theme is found (unless it is a complaint on its own, see themelessPain),
// when the speaker is an agent and when it is hedged. The
// need model recalibrates the confidence of the cues it knows (see
// modelNeeds).
func (a *Analyzer) need(s Sentence, toks []Token, words []word, m cueMatch, lang Language, speaker string, question bool) Need {
	// The theme is read in the clause alone: "não precisamos de SSO, mas
	// seria ótimo ter um relatório" wishes for the report, not for SSO.
	c0, c1 := words[0].tok, words[len(words)-1].tok+1
	last := m.last
	if lang == English {
		last = pastNamedSubject(words, toks, last)
	} else {
		last = pastSubjunctiveSubject(words, last)
	}
	theme, key := "", ""
	if m.phrase.cue == "request" {
		theme, key = gapTheme(lang, toks, words[m.first].tok, words[last-1].tok+1) // "..., which Dana wants before the new year"
	}
	if key == "" && byHand[m.phrase.text] {
		theme, key = gapThemeWithin(lang, toks, words[m.first].tok, words[last-1].tok+1, 5) // "credit notes, which I'm doing by hand in Word"
	}
	if key == "" && byHand[m.phrase.text] && m.first > 0 && last < len(words) && instruments[words[last].lower] {
		// "we track overtime by hand in a spreadsheet": what is done by
		// hand, not the tool it is done in, when it is more than a verb
		// ("we build it by hand from exports")
		from := c0 // the task's own clause: "o fechamento demora e fazemos tudo manualmente"
		for j := m.first - 1; j >= 0; j-- {
			if themeBreaks[words[j].lower] {
				from = words[j+1].tok
				break
			}
		}
		theme, key = themeOf(lang, toks[from:words[last-1].tok+1], words[m.first].tok-from, words[last-1].tok+1-from)
		if _, seed := topicByKey(key); !seed && !strings.Contains(key, " ") {
			theme, key = "", ""
		}
	}
	if key == "" && m.phrase.cue == "competitor" {
		theme, key = rivalDoes(lang, toks, words)
	}
	if key == "" {
		theme, key = colonTheme(lang, toks, words[last-1].tok+1)
	}
	if key == "" && m.phrase.cue == "workaround" {
		theme, key = purposeTheme(lang, toks, words, last)
	}
	if key == "" {
		theme, key = themeOf(lang, toks[c0:c1], words[m.first].tok-c0, words[last-1].tok+1-c0)
	}
	if key == "renewal" && renewalHinges[m.phrase.text] && words[last-1].tok+1 < c1 {
		// "renewal in January depends on the accounting sync": what the
		// renewal hangs on, not the renewal the cue names
		if t, k := themeOf(lang, toks[words[last-1].tok+1:c1], 0, 0); k != "" && k != "renewal" {
			theme, key = t, k
		}
	}
	conf := m.phrase.strength
	if m.phrase.cue == "question" && question {
		conf += 0.1
	}
	if theme == "" && !specificCues[m.phrase.cue] && !themelessPain(m.phrase) {
		conf *= 0.8 // a churn risk or a budget without a theme is still one
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

// purposeTheme returns the theme of what a workaround is for, when the
// words after its cue (from word i) say nothing but that, within
// purposeReach words: "then it goes in a spreadsheet so Mitch can see
// labor per job", "a gente anota num caderno pra saber quanto cada autor
// vendeu". Both empty when no purpose follows.
func purposeTheme(lang Language, toks []Token, words []word, i int) (theme, key string) {
	for j := i; j < min(len(words), i+purposeReach); j++ {
		switch words[j].lower {
		case "so", "para", "pra":
			from := j + 1
			if from < len(words) && (words[from].lower == "that" || words[from].lower == "que") {
				from++
			}
			for k := from; k < min(len(words)-1, from+3); k++ {
				if purposeModals[words[k].lower] {
					from = k + 1 // past its subject: "so Mitch can see", "pra Ana poder ver"
					break
				}
			}
			if from >= len(words) {
				return "", ""
			}
			return themeOf(lang, toks[words[from].tok:words[len(words)-1].tok+1], 0, 0)
		}
	}
	return "", ""
}

// purposeModals end the subject of a purpose ("so Mitch can see labor
// per job") or of a "where" clause ("onde o gerente possa aprovar").
var purposeModals = map[string]bool{
	"can": true, "could": true, "will": true, "would": true, "may": true, "might": true,
	"poder": true, "pode": true, "podem": true, "possa": true, "possam": true, "possamos": true, "consiga": true, "consigam": true,
}

// purposeReach is the most words between a workaround's cue and the word
// that opens its purpose (see purposeTheme).
const purposeReach = 3

// colonTheme returns the theme of what a colon introduces when the words
// from token from to the colon only point ahead to it with a generic noun:
// "Dana asked whether Coworka could do the same thing on its own: hold
// the room for X minutes", "we'd like two things: ...", "preciso de uma
// coisa: ...", "o que eles querem: ...". Both empty when there is no
// such colon.
func colonTheme(lang Language, toks []Token, from int) (theme, key string) {
	ahead := false
	for j := max(0, from-3); j < from; j++ {
		ahead = ahead || wantsWhat(toks, j) // the cue's own "o que eu queria:"
	}
	for j := from; j < len(toks); j++ {
		w := lowerKey(toks[j].Text)
		switch {
		case w == ":":
			if !ahead || j+1 >= len(toks) || explains[lowerKey(toks[j+1].Text)] {
				return "", "" // "the 'where's my instructor' request again: since Gareth raised it, …" explains
			}
			return themeOf(lang, toks[j+1:], 0, 0)
		case w == "." || w == "?" || w == "!" || w == ";":
			return "", ""
		case colonLeads[w] || wantsWhat(toks, j):
			ahead = true
		}
	}
	return "", ""
}

// wantsWhat reports whether toks[j] is the "que" of "o que" and a verb of
// wanting follows within two words: "o que eu queria: …", "o que eles
// querem: …"; not "é o que mais incomoda: …".
func wantsWhat(toks []Token, j int) bool {
	return j > 0 && lowerKey(toks[j].Text) == "que" && lowerKey(toks[j-1].Text) == "o" &&
		slices.ContainsFunc(toks[j+1:min(len(toks), j+3)], func(t Token) bool { return wantVerbs[lowerKey(t.Text)] })
}

// wantVerbs say what is wanted after "o que" (folded): "o que eu queria:
// …", "o que eles querem: …".
var wantVerbs = map[string]bool{
	"quer": true, "querem": true, "queria": true, "queremos": true, "quero": true, "queriamos": true,
	"precisa": true, "precisam": true, "precisava": true, "precisamos": true, "preciso": true, "gostaria": true, "gostariamos": true,
}

// explains open what follows a colon as a reason, not as what the need is
// about (folded lowercase).
var explains = map[string]bool{"since": true, "because": true, "porque": true, "pois": true}

// colonLeads are the generic nouns that point ahead to a colon (folded
// lowercase): "two things:", "the following features:", "outra coisa:".
// A field or a list named before a colon is what the colon's values fill
// ("campo de ocorrência: ausente, recusa", "one list per job: name,
// company").
var colonLeads = map[string]bool{
	"thing": true, "things": true, "stuff": true, "following": true, "feature": true, "features": true,
	"item": true, "items": true, "idea": true, "ideas": true, "request": true, "requests": true,
	"coisa": true, "coisas": true, "seguinte": true, "recurso": true, "recursos": true, "funcionalidade": true,
	"funcionalidades": true, "itens": true, "ideia": true, "ideias": true, "pedido": true, "pedidos": true,
}

// rivalDoes returns the theme of what a rival does, when the clause's
// words say it in a relative clause after the rival or its tool: "a
// competitor that already shows each job's stage", "um concorrente de BH
// usa um sistema que recebe os documentos pelo WhatsApp", "a competitor
// quoted us a plan that includes recurring orders". That is what the
// customer misses; the rival's city or the demo they saw is not. Both
// empty when the clause says no such thing, or it names nothing.
func rivalDoes(lang Language, toks []Token, words []word) (theme, key string) {
	for j := 1; j+1 < len(words); j++ {
		if !relativeOpeners[words[j].lower] || !slices.ContainsFunc(words[max(0, j-3):j], func(w word) bool { return rivalTools[w.lower] }) {
			continue
		}
		if isTitle(toks[words[j-1].tok].Text) {
			return "", "" // "uma proposta da CampoSoft, que já vem com mapa": the rival's name keys it
		}
		from := j + 1
		if alreadyWords[words[from].lower] && from+1 < len(words) {
			from++
		}
		if w := words[from].lower; subjectWords[w] || lang == Portuguese && strings.HasSuffix(w, "mos") {
			return "", "" // "o concorrente que testamos", "que ele tá olhando": what the customer did
		}
		end := words[len(words)-1].tok + 1
		return themeOf(lang, toks[words[from].tok:end], 0, 1)
	}
	return "", ""
}

// rivalTools are a rival and what it offers, ahead of a relative clause
// that says what they do.
var rivalTools = map[string]bool{
	"competitor": true, "competitors": true, "rival": true, "rivals": true, "platform": true, "system": true, "software": true,
	"tool": true, "app": true, "quote": true, "plan": true, "product": true,
	"concorrente": true, "concorrentes": true, "plataforma": true, "sistema": true, "ferramenta": true, "aplicativo": true, "proposta": true,
}

// subjectWords open a relative clause with its own subject: the rival is
// its object ("the competitor we trialled", "o concorrente que ele tá
// olhando").
var subjectWords = map[string]bool{
	"we": true, "i": true, "they": true, "you": true, "he": true, "she": true,
	"ele": true, "ela": true, "eles": true, "elas": true, "eu": true, "nos": true, "a": true, "o": true, "voces": true,
}

// alreadyWords may stand between a relative word and its verb.
var alreadyWords = map[string]bool{"already": true, "also": true, "ja": true, "tambem": true}

// renewalHinges are the churn-risk cues that name the renewal and then
// what it depends on (see need).
var renewalHinges = map[string]bool{
	"renewal depend on": true, "renewal * depend on": true, "renewal hinge on": true, "renewal * hinge on": true,
	"renewal is contingent on": true, "renovação depender": true, "renovação * depender": true,
}

// byHand are the workaround cues of a task done by hand (see instruments).
var byHand = map[string]bool{
	"by hand": true, "manually": true, "manualmente": true, "à mão": true, "na mão": true, "na unha": true,
}

// choreGone reports whether a task done by hand, its cue at words[i], is
// said to be over in its clause, or only to have been believed needed:
// "Gemma hasn't had to issue a single fob manually", "we no longer key the
// orders by hand", "a Ju não precisa mais lançar na mão", "parou de
// conferir na mão", "she thought we'd have to send those by hand". The
// words of goneChore
// must stand within choreReach words before the cue, with no contrast
// between ("we no longer export, but we still retype it by hand").
func choreGone(words []word, i int) bool {
	for j := i - 1; j >= max(0, i-choreReach); j-- {
		if contrasts[words[j].lower] || words[j].lower == "still" || words[j].lower == "ainda" {
			return false
		}
		for _, g := range goneChore {
			if j+len(g) <= i && slices.EqualFunc(words[j:j+len(g)], g, func(w word, s string) bool { return w.lower == s }) {
				return true
			}
		}
	}
	return false
}

// choreReach is how many words before a by-hand cue choreGone looks.
const choreReach = 10

// goneChore are the words that end a chore, folded lowercase.
var goneChore = [][]string{
	{"no", "longer"}, {"not", "anymore"}, {"has", "n't", "had", "to"}, {"have", "n't", "had", "to"},
	{"has", "not", "had", "to"}, {"have", "not", "had", "to"}, {"never", "have", "to"},
	{"nao", "precisa", "mais"}, {"nao", "precisou", "mais"}, {"nao", "precisamos", "mais"}, {"nao", "tem", "mais", "que"},
	{"nao", "temos", "mais", "que"}, {"deixou", "de"}, {"deixamos", "de"}, {"parou", "de"}, {"paramos", "de"},
	{"thought"}, {"assumed"}, {"achou", "que"}, {"achava", "que"}, {"pensou", "que"}, {"pensava", "que"},
}

// instruments open what a task is done in or with, after a workaround's
// cue: "by hand in a spreadsheet", "na mão numa planilha", "manually
// against the bank statement".
var instruments = map[string]bool{
	"in": true, "into": true, "on": true, "from": true, "against": true, "using": true, "with": true, "via": true,
	"em": true, "num": true, "numa": true, "no": true, "na": true, "com": true, "pelo": true, "pela": true,
}

// pastSubjunctiveSubject returns the index of the verb after the subject
// of a Portuguese wish's clause that follow a cue's words at i ("precisava
// que o motorista conseguisse assinar o canhoto", "o ideal seria que o
// gestor recebesse um alerta"), past a modal ("conseguisse", "pudesse"),
// or i: the theme is what should be done, not who does it. The subject
// is an article and one or two words; the verb is in the subjunctive
// (-sse, -ssem, or a present one of subjunctiveVerbs).
func pastSubjunctiveSubject(words []word, i int) int {
	j := i
	if j < len(words) && words[j].lower == "que" {
		j++
	}
	if j >= len(words) || !articles[words[j].lower] {
		return i
	}
	j++
	for k := j + 1; k < len(words) && k <= j+2; k++ {
		w := words[k].lower
		if !strings.HasSuffix(w, "sse") && !strings.HasSuffix(w, "ssem") && !subjunctiveVerbs[w] {
			continue
		}
		if subjunctiveModals[w] && k+1 < len(words) {
			return k + 1
		}
		return k
	}
	return i
}

var (
	subjunctiveVerbs = map[string]bool{
		"possa": true, "possam": true, "consiga": true, "consigam": true, "tenha": true, "tenham": true,
		"receba": true, "recebam": true, "veja": true, "vejam": true, "faca": true, "facam": true,
	}
	subjunctiveModals = map[string]bool{
		"possa": true, "possam": true, "consiga": true, "consigam": true, "pudesse": true, "pudessem": true,
		"conseguisse": true, "conseguissem": true,
	}
)

// subjectModals follow a named subject whose ability a cue asks about.
var subjectModals = map[string]bool{"can": true, "could": true, "would": true, "will": true, "should": true}

// pastNamedSubject returns the index of the word after the named subject
// and modal that follow a cue's words at i ("asked whether Hireloop could
// flag a possible match"), or i: the theme is what the product should do,
// not its name, which ckm does not know as a word.
func pastNamedSubject(words []word, toks []Token, i int) int {
	j := nameEnd(toks, words, i, 2)
	if j > i && j+1 < len(words) && subjectModals[words[j].lower] {
		return j + 1
	}
	if k := wishedSubject(words, toks, i); k > i {
		return k
	}
	return i
}

// nameEnd returns the index of the word after the capitalised words
// (at most n, "I" not among them) that start at words[i]: a name.
func nameEnd(toks []Token, words []word, i, n int) int {
	j := i
	for j < len(words) && j-i < n && isCapitalised(toks[words[j].tok].Text) && words[j].lower != "i" {
		j++
	}
	return j
}

// wishedSubject returns the index of the verb after the named subject of
// the clause a wish's phrase at i opens with "if" or "whether", when the
// verb is in the past tense ("it'd be great if Oficio showed open
// recalls", "would be great if Acme checked for ..."), or i. The verb
// then drops as a vague word.
func wishedSubject(words []word, toks []Token, i int) int {
	j := i
	if j < len(words) && wishedClauses[words[j].lower] {
		j++
	} else if i == 0 || !wishedClauses[words[i-1].lower] {
		return i
	}
	k := nameEnd(toks, words, j, 2)
	if k > j && k+1 < len(words) && pastVerb(words[k].lower) {
		return k
	}
	return i
}

// wishedClauses end a wish's phrase before the clause it wishes for.
var wishedClauses = map[string]bool{"if": true, "whether": true}

// pastVerb reports whether a folded English word is a verb in the past
// tense: regular ("checked") or one of irregularPast ("showed" is
// regular, "sent" is not).
func pastVerb(w string) bool {
	return strings.HasSuffix(w, "ed") || irregularPast[w]
}

var irregularPast = map[string]bool{
	"had": true, "sent": true, "let": true, "gave": true, "kept": true, "told": true, "took": true,
	"made": true, "got": true, "knew": true, "did": true, "put": true, "brought": true, "built": true,
	"found": true, "ran": true, "read": true, "set": true, "sold": true, "paid": true,
}

// themelessPain reports whether a pain phrase is a complaint on its own,
// theme or not: "até agora não tive resposta", "thanks for nothing". A
// complaint to a company often names no product word; a phrase under
// weakCue ("erro", "falha") still needs a theme to count.
func themelessPain(p *cuePhrase) bool {
	return p.cue == "pain" && p.strength >= weakCue
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
		w := word{key: matchKey(lang, key, lower), lower: lower, tok: i, hedge: hedges[lower], neg: isNegator(lang, lower)}
		w.name = len(words) > 0 && nameAfter[words[len(words)-1].lower] && isTitle(t.Text) && !isAcronym(t.Text)
		if w.neg && (yesOrNo(words) || ifNot(words, toks, i)) {
			w.key, w.neg = lower, false
		}
		words = append(words, w)
	}
	return words
}

// nameAfter are the articles and prepositions after which a capitalised
// word, not the sentence's first, is a name rather than a cue word: "com
// a Precisa" (a client called Precisa), "a Quero Delivery", "at Need
// Supply" (folded lowercase).
var nameAfter = map[string]bool{
	"a": true, "o": true, "as": true, "os": true, "da": true, "do": true, "na": true, "no": true, "pela": true, "pelo": true,
	"the": true, "at": true,
}

// yesOrNo reports whether the words before a negator make it the "no" of
// a choice ("MFA enforced: yes or no", "yes/no", "sim ou não"), which
// negates nothing.
func yesOrNo(before []word) bool {
	n := len(before)
	yes := func(w string) bool { return w == "yes" || w == "sim" }
	return (n >= 1 && yes(before[n-1].lower)) || (n >= 2 && (before[n-1].lower == "or" || before[n-1].lower == "ou") && yes(before[n-2].lower))
}

// ifNot reports whether the negator at token i closes an elliptical
// condition, "if not" with no comma, before the main clause's subject:
// "If not we'll have to keep the Google Sheet going", "se não a gente
// continua na planilha". It negates the condition left unsaid, not the
// need that follows.
func ifNot(before []word, toks []Token, i int) bool {
	n := len(before)
	if n == 0 || (before[n-1].lower != "if" && before[n-1].lower != "se") || before[n-1].tok != i-1 || i+1 >= len(toks) {
		return false
	}
	return ellipsisSubjects[Fold(strings.ToLower(normalizeApostrophe(toks[i+1].Text)))]
}

// ellipsisSubjects open a main clause right after an elliptical "if not".
var ellipsisSubjects = map[string]bool{
	"we": true, "i": true, "they": true, "she": true, "he": true,
	"a": true, "eu": true, "nos": true, "vou": true, "vamos": true, "vai": true, "eles": true, "ela": true, "ele": true, "temos": true, "tenho": true,
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

package nlp

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tokenize"
)

// span is a byte range [start, end) of the analysed text.
type span struct{ start, end int }

// abbreviations end with a period that does not end a sentence. prose's
// segmenter is trained on English; these are the Portuguese (and a few
// English) titles it splits after, as in "a Dra. Ana", and the Latin
// abbreviations that never end one ("the clock vs. hours flagged").
var abbreviations = []string{
	"sr.", "sra.", "srta.", "dr.", "dra.", "prof.", "profa.", "eng.", "av.",
	"exmo.", "exma.", "sto.", "sta.", "ltda.", "cia.", "tel.", "aprox.",
	"mr.", "mrs.", "ms.", "inc.", "corp.", "p.ex.", "vs.", "e.g.", "i.e.",
}

// segmentSentences splits text into sentence spans: prose's segmenter, then
// titles rejoined, then splits at line breaks that end a line of their own
// and at the edges of transcript turns, which sentences never cross.
func segmentSentences(seg *segment.Segmenter, text string, turns []ckm.Turn) []span {
	var spans []span
	for _, s := range seg.Segment(text) {
		start, end := s.Start, s.End()
		if start < 0 || end > len(text) || start >= end {
			continue
		}
		if n := len(spans); n > 0 && joinsNext(text, spans[n-1]) && start >= spans[n-1].end {
			spans[n-1].end = end
			continue
		}
		spans = append(spans, span{start, end})
	}
	cuts := hardBreaks(text, turns)
	var out []span
	for _, s := range spans {
		out = appendSplit(out, text, s, cuts)
	}
	return out
}

// joinsNext reports whether the sentence s ends in a title abbreviation and
// is followed on the same line by the next sentence.
func joinsNext(text string, s span) bool {
	sent := strings.ToLower(text[s.start:s.end])
	for _, a := range abbreviations {
		if !strings.HasSuffix(sent, a) {
			continue
		}
		i := len(sent) - len(a)
		if i == 0 || !isLetterBefore(sent, i) {
			rest := text[s.end:]
			j := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsSpace(r) })
			return j >= 0 && !strings.Contains(rest[:j], "\n")
		}
	}
	return false
}

func isLetterBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r)
}

// hardBreaks returns the sorted offsets where a sentence must end: the start
// and end of every turn, and every line break except one that wraps a
// sentence (a letter or comma before it, a lowercase letter after it).
func hardBreaks(text string, turns []ckm.Turn) []int {
	var cuts []int
	for _, t := range turns {
		cuts = append(cuts, t.Start, t.End)
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '\n' || wrapsLine(text, i) {
			continue
		}
		cuts = append(cuts, i)
	}
	sort.Ints(cuts)
	return cuts
}

func wrapsLine(text string, nl int) bool {
	before := strings.TrimRightFunc(text[:nl], unicode.IsSpace)
	after := strings.TrimLeft(text[nl+1:], " \t\r")
	if before == "" || after == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(after)
	return (unicode.IsLetter(last) || last == ',') && unicode.IsLower(next)
}

// appendSplit appends s cut at every offset in cuts strictly inside it, each
// piece trimmed of spaces; empty pieces are dropped.
func appendSplit(out []span, text string, s span, cuts []int) []span {
	i := sort.SearchInts(cuts, s.start+1)
	start := s.start
	for ; i < len(cuts) && cuts[i] < s.end; i++ {
		if cuts[i] <= start {
			continue
		}
		out = appendTrimmed(out, text, start, cuts[i])
		start = cuts[i]
	}
	return appendTrimmed(out, text, start, s.end)
}

func appendTrimmed(out []span, text string, start, end int) []span {
	for start < end {
		r, n := utf8.DecodeRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(text[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	if start < end {
		out = append(out, span{start, end})
	}
	return out
}

// tokenizeText returns prose's tokens of text, keeping only those whose
// offsets slice text exactly.
func tokenizeText(tk *tokenize.Tokenizer, text string) []Token {
	raw := tk.Tokenize(text)
	toks := make([]Token, 0, len(raw))
	for _, t := range raw {
		end := t.Start + len(t.Text)
		if t.Start < 0 || end > len(text) || text[t.Start:end] != t.Text || t.Text == "" {
			continue
		}
		if quote := openingQuote(t.Text); quote > 0 {
			// prose keeps an opening straight quote on the word it opens
			// ("'single sign-on'"): the quote is punctuation of its own.
			toks = append(toks, Token{Text: t.Text[:quote], Start: t.Start, End: t.Start + quote})
			toks = append(toks, Token{Text: t.Text[quote:], Start: t.Start + quote, End: end})
			continue
		}
		if w, ok := endsSentence(text, t.Text, end); ok {
			// prose keeps the period on a short capitalised word ("do Pix.")
			// as if it were a title: at the end of a sentence it is not.
			toks = append(toks, Token{Text: w, Start: t.Start, End: t.Start + len(w)}, Token{Text: ".", Start: end - 1, End: end})
			continue
		}
		toks = appendEmphasis(toks, t.Text, t.Start)
	}
	sort.SliceStable(toks, func(i, j int) bool { return toks[i].Start < toks[j].Start })
	return toks
}

// endsSentence returns the word of a token that is a word and a final
// period ("Pix."), and true, when the period ends a sentence: no other
// period is in the token, it is no abbreviation of the list, the word is
// longer than one letter, and the text ends after it or goes on with a
// line break or a capital letter.
func endsSentence(text, tok string, end int) (string, bool) {
	w, ok := strings.CutSuffix(tok, ".")
	if !ok || len(w) < 2 || strings.Contains(w, ".") || !isWord(w) || slices.Contains(abbreviations, strings.ToLower(tok)) {
		return "", false
	}
	rest := strings.TrimLeft(text[end:], " \t")
	if rest == "" || rest[0] == '\n' || rest[0] == '\r' {
		return w, true
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return w, unicode.IsUpper(r) && len(rest) < len(text[end:])
}

// appendEmphasis appends the token text at start, with the Markdown
// emphasis marks prose leaves on a word ("**Is", "considered**",
// "describe.**") split off as tokens of their own, and the punctuation
// between the word and a closing mark ("describe.**": "describe", ".",
// "**"), so that the word is a word.
func appendEmphasis(toks []Token, text string, start int) []Token {
	rest := strings.TrimLeft(text, "*")
	word := strings.TrimRight(rest, "*")
	lead := len(text) - len(rest) // the leading marks
	if len(word) == len(text) || word == "" || !isWord(word) {
		return append(toks, Token{Text: text, Start: start, End: start + len(text)})
	}
	if lead > 0 {
		toks = append(toks, Token{Text: text[:lead], Start: start, End: start + lead})
	}
	trail := lead + len(word)
	if trail < len(text) {
		if w := strings.TrimRight(word, ".,;:!?"); w != word && isWord(w) {
			toks = append(toks, Token{Text: w, Start: start + lead, End: start + lead + len(w)})
			lead += len(w)
			word = word[len(w):]
		}
	}
	toks = append(toks, Token{Text: word, Start: start + lead, End: start + trail})
	if trail < len(text) {
		toks = append(toks, Token{Text: text[trail:], Start: start + trail, End: start + len(text)})
	}
	return toks
}

// openingQuote returns the length of the straight quote that opens a word
// token ("'would", "'caixa"), or 0 for any other token, among them an
// elided word, a contraction's second half or a short year ("'em", "'s",
// "'re", "'90s").
func openingQuote(tok string) int {
	rest, ok := strings.CutPrefix(tok, "'")
	if !ok || !isWord(rest) || elisions[strings.ToLower(rest)] || (rest[0] >= '0' && rest[0] <= '9') {
		return 0
	}
	return 1
}

// elisions are the words an apostrophe opens in English contractions and
// elided forms.
var elisions = map[string]bool{
	"s": true, "re": true, "ll": true, "ve": true, "d": true, "m": true, "t": true,
	"em": true, "n": true, "cause": true, "til": true, "tis": true, "twas": true, "bout": true,
}

// sentenceTokens returns, for each sentence, the range [first, last) of the
// tokens that start inside it, and stems those tokens in the sentence's
// language. Tokens outside every sentence are stemmed with fallback.
func sentenceTokens(sents []Sentence, toks []Token, fallback Language) [][2]int {
	ranges := make([][2]int, len(sents))
	j := 0
	for i, s := range sents {
		for j < len(toks) && toks[j].Start < s.Start {
			stemToken(&toks[j], fallback)
			j++
		}
		first := j
		for j < len(toks) && toks[j].Start < s.End {
			stemToken(&toks[j], s.Language)
			j++
		}
		ranges[i] = [2]int{first, j}
	}
	for ; j < len(toks); j++ {
		stemToken(&toks[j], fallback)
	}
	return ranges
}

func stemToken(t *Token, lang Language) {
	if isWord(t.Text) {
		t.Stem = Stem(lang, normalizeApostrophe(t.Text))
	}
}

// isWord reports whether a token holds a letter or a digit.
func isWord(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func normalizeApostrophe(s string) string {
	if strings.Contains(s, "’") {
		return strings.ReplaceAll(s, "’", "'")
	}
	return s
}

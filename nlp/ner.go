package nlp

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm/internal/tagger"
)

// The entity taggers, trained by `go run ./internal/cmd/trainentities`
// (`make train`) on BTC, WNUT-17, SEC filings and WikiGold (English) and
// on LeNER-Br and Paramopama (Portuguese).
var (
	//go:embed data/ner-en.bin
	nerEN []byte
	//go:embed data/ner-pt.bin
	nerPT []byte
	// orgEndingsData holds the words that end company names, written by
	// `go run ./internal/cmd/buildorgendings` from the US exchanges'
	// listings (ODC-PDDL-1.0).
	//go:embed data/orgendings.txt
	orgEndingsData string
)

// nerTypes maps the taggers' entity types to ckm labels and reference
// kinds. Types not listed (MISC: nationalities, events, works) are
// dropped.
var nerTypes = map[string]struct{ label, kind string }{
	"PERSON":   {LabelPerson, ""},
	"ORG":      {LabelOrg, ""},
	"LOCATION": {LabelLocation, ""},
	"PRODUCT":  {LabelProduct, ""},
	"DATE":     {LabelDate, ""},
	"LAW":      {LabelReference, KindLaw},
	"CASE":     {LabelReference, KindCaseLaw},
}

// nerModel is one language's tagger and, per class, what a span of it
// becomes.
type nerModel struct {
	m      *tagger.Model
	begin  []bool   // class starts an entity
	inside []bool   // class continues an entity
	typ    []string // entity type of the class
	// endings are the lowercase words that end company names in the
	// tagger's language ("analytics", "logistics"), besides orgSuffixes.
	endings map[string]bool
}

// nerBeam is the beam width the taggers were trained for (`go run
// ./internal/cmd/trainentities -beam`): they tag with beam search of
// that width, as in training.
const nerBeam = 2

func loadNER(b []byte, endings map[string]bool) (*nerModel, error) {
	m, err := tagger.Read(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("nlp: load entity tagger: %w", err)
	}
	m.SetBeam(nerBeam)
	cs := m.Classes()
	n := &nerModel{m: m, begin: make([]bool, len(cs)), inside: make([]bool, len(cs)), typ: make([]string, len(cs)), endings: endings}
	for i, c := range cs {
		if len(c) > 2 && c[1] == '-' {
			n.begin[i], n.inside[i], n.typ[i] = c[0] == 'B', c[0] == 'I', c[2:]
		}
	}
	return n, nil
}

// nerPropagation is how a document's tagged names label their other
// mentions in it (tagger.Propagate), as `go run
// ./internal/cmd/trainentities -propagate` measures it.
const nerPropagation = tagger.PropagateFill | tagger.PropagateRelabel | tagger.PropagateSurname

// nerScratch is the working space of tagging one document's sentences,
// pooled: the words and classes of every sentence, end to end.
type nerScratch struct {
	words      []string
	classes    []int
	sents      []nerSentence
	docWords   [][]string
	docClasses [][]int
}

// nerSentence is one sentence for a tagger: its tokens and where its
// words and classes are in the scratch's.
type nerSentence struct {
	n          *nerModel
	toks       []Token
	start, end int
}

var nerPool = sync.Pool{New: func() any { return new(nerScratch) }}

// add tags one sentence's tokens with n.
func (s *nerScratch) add(n *nerModel, toks []Token) {
	start := len(s.words)
	for _, t := range toks {
		s.words = append(s.words, t.Text)
	}
	s.classes = n.m.Tag(s.words[start:], s.classes)
	s.sents = append(s.sents, nerSentence{n: n, toks: toks, start: start, end: len(s.words)})
}

// propagate makes the classes of the sentences each tagger tagged
// consistent across the document (nerPropagation).
func (s *nerScratch) propagate() {
	var models [2]*nerModel // the taggers of the document's sentences: one a language
	seen := models[:0]
	for _, x := range s.sents {
		if !slices.Contains(seen, x.n) {
			seen = append(seen, x.n)
		}
	}
	for _, n := range seen {
		s.docWords, s.docClasses = s.docWords[:0], s.docClasses[:0]
		for _, x := range s.sents {
			if x.n == n {
				s.docWords = append(s.docWords, s.words[x.start:x.end])
				s.docClasses = append(s.docClasses, s.classes[x.start:x.end])
			}
		}
		n.m.Propagate(s.docWords, s.docClasses, nerPropagation)
	}
}

// entities returns the entities of one tagged sentence's classes, except
// those that start inside a rule entity.
func (n *nerModel) entities(text string, toks []Token, classes []int, covered func(int) bool, out []Entity) []Entity {
	loud, post := shouted(toks), posted(toks)
	for i := 0; i < len(toks); {
		c := classes[i]
		if !n.begin[c] && !n.inside[c] {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && n.inside[classes[j]] && n.typ[classes[j]] == n.typ[c] {
			j++
		}
		if i == 0 && (j == 1 && n.m.UsuallyLower(toks[0].Text) && !n.m.FirstName(toks[0].Text) || businessRoles[strings.ToLower(toks[0].Text)]) {
			// A common noun capitalised as the sentence's first word
			// ("Reunião com a Acme."), or a company's role before its
			// name ("Competitor Brightline offers"); "Dias Toffoli" and
			// "São Paulo" keep their first word.
			if i++; i == j {
				continue
			}
		}
		if onlyGreeting(toks, i, j) {
			i = j // "Bom" of "Paulo: Bom dia": the greeting, not a place
			continue
		}
		if e, ok := taggedEntity(text, toks[i].Start, toks[j-1].End, n.typ[c], post, n.endings); ok && !covered(e.Start) && (loud || !doubtful(e)) && !notAName(e.Text, e.Label) && !(i > 0 && dateAfter(toks[i-1].Text, e.Text)) {
			if afterTitle(toks, i) && (e.Label == LabelOrg || e.Label == LabelLocation) {
				e.Label = LabelPerson // "Sr. Paulo"
			}
			if i > 0 && businessRoles[strings.ToLower(toks[i-1].Text)] && (e.Label == LabelPerson || e.Label == LabelLocation) {
				e.Label = LabelOrg // "Competitor Brightline", "o fornecedor Acme"
			}
			out = append(out, e)
		}
		i = j
	}
	return out
}

// shouted reports whether most of a sentence's words, three or more, are
// written in capitals ("PLEASE JUSTIN FOLLOW ME"): its words in capitals
// are not acronyms.
func shouted(toks []Token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if !isWord(t.Text) || startsWithDigit(t.Text) || t.Text[0] == '@' || t.Text[0] == '#' || strings.HasPrefix(t.Text, "http") {
			continue
		}
		words++
		if isAcronym(t.Text) {
			caps++
		}
	}
	return words >= 3 && caps*2 > words
}

// posted reports whether a sentence reads like a post: it holds an
// @mention or a #hashtag, or its first word is in lowercase ("omg justin
// bieber is in toronto": who does not capitalise the sentence does not
// capitalise names either).
func posted(toks []Token) bool {
	if len(toks) > 0 && startsLower(toks[0].Text) {
		return true
	}
	for _, t := range toks {
		if len(t.Text) > 1 && (t.Text[0] == '@' || t.Text[0] == '#') {
			return true
		}
	}
	return false
}

// taggedEntity makes an Entity of a tagged span, trimming greetings before
// a name and relabelling names that end like a company's (orgSuffixes and
// endings: "Kestrel Analytics") or start like a business's ("Padaria
// Lisboa").
func taggedEntity(text string, start, end int, typ string, post bool, endings map[string]bool) (Entity, bool) {
	t, ok := nerTypes[typ]
	if !ok {
		return Entity{}, false
	}
	label := t.label
	words := strings.Fields(text[start:end])
	for n := leadingGreeting(words); n > 0; n = leadingGreeting(words) {
		for _, w := range words[:n] {
			start += strings.Index(text[start:end], w) + len(w)
		}
		words = words[n:]
	}
	sp := appendTrimmed(nil, text, start, end)
	if len(words) == 0 || len(sp) == 0 {
		return Entity{}, false
	}
	start, end = sp[0].start, sp[0].end
	if label != LabelDate && label != LabelReference && (!(post && plainWords(text[start:end])) && !isCapitalised(text[start:end]) && !capitalisedHashtag(text[start:end]) && !startsWithDigit(text[start:end]) || text[start:end] == "I") {
		return Entity{}, false
	}
	last := strings.ToLower(words[len(words)-1])
	if (orgSuffixes[last] || endings[strings.TrimRight(last, ".,")] || orgHeads[strings.ToLower(words[0])]) && len(words) > 1 && (label == LabelPerson || label == LabelLocation) {
		label = LabelOrg
	}
	if label == LabelPerson || label == LabelLocation {
		end = trimSentenceStop(text, start, end)
	}
	return Entity{Text: text[start:end], Label: label, Start: start, End: end, Kind: t.kind, Source: SourceModel}, true
}

// parseOrgEndings reads data/orgendings.txt: one lowercase word a line,
// "#" comment lines.
func parseOrgEndings(data string) map[string]bool {
	out := map[string]bool{}
	for _, line := range strings.Split(data, "\n") {
		if w := strings.TrimSpace(line); w != "" && !strings.HasPrefix(w, "#") {
			out[w] = true
		}
	}
	return out
}

// trimSentenceStop drops a full stop the tokenizer left on a name's last
// word ("I'm Pat Lee." → "Pat Lee"); an initial keeps its ("John F.").
func trimSentenceStop(text string, start, end int) int {
	s := text[start:end]
	if !strings.HasSuffix(s, ".") {
		return end
	}
	last := s[strings.LastIndexAny(s, " \t\n")+1 : len(s)-1]
	if utf8.RuneCountInString(last) < 2 || strings.Contains(last, ".") {
		return end
	}
	return end - 1
}

// businessRoles are the nouns of a company's role that come right before
// its name: "competitor Brightline", "o fornecedor Acme".
var businessRoles = map[string]bool{
	"competitor": true, "competitors": true, "vendor": true, "supplier": true, "provider": true,
	"reseller": true, "distributor": true, "contractor": true,
	"concorrente": true, "fornecedor": true, "fornecedora": true, "revendedor": true,
	"distribuidor": true, "distribuidora": true, "prestadora": true,
}

// timePrepositions come before a date: "até Marco", "until May".
var timePrepositions = map[string]bool{
	"até": true, "ate": true, "em": true, "desde": true, "no": true,
	"in": true, "until": true, "till": true, "since": true, "by": true, "on": true, "next": true, "last": true,
}

// dateAfter reports whether word, a name alone, is a month or weekday
// after a word that introduces a date: "até Marco" (March without its
// cedilla) is no person, "until May" no person.
func dateAfter(prev, word string) bool {
	return timePrepositions[strings.ToLower(prev)] && lists().notNames["month"][strings.ToLower(word)]
}

// startsLower reports whether s starts with a lowercase letter.
func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// plainWords reports whether s is made of words of letters (apostrophes
// and hyphens inside, a "#" before): a name written in lowercase in a
// post ("ed sheeran", "#gaza"), not code ("keras.models", "get_id").
func plainWords(s string) bool {
	for _, w := range strings.Fields(s) {
		w = strings.TrimPrefix(w, "#")
		if w == "" || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' && r != '’' }) {
			return false
		}
	}
	return true
}

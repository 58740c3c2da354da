package nlp

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"sync"
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
}

// nerBeam is the beam width the taggers were trained for (`go run
// ./internal/cmd/trainentities -beam`): they tag with beam search of
// that width, as in training.
const nerBeam = 2

func loadNER(b []byte) (*nerModel, error) {
	m, err := tagger.Read(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("nlp: load entity tagger: %w", err)
	}
	m.SetBeam(nerBeam)
	cs := m.Classes()
	n := &nerModel{m: m, begin: make([]bool, len(cs)), inside: make([]bool, len(cs)), typ: make([]string, len(cs))}
	for i, c := range cs {
		if len(c) > 2 && c[1] == '-' {
			n.begin[i], n.inside[i], n.typ[i] = c[0] == 'B', c[0] == 'I', c[2:]
		}
	}
	return n, nil
}

// nerScratch is the per-sentence working space of the taggers, pooled.
type nerScratch struct {
	words   []string
	classes []int
}

var nerPool = sync.Pool{New: func() any { return new(nerScratch) }}

// modelEntities tags one sentence's tokens and returns the entities found,
// except those that start inside a rule entity.
func (n *nerModel) entities(text string, toks []Token, covered func(int) bool, out []Entity) []Entity {
	s := nerPool.Get().(*nerScratch)
	defer nerPool.Put(s)
	s.words = s.words[:0]
	for _, t := range toks {
		s.words = append(s.words, t.Text)
	}
	s.classes = n.m.Tag(s.words, s.classes[:0])
	for i := 0; i < len(toks); {
		c := s.classes[i]
		if !n.begin[c] && !n.inside[c] {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) && n.inside[s.classes[j]] && n.typ[s.classes[j]] == n.typ[c] {
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
		if e, ok := taggedEntity(text, toks[i].Start, toks[j-1].End, n.typ[c]); ok && !covered(e.Start) && !doubtful(e) && !notAName(e.Text, e.Label) && !(i > 0 && dateAfter(toks[i-1].Text, e.Text)) {
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

// taggedEntity makes an Entity of a tagged span, trimming greetings before
// a name and relabelling names that end like a company's or start like a
// business's ("Padaria Lisboa").
func taggedEntity(text string, start, end int, typ string) (Entity, bool) {
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
	if label != LabelDate && label != LabelReference && (!isCapitalised(text[start:end]) && !startsWithDigit(text[start:end]) || text[start:end] == "I") {
		return Entity{}, false
	}
	if (orgSuffixes[strings.ToLower(words[len(words)-1])] || orgHeads[strings.ToLower(words[0])]) && len(words) > 1 && (label == LabelPerson || label == LabelLocation) {
		label = LabelOrg
	}
	if label == LabelPerson || label == LabelLocation {
		end = trimSentenceStop(text, start, end)
	}
	return Entity{Text: text[start:end], Label: label, Start: start, End: end, Kind: t.kind, Source: SourceModel}, true
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

package nlp

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/ner"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/token"
)

// Entity sources.
const (
	SourceModel = "model"
	SourceRule  = "rule"
)

// modelLabels maps prose's entity labels to ckm's. Labels not listed are
// dropped: the rules find money, dates and numbers better than the model.
var modelLabels = map[string]string{
	"PERSON":  LabelPerson,
	"GPE":     LabelLocation,
	"LOC":     LabelLocation,
	"FAC":     LabelLocation,
	"ORG":     LabelOrg,
	"PRODUCT": LabelProduct,
}

// orgSuffixes end organisation names that prose's model often labels PERSON
// or GPE ("Acme Corp", "Globex Corporation").
var orgSuffixes = map[string]bool{
	"corp": true, "corp.": true, "corporation": true, "inc": true, "inc.": true,
	"ltd": true, "ltd.": true, "llc": true, "ltda": true, "ltda.": true,
	"s.a.": true, "gmbh": true, "group": true, "bank": true, "labs": true,
	"technologies": true, "systems": true, "software": true, "company": true,
}

// greetings are capitalised words the model mistakes for names.
var greetings = map[string]bool{
	"hi": true, "hello": true, "hey": true, "dear": true, "thanks": true,
	"regards": true, "best": true, "cheers": true, "ok": true, "okay": true,
}

// findEntities returns the rule entities of text and, for English sentences
// that may hold a name, the model's; rules win where they overlap. The result
// is sorted by Start and free of overlaps.
func (a *Analyzer) findEntities(text string, sents []Sentence, toks []Token, ranges [][2]int, fallback Language) []Entity {
	langAt := func(off int) Language {
		i := sort.Search(len(sents), func(i int) bool { return sents[i].End > off })
		if i < len(sents) && sents[i].Start <= off {
			return sents[i].Language
		}
		return fallback
	}
	out := ruleEntities(a.rules, text, toks, langAt)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	rules := out
	covered := func(off int) bool {
		i := sort.Search(len(rules), func(i int) bool { return rules[i].End > off })
		return i < len(rules) && rules[i].Start <= off
	}
	for i, s := range sents {
		if s.Language != English || !mayHoldName(toks[ranges[i][0]:ranges[i][1]]) {
			continue
		}
		for _, e := range a.modelEntities(text, toks[ranges[i][0]:ranges[i][1]], covered) {
			if !overlapsAny(out, e.Start, e.End) {
				out = append(out, e)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// mayHoldName reports whether a sentence has a capitalised word other than
// its first and "I": the only sentences worth the model's time.
func mayHoldName(toks []Token) bool {
	first := true
	for _, t := range toks {
		if !isWord(t.Text) {
			continue
		}
		if !first && t.Text != "I" && isCapitalised(t.Text) {
			return true
		}
		first = false
	}
	return false
}

func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// nerContext is how many tokens of context the entity model sees on each
// side of a capitalised word.
const nerContext = 2

// modelEntities runs prose's tagger over one sentence's tokens and its
// entity model over windows around the capitalised words only: the model
// costs about 40 µs a token, and names are capitalised.
func (a *Analyzer) modelEntities(text string, toks []Token, covered func(int) bool) []Entity {
	pt := make([]token.Token, len(toks))
	for i, t := range toks {
		pt[i] = token.Token{Text: t.Text, Start: t.Start}
	}
	a.tagger.TagTokens(pt)
	firstWord := -1
	for _, t := range toks {
		if isWord(t.Text) {
			firstWord = t.Start
			break
		}
	}
	var out []Entity
	for _, w := range nameWindows(toks, covered) {
		win := append(pt[w.start:w.end:w.end], token.Token{Tag: "-END-", Label: "O", Start: len(text)})
		a.ner.Label(win[:len(win)-1])
		// The closing token makes Chunk emit an entity that ends the window.
		for _, e := range a.ner.Chunk(text, win) {
			if ent, ok := modelEntity(text, e); ok && !doubtful(ent, firstWord) {
				out = append(out, ent)
			}
		}
	}
	return out
}

// nameWindows returns the token ranges around capitalised words other than
// the first and those inside rule entities ("March", "USD"), merged where
// they touch.
func nameWindows(toks []Token, covered func(int) bool) []span {
	var ws []span
	first := true
	for i, t := range toks {
		if !isWord(t.Text) {
			continue
		}
		if first || t.Text == "I" || !isCapitalised(t.Text) || covered(t.Start) {
			first = false
			continue
		}
		lo, hi := max(0, i-nerContext), min(len(toks), i+nerContext+1)
		if n := len(ws); n > 0 && lo <= ws[n-1].end {
			ws[n-1].end = hi
			continue
		}
		ws = append(ws, span{lo, hi})
	}
	return ws
}

func modelEntity(text string, e ner.Entity) (Entity, bool) {
	label, ok := modelLabels[e.Label]
	start, end := e.Start, e.End()
	if !ok || start < 0 || end > len(text) || text[start:end] != e.Text {
		return Entity{}, false
	}
	words := strings.Fields(e.Text)
	for len(words) > 0 && greetings[strings.ToLower(strings.Trim(words[0], ",."))] {
		start += strings.Index(text[start:end], words[0]) + len(words[0])
		words = words[1:]
	}
	sp := appendTrimmed(nil, text, start, end)
	if len(words) == 0 || len(sp) == 0 {
		return Entity{}, false
	}
	start, end = sp[0].start, sp[0].end
	if !isCapitalised(text[start:end]) || text[start:end] == "I" {
		return Entity{}, false
	}
	if orgSuffixes[strings.ToLower(words[len(words)-1])] && len(words) > 1 {
		label = LabelOrg
	}
	return Entity{Text: text[start:end], Label: label, Start: start, End: end, Source: SourceModel}, true
}

// doubtful reports whether a model entity is more likely a capitalised
// word than a name: a single word opening the sentence ("Quick follow-up"),
// or an acronym of three letters or more taken for a person or place
// ("API", "ERP").
func doubtful(e Entity, firstWord int) bool {
	single := !strings.ContainsFunc(e.Text, unicode.IsSpace)
	if single && e.Start == firstWord {
		return true
	}
	return single && len(e.Text) >= 3 && isAcronym(e.Text) && e.Label != LabelOrg
}

func overlapsAny(es []Entity, start, end int) bool {
	for _, e := range es {
		if start < e.End && e.Start < end {
			return true
		}
	}
	return false
}

// candidate is a rule match before overlaps are resolved.
type candidate struct {
	Entity
	priority int
}

// ruleEntities runs every rule over text and keeps, among overlapping
// matches, the one of the first rule, then the earliest, then the longest.
func ruleEntities(rules []rule, text string, toks []Token, langAt func(int) Language) []Entity {
	var cands []candidate
	for p, r := range rules {
		for _, m := range ruleMatches(r, text, toks) {
			start, end, value, ok := r.match(text, m, langAt(m[0]))
			if !ok || start < 0 || end > len(text) || start >= end {
				continue
			}
			e := Entity{Text: text[start:end], Label: r.label, Start: start, End: end, Value: value, Source: SourceRule}
			cands = append(cands, candidate{e, p})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.priority != b.priority {
			return a.priority < b.priority
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.End > b.End
	})
	out := []Entity{}
	for _, c := range cands {
		if !overlapsAny(out, c.Start, c.End) {
			out = append(out, c.Entity)
		}
	}
	return out
}

// maxTriggeredMatch bounds the text a triggered rule looks at after its
// trigger word, in bytes.
const maxTriggeredMatch = 80

// ruleMatches returns the submatch indexes of r's matches in text: all of
// them for a plain rule, those starting at a trigger word for a triggered
// one.
func ruleMatches(r rule, text string, toks []Token) [][]int {
	if r.trigger == nil {
		return r.re.FindAllStringSubmatchIndex(text, -1)
	}
	var out [][]int
	for _, t := range toks {
		if !r.trigger[triggerWord(t.Text)] {
			continue
		}
		m := r.re.FindStringSubmatchIndex(text[t.Start:min(len(text), t.Start+maxTriggeredMatch)])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += t.Start
			}
		}
		out = append(out, m)
	}
	return out
}

// models holds prose's tagger and entity model, loaded once per process.
type models struct {
	tagger *tag.Tagger
	ner    *ner.Extracter
}

func loadModels() (models, error) {
	tg, err := tag.New()
	if err != nil {
		return models{}, err
	}
	ex, err := ner.New()
	if err != nil {
		return models{}, err
	}
	return models{tg, ex}, nil
}

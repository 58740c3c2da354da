package nlp

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Entity sources.
const (
	SourceModel     = "model"
	SourceRule      = "rule"
	SourceGazetteer = "gazetteer"
)

// orgSuffixes end organisation names that a tagger may label PERSON or
// LOCATION ("Acme Corp", "Globex Corporation").
var orgSuffixes = map[string]bool{
	"corp": true, "corp.": true, "corporation": true, "inc": true, "inc.": true,
	"ltd": true, "ltd.": true, "llc": true, "ltda": true, "ltda.": true,
	"s.a.": true, "gmbh": true, "group": true, "bank": true, "labs": true,
	"technologies": true, "systems": true, "software": true, "company": true,
}

// orgHeads open business names in Portuguese: a tagged person or place
// that starts with one is an organisation ("Padaria Lisboa", "Farmácia
// São João").
var orgHeads = map[string]bool{
	"padaria": true, "farmácia": true, "farmacia": true, "loja": true, "lojas": true,
	"restaurante": true, "supermercado": true, "mercado": true, "clínica": true,
	"clinica": true, "construtora": true, "transportadora": true, "distribuidora": true,
	"livraria": true, "papelaria": true, "drogaria": true, "academia": true,
	"laboratório": true, "laboratorio": true, "grupo": true, "editora": true,
}

// greetings are capitalised words the model mistakes for names.
var greetings = map[string]bool{
	"hi": true, "hello": true, "hey": true, "dear": true, "thanks": true,
	"regards": true, "best": true, "cheers": true, "ok": true, "okay": true,
	"bom": true, "boa": true, "olá": true, "ola": true, "oi": true, "obrigado": true,
	"obrigada": true, "prezado": true, "prezada": true, "caro": true, "cara": true,
	"abraço": true, "abraços": true, "tchau": true,
}

// findEntities returns the entities of text, by precedence: the rules'
// (speaker names opening transcript lines among them), the deployment's
// gazetteer's, the curated product list's, the tagger's of each sentence
// that may hold a name (of the sentence's language; a name after a title
// such as "Sr." is a person), the first names after a greeting or a title
// the taggers left, and last the names of the generated product list the
// others left. ORG and PRODUCT mentions
// in a switch or offer context are marked competitors. The result is
// sorted by Start and free of overlaps.
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
	speakers := a.speakerEntities(text)
	out = addFree(out, speakers)
	if g := a.cfg.Gazetteer; g != nil {
		out = addFree(out, g.find(text, toks))
	}
	if a.products != nil {
		out = addFree(out, listEntities(a.products.curated, text, toks))
	}
	fixed := out
	covered := func(off int) bool {
		i := sort.Search(len(fixed), func(i int) bool { return fixed[i].End > off })
		return i < len(fixed) && fixed[i].Start <= off
	}
	var tagged []Entity
	ns := nerPool.Get().(*nerScratch)
	ns.words, ns.classes, ns.sents = ns.words[:0], ns.classes[:0], ns.sents[:0]
	for i, s := range sents {
		st := toks[ranges[i][0]:ranges[i][1]]
		if m := a.ner[s.Language]; m != nil && a.mayHoldName(st, m) {
			ns.add(m, st)
		}
	}
	ns.propagate()
	for _, x := range ns.sents {
		tagged = x.n.entities(text, x.toks, ns.classes[x.start:x.end], covered, tagged)
	}
	clear(ns.sents) // no tokens kept in the pool
	nerPool.Put(ns)
	var listed []Entity
	if a.products != nil {
		listed = listEntities(a.products.listed, text, toks)
		tagged = a.yieldToList(tagged, listed)
	}
	out = addFree(out, speakersArePeople(speakers, tagged))
	out = addFree(out, a.greetedNames(text, sents, toks, ranges))
	out = addFree(out, listed)
	rivalNames(text, out, a.firstName)
	markCompetitors(text, out)
	return out
}

// yieldToList drops from tagged the places of one word that are exactly a
// name of the generated product list and no tagger knows as a place's
// whole name ("Harbor wants facial recognition": "Harbor" is only part of
// "Oak Harbor"), so that the list's PRODUCT fills them. It changes tagged
// in place and returns it.
func (a *Analyzer) yieldToList(tagged, listed []Entity) []Entity {
	if len(listed) == 0 {
		return tagged
	}
	return slices.DeleteFunc(tagged, func(e Entity) bool {
		if e.Label != LabelLocation || strings.ContainsFunc(e.Text, unicode.IsSpace) || a.wholePlace(e.Text) {
			return false
		}
		i := sort.Search(len(listed), func(i int) bool { return listed[i].End > e.Start })
		return i < len(listed) && listed[i].Start == e.Start && listed[i].End == e.End
	})
}

// wholePlace reports whether a tagger knows w as a place's whole name.
func (a *Analyzer) wholePlace(w string) bool {
	for _, m := range a.ner {
		if m.m.WholePlace(w) {
			return true
		}
	}
	return false
}

// speakersArePeople relabels PERSON the tagged entities made only of the
// words of a speaker's name: "Thanks, Laura." in a call where
// "Laura Mendes:" speaks. It changes tagged in place and returns it.
func speakersArePeople(speakers, tagged []Entity) []Entity {
	if len(speakers) == 0 {
		return tagged
	}
	words := map[string]bool{}
	for _, s := range speakers {
		for _, w := range strings.Fields(s.Text) {
			words[w] = true
		}
	}
	for i, e := range tagged {
		all := true
		for _, w := range strings.Fields(e.Text) {
			all = all && words[w]
		}
		if all {
			tagged[i].Label = LabelPerson
		}
	}
	return tagged
}

// addFree adds to es, sorted by Start and free of overlaps, the entities
// of more that overlap none of es, and returns es sorted again.
func addFree(es, more []Entity) []Entity {
	if len(more) == 0 {
		return es
	}
	fixed := len(es)
	for _, e := range more {
		if !overlapsAny(es[:fixed], e.Start, e.End) && !overlapsAny(es[fixed:], e.Start, e.End) {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Start < es[j].Start })
	return es
}

// mayHoldName reports whether a sentence has a capitalised word other than
// "I" and its first, or a first word that may be a name: one m does not
// know as usually written in lowercase and that is a first name of its
// lists or a word no tagger knows as usually lowercase ("Kenny, you
// need...", "Tom" but not "The app..." nor "Billing contact ..." in a
// sentence taken for Portuguese), or a first word in lowercase (a
// sentence written without capitals, whose names may be lowercase, see
// posted): the only sentences worth the tagger's time.
func (a *Analyzer) mayHoldName(toks []Token, m *nerModel) bool {
	first := true
	for _, t := range toks {
		if !isWord(t.Text) {
			continue
		}
		w := t.Text
		if capitalisedHashtag(w) || w[0] == '@' && len(w) > 1 || first && startsLower(w) {
			return true // "#Ukraine": tweets name places and teams so; a post's names may be lowercase
		}
		if w != "I" && isCapitalised(w) && (!first || !m.m.UsuallyLower(w) && (m.m.FirstName(w) || !a.usuallyLower(w))) {
			return true
		}
		first = false
	}
	return false
}

// usuallyLower reports whether a tagger knows w as a word usually written
// in lowercase, in either language.
func (a *Analyzer) usuallyLower(w string) bool {
	for _, m := range a.ner {
		if m.m.UsuallyLower(w) {
			return true
		}
	}
	return false
}

// isCapitalised reports whether s opens with a capital letter.
func isCapitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// capitalisedHashtag reports whether s is a hashtag whose first letter
// is a capital ("#Ukraine", "#MalaysianAirlines"): in a post, a name as
// likely as a capitalised word.
func capitalisedHashtag(s string) bool {
	return len(s) > 1 && s[0] == '#' && isCapitalised(s[1:])
}

// doubtful reports whether a tagged entity is more likely a capitalised
// word than a name: a lone acronym of three letters or more taken for a
// person, place or product ("API", "ERP"); organisations are often known
// by their acronym.
func doubtful(e Entity) bool {
	single := !strings.ContainsFunc(e.Text, unicode.IsSpace)
	return single && len(e.Text) >= 3 && isAcronym(e.Text) && e.Label != LabelOrg && e.Label != LabelReference
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
			if r.kindOf != nil {
				e.Kind = r.kindOf(text, m)
			}
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
	if r.pre != nil && !r.pre(text) {
		return nil
	}
	if r.spans != nil {
		var out [][]int
		for _, sp := range r.spans(text) {
			for _, m := range r.re.FindAllStringSubmatchIndex(text[sp[0]:sp[1]], -1) {
				for i := range m {
					if m[i] >= 0 {
						m[i] += sp[0]
					}
				}
				out = append(out, m)
			}
		}
		return out
	}
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

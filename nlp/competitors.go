package nlp

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Switch and offer contexts: an ORG or PRODUCT right after switchBefore or
// right before offerAfter is a competitor ("switch to X", "vamos migrar
// para o Omie", "Zendesk offered us 20% off", "a Omie ofereceu").
var (
	switchBefore = regexp.MustCompile(`(?i)(?:\b(?:switch(?:ing|ed)?|mov(?:e|ing|ed)|migrat(?:e|ing|ed)|chang(?:e|ing|ed)|go(?:ing)?|went|sign(?:ed|ing)?|leav(?:e|ing)\s+(?:you|us)|replac(?:e|ing)\s+(?:you|us|it)|offer|quote|proposal)(?:\s+over)?\s+(?:to|with|for|from)|\b(?:migrar|migrando|migramos|mudar|mudando|mudamos|trocar|trocando|trocamos|ir|indo|fechar|fechando|fechamos|assinar|assinamos|contratar|contratamos)\s+(?:para|pra|pro|com|por|pelo|pela)|\b(?:proposta|oferta|cota[çc][ãa]o|desconto)\s+(?:d[oa]|de)|\bvamos\s+de)\s+(?:(?:o|a|os|as|the)\s+)?$`)
	offerAfter   = regexp.MustCompile(`(?i)^\s+(?:(?:has|have|just|also|already|is|are|was|were|j[áa]|t[áa]|tamb[ée]m|nos|me)\s+)*(?:offer(?:ed|ing|s)?|quot(?:ed|ing)|pitch(?:ed|ing)|undercut|cheaper|gave\s+us|came\s+in|ofereceu|ofereceram|oferecendo|oferece|est[áa]\s+oferecendo|mandou\s+(?:uma\s+)?proposta|fez\s+(?:uma\s+)?proposta|cobra\s+menos|[ée]\s+mais\s+barat)`)
)

// competitorWindow bounds the text looked at on either side of a mention,
// in bytes.
const competitorWindow = 48

// mentionContext returns the text around an entity that its switch or
// offer context is read in: up to competitorWindow bytes before it, from
// the start of its sentence, and after it.
func mentionContext(text string, e Entity) (before, after string) {
	before = text[max(0, e.Start-competitorWindow):e.Start]
	if i := strings.LastIndexAny(before, ".!?\n"); i >= 0 {
		before = before[i+1:]
	}
	return before, text[e.End:min(len(text), e.End+competitorWindow)]
}

// Contexts that only an organisation or a product fits: what a customer
// switches or migrates to, signs with or is replaced with ("switching to
// Clio", "migrar para a Sascar"; not "moving to Austin" or "ir para
// Recife", where a place fits), and who offers or quotes the customer a
// price ("Linx mandou uma proposta").
var (
	switchToRival = regexp.MustCompile(`(?i)(?:\b(?:switch(?:ing|ed)?(?:\s+over)?\s+to|migrat(?:e|ing|ed)\s+to|sign(?:ed|ing)?\s+(?:up\s+)?with|replac(?:e|ing|ed)\s+(?:you|us|it)\s+with|leav(?:e|ing)\s+(?:you|us)\s+for)|\b(?:migrar|migrando|migramos|trocar|trocando|trocamos|fechar|fechando|fechamos|assinar|assinamos)\s+(?:para|pra|pro|com|por|pelo|pela))\s+(?:(?:o|a|the)\s+)?$`)
	offeredByName = regexp.MustCompile(`(?i)^\s+(?:(?:has|have|just|also|already|j[áa]|tamb[ée]m|nos|me)\s+)*(?:offer(?:ed|ing)\s+us|quot(?:ed|ing)\s+us|pitch(?:ed|ing)\s+us|ofereceu|ofereceram|(?:t[áa]|est[áa])\s+oferecendo|mandou\s+(?:uma\s+)?proposta|fez\s+(?:uma\s+)?proposta|cobra\s+menos)`)
)

// placeOf ends the text before a name that says where something is ("uma
// empresa de Manaus ofereceu", "a company in Leeds offered us"): the name
// is a place, whatever offers.
var placeOf = regexp.MustCompile(`(?i)\b(?:de|em|from|in|near)\s+$`)

// rivalNames relabels ORG a person or a place the taggers read where only
// an organisation or a product fits (switchToRival, offeredByName), so
// that markCompetitors then marks it a competitor: "switching to Clio",
// "a Sascar ofereceu um desconto". A one-word name that firstName knows
// stays a person before an offer ("Carla ofereceu um café": a person
// offers too), a place after "de" or "in" stays a place (placeOf), and
// so does anything a list or a gazetteer labelled.
func rivalNames(text string, es []Entity, firstName func(string) bool) {
	for i := range es {
		e := &es[i]
		if e.Source != SourceModel || (e.Label != LabelPerson && e.Label != LabelLocation) {
			continue
		}
		before, after := mentionContext(text, *e)
		oneWord := !strings.ContainsAny(e.Text, " \t")
		if switchToRival.MatchString(before) || (offeredByName.MatchString(after) && !(oneWord && firstName(e.Text)) && !placeOf.MatchString(before)) {
			e.Label = LabelOrg
		}
	}
}

// markCompetitors sets Kind to KindCompetitor on the ORG and PRODUCT
// entities that have no kind yet and sit in a switch or offer context.
// A deployment's gazetteer kinds (client) are kept.
func markCompetitors(text string, es []Entity) {
	for i := range es {
		e := &es[i]
		if e.Kind != "" || (e.Label != LabelOrg && e.Label != LabelProduct) {
			continue
		}
		before, after := mentionContext(text, *e)
		if switchBefore.MatchString(before) || offerAfter.MatchString(after) {
			e.Kind = KindCompetitor
		}
	}
}

// offerPhrase matches the offer cues of data/cues.txt ("offered us",
// "nos ofereceu", "mandou uma proposta").
var offerPhrase = regexp.MustCompile(`(?i)\b(?:offer(?:s|ed|ing)?\s+us|quot(?:e|es|ed|ing)\s+us|pitch(?:es|ed|ing)?\s+us|oferece(?:u|ram|ndo)|(?:mandou|fez)\s+uma\s+proposta|cobra\s+menos)\b`)

// rivalOffers files the competitor needs of an offer cue (which counts
// only after a name or a rival word, see offeredByRival) under the rival
// its sentence names before the offer: the last entity that is a
// competitor (an ORG or PRODUCT in an offer or switch context, see
// markCompetitors, or a gazetteer's competitor) or an ORG or PRODUCT of
// no kind ("the Totvs rep offered us"; a gazetteer's client is no
// rival), else a capitalised name the tagger missed (nameBefore:
// "Dentrix quoted us"); without one the cue's theme stays ("a Linx
// ofereceu um WMS", Linx tagged a place: WMS). "O Omie mandou uma
// proposta mais barata" is about Omie, not the price. A competitor need of
// another cue left without a theme takes its sentence's competitor
// (rivalTheme).
func rivalOffers(needs []Need, ents []Entity) {
	for k := range needs {
		n := &needs[k]
		if n.Cue != "competitor" {
			continue
		}
		loc := offerPhrase.FindStringIndex(n.Text)
		if loc == nil {
			if n.ThemeKey == "" {
				rivalTheme(n, ents)
			}
			continue
		}
		offer := n.Start + loc[0]
		name := ""
		for _, e := range ents {
			if e.Start >= n.Start && e.End <= offer && (e.Kind == KindCompetitor || (e.Kind == "" && (e.Label == LabelOrg || e.Label == LabelProduct))) {
				name = e.Text // the last before the offer
			}
		}
		if name == "" {
			name = nameBefore(n.Text[:loc[0]], n.Start, ents)
		}
		if name == "" {
			continue
		}
		key := NameKey(name)
		if key == "" {
			key = lowerKey(name) // a name themeOf reads as no content word ("Trakly": an adverb)
		}
		n.Theme, n.ThemeKey = name, key
	}
}

// rivalTheme files a competitor need its cue left without a theme under
// the last competitor its sentence names ("Vamos migrar para a Sascar em
// março": Sascar).
func rivalTheme(n *Need, ents []Entity) {
	for _, e := range ents {
		if e.Kind == KindCompetitor && e.Start >= n.Start && e.End <= n.End {
			if key := NameKey(e.Text); key != "" {
				n.Theme, n.ThemeKey = e.Text, key
			}
		}
	}
}

// capitalisedRun is a run of capitalised words: "Simples Dental", "Clio".
var capitalisedRun = regexp.MustCompile(`\p{Lu}[\p{L}\p{N}&.'-]*(?:\s+\p{Lu}[\p{L}\p{N}&.'-]*)*`)

// nameBefore returns the last run of capitalised words of prefix (the
// text of a sentence that starts at byte start, up to an offer) that the
// tagger missed: not a sentence's opening pronoun or adverb, nor a
// person's, place's or date's entity ("Carla comentou que uma empresa …
// ofereceu" names no rival). Empty when there is none, or when a rival
// word says the rival is not named.
func nameBefore(prefix string, start int, ents []Entity) string {
	runs := capitalisedRun.FindAllStringIndex(prefix, -1)
	if len(runs) == 0 || slices.ContainsFunc(strings.Fields(strings.ToLower(prefix)), func(w string) bool { return rivalWords[w] }) {
		return "" // "Frankly, a competitor quoted us": the rival is not named
	}
	r := runs[len(runs)-1]
	words := strings.Fields(strings.TrimRight(prefix[r[0]:r[1]], ".'-"))
	for len(words) > 0 && openers[strings.ToLower(words[0])] {
		r[0] += strings.Index(prefix[r[0]:], words[0]) + len(words[0]) // "O Simples Dental": the article is no name
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	name := strings.Join(words, " ")
	for _, e := range ents {
		if e.Start < start+r[1] && e.End > start+r[0] && (e.Label == LabelPerson || e.Label == LabelLocation || e.Label == LabelDate) {
			return ""
		}
	}
	return name
}

// offers reports whether cue match m is an offer phrase (offerPhrase).
func offers(toks []Token, cw []word, m cueMatch) bool {
	var b strings.Builder
	for _, w := range cw[m.first:m.last] {
		b.WriteString(toks[w.tok].Text)
		b.WriteByte(' ')
	}
	return offerPhrase.MatchString(b.String())
}

// offeredByRival reports whether a word before the offer phrase that
// starts at words[at] names who offers as a rival: a capitalised word
// (a name: "Zendesk offered us", "a Trakly veio aqui e ofereceu") other
// than a sentence's opening pronoun, article or adverb ("They offered
// us", "Ontem ofereceram"), or a rival word ("a competitor offered us"),
// met before any word of the vendor's side ("o comercial de vcs
// ofereceu", after "a integração com iFood"). Before "offered" or
// "ofereceu", a person is passed over (isPerson: a PERSON or a first
// name): "Carla ofereceu um café" and "Jessica offered us a free month"
// are their own offers; a rival quotes, pitches and proposes ("Clio quoted us
// 30 percent less", where the tagger read a first name).
func offeredByRival(toks []Token, words []word, at int, isPerson func(Token) bool) bool {
	gift := strings.HasPrefix(words[at].lower, "offer") || strings.HasPrefix(words[at].lower, "oferec")
	for i := at - 1; i >= 0; i-- {
		w := words[i]
		if rivalWords[w.lower] {
			return true
		}
		if vendorSide[w.lower] {
			return false // "the sales team of yours offered", "o comercial de vcs ofereceu", "a gente tá oferecendo"
		}
		t := toks[w.tok]
		if gift && isPerson(t) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.Text)
		if unicode.IsUpper(r) && (i > 0 || !openers[w.lower]) {
			return true
		}
	}
	return false
}

// vendorSide are the words that put an offer on the vendor's side (or the
// writer's own) when they come between it and any name before it.
var vendorSide = map[string]bool{
	"you": true, "your": true, "yours": true, "we": true, "our": true, "i": true, "my": true,
	"you've": true, "you're": true, "you'd": true, "you'll": true, "we've": true, "we're": true, "we'd": true,
	"i've": true, "i'd": true,
	"voce": true, "você": true, "voces": true, "vocês": true, "vcs": true, "vc": true, "seu": true, "sua": true,
	"seus": true, "suas": true, "gente": true, "eu": true, "meu": true, "minha": true, "nosso": true, "nossa": true,
}

// openers are the capitalised words that open a sentence without naming
// anyone who could offer.
var openers = map[string]bool{
	"they": true, "you": true, "we": true, "i": true, "he": true, "she": true, "it": true, "our": true, "your": true,
	"their": true, "the": true, "a": true, "an": true, "this": true, "that": true, "there": true, "yesterday": true,
	"today": true, "also": true, "then": true, "so": true, "and": true, "but": true, "have": true, "has": true,
	"did": true, "do": true, "does": true, "can": true, "could": true, "would": true, "will": true, "is": true,
	"are": true, "was": true, "were": true, "someone": true, "somebody": true,
	"o": true, "os": true, "as": true, "um": true, "uma": true, "eles": true, "elas": true, "ele": true, "ela": true,
	"voces": true, "vocês": true, "voce": true, "você": true, "nos": true, "nós": true, "ontem": true, "hoje": true,
	"tambem": true, "também": true, "entao": true, "então": true, "mas": true, "e": true, "ai": true, "aí": true,
	"alguem": true, "alguém": true, "ja": true, "já": true,
}

package nlp

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pronouns after a cue refer back to the previous clause's theme.
var pronouns = map[string]bool{
	"it": true, "this": true, "that": true, "them": true, "one": true,
	"isso": true, "isto": true, "ele": true, "ela": true, "eles": true, "elas": true, "disso": true,
}

// referBack gives the needs of cue the theme of the previous clause prev,
// when the words after the cue are a pronoun: in "we don't need SSO now,
// but we might need it in Q3", "it" is SSO.
func referBack(ns []ruleNeed, cue string, lang Language, toks []Token, prev []word) {
	theme, key := themeOf(lang, toks[prev[0].tok:prev[len(prev)-1].tok+1], 0, 0)
	for i := range ns {
		if key != "" && ns[i].Cue == cue {
			ns[i].Theme, ns[i].ThemeKey = theme, key
		}
	}
}

// condTheme gives the needs of a main clause that name nothing the theme
// of the leading conditional clause cond before it: in "if we could sell
// without internet, that would be great" and "se desse pra vender sem
// internet, era o que eu mais queria", what is wished for is what the
// condition says. So it does when a wish or a request ends bare (see
// bareCue) and what follows is the consequence: "e se pudesse escolher no portal,
// melhor ainda, eu paro de receber 50 mensagens". A condition that holds
// a wish of its own ("se o Sunpath tivesse um campo ...") gives that need
// its theme itself (the caller checks).
func condTheme(ns []ruleNeed, lang Language, toks []Token, cond []word, bare bool) {
	at := 0 // read after the conditional word, as after a cue: "se vocês calcularem o carbono"
	if !conditionals[cond[0].lower] && len(cond) > 1 {
		at = 1 // "e se pudesse ..."
	}
	from := cond[0].tok
	run := toks[from : cond[len(cond)-1].tok+1]
	theme, key := themeOf(lang, run, cond[at].tok-from, cond[at].tok-from+1)
	if key == "" {
		theme, key = themeOf(lang, run, 0, 0) // "se desse pra vender sem internet"
	}
	if key == "" {
		return
	}
	for i := range ns {
		if ns[i].ThemeKey == "" || bare {
			ns[i].Theme, ns[i].ThemeKey = theme, key
		}
	}
}

// bareCue reports whether the cue match m of clause cw ends its clause or
// is followed by punctuation or a comparison, so that nothing it says is
// its object:
// "..., melhor ainda, eu paro ...", "..., that would be great."
func bareCue(cw []word, toks []Token, m cueMatch) bool {
	if m.last >= len(cw) {
		return true
	}
	if w := cw[m.last].lower; w == "than" || w == "do" && m.last+1 < len(cw) && cw[m.last+1].lower == "que" {
		return true // a comparison: "that's worth more to me than anything else on the list"
	}
	return punctuated(toks, cw[m.last-1].tok, cw[m.last].tok)
}

// refusals end a clause that turns down what an earlier clause of the
// same sentence offered or named, as folded words: "Suggested the Boost
// ads add-on for the holidays, but she passed", "ofereci o módulo de
// roteirização, mas ele não quis". A need of the earlier clause is then
// a denial (negated), like "we don't need it".
var refusals = [][]string{
	{"she", "passed"}, {"he", "passed"}, {"they", "passed"}, {"pass", "on", "it"}, {"passed", "on", "it"},
	{"declined"}, {"no", "thanks"}, {"not", "interested"},
	{"turned", "it", "down"}, {"turned", "that", "down"}, {"said", "no"},
	{"nao", "quis"}, {"nao", "quiseram"}, {"nao", "quer"}, {"recusou"}, {"recusaram"}, {"dispensou"}, {"dispensaram"}, {"sem", "interesse"},
	{"nao", "tem", "interesse"}, {"nao", "se", "interessou"}, {"disse", "que", "nao"},
	{"nao", "obrigado"}, {"nao", "obrigada"}, {"not", "a", "fit"}, {"dropped", "it"},
	{"happy", "with", "it"}, {"happy", "with", "that"}, {"satisfied", "with", "it"},
	{"satisfeita", "com", "isso"}, {"satisfeito", "com", "isso"},
	// what works needs nothing: "customers always ask about shading and
	// it's been spot on, no issues there"
	// ("works great" is not: "add a widget, otherwise the app works great")
	{"no", "issues", "there"}, {"no", "problems", "there"}, {"no", "complaints"}, {"spot", "on"},
	{"nenhuma", "reclamacao"}, {"sem", "reclamacao"},
	// "a importação das planilhas funcionou de primeira, nenhum problema",
	// "the SMS reminders are working really well, no issues at all" ("sem
	// problema" is left out: it says "no worries" more often than "it works")
	{"no", "issues"}, {"no", "problems"}, {"nenhum", "problema"},
	// no need seen turns it down: "Seu Raimundo preferiu não ativar, disse
	// que o cliente gosta de assinar no papel e que não vê necessidade"
	{"nao", "ve", "necessidade"}, {"nao", "vejo", "necessidade"}, {"nao", "veem", "necessidade"}, {"nao", "vemos", "necessidade"},
	// what they do now is enough: "we count the walk-in with a clipboard,
	// it takes twenty minutes and it's accurate enough"
	{"accurate", "enough"}, {"does", "the", "job"}, {"works", "for", "us"}, {"works", "fine", "for", "us"},
	{"fine", "as", "it", "is"}, {"good", "as", "it", "is"}, {"ta", "bom", "do", "jeito", "que", "ta"},
	{"ta", "bom", "do", "jeito", "que", "esta"}, {"esta", "bom", "do", "jeito", "que", "esta"}, {"ta", "bom", "assim"},
	// what is no priority is turned down: "loja virtual e site de vendas
	// não é prioridade"
	{"not", "a", "priority"}, {"not", "a", "priority", "right", "now"}, {"not", "a", "priority", "for", "us"},
	{"nao", "e", "prioridade"}, {"nao", "e", "prioridade", "agora"}, {"nao", "e", "prioridade", "pra", "gente"},
	// a question answered: "someone asked whether we'd ever pay in euros,
	// so if anyone asks, the answer is no"
	{"the", "answer", "is", "no"}, {"a", "resposta", "e", "nao"},
}

// refusedAfter reports whether the sentence turns down what the cue match
// m of clause ci names: a later clause, or the rest of clause ci past the
// cue, ends with a refusal (see refusals), or a later clause opens with
// one ("sugeri o teste de inglês; recusaram, quase todas as vagas são
// operacionais").
func refusedAfter(words []word, toks []Token, cls []clause, ci int, m cueMatch, person func(Token) bool) bool {
	cw := words[cls[ci].from:cls[ci].to]
	if endsRefused(cw, m.last) || (m.last > 0 && m.last <= len(cw) && askVerbs[cw[m.last-1].lower] && asksToLeaveOut(cw, m.last)) {
		return true
	}
	return slices.ContainsFunc(cls[ci+1:], func(cl clause) bool {
		return endsRefused(words[cl.from:cl.to], 0) || opensRefused(words[cl.from:cl.to], toks, person)
	})
}

// refusalReasons returns where the reasons of a refusal start: in the
// clause that turns down what an earlier clause offered, the word past
// the refusal ("I also suggested the SMS texts; Mick said no thanks, they
// tried it with their old system and customers complained about the
// extra messages"), or the clause after one that ends in a refusal; ci
// is -1 when there is none. What follows a contrast ("but what they do
// need is ...") is no reason (see isReason).
func refusalReasons(words []word, toks []Token, cls []clause, person func(Token) bool) (ci, at int) {
	for ci := 1; ci < len(cls); ci++ {
		cw := words[cls[ci].from:cls[ci].to]
		if n := refusalOpening(cw, toks, person); n > 0 {
			return ci, n
		}
		if endsRefused(cw, 0) && ci+1 < len(cls) {
			return ci + 1, 0
		}
	}
	return -1, 0
}

// isReason reports whether the cue match starting at word first of clause
// ci gives a reason of the refusal whose reasons start at clause rc, word
// at (see refusalReasons): it comes after, with no contrast between.
func isReason(words []word, cls []clause, ci, first, rc, at int) bool {
	if rc < 0 || ci < rc || ci == rc && first < at {
		return false
	}
	from := cls[rc].from + at
	if ci > rc {
		from = cls[ci].from
	}
	return !slices.ContainsFunc(words[from:cls[ci].from+first], func(w word) bool { return contrasts[w.lower] })
}

// contrasts open a clause that turns from what came before: after a
// refusal, what follows is asked for, not a reason.
var contrasts = map[string]bool{
	"but": true, "however": true, "though": true, "although": true, "yet": true, "instead": true,
	"mas": true, "porem": true, "entretanto": true, "contudo": true, "so": true,
}

// asksToLeaveOut reports whether the words of a clause from i, right
// after a cue, ask to leave something out: a negator and a verb of
// inclusions ("pediu para não incluir na proposta", "asked us not to add
// it"). What is left out is turned down, not asked for.
func asksToLeaveOut(cw []word, i int) bool {
	for i < len(cw) && leaveOutSkips[cw[i].lower] {
		i++ // "pediu para não incluir", "asked us not to add"
	}
	return i+1 < len(cw) && cw[i].neg && (inclusions[cw[i+1].lower] || cw[i+1].lower == "to" && i+2 < len(cw) && inclusions[cw[i+2].lower])
}

// askVerbs end a cue that asks on someone's behalf: "pediu", "asked".
var askVerbs = map[string]bool{
	"asked": true, "asks": true, "pediu": true, "pediram": true, "pede": true, "pedem": true,
	"solicitou": true, "solicitaram": true,
}

// leaveOutSkips may stand between an ask and its negator.
var leaveOutSkips = map[string]bool{"us": true, "me": true, "para": true, "pra": true, "que": true}

// inclusions are the verbs of adding something to what a client gets, or
// of changing what it has ("pediu pra não mexer nisso", "asked us not to
// touch the payroll setup"; see asksToLeaveOut).
var inclusions = map[string]bool{
	"include": true, "add": true, "send": true, "offer": true, "show": true, "enable": true, "put": true,
	"incluir": true, "colocar": true, "adicionar": true, "mandar": true, "enviar": true, "oferecer": true,
	"mostrar": true, "ativar": true, "botar": true,
	"touch": true, "change": true, "migrate": true, "mexer": true, "mudar": true, "alterar": true, "migrar": true, "tocar": true,
}

// opensRefused reports whether a clause's words open with a refusal,
// past a subject and its copula ("she's happy with it"), or past a
// person's name ("Liam said no thanks", "Carla recusou"; person tells
// a name from "Payment declined").
func opensRefused(cw []word, toks []Token, person func(Token) bool) bool {
	return refusalOpening(cw, toks, person) > 0
}

// refusalOpening returns how many words of a clause its opening refusal
// takes, past its subject (see opensRefused); 0 when it opens with none.
func refusalOpening(cw []word, toks []Token, person func(Token) bool) int {
	skip := 0
	switch {
	case len(cw) > 2 && subjects[cw[0].lower] && subjectCopulas[cw[1].lower]:
		skip = 2
	case len(cw) > 1 && person(toks[cw[0].tok]):
		skip = 1
	}
	rest := cw[skip:]
	for _, r := range refusals {
		if len(rest) >= len(r) && slices.EqualFunc(rest[:len(r)], r, func(w word, s string) bool { return w.lower == s }) {
			return skip + len(r)
		}
	}
	if n := saidNotWanted(rest, toks); n > 0 {
		return skip + n
	}
	return 0
}

// saidNotWanted returns how many words open a clause that says what came
// before is not wanted, by a pronoun for it or with the object left
// unsaid, or 0: "(Dana) said they don't need it", "they don't want
// that", "(a Carla) disse que não precisam disso", "ele disse que não
// precisam, a equipe usa o notebook", but not "they don't need it yet".
// Said of a thing named before, a negated want turns it down; "they
// don't need the module" names its own object and is left to the cue
// that finds it.
func saidNotWanted(cw []word, toks []Token) int {
	i := 0
	if i < len(cw) && contrasts[cw[i].lower] {
		i++ // "but Dana said they don't need it"
	}
	for j := i; j < len(cw) && j <= i+2; j++ {
		if sayVerbs[cw[j].lower] { // "Dana said", "a Carla disse", "the owner said"
			i = j + 1
			if i < len(cw) && (cw[i].lower == "that" || cw[i].lower == "que") {
				i++
			}
			break
		}
	}
	if i < len(cw) && subjects[cw[i].lower] {
		i++
	}
	if i < len(cw) && doAux[cw[i].lower] {
		i++ // "they do n't need it"
	}
	if i+2 < len(cw) && cw[i].neg && wantWords[cw[i+1].lower] && thingPronouns[cw[i+2].lower] &&
		(i+3 == len(cw) || cw[i+3].lower != "yet") { // "they don't need it yet" wants it later
		return i + 3
	}
	if i > 0 && i+1 < len(cw) && cw[i].neg && wantWords[cw[i+1].lower] && (i+2 == len(cw) || punctuated(toks, cw[i+1].tok, cw[i+2].tok)) {
		return i + 2 // "ele disse que não precisam, a equipe usa o notebook": the object left unsaid
	}
	return 0
}

var (
	// sayVerbs report what someone said: "Dana said they don't need it".
	sayVerbs = map[string]bool{"said": true, "says": true, "told": true, "disse": true, "disseram": true, "falou": true, "falaram": true}
	// doAux carry an English negation: "they don't", "she doesn't".
	doAux = map[string]bool{"do": true, "does": true, "did": true}
	// thingPronouns stand for a thing named before: "don't need it". Not
	// refusedObjects: "them" and "one" may be people ("but I don't want
	// them seeing customer invoices").
	thingPronouns = map[string]bool{"it": true, "that": true, "this": true, "isso": true, "disso": true, "dele": true, "dela": true, "esse": true, "essa": true}
)

// refusalColon returns the index of the first word after the sentence's
// first colon when what comes before the colon turns something down (see
// endsRefused, wantsNot) or says it works (praises): "Bronwyn was clear
// she doesn't want it: Tallwood had a bad experience with automated
// scoring", "não querem isso: o pessoal abandona o teste no meio", "o
// modo offline tá funcionando muito bem: os técnicos fecham OS sem
// internet". What follows explains the refusal or the praise, so its
// needs are denials. -1 when there is none.
func refusalColon(words []word, toks []Token) int {
	i := colonAt(words, toks)
	if i > 0 && (endsRefused(words[:i], 0) || wantsNot(words[:i]) || endsWithAny(words[:i], 0, praises) || namePassed(words[:i], toks)) {
		return i
	}
	return -1
}

// colonAt returns the index of the first word after a sentence's first
// colon, or -1 when it has none.
func colonAt(words []word, toks []Token) int {
	for i := 1; i < len(words); i++ {
		if markBefore(words, toks, i, ":") {
			return i
		}
	}
	return -1
}

// namePassed reports whether words are only a name and "passed", a
// client turning an offer down: "Dana passed: they ran a paper punch
// card in 2024 …", "Greg passed." ("she passed" and "they passed" are
// refusals of their own; "It passed." is a test, and a lowercase word
// no name).
func namePassed(words []word, toks []Token) bool {
	return len(words) == 2 && words[1].lower == "passed" && isTitle(toks[words[0].tok].Text) && !passedSubjects[words[0].lower]
}

// passedSubjects pass a test or a check, not an offer (see namePassed).
var passedSubjects = map[string]bool{"it": true, "this": true, "that": true, "everything": true, "all": true, "both": true}

// subjects and subjectCopulas open a clause as its subject and verb:
// "she's happy with it", "ela está satisfeita com isso".
var (
	subjects       = map[string]bool{"she": true, "he": true, "they": true, "we": true, "i": true, "ela": true, "ele": true, "eles": true, "elas": true}
	subjectCopulas = map[string]bool{"'s": true, "s": true, "is": true, "are": true, "'re": true, "re": true, "was": true, "were": true, "esta": true, "estao": true, "ficou": true, "ficaram": true}
)

// wantsNot reports whether words end in a negated want or need and at
// most wantObject words of what is not wanted: "she doesn't want it",
// "they don't need the module", "não precisam de nenhum dos dois".
func wantsNot(words []word) bool {
	for i := len(words) - 1; i >= max(len(words)-1-wantObject, 1); i-- {
		if !wantWords[words[i].lower] {
			continue
		}
		return words[i-1].neg || (i >= 2 && words[i-2].neg && skippable[words[i-1].lower])
	}
	return false
}

// wantObject is the most words after a negated want that still name what
// is turned down (see wantsNot).
const wantObject = 4

// wantWords make a negated want: see wantsNot.
var wantWords = map[string]bool{
	"want": true, "wants": true, "wanted": true, "need": true, "needs": true, "needed": true,
	"quer": true, "querem": true, "queremos": true, "quis": true, "quiseram": true,
	"precisa": true, "precisam": true, "precisamos": true, "preciso": true,
}

// endsRefused reports whether the words from index from on end with a
// refusal, a closing "at all" aside ("no issues there at all").
func endsRefused(cw []word, from int) bool {
	if n := len(cw); n >= 2 && cw[n-2].lower == "at" && cw[n-1].lower == "all" {
		cw = cw[:n-2]
	}
	return endsWithAny(cw, from, refusals)
}

// praises end what says a thing works as it is ("works really well",
// "tá funcionando muito bem"), folded; see refusalColon. Alone they turn
// nothing down: "add a widget, otherwise the app works great".
var praises = [][]string{
	{"works", "well"}, {"works", "really", "well"}, {"working", "well"}, {"working", "really", "well"}, {"worked", "well"},
	{"works", "fine"}, {"working", "fine"}, {"works", "great"}, {"working", "great"}, {"worked", "great"}, {"works", "perfectly"}, {"working", "perfectly"},
	{"funciona", "bem"}, {"funciona", "muito", "bem"}, {"funcionando", "bem"}, {"funcionando", "muito", "bem"},
	{"funcionou", "bem"}, {"funcionou", "muito", "bem"}, {"funciona", "perfeitamente"}, {"funcionando", "perfeitamente"},
}

// endsWithAny reports whether cw, past its first from words, ends with
// one of the phrases. A phrase's "not" is any negator: "Trent isn't
// interested", "they aren't interested".
func endsWithAny(cw []word, from int, phrases [][]string) bool {
	for _, r := range phrases {
		if len(cw)-len(r) < from {
			continue
		}
		if slices.EqualFunc(cw[len(cw)-len(r):], r, func(w word, s string) bool {
			return w.lower == s || s == "not" && w.neg && strings.HasSuffix(w.lower, "n't")
		}) {
			return true
		}
	}
	return false
}

// unhedged cues are never marked hedged: a threat is conditional by nature
// ("if we cannot agree, we will cancel"), and so is a wish ("it would help
// if the statement came by category").
var unhedged = map[string]bool{"churn-risk": true, "competitor": true, "wish": true}

// goalWords after a first-person want make it the writer's own task ("I
// want to install it", "I need help with this error"); see expectations.
var goalWords = map[string]bool{"to": true, "help": true, "support": true}

// clauseNeeds returns the needs of one cue match: the phrase's own cue and
// the further cues it signals (a switch threat is also a churn risk, under
// the renewal theme rather than the rival's name, so that one sentence
// gives one mention per theme).
func (a *Analyzer) clauseNeeds(s Sentence, toks []Token, cw []word, m cueMatch, lang Language, speaker string, question bool) []ruleNeed {
	n := a.need(s, toks, cw, m, lang, speaker, question)
	if len(m.phrase.also) > 0 {
		if from, to := rivalRun(toks, cw, m.last); to > from {
			// a switch's theme is the rival's name alone: "piloting
			// Fieldwire on two sites", "moving to HubSpot unless ..."
			name := s.Text[toks[from].Start-s.Start : toks[to-1].End-s.Start]
			if key := NameKey(name); key != "" {
				n.Theme, n.ThemeKey = name, key // keyed as a rival's offer is (rivalOffers)
			}
		}
	}
	goal := m.last < len(cw) && goalWords[cw[m.last].lower]
	out := []ruleNeed{{Need: n, phrase: m.phrase.text, goal: goal}}
	for _, cue := range m.phrase.also {
		extra := n
		extra.Cue = cue
		if t, ok := topicByKey("renewal"); ok && cue == "churn-risk" {
			extra.Theme, extra.ThemeKey = t.label, t.key
		}
		out = append(out, ruleNeed{Need: extra, phrase: m.phrase.text})
	}
	return out
}

// rivalRun returns the tokens [from, to) of the capitalised name that
// follows a switch phrase ending at word i, past articles, or from == to
// when a rival word or nothing capitalised follows.
func rivalRun(toks []Token, cw []word, i int) (from, to int) {
	for i < len(cw) && articles[cw[i].lower] {
		i++
	}
	j := i
	for j < len(cw) && j-i < 3 && isCapitalised(toks[cw[j].tok].Text) && !rivalWords[cw[j].lower] {
		j++
	}
	if j == i {
		return 0, 0
	}
	return cw[i].tok, cw[j-1].tok + 1
}

// topicByKey returns the topic of data/topics.txt with the given key.
func topicByKey(key string) (topic, bool) {
	for _, t := range lists().topics {
		if t.key == key {
			return t, true
		}
	}
	return topic{}, false
}

// onePerTheme keeps one need per theme of a sentence, so that a sentence
// is one mention of its theme however many cues it holds ("we do it by
// hand, we need an export" is not a request and a workaround of one
// theme). Across clauses the affirmed need is kept ("we don't need SSO
// now, but we might need it in Q3"); then a specific cue over a generic
// one (see specificCues); then the more confident ("não precisamos de
// SSO" outweighs a weak cue on SSO in the same clause). Needs without a theme are kept.
func onePerTheme(needs []ruleNeed) []ruleNeed {
	out := needs[:0:0]
	at := map[string]int{}
	for _, n := range needs {
		key := n.ThemeKey
		if key == "" {
			key = n.Theme
		}
		i, seen := at[key]
		switch {
		case key == "" || !seen:
			at[key] = len(out)
			out = append(out, n)
		case replaces(n, out[i]):
			out[i] = n
		}
	}
	return out
}

// replaces reports whether n is kept over the earlier need old of the same
// theme (see onePerTheme).
func replaces(n, old ruleNeed) bool {
	if n.clause != old.clause && n.Negated != old.Negated {
		return !n.Negated
	}
	if n.Negated == old.Negated && specific(n) != specific(old) {
		return specific(n) // "queremos rescindir o contrato" is a churn risk
	}
	return n.Confidence > old.Confidence
}

// specific reports whether a need's cue is one of specificCues, told by
// more than a price named: "tem como programar o preço por horário?" asks
// a question about prices, it does not talk budget.
func specific(n ruleNeed) bool {
	return specificCues[n.Cue] && !(n.Cue == "budget" && priceWords[n.phrase])
}

// priceWords are the budget cue phrases of data/cues.txt that only name a
// price or a cost.
var priceWords = map[string]bool{"price": true, "pricing": true, "preço": true, "custo": true}

// specificCues say more than a generic request, question or wish of the
// same theme in the same sentence.
var specificCues = map[string]bool{
	"churn-risk": true, "competitor": true, "plan": true, "growth": true, "budget": true,
}

// clause is a run of a sentence's words [from, to) read on its own for
// negation, hedging and theme: sentences split at ";" and before a
// contrastive conjunction ("but", "mas") or a clause spliced on after a
// comma (", it's ...", see spliced), and a leading conditional clause
// ("if ...", "se ...") ends at its first comma.
type clause struct {
	from, to  int
	cond      bool // a leading conditional clause
	afterCond bool // the main clause after a conditional one
}

// contrastives start a new clause.
var contrastives = map[string]bool{
	"but": true, "however": true, "although": true, "though": true, "whereas": true, "yet": true,
	"mas": true, "porem": true, "contudo": true, "entretanto": true, "embora": true, "todavia": true,
}

// conditionals open a conditional clause.
var conditionals = map[string]bool{"if": true, "unless": true, "se": true, "caso": true}

// leadIns may open a sentence before its conditional clause: "E se
// pudesse escolher no portal, melhor ainda", "and if it could ..., we'd
// ...".
var leadIns = map[string]bool{"and": true, "or": true, "so": true, "e": true, "ou": true, "entao": true}

// clauses splits a sentence's words into clauses (see clause).
func clauses(words []word, toks []Token) []clause {
	if len(words) == 0 {
		return nil
	}
	var out []clause
	cur := clause{cond: conditionals[words[0].lower] || len(words) > 1 && leadIns[words[0].lower] && conditionals[words[1].lower]}
	for i := 1; i < len(words); i++ {
		brk := contrastives[words[i].lower]
		for t := words[i-1].tok + 1; t < words[i].tok; t++ {
			if p := toks[t].Text; p == ";" || (p == "," && (cur.cond || spliced(words, i))) {
				brk = true
			}
		}
		if brk {
			cur.to = i
			out = append(out, cur)
			cur = clause{from: i, afterCond: cur.cond}
		}
	}
	cur.to = len(words)
	return append(out, cur)
}

// spliced reports whether word i, right after a comma, opens a clause
// of its own with a subject and a copula: "The manual roster board works
// fine for us, it's the stuff after the roster that hurts" is two
// clauses, and the first says the board works.
func spliced(words []word, i int) bool {
	return i+1 < len(words) && spliceSubjects[words[i].lower] && spliceCopulas[words[i+1].lower]
}

// spliceSubjects and spliceCopulas open a spliced clause (see spliced),
// folded.
var (
	spliceSubjects = map[string]bool{"it": true, "that": true, "this": true}
	spliceCopulas  = map[string]bool{"'s": true, "s": true, "is": true, "was": true}
)

// rivalWords may name the target of a switch threat in place of a proper
// name: "switch to another tool", "trocar por outro sistema".
var rivalWords = map[string]bool{
	"another": true, "other": true, "competitor": true, "competitors": true, "different": true, "cheaper": true,
	"outro": true, "outra": true, "outros": true, "concorrente": true, "concorrencia": true,
}

// articles are passed over before a switch threat's target.
var articles = map[string]bool{
	"the": true, "a": true, "an": true, "o": true, "os": true, "as": true, "um": true, "uma": true,
}

// namesRival reports whether the word after a switch phrase names a rival:
// a capitalised name ("sign with Contoso", "migrar para o Zendesk") or a
// rival word ("another vendor"), so that "switch to dark mode" and
// "migrar para a nuvem" are not threats. Where the phrase ends in "to" or
// "para", a name that opens a place or a time among ents, or a day or a
// month, is where or when, not whom: "moving to Austin", "vamos mudar para
// Curitiba", "moved to Wednesday the 16th".
func namesRival(toks []Token, cw []word, m cueMatch, ents []Entity) bool {
	for i := m.last; i < len(cw); i++ {
		if indefinites[cw[i].lower] {
			return false // "piloting an SMS reminder add-on": a thing, not a rival
		}
		if articles[cw[i].lower] {
			continue
		}
		t := toks[cw[i].tok]
		if r, _ := utf8.DecodeRuneInString(t.Text); !unicode.IsUpper(r) {
			return rivalWords[cw[i].lower]
		}
		if strings.ContainsAny(t.Text, "$€£") {
			return false // "setembro fechou com R$ 7.400 cortados": a sum, not a rival
		}
		if !rivalWords[cw[i].lower] && partOfProduct(toks, cw, i) {
			return false // "switching to the Default profile", "move to the Pro plan"
		}
		if rivalWords[cw[i].lower] || m.last == 0 || !directions[cw[m.last-1].lower] {
			return true
		}
		return !meetingTime(cw[i].lower) && !slices.ContainsFunc(ents, func(e Entity) bool {
			return (e.Label == LabelLocation || e.Label == LabelDate) && e.Start <= t.Start && t.Start < e.End
		})
	}
	return false
}

// partOfProduct reports whether the capitalised words from cw[i] (at most
// three) name a part or a setting of a product, a noun of switchTargets
// following them: "the Default profile", "the Pro plan", "o modo Escuro"
// is not capitalised and never gets here.
func partOfProduct(toks []Token, cw []word, i int) bool {
	j := nameEnd(toks, cw, i, 3)
	return j < len(cw) && switchTargets[cw[j].lower]
}

// switchTargets are the parts and settings of a product that a switch
// may move to.
var switchTargets = map[string]bool{
	"profile": true, "mode": true, "view": true, "tab": true, "setting": true, "settings": true,
	"theme": true, "layout": true, "template": true, "plan": true, "tier": true, "version": true,
	"option": true, "page": true, "screen": true, "menu": true, "button": true, "field": true,
	"branch": true, "channel": true, "workspace": true, "folder": true, "edition": true, "package": true,
	"font": true, "format": true, "preset": true, "filter": true,
}

// indefinites before a switch's target make it a thing, not a name.
var indefinites = map[string]bool{"an": true, "um": true, "uma": true}

// directions end a switch phrase that may also move something to a place
// or a time.
var directions = map[string]bool{"to": true, "para": true, "pra": true, "pro": true}

// maxLabel is the most words a leading label may have: "react-refresh:",
// "[DevTools Feature Request]", "Feature request (devtools):".
const maxLabel = 5

// politeOpeners may come before an imperative: "please show the type",
// "but just add a toggle".
var politeOpeners = map[string]bool{
	"please": true, "pls": true, "plz": true, "kindly": true, "just": true, "also": true,
}

// roleLabels name a speaker when they open a line with a colon, not an
// imperative: "Support: the job had a corrupted attachment".
var roleLabels = map[string]bool{"support": true}

// finiteVerbs after an anchored phrase make its words a subject, not an
// imperative: "Support is slow", "Display keeps flickering".
var finiteVerbs = map[string]bool{
	"is": true, "was": true, "are": true, "were": true, "has": true, "had": true, "does": true,
	"did": true, "can": true, "could": true, "will": true, "would": true, "should": true,
	"must": true, "may": true, "might": true, "keeps": true, "never": true, "seems": true,
}

// opening returns the index of the word of a clause where an imperative
// may start besides its first word, or 0: past a leading contrastive
// conjunction ("but add a toggle"), past a label that ends in ":" or "]"
// in the sentence's first clause ("rpc: allow importing wallets",
// "[DevTools] show the type of a prop"), then past a polite opener
// ("please", "just"). A label is at most maxLabel words.
func opening(cw []word, toks []Token, first bool) int {
	i := 0
	if i < len(cw) && contrastives[cw[i].lower] {
		i++
	}
	if first && i == 0 {
		i = pastLabel(cw, toks)
	}
	for i < len(cw) && politeOpeners[cw[i].lower] {
		i++
	}
	if i >= len(cw) {
		return 0
	}
	return i
}

// pastLabel returns the index of the first word after a leading label
// that ends in ":" or "]", or 0 when the clause opens with none.
func pastLabel(cw []word, toks []Token) int {
	for i := 1; i < len(cw) && i <= maxLabel; i++ {
		for t := cw[i-1].tok + 1; t < cw[i].tok; t++ {
			if p := toks[t].Text; p == ":" || p == "]" {
				return i
			}
		}
	}
	return 0
}

// satisfiedAfter reports whether the words of a sentence after index from
// say that what was asked for is already met, with no contrast word
// before it ("but", "mas"; "so" leads to a consequence, not away):
// "Marisol asked about the gauge calibration module and said it's working
// fine, so nothing needed there", "Only wants the booking widget
// embedded, which is already live on their Squarespace pages". The ask
// is then no need.
func satisfiedAfter(words []word, from int) bool {
	lw := lowers(words)
	for i := from; i < len(lw); i++ {
		if contrasts[lw[i]] && lw[i] != "so" {
			return false
		}
		if phraseAt(lw, i, satisfied) > 0 {
			return true
		}
	}
	return false
}

// satisfied are the phrases that say an ask is already met (folded
// lowercase words); see satisfiedAfter.
var satisfied = [][]string{
	{"nothing", "needed"}, {"no", "action", "needed"}, {"nothing", "to", "do", "there"},
	{"already", "live"}, {"already", "in", "place"}, {"already", "covered"},
	{"ja", "esta", "no", "ar"}, {"ja", "ta", "no", "ar"}, {"nada", "a", "fazer"}, {"ja", "resolvido"},
}

package nlp

import "strings"

// ifWish matches a wish put as a condition with its payoff, which no cue
// phrase covers when the condition's subject is the vendor's name, the
// client's team or a thing: "If Stockr could spit out what each client
// owes, I'd drop the billing tool", "Craig said if the app worked offline
// he'd move all three apprentices onto it", "Se desse pra ver os serviços
// num mapa, a gente conseguiria juntar as viagens", "se o sistema lesse o
// XML, eu liberaria duas pessoas".
//
// The condition opens with the clause's first "if" ("se") of
// words[from:to] that is not "as if", and
// has a verb within ifSubjectWords words: a modal ("could", "would") or a
// past tense in English ("worked", "had"), a past subjunctive in
// Portuguese ("desse", "mandasse"). Later in the sentence comes the
// payoff: "would" or a contracted "'d" in English, or "could" after a
// pronoun that opens the clause after a comma ("…, I could get rid of the
// early shift"), a conditional in Portuguese ("resolveria", "seria"),
// or nothing when the sentence trails off after it (trailsOff). A
// condition that is negated ("if it didn't crash"), that tells what
// happened ("if the council had seen him", "se tivesse sido avisada"),
// and a payoff that is a loss ("he'd lose his best guys", "we'd be in
// trouble") or a proposal put as a question ("would that cover it?") are
// no wish.
//
// The match ends after the verb, so that the theme is what should be
// done, when the subject is someone who acts (a pronoun, a name, the
// product); otherwise it is the "if" alone and the theme reads the
// subject: "if the condition photos lived on the appraisal". The match's
// indexes are into words[from:to].
func ifWish(lang Language, words []word, toks []Token, from, to int) (cueMatch, bool) {
	for i := from; i < to; i++ {
		if words[i].lower != ifWord[lang] || asIf(words, i) {
			continue // "as if it were new", "even if", "como se", "mesmo se"
		}
		k, actor := conditionVerb(lang, words, toks, i, to)
		if k < 0 || !payoff(lang, words, toks, k+1) && !trailsOff(words, toks, from, i) {
			return cueMatch{}, false
		}
		last := i + 1
		switch {
		case lang == Portuguese && words[k].lower == "desse" && k+1 < to && pras[words[k+1].lower]:
			last = afterVerb(lang, words, toks, k+2, to) // "se desse pra ver": what it would be possible to do
		case actor && (lang == Portuguese || words[k].lower == "could" || words[k].lower == "would"):
			last = afterVerb(lang, words, toks, k+1, to)
		case actor:
			last = k + 1
		}
		return cueMatch{phrase: &ifWishPhrase, first: i - from, last: last - from}, true
	}
	return cueMatch{}, false
}

// trailsOff reports whether the condition at words[i], which opens its
// clause at words[from] or follows a lead-in there ("So if", "E se"),
// ends a sentence that trails off: "So if Guinchix could produce the
// monthly statement for LV= itself, with credits netted off...", "Se o
// aluno pudesse ver o saldo dele pelo app…". What it would bring goes
// unsaid.
func trailsOff(words []word, toks []Token, from, i int) bool {
	if i != from && !(i == from+1 && leadIns[words[from].lower]) {
		return false
	}
	n := len(toks)
	if n > 0 && (toks[n-1].Text == "…" || strings.HasSuffix(toks[n-1].Text, "...")) {
		return true
	}
	return n >= 3 && toks[n-1].Text == "." && toks[n-2].Text == "." && toks[n-3].Text == "."
}

// ifWishPhrase is the cue of ifWish's wishes.
var ifWishPhrase = cuePhrase{cue: "wish", kind: KindExplicit, strength: 0.6, keys: []string{"if", "@verb"}, text: "if X could"}

// ifWord opens a condition in each language.
var ifWord = map[Language]string{English: "if", Portuguese: "se"}

// pras are Portuguese "para" and its colloquial forms.
var pras = map[string]bool{"pra": true, "para": true, "pro": true}

// ifSubjectWords is the most words between "if" and the condition's
// verb; ifModalWords the most before a modal, which says the condition
// is wished for whatever its subject ("if jobs we accept in the Agero
// portal could just show up on the board").
const (
	ifSubjectWords = 5
	ifModalWords   = 9
)

// modal reports whether a folded English word is "could" or "would".
func modal(lang Language, w string) bool {
	return lang == English && (w == "could" || w == "would")
}

// conditionVerb returns the index of the verb of the condition that opens
// at words[i] (before to), or -1, and whether its subject acts: a
// pronoun, a capitalised name, "the" or "your" and a product noun, or no
// subject at all ("se desse pra", "se tivesse").
func conditionVerb(lang Language, words []word, toks []Token, i, to int) (int, bool) {
	for k := i + 1; k < to && k <= i+ifModalWords; k++ {
		w := words[k].lower
		if words[k].neg || themeBreaks[w] && !isAccentedE(toks[words[k].tok].Text) {
			return -1, false
		}
		if k > i+1 && afterComma(words, toks, k) {
			return -1, false
		}
		if !conditionForm(lang, w) || k > i+ifSubjectWords && !modal(lang, w) {
			continue
		}
		if k+1 < to && toldWhat(lang, w, words[k+1].lower) {
			return -1, false
		}
		return k, actsAsSubject(lang, words, toks, i+1, k)
	}
	return -1, false
}

// conditionForm reports whether a folded word is a condition's verb: a
// modal or a past tense in English ("worked", not "need" or "speed"), a
// past subjunctive in Portuguese.
func conditionForm(lang Language, w string) bool {
	if lang == Portuguese {
		return strings.HasSuffix(w, "sse") || strings.HasSuffix(w, "ssem")
	}
	return w == "could" || w == "would" || irregularPast[w] || len(w) > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed")
}

// toldWhat reports whether a condition's verb and the word after it tell
// what happened rather than what is wished: "if they had seen", "if it
// had been", "se tivesse sido avisada".
func toldWhat(lang Language, verb, next string) bool {
	if lang == Portuguese {
		return strings.HasPrefix(verb, "tivess") && (next == "sido" || strings.HasSuffix(next, "ado") || strings.HasSuffix(next, "ido"))
	}
	return verb == "had" && (next == "been" || pastVerb(next) || strings.HasSuffix(next, "en") || strings.HasSuffix(next, "wn"))
}

// actsAsSubject reports whether the words [from, to) are a subject that
// acts: none, a pronoun, a capitalised name, or an article or "your"
// before a product noun.
func actsAsSubject(lang Language, words []word, toks []Token, from, to int) bool {
	switch n := to - from; {
	case n == 0:
		return true
	case n == 1:
		w := words[from].lower
		return actorPronouns[w] || vendorYou[w] || isCapitalised(toks[words[from].tok].Text)
	case n == 2:
		return (articles[words[from].lower] || words[from].lower == "your") && (productNouns[words[from+1].lower] || productWordsEN[words[from+1].lower]) ||
			lang == Portuguese && words[from].lower == "a" && words[from+1].lower == "gente" ||
			lang == Portuguese && articles[words[from].lower] && isCapitalised(toks[words[from+1].tok].Text) || // "se o Scaffix gerasse"
			nameEnd(toks, words, from, 2) == to
	}
	return false
}

// actorPronouns are the pronouns that may be the subject of a wished
// condition: "if we could", "if you had", "se eu pudesse".
var actorPronouns = map[string]bool{
	"i": true, "we": true, "you": true, "it": true, "they": true, "he": true, "she": true, "someone": true, "there": true,
	"eu": true, "nos": true, "voce": true, "ele": true, "ela": true, "eles": true, "elas": true,
}

// productWordsEN name the vendor's product as a condition's subject: "if
// the app worked offline", "if your system handled the truck stock".
var productWordsEN = map[string]bool{
	"system": true, "app": true, "platform": true, "software": true, "tool": true, "portal": true, "product": true,
}

// payoff reports whether the words from words[j] hold a condition's
// payoff (see ifWish) that is no loss and no question put to the client.
func payoff(lang Language, words []word, toks []Token, j int) bool {
	for ; j < len(words); j++ {
		w := words[j].lower
		if !payoffForm(lang, w, toks[words[j].tok].Text) && !(lang == Portuguese && (goingToBe(words, toks, j) || spokenPayoff(words, toks, j))) && !couldAfterComma(lang, words, toks, j) {
			continue
		}
		if lang == Portuguese && j > 0 && nounLeads[words[j-1].lower] {
			continue // "ver a categoria", "na padaria": a noun in -ria, no conditional
		}
		if lang == Portuguese && j+1 < len(words) && strings.HasPrefix(w, "teri") && toldWhat(lang, "tivesse", words[j+1].lower) {
			continue // "ele teria entregado a criança": what would have happened
		}
		after := words[j+1 : min(len(words), j+5)]
		for _, a := range after {
			if losses[a.lower] {
				return false // "he'd lose a couple of his best guys"
			}
		}
		if lang == English && len(after) > 0 && (after[0].lower == "that" || after[0].lower == "it" || after[0].lower == "this") && isQuestion(toks[len(toks)-1].Text) {
			return false // "if you had a template, would that cover it?"
		}
		return true
	}
	return false
}

// couldAfterComma reports whether words[j] is an English "could" whose
// subject, a pronoun, opens the clause after the condition's comma: "if
// Distrix could turn the voice notes into draft orders, I could get rid
// of the early shift".
func couldAfterComma(lang Language, words []word, toks []Token, j int) bool {
	return lang == English && words[j].lower == "could" && j > 1 && payoffSubjects[words[j-1].lower] && afterComma(words, toks, j-1)
}

// payoffSubjects are the pronouns that open a payoff clause.
var payoffSubjects = map[string]bool{"i": true, "we": true, "they": true, "he": true, "she": true}

// payoffForm reports whether a word says what a condition would bring:
// "would", "we'd" ("'d"), or a Portuguese conditional ("seria",
// "resolveria", "economizaríamos"), text being the word as written.
func payoffForm(lang Language, w, text string) bool {
	if lang == Portuguese {
		return startsLower(text) && len(w) > 4 && (strings.HasSuffix(w, "ria") || strings.HasSuffix(w, "riam") || strings.HasSuffix(w, "riamos"))
	}
	return w == "would" || w == "wouldn't" || strings.HasSuffix(w, "'d")
}

// spokenPayoff reports whether words[j] is the payoff of a Portuguese
// condition in the imperfect, as spoken Brazilian Portuguese puts it:
// "se desse pra registrar a saída de uma loja e a entrada na outra,
// resolvia", "se o sistema mandasse o aviso, ajudava demais", "se
// tivesse isso, era ótimo".
func spokenPayoff(words []word, toks []Token, j int) bool {
	w := words[j].lower
	if !startsLower(toks[words[j].tok].Text) {
		return false
	}
	if w == "era" {
		return j+1 < len(words) && goodOutcomes[words[j+1].lower]
	}
	return imperfectPayoffs[w]
}

// imperfectPayoffs are the verbs in the imperfect that say what a
// condition would bring in spoken Portuguese, folded.
var imperfectPayoffs = map[string]bool{
	"resolvia": true, "resolviam": true, "ajudava": true, "ajudavam": true, "facilitava": true, "facilitavam": true,
	"economizava": true, "economizavamos": true, "ganhava": true, "ganhavamos": true, "poupava": true,
	"agilizava": true, "melhorava": true, "bastava": true, "compensava": true, "valia": true, "servia": true,
	"salvava": true, "largava": true, "vendia": true, "vendiamos": true, "fechava": true, "acabava": true,
	"usava": true, "usavamos": true, "dava": true,
}

// goodOutcomes follow "era" in a payoff: "era ótimo", "era outra coisa".
var goodOutcomes = map[string]bool{
	"otimo": true, "otima": true, "perfeito": true, "perfeita": true, "ideal": true, "show": true, "top": true,
	"maravilhoso": true, "maravilha": true, "lindo": true, "bom": true, "outra": true, "excelente": true,
}

// nounLeads are the Portuguese articles, prepositions and determiners
// before a noun, folded: a word in -ria after one is a noun.
var nounLeads = map[string]bool{
	"a": true, "o": true, "as": true, "os": true, "um": true, "uma": true, "da": true, "do": true, "das": true, "dos": true,
	"na": true, "no": true, "nas": true, "nos": true, "de": true, "pela": true, "pelo": true, "com": true, "sem": true,
	"sua": true, "seu": true, "nossa": true, "nosso": true, "essa": true, "esse": true, "cada": true, "toda": true,
}

// losses after a payoff make it a loss, not a gain: "we'd lose", "she
// would struggle", "we'd be in real trouble", "perderia"; and so does
// futility: "half of them would just keep ringing anyway".
var losses = map[string]bool{
	"lose": true, "struggle": true, "trouble": true, "fined": true, "fail": true, "anyway": true, "regardless": true,
	"perder": true, "perderia": true, "perdia": true, "problema": true,
}

// afterVerb returns the index after the verb that opens words[j:to]
// (past an adverb, "just", and "let me"), when an object follows it, or
// j: the theme is the object, not what is done to it ("could set our own
// trigger levels", "could pull that into one report", "desse pra mandar
// um lembrete"), while a verb alone stays ("could reconcile load by
// load").
func afterVerb(lang Language, words []word, toks []Token, j, to int) int {
	v := j
	if v < to && wishAdverbs[words[v].lower] {
		v++
	}
	if v+1 < to && words[v].lower == "let" && letObjects[words[v+1].lower] {
		v += 2 // "if the app let me annotate in place"
	}
	if v+1 >= to || !startsLower(toks[words[v].tok].Text) || lang == Portuguese && !infinitive(words[v].lower) {
		return j
	}
	if !objectOpeners[words[v+1].lower] {
		return j
	}
	return v + 1
}

// wishAdverbs may stand between a wish's modal and its verb.
var wishAdverbs = map[string]bool{
	"just": true, "also": true, "automatically": true, "actually": true, "even": true, "simply": true, "somehow": true,
	"so": true, "tambem": true, "automaticamente": true,
}

// letObjects follow "let" before the verb it allows.
var letObjects = map[string]bool{"me": true, "us": true, "them": true, "him": true, "her": true, "people": true}

// objectOpeners open the object of a verb: articles, determiners,
// possessives and pronouns, folded.
var objectOpeners = map[string]bool{
	"the": true, "a": true, "an": true, "our": true, "their": true, "my": true, "your": true, "his": true, "her": true,
	"each": true, "every": true, "all": true, "those": true, "these": true, "that": true, "this": true, "it": true, "them": true,
	"o": true, "os": true, "as": true, "um": true, "uma": true, "uns": true, "umas": true, "nosso": true, "nossa": true,
	"nossos": true, "nossas": true, "cada": true, "todos": true, "todas": true, "isso": true, "esse": true, "essa": true, "esses": true, "essas": true,
}

// goingToBe reports whether words[j] is the colloquial conditional of
// spoken Portuguese, "ia" or "iam" and an infinitive: "se o app salvasse
// no celular ia ser outra coisa", "ia ajudar muito" ("IA", in capitals,
// is AI).
func goingToBe(words []word, toks []Token, j int) bool {
	w := words[j].lower
	return (w == "ia" || w == "iam") && startsLower(toks[words[j].tok].Text) && j+1 < len(words) && infinitive(words[j+1].lower)
}

package nlp

import (
	"regexp"
	"slices"
	"strings"

	"github.com/ckmhq/ckm"
)

// withoutLabel returns the sentence and its tokens without the speaker
// label that opens its turn ("Customer: Both, ideally." becomes "Both,
// ideally."), so that a need's evidence is the speaker's own words.
func withoutLabel(doc *ckm.Document, s Sentence, toks []Token) (Sentence, []Token) {
	end, ok := labelEnd(doc, s.Start)
	if !ok || s.Start >= end || s.End <= end {
		return s, toks
	}
	k := 0
	for k < len(toks) && toks[k].Start < end {
		k++
	}
	s.Text, s.Start = doc.Text[end:s.End], end
	return s, toks[k:]
}

// labelEnd returns the offset just after the speaker label ("Customer: ")
// of the turn that holds off, when the turn opens with one.
func labelEnd(doc *ckm.Document, off int) (int, bool) {
	t, ok := doc.TurnAt(off)
	if !ok || t.Speaker == "" {
		return 0, false
	}
	head := doc.Text[t.Start:min(t.End, len(doc.Text))]
	i := strings.Index(head, t.Speaker)
	j := i + len(t.Speaker)
	if i < 0 || j >= len(head) || head[j] != ':' {
		return 0, false
	}
	end := t.Start + j + 1
	for end < len(doc.Text) && (doc.Text[end] == ' ' || doc.Text[end] == '\t') {
		end++
	}
	return end, true
}

// restatedWish returns the wish an agent's statement restates, read as
// if anyone had said it (an agent's own wishes are no needs), when it
// says what would be ideal and holds a wish with a theme: "O ideal seria
// o assinante conseguir mudar a preferência pra um envio específico."
// answered "Isso!" is the customer's wish, put in the agent's words, and
// so is an ideal put as what the product would do ("So ideally the
// suggestion would factor in the seven-day forecast." answered "Exactly.",
// a request in the cues' terms). Other wishes of an agent ask something
// of the customer ("it would be great if you could send us the signed
// form") and a yes to them is no need.
func (a *Analyzer) restatedWish(q sentenceNeeds) (Need, bool) {
	if !idealWords.MatchString(foldLower(q.sent.Text)) {
		return Need{}, false
	}
	for _, r := range a.findNeeds(&ckm.Document{}, q.sent, q.toks, nil) {
		if (r.Cue == "wish" || r.Cue == "request") && !r.Negated && r.ThemeKey != "" {
			return r.Need, true
		}
	}
	return Need{}, false
}

// idealWords say what would be ideal, as an agent restates a need (folded
// lowercase).
var idealWords = regexp.MustCompile(`\b(?:ideal|ideally|idealmente)\b`)

// confirmations open a customer's answer that says yes to an agent's
// question: "Both, ideally.", "Sim, seria ótimo." (folded lowercase).
var confirmations = map[string]bool{
	"yes": true, "yeah": true, "yep": true, "yup": true, "sure": true, "both": true, "definitely": true,
	"absolutely": true, "exactly": true, "correct": true, "please": true, "ideally": true, "indeed": true,
	"sim": true, "claro": true, "exato": true, "exatamente": true, "isso": true, "ambos": true, "ambas": true,
	"certamente": true, "perfeito": true, "seria": true,
}

// confirms reports whether an answer opens with a yes: a confirmation word,
// or in Portuguese the question's verb echoed and "sim" ("Resolveria sim",
// "Saem sim, e isso continua").
//
// A yes on a condition confirms as well: "Se fosse possível, sim.", "If
// we can review them first, yes." (an "if" or "se" first, and a "yes" or
// "sim" among the next conditionalYesWords words).
func confirms(words []word) bool {
	for len(words) > 1 && interjections[words[0].lower] {
		words = words[1:] // "Oh, absolutely."
	}
	if w := words[0].lower; w == "if" || w == "se" {
		return slices.ContainsFunc(words[1:min(len(words), conditionalYesWords+1)], func(w word) bool { return w.lower == "yes" || w.lower == "sim" })
	}
	return confirmations[words[0].lower] || (len(words) > 1 && words[1].lower == "sim")
}

// conditionalYesWords is how far after its "if" a conditional yes says it.
const conditionalYesWords = 8

// pointingQuestion reports whether an agent's question asks about what
// was said before it rather than naming it: a vague thing of likeness
// ("Vocês gostariam de algo assim na Labora?", "Would something like that
// help your team?") or a demonstrative before a generic noun ("Would this
// feature help?"). What else it names is the product it would be in ("na
// Labora") or who it would serve. A lone pronoun does not count: "Would
// it help if subcontractors had their own login?" names what it offers.
func pointingQuestion(toks []Token) bool {
	for i, t := range toks {
		w := strings.ToLower(normalizeApostrophe(t.Text))
		if likeWhatWasSaid(toks, i) || demonstratives[w] && i+1 < len(toks) && genericNouns[lowerKey(toks[i+1].Text)] {
			return true
		}
	}
	return false
}

// pointedTheme returns the theme of the nearest of the anaphoraWindow
// sentences before sentence i that has one, whoever said it: what an
// agent's pointing question asks about ("Aí eu vi que um laboratório
// grande lançou um resumo do resultado feito com inteligência artificial.
// Os pacientes adoraram." before "Entendi. Vocês gostariam de algo
// assim?"). An acknowledgement of two words or fewer ("Entendi.",
// "Got it.") is not counted.
func pointedTheme(ss []sentenceNeeds, i int) (theme, key string) {
	seen := 0
	for j := i - 1; j >= 0 && seen < anaphoraWindow; j-- {
		if len(contentWords(ss[j].toks)) <= 2 {
			continue
		}
		seen++
		if theme, key = sentenceTheme(ss[j]); key != "" {
			return theme, key
		}
	}
	return "", ""
}

// interjections may open a yes without changing it: "Oh, absolutely.",
// "Honestly, yes, that would save me a lot of clicking.", "Olha, seria
// ótimo." (folded lowercase).
var interjections = map[string]bool{
	"oh": true, "ah": true, "ooh": true, "well": true, "wow": true, "hmm": true, "um": true, "uh": true,
	"honestly": true, "actually": true, "frankly": true,
	"olha": true, "nossa": true, "puxa": true, "opa": true, "sinceramente": true, "entao": true, "bom": true,
}

// askWords are the words after which an agent's question names what it
// offers: "Do you need it on the invoice?", "Você quer receber alertas?".
var askWords = map[string]bool{
	"need": true, "want": true, "like": true, "use": true, "require": true, "interested": true, "prefer": true, "have": true,
	"precisa": true, "precisam": true, "quer": true, "querem": true, "gostaria": true, "gostariam": true,
	"usar": true, "usa": true, "usam": true, "prefere": true, "interessa": true,
	"querer": true, "queriam": true, "quereriam": true,
}

// refusedNeeds makes a denial of the needs of a sentence followed by a
// short one that only turns it down, said by the same speaker or in an
// unlabelled note: "Offered the dashboard add-on. Not interested.",
// "Pitched the route planner. Carla declined." (see refusals; at most four
// words in all), or a short one that does not want it ("I asked again
// about SMS campaigns. Still a firm no, they don't want it.", "Mostrei o
// módulo de estoque. Não querem isso."; see turnsDown), or one that
// opens with a refusal and its reasons after a colon ("Offered the IFTA
// add-on. Linda declined: their accountant already does the filing.",
// see refusalColon), or, after an offer (offersFirst), one of any
// length that ends not wanting it ("I suggested our materials ordering
// integration. Gemma said they're happy ordering by phone and don't
// need it.", see endsNotWanting); and a sentence's own needs when it
// turns its offer down after a colon (refusedAfterColon). The refusal
// itself gives no need.
func refusedNeeds(ss []sentenceNeeds) {
	for i := range ss {
		if len(ss[i].rules) > 0 && slices.ContainsFunc(ss[i].toks, func(t Token) bool { return t.Text == ":" }) &&
			refusedAfterColon(sentenceWords(ss[i].sent.Language, ss[i].sent.Language, ss[i].toks, nil), ss[i].toks) {
			for j := range ss[i].rules {
				ss[i].rules[j].Negated = true
			}
		}
	}
	for i := 1; i < len(ss); i++ {
		prev, r := &ss[i-1], ss[i]
		if len(prev.rules) == 0 || (prev.speaker != r.speaker && prev.speaker != SpeakerUnknown && r.speaker != SpeakerUnknown) {
			continue
		}
		words := sentenceWords(r.sent.Language, r.sent.Language, r.toks, nil)
		if !refuses(words, r.toks) && !(endsNotWanting(words) && offersFirst(sentenceWords(prev.sent.Language, prev.sent.Language, prev.toks, nil))) {
			continue
		}
		for j := range prev.rules {
			prev.rules[j].Negated = true
		}
		ss[i].rules = nil // "Carla declined." is the refusal, not a payment declined
	}
}

// refusedAfterColon reports whether an account note's sentence offers or
// asks about something and, after a colon, tells that the client turned
// it down: "Also asked whether they'd want the staff mobile app for yard
// walk-throughs: Liam said they don't need a mobile app, the iPads do the
// job.", "Asked again about the roster optimiser since product wants beta
// customers: Kylie confirmed they don't want automatic rostering". The
// sentence opens with an offer (offerOpeners), and the clause after the
// colon, to its first comma, ends in a negated want (wantsNot) or a
// refusal ("Carla declined", "not interested").
func refusedAfterColon(words []word, toks []Token) bool {
	if len(words) < 4 || !offersFirst(words) {
		return false
	}
	i := colonAt(words, toks)
	if i < 0 {
		return false
	}
	end := i + 1
	for end < len(words) && !afterComma(words, toks, end) {
		end++
	}
	return wantsNot(words[i:end]) || endsRefused(words[i:end], 0)
}

// offersFirst reports whether a sentence opens with an offer or a question
// about something (offerOpeners), after "also", "I" or "we": "Also asked
// whether they'd want the staff app", "I suggested our materials ordering
// integration".
func offersFirst(words []word) bool {
	i, _ := pastOpener(words, 2)
	return i < len(words) && offerOpeners[words[i].lower]
}

// pastOpener returns the index of a sentence's first word after at most
// n words of "also", "I" and "we" ("I also suggested", "Also asked"), and
// whether "I" or "we" was among them: the writer speaking of themselves.
func pastOpener(words []word, n int) (i int, writer bool) {
	for i < len(words) && i < n && (words[i].lower == "also" || words[i].lower == "i" || words[i].lower == "we") {
		writer = writer || words[i].lower != "also"
		i++
	}
	return i, writer
}

// endsNotWanting reports whether a sentence ends in a negated want of a
// pronoun or of nothing, however long it is: "Gemma said they're happy
// ordering from the merchant by phone and don't need it.", "Liam said
// they're staying single-site for at least two years, so not needed."
// After an offer (see offersFirst) that turns the offer down; turnsDown
// reads the short ones anywhere.
func endsNotWanting(words []word) bool {
	if len(words) < 3 {
		return false
	}
	last := words[len(words)-1].lower
	return (refusedObjects[last] || wantWords[last]) && wantsNot(words)
}

// offerOpeners open an account note's sentence that offers or asks about
// something (see refusedAfterColon and offersFirst), folded.
var offerOpeners = map[string]bool{
	"asked": true, "offered": true, "pitched": true, "showed": true, "demoed": true, "suggested": true, "mentioned": true,
	"perguntei": true, "ofereci": true, "mostrei": true, "sugeri": true, "apresentei": true,
}

// refuses reports whether a sentence's words only turn down what the
// sentence before named (see refusedNeeds).
func refuses(words []word, toks []Token) bool {
	if len(words) == 0 {
		return false
	}
	return len(words) <= 4 && endsRefused(words, 0) || namePassed(words, toks) || turnsDown(words) || refusalColon(words, toks) >= 0
}

// turnsDown reports whether a short sentence (at most turnDownWords
// words) ends in a negated want of a pronoun: "Still a firm no, they
// don't want it.", "Não querem isso.". A longer object ("they don't want
// paper forms any more") says what they need instead.
func turnsDown(words []word) bool {
	if len(words) > turnDownWords {
		return false
	}
	if wantsNot(words) && refusedObjects[words[len(words)-1].lower] {
		return true
	}
	for i := 2; i+1 < len(words); i++ { // "Não precisamos disso no Hemix.", "We don't need that right now."
		if refusedObjects[words[i].lower] && wantWords[words[i-1].lower] && len(words)-i-1 <= refusedTail &&
			refusedTails[words[i+1].lower] && wantsNot(words[:i+1]) {
			return true
		}
	}
	return false
}

// refusedTail is the most words after the pronoun of a turned-down want
// that only say where or when: "in Hemix", "no sistema por enquanto".
const refusedTail = 4

// refusedTails open what may follow such a pronoun.
var refusedTails = map[string]bool{
	"in": true, "on": true, "for": true, "right": true, "now": true, "here": true, "at": true,
	"no": true, "na": true, "por": true, "agora": true, "aqui": true, "hoje": true,
}

// turnDownWords is the most words of a sentence that turnsDown reads.
const turnDownWords = 10

// refusedObjects are the pronouns that end a refusal (see turnsDown).
var refusedObjects = map[string]bool{
	"it": true, "that": true, "this": true, "them": true, "one": true, "isso": true, "disso": true,
}

// answerNeeds turns a customer's yes to an agent's question into the
// customer's need, with the theme of the agent's question: after "Agent:
// Do you need it on the invoice as well?", "Customer: Both, ideally." is a
// customer need themed by the invoice. The answer's own needs without a
// theme take the question's theme; a bare confirmation becomes a request.
// Either carries the question as its Context.
// A denial ("No, not really.") or a yes with a negation ("Yes, but not
// now.") gives nothing, and the answer's own needs stay as the cues found
// them (negated where they say so).
func (a *Analyzer) answerNeeds(ss []sentenceNeeds) {
	for i := 1; i < len(ss); i++ {
		q, ans := ss[i-1], &ss[i]
		if q.speaker != SpeakerAgent || ans.speaker != SpeakerCustomer {
			continue
		}
		asks := isQuestion(q.sent.Text)
		if asks && notAsking.MatchString(foldLower(q.sent.Text)) {
			continue
		}
		words := sentenceWords(ans.sent.Language, ans.sent.Language, ans.toks, nil)
		if len(words) == 0 || len(words) > 12 || !confirms(words) || slices.ContainsFunc(words, func(w word) bool { return w.neg }) {
			continue // not a plain yes: "No, not really.", "Yes, but not now."
		}
		if worksAlready(words) {
			continue // "Sim, tá funcionando redondo, nenhum problema ali.": a yes to "configuraram?"
		}
		var theme, key string
		switch {
		case !asks:
			wish, ok := a.restatedWish(q)
			if !ok {
				continue
			}
			theme, key = wish.Theme, wish.ThemeKey
		default:
			theme, key = askedTheme(q)
			if pointingQuestion(q.toks) {
				if t, k := pointedTheme(ss, i-1); k != "" {
					theme, key = t, k
				}
			}
		}
		if key == "" {
			continue
		}
		themed := false
		for j := range ans.rules {
			n := &ans.rules[j].Need
			if !n.Negated && (n.ThemeKey == "" || !ownTheme(*n)) {
				n.Theme, n.ThemeKey, n.Context = theme, key, q.sent.Text
				n.Confidence = roundConf(max(n.Confidence, answerConfidence))
			}
			themed = themed || n.ThemeKey == key
		}
		if !themed {
			ans.rules = append(ans.rules, ruleNeed{Need: Need{
				Kind: KindExplicit, Cue: "request", Theme: theme, ThemeKey: key,
				Text: ans.sent.Text, Start: ans.sent.Start, End: ans.sent.End, Context: q.sent.Text,
				Speaker: SpeakerCustomer, Confidence: answerConfidence,
			}, phrase: "answer"})
		}
	}
}

// worksAlready reports whether a yes says that what was asked about
// works ("Sim, tá funcionando redondo, nenhum problema ali." after "E o
// controle de aluguel de equipamento, configuraram?", "Yes, it's working
// now, no issues."): the customer has it, and needs nothing.
func worksAlready(words []word) bool {
	for i, w := range words {
		if workingWords[w.lower] && i > 0 && beingWords[words[i-1].lower] && (i+1 == len(words) || !workingOn[words[i+1].lower]) {
			return true // "it's working", "tá funcionando"; not "it's working on the budget"
		}
	}
	lower := lowers(words)
	for i := range lower {
		if phraseAt(lower, i, noTrouble) > 0 {
			return true
		}
	}
	return false
}

// workingWords say that something works now (folded lowercase), after
// "is" or "está" (beingWords) and not before workingOn.
var workingWords = map[string]bool{"working": true, "funcionando": true, "rodando": true}

// beingWords are the forms of "be" before workingWords (folded lowercase;
// "it's" is read as "it" and "'s").
var beingWords = map[string]bool{"is": true, "'s": true, "s": true, "ta": true, "esta": true}

// workingOn follow a working that is no working order ("it's working on
// the budget", "tá funcionando com a equipe nova"; folded lowercase).
var workingOn = map[string]bool{"on": true, "through": true, "with": true, "com": true, "no": true, "na": true, "em": true}

// noTrouble say that nothing is wrong (folded lowercase).
var noTrouble = [][]string{
	{"no", "issues"}, {"no", "problems"}, {"no", "problem", "there"}, {"nenhum", "problema"}, {"sem", "problema"}, {"sem", "problemas"},
}

// notAsking matches an agent's question whose yes names no need (folded
// lowercase): what the customer got in touch about ("you opened a chat
// about reopening a job?", "vc ligou sobre uma diferença de valor?", "you
// left a message about a chargeback?", "you wanted to go through moving
// candidates?", "so this is the training for your two new counter
// staff?", "you said something came up?", "you said in your email it
// was about a legal thing?"), whose own words follow the
// yes, an offer of the agent's own doing ("want me to log a request?",
// "quer que eu abra um chamado?", "can I run them past you?") and a
// chore asked of the customer ("can you send me a redacted copy?",
// "pode me mandar o arquivo?": "Sure, I'll send it today" is no need),
// an open question ("but first, anything new?", "mais alguma coisa?"),
// whose yes says only that the customer has something to add, and news
// of the vendor's ("o relatório agora tem a coluna, você viu?"), whose
// yes says it was seen.
var notAsking = regexp.MustCompile(`\b(?:you|vc|voce|voces|vcs)\b[^?]{0,40}?\b(?:opened (?:a|an) (?:chat|ticket|case|request)|called (?:about|in|us|earlier|yesterday)|left (?:a|us a|me a) (?:message|voicemail|note)|(?:deixou|deixaram) (?:um|uma) (?:recado|mensagem)|calling (?:about|in)|reached out|emailed (?:us|about|in)|wrote in|wanted to (?:talk|go through|discuss|chat|ask)|want to (?:talk|go through|discuss|chat)|said you wanted|said something came up|(?:said|mentioned|wrote|disse|falou|comentou|escreveu) (?:in|on|no|na|pelo|pela) (?:your |the |seu |sua |o |a )?(?:email|e-mail|message|mensagem|note|ticket|chamado|chat|voicemail|call|ligacao|whats|whatsapp)|(?:ligou|ligaram) (?:sobre|pra|para|por causa)|(?:abriu|abriram) (?:um|uma) (?:chamado|ticket|solicitacao|conversa)|mandou mensagem|(?:pediu|pediram) (?:pra|para) (?:conversar|falar|ver)|(?:pediu|pediram) (?:uma )?ajuda|(?:queria|queriam) (?:conversar|falar|ver|mostrar)|(?:quer|querem) (?:conversar|falar)|wanted (?:a (?:quick )?(?:call|chat|catch-up)|to (?:go over|walk me|show me)))\b` +
	`|\b(?:this is|this call is) (?:about|for|regarding|the)\b|\b(?:is this|is this call) (?:about|for|regarding)\b` +
	`|\b(?:see|ver|vendo) (?:my|minha) (?:screen|tela)\b|\b(?:got|have) (?:a few|a couple of|two|five|ten|fifteen|\d+) minutes\b` +
	`|\b(?:want me to|like me to|shall i|should i|can i|could i|may i|quer que eu|querem que eu|prefere que eu|posso)\b` +
	`|\b(?:can|could|would) you (?:please |just )?(?:send|share|forward|email|upload|attach|give)\b|\b(?:pode|podem|poderia|consegue|conseguem) (?:me |nos )?(?:mandar|enviar|encaminhar|compartilhar|passar)\b` +
	`|\b(?:anything (?:new|else)|any news|what'?s new|how are things|alguma novidade|mais alguma coisa|algo (?:novo|mais))\b` +
	`|\b(?:(?:did|have) you (?:see|seen)|(?:voce|vc|vcs|voces) (?:viu|viram))\b`)

// ownTheme reports whether a need of a confirming answer keeps the theme
// it names itself rather than take the question's: a seed topic, a name
// or an acronym, plural too ("Yes, and SSO too", "the big one is EVs").
// Other words of a short yes ("Yeah, that's pretty much what we've been
// asking for") do not name what is confirmed.
func ownTheme(n Need) bool {
	if topicKey(n.ThemeKey) {
		return true
	}
	for i, w := range strings.Fields(n.Theme) {
		if isProperName(w) || isAcronym(w) || isAcronym(strings.TrimSuffix(w, "s")) || (i > 0 && isTitle(w)) {
			return true
		}
	}
	return false
}

// answerConfidence is the confidence of a need confirmed in answer to an
// agent's question: the customer said yes to a named capability.
const answerConfidence = 0.7

// askedTheme returns the theme of an agent's question. The question is read
// from after what only leads into it: a preamble ended by a colon ("Quick
// question for our product team: are you still ...?") and a vocative ("Hi
// Kyle, ...", "Marcelo, vocês ...?"). Then, in order: the phrase after its
// first ask word ("need", "quer"), a topic or a product named anywhere in
// it ("are you still creating the jobs by hand from HubSpot?" → HubSpot),
// and its first noun phrase, past the verbs that frame the question ("would
// it help if subcontractors had their own login?" → subcontractors; "vocês
// ainda montam o comparativo das unidades?" → comparativo das unidades).
func askedTheme(q sentenceNeeds) (theme, key string) {
	lang := q.sent.Language
	toks := q.toks[questionStart(q.toks):]
	for i, t := range toks {
		if askWords[lowerKey(t.Text)] {
			if theme, key = themeOf(lang, toks, i, i+1); key != "" {
				return theme, key
			}
			break
		}
	}
	return salientOrFirst(lang, toks)
}

// salientOrFirst returns the theme of the salient phrase of toks' content
// words, else of their first noun phrase.
func salientOrFirst(lang Language, toks []Token) (theme, key string) {
	all := contentWords(toks)
	if k, label, span, ok := salient(lang, toks, themeClause{after: all}); ok {
		if l := labelAround(lang, toks, all, span); l != "" {
			return l, k
		}
		return label, k
	}
	return firstNounPhrase(lang, toks)
}

// questionStart returns the index of the token where an agent's question
// starts: after the last colon before its end, and after a greeting and a
// name, or a name alone, that open it followed by a comma.
func questionStart(toks []Token) int {
	start := 0
	for i, t := range toks[:max(len(toks)-1, 0)] {
		if t.Text == ":" {
			start = i + 1
		}
	}
	i := start
	if i < len(toks) && greetings[lowerKey(toks[i].Text)] {
		i++
	}
	j := i
	for j < len(toks) && j-i < 3 && isTitle(toks[j].Text) && isWord(toks[j].Text) {
		j++
	}
	if j > i && j < len(toks) && toks[j].Text == "," {
		return j + 1
	}
	if i > start && i < len(toks) && toks[i].Text == "," {
		return i + 1
	}
	return start
}

// firstNounPhrase returns the theme of the first noun phrase of toks: its
// first content word that is not a verb form, grown as grownTheme grows
// one.
func firstNounPhrase(lang Language, toks []Token) (theme, key string) {
	for i, t := range toks {
		w := lowerKey(t.Text)
		if !isWord(t.Text) || !isContent(lang, t.Text) || isVerbLike(lang, t.Text) || verbEdge(lang, t.Text) || questionFrames[w] {
			continue
		}
		if l, k := grownTheme(lang, toks, clauseWords(toks, i, 1, 2*maxThemeWords), i); k != "" {
			return l, k
		}
	}
	return "", ""
}

// questionFrames are the words that frame an agent's question and never
// name what it offers: "would it help", "still", "ainda montam",
// "resolveria".
var questionFrames = map[string]bool{
	"help": true, "work": true, "useful": true, "helpful": true, "still": true, "currently": true,
	"ajudaria": true, "ajuda": true, "resolveria": true, "resolve": true, "serviria": true, "ainda": true,
	"montam": true, "fazem": true, "usam": true, "tem": true, "teriam": true, "pretendem": true,
}

// solicitedNeeds reads a customer's answer to an agent's open question of
// what would help as the customer's request: after "Thiago: E o que
// ajudaria vocês a não passar disso?", "Letícia: Uma lista que mostre
// todas as galerias em edição com quantos dias faltam pra data
// prometida." names what is wanted without a cue. Each of the next
// sentences of the customer's turn (at most maxSolicited) that gives no
// need of its own, asks nothing back and denies nothing becomes an
// explicit request themed by its own words (solicitedTheme), with the
// question as its Context. A sentence with a cue keeps what the cue
// found.
func solicitedNeeds(ss []sentenceNeeds) {
	for i := range ss {
		q := ss[i]
		if q.speaker != SpeakerAgent || !isQuestion(q.sent.Text) || !asksWhatHelps.MatchString(foldLower(q.sent.Text)) {
			continue
		}
		for j := i + 1; j < len(ss) && j <= i+maxSolicited && ss[j].speaker == SpeakerCustomer; j++ {
			ans := &ss[j]
			if len(ans.rules) > 0 || isQuestion(ans.sent.Text) {
				continue
			}
			words := sentenceWords(ans.sent.Language, ans.sent.Language, ans.toks, nil)
			if len(words) < minSolicitedWords || nothingWanted[words[0].lower] || endsWithAny(words, 0, praises) ||
				slices.ContainsFunc(words, func(w word) bool { return w.neg }) {
				continue // "Isso.", "Nothing really, the schedule works fine.", "Não, tá bom assim."
			}
			theme, key := solicitedTheme(ans.sent.Language, ans.toks)
			if key == "" {
				continue
			}
			ans.rules = append(ans.rules, ruleNeed{Need: Need{
				Kind: KindExplicit, Cue: "request", Theme: theme, ThemeKey: key,
				Text: ans.sent.Text, Start: ans.sent.Start, End: ans.sent.End, Context: q.sent.Text,
				Speaker: SpeakerCustomer, Confidence: answerConfidence,
			}, phrase: "answer"})
		}
	}
}

// maxSolicited is how many sentences after an agent's question of what
// would help solicitedNeeds reads; minSolicitedWords the fewest words of
// one it reads as a request.
const (
	maxSolicited      = 3
	minSolicitedWords = 3
)

// asksWhatHelps matches an agent's open question of what the customer
// would want (folded lowercase): "what would make the case for you?",
// "what do you need?", "o que ajudaria vocês?", "o que você precisaria
// ver?".
var asksWhatHelps = regexp.MustCompile(`\bwhat (?:would|could|might|will) (?:help|make|fix|solve|change|work|be ideal|be most useful|you (?:need|want|like)|that look like|it look like)\b` +
	`|\bwhat (?:do|did) you (?:need|want)\b|\bwhat are you (?:looking|hoping) for\b` +
	`|\bo que (?:te |lhe |nos |voce |voces |vc |vcs )?(?:ajudaria|facilitaria|resolveria|mudaria|seria (?:o )?ideal)\b` +
	`|\bo que (?:voce|voces|vc|vcs|o senhor|a senhora) (?:precisa|precisam|precisaria|precisariam|gostaria|gostariam|quer|querem|queria|queriam|espera|esperam)\b` +
	`|\bcomo (?:voce|voces|vc|vcs) (?:imagina|imaginam|gostaria|gostariam)\b|\bcomo seria o ideal\b`)

// nothingWanted open an answer that wants nothing (folded lowercase).
var nothingWanted = map[string]bool{"nothing": true, "none": true, "nada": true, "nenhum": true, "nenhuma": true}

// solicitedTheme returns the theme of a customer's answer to what would
// help: the theme of its words as a cue's would be read, else its
// salient phrase or its first noun phrase.
func solicitedTheme(lang Language, toks []Token) (theme, key string) {
	if theme, key = themeOf(lang, toks, 0, 0); key != "" {
		return theme, key
	}
	return salientOrFirst(lang, toks)
}

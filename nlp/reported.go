package nlp

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file reads needs that someone reports on a client's behalf, the
// way account notes and forwarded e-mails are written: "Harbor wants
// facial recognition at clock-in", "the client is asking for a dark
// mode", "a diretoria quer o relatório por loja", "a Ana precisa de
// aprovar as horas pelo celular". The cue phrases are written in the
// first person ("we need", "precisamos"); a third-person subject before a
// verb of wanting is the same need told by the account manager.
//
// The step runs after the need model has read a document's cue features
// (see documentNeeds), so the model's inputs are what it was trained on.

// reportVerbs are the verbs of wanting after a third-person subject, as
// folded lowercase word sequences, longest first where one starts another.
var reportVerbs = map[Language][][]string{
	English: {
		{"wants"}, {"want"}, {"wanted"}, {"needs"}, {"need"},
		{"would", "like"}, {"'d", "like"},
		{"is", "asking", "for"}, {"are", "asking", "for"}, {"is", "asking", "about"}, {"are", "asking", "about"},
		{"keeps", "asking", "for"}, {"keeps", "asking", "about"}, {"keep", "asking", "for"}, {"keep", "asking", "about"},
		{"has", "asked", "for"}, {"have", "asked", "for"}, {"asked", "for"}, {"asked", "about"},
		{"has", "requested"}, {"have", "requested"}, {"requested"},
		{"is", "looking", "for"}, {"are", "looking", "for"},
		{"is", "keen", "on"}, {"are", "keen", "on"}, {"'re", "keen", "on"}, {"'s", "keen", "on"},
		{"is", "keen", "to"}, {"are", "keen", "to"}, {"'re", "keen", "to"},
		{"is", "interested", "in"}, {"are", "interested", "in"}, {"'re", "interested", "in"}, {"'s", "interested", "in"},
		{"is", "hoping", "for"}, {"are", "hoping", "for"}, {"'re", "hoping", "for"},
		{"is", "pushing", "for"}, {"are", "pushing", "for"}, {"'re", "pushing", "for"},
		{"is", "waiting", "for"}, {"are", "waiting", "for"}, {"'re", "waiting", "for"},
		{"would", "love"}, {"'d", "love"}, {"raised", "the", "need", "for"}, {"brought", "up"},
		{"suggested"}, {"proposed"}, {"insisted", "on"}, {"insists", "on"},
		{"has", "been", "asking", "for"}, {"have", "been", "asking", "for"}, {"'s", "been", "asking", "for"},
		{"has", "been", "asking", "about"}, {"have", "been", "asking", "about"}, {"continues", "to", "ask", "for"},
	},
	Portuguese: {
		{"quer"}, {"querem"}, {"queria"}, {"queriam"},
		{"precisa"}, {"precisam"}, {"pediu"}, {"pediram"},
		{"gostaria"}, {"gostariam"},
		{"esta", "pedindo"}, {"estao", "pedindo"}, {"vive", "pedindo"}, {"vivem", "pedindo"},
		{"solicitou"}, {"solicitaram"}, {"procura"}, {"procuram"},
		{"esta", "procurando"}, {"estao", "procurando"},
		{"tem", "interesse", "em"}, {"tem", "interesse", "no"}, {"tem", "interesse", "na"},
		{"mencionou", "interesse", "em"}, {"demonstrou", "interesse", "em"}, {"manifestou", "interesse", "em"},
		{"cobrou"}, {"cobraram"}, {"esta", "cobrando"}, {"estao", "cobrando"},
		{"esta", "esperando"}, {"estao", "esperando"}, {"sugeriu"}, {"sugeriram"},
		{"vem", "pedindo"}, {"tem", "pedido"}, {"anda", "pedindo"}, {"andam", "pedindo"},
		{"voltou", "a", "pedir"}, {"voltaram", "a", "pedir"}, {"voltou", "a", "falar", "de"}, {"voltou", "a", "falar", "do"}, {"voltou", "a", "falar", "da"},
		{"insistiu", "em"}, {"insistiu", "na"}, {"insistiu", "no"}, {"insistiram", "em"}, {"insistiram", "na"}, {"insistiram", "no"},
	},
}

// mayReport reports whether a sentence's words hold a phrase of
// reportVerbs or reportAsks, looked for only where a word of reportFirst
// starts one, so that the clauses of the other sentences are not read.
func mayReport(lang Language, toks []Token) bool {
	var lw []string
	first := false
	for _, t := range toks {
		if isWord(t.Text) {
			w := lowerKey(t.Text)
			first = first || reportFirst[w]
			lw = append(lw, w)
		}
	}
	if !first {
		return false
	}
	for i, w := range lw {
		if reportFirst[w] && (phraseAt(lw, i, reportVerbs[lang]) > 0 || phraseAt(lw, i, reportAsks[lang]) > 0) {
			return true
		}
	}
	return false
}

// reportFirst holds the first word of every phrase of reportVerbs and
// reportAsks.
var reportFirst = func() map[string]bool {
	out := map[string]bool{}
	for _, list := range []map[Language][][]string{reportVerbs, reportAsks} {
		for _, vs := range list {
			for _, v := range vs {
				out[v[0]] = true
			}
		}
	}
	return out
}()

// reportSubjects are the lowercase words that name a third party as the
// subject of a verb of wanting: pronouns and the roles of a client's
// people. A capitalised word (a name: "Harbor", "Lena", "a Beatriz") is a
// subject too, unless it is a first- or second-person pronoun or a word
// of nonSubjects.
var reportSubjects = map[string]bool{
	"he": true, "she": true, "they": true, "ele": true, "ela": true, "eles": true, "elas": true,
	"client": true, "clients": true, "customer": true, "customers": true, "team": true, "teams": true,
	"manager": true, "managers": true, "director": true, "directors": true, "board": true,
	"finance": true, "operations": true, "staff": true, "users": true, "owner": true, "owners": true,
	"management": true, "department": true, "company": true, "legal": true, "admin": true, "admins": true,
	"cliente": true, "clientes": true, "equipe": true, "equipes": true, "time": true, "diretoria": true,
	"gerente": true, "gerentes": true, "financeiro": true, "diretor": true, "diretora": true,
	"coordenador": true, "coordenadora": true, "coordenacao": true, "usuarios": true, "pessoal": true,
	"dono": true, "dona": true, "empresa": true, "juridico": true, "gestor": true, "gestora": true,
	"gestores": true, "operacao": true, "secretaria": true, "administrador": true,
}

// nonSubjects are capitalised words that do not name a third party.
var nonSubjects = map[string]bool{
	"i": true, "we": true, "you": true, "it": true, "this": true, "that": true, "who": true, "which": true,
	"what": true, "there": true, "eu": true, "nos": true, "voce": true, "voces": true, "isso": true,
	"quem": true, "que": true, "a": true, "o": true, "the": true, "u": true, "ya": true,
}

// reportAdverbs may sit between the subject and the verb: "Kestrel again
// asked for", "a diretoria também quer", "they really want".
var reportAdverbs = map[string]bool{
	"again": true, "also": true, "still": true, "really": true, "now": true, "already": true,
	"'ll": true, "will": true, "would": true,
	"de": true, "novo": true, "tambem": true, "ainda": true, "ja": true, "agora": true, "realmente": true,
}

// reportedConfidence is the confidence of a need reported by a third
// party: as strong as the cue phrases "he needs", "ele quer".
const reportedConfidence = 0.7

// reportedNeeds adds to each sentence not spoken by an agent the needs it
// reports on a third party's behalf (see reportVerbs), one per clause,
// themed by the words after the verb: a clause whose cue phrases already
// found an affirmed explicit need, and a theme the sentence already has,
// give none; a negated verb ("Harbor doesn't want", "the client no
// longer wants", "o cliente não quer") gives none.
func (a *Analyzer) reportedNeeds(ss []sentenceNeeds) {
	for i := range ss {
		s := &ss[i]
		lang := s.sent.Language
		if s.speaker == SpeakerAgent || reportVerbs[lang] == nil {
			continue
		}
		if !mayReport(lang, s.toks) {
			continue // no verb of wanting or asking: most sentences
		}
		words := sentenceWords(lang, lang, s.toks, a.cues.hedges)
		because := refusalColon(words, s.toks)
		cls := clauses(words, s.toks)
		for ci, cl := range cls {
			if because >= 0 && cl.to > because {
				break // the reasons for a refusal: "she doesn't want it: ... they want people making the calls"
			}
			if slices.ContainsFunc(s.rules, func(r ruleNeed) bool {
				return r.clause == ci && r.Kind == KindExplicit && !r.Negated
			}) {
				continue
			}
			if n, ok := reportedNeed(s, lang, words[cl.from:cl.to]); ok {
				// "wants the booking widget embedded, which is already live",
				// "asked whether we'd ever pay in euros, so if anyone asks, the answer is no"
				n.Negated = satisfiedAfter(words, cl.from) || slices.ContainsFunc(cls[ci:], func(c clause) bool { return endsRefused(words[c.from:c.to], 0) })
				s.rules = append(s.rules, ruleNeed{Need: n, phrase: "reported", clause: ci})
			}
		}
	}
}

// reportedNeed returns the need a clause's words cw report, if any.
func reportedNeed(s *sentenceNeeds, lang Language, cw []word) (Need, bool) {
	if arrangesMeeting(cw) || accountChore(cw) || moreSeats(cw) || asksToTalk(cw) {
		return Need{}, false // "Márcio pediu a nota fiscal de setembro", "asked for two more logins": the account, not the product
	}
	lw := lowers(cw)
	for i := 1; i < len(cw); i++ {
		v, ok := reportVerbAt(lang, lw, i)
		if !ok || pronouns[lw[v.object]] && !itToDo(lw, v.object) || errand(lw[v.object:]) || writersChore(lw[v.object:]) || wantsNothing[lw[v.object]] {
			continue // no object, one that points back ("the GM wants it"), an errand, the writer's chore or nothing ("he wants nothing to do with the bundle")
		}
		subj := i - 1
		for subj > 0 && reportAdverbs[cw[subj].lower] {
			subj--
		}
		if reportAdverbs[cw[subj].lower] {
			continue // no subject: "Also wanted to let you know the Xero sync has been flawless"
		}
		if subj >= 2 && cw[subj].lower == "que" && speechVerbs[cw[subj-1].lower] {
			subj -= 2 // "Luciano reforçou que quer numeração por unidade": who said it wants it
		}
		reporter := isReporter(lang, s.toks[cw[subj].tok].Text, cw[subj].lower, !v.peopleOnly)
		if subj == 0 && (cw[0].lower == "but" || cw[0].lower == "mas") {
			reporter = sentenceReporter(lang, s.toks) // "She's not asking for lockers, but wants an express lane"
		}
		if !reporter || slices.ContainsFunc(cw[max(subj-1, 0):objectOpen(lw, v.object)], func(w word) bool { return w.neg }) ||
			vendorsPeople(lw[max(subj-3, 0):subj]) || askedTheClient(cw, min(v.object+2, len(cw)-1)) || nobodyBefore(cw, i) ||
			!plainRun(s, cw[subj].tok, cw[v.object].tok) {
			continue
		}
		// The theme is read from the verb on: the subject ("a Ana quer
		// aprovar as horas") is who wants it, not what.
		v0, c1 := cw[i].tok, cw[len(cw)-1].tok+1
		theme, key := gapTheme(lang, s.toks, v0, cw[v.object-1].tok+1)
		if key == "" {
			theme, key = themeOf(lang, s.toks[v0:c1], 0, cw[v.object-1].tok+1-v0)
		}
		if key == "" || slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return r.ThemeKey == key }) {
			return Need{}, false
		}
		conf, hedged := v.conf, slices.ContainsFunc(cw[:subj], func(w word) bool { return w.hedge })
		if hedged {
			conf *= 0.8
		}
		return Need{
			Kind: KindExplicit, Cue: v.cue, Theme: theme, ThemeKey: key,
			Text: s.sent.Text, Start: s.sent.Start, End: s.sent.End, Speaker: s.speaker,
			Hedged: hedged, Confidence: roundConf(conf),
		}, true
	}
	return Need{}, false
}

// itToDo reports whether the object of a verb of wanting at lw[o] is
// "it to" followed by a word, the verb: the product asked to do
// something ("he wants it to flag expired vaccinations"), not a pronoun
// that points back ("the GM wants it").
func itToDo(lw []string, o int) bool {
	return lw[o] == "it" && o+2 < len(lw) && lw[o+1] == "to"
}

// wantsNothing are the objects of a verb of wanting that turn something
// down (folded): "he wants nothing to do with the multi-site bundle",
// "não quer nada com a integração".
var wantsNothing = map[string]bool{"nothing": true, "nada": true}

// speechVerbs say that someone said something, before the "que" of what
// was said (folded lowercase): in "o Luciano reforçou que quer CNPJ por
// unidade" the one who wants is the one who said so.
var speechVerbs = map[string]bool{
	"disse": true, "falou": true, "comentou": true, "contou": true, "reforcou": true, "repetiu": true,
	"explicou": true, "mencionou": true, "avisou": true, "lembrou": true, "afirmou": true, "confirmou": true,
}

// vendorsPeople reports whether the words before a reported need's subject
// make the subject the vendor's own people: "Kevin from your sales team
// brought up the loyalty add-on again", "o pessoal de vocês sugeriu"
// tell what the vendor offered, not what the client wants.
func vendorsPeople(before []string) bool {
	return slices.ContainsFunc(before, func(w string) bool { return yourWords[w] })
}

// yourWords name the vendor as the one spoken to (folded lowercase). Not
// "seu" or "sua": "o Seu Geraldo pediu" names a client's person.
var yourWords = map[string]bool{"your": true, "voces": true, "vcs": true}

// reportVerb is a verb of wanting or asking found in a clause: the
// clause word its object starts at, the cue and confidence of the need it
// reports, and whether only a person or a name may be its subject.
type reportVerb struct {
	object     int
	cue        string
	conf       float64
	peopleOnly bool
}

// objectOpen returns the end of the words that open the object of a
// verb of wanting at object: its first word, or two after "to", "pra",
// "para" or "que", so that a negation there ("pediu pra não mexer nisso",
// "asked us not to") is read with the verb.
func objectOpen(lw []string, object int) int {
	n := 1
	if objectLinks[lw[object]] {
		n = 2
	}
	return min(object+n, len(lw))
}

// objectLinks lead a verb of wanting into its object (see objectOpen).
var objectLinks = map[string]bool{"to": true, "pra": true, "para": true, "que": true, "us": true, "me": true}

// reportVerbAt returns the verb of reportVerbs, or of reportAsks followed
// within maxAskGap words by a question word, that starts at word i of a
// clause's folded words lw, when one does and an object follows it.
func reportVerbAt(lang Language, lw []string, i int) (reportVerb, bool) {
	if n := phraseAt(lw, i, reportVerbs[lang]); n > 0 && i+n < len(lw) {
		return reportVerb{object: i + n, cue: "request", conf: reportedConfidence, peopleOnly: thingsNeed[strings.Join(lw[i:i+n], " ")]}, true
	}
	n := phraseAt(lw, i, reportAsks[lang])
	if n == 0 {
		return reportVerb{}, false
	}
	for j := i + n; j < len(lw) && j <= i+n+maxAskGap; j++ {
		if questionWords[lw[j]] && j+1 < len(lw) {
			return reportVerb{object: j + 1, cue: "question", conf: reportedAskConfidence, peopleOnly: true}, true
		}
	}
	return reportVerb{}, false
}

// reportAsks are the verbs of asking after a third party (folded
// lowercase word sequences): "the auditors asked how we track edits",
// "o diretor perguntou se dá para exportar". A question word must follow within maxAskGap words ("asked me
// this morning how").
var reportAsks = map[Language][][]string{
	English: {
		{"is", "asking"}, {"are", "asking"}, {"keeps", "asking"}, {"keep", "asking"}, {"asked"}, {"asks"},
		{"has", "asked"}, {"have", "asked"}, {"wants", "to", "know"}, {"wanted", "to", "know"},
	},
	Portuguese: {
		{"perguntou"}, {"perguntaram"}, {"pergunta"}, {"esta", "perguntando"}, {"estao", "perguntando"},
		{"quer", "saber"}, {"querem", "saber"}, {"queria", "saber"},
	},
}

// questionWords open the question a reported ask is about. "Why" is
// left out: "the CFO asked why they pay for both" is spend pressure,
// which the cue phrases read, not a question about a capability.
var questionWords = map[string]bool{
	"who": true, "how": true, "whether": true, "if": true, "what": true, "when": true, "where": true,
	"quem": true, "como": true, "se": true, "quando": true, "onde": true, "quanto": true,
}

// maxAskGap is how many words may sit between a verb of asking and its
// question word: "asked me this morning how".
const maxAskGap = 3

// reportedAskConfidence is the confidence of a question reported by a
// third party, as strong as the cue phrases "asked whether", "asked if".
const reportedAskConfidence = 0.65

// thingsNeed are the phrases of reportVerbs whose subject may be a thing
// ("the report needs fixing", "the process is waiting for a lock", "o
// sistema precisa de ajuste"): they report a need only after a word of
// reportSubjects or a name. After the others any noun names who wants it
// ("the drivers want", "os mecânicos pediram").
var thingsNeed = map[string]bool{
	"needs": true, "need": true, "requested": true, "has requested": true, "have requested": true,
	"is waiting for": true, "are waiting for": true, "'re waiting for": true, "suggested": true, "proposed": true,
	"precisa": true, "precisam": true, "esta esperando": true, "estao esperando": true, "sugeriu": true, "sugeriram": true,
}

// errands are the verbs and nouns of arranging a conversation rather than
// wanting something of the product (folded lowercase): "the team wants to
// confirm the visit", "Owen wants to thank you", "Lena would like a call
// next week", "o financeiro quer confirmar o pagamento", "eles querem uma
// reunião".
var errands = map[string]bool{
	"confirm": true, "schedule": true, "reschedule": true, "thank": true, "say": true, "discuss": true,
	"talk": true, "speak": true, "meet": true, "book": true, "arrange": true, "follow": true,
	"check": true, "verify": true, "clarify": true, "remind": true, "know": true, "ask": true, "chat": true,
	"confirmar": true, "agendar": true, "marcar": true, "remarcar": true, "reagendar": true, "agradecer": true,
	"conversar": true, "falar": true, "saber": true, "perguntar": true, "verificar": true, "lembrar": true,
	"avisar": true, "informar": true, "esclarecer": true, "alinhar": true,
	"call": true, "meeting": true, "visit": true, "catch-up": true,
	"reuniao": true, "ligacao": true, "visita": true, "conversa": true,
	"invite": true, "invitation": true, "webinar": true, "walkthrough": true, "demo": true,
	"convite": true, "convidar": true, "demonstracao": true,
	"copy": true, "copies": true, "copia": true, "copias": true, // "asked for a copy of our uptime report"
	"disable": true, "deactivate": true, "desativar": true, "desligar": true, // "pediu pra desativar o módulo de manutenção": it is not wanted
	"drop": true, // "asked to drop the financing module from their bundle"
}

// writersChore reports whether the words after a verb of asking make
// the writer the one asked: "o Rodrigo pediu pra eu abrir esse chamado",
// "pediu que eu mandasse a planilha" tell what the writer was asked to
// do, not what the client wants of the product, and "our driver wanted
// me to pass on that the readings come through fine" what to relay.
func writersChore(after []string) bool {
	if len(after) > 2 && after[0] == "me" && after[1] == "to" && relays[after[2]] {
		return true
	}
	return len(after) > 1 && (after[0] == "pra" || after[0] == "para" || after[0] == "que") && after[1] == "eu"
}

// relays are what a writer is asked to do with a message (folded): "asked
// me to pass on", "wanted me to let you know".
var relays = map[string]bool{"pass": true, "relay": true, "forward": true, "let": true, "tell": true, "say": true, "thank": true}

// errandSizes are the words that may come between the article and the
// errand: "a quick walkthrough", "uma reunião rápida" has it first.
var errandSizes = map[string]bool{"quick": true, "short": true, "brief": true, "rapida": true, "rapido": true}

// errand reports whether the words after a verb of wanting open with an
// errand, "to", "de", "para" or "pra" or an article before it passed
// over, and a word of size after it: "wants to confirm the visit", "would
// like a call", "wants a quick walkthrough", "quer uma reunião", "pediu pra
// agradecer a visita".
func errand(after []string) bool {
	if len(after) > 0 && (after[0] == "to" || after[0] == "de" || after[0] == "para" || after[0] == "pra" || articles[after[0]]) {
		after = after[1:]
	}
	if len(after) > 1 && errandSizes[after[0]] {
		after = after[1:]
	}
	return len(after) > 0 && errands[after[0]]
}

// plainRun reports whether tokens [from, to] of a sentence are words
// written on one line: a subject, its verb and the verb's first object
// word with no punctuation between them ("Error: Requested object was
// not found", "requested:\n SSE4_1" are no reported needs).
func plainRun(s *sentenceNeeds, from, to int) bool {
	for _, t := range s.toks[from : to+1] {
		if !isWord(t.Text) || !hasLetterOrDigit(t.Text) {
			return false
		}
	}
	a, b := s.toks[from].Start-s.sent.Start, s.toks[to].Start-s.sent.Start
	return a >= 0 && b <= len(s.sent.Text) && !strings.Contains(s.sent.Text[a:b], "\n")
}

// isReporter reports whether a word, as written and folded lowercase,
// names a third party: a word of reportSubjects, a capitalised word that
// is not one of nonSubjects, or, when anyNoun is set, a content word that
// does not look like a verb.
func isReporter(lang Language, text, lower string, anyNoun bool) bool {
	if reportSubjects[lower] {
		return true
	}
	if nonSubjects[lower] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsUpper(r) || (anyNoun && isContent(lang, text) && !isVerbLike(lang, text))
}

// sentenceReporter reports whether a sentence opens with a third party
// (see isReporter), who is then the subject a later "but wants" leaves
// out.
func sentenceReporter(lang Language, toks []Token) bool {
	for _, t := range toks {
		if isWord(t.Text) {
			return isReporter(lang, t.Text, lowerKey(t.Text), false)
		}
	}
	return false
}

// lowers returns the folded lowercase forms of words.
func lowers(words []word) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w.lower
	}
	return out
}

// echoedNeeds adds the need an agent records on the client's behalf: in a
// reply that logs the request ("I've added Northbridge to the feature
// request for external hiring manager review", "levei o tema de
// verificação de identidade pro produto"), the words after the request
// name what the client asked for, as an account note names it. The need is
// the client's, told by the vendor's side, so its speaker is unknown, as
// an account note's is. A sentence without a verb of logging
// (echoLogs) and a request that names nothing ("I'll add your notes to
// the request") give none, and so does a theme the agent's sentence
// already has.
func echoedNeeds(ss []sentenceNeeds) {
	for i := range ss {
		s := &ss[i]
		if s.speaker != SpeakerAgent {
			continue
		}
		var lw []string
		var at []int // token index of each word
		logs := false
		for j, t := range s.toks {
			if isWord(t.Text) {
				w := lowerKey(t.Text)
				lw = append(lw, w)
				at = append(at, j)
				logs = logs || echoLogs[w]
			}
		}
		if !logs {
			continue
		}
		for k := range lw {
			n := phraseAt(lw, k, echoRequests[s.sent.Language])
			if n == 0 || k+n >= len(lw) {
				continue
			}
			first := at[k+n]
			theme, key := themeOf(s.sent.Language, s.toks, first, first)
			if key == "" || slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return r.ThemeKey == key }) {
				continue
			}
			s.rules = append(s.rules, ruleNeed{Need: Need{
				Kind: KindExplicit, Cue: "request", Theme: theme, ThemeKey: key,
				Text: s.sent.Text, Start: s.sent.Start, End: s.sent.End, Speaker: SpeakerUnknown,
				Confidence: echoConfidence,
			}, phrase: "echo"})
			break
		}
	}
}

// echoRequests open what a logged request asks for, as folded words;
// "request to" and "pedido para" are left out, as they name who the
// request goes to more often than what it asks ("passed your request to
// the product team").
var echoRequests = map[Language][][]string{
	English: {
		{"feature", "request", "for"}, {"feature", "requests", "for"}, {"request", "for"}, {"requests", "for"},
		{"enhancement", "request", "for"},
	},
	Portuguese: {
		{"pedido", "de"}, {"solicitacao", "de"}, {"sugestao", "de"}, {"melhoria", "de"},
		{"tema", "de"}, {"tema", "da"}, {"tema", "do"},
	},
}

// echoLogs are the verbs of an agent logging a client's request.
var echoLogs = map[string]bool{
	"logged": true, "log": true, "added": true, "add": true, "raised": true, "filed": true, "opened": true,
	"created": true, "passed": true, "registered": true, "noted": true, "flagged": true, "forwarded": true,
	"linked": true, "attached": true, "escalated": true, "submitted": true, "put": true,
	"registrei": true, "registramos": true, "abri": true, "abrimos": true, "levei": true, "levamos": true,
	"adicionei": true, "inclui": true, "anotei": true, "encaminhei": true, "encaminhamos": true,
	"passei": true, "repassei": true, "coloquei": true, "vinculei": true,
}

// echoConfidence is the confidence of a need an agent recorded for the
// client: weaker than the client's own words.
const echoConfidence = 0.6

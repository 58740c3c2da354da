package nlp

import (
	"regexp"
	"slices"
	"strings"
)

// This file tells a service request from a need. "Can you add two users
// for the Bristol depot?", "dá para mudar o e-mail do usuário?", "could
// you reset her password?" ask support to do a piece of account
// administration now; they are done in the conversation and say nothing
// about what the product lacks. "We need users to reset their own
// passwords" or "can you add single sign-on?" are needs and stay.

// serviceAsks open a request addressed to the vendor's staff, as folded
// lowercase word sequences.
var serviceAsks = [][]string{
	{"can", "you"}, {"could", "you"}, {"would", "you"}, {"will", "you"}, {"please"}, {"pls"},
	{"pode"}, {"podem"}, {"poderia"}, {"poderiam"}, {"consegue"}, {"conseguem"},
	{"da", "para"}, {"da", "pra"}, {"por", "favor"}, {"favor"},
}

// adminVerbs are the actions of account administration (folded lowercase).
var adminVerbs = map[string]bool{
	"add": true, "remove": true, "delete": true, "reset": true, "change": true, "update": true,
	"unlock": true, "deactivate": true, "reactivate": true, "activate": true, "create": true,
	"give": true, "grant": true, "rename": true, "transfer": true, "disable": true, "enable": true,
	"confirm": true, "confirmar": true, "check": true,
	"adicionar": true, "incluir": true, "remover": true, "excluir": true, "resetar": true,
	"redefinir": true, "trocar": true, "mudar": true, "alterar": true, "atualizar": true,
	"desbloquear": true, "desativar": true, "reativar": true, "ativar": true, "cadastrar": true,
	"criar": true, "liberar": true, "dar": true, "transferir": true,
}

// adminObjects are what account administration acts on (folded lowercase).
var adminObjects = map[string]bool{
	"user": true, "users": true, "account": true, "accounts": true, "password": true, "passwords": true,
	"email": true, "e-mail": true, "mail": true, "address": true, "login": true, "username": true, "access": true,
	"rights": true, "admin": true, "seat": true, "seats": true,
	"usuario": true, "usuarios": true, "conta": true, "contas": true, "senha": true, "senhas": true,
	"endereco": true, "acesso": true, "acessos": true, "permissao": true, "permissoes": true,
	"contact": true, "contacts": true, "contato": true, "contatos": true,
	"permissions": true, "permission": true, "role": true, "roles": true,
}

// adminObjectReach is how many words after the verb its object may come
// ("add two users", "mudar o e-mail do usuário", "give her admin rights").
const adminObjectReach = 3

// serviceRequest reports whether a sentence asks support to carry out a
// piece of account administration: an ask addressed to the vendor ("can
// you", "please", "dá para"), then an administration verb whose object,
// within adminObjectReach words, is a user, account, password, e-mail or
// address.
func serviceRequest(toks []Token) bool {
	idx, words := foldedWords(toks)
	if billErrand(toks, words) || moveBilling(words) || personNeedsLogin(toks, idx, words) || vendorPaper(words) {
		return true
	}
	behaviour := slices.ContainsFunc(words, func(w string) bool { return behaviourWords[w] })
	if !behaviour && staffChange(toks, idx, words) {
		return true
	}
	for i := range words {
		if phraseAt(words, i, printouts) > 0 {
			return true
		}
		n := phraseAt(words, i, serviceAsks)
		if n == 0 {
			continue
		}
		for j := i + n; j < len(words) && j <= i+n+1; j++ { // "can you please add", "pode, por favor, mudar"
			if billSend(words, j) || paperSend(words, j) || switchOff(words, j) || resendVerbs[words[j]] || setsUp(words, j) {
				return true
			}
			if !behaviour && (sendsToWriter(toks, words, j) || statusUpdate(words, j) || invitesOrUnlocks(words, j)) {
				return true
			}
			v := j
			if words[j] == "set" && j+1 < len(words) && words[j+1] == "up" {
				v = j + 1 // "can you set up a login for our new admin?"
			} else if !adminVerbs[words[j]] {
				continue
			}
			for k := v + 1; k < len(words) && k <= v+adminObjectReach; k++ {
				if adminObjects[words[k]] {
					return true
				}
			}
		}
		for j := i + n + 1; j < len(words); j++ {
			if words[j-1] == "and" && billSend(words, j) {
				return true // "can you confirm it's been received and send a VAT receipt?"
			}
		}
	}
	return false
}

// foldedWords returns the indexes of a sentence's word tokens that hold a
// letter or digit (contentWords) and those words folded lowercase.
func foldedWords(toks []Token) (idx []int, words []string) {
	idx = contentWords(toks)
	words = make([]string, len(idx))
	for k, i := range idx {
		words[k] = lowerKey(toks[i].Text)
	}
	return idx, words
}

// billErrand reports whether a sentence is an errand about the client's
// own bills: a copy of a bill already issued (see billCopy) or where bills
// go (see billAddress). Support does it; "não recebi a fatura de agosto,
// pode mandar a segunda via?" complains of no product either.
func billErrand(toks []Token, words []string) bool {
	if billAddress(toks, words) || billParticulars(words) {
		return true
	}
	for i := range words {
		if billCopy(words, i) {
			return true
		}
	}
	return false
}

// billErrandSentence is billErrand on a sentence's tokens that names a
// bill ("não consegui reemitir a certidão" names none).
func billErrandSentence(toks []Token) bool {
	_, words := foldedWords(toks)
	return slices.ContainsFunc(words, billWord) && billErrand(toks, words)
}

// personNeedsLogin reports whether a sentence says one person needs a
// login or access ("so she'll need access there", "our new starter Mia
// needs a login for the counter"): "she", "he" or a capitalised name, then
// "need" or "needs" ("'ll" and "will" may come between), then within two
// words a login, access, an account or a user. Support sets the person
// up; "our technicians need access to the stock levels from their phones"
// (people in the plural) stays a need.
func personNeedsLogin(toks []Token, idx []int, words []string) bool {
	for i, w := range words {
		if (w != "need" && w != "needs") || i == 0 {
			continue
		}
		s := i - 1
		if words[s] == "will" || words[s] == "ll" || words[s] == "'ll" {
			s--
		}
		if s < 0 {
			continue
		}
		subject := strings.TrimSuffix(strings.TrimSuffix(words[s], "'ll"), "’ll")
		if subject != "she" && subject != "he" && !(w == "needs" && isTitle(toks[idx[s]].Text) && s > 0) {
			continue
		}
		for k := i + 1; k < len(words) && k <= i+2; k++ {
			if loginWords[words[k]] {
				return true
			}
		}
	}
	return false
}

// staffChange reports whether a sentence asks for a login, an access,
// a user or a seat because someone joined or left the client's team
// ("precisamos de mais um acesso de técnico, o Rogério começou essa
// semana", "Devon is leaving us, so I need to deactivate his user",
// "Queria passar do plano de 3 pra 5 usuários, porque entraram dois
// técnicos novos"), or for one person named by an e-mail address
// ("Preciso de um acesso de vendedora pra ela, e-mail
// gabriela@bomsono.com.br"; see oneSeat). Support sets the people up;
// "every new hire needs a login" says when, and stays (see
// behaviourWords).
func staffChange(toks []Token, idx []int, words []string) bool {
	seat, one := false, false
	for i, w := range words {
		if teamSeat(w) {
			seat = true
			one = one || i > 0 && oneSeat[words[i-1]]
		}
	}
	switch {
	case !seat:
		return false
	case slices.ContainsFunc(words, func(w string) bool { return staffHires[w] }):
		return true
	case slices.ContainsFunc(words, func(w string) bool { return staffMoves[w] }) && mentionsPerson(toks, idx, words):
		return true
	}
	return one && slices.ContainsFunc(toks, func(t Token) bool { return isEmailAddress(t.Text) })
}

// mentionsPerson reports whether a sentence names one person: a pronoun
// ("he", "ela") or a capitalised word past its first.
func mentionsPerson(toks []Token, idx []int, words []string) bool {
	for k, w := range words {
		if personPronouns[w] || k > 0 && isTitle(toks[idx[k]].Text) && !isAcronym(toks[idx[k]].Text) {
			return true
		}
	}
	return false
}

// oneSeat come before a seat given to one person ("as a user", "um
// acesso"; folded lowercase), not before what the product reports about
// users ("a report of user activity sent to ops@acme.com").
var oneSeat = map[string]bool{"a": true, "an": true, "um": true, "uma": true, "new": true, "novo": true, "nova": true}

// teamSeat reports whether a word (folded lowercase) is what one person
// of a client's team is given: a seat of an order for more (seatWords),
// an access or a role.
func teamSeat(w string) bool { return seatWords[w] || personalSeats[w] }

// personalSeats are what one person is given besides seatWords (folded
// lowercase).
var personalSeats = map[string]bool{"access": true, "role": true, "acesso": true, "acessos": true, "usuaria": true}

// staffHires say that people were hired or let go (folded lowercase).
var staffHires = map[string]bool{
	"hire": true, "hired": true, "starter": true, "starters": true, "resigned": true,
	"contratamos": true, "contratei": true, "contratado": true, "contratada": true, "entraram": true,
	"demitido": true, "demitida": true,
}

// staffMoves say that someone joined or left, or something started
// ("we started exporting", "começou a dar erro"): a team's change only
// beside a person (mentionsPerson; folded lowercase).
var staffMoves = map[string]bool{
	"started": true, "starts": true, "joined": true, "joins": true, "leaving": true, "quit": true,
	"comecou": true, "comeca": true, "entrou": true, "saiu": true, "sairam": true, "desligado": true, "desligada": true,
}

// personPronouns name one person (folded lowercase).
var personPronouns = map[string]bool{
	"he": true, "she": true, "him": true, "her": true, "his": true,
	"ele": true, "ela": true, "dele": true, "dela": true,
}

// loginWords are what a person is set up with (folded lowercase).
var loginWords = map[string]bool{"login": true, "access": true, "account": true, "user": true, "logins": true}

// behaviourWords say when or how often the product is to do something
// (folded lowercase): "can you send me an alert when stock is low?" asks
// the product, "can you send me the link?" asks support.
var behaviourWords = map[string]bool{
	"when": true, "whenever": true, "every": true, "each": true, "automatically": true, "automatic": true,
	"alert": true, "alerts": true, "notification": true, "notifications": true, "reminder": true, "reminders": true,
	"quando": true, "sempre": true, "toda": true, "todo": true, "cada": true, "automaticamente": true, "automatico": true,
	"alerta": true, "alertas": true, "aviso": true, "avisos": true, "lembrete": true, "lembretes": true, "notificacao": true,
}

// sendsToWriter reports whether, from words[j] right after an ask
// addressed to the vendor, support is asked to send the writer something:
// a verb of sending then "me", "us" or "over" ("can you also send me the
// link for the training video?", "could you send over the setup guide?"),
// "me" or "nos" then the verb ("consegue me mandar?"), or a verb of
// sending in a sentence that gives an e-mail address ("can you send the
// paperwork to accounts@bushland.com.au?").
func sendsToWriter(toks []Token, words []string, j int) bool {
	if (words[j] == "me" || words[j] == "nos") && j+1 < len(words) && writerSends[words[j+1]] {
		return true
	}
	if !writerSends[words[j]] {
		return false
	}
	if j+1 < len(words) && (words[j+1] == "me" || words[j+1] == "us" || words[j+1] == "over") {
		return true
	}
	return slices.ContainsFunc(toks, func(t Token) bool { return isEmailAddress(t.Text) })
}

// writerSends are the verbs of sending something to the writer (folded
// lowercase).
var writerSends = map[string]bool{
	"send": true, "email": true, "forward": true, "share": true, "resend": true,
	"mandar": true, "manda": true, "mande": true, "enviar": true, "envia": true, "envie": true,
	"encaminhar": true, "encaminha": true, "passar": true, "passa": true, "compartilhar": true,
}

// setsUp reports whether, from words[j] right after an ask addressed to
// the vendor, support is asked to set people up ("could you set them up
// with logins ahead of that?", "can you help me set her up with the same
// access?"): "set", a person, "up" within the next four words.
func setsUp(words []string, j int) bool {
	for k := j; k+2 < len(words) && k <= j+3; k++ {
		if words[k] == "set" && setUpPeople[words[k+1]] && words[k+2] == "up" {
			return true
		}
	}
	return false
}

// invitesOrUnlocks reports whether, from words[j] right after an ask
// addressed to the vendor, support is asked to invite someone or to
// unlock a person: a verb of sending with an invite within the next four
// words ("can you send her a login invite?", "can you send the invite to
// me, Hal and Kelly?", "consegue mandar o convite pra ela?"), or a verb
// of locking with a person right after it ("can you unlock him?",
// "consegue desbloquear ela?").
func invitesOrUnlocks(words []string, j int) bool {
	if lockVerbs[words[j]] {
		return j+1 < len(words) && (setUpPeople[words[j+1]] || lockedPeople[words[j+1]])
	}
	if !writerSends[words[j]] {
		return false
	}
	for k := j + 1; k < len(words) && k <= j+4; k++ {
		if invites[words[k]] {
			return true
		}
	}
	return false
}

// lockVerbs, lockedPeople and invites make an ask to unlock a person or
// to send an invite (see invitesOrUnlocks).
var (
	lockVerbs    = map[string]bool{"unlock": true, "reactivate": true, "desbloquear": true, "desbloqueia": true, "reativar": true}
	lockedPeople = map[string]bool{"ele": true, "ela": true, "eles": true, "elas": true}
	invites      = map[string]bool{"invite": true, "invites": true, "invitation": true, "invitations": true, "convite": true, "convites": true}
)

// setUpPeople are who support sets up (see setsUp).
var setUpPeople = map[string]bool{"them": true, "him": true, "her": true, "us": true, "me": true, "everyone": true}

// statusUpdate reports whether, from words[j] right after an ask
// addressed to the vendor, support is asked for news of something: a
// verb of giving, then within three words an article and an update
// ("can you bring an update on:", "could you give us a quick update on the
// ticket?", "consegue me dar um retorno?").
func statusUpdate(words []string, j int) bool {
	if !updateGives[words[j]] {
		return false
	}
	for k := j + 1; k+1 < len(words) && k <= j+3; k++ {
		if updateArticles[words[k]] && (updates[words[k+1]] || k+2 < len(words) && updates[words[k+2]]) {
			return true
		}
	}
	return false
}

// updateGives, updateArticles and updates make an ask for news (see
// statusUpdate).
var (
	updateGives    = map[string]bool{"bring": true, "give": true, "send": true, "get": true, "dar": true, "passar": true, "mandar": true, "me": true}
	updateArticles = map[string]bool{"an": true, "a": true, "any": true, "um": true, "uma": true, "algum": true, "alguma": true}
	updates        = map[string]bool{"update": true, "eta": true, "retorno": true, "atualizacao": true, "posicao": true, "previsao": true}
)

// moveBilling reports whether a sentence moves or changes the client's
// own subscription with the vendor: a verb of change, "our" or "nosso"
// within four words, then within three a word of the subscription
// ("could we move our monthly direct debit from the 1st to the 15th?",
// "queria mudar o vencimento do nosso plano"), or says how the writer
// will pay it (paySubscriptionBy). Which day and how the vendor charges
// is account administration; "can we change our invoice numbering?" (the
// client's own invoices) stays a need.
func moveBilling(words []string) bool {
	if paySubscriptionBy(words) {
		return true
	}
	for i, w := range words {
		if !billingMoves[w] {
			continue
		}
		for _, k := range within(words, i, 4, ours) {
			if len(within(words, k, 3, subscriptionWords)) > 0 {
				return true
			}
		}
	}
	return false
}

// within returns the indexes of the words of set among the reach words
// after words[i].
func within(words []string, i, reach int, set map[string]bool) []int {
	var at []int
	for k := i + 1; k < len(words) && k <= i+reach; k++ {
		if set[words[k]] {
			at = append(at, k)
		}
	}
	return at
}

// paySubscriptionBy reports whether a sentence says how the writer will
// pay its own subscription: a verb of paying after the writer's own
// wanting (see writerPays), within three words a word of the
// subscription, then within six a means of payment ("a partir de
// novembro quero pagar a assinatura do Canilix no cartão em vez de
// boleto", "we'd like to pay the subscription by card from now on").
// Members or tutors paying theirs by card is a need of the product.
func paySubscriptionBy(words []string) bool {
	for i, w := range words {
		if !payVerbs[w] || !writerPays(words[:i]) {
			continue
		}
		for _, k := range within(words, i, 3, subscriptionWords) {
			if len(within(words, k, 6, payMeans)) > 0 {
				return true
			}
		}
	}
	return false
}

// writerPays reports whether the words before a verb of paying are the
// writer's own wanting: "quero", "vamos", "prefiro" right before it, or
// a modal of wanting ("like", "want", "can", "will"…) next to "we" or
// "I", either way round ("we'd like to", "I want to", "can we"; "to"
// and "de" skipped).
func writerPays(before []string) bool {
	n := len(before)
	if n > 0 && (before[n-1] == "to" || before[n-1] == "de") {
		n--
	}
	if n == 0 {
		return false
	}
	if writerWants[before[n-1]] || writers[before[n-1]] && n >= 2 && writerModals[before[n-2]] { // "quero pagar", "can we pay"
		return true
	}
	if !writerModals[before[n-1]] || n < 2 {
		return false
	}
	return writers[before[n-2]] || n >= 3 && writers[before[n-3]] // "we'd like", "we would like"
}

// payVerbs and payMeans make a payment of the subscription, and
// writerWants, writerModals and writers the writer's wanting to pay (see
// paySubscriptionBy).
var (
	writerWants  = map[string]bool{"quero": true, "queria": true, "queremos": true, "queriamos": true, "gostaria": true, "gostariamos": true, "vamos": true, "vou": true, "prefiro": true, "preferimos": true, "preferia": true, "podemos": true, "posso": true}
	writerModals = map[string]bool{"like": true, "want": true, "prefer": true, "can": true, "could": true, "will": true, "would": true, "rather": true}
	writers      = map[string]bool{"we": true, "i": true, "we'd": true, "i'd": true, "we’d": true, "i’d": true, "we'll": true, "i'll": true}

	payVerbs = map[string]bool{"pay": true, "paying": true, "pagar": true, "pagando": true}
	payMeans = map[string]bool{
		"card": true, "cartao": true, "boleto": true, "pix": true, "invoice": true, "transfer": true, "debit": true,
		"debito": true, "transferencia": true, "ach": true, "cheque": true, "check": true,
	}
)

// billingMoves, ours and subscriptionWords make a change to the client's
// subscription (see moveBilling).
var (
	billingMoves = map[string]bool{
		"move": true, "change": true, "switch": true, "shift": true, "update": true,
		"mudar": true, "alterar": true, "trocar": true, "passar": true, "atualizar": true,
	}
	ours              = map[string]bool{"our": true, "nosso": true, "nossa": true}
	subscriptionWords = map[string]bool{
		"debit": true, "debits": true, "subscription": true, "vencimento": true, "assinatura": true, "mensalidade": true,
		"card": true, "cartao": true,
	}
)

// printouts are asked for a meeting, not of the product: "Dana asked
// for printed copies of the agenda", "pediu cópias impressas da pauta".
var printouts = [][]string{{"printed", "copies"}, {"printed", "copy"}, {"copias", "impressas"}, {"copia", "impressa"}}

// billCopy reports whether words[i] starts an ask for a copy of a bill
// already issued: "reissue" or "reemitir", or "segunda via", "resend",
// "reenviar" or "copy" with a bill within three words ("preciso da
// segunda via do boleto", "can you resend the invoice?", "a copy of the
// March invoice"). Support sends it; the product lacks nothing. A copy
// of a contract stays a request.
func billCopy(words []string, i int) bool {
	from := i + 1
	switch {
	case phraseAt(words, i, [][]string{{"segunda", "via"}}) > 0:
		if slices.ContainsFunc(words[:i], func(w string) bool { return bills[w] }) {
			return true // "não recebi a fatura de agosto, pode mandar a segunda via?"
		}
		from = i + 2
	case reissues[words[i]]:
		return true // a bill issued again, named or not ("could you re-issue it with the VAT breakdown?")
	case words[i] != "resend" && words[i] != "copy" && words[i] != "reenviar":
		return false
	}
	for k := from; k < len(words) && k < from+3; k++ {
		if bills[words[k]] {
			return true
		}
	}
	return false
}

// reissues issue a bill again (folded lowercase).
var reissues = map[string]bool{
	"reissue": true, "re-issue": true, "reissued": true, "re-issued": true,
	"reemitir": true, "reemitida": true, "reemitido": true, "reemite": true,
}

// vendorPapers are the vendor's own business papers (folded word
// sequences): a tax form, a certificate of insurance, the company's
// registration ("cartão CNPJ", "contrato social", "certidão negativa").
var vendorPapers = [][]string{
	{"w-9"}, {"w9"}, {"w-8ben"}, {"certificate", "of", "insurance"}, {"insurance", "certificate"}, {"coi"},
	{"cartao", "cnpj"}, {"contrato", "social"}, {"certidao", "negativa"}, {"certidoes", "negativas"},
}

// vendorPaper reports whether words ask for one of the vendor's papers:
// "your" up to two words before it ("can I get a copy of your W-9 for our
// files?"), or "de vocês" up to three after ("o contrato social de
// vocês"). Support sends it; the product lacks nothing. Keeping
// subcontractors' certificates of insurance is a need, and stays.
func vendorPaper(words []string) bool {
	for i := range words {
		n := phraseAt(words, i, vendorPapers)
		if n == 0 {
			continue
		}
		if slices.Contains(words[max(i-2, 0):i], "your") {
			return true
		}
		for k := i + n; k < len(words) && k <= i+n+3; k++ {
			if (words[k] == "voces" || words[k] == "vcs") && words[k-1] == "de" {
				return true
			}
		}
	}
	return false
}

// papers are the account's papers that support sends (folded lowercase):
// a meeting's slides, recordings and minutes, a proposal, a contract.
var papers = map[string]bool{
	"slides": true, "slide": true, "deck": true, "recording": true, "recordings": true, "presentation": true,
	"minutes": true, "proposal": true, "contract": true,
	"gravacao": true, "gravacoes": true, "apresentacao": true, "ata": true, "proposta": true, "contrato": true,
}

// paperSend reports whether words[j], right after an ask addressed to the
// vendor, sends or shares one of the account's papers within four words:
// "could you send over the slides from the kickoff?", "can you share the
// training recordings?", "podem mandar a proposta atualizada?". A product
// that sends ("can you make it send the proposal to the client?") has
// another verb after the ask.
func paperSend(words []string, j int) bool {
	if !sendVerbs[words[j]] && words[j] != "share" && words[j] != "forward" && words[j] != "compartilhar" {
		return false
	}
	for k := j + 1; k < len(words) && k <= j+4; k++ {
		if papers[words[k]] {
			return true
		}
	}
	return false
}

// billAddress reports whether a sentence gives an e-mail address for
// bills: "could you confirm that the monthly invoices can go to
// ap@northgate.co.uk?", "vocês conseguem mandar a nota fiscal pro email
// financeiro@solarisbh.com.br?". Where bills go is account
// administration.
func billAddress(toks []Token, words []string) bool {
	if !slices.ContainsFunc(toks, func(t Token) bool { return isEmailAddress(t.Text) }) {
		return false
	}
	return slices.ContainsFunc(words, billWord) || slices.ContainsFunc(toks, billingMailbox)
}

// billingMailbox reports whether a token is the e-mail address of a
// billing desk: "quero que vá pro financeiro@casadosom.org.br" says where
// bills go without naming one.
func billingMailbox(t Token) bool {
	local, _, ok := strings.Cut(t.Text, "@")
	return ok && isEmailAddress(t.Text) && billingMailboxes[lowerKey(local)]
}

// billingMailboxes are the local parts of a billing desk's address.
var billingMailboxes = map[string]bool{
	"billing": true, "accounts": true, "ap": true, "finance": true, "invoices": true, "invoice": true, "accounts.payable": true,
	"financeiro": true, "faturamento": true, "cobranca": true, "contas": true, "fiscal": true, "contasapagar": true,
}

// billParticulars reports whether a sentence changes a particular of the
// client's own bill with the vendor: an administration verb, then within
// billReach words a bill or billing word, a particular of it (details,
// address, date, due date, e-mail, "vencimento", "dados", "CNPJ") and
// "our", "nossa" or "com vocês": "could you also update our billing
// details?", "can we change our billing date to the 10th?", "dá pra
// mudar o vencimento da nossa fatura com vocês pro dia 10?". Support
// changes them; "can we change the due date on the invoices we send?"
// says whose bills by no such word and stays a need, and so does a
// change to how the client's invoices look (billDesignWords).
func billParticulars(words []string) bool {
	for i, w := range words {
		if !adminVerbs[w] {
			continue
		}
		bill, particular, ours, design := false, false, false, false
		for k := i + 1; k < len(words) && k <= i+billReach; k++ {
			bill = bill || billWord(words[k])
			particular = particular || billParticularWords[words[k]]
			ours = ours || ownWords[words[k]] || words[k] == "voces" && words[k-1] == "com"
			design = design || billDesignWords[words[k]]
		}
		if bill && particular && ours && !design {
			return true
		}
	}
	return false
}

// billReach is how many words after the verb billParticulars reads.
const billReach = 6

// billParticularWords are the particulars of a bill the client may ask
// support to change (folded lowercase).
var billParticularWords = map[string]bool{
	"details": true, "address": true, "date": true, "email": true, "e-mail": true, "contact": true, "name": true,
	"vencimento": true, "dados": true, "endereco": true, "data": true, "cnpj": true, "razao": true,
}

// billDesignWords shape the invoices a client sends with the product
// ("can we change the date format on our invoices?"), no errand (folded
// lowercase).
var billDesignWords = map[string]bool{
	"format": true, "template": true, "layout": true, "logo": true, "design": true, "field": true, "fields": true,
	"column": true, "columns": true, "formato": true, "modelo": true, "campo": true, "campos": true, "coluna": true, "colunas": true,
}

// ownWords say the bill is the client's own (folded lowercase).
var ownWords = map[string]bool{"our": true, "nossa": true, "nosso": true, "nossas": true, "nossos": true}

// billWord reports whether a folded word names a bill or where bills go.
func billWord(w string) bool { return bills[w] || billingWords[w] }

// billingWords name where bills go (folded lowercase): "add
// accounts@… to the billing contacts", "o e-mail de cobrança".
var billingWords = map[string]bool{"billing": true, "cobranca": true, "faturamento": true, "financeiro": true}

// emailToken matches a token that is an e-mail address, as the EMAIL
// entity rule reads one (emailPattern).
var emailToken = regexp.MustCompile(`^` + emailPattern + `$`)

// isEmailAddress reports whether a token is written as an e-mail address.
func isEmailAddress(s string) bool { return strings.IndexByte(s, '@') > 0 && emailToken.MatchString(s) }

// sendVerbs send a document (folded lowercase).
var sendVerbs = map[string]bool{"send": true, "email": true, "mandar": true, "manda": true, "mande": true, "enviar": true, "envia": true, "envie": true}

// billSend reports whether words[j], right after an ask addressed to the
// vendor, sends one bill: a verb of sendVerbs, at most two words, a bill,
// and the sentence ends there, goes on with "for", "and", "with",
// "again" or "e", or says which ("de novo", "de outubro"): "could you
// send a receipt for our records?", "can you send the invoice and a
// W-9?", "pode mandar o boleto de novo?". Support sends it; "could you
// send the invoices to our customers by WhatsApp?" and "vocês conseguem
// mandar o boleto pro cliente pelo WhatsApp?" stay requests.
func billSend(words []string, j int) bool {
	if !sendVerbs[words[j]] {
		return false
	}
	for k := j + 1; k < len(words) && k <= j+3; k++ {
		if !bills[words[k]] || strings.HasSuffix(words[k], "s") {
			continue
		}
		switch {
		case k+1 == len(words) || billSendEnds[words[k+1]]:
			return true
		case words[k+1] == "de" && k+2 < len(words):
			return words[k+2] == "novo" || billMonths[words[k+2]]
		}
		return false
	}
	return false
}

// billSendEnds may follow the bill support sends (see billSend).
var billSendEnds = map[string]bool{"for": true, "and": true, "with": true, "again": true, "e": true, "marked": true, "showing": true}

// resendVerbs, right after an ask addressed to the vendor, send again
// what was sent ("pode reenviar pro e-mail dela?", "can you resend the
// invite?").
var resendVerbs = map[string]bool{"resend": true, "reenviar": true, "reenvia": true, "reenvie": true}

// offVerbs hide or switch off a part of the product (folded lowercase);
// "turn" and "switch" count with "off", and a Portuguese verb's
// participles with it ("ocultadas", "desligado": offWord).
var offVerbs = map[string]bool{
	"hide": true, "hidden": true, "disable": true, "disabled": true,
	"ocultar": true, "esconder": true, "desligar": true, "desativar": true,
}

// offWord reports whether w is a verb of offVerbs or the participle of a
// Portuguese one ("escondida": esconder → escondid-).
func offWord(w string) bool {
	if offVerbs[w] {
		return true
	}
	for _, root := range []string{"ocultad", "escondid", "desligad", "desativad"} {
		if strings.HasPrefix(w, root) && len(w) <= len(root)+2 {
			return true
		}
	}
	return false
}

// productParts are the parts of the product a client has hidden or
// switched off for its staff or its customers, prompts and banners
// among them (folded lowercase).
var productParts = map[string]bool{
	"screen": true, "screens": true, "module": true, "modules": true, "tab": true, "tabs": true,
	"menu": true, "menus": true, "tela": true, "telas": true, "modulo": true, "modulos": true,
	"aba": true, "abas": true, "prompt": true, "prompts": true, "popup": true, "popups": true,
	"pop-up": true, "pop-ups": true, "banner": true, "banners": true, "aviso": true, "avisos": true,
}

// switchOff reports whether, from words[j] right after an ask addressed
// to the vendor ("can you", "please"), the ask is to hide or switch off a
// part of the product within the next eight words: "could you please
// make sure the stock screens are hidden for all staff?", "pode
// desativar o módulo de estoque?". It is a setting support changes, not
// a need; "can you add a way to hide the stock screens?" stays one.
func switchOff(words []string, j int) bool {
	part, off := false, false
	for k := j; k < len(words) && k < j+8; k++ {
		switch w := words[k]; {
		case w == "way" || w == "option" || w == "jeito" || w == "opcao" || w == "possible" || w == "possivel":
			return false
		case productParts[w]:
			part = true
		case offWord(w) || (w == "off" && k > j && (words[k-1] == "turn" || words[k-1] == "switch" || words[k-1] == "turned" || words[k-1] == "switched")):
			off = true
		}
	}
	return part && off
}

// bills are the documents a billing department issues (folded lowercase).
var bills = map[string]bool{
	"invoice": true, "invoices": true, "bill": true, "bills": true, "receipt": true, "receipts": true,
	"statement": true, "statements": true,
	"boleto": true, "boletos": true, "fatura": true, "faturas": true, "nota": true, "notas": true,
	"recibo": true, "recibos": true,
}

// phraseAt returns the length of the first of phrases (word sequences)
// that starts at words[i], or 0 when none does.
func phraseAt(words []string, i int, phrases [][]string) int {
	for _, p := range phrases {
		if i+len(p) <= len(words) && slices.Equal(words[i:i+len(p)], p) {
			return len(p)
		}
	}
	return 0
}

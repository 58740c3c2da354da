package ingest

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// wordSides gives roles to the speakers of a transcript labelled only with
// people's names ("Priya Nair: …", "Luis Herrera: …") when neither the
// labels, what an agent says (inferRoles) nor the companies in the labels
// (vendorSide) told them. It weighs what each speaker says about the two
// sides: a speaker who introduces themself with the client's name ("it's
// Luis from Hollow Creek", "aqui é o Ricardo da Marina Porto Bello"),
// or who asks about the vendor's product ("your app", "o sistema de
// vocês") speaks for the client; one who answers for the vendor ("Vertix
// support, this is Sam", "your ticket", "o chamado de vocês", "clubs your
// size", "vi que vc abriu um chamado") is the agent. The one speaker who
// leans to the agent's side more than every other one does is the agent,
// and the others the customer's side, when it leans to the agent's side
// or every other speaker leans to the client's; with no such speaker, or
// a tie, nothing changes. Only a label that is a name can be the agent.
func wordSides(client, text string, turns []ckm.Turn) {
	if len(turns) < 2 || hasRole(turns) {
		return
	}
	lean := map[string]int{} // agent phrases minus customer phrases, per speaker
	for _, t := range turns {
		said := strings.ReplaceAll(text[t.Start:t.End], "’", "'")
		s := strings.ToLower(said)
		lean[t.Speaker] += countAny(s, agentSidePhrases) - countAny(s, clientSidePhrases)
		if introducesClient(client, said) {
			lean[t.Speaker] -= 2
		}
	}
	if len(lean) < 2 {
		return
	}
	agent, best, tie := "", 0, false
	for sp, l := range lean {
		switch {
		case agent == "" || l > best:
			agent, best, tie = sp, l, false
		case l == best:
			tie = true
		}
	}
	if tie || best < 0 {
		return
	}
	for sp, l := range lean {
		if sp != agent && l >= 0 && best <= 0 {
			return // the agent must lean to the agent's side, or every other speaker to the client's
		}
	}
	if !nameLabel(agent) {
		return // "Submitted by", a header read as a label
	}
	for i, t := range turns {
		if t.Speaker == agent {
			turns[i].Role = ckm.RoleAgent
		} else {
			turns[i].Role = ckm.RoleCustomer
		}
	}
}

// nameLabel reports whether a speaker label is a name: every word before
// a parenthesis opens with a capital ("Priya Nair", "Sam (Roteira)", not
// "Submitted by" or "Aberto por").
func nameLabel(label string) bool {
	name, _, _ := strings.Cut(label, "(")
	for _, w := range strings.Fields(name) {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return strings.TrimSpace(name) != ""
}

// hasRole reports whether any turn has a role.
func hasRole(turns []ckm.Turn) bool {
	for _, t := range turns {
		if t.Role != ckm.RoleUnknown {
			return true
		}
	}
	return false
}

// countAny counts the phrases of list that s holds (each at most once).
func countAny(s string, list []string) int {
	n := 0
	for _, p := range list {
		if strings.Contains(s, p) {
			n++
		}
	}
	return n
}

// agentSidePhrases are what the vendor's side says to a client and the
// client seldom says back, lowercased: the vendor answering the phone,
// the client's ticket or case, the client's size among the vendor's
// customers, a call or a thing the client asked for, what the client said
// or left before ("vi que vc abriu", "deixou recado"), an answer
// promised, a request on the roadmap.
var agentSidePhrases = []string{
	"support, this is", "support, it's", "support here", "suporte, aqui é", "suporte, aqui e", "suporte, é o", "suporte, é a",
	"your ticket", "your case", "your request", "your feature request", "your account is", "on your account",
	"your size", "you asked for", "you asked me to look", "you asked us to", "you wanted to talk", "you wanted to chat",
	"you wanted a call", "i can see your", "i've got your", "i've checked your", "i'll add that", "i'll add it",
	"i'll note that", "i'll write that up", "i'll chase", "i'll set it up", "i'll set that up", "in discovery",
	"let me check", "let me pull up", "let me have a look", "you had some questions", "said you had",
	"follow up on your", "i'll include that", "'s on the roadmap", "is on the roadmap",
	"are on the roadmap", "how are the first weeks",
	"seu chamado", "o chamado de vocês", "o chamado de vcs", "o caso de vocês", "o caso de vcs", "o pedido de vocês",
	"o pedido de vcs", "o tamanho de vocês", "você queria", "vc queria", "você pediu", "vc pediu",
	"vi que você ", "vi que vc ", "vi que o senhor", "vi que a senhora", "deixou recado", "obrigada por separar",
	"obrigado por separar", "tá no roadmap", "está no roadmap", "tá no nosso planejamento", "está no nosso planejamento",
	"tá no planejamento", "está no planejamento", "tá na lista de pedidos", "está na lista de pedidos",
	"primeiras semanas com o",
	"queria dar um retorno", "te dar um retorno", "liguei pra atualizar", "liguei para atualizar",
	"deixa eu ver aqui", "deixa eu verificar", "vou anotar aqui", "vou cobrar o time", "o time de produto recebeu",
}

// clientSidePhrases are what a client says of the vendor's product and
// team, lowercased.
var clientSidePhrases = []string{
	"your app", "your system", "your software", "your platform", "your product", "your tool", "your roadmap",
	"your devs", "your developers", "your product team", "your support", "your pricing", "your price",
	"o sistema de vocês", "o sistema de vcs", "o app de vocês", "o app de vcs", "o aplicativo de vocês",
	"a plataforma de vocês", "o suporte de vocês", "vocês conseguem", "vcs conseguem",
}

// selfIntro matches a speaker introducing themself with the company they
// speak for: "it's Luis from Hollow Creek", "this is Dana at Wattle
// Valley", "aqui é o Ricardo da Marina Porto Bello". Group 1 is the
// company's first words.
var selfIntro = regexp.MustCompile(`(?i:\b(?:it's|it is|this is|i'm|i am|aqui é|aqui e|sou|é)\s+(?:o\s+|a\s+)?)\p{Lu}\p{L}+` +
	`(?:\s+\p{Lu}\p{L}+)?\s+(?i:from|at|here at|with|da|do|de)\s+((?:\p{Lu}[\p{L}'&\-]*\s*){1,4})`)

// introducesClient reports whether a turn introduces its speaker as one of
// the client's people (see selfIntro, sharesName).
func introducesClient(client, turn string) bool {
	if client == "" {
		return false
	}
	for _, m := range selfIntro.FindAllStringSubmatch(turn, -1) {
		if sharesName(client, m[1]) {
			return true
		}
	}
	return false
}

package nlp

import (
	"slices"
)

// This file tells a how-to question answered on the spot from a need.
// "Customer: is there a report that shows sales per waiter? / Agent:
// Sure, that's Sales by Employee under Reports." asks for nothing the
// product lacks: the agent showed where it is and the customer's next
// words, if any, accept it. "Agent: You can see payments on the ledger.
// / Customer: But that doesn't show what's left." is no answer, and
// neither is one that hedges ("not yet", "for now", "infelizmente").

// answeredQuestions marks the customer's questions that the agent's next
// turn answers with the product as it is (see answersWithProduct), when
// the customer's turn after it, if any, does not push back (see
// pushesBack), and the sentences before such a question in its turn when
// it points back to them (see asksAboutBefore). flatten leaves out their
// explicit needs; their pain and workarounds stay.
func answeredQuestions(ss []sentenceNeeds) {
	for i := range ss {
		q := ss[i]
		if q.speaker != SpeakerCustomer || !isQuestion(q.sent.Text) || !slices.ContainsFunc(q.rules, func(r ruleNeed) bool { return r.Kind == KindExplicit }) {
			continue
		}
		j := i + 1
		for j < len(ss) && j <= i+3 && ss[j].speaker == SpeakerCustomer {
			j++ // the rest of the customer's turn
		}
		if j >= len(ss) || ss[j].speaker != SpeakerAgent {
			continue
		}
		k := j
		for k < len(ss) && ss[k].speaker == SpeakerAgent {
			k++ // the agent's whole turn
		}
		if !answersWithProduct(ss[j:k]) {
			continue
		}
		m := k
		for m < len(ss) && m < k+2 && ss[m].speaker == SpeakerCustomer {
			m++ // the first two sentences of the customer's next turn
		}
		if pushesBack(ss[k:m]) {
			continue
		}
		ss[i].answered = true
		if asksAboutBefore(q) {
			for b := i - 1; b >= 0 && b > i-3 && ss[b].speaker == SpeakerCustomer; b-- {
				ss[b].answered = true // what the question asks about: "Our accountant wants ... . Can we do that?"
			}
		}
	}
}

// asksAboutBefore reports whether a question asks about what the sentences
// before it said ("Can we do that?", "dá pra criar um usuário assim?"), so that an
// answer to it answers them too; "Also, can I merge two profiles?" asks
// about itself alone.
func asksAboutBefore(q sentenceNeeds) bool {
	return slices.ContainsFunc(sentenceWords(q.sent.Language, q.sent.Language, q.toks, nil), func(w word) bool {
		return backRefs[w.lower] || w.lower == "that" || w.lower == "assim"
	})
}

// answersWithProduct reports whether an agent's turn answers a question
// with what the product already does: its first sentence opens, past a
// name, with a yes ("Sure,", "Dá sim", "Of course.") or with where to go
// ("You can...", "Go to...", "É só...", "Under Settings..."), and no
// sentence of the turn hedges, negates or promises (answerHedges: "not
// yet", "but", "I'll pass it to product", "infelizmente").
func answersWithProduct(turn []sentenceNeeds) bool {
	first := sentenceWords(turn[0].sent.Language, turn[0].sent.Language, turn[0].toks, nil)
	if len(first) > 1 && !yesWords[first[0].lower] && isTitle(turn[0].toks[first[0].tok].Text) && first[0].tok+1 < len(turn[0].toks) && turn[0].toks[first[0].tok+1].Text == "," {
		first = first[1:] // "Kayla, you can ..."
	}
	if len(first) == 0 || !yesWords[first[0].lower] && phraseAt(lowers(first), 0, answerOpenings) == 0 && !opensPastPlace(turn[0].toks, first) && !showsMenuPath(turn[0].toks) {
		return false
	}
	for _, s := range turn {
		for _, w := range sentenceWords(s.sent.Language, s.sent.Language, s.toks, nil) {
			if w.neg || answerHedges[w.lower] {
				return false
			}
		}
	}
	return true
}

// opensPastPlace reports whether an answer opens with where to go after a
// place and a comma: "No orçamento, clica em Imprimir", "In Reports,
// click Sales".
func opensPastPlace(toks []Token, words []word) bool {
	for i, w := range words[:min(len(words), 6)] {
		if i > 0 && w.tok > 0 && toks[w.tok-1].Text == "," {
			return phraseAt(lowers(words), i, answerOpenings) > 0
		}
	}
	return false
}

// showsMenuPath reports whether a sentence shows where to go as a menu
// path: "Configurações > Empresa > Dados de contato.", "Settings →
// Users".
func showsMenuPath(toks []Token) bool {
	for i := 1; i+1 < len(toks); i++ {
		if (toks[i].Text == ">" || toks[i].Text == "→") && isTitle(toks[i+1].Text) {
			return true
		}
	}
	return false
}

// pushesBack reports whether the customer's reply to an answer (its
// first sentences) says it does not do: a negation, "but", "mas",
// "still", "ainda", or a need that is no new question ("the discount I
// know. I need the list price changed"). A reply that turns to another
// subject ("While I've got you, ...", "Outra coisa: ...") says nothing
// of the answer.
func pushesBack(reply []sentenceNeeds) bool {
	for _, s := range reply {
		words := sentenceWords(s.sent.Language, s.sent.Language, s.toks, nil)
		if len(words) > 0 && topicTurns[words[0].lower] || phraseAt(lowers(words), 0, acceptances) > 0 && len(words) <= 4 {
			return false
		}
		if slices.ContainsFunc(words, func(w word) bool { return w.neg || pushbacks[w.lower] }) {
			return true
		}
		if slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return !r.Negated && r.Cue != "question" && r.Confidence >= 0.5 }) {
			return true
		}
	}
	return false
}

// topicTurns open a reply that turns to another subject (folded
// lowercase).
var topicTurns = map[string]bool{
	"while": true, "also": true, "another": true, "btw": true, "separately": true, "unrelated": true,
	"outra": true, "outro": true, "aproveitando": true, "alias": true, "tambem": true,
}

// acceptances open a short reply that says an answer did it (folded
// lowercase word sequences): "Feito.", "Deu certo.", "Got it, thanks."
var acceptances = [][]string{
	{"feito"}, {"deu", "certo"}, {"achei"}, {"funcionou"}, {"consegui"}, {"ah", "achei"}, {"perfeito"},
	{"got", "it"}, {"found", "it"}, {"that", "worked"}, {"it", "worked"}, {"done"}, {"perfect"}, {"brilliant"},
}

// yesWords open an answer that says yes (folded lowercase); "sim" and
// "claro" in Portuguese, "dá sim" by its first word below.
var yesWords = map[string]bool{
	"yes": true, "yep": true, "yeah": true, "sure": true, "absolutely": true, "definitely": true,
	"sim": true, "claro": true,
}

// answerOpenings open an answer that shows the product doing what was
// asked (folded lowercase word sequences).
var answerOpenings = [][]string{
	{"you", "can"}, {"you", "already", "can"}, {"you", "could"}, {"go", "to"}, {"just", "go"}, {"click"},
	{"under"}, {"open", "the"}, {"head", "to"}, {"of", "course"}, {"that's", "under"}, {"it's", "under"},
	{"da", "sim"}, {"tem", "sim"}, {"pode", "sim"}, {"consegue", "sim"}, {"e", "so"}, {"basta"},
	{"vai", "em"}, {"clica"}, {"clique"}, {"va", "em"}, {"voce", "consegue"}, {"vc", "consegue"}, {"com", "certeza"},
}

// answerHedges in an agent's answer say the product does not quite do
// it (folded lowercase): a "but", a time still to come, a request logged.
var answerHedges = map[string]bool{
	"but": true, "yet": true, "unfortunately": true, "workaround": true, "manually": true,
	"roadmap": true, "request": true, "feedback": true, "product": true, "only": true, "though": true,
	"however": true, "currently": true,
	"mas": true, "porem": true, "infelizmente": true, "ainda": true, "manualmente": true,
	"sugestao": true, "pedido": true, "apenas": true, "contorno": true,
	"soon": true, "logged": true, "vote": true, "analise": true, "retorno": true, "previsao": true, "anotado": true, "registrei": true,
}

// pushbacks in the customer's reply to an answer say it falls short.
var pushbacks = map[string]bool{"but": true, "still": true, "mas": true, "ainda": true, "only": true}

package nlp

import (
	"regexp"
	"slices"
	"strings"
)

// listedNeeds reads the items of a list of asks as needs. An account
// note sums a call up as "Top asks, in her order:" and then "1) Moving
// all divers off a weather-cancelled trip in one action.", "2) Checking
// a diver's certification with the agency at booking.": each item names
// what is wanted without a cue. A sentence that ends with a colon and
// names asks (listIntro), or one that counts them ("two open asks", "my
// three headaches", "três pedidos": countedIntro), opens the list;
// each later sentence of the same speaker that starts with a list marker
// (markerEnd: "1)", "2.", "(3)", "-", "•", "Segundo:", "Two,") is an
// item, and a few sentences that say more about an item may stand between
// two (maxItemGap). Items counted aloud in a call may have another's turn
// between them ("Go on."). So is a sentence that opens with an ordinal
// ask an item ("Second ask: moving inventory from Hawthorne…", "Segundo
// pedido: mandar o veículo…"). An item that gives a need of its own keeps
// it; one that is a question, negates, or names nothing is left alone;
// the rest become explicit requests (implied pains where headaches or
// problems were counted) themed by the words after the marker
// (solicitedTheme), with the list's opening as their Context. An agent's
// list is the agent's.
func listedNeeds(ss []sentenceNeeds) {
	for i := 0; i < len(ss); i++ {
		if at, ok := orderedAsk(ss[i]); ok {
			listItem(&ss[i], at, "", "request")
			continue
		}
		intro := ss[i]
		if intro.speaker == SpeakerAgent {
			continue
		}
		cue, other := "", false // other: whether a turn of someone else may stand between items
		switch {
		case strings.HasSuffix(strings.TrimSpace(intro.sent.Text), ":") && listIntro.MatchString(foldLower(intro.sent.Text)):
			cue = "request"
		case slices.ContainsFunc(intro.toks, countWord):
			if m := countedIntro.FindStringSubmatch(foldLower(intro.sent.Text)); m != nil {
				cue, other = "request", true
				if painNouns[m[1]] {
					cue = "pain"
				}
			}
		}
		if cue == "" {
			continue
		}
		for j, last := i+1, i; j < len(ss) && j-last <= maxItemGap; j++ {
			if ss[j].speaker != intro.speaker {
				if other {
					continue
				}
				break
			}
			if at, ok := markerEnd(ss[j].toks); ok {
				listItem(&ss[j], at, intro.sent.Text, cue)
				last = j
			}
		}
	}
}

// maxItemGap bounds the sentences from one item of a list to the next
// (an item may say more in the sentences after it) or from the list's
// opening to its first item.
const maxItemGap = 4

// countedIntro matches a sentence that counts what follows as spoken
// items (folded lowercase): "my three headaches haven't changed", "two
// asks", "tenho três pedidos"; its group is the noun counted (not
// "things": "a couple of housekeeping things" lists anything).
var countedIntro = regexp.MustCompile(`\b(?:two|three|four|couple of|dois|duas|tres|quatro)\s+(?:\w+\s+)?(headaches|problems|issues|pains|complaints|asks|requests|priorities|problemas|dores|reclamacoes|pedidos|prioridades)\b`)

// countWord reports whether t is a word countedIntro counts with, in any
// case: a sentence without one is not matched against it.
func countWord(t Token) bool {
	return slices.ContainsFunc(countWords, func(w string) bool { return strings.EqualFold(t.Text, w) })
}

// countWords are the words countedIntro counts with.
var countWords = []string{"two", "three", "four", "couple", "dois", "duas", "três", "tres", "quatro"}

// painNouns are the nouns of countedIntro that count pains.
var painNouns = map[string]bool{"headaches": true, "problems": true, "issues": true, "pains": true, "complaints": true, "problemas": true, "dores": true, "reclamacoes": true}

// listItem makes the item of a list that starts at token at a need of
// cue (a request, or a pain where pains were counted), unless it gives a
// need of its own or is no ask (see listedNeeds).
func listItem(s *sentenceNeeds, at int, context, cue string) {
	if len(s.rules) > 0 || s.speaker == SpeakerAgent || isQuestion(s.sent.Text) || at >= len(s.toks) || settled(s.toks[at:]) {
		return
	}
	toks := s.toks[at:]
	words := sentenceWords(s.sent.Language, s.sent.Language, toks, nil)
	if len(words) == 0 || nothingWanted[words[0].lower] || endsWithAny(words, 0, praises) ||
		slices.ContainsFunc(words, func(w word) bool { return w.neg }) {
		return // "3) Nada de novo no faturamento.", "2) no issues with the card reader"
	}
	if wholeName(strings.TrimRight(strings.TrimSpace(s.sent.Text[toks[0].Start-s.sent.Start:]), ".;,")) {
		return // "- Bruno T.": a list of people
	}
	theme, key := solicitedTheme(s.sent.Language, toks)
	if key == "" {
		return
	}
	kind := KindExplicit
	if cue == "pain" {
		kind = KindImplied
	}
	s.rules = append(s.rules, ruleNeed{Need: Need{
		Kind: kind, Cue: cue, Theme: theme, ThemeKey: key,
		Text: s.sent.Text, Start: s.sent.Start, End: s.sent.End, Context: context,
		Speaker: s.speaker, Confidence: answerConfidence,
	}, phrase: "list"})
}

// listIntro matches the opening of a list of asks (folded lowercase):
// "top asks, in her order:", "their priorities, in order:", "what we'd
// need:", "três pedidos seguem abertos:", "o que a gente precisa:".
var listIntro = regexp.MustCompile(`\b(?:asks?|requests?|priorit(?:y|ies)|wish ?list|gaps|feature requests?|pedidos?|prioridades?|demandas|pendencias|solicitac(?:ao|oes))\b` +
	`|\bwhat (?:we|they|i|she|he)(?:'d| would)? (?:need|want|like)\b|\bwhat would (?:help|make)\b|\bwhat matters\b|\bkeeps? coming up\b` +
	`|\bo que (?:a gente|nos|eles|elas|ela|ele|eu) (?:precisa|precisamos|precisaria|precisariamos|precisam|quer|queremos|querem|queria|gostaria|gostariamos)\b|\bo que ajudaria\b`)

// markerEnd returns the index of the first token after a list marker
// that opens toks: a number with ")" or "." ("1)", "2."), one in
// parentheses ("(3)"), a dash or a bullet, or an ordinal or count word
// and a colon or comma ("Segundo:", "Third,", "Two,").
func markerEnd(toks []Token) (int, bool) {
	if len(toks) < 2 {
		return 0, false
	}
	first := toks[0].Text
	switch {
	case first == "(" && len(toks) > 3 && isNumber(toks[1].Text) && toks[2].Text == ")":
		return 3, true
	case isNumber(first) && len(first) <= 2 && (toks[1].Text == ")" || toks[1].Text == "."):
		return 2, true
	case listBullets[first]:
		return 1, true
	case itemWords[lowerKey(first)] && (toks[1].Text == ":" || toks[1].Text == ","):
		return 2, true
	}
	return 0, false
}

// orderedAsk reports whether a sentence opens with an ordinal ask and a
// colon ("Second ask:", "Segundo pedido:", "Primeira prioridade:") and
// returns the index of the first token after the colon.
func orderedAsk(s sentenceNeeds) (int, bool) {
	if len(s.toks) < 4 || !itemWords[lowerKey(s.toks[0].Text)] {
		return 0, false
	}
	for j := 1; j < len(s.toks) && j <= 3; j++ {
		if s.toks[j].Text == ":" {
			return j + 1, j > 1 && askNouns[lowerKey(s.toks[j-1].Text)]
		}
	}
	return 0, false
}

// isNumber reports whether s is written in digits only.
func isNumber(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

var (
	// listBullets open an item of a list.
	listBullets = map[string]bool{"-": true, "•": true, "*": true, "–": true, "·": true}
	// itemWords, ordinal and count words, open an item of a list
	// (folded).
	itemWords = map[string]bool{
		"one": true, "two": true, "three": true, "four": true, "um": true, "dois": true, "tres": true, "quatro": true,
		"first": true, "second": true, "third": true, "fourth": true, "fifth": true,
		"primeiro": true, "segundo": true, "terceiro": true, "quarto": true, "quinto": true,
		"primeira": true, "segunda": true, "terceira": true, "quarta": true, "quinta": true,
	}
	// askNouns name an ask after an ordinal (folded).
	askNouns = map[string]bool{"ask": true, "request": true, "priority": true, "pedido": true, "prioridade": true, "demanda": true, "solicitacao": true}
)

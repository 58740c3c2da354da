package nlp

import (
	"regexp"
	"slices"
	"strings"
)

// listedNeeds reads the items of a list of asks as requests. An account
// note sums a call up as "Top asks, in her order:" and then "1) Moving
// all divers off a weather-cancelled trip in one action.", "2) Checking
// a diver's certification with the agency at booking.": each item names
// what is wanted without a cue. A sentence that ends with a colon and
// names asks (listIntro) opens the list; each of the next sentences (at
// most maxListed) of the same speaker that starts with a list marker
// (listMarker: "1)", "2.", "(3)", "-", "•", "Segundo:") is an item. So is
// a sentence that opens with an ordinal ask ("Second ask: moving
// inventory from Hawthorne…", "Segundo pedido: mandar o veículo…"). An
// item that gives a need of its own keeps it; one that is a question,
// negates, or names nothing is left alone; the rest become explicit
// requests themed by the words after the marker (solicitedTheme), with
// the list's opening as their Context. An agent's list is the agent's.
func listedNeeds(ss []sentenceNeeds) {
	for i := 0; i < len(ss); i++ {
		if at, ok := orderedAsk(ss[i]); ok {
			listItem(&ss[i], at, "")
			continue
		}
		intro := ss[i]
		if intro.speaker == SpeakerAgent || !strings.HasSuffix(strings.TrimSpace(intro.sent.Text), ":") || !listIntro.MatchString(foldLower(intro.sent.Text)) {
			continue
		}
		for j := i + 1; j < len(ss) && j <= i+maxListed && ss[j].speaker == intro.speaker; j++ {
			at, ok := markerEnd(ss[j].toks)
			if !ok {
				break
			}
			listItem(&ss[j], at, intro.sent.Text)
			i = j
		}
	}
}

// maxListed bounds the items listedNeeds reads after a list's opening.
const maxListed = 8

// listItem makes the item of a list that starts at token at a request,
// unless it gives a need of its own or is no ask (see listedNeeds).
func listItem(s *sentenceNeeds, at int, context string) {
	if len(s.rules) > 0 || s.speaker == SpeakerAgent || isQuestion(s.sent.Text) || at >= len(s.toks) {
		return
	}
	toks := s.toks[at:]
	words := sentenceWords(s.sent.Language, s.sent.Language, toks, nil)
	if len(words) < minSolicitedWords || nothingWanted[words[0].lower] || endsWithAny(words, 0, praises) ||
		slices.ContainsFunc(words, func(w word) bool { return w.neg }) {
		return // "- Xero.", "3) Nada de novo no faturamento.", "2) no issues with the card reader"
	}
	theme, key := solicitedTheme(s.sent.Language, toks)
	if key == "" {
		return
	}
	s.rules = append(s.rules, ruleNeed{Need: Need{
		Kind: KindExplicit, Cue: "request", Theme: theme, ThemeKey: key,
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
// parentheses ("(3)"), a dash or a bullet, or an ordinal word and a colon
// or comma ("Segundo:", "Third,").
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
	case ordinals[lowerKey(first)] && (toks[1].Text == ":" || toks[1].Text == ","):
		return 2, true
	}
	return 0, false
}

// orderedAsk reports whether a sentence opens with an ordinal ask and a
// colon ("Second ask:", "Segundo pedido:", "Primeira prioridade:") and
// returns the index of the first token after the colon.
func orderedAsk(s sentenceNeeds) (int, bool) {
	if len(s.toks) < 4 || !ordinals[lowerKey(s.toks[0].Text)] {
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
	// ordinals open an item of a list (folded).
	ordinals = map[string]bool{
		"first": true, "second": true, "third": true, "fourth": true, "fifth": true,
		"primeiro": true, "segundo": true, "terceiro": true, "quarto": true, "quinto": true,
		"primeira": true, "segunda": true, "terceira": true, "quarta": true, "quinta": true,
	}
	// askNouns name an ask after an ordinal (folded).
	askNouns = map[string]bool{"ask": true, "request": true, "priority": true, "pedido": true, "prioridade": true, "demanda": true, "solicitacao": true}
)

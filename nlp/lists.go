package nlp

import (
	"regexp"
	"slices"
	"strconv"
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
// pedido: mandar o veículo…"), and one that opens with a label naming an
// ask ("Request: …", "Pedido: …": labelledAsk). An item that gives a need of its own keeps
// it; one that is a question, negates, or names nothing is left alone;
// the rest become explicit requests (implied pains where headaches or
// problems were counted) themed by the words after the marker
// (solicitedTheme), with the list's opening as their Context. A sentence
// that holds a whole list, its opening and its items, is read by
// inlineItems. An agent's list is the agent's.
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
		if inlineItems(&ss[i]) {
			continue
		}
		if at, ok := labelledAsk(ss[i].toks); ok {
			listItem(&ss[i], at, "", "request")
			continue
		}
		cue, other := "", false // other: whether a turn of someone else may stand between items
		switch {
		case strings.HasSuffix(strings.TrimSpace(intro.sent.Text), ":") && listIntro.MatchString(foldLower(intro.sent.Text)):
			cue = "request"
		default:
			cue = countedCue(intro.toks, intro.sent.Text)
			other = cue != ""
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

// countedCue returns the cue of the items that text, of tokens toks,
// counts (countedIntro): "pain" for counted headaches or problems,
// "request" for counted asks, "" when it counts none. Only text holding
// a count word is matched.
func countedCue(toks []Token, text string) string {
	if !slices.ContainsFunc(toks, countWord) {
		return ""
	}
	m := countedIntro.FindStringSubmatch(foldLower(text))
	switch {
	case m == nil:
		return ""
	case painNouns[m[1]]:
		return "pain"
	}
	return "request"
}

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
	if len(s.rules) > 0 || at >= len(s.toks) {
		return
	}
	addItem(s, s.toks[at:], context, cue, false)
}

// addItem makes the words toks of sentence s, an item of a list, a need
// of cue with context, unless they are no ask: in a question, settled,
// negated, wanting nothing, praise, a person's name, or naming nothing;
// or the theme is one the sentence already gives. The need's text is the
// sentence, or only the item's words when part (a sentence that holds a
// whole list: each item is evidence of its own theme, not of the others').
// It reports whether it made one.
func addItem(s *sentenceNeeds, toks []Token, context, cue string, part bool) bool {
	if len(toks) == 0 || s.speaker == SpeakerAgent || isQuestion(s.sent.Text) || settled(toks) {
		return false
	}
	words := sentenceWords(s.sent.Language, s.sent.Language, toks, nil)
	own := words // the item's own clause: a reason or a time after it may negate ("porque quando o Valdir não está")
	if i := slices.IndexFunc(words, func(w word) bool { return itemReasons[w.lower] }); i > 0 {
		own = words[:i]
	}
	if len(words) == 0 || nothingWanted[words[0].lower] || endsWithAny(words, 0, praises) ||
		slices.ContainsFunc(own, func(w word) bool { return w.neg }) {
		return false // "3) Nada de novo no faturamento.", "2) no issues with the card reader"
	}
	text := s.sent.Text[toks[0].Start-s.sent.Start : toks[len(toks)-1].End-s.sent.Start]
	if wholeName(strings.TrimRight(strings.TrimSpace(text), ".;,")) {
		return false // "- Bruno T.": a list of people
	}
	theme, key := solicitedTheme(s.sent.Language, toks)
	if key == "" || slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return r.ThemeKey == key }) {
		return false
	}
	kind := KindExplicit
	if cue == "pain" {
		kind = KindImplied
	}
	start, end := toks[0].Start, toks[len(toks)-1].End // the item's words
	if !part {
		text, start, end = s.sent.Text, s.sent.Start, s.sent.End
	}
	s.rules = append(s.rules, ruleNeed{Need: Need{
		Kind: kind, Cue: cue, Theme: theme, ThemeKey: key,
		Text: text, Start: start, End: end, Context: context,
		Speaker: s.speaker, Confidence: answerConfidence,
	}, phrase: "list"})
	return true
}

// inlineItems reads a list of asks written in one sentence: an opening
// that names or counts asks, then items numbered in order ("Priorities in
// order: (1) enhanced pay for evening shifts, (2) a Calabrio feed for
// worked hours, (3) final pay for leavers.", "Pedidos concretos: 1)
// supervisor vê só a própria equipe; 2) …", "Her two asks: (a) …, (b)
// …", "The two things that keep coming up are (1) letting members take
// a break, and (2) billing our business accounts"), or items after a
// colon that semicolons part ("Top asks, in Craig's words: the test and
// tag stuff; the phones working without reception."). Each item becomes a
// need of its own theme, its evidence the item's own words (see
// addItem), with the opening as its context. It reports whether s holds
// such a list.
func inlineItems(s *sentenceNeeds) bool {
	toks := s.toks
	marks := inlineMarkers(toks)
	if len(marks) < 2 {
		marks = colonItems(toks)
	}
	if len(marks) == 0 {
		return false
	}
	intro := s.sent.Text[:toks[marks[0][0]].Start-s.sent.Start]
	f := foldLower(intro)
	pains := painIntro.MatchString(f)
	if len(marks) == 1 && (pains || askNounsIntro.MatchString(f)) {
		marks = commaItems(toks, marks[0])
	}
	cue := ""
	switch {
	case len(marks) == 1 && !wantIntro.MatchString(f):
		// one item after a colon names an ask only after what is
		// wanted: "pedido" is also an order ("Recebemos um pedido de
		// uma empreiteira: 8 Hilux")
	case listIntro.MatchString(f):
		cue = "request"
	case pains:
		cue = "pain"
	default:
		cue = countedCue(toks[:marks[0][0]], intro)
	}
	if cue == "" {
		return false
	}
	context := strings.TrimRight(strings.TrimSpace(intro), ":")
	for k, m := range marks {
		end := len(toks)
		if k+1 < len(marks) {
			end = marks[k+1][0]
		}
		addItem(s, trimItem(toks[m[1]:end]), context, cue, true)
	}
	return true
}

// askNounsIntro matches an opening that ends by naming the asks a list
// after a colon holds, which commas may part (folded lowercase): "Pedidos:
// limite por ponto, bloqueio automático, relatório mensal", "Her asks:".
// An opening that only mentions an ask ("Biggest ask remains a
// group-level view: Aisha still merges the two exports, and …") does not.
var askNounsIntro = regexp.MustCompile(`\b(?:asks|requests|priorities|pedidos|prioridades|demandas|pendencias|solicitacoes)\s*:?\s*$`)

// painIntro matches the opening of a list of pains that does not count
// them (folded lowercase): "Main frustrations: (a) …; (b) …", "Dores:
// cotação de frete manual, comissão calculada em planilha, …".
var painIntro = regexp.MustCompile(`\b(?:frustrations|pain points|pains|headaches|complaints|dores|reclamacoes|queixas|gargalos|dificuldades)\s*:?\s*$`)

// commaItems returns the spans that open the items of a list written
// after the colon at colon and separated by commas ("Dores: cotação de
// frete manual, comissão calculada em planilha, e peças com sinal sem
// controle"), or only colon when no comma parts it. A comma followed by
// a preposition or a relative word goes on with the item before it
// ("relatório por loja, com filtro por data"), and so does one inside
// parentheses.
func commaItems(toks []Token, colon [2]int) [][2]int {
	marks := [][2]int{colon}
	depth := 0
	for j := colon[1]; j < len(toks)-1; j++ {
		switch t := toks[j].Text; {
		case t == "(":
			depth++
		case t == ")":
			depth = max(depth-1, 0)
		case t == "," && depth == 0 && !itemGoesOn[lowerKey(toks[j+1].Text)]:
			marks = append(marks, [2]int{j, j + 1})
		}
	}
	return marks
}

// itemGoesOn are the words after a comma that go on with the item before
// it, folded: "with", "com", "que", "which".
var itemGoesOn = map[string]bool{
	"with": true, "for": true, "by": true, "in": true, "on": true, "at": true, "from": true, "without": true,
	"which": true, "that": true, "where": true, "including": true, "like": true, "so": true, "but": true,
	"com": true, "por": true, "para": true, "pra": true, "em": true, "de": true, "no": true, "na": true, "sem": true,
	"que": true, "onde": true, "incluindo": true, "como": true, "mas": true, "porque": true, "because": true,
}

// inlineMarkers returns the spans of the numbers that mark the items of
// a list inside toks, "(1)" or "1)", counted from one, or of the letters
// in parentheses, "(a)", "(b)": none when fewer than two follow in order.
func inlineMarkers(toks []Token) [][2]int {
	var nums, letters [][2]int
	for j := 0; j+1 < len(toks); j++ {
		if toks[j+1].Text != ")" {
			continue
		}
		open := j > 0 && toks[j-1].Text == "("
		start := j
		if open {
			start = j - 1
		}
		switch {
		case toks[j].Text == strconv.Itoa(len(nums)+1):
			nums = append(nums, [2]int{start, j + 2})
		case open && toks[j].Text == string(rune('a'+len(letters))):
			letters = append(letters, [2]int{start, j + 2})
		}
	}
	if len(nums) >= 2 {
		return nums
	}
	if len(letters) >= 2 {
		return letters
	}
	return nil
}

// colonItems returns the spans that open the items of a list written
// after a colon in one sentence, separated by semicolons ("Top asks:
// the test and tag register; the phones working without reception."):
// the colon and each semicolon. It returns none when no colon stands
// inside the sentence. A single item (no semicolon) is read only after
// an opening that says what is wanted ("What I'd want in Torrefa: a
// cupping record on each lot", see inlineItems).
func colonItems(toks []Token) [][2]int {
	c := slices.IndexFunc(toks, func(t Token) bool { return t.Text == ":" })
	if c < 1 || c+2 >= len(toks) {
		return nil
	}
	marks := [][2]int{{c, c + 1}}
	for j := c + 1; j < len(toks)-1; j++ {
		if toks[j].Text == ";" {
			marks = append(marks, [2]int{j, j + 1})
		}
	}
	return marks
}

// itemReasons open a clause that gives an item's reason or time (folded).
var itemReasons = map[string]bool{"because": true, "since": true, "when": true, "porque": true, "pois": true, "quando": true}

// trimItem drops the punctuation and the conjunction that join an item
// to the next ("…leavers, and (3)", "…equipe; e 3)").
func trimItem(toks []Token) []Token {
	for len(toks) > 0 {
		switch lowerKey(toks[len(toks)-1].Text) {
		case ",", ";", ".", ":", "and", "or", "e", "ou", "(":
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	return toks
}

// listIntro matches the opening of a list of asks (folded lowercase):
// "top asks, in her order:", "their priorities, in order:", "Brett's two
// blockers:", "what we'd need:", "três pedidos seguem abertos:", "o que
// a gente precisa:".
var listIntro = regexp.MustCompile(`\b(?:asks?|requests?|priorit(?:y|ies)|wish ?list|gaps|blockers|feature requests?|pedidos?|prioridades?|demandas|pendencias|solicitac(?:ao|oes)|conditions|condicoes)\b` +
	`|\bon (?:my|our|their|her|his) list\b|\bwhat matters\b|\bkeeps? coming up\b|` + wantIntro.String())

// wantIntro matches an opening that says what is wanted (folded
// lowercase): "what we'd need:", "what she wants:", "o que a gente
// precisa:", "o que quer acompanhar:".
var wantIntro = regexp.MustCompile(`\bwhat (?:we|they|i|she|he)(?:'d| would)? (?:needs?|wants?|likes?)\b|\bwhat would (?:help|make)\b` +
	`|\bo que (?:(?:a gente|nos|eles|elas|ela|ele|eu) )?(?:precisa|precisamos|precisaria|precisariamos|precisam|quer|queremos|querem|queria|gostaria|gostariamos)\b|\bo que ajudaria\b`)

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

// labelledAsk reports whether a sentence of tokens toks opens with a
// label that names an ask and a colon, as account notes and tickets sum
// a client's ask up ("Request: automatic text to the customer when the
// tech starts driving", "Feature request: prepaid hour packages", "Her
// ask: …", "Pedido: conta corrente por cliente", "Solicitação: permitir
// cadastrar componentes", "Same ask as Bruce's email: seats and fares
// per segment"), and returns the index of the first token after the
// colon. Up to two words may stand before the ask noun, or it follows
// "same" and up to five words follow it; what follows must open with a
// word, not a number ("Pedido: 8 Hilux", "Pedido #4521:" is an order). A
// suggestion is the writer's own ("Sugestão: oferecer desconto na
// renovação") and opens no ask.
func labelledAsk(toks []Token) (int, bool) {
	for j := 1; j < len(toks) && j <= maxAskLabel; j++ {
		if toks[j].Text != ":" {
			if !isWord(toks[j].Text) || !hasLetter(toks[j].Text) {
				return 0, false
			}
			continue
		}
		named := labelAsks[lowerKey(toks[j-1].Text)] && j <= 3 ||
			labelAsks[lowerKey(toks[1].Text)] && sameAsk[lowerKey(toks[0].Text)] // "Same ask as Bruce's email:"
		if !named || j+2 >= len(toks) {
			return 0, false
		}
		next := toks[j+1].Text
		if !isWord(next) || !hasLetter(next) {
			return 0, false
		}
		return pastFrame(toks, j+1), true
	}
	return 0, false
}

// pastFrame returns where an ask starting at token at begins past a
// frame that opens it, a short phrase of when or where up to a comma
// ("Dana's ask: at drop-off, a quick image of the item tied to the tag
// number", "Pedido: ao abrir a reinspeção, trazer os itens reprovados"):
// the ask is what follows. at when no frame opens it or too little follows.
func pastFrame(toks []Token, at int) int {
	if !frameOpeners[lowerKey(toks[at].Text)] {
		return at
	}
	for j := at + 1; j < len(toks) && j <= at+maxFrameWords; j++ {
		switch {
		case toks[j].Text == ",":
			if j+2 < len(toks) {
				return j + 1
			}
			return at
		case !isWord(toks[j].Text):
			return at
		}
	}
	return at
}

// maxFrameWords bounds the words of a frame (see pastFrame).
const maxFrameWords = 8

// frameOpeners open a phrase of when or where (folded).
var frameOpeners = map[string]bool{
	"at": true, "on": true, "in": true, "when": true, "whenever": true, "after": true, "before": true, "once": true,
	"ao": true, "no": true, "na": true, "nos": true, "nas": true, "quando": true, "depois": true, "antes": true, "sempre": true,
}

// maxAskLabel bounds the tokens of a label that names an ask (see
// labelledAsk).
const maxAskLabel = 7

// sameAsk open a label that names an ask made before ("Same ask as
// Bruce's email:", "Mesmo pedido da Carla:"), folded.
var sameAsk = map[string]bool{"same": true, "mesmo": true, "mesma": true}

// labelAsks name an ask as a label before a colon (folded).
var labelAsks = map[string]bool{
	"ask": true, "asks": true, "request": true, "requests": true,
	"pedido": true, "pedidos": true, "solicitacao": true, "solicitacoes": true, "demanda": true, "demandas": true,
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

package nlp

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// demonstratives open a noun phrase that points back: "this field", "essas
// mensagens". Matched on the lowercase word as written, unfolded, so that
// "esta" (this) is not "está" (is).
var demonstratives = map[string]bool{
	"this": true, "that": true, "these": true, "those": true,
	"esse": true, "essa": true, "esses": true, "essas": true, "este": true, "esta": true,
	"estes": true, "estas": true, "aquele": true, "aquela": true, "aqueles": true, "aquelas": true,
	"nesse": true, "nessa": true, "neste": true, "nesta": true, "desse": true, "dessa": true,
	"deste": true, "desta": true, "daquele": true, "daquela": true,
}

// referPronouns stand alone for what was said before: "can we get it?",
// "vocês têm isso?".
var referPronouns = map[string]bool{
	"it": true, "isso": true, "isto": true, "aquilo": true, "disso": true, "nisso": true, "disto": true,
}

// genericNouns name what a demonstrative points back to without saying
// what it is: "this feature", "essa funcionalidade" (folded lowercase).
var genericNouns = map[string]bool{
	"field": true, "fields": true, "feature": true, "features": true, "option": true, "options": true,
	"thing": true, "things": true, "one": true, "ones": true, "function": true, "functionality": true,
	"capability": true, "item": true, "items": true, "part": true, "request": true, "idea": true,
	"message": true, "messages": true, "setting": true, "settings": true, "stuff": true, "point": true,
	"campo": true, "campos": true, "recurso": true, "recursos": true, "funcionalidade": true,
	"funcionalidades": true, "funcao": true, "opcao": true, "opcoes": true, "coisa": true, "coisas": true,
	"mensagem": true, "mensagens": true, "itens": true, "parte": true, "pedido": true,
	"ideia": true, "ponto": true, "configuracao": true, "configuracoes": true,
}

// anaphoraWindow is how many sentences back, in the same turn, an
// anaphoric theme looks for the theme it points to.
const anaphoraWindow = 2

// anaphoricThemes gives a need whose theme only points back ("do you have
// a date for this field?", "dá para receber essas mensagens no sistema?")
// the theme of the nearest of the previous anaphoraWindow sentences of the
// same turn (the same document when it has no turns) that has one: a
// need's theme, else a topic or product named in it. A sentence that names
// a topic or product of its own keeps its themes (see anaphoric), and with
// no theme before, nothing changes. Sentences are read in order, so a
// theme passes along a chain of pointers. A churn risk filed under the
// renewal stays there unless its sentence points back (pressureNeeds):
// "isso pesa na renovação" is pressure on what was said before it.
func anaphoricThemes(ss []sentenceNeeds, turnOf func(off int) int) {
	for i := range ss {
		if pressureNeeds(ss[i]) {
			retheme(ss, i, turnOf, "renewal", renewalPressure)
		}
		if !pointingNeeds(ss[i]) || namesTheme(ss[i]) {
			continue
		}
		retheme(ss, i, turnOf, "", func(n *Need) bool {
			return !topicKey(n.ThemeKey) && anaphoric(ss[i].toks, n.Theme)
		})
	}
}

// consequenceThemes gives a need filed under the consequence topic
// (errors and outages: "o app dá erro", "the import crashes", "isso trava
// a manhã inteira") the previous theme the way anaphoricThemes does: an
// error said right after what it happens to ("no signal in the
// workshop", "a tela demora um minuto para abrir", "is there a connector
// to Protheus?") is that theme's consequence, not a theme of its own.
// With nothing before it, or said as another matter ("it also crashes"),
// it stays an error. It runs after the need model has read the sentences'
// cues, so that its features stay what it was trained on.
func consequenceThemes(ss []sentenceNeeds, turnOf func(off int) int) {
	for i := range ss {
		if consequenceNeeds(ss[i]) {
			retheme(ss, i, turnOf, consequenceTopic, func(n *Need) bool { return n.ThemeKey == consequenceTopic })
		}
	}
}

// retheme gives the needs of sentence i that replace selects the theme of
// the nearest of the previous anaphoraWindow sentences of the same turn
// and speaker that has one other than skip, keeping one need per theme;
// a pain or a churn risk given a theme that sentence turned down, or a
// need that says no again (saysNo), is negated with it (see deniedTheme).
func retheme(ss []sentenceNeeds, i int, turnOf func(off int) int, skip string, replace func(*Need) bool) {
	rethemeFrom(ss, i, -1, turnOf, skip, replace)
}

// rethemeFrom is retheme looking at the sentences before sentence i (dir
// -1) or after it (dir 1).
func rethemeFrom(ss []sentenceNeeds, i, dir int, turnOf func(off int) int, skip string, replace func(*Need) bool) {
	theme, key, denied := "", "", false
	for j := i + dir; j >= 0 && j < len(ss) && abs(j-i) <= anaphoraWindow && key == ""; j += dir {
		if turnOf(ss[j].sent.Start) != turnOf(ss[i].sent.Start) || ss[j].speaker != ss[i].speaker {
			break
		}
		theme, key = sentenceTheme(ss[j])
		if key == skip {
			theme, key = "", ""
		}
		denied = key != "" && deniedTheme(ss[j], key)
	}
	if key == "" {
		return
	}
	changed := false
	for r := range ss[i].rules {
		if n := &ss[i].rules[r].Need; replace(n) {
			n.Theme, n.ThemeKey = theme, key
			n.Negated = n.Negated || denied && dir < 0 && (n.Cue == "pain" || n.Cue == "churn-risk" || saysNo(ss[i])) // "We don't need loyalty anything. … Not worth it."
			changed = true
		}
	}
	if changed {
		ss[i].rules = onePerTheme(ss[i].rules)
	}
}

// saysNo reports whether sentence s holds a negator: after a sentence
// that turned a theme down, a need pointing back to it that says no
// again ("Pediu pra gente não insistir nisso.", "Please don't push it.")
// asks for nothing either.
func saysNo(s sentenceNeeds) bool {
	return slices.ContainsFunc(s.toks, func(t Token) bool { return isNegator(s.sent.Language, lowerKey(t.Text)) })
}

// deniedTheme reports whether sentence s turns down the theme key: it
// gives needs keyed key, all of them negated, one of them a plain
// request or wish ("We don't need loyalty anything.", not "we wouldn't
// need a second system if …"). A pain or a churn risk after it that
// points back to the theme ("Not worth it.", "It would only confuse the
// team.") says why, and is no need either.
func deniedTheme(s sentenceNeeds, key string) bool {
	asked := false
	for _, r := range s.rules {
		if r.ThemeKey != key {
			continue
		}
		if !r.Negated {
			return false
		}
		asked = asked || (r.Cue == "request" || r.Cue == "wish") && !r.Hedged
	}
	return asked
}

// abs is the absolute value of n.
func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// ToolTopic is the key of the topic of the tools a client copes in
// (spreadsheets, Excel, exports; data/topics.txt): how a need is worked
// around, seldom the need itself.
const ToolTopic = "export"

// toolWorkaround reports whether a need is a workaround filed under the
// tool it is done in.
func toolWorkaround(n *Need) bool { return n.Cue == "workaround" && n.ThemeKey == ToolTopic }

// workaroundThemes gives a workaround filed under the tool it is done in
// ("Hoje cada um tem sua planilha", "the team builds these by hand from
// exports") the theme of the nearest sentence before it in the same turn
// and speaker that has another, or else of the sentence after it ("...
// numa planilha compartilhada. Ela quer alerta de vencimento por
// cliente."): the spreadsheet is how the client copes, the theme is what
// it copes without. A workaround with no such neighbour keeps the tool.
func workaroundThemes(ss []sentenceNeeds, turnOf func(off int) int) {
	has := func(s sentenceNeeds) bool {
		return slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return toolWorkaround(&r.Need) })
	}
	for i := range ss {
		if has(ss[i]) {
			ownWorkaroundTheme(&ss[i])
		}
		if has(ss[i]) {
			retheme(ss, i, turnOf, ToolTopic, toolWorkaround)
		}
		if has(ss[i]) {
			rethemeFrom(ss, i, 1, turnOf, ToolTopic, toolWorkaround)
		}
		if has(ss[i]) {
			rethemeFromTurnBefore(ss, i, turnOf)
		}
	}
}

// replyWindow is how many sentences before a turn a reply's tool
// workaround looks for what it copes without.
const replyWindow = 3

// rethemeFromTurnBefore gives the tool workarounds of sentence i, when
// nothing around it in its turn named a theme (see workaroundThemes), the
// theme of the nearest of the replyWindow sentences before its turn that
// has one, whoever said it:
// "Practitioner reporting goes to beta in February." answered "So I keep
// doing my Monday spreadsheet until then." copes without the reporting.
// A sentence with a need of another kind keeps to itself, and a document
// without turns has nothing before its one turn.
func rethemeFromTurnBefore(ss []sentenceNeeds, i int, turnOf func(off int) int) {
	own := turnOf(ss[i].sent.Start)
	if own < 0 || slices.ContainsFunc(ss[i].rules, func(r ruleNeed) bool { return !toolWorkaround(&r.Need) }) {
		return // "o fechamento demora demais e fazemos tudo numa planilha" says its own story
	}
	j := i - 1
	for j >= 0 && turnOf(ss[j].sent.Start) == own {
		j--
	}
	theme, key := "", ""
	for k := j; k >= 0 && j-k < replyWindow && key == ""; k-- {
		if theme, key = sentenceTheme(ss[k]); key == ToolTopic {
			theme, key = "", ""
		}
	}
	if key != "" {
		setTheme(&ss[i], toolWorkaround, theme, key)
	}
}

// copingTopics are the topics a workaround is not filed under when its
// sentence raises them too: the tool it is done in, the renewal it presses
// on, and what goes wrong without it ("o fechamento demora demais e
// fazemos tudo numa planilha" works around the close, not its slowness).
var copingTopics = map[string]bool{ToolTopic: true, "renewal": true, consequenceTopic: true, "performance": true}

// ownWorkaroundTheme gives a sentence's workarounds filed under the tool
// the theme of its first other need that has one, of no coping topic:
// "Fiona's ask is still the forward planning view of surveyor capacity;
// she's juggling it with the whiteboard and a spreadsheet" copes without
// the view it asks for, not without what the sentence before it said, and
// "Mr. Kang wants a single dashboard across locations instead of the
// Monday spreadsheet" without the dashboard.
func ownWorkaroundTheme(s *sentenceNeeds) {
	theme, key := "", ""
	for _, r := range s.rules {
		if !toolWorkaround(&r.Need) && !r.Negated && r.ThemeKey != "" && !copingTopics[r.ThemeKey] {
			theme, key = r.Theme, r.ThemeKey
			break
		}
	}
	if key != "" {
		setTheme(s, toolWorkaround, theme, key)
	}
}

// consequenceTopic is the key of the topic of what goes wrong (errors,
// crashes, outages; data/topics.txt), which a need takes when its clause
// names nothing else: the consequence of a theme said before it.
const consequenceTopic = "reliability"

// consequenceNeeds reports whether a sentence has a need filed under the
// consequence topic and does not add it as another matter ("it also
// crashes when I open the camera", "além disso, o app trava").
func consequenceNeeds(s sentenceNeeds) bool {
	if !slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return r.Need.ThemeKey == consequenceTopic }) {
		return false
	}
	var words []string
	for _, t := range s.toks {
		words = append(words, lowerKey(t.Text))
	}
	for i := range words {
		if phraseAt(words, i, additives) > 0 {
			return false
		}
	}
	return true
}

// additives open another matter (folded lowercase word sequences).
var additives = [][]string{
	{"also"}, {"another"}, {"besides"}, {"separately"}, {"other", "thing"}, {"unrelated"},
	{"tambem"}, {"alem", "disso"}, {"outra", "coisa"}, {"outro", "problema"}, {"separadamente"},
}

// pointingNeeds reports whether a sentence has a need whose theme could be
// replaced: one not filed under a topic whose theme only points back. It
// is the cheap test, made before namesTheme reads the whole sentence.
func pointingNeeds(s sentenceNeeds) bool {
	for _, r := range s.rules {
		if !topicKey(r.Need.ThemeKey) && anaphoric(s.toks, r.Need.Theme) {
			return true
		}
	}
	return false
}

// namesTheme reports whether a sentence names a topic or product of its
// own ("these reports" names reporting): its themes are then its own.
func namesTheme(s sentenceNeeds) bool {
	_, _, _, ok := salient(s.sent.Language, s.toks, themeClause{after: contentWords(s.toks)})
	return ok
}

// anaphoric reports whether a need's theme, read from the sentence toks,
// only points back: the sentence holds a demonstrative followed by
// nothing but a generic noun ("this field", "essas mensagens", "we need
// that."), or a pronoun that stands alone ("it", "isso") with no word of
// the theme after it ("the competitor already offers it" has the theme
// "offers"; "is it possible to get a fix" has its own theme, "fix"). A
// pronoun after a word that names the theme in an earlier clause of a
// conditional points to it, within the sentence: "if the system could
// hold the room and open it back up, it would solve this" is about
// holding the room.
func anaphoric(toks []Token, theme string) bool {
	cond := conditional(toks)
	for i, t := range toks {
		w := strings.ToLower(normalizeApostrophe(t.Text))
		if cond && (demonstratives[w] || referPronouns[w]) && namedBefore(toks[:clauseStart(toks, i)], theme) {
			continue // "if the system could hold the room and open it back up, it would solve this": the room
		}
		if demonstratives[w] && pointsBack(toks[i+1:]) {
			return true
		}
		if referPronouns[w] && !themeAfter(toks[i+1:], theme) {
			return true
		}
		if likeWhatWasSaid(toks, i) && !themeAfter(toks[i+1:], theme) {
			return true
		}
	}
	return false
}

// vagueThings name a thing by what it is like, with a word of likeness
// after them: "something similar", "anything like that", "algo assim",
// "alguma coisa parecida".
var vagueThings = map[string]bool{"something": true, "anything": true, "algo": true, "coisa": true}

// likeness are the words after a vague thing that make it point back
// (folded lowercase; "like" only before "that" or "this").
var likeness = map[string]bool{
	"similar": true, "assim": true, "parecido": true, "parecida": true, "semelhante": true, "igual": true,
}

// likeWhatWasSaid reports whether token i opens a vague thing that points
// back: "could you do something similar?", "anything like that on the
// roadmap?", "vocês têm algo assim?", "alguma coisa parecida". Like a
// pronoun, it points back only when no word of the theme follows it
// ("something similar about residential property" says what).
func likeWhatWasSaid(toks []Token, i int) bool {
	if !vagueThings[lowerKey(toks[i].Text)] || i+1 >= len(toks) {
		return false
	}
	next := lowerKey(toks[i+1].Text)
	if likeness[next] {
		return true
	}
	return next == "like" && i+2 < len(toks) && (lowerKey(toks[i+2].Text) == "that" || lowerKey(toks[i+2].Text) == "this")
}

// conditional reports whether a sentence opens with "if" or "se" (past
// one opening word: "And if", "Mas se").
func conditional(toks []Token) bool {
	for i := 0; i < min(len(toks), 2); i++ {
		if w := lowerKey(toks[i].Text); w == "if" || w == "se" {
			return true
		}
	}
	return false
}

// clauseStart returns the index of the first token of the clause that
// holds token i: past the last comma, dash or clause break before it.
func clauseStart(toks []Token, i int) int {
	for j := i - 1; j >= 0; j-- {
		if t := toks[j].Text; t == "," || t == ";" || t == "—" || t == "–" || isBreak(t) {
			return j + 1
		}
	}
	return 0
}

// namedBefore reports whether a word of the theme label that names
// something (four letters or more, not vague) is among toks.
func namedBefore(toks []Token, theme string) bool {
	for _, w := range strings.Fields(strings.ToLower(theme)) {
		if utf8.RuneCountInString(w) < 4 || vague(w) {
			continue
		}
		if slices.ContainsFunc(toks, func(t Token) bool { return strings.ToLower(t.Text) == w }) {
			return true
		}
	}
	return false
}

// themeAfter reports whether a word of the theme label is among toks.
func themeAfter(toks []Token, theme string) bool {
	words := strings.Fields(strings.ToLower(theme))
	for _, t := range toks {
		for _, w := range words {
			if strings.ToLower(t.Text) == w {
				return true
			}
		}
	}
	return false
}

// pointsBack reports whether the words after a demonstrative make it point
// back: a generic noun ("this field", "essas mensagens"), the end of the
// clause ("we need that.", "vocês têm esse?"; past a filler, see
// trailingFillers), or "as" and what kind of
// need it is ("please take this as a request", "considera isso como
// sugestão"). A demonstrative before any other word is read as a
// determiner or a relative ("a report that shows").
func pointsBack(rest []Token) bool {
	for len(rest) > 0 && trailingFillers[lowerKey(rest[0].Text)] {
		rest = rest[1:] // "we'd pay extra for that honestly"
	}
	if len(rest) == 0 || !isWord(rest[0].Text) || genericNouns[lowerKey(rest[0].Text)] {
		return true
	}
	if w := lowerKey(rest[0].Text); w != "as" && w != "como" {
		return false
	}
	rest = rest[1:]
	if len(rest) > 0 && kindArticles[lowerKey(rest[0].Text)] {
		rest = rest[1:]
	}
	if len(rest) > 1 && lowerKey(rest[0].Text) == "feature" {
		rest = rest[1:] // "a feature request"
	}
	return len(rest) > 0 && (genericNouns[lowerKey(rest[0].Text)] || needKinds[lowerKey(rest[0].Text)])
}

// trailingFillers may end a clause after its demonstrative without
// naming anything: "we'd pay extra for that honestly", "a gente pagaria
// por isso também" (folded lowercase).
var trailingFillers = map[string]bool{
	"honestly": true, "really": true, "too": true, "though": true, "tbh": true, "anyway": true, "definitely": true,
	"tambem": true, "sinceramente": true, "mesmo": true, "tranquilo": true, "viu": true,
}

// kindArticles may stand between "as" and the kind of need it names.
var kindArticles = map[string]bool{"a": true, "an": true, "one": true, "um": true, "uma": true}

// needKinds name a kind of need, not what it is about: "take this as a
// suggestion", "isso como melhoria" (folded lowercase).
var needKinds = map[string]bool{
	"suggestion": true, "wish": true, "requirement": true, "enhancement": true, "improvement": true, "vote": true,
	"sugestao": true, "melhoria": true, "solicitacao": true, "demanda": true,
}

// contentWords returns the indexes of the word tokens that hold a letter
// or digit.
func contentWords(toks []Token) []int {
	var idx []int
	for i, t := range toks {
		if isWord(t.Text) && hasLetterOrDigit(t.Text) {
			idx = append(idx, i)
		}
	}
	return idx
}

// sentenceTheme returns the theme of a sentence as a later pointer sees it:
// its first need with a theme, else a topic or product named in it, a
// one-word name of the curated product list coming before a generic topic
// ("Como está a integração com o Protheus?" → Protheus), but not the
// renewal, which a sentence without a need names as when, not what ("Our
// insurance renewal is adding a mental health benefit …"). Needs keep the
// generic topic of their own clause ("integração com o Protheus" stays an
// integration need, which search by meaning finds).
func sentenceTheme(s sentenceNeeds) (theme, key string) {
	for _, r := range s.rules {
		if r.ThemeKey != "" {
			return r.Theme, r.ThemeKey
		}
	}
	all := contentWords(s.toks)
	k, label, span, ok := salient(s.sent.Language, s.toks, themeClause{after: all})
	if !ok || IsGenericSeed(k) {
		if pk, pl, ps, found := productWord(s.toks, all); found {
			k, label, span, ok = pk, pl, ps, true
		}
	}
	if !ok || k == "renewal" {
		return "", ""
	}
	k = toolSubject(s.sent.Language, s.toks, span, k)
	if l := labelAround(s.sent.Language, s.toks, all, span); l != "" {
		return l, k
	}
	return label, k
}

// topicKey reports whether key is the key of a topic of data/topics.txt.
func topicKey(key string) bool {
	_, ok := topicByKey(key)
	return ok
}

// pressureNeeds reports whether a sentence puts the renewal at stake
// over something it points back to: "isso pesa na renovação", "she'll
// struggle to justify it".
func pressureNeeds(s sentenceNeeds) bool {
	return slices.ContainsFunc(s.rules, func(r ruleNeed) bool { return renewalPressure(&r.Need) }) && anaphoric(s.toks, "")
}

// renewalPressure reports whether a need is a churn risk filed under the
// renewal.
func renewalPressure(n *Need) bool { return n.Cue == "churn-risk" && n.ThemeKey == "renewal" }

// askerThemes gives a request that names only who asked ("O contador
// pediu.", "a Faculdade Paulista de Tecnologia também pediu", "the
// insurer asked too") the theme of what was asked: a specific topic its
// own sentence names before the asker ("E voltando à pegada de carbono:
// … agora uma revenda também pediu"), else another need of its sentence
// ("a nota fiscal tem que sair por unidade, o contador pediu"), else the
// nearest sentence before it in the same turn and speaker that has a
// theme ("Dá pra sair o CNPJ na nota? O contador pediu."), else the one
// after ("…também pediu. Eles querem a pegada de carbono…"). The asker is
// who wants it, not what is wanted: keyed by "contador" or by the name of
// the client's own customer, such requests made hints of their own. With
// nothing to point to, the request keeps no theme. It runs after the need
// model has read the sentences, as workaroundThemes does.
func askerThemes(ss []sentenceNeeds, turnOf func(off int) int) {
	for i := range ss {
		if !slices.ContainsFunc(ss[i].rules, func(r ruleNeed) bool { return r.Cue == "request" }) {
			continue // most sentences: nothing to read
		}
		clause, start, ok := askerClause(ss[i].toks)
		if !ok {
			continue
		}
		asker := func(n *Need) bool {
			return n.Cue == "request" && n.ThemeKey != "" && !n.Negated && strings.Contains(clause, lowerKey(n.Theme))
		}
		if !slices.ContainsFunc(ss[i].rules, func(r ruleNeed) bool { return asker(&r.Need) }) {
			continue
		}
		theme, key := seedBeforeAsker(ss[i], start)
		if key == "" {
			theme, key = otherTheme(ss[i], asker)
		}
		if key != "" {
			setTheme(&ss[i], asker, theme, key)
			continue
		}
		retheme(ss, i, turnOf, "", asker)
		rethemeFrom(ss, i, 1, turnOf, "", asker)
		setTheme(&ss[i], asker, "", "") // what is left points to nothing
	}
}

// otherTheme returns the theme and key of the first affirmed need of s
// that which does not select, or "", "".
func otherTheme(s sentenceNeeds, which func(*Need) bool) (theme, key string) {
	for _, r := range s.rules {
		if n := r.Need; !which(&n) && n.ThemeKey != "" && !n.Negated {
			return n.Theme, n.ThemeKey
		}
	}
	return "", ""
}

// setTheme gives the needs of s that which selects theme and key,
// keeping one need per theme.
func setTheme(s *sentenceNeeds, which func(*Need) bool, theme, key string) {
	for j := range s.rules {
		if n := &s.rules[j].Need; which(n) {
			n.Theme, n.ThemeKey = theme, key
		}
	}
	s.rules = onePerTheme(s.rules)
}

// askTails may follow the ask verb: "também pediu", "asked too", "asked
// as well", "pediu de novo", "pediu assim" (folded).
var askTails = map[string]bool{"tambem": true, "too": true, "tb": true, "tbm": true, "again": true, "well": true, "as": true, "de": true, "novo": true, "assim": true}

// askerClause returns the last clause of a sentence that ends on an ask
// verb (askVerbs) with no object after it, folded, and the token it
// starts at, when it holds only who asked: a few words, no relative or
// comparative word ("o controle que a Juliana pediu", "as Oliver asked")
// and no negator ("nenhum síndico pediu").
func askerClause(toks []Token) (clause string, start int, ok bool) {
	end := len(toks)
	for end > 0 && !hasLetter(toks[end-1].Text) {
		end--
	}
	for end > 0 && askTails[lowerKey(toks[end-1].Text)] {
		end--
	}
	if end == 0 || !askVerbs[lowerKey(toks[end-1].Text)] {
		return "", 0, false
	}
	start = end - 1
	for start > 0 && !clauseMarks[toks[start-1].Text] {
		start--
	}
	words := 0
	var b strings.Builder
	for _, t := range toks[start : end-1] {
		w := lowerKey(t.Text)
		if askerStops[w] || negators[w] || nobodyWords[w] {
			return "", 0, false
		}
		if hasLetter(w) {
			words++
		}
		b.WriteString(w)
		b.WriteByte(' ')
	}
	if words == 0 || words > maxAskerWords {
		return "", 0, false
	}
	return b.String(), start, true
}

// seedBeforeAsker returns the specific seed topic the words of s before
// token start name, in the customer's words, and its key ("E voltando à
// pegada de carbono: … agora uma revenda de Florianópolis também
// pediu"), or "", "".
func seedBeforeAsker(s sentenceNeeds, start int) (theme, key string) {
	before := contentWords(s.toks[:start])
	k, label, span, ok := salient(s.sent.Language, s.toks, themeClause{after: before})
	if !ok || !IsSpecificSeed(k) {
		return "", ""
	}
	if l := labelAround(s.sent.Language, s.toks, before, span); l != "" {
		return l, k
	}
	return label, k
}

// maxAskerWords bounds who asked: "a Faculdade Paulista de Tecnologia
// também" is six words.
const maxAskerWords = 7

// clauseMarks end the clause before who asked: "…por unidade, o contador
// pediu", "E piorou: a Faculdade … pediu".
var clauseMarks = map[string]bool{",": true, ";": true, ":": true, "—": true, "–": true, "(": true}

// askerStops make the words before an ask verb more than who asked: a
// relative or comparative ("que a Juliana pediu", "as Oliver asked",
// "what the bank asked"). A negative subject ("nenhum síndico") is
// nobodyWords'.
var askerStops = map[string]bool{
	"que": true, "como": true, "conforme": true, "se": true, "quem": true, "qual": true, "quando": true, "onde": true,
	"that": true, "which": true, "what": true, "as": true, "who": true, "whoever": true, "if": true, "when": true, "where": true,
}

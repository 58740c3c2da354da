package nlp

import (
	_ "embed"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed data/themewords.txt
var themeWordsData string

// parseThemeWords parses data/themewords.txt: folded words that never make
// or key a theme.
func parseThemeWords(data string) map[string]bool {
	m := map[string]bool{}
	for line := range strings.Lines(data) {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[w] = true
		}
	}
	return m
}

// connectors join the words of a noun phrase ("history of edits",
// "relatório por loja") but never start or end one.
var connectors = map[string]bool{
	"of": true, "for": true, "per": true, "de": true, "do": true, "da": true, "dos": true,
	"das": true, "por": true, "com": true, "with": true, "on": true, "in": true, "na": true, "no": true,
	"nas": true, "nos": true, "em": true,
}

// vague reports whether a word never makes a theme: a word of
// data/themewords.txt, an adverb in -ly or -mente, a number, or an
// identifier that mixes digits with letters or dashes ("3f9a-77c2",
// "WO-5521", "01:50"), or a word with a currency or other symbol ("R$").
func vague(s string) bool {
	w := lowerKey(s)
	if lists().themeWords[w] || timeCompound(w) {
		return true
	}
	if (strings.HasSuffix(w, "ly") && len(w) > 4) || (strings.HasSuffix(w, "mente") && len(w) > 7) {
		return true
	}
	if strings.ContainsAny(w, "$€£%@#") {
		return true
	}
	if w == "i" {
		return true // "Friday I need…": the pronoun names nothing
	}
	if strings.EqualFold(s, "aí") {
		return true // "aí cada advogado": Portuguese "then", not AI
	}
	digits := strings.IndexFunc(w, unicode.IsDigit) >= 0
	return digits && w != "429" && w != "429s" && w != "365"
}

// timeCompound reports whether a hyphenated word (folded) is a time word
// with an edge before it: "mid-november", "end-of-month", "meio-dia".
func timeCompound(w string) bool {
	if !strings.Contains(w, "-") {
		return false // most words: no split
	}
	parts := strings.Split(w, "-")
	if len(parts) < 2 || !lists().themeWords[parts[len(parts)-1]] {
		return false
	}
	for _, p := range parts[:len(parts)-1] {
		if !compoundEdges[p] {
			return false
		}
	}
	return true
}

// compoundEdges are the words that put a time word's edge before it in a
// hyphenated compound (folded).
var compoundEdges = map[string]bool{
	"mid": true, "end": true, "early": true, "late": true, "start": true, "of": true,
	"meio": true, "fim": true, "inicio": true, "comeco": true, "de": true, "do": true, "da": true,
}

// isContent reports whether a word can carry a theme: a word with a letter
// that is not a stop word, connector, lead word or vague word.
func isContent(lang Language, s string) bool {
	w := lowerKey(s)
	return hasLetter(s) && !isStopWord(lang, w) && !connectors[w] && !themeLeadWords[w] && !negators[w] && !vague(s) &&
		!(lang == Portuguese && goingForms[w] && s != strings.ToUpper(s))
}

// goingForms are Portuguese forms of "ir" that make a conditional ("ia
// ser ótimo", "Ia facilitar principalmente agora", "ia me poupar uma
// hora"), folded; written in capitals "IA" is artificial intelligence,
// and a theme.
var goingForms = map[string]bool{"ia": true, "iam": true, "iria": true, "iriam": true}

// isProperName reports whether a word is written as a product or company
// name: capitals inside a word ("WhatsApp", "NetSuite", "CareDesk"). Plain
// capitalised words are left out: they start sentences and name people.
func isProperName(s string) bool {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || !unicode.IsLetter(r) {
		return false
	}
	lower := false
	for _, r := range s[size:] {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r) && lower:
			return true
		case !unicode.IsLetter(r):
			return false
		}
	}
	return false
}

// wordKey is the key of one theme word: its concept stem in lang, or, for
// a product or company name, its English stem whatever lang is. The
// Portuguese noun "baixa" (a payment or stock item marked done: "a baixa
// é manual", "dou baixa nos pix") is its own key: its stem is baixar's,
// which concepts.txt files under download.
func wordKey(lang Language, s string) string {
	if isProperName(s) {
		return Stem(English, strings.ToLower(s))
	}
	if lang == Portuguese {
		switch w := lowerKey(s); w {
		case "baixa", "baixas":
			return "baixa"
		case "emissao":
			return Stem(Portuguese, "emitir") // issuing ("a emissão da nota"), not emissions ("as emissões de CO2")
		}
	}
	st := Stem(lang, normalizeApostrophe(s))
	if utf8.RuneCountInString(st) <= shortConceptStem && !lists().conceptWords[string(lang)+":"+lowerKey(s)] {
		return st // "bater o ponto" is no battery, though "bateria" stems to "bat"
	}
	return conceptStem(lang, st)
}

// shortConceptStem is the longest stem that keys a concept of
// data/concepts.txt only when the word is written as the file lists it:
// a stem this short is shared by unrelated words ("bateria" and "bater"
// are both "bat", "pegada" and "pegar" "peg", "pedido" and "pediu" "ped").
const shortConceptStem = 3

// salient finds what keys the theme of a cue's clause: a specific topic
// with a phrase in it, else a product or company name (written in camel
// case or as a run of capitalised words), else a generic topic; at each step the words after the cue (from the cue on) come
// before the words ahead of it, so "if the audit goes badly we might need
// SSO" is about SSO. It returns the key, a fallback label (the topic's,
// or the name) and the token span [from, to) that gave it.
func salient(lang Language, toks []Token, c themeClause) (key, label string, span [2]int, ok bool) {
	sides := [][]int{c.after, c.before}
	stemmed := []topicStems{stemsFor(lang, toks, c.after), stemsFor(lang, toks, c.before)}
	for _, ts := range stemmed {
		if t, sp, found := topicIn(ts, false, nil); found {
			return t.key, t.label, sp, true
		}
	}
	for _, side := range sides {
		for _, i := range side {
			if isProperName(toks[i].Text) {
				return wordKey(lang, toks[i].Text), toks[i].Text, [2]int{i, i + 1}, true
			}
		}
	}
	for _, side := range sides {
		for _, i := range side {
			if sp, ok := titleRun(lang, toks, i); ok && !asker(toks, sp) {
				return nameKey(toks, sp), readable(toks, spanIdx(sp)), sp, true
			}
		}
	}
	for _, ts := range stemmed {
		if t, sp, found := topicIn(ts, true, func(sp [2]int) bool { return !inSetting(toks, sp) && !processDelay(toks, sp) }); found {
			return t.key, t.label, sp, true
		}
	}
	return "", "", span, false
}

// processDelay reports whether the span of toks is a wait counted in
// days or weeks ("a cliente desiste porque demorou dois dias pra ter o
// valor do frete", "it takes us a week to"): a process that is slow, not
// the software, and the rest of the clause says which.
func processDelay(toks []Token, span [2]int) bool {
	w := lowerKey(toks[span[0]].Text)
	if !strings.HasPrefix(w, "demor") && w != "takes" && w != "took" && w != "taking" {
		return false
	}
	for j := span[1]; j+1 < len(toks) && j <= span[1]+3; j++ {
		if (isNumber(toks[j].Text) || durationCounts[lowerKey(toks[j].Text)]) && longUnits[lowerKey(toks[j+1].Text)] {
			return true
		}
	}
	return false
}

// durationCounts count a wait's units, folded.
var durationCounts = map[string]bool{
	"a": true, "one": true, "two": true, "three": true, "four": true, "five": true, "several": true, "few": true,
	"um": true, "uma": true, "dois": true, "duas": true, "tres": true, "quatro": true, "cinco": true,
	"uns": true, "umas": true, "alguns": true, "algumas": true, "varios": true, "varias": true,
}

// longUnits are the units of a wait no software makes, folded.
var longUnits = map[string]bool{
	"hours": true, "days": true, "week": true, "weeks": true, "month": true, "months": true, "day": true,
	"horas": true, "dias": true, "dia": true, "semana": true, "semanas": true, "mes": true, "meses": true,
}

// titleRun reports the span of a name written as two or more capitalised
// words inside a sentence, starting at token i, after a preposition or an
// article: "live in Google Calendar", "migrar para a Escala Fácil", "flow
// into ADP Workforce Now". A person is named in other places ("O diretor,
// Carlos Menezes, disse"; "asked Marcus Lee"); a run of vague words
// ("Monday Morning") is not a name, nor is a run that starts with one
// or with a title ("A Dra. Beatriz pediu", "o Seu Valdir me cobra": a
// person).
func titleRun(lang Language, toks []Token, i int) ([2]int, bool) {
	if i == 0 || !isTitle(toks[i].Text) || !hasLetter(toks[i].Text) || !isStopWord(lang, lowerKey(toks[i-1].Text)) || vague(toks[i].Text) || honorific(toks[i].Text) {
		return [2]int{}, false
	}
	j := i + 1
	for j < len(toks) && toks[j].Start == toks[j-1].End+1 && isTitle(toks[j].Text) && hasLetter(toks[j].Text) {
		j++
	}
	if j-i < 2 || !slices.ContainsFunc(toks[i:j], func(t Token) bool { return !vague(t.Text) }) || sheetWords[lowerKey(toks[j-1].Text)] {
		return [2]int{}, false // "a Google Sheet" is a spreadsheet (data/topics.txt)
	}
	return [2]int{i, j}, true
}

// asker reports whether the name at span asks for what follows: an ask
// verb (askVerbs, "asking", "pedindo") comes next, an adverb or two
// (askerSkips) between. "O Colégio Vale Sul já pediu pra ver esses
// registros" wants the records; the school only asked.
func asker(toks []Token, sp [2]int) bool {
	for j := sp[1]; j < len(toks) && j <= sp[1]+2; j++ {
		w := lowerKey(toks[j].Text)
		if askVerbs[w] || w == "asking" || w == "pedindo" {
			return true
		}
		if !askerSkips[w] {
			return false
		}
	}
	return false
}

// askerSkips may stand between an asker and its ask verb (folded).
var askerSkips = map[string]bool{"ja": true, "also": true, "tambem": true, "just": true, "has": true, "have": true, "had": true, "is": true, "are": true, "was": true, "ainda": true, "even": true, "esta": true, "ta": true}

// nameKey keys a name by the sorted English stems of its words, whatever
// the language around it: a name is the same in both.
func nameKey(toks []Token, sp [2]int) string {
	var stems []string
	for _, t := range toks[sp[0]:sp[1]] {
		if !vague(t.Text) {
			stems = append(stems, Stem(English, strings.ToLower(t.Text)))
		}
	}
	slices.Sort(stems)
	return strings.Join(slices.Compact(stems), " ")
}

// spanIdx lists the token indexes of a span.
func spanIdx(sp [2]int) []int {
	idx := make([]int, 0, sp[1]-sp[0])
	for i := sp[0]; i < sp[1]; i++ {
		idx = append(idx, i)
	}
	return idx
}

// maxLabelWords bounds a label grown around a salient span.
const maxLabelWords = 5

// labelAround grows a readable noun phrase around span within the clause
// idx: content words either side, and connectors between content words
// ("history of edits", "pesquisa de satisfação"). It returns "" when the
// words of the span itself are trimmed away.
func labelAround(lang Language, toks []Token, idx []int, span [2]int) string {
	lo, hi := -1, -1 // positions in idx of the span's first and last word
	for p, i := range idx {
		if i >= span[0] && i < span[1] {
			if lo < 0 {
				lo = p
			}
			hi = p
		}
	}
	if lo < 0 {
		return ""
	}
	words := func() int { return hi - lo + 1 }
	for hi+1 < len(idx) && words() < maxLabelWords {
		next := toks[idx[hi+1]].Text
		if isBreak(next) || punctuated(toks, idx[hi], idx[hi+1]) {
			break
		}
		if isContent(lang, next) && !isVerbLike(lang, next) {
			hi++
			continue
		}
		if connectors[lowerKey(next)] && hi+2 < len(idx) && isContent(lang, toks[idx[hi+2]].Text) && !punctuated(toks, idx[hi+1], idx[hi+2]) && words()+2 <= maxLabelWords {
			hi += 2
			continue
		}
		break
	}
	for lo > 0 && words() < maxLabelWords {
		prev := toks[idx[lo-1]].Text
		if !isContent(lang, prev) || isVerbLike(lang, prev) || isBreak(prev) || punctuated(toks, idx[lo-1], idx[lo]) {
			break
		}
		lo--
	}
	if topicWords[lowerKey(toks[idx[lo]].Text)] { // "who deleted an attachment"
		return whoLabel(lang, toks, idx[lo:])
	}
	inSpan := func(i int) bool { return i >= span[0] && i < span[1] }
	sel := trimTheme(lang, toks, idx[lo:hi+1])
	if !slices.ContainsFunc(sel, inSpan) {
		return "" // the words that keyed the theme were trimmed ("demorando")
	}
	return readable(toks, labelRun(lang, toks, withSpan(lang, toks, idx[lo:hi+1], sel, span)))
}

// withSpan returns the words of run from the first to the last of the
// trimmed label words sel, widened to hold every word of the span that
// keyed the theme but a verb or a stop word (a part of run, no copy): a
// topic's phrase is read whole even where one of its words alone would
// be trimmed ("fora do ar", not "ar"; "Reclame Aqui", not
// "Reclame"), but "cancelar a assinatura" is labelled "assinatura".
func withSpan(lang Language, toks []Token, run, sel []int, span [2]int) []int {
	from, to := sel[0], sel[len(sel)-1]
	for _, i := range run {
		if i >= span[0] && i < span[1] && (i < from || i > to) && !isVerbLike(lang, toks[i].Text) && !isStopWord(lang, lowerKey(toks[i].Text)) {
			from, to = min(from, i), max(to, i)
		}
	}
	a, _ := slices.BinarySearch(run, from)
	b, _ := slices.BinarySearch(run, to)
	return run[a : b+1]
}

// punctuated reports whether punctuation that ends a phrase lies between
// tokens a and b: a label does not grow across "(", a comma or a dash
// ("Google Calendar da escola (usamos Workspace)" is not about
// "usamos"). Hyphens and slashes inside a word ("sign-on") do not count.
func punctuated(toks []Token, a, b int) bool {
	for i := a + 1; i < b; i++ {
		if !isWord(toks[i].Text) && !joinsWords(toks, i) {
			return true
		}
	}
	return false
}

// isVerbLike reports whether a word looks like a verb form that ends a
// noun phrase: English -ed and -ing forms, Portuguese infinitives and
// past forms ("colei", "mandou"), and the lead words.
func isVerbLike(lang Language, s string) bool {
	w := lowerKey(s)
	if themeLeadWords[w] {
		return true
	}
	switch lang {
	case Portuguese:
		for _, suf := range []string{"ar", "er", "ir", "ou", "iu", "eu", "ei", "ando", "endo", "indo", "aram", "eram", "asse", "esse", "isse"} {
			if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
				return true
			}
		}
	default:
		for _, suf := range []string{"ed", "ing"} {
			if strings.HasSuffix(w, suf) && len(w) > len(suf)+3 {
				return true
			}
		}
	}
	return false
}

// verbEdge reports whether a word that looks like a verb form should be
// trimmed from the edge of a theme: Portuguese verb forms and English
// past forms ("gerando erros" → "erros", "edited" → ""). English -ing
// forms stay: they are often nouns ("billing", "training").
func verbEdge(lang Language, s string) bool {
	w := lowerKey(s)
	if isProperName(s) || isAcronym(s) {
		return false
	}
	switch lang {
	case Portuguese:
		for _, suf := range []string{"ar", "er", "ir", "ou", "iu", "eu", "ando", "endo", "indo", "aram", "eram", "ia", "iam", "asse", "esse", "isse", "amos", "emos", "imos"} {
			// first person plural and third plural past forms keep a
			// three-letter root ("tivemos", "fizeram")
			root := 4
			if len(suf) == 4 {
				root = 3
			}
			if strings.HasSuffix(w, suf) && len(w) >= len(suf)+root {
				if strings.HasPrefix(suf, "ia") && strings.ContainsAny(strings.ToLower(s), "áéíóúâêô") {
					return false // "inteligência", "memória": an imperfect ("fazia") bears no accent
				}
				return !strings.HasPrefix(suf, "ia") || !conceptNoun(lang, s) // "laudo da bateria": a noun the concepts name
			}
		}
	case English:
		return strings.HasSuffix(w, "ed") && len(w) > 5
	}
	return false
}

// conceptNoun reports whether concepts.txt lists a word as it is written
// ("bateria", "baterias"): a noun, whatever its ending says.
func conceptNoun(lang Language, s string) bool {
	return lists().conceptWords[string(lang)+":"+lowerKey(s)]
}

// whoLabel is the label of a "who did what" phrase: "who" and the words
// after it in the clause, up to maxLabelWords, vague words and a trailing
// stop word dropped ("who deleted an attachment", "quem alterou o
// registro").
func whoLabel(lang Language, toks []Token, idx []int) string {
	var sel []int
	for _, i := range idx {
		if len(sel) == maxLabelWords {
			break
		}
		if !vague(toks[i].Text) {
			sel = append(sel, i)
		}
	}
	for len(sel) > 1 && isStopWord(lang, lowerKey(toks[sel[len(sel)-1]].Text)) {
		sel = sel[:len(sel)-1]
	}
	if len(sel) < 2 {
		return ""
	}
	return readable(toks, sel)
}

// integrationTarget finds, in a clause keyed by the integrations topic,
// the name an integration is asked with: a capitalised word, no acronym,
// right after "with", "to", "into", "com", "para" or "pra" (or a verb
// of integrating), an article or possessive between ("integração com o
// Canva", "integrar o Bling"), or before "integration", "API",
// "connector" or "sync" ("a Canva integration"). Each integration a client asks for is a theme of its own,
// whether or not its product is on the curated list (productWord).
func integrationTarget(lang Language, toks []Token, key string, idx []int) (k, label string, span [2]int, ok bool) {
	if key != integrationTopic {
		return "", "", [2]int{}, false
	}
	for _, i := range idx {
		t := toks[i].Text
		if i == 0 || !isTitle(t) || isAcronym(t) || !hasLetter(t) || vague(t) || honorific(t) || isStopWord(lang, lowerKey(t)) {
			continue
		}
		j := i - 1
		if j > 0 && targetDeterminers[wordAt(toks, j)] {
			j--
		}
		if targetPrepositions[wordAt(toks, j)] || integrationNouns[wordAt(toks, i+1)] {
			return Stem(English, strings.ToLower(t)), t, [2]int{i, i + 1}, true
		}
	}
	return "", "", [2]int{}, false
}

// integrationTopic is the key of the seed topic of integrations and APIs.
const integrationTopic = "integration"

// targetPrepositions and targetDeterminers lead the name of what an
// integration connects to (folded).
var (
	targetPrepositions = map[string]bool{"with": true, "to": true, "into": true, "com": true, "para": true, "pra": true, "connect": true, "conectar": true, "integrate": true, "integrar": true}
	integrationNouns   = map[string]bool{"integration": true, "integrations": true, "api": true, "connector": true, "sync": true}
	targetDeterminers  = map[string]bool{"the": true, "our": true, "your": true, "their": true, "o": true, "a": true, "os": true, "as": true, "nosso": true, "nossa": true, "seu": true, "sua": true, "no": true, "na": true}
)

// productWord finds, among the tokens idx, a capitalised one-word name of
// the curated product list that no topic phrase holds ("Protheus", not
// "Excel"), and returns its key, label and span.
func productWord(toks []Token, idx []int) (key, label string, span [2]int, ok bool) {
	for _, i := range idx {
		if isTitle(toks[i].Text) && lists().productWords[strings.ToLower(toks[i].Text)] {
			return Stem(English, strings.ToLower(toks[i].Text)), toks[i].Text, [2]int{i, i + 1}, true
		}
	}
	return "", "", [2]int{}, false
}

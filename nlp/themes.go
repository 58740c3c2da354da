package nlp

import (
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// maxThemeWords bounds a theme: a short noun phrase, not a clause.
const maxThemeWords = 6

// themeLeadWords introduce what is wanted and are dropped from the start of
// a theme: "we need to add X" has the theme X.
var themeLeadWords = map[string]bool{
	"add": true, "have": true, "get": true, "include": true, "make": true, "use": true,
	"support": true, "see": true, "able": true, "know": true, "being": true, "something": true,
	"adicionar": true, "ter": true, "incluir": true, "fazer": true, "usar": true, "poder": true,
	"today": true, "currently": true, "now": true, "hoje": true, "atualmente": true, "agora": true,
	"fazemos": true, "honestly": true, "basically": true, "sinceramente": true, "basicamente": true,
	"demais": true, "bastante": true, "sempre": true, "always": true, "very": true, "too": true,
	"much": true, "toda": true, "todo": true, "vez": true, "vezes": true, "every": true, "vamos": true,
	"thinking": true, "considering": true, "planning": true, "pensando": true, "considerando": true,
	"saber": true, "ver": true, "algo": true, "alguma": true, "algum": true, "uma": true,
	"vao": true, "vai": true, "pretendem": true, "planejam": true,
}

// themeBreaks end the clause a theme is read from.
var themeBreaks = map[string]bool{
	"because": true, "but": true, "so": true, "since": true, "until": true, "when": true,
	"if": true, "which": true, "that": true, "while": true, "although": true, "though": true,
	"before": true, "after": true, "then": true, "whether": true, "where": true, "or": true,
	"porque": true, "mas": true, "quando": true, "se": true, "que": true, "ate": true,
	"pois": true, "entao": true, "enquanto": true, "antes": true, "depois": true, "onde": true,
	"ou": true, "e": true, "and": true, "desde": true, "like": true, "unless": true, "otherwise": true, "whenever": true,
	"senao": true,
	"i'd":   true, "we'd": true, "he'd": true, "she'd": true, "they'd": true, "it'd": true, "that'd": true, "you'd": true,
}

// copulas end a noun phrase ("analytics was approved"), but are passed
// over next to the cue ("the export is frustrating"), vague words between
// them and the cue aside ("the export is really slow").
var copulas = map[string]bool{
	"is": true, "are": true, "was": true, "were": true, "foi": true, "sao": true,
	"era": true, "eram": true, "esta": true, "estao": true, "fica": true, "ficou": true,
}

// isBreak reports whether a word ends the clause a theme is read from (see
// themeBreaks). Portuguese "é" folds to "e" ("and") but is a copula.
func isBreak(s string) bool {
	return themeBreaks[lowerKey(s)] && !isAccentedE(s)
}

// isCopula reports whether a word is a copula (see copulas), "é" included.
func isCopula(s string) bool {
	return copulas[lowerKey(s)] || isAccentedE(s)
}

// isAccentedE reports whether a word is Portuguese "é" ("is").
func isAccentedE(s string) bool { return s == "é" || s == "É" }

// themeOf returns the theme of a cue found at tokens [first, last) of a
// sentence: a readable label drawn from the customer's words and a key
// that groups mentions meaning the same thing. The key is, in order:
//
//  1. a specific seed topic (data/topics.txt, before "@generic") whose
//     phrase occurs in the cue's clause: "who edited what" → audit-log;
//  2. a product or company name in the clause ("WhatsApp", "NetSuite"),
//     the same in every language;
//  3. a generic seed topic in the clause ("the report per depot" →
//     reporting), unless a one-word name of the curated product list
//     stands in the clause: "retyping the invoices into Xero", "a Slack
//     integration" and "integração com o Protheus" are keyed by the
//     product, so that each integration a client asks for is a theme of
//     its own;
//  4. the concept stems of the noun phrase read after the cue (or, when
//     none is left after trimming, before it): see themeKey. A phrase
//     that is one verb names nothing: the first noun phrase of a later
//     clause keys it when there is one ("queria abrir o sistema e ver os
//     indicadores do mês" → indicadores).
//
// The label is the noun phrase around what gave the key ("WhatsApp
// Business connector"), else the phrase of case 4; it is never a time word,
// an identifier, a generic verb or empty (see data/themewords.txt). When
// nothing is left, the sentence's topic, if any, gives both.
func themeOf(lang Language, toks []Token, first, last int) (theme, key string) {
	phrase := themePhrase(lang, toks, first, last)
	c := cueClause(toks, first, last)
	if l, k := alertTheme(lang, toks, c, last); k != "" {
		return l, k // "o ideal era me avisar quando o aluno tem 3 faltas seguidas"
	}
	if k, label, span, ok := salient(lang, toks, c); ok && !ownRenewal(lang, toks, k, span) {
		if IsGenericSeed(k) {
			if pk, pl, ps, found := productWord(toks, c.all()); found {
				k, label, span = pk, pl, ps
			} else if pk, _, ps, found := integrationTarget(lang, toks, k, c.all()); found {
				return readable(toks, spanIdx([2]int{min(span[0], ps[0]), max(span[1], ps[1])})), pk // "integração com o Canva", not a person's name
			}
		}
		k = toolSubject(lang, toks, span, k) // "a separate travel expense spreadsheet", "a planilha dos vencimentos"
		if l, rk := relativeTopic(lang, toks, c, k); rk != "" {
			return l, rk // "is there anything in Fretix that would stop someone impersonating us?"
		}
		if l := labelAround(lang, toks, c.all(), span); l != "" {
			return l, k
		}
		if len(phrase) > 0 {
			return readable(toks, labelRun(lang, toks, phrase)), k
		}
		return label, k
	}
	for _, near := range [][]int{objectClause(toks, c), antecedentClause(lang, toks, c)} {
		if len(near) == 0 {
			continue
		}
		if k, label, span, ok := salient(lang, toks, themeClause{after: near}); ok && !IsGenericSeed(k) {
			if l := labelAround(lang, toks, near, span); l != "" {
				return l, k
			}
			return label, k
		}
	}
	if l, rk := relativeTopic(lang, toks, c, ""); rk != "" {
		return l, rk
	}
	if len(phrase) == 1 && isVerbLike(lang, toks[phrase[0]].Text) {
		if l, k := laterPhrase(lang, toks, last); k != "" {
			return l, k // "queria abrir o sistema e ver os indicadores do mês"
		}
	}
	if and := gatewayAnd(toks, phrase); and > 0 {
		if p := themePhrase(lang, toks, and, and+1); len(p) > 0 {
			return readable(toks, labelRun(lang, toks, p)), themeKey(lang, toks, p) // "click once and see both sites"
		}
	}
	if l, k := shownTheme(lang, toks, last); k != "" {
		return l, k // "a page that shows every permit and inspection"
	}
	if len(phrase) > 0 {
		return readable(toks, labelRun(lang, toks, phrase)), themeKey(lang, toks, phrase)
	}
	all := make([]int, 0, len(toks))
	for i, t := range toks {
		if isWord(t.Text) && hasLetterOrDigit(t.Text) {
			all = append(all, i)
		}
	}
	if k, label, span, ok := salient(lang, toks, themeClause{after: all}); ok {
		if l := labelAround(lang, toks, all, span); l != "" {
			return l, k
		}
		return label, k
	}
	if l, k := laterPhrase(lang, toks, last); k != "" {
		return l, k
	}
	for _, t := range toks {
		if w := lowerKey(t.Text); sheetWords[w] && w != "sheet" && w != "sheets" {
			return t.Text, ToolTopic // "we keep everything in a spreadsheet"; a sheet may be paper
		}
	}
	return "", ""
}

// screenWords are the places in an app where something is shown, and
// showWords the verbs that say what they show ("a page that shows each
// permit", "uma tela que mostre as comissões"), folded.
var (
	screenWords = map[string]bool{
		"page": true, "pages": true, "screen": true, "screens": true, "view": true, "tab": true, "list": true,
		"place": true, "somewhere": true, "anywhere": true,
		"pagina": true, "tela": true, "telas": true, "aba": true, "lista": true, "lugar": true, "cantinho": true,
	}
	showWords = map[string]bool{
		"shows": true, "show": true, "showing": true, "lists": true, "listing": true, "displays": true, "display": true, "displaying": true,
		"mostra": true, "mostre": true, "mostrasse": true, "mostrando": true, "lista": true, "liste": true, "listando": true, "exibe": true, "exiba": true,
	}
)

// shownTheme reads a cue's object that is only a place in the app past
// what the place shows: "I'd pay extra for a page that shows each truck's
// permits" asks for the permits, not for a page, and "ele quer um lugar
// que mostre quem pagou" for who paid. A screen word stands among the
// first screenLead words after the cue (or ends the cue: "is there a
// place"), followed by "that", "which" or "que" and a verb of showing, by
// a verb of showing in -ing, or by a "where" clause (see whereVerb); the
// theme is the phrase after the verb. Both are empty otherwise, or when nothing
// follows the verb.
func shownTheme(lang Language, toks []Token, last int) (theme, key string) {
	ats := clauseWords(toks, pastColon(toks, last), 1, screenLead)
	if last > 0 && last <= len(toks) && screenWords[lowerKey(toks[last-1].Text)] {
		ats = append([]int{last - 1}, ats...) // the cue's own "is there a place"
	}
	for _, at := range ats {
		if !screenWords[lowerKey(toks[at].Text)] {
			continue
		}
		v := at + 1
		if v < len(toks) {
			if w := lowerKey(toks[v].Text); w == "that" || w == "which" || w == "que" {
				v++
			}
		}
		if w := whereVerb(toks, at+1); w > 0 {
			v = w // "a place in Gelatix where staff can enter temperature checks"
			if restVerbs[lowerKey(toks[v].Text)] {
				return whereSubject(lang, toks, v) // "anywhere in Obrix where those waivers could live"
			}
		} else if v >= len(toks) || !showWords[lowerKey(toks[v].Text)] {
			return "", ""
		}
		p := themePhrase(lang, toks, v, v+1)
		if len(p) == 0 || p[0] <= v {
			return "", ""
		}
		if key = themeKey(lang, toks, p); key == "" {
			return "", ""
		}
		return readable(toks, labelRun(lang, toks, p)), key
	}
	return "", ""
}

// restVerbs say where something is kept, not what is done there: in "a
// place where those waivers could live with the sub's invoice" the
// waivers are what is asked for (folded).
var restVerbs = map[string]bool{
	"live": true, "sit": true, "stay": true, "go": true, "be": true, "reside": true,
	"ficar": true, "fiquem": true, "fique": true, "morar": true,
}

// whereSubject returns the theme of the subject of a "where" clause whose
// verb is toks[v], past its modal: the words between "where" and the
// modal. Both empty when they name nothing.
func whereSubject(lang Language, toks []Token, v int) (theme, key string) {
	w := v - 2 // the modal is v-1
	for w >= 0 && lowerKey(toks[w].Text) != "where" && lowerKey(toks[w].Text) != "onde" {
		w--
	}
	if w < 0 {
		return "", ""
	}
	var idx []int
	for i := w + 1; i < v-1; i++ {
		idx = append(idx, i)
	}
	p := trimTheme(lang, toks, idx)
	if len(p) == 0 {
		return "", ""
	}
	if key = themeKey(lang, toks, p); key == "" {
		return "", ""
	}
	return readable(toks, labelRun(lang, toks, p)), key
}

// screenLead bounds the words between a cue and the screen word of its
// object: "a page", "uma tela nova", "some kind of page".
const screenLead = 4

// whereVerb returns the verb of a relative "where" clause that follows a
// screen word at tokens from i on, or 0: "a place (in Gelatix) where
// staff can enter temperature checks", "uma tela onde o gerente possa
// aprovar os descontos", "a page where it shows the open orders". The
// place may be named first by a preposition and up to two words; the
// clause has up to whereLead words before a modal (purposeModals), whose
// next word is the verb, or a verb of showing.
func whereVerb(toks []Token, i int) int {
	if i < len(toks) && placePreps[lowerKey(toks[i].Text)] {
		for j := i + 1; j < len(toks) && j <= i+3; j++ {
			if w := lowerKey(toks[j].Text); w == "where" || w == "onde" {
				i = j
				break
			}
		}
	}
	if i >= len(toks) || (lowerKey(toks[i].Text) != "where" && lowerKey(toks[i].Text) != "onde") {
		return 0
	}
	for j := i + 1; j < len(toks) && j <= i+whereLead; j++ {
		w := lowerKey(toks[j].Text)
		switch {
		case !isWord(toks[j].Text) || isBreak(toks[j].Text):
			return 0
		case showWords[w]:
			return j
		case purposeModals[w] && j+1 < len(toks) && isWord(toks[j+1].Text) && startsLower(toks[j+1].Text):
			return j + 1
		}
	}
	return 0
}

// whereLead bounds the words of a "where" clause before its modal: "where
// the shop staff can", "onde cada gerente de loja possa".
const whereLead = 5

// placePreps name the app a place is in ("a place in Gelatix where").
var placePreps = map[string]bool{"in": true, "on": true, "inside": true, "within": true, "no": true, "na": true, "dentro": true}

// ownRenewal reports whether the renewal topic k found at span is a
// renewal of the client's own trade, not of its contract with the vendor:
// the word is part of a noun phrase that says what is renewed ("the
// renewal packets go out in November", "membership renewals", "renovação
// dos certificados"), so the need is keyed by what it is about.
func ownRenewal(lang Language, toks []Token, k string, span [2]int) bool {
	if k != "renewal" || span[1]-span[0] != 1 || !renewalWords[lowerKey(toks[span[0]].Text)] {
		return false
	}
	noun := func(i int) bool {
		if i < 0 || i >= len(toks) {
			return false
		}
		t := toks[i].Text
		w := lowerKey(t)
		return isWord(t) && isContent(lang, t) && !isVerbLike(lang, t) && !vendorRenewals[w] && !IsWeakStem(w)
	}
	i := span[0]
	if lang == Portuguese {
		return i+2 < len(toks) && renewalOf[lowerKey(toks[i+1].Text)] && noun(i+2)
	}
	return noun(i+1) || noun(i-1) && !isTitle(toks[i-1].Text)
}

// renewalWords are the words of a renewal (folded); vendorRenewals, the
// words next to one that make it the client's renewal with the vendor
// ("contract renewal", "renovação do contrato", "the renewal meeting");
// renewalOf, the Portuguese words that open what is renewed.
var (
	renewalWords   = map[string]bool{"renewal": true, "renewals": true, "renovacao": true, "renovacoes": true}
	vendorRenewals = map[string]bool{
		"contract": true, "contracts": true, "subscription": true, "plan": true, "licence": true, "license": true,
		"annual": true, "yearly": true, "upcoming": true, "next": true, "call": true, "meeting": true, "conversation": true,
		"date": true, "talks": true, "discussion": true, "quote": true, "pricing": true, "price": true, "terms": true,
		"paperwork": true, "decision": true, "review": true, "deadline": true, "season": true, "timing": true,
		"contrato": true, "contratos": true, "assinatura": true, "plano": true, "licenca": true, "licencas": true,
		"sistema": true, "reuniao": true, "proposta": true, "conversa": true,
	}
	renewalOf = map[string]bool{"de": true, "do": true, "da": true, "dos": true, "das": true}
)

// sheetWords name a spreadsheet, folded.
var sheetWords = map[string]bool{
	"spreadsheet": true, "spreadsheets": true, "sheet": true, "sheets": true,
	"planilha": true, "planilhas": true, "planilhinha": true,
}

// sheetOf are the words that open what a spreadsheet is of, after it
// ("a spreadsheet of changes", "a planilha dos vencimentos"), folded.
var sheetOf = map[string]bool{
	"of": true, "for": true, "with": true,
	"de": true, "do": true, "da": true, "dos": true, "das": true, "com": true, "pra": true, "para": true, "pros": true, "pras": true,
}

// sheetAsides are the words of a spreadsheet's phrase that say how it is
// kept, not what it is of ("a separate spreadsheet", "a planilha
// paralela"), folded.
var sheetAsides = map[string]bool{
	"separate": true, "shared": true, "big": true, "huge": true, "giant": true, "massive": true, "little": true,
	"small": true, "old": true, "own": true, "master": true, "manual": true, "parallel": true, "same": true,
	"other": true, "another": true, "whole": true, "main": true, "simple": true, "running": true, "monthly": true,
	"weekly": true, "daily": true, "personal": true, "printed": true, "paper": true, "new": true, "google": true,
	"excel": true, "online": true, "colour-coded": true, "color-coded": true, "template": true, "backup": true,
	"separada": true, "paralela": true, "compartilhada": true, "mestre": true, "padrao": true, "modelo": true,
	"impressa": true, "colorida": true, "propria": true, "gigante": true, "enorme": true, "antiga": true,
	"velha": true, "nova": true, "mensal": true, "semanal": true, "diaria": true,
	"drive": true, "linha": true, "parte": true, "lado": true, "mao": true, "volta": true,
	"last": true, "next": true, "previous": true, "ultima": true, "ultimas": true, "ultimo": true, "ultimos": true,
	"proxima": true, "proximas": true, "proximo": true, "proximos": true,
	"tab": true, "tabs": true, "column": true, "columns": true, "row": true, "rows": true,
	"aba": true, "abas": true, "coluna": true, "colunas": true, "linhas": true,
}

// maxSheetWords bounds the words read for what a spreadsheet is of.
const maxSheetWords = 3

// toolSubject returns, for k the tool topic's key and span its phrase,
// the key of what the spreadsheet is of when the phrase says it
// (sheetSubject); k otherwise.
func toolSubject(lang Language, toks []Token, span [2]int, k string) string {
	if k != ToolTopic {
		return k
	}
	return cmp.Or(sheetSubject(lang, toks, span), k)
}

// sheetSubject returns the key of what the spreadsheet named in span
// is of, when its phrase says it: the content words right before the
// spreadsheet word ("travel expense spreadsheet") or the noun phrase
// after "of", "for", "de", "dos" ("planilha dos inadimplentes"), how it
// is kept, where it sits and whose it is left out (sheetAsides, names:
// "a planilha do Diego"); "" when the phrase says nothing more ("a
// spreadsheet", "numa planilha separada"). A spreadsheet is how the
// client copes; what it is of is the need it copes without, and keys the
// need as the client's other mentions of it do.
func sheetSubject(lang Language, toks []Token, span [2]int) string {
	at := -1
	for i := span[0]; i < span[1] && i < len(toks); i++ {
		if sheetWords[lowerKey(toks[i].Text)] {
			at = i
			break
		}
	}
	if at < 0 {
		return ""
	}
	subject := func(i int) bool {
		t := toks[i].Text
		w := lowerKey(t)
		return isWord(t) && isContent(lang, t) && !sheetAsides[w] && !sheetWords[w] && !isVerbLike(lang, t) && !isTitle(t)
	}
	var idx []int
	for i := at - 1; lang != Portuguese && i >= 0 && at-i <= maxSheetWords && subject(i); i-- {
		idx = append([]int{i}, idx...) // English puts what it is of first; Portuguese, after "de"
	}
	if len(idx) == 0 {
		i := at + 1
		for i < len(toks) && sheetAsides[lowerKey(toks[i].Text)] {
			i++
		}
		if i < len(toks) && sheetOf[lowerKey(toks[i].Text)] {
			for i++; i < len(toks) && len(idx) < maxSheetWords && (subject(i) || isStopWord(lang, lowerKey(toks[i].Text)) && len(idx) == 0); i++ {
				if subject(i) {
					idx = append(idx, i)
				}
			}
		}
	}
	if len(idx) == 0 {
		idx = sheetObject(lang, toks, at, subject)
	}
	stems := slices.DeleteFunc(strings.Fields(themeKey(lang, toks, idx)), IsWeakStem)
	return strings.Join(stems, " ")
}

// sheetPlaces are the words that put something in a spreadsheet ("we
// track the deposits in a spreadsheet", "controla os depósitos numa
// planilha"), folded; "to" and "into" are left out, for what is sent to
// a spreadsheet is an export.
var sheetPlaces = map[Language]map[string]bool{
	English:    {"in": true, "on": true, "off": true, "via": true},
	Portuguese: {"em": true, "num": true, "numa": true, "no": true, "na": true, "nos": true, "nas": true, "pela": true, "pelo": true},
}

// sheetHeads open, in the object of a spreadsheet, the words its head
// noun phrase is of ("the power usage billing for seasonals"), folded.
var sheetHeads = map[string]bool{"of": true, "for": true, "de": true, "do": true, "da": true, "dos": true, "das": true}

// sheetObject returns the indexes of what the clause keeps in the
// spreadsheet word at toks[at] when its phrase does not say (see
// sheetSubject): the noun phrase right before the place word that puts it
// there, up to maxSheetWords words, its head before "of" or "for" ("doing
// the monthly power usage billing for seasonals off Rick's paper sheets"
// is power usage billing); nil when a verb, a pronoun or nothing stands
// there ("we track it in a spreadsheet", "I'm working in a spreadsheet",
// "a Aline anota numa planilha").
func sheetObject(lang Language, toks []Token, at int, subject func(int) bool) []int {
	i := at - 1
	for ; i >= 0; i-- {
		t := toks[i].Text
		w := lowerKey(t)
		if sheetPlaces[lang][w] {
			break
		}
		if !(sheetAsides[w] || sheetWords[w] || isTitle(t) || !isWord(t) || isStopWord(lang, w)) {
			return nil
		}
	}
	// object reports whether toks[j] is a word of the object: an -ing
	// word only as a noun, after an article or another noun ("the
	// billing", "usage billing").
	object := func(j int) bool {
		if subject(j) {
			return true
		}
		t := toks[j].Text
		if lang == Portuguese || j == 0 || !strings.HasSuffix(lowerKey(t), "ing") || !isWord(t) || !isContent(lang, t) {
			return false
		}
		before := lowerKey(toks[j-1].Text)
		return determiners[before] || subject(j-1) // "the billing", "usage billing"
	}
	var runs [][]int // the head's run last
	var idx []int
	for j := i - 1; j >= 0 && len(idx) < maxSheetWords; j-- {
		if object(j) {
			idx = append([]int{j}, idx...)
			continue
		}
		if len(idx) > 0 && sheetHeads[lowerKey(toks[j].Text)] && j > 0 && object(j-1) {
			runs, idx = append(runs, idx), nil // the head comes before what it is of
			continue
		}
		break
	}
	if len(idx) == 0 {
		return nil
	}
	runs = append(runs, idx)
	j := idx[0] - 1
	for k := 0; j >= 0 && k < maxSheetWords && (object(j) || sheetAsides[lowerKey(toks[j].Text)]); k++ {
		j-- // "the monthly power usage billing"
	}
	if j < 0 || !determiners[lowerKey(toks[j].Text)] {
		return nil // the object has its article ("controla os depósitos"); else the words may be a verb ("a Aline anota numa planilha", "everything lives in a spreadsheet")
	}
	for _, r := range slices.Backward(runs) {
		if slices.ContainsFunc(strings.Fields(themeKey(lang, toks, r)), func(s string) bool { return !IsWeakStem(s) }) {
			return r // a head that says nothing ("o controle das reservas") gives way to what it is of
		}
	}
	return nil
}

// alertWords ask to be told, and alertTriggers open what should set the
// telling off.
var (
	alertWords = map[string]bool{
		"alert": true, "alerts": true, "warn": true, "warns": true, "notify": true, "notified": true,
		"notification": true, "notifications": true, "remind": true, "reminder": true, "reminders": true,
		"avisar": true, "avise": true, "avisasse": true, "avisa": true, "aviso": true, "avisos": true,
		"alertar": true, "alerta": true, "alertas": true, "notificar": true, "notificacao": true, "notificacoes": true,
		"lembrar": true, "lembrete": true, "lembretes": true,
		"ping": true, "pings": true, "nudge": true, "nudges": true, // "can the app ping me before one of our permits runs out?"
	}
	alertTriggers = map[string]bool{
		"when": true, "whenever": true, "once": true, "before": true, "if": true,
		"quando": true, "antes": true, "assim": true, "se": true,
	}
)

// flagWords mark something for attention rather than tell someone: they
// ask for an alert only when no object follows them, for their object is
// what the alert is about (see flagsAlone).
var flagWords = map[string]bool{"flag": true, "flags": true, "flagged": true, "shout": true, "sinalizar": true, "sinalize": true}

// flagsAlone reports whether a flag word is followed, from toks[i], by a
// trigger or a pronoun rather than by what it flags: "flag when
// someone's IPAF is out of date", "flag it if the rate has lapsed".
func flagsAlone(toks []Token, i int) bool {
	if i >= len(toks) {
		return false
	}
	w := lowerKey(toks[i].Text)
	return alertTriggers[w] || pronouns[w] || w == "up"
}

// alertSpan bounds how far past the cue the alert word stands, and the
// trigger past the alert word, in tokens.
const alertSpan = 5

// alertTheme is the theme of a cue that asks to be told when something
// happens: what should set the alert off ("o ideal era me avisar quando o
// aluno tem 3 faltas seguidas" → "faltas seguidas"; "warn us when a
// vehicle comes in with a repair still under warranty"; "an alert when
// the stock of a plant drops below five"; "quotes blocked or flagged when
// the carrier rate is past its validity date", "me avisar se o aluno
// faltar"), so that the alert is keyed by
// its subject, not by the word "alert" or whom it tells. The alert word
// stands in the cue or among the alertSpan tokens after it (the cue ends
// at token last), and a trigger word within alertSpan tokens after that
// ("assim" only as "assim que"); the theme is the trigger clause's theme
// phrase, or its specific topic (not a name in it: "quando um LPCO muda
// de status no Portal Único"). Empty when there is none.
func alertTheme(lang Language, toks []Token, c themeClause, last int) (theme, key string) {
	for p := 0; p < len(c.after) && c.after[p] < last+alertSpan; p++ {
		aw := lowerKey(toks[c.after[p]].Text)
		if !alertWords[aw] && !(flagWords[aw] && flagsAlone(toks, c.after[p]+1)) {
			continue // "flag a possible match when...": what is flagged is the theme
		}
		for t := c.after[p] + 1; t < len(toks) && t <= c.after[p]+alertSpan; t++ {
			w := lowerKey(toks[t].Text)
			if !isWord(toks[t].Text) {
				break
			}
			if !alertTriggers[w] || w == "before" && deadlineAfter(toks, t+1) {
				continue // "flag these calls before the January renewal": a deadline, no trigger
			}
			from := t + 1
			if w == "assim" {
				if from >= len(toks) || lowerKey(toks[from].Text) != "que" {
					continue // "assim" alone is "so", no trigger
				}
				from++ // "assim que"
			}
			trigger := clauseWords(toks, from, 1, 2*maxThemeWords)
			if k, label, span, ok := salient(lang, toks, themeClause{after: trigger}); ok && topicKey(k) && !IsGenericSeed(k) {
				if l := labelAround(lang, toks, trigger, span); l != "" {
					return l, k
				}
				return label, k
			}
			idx := trimTheme(lang, toks, slices.DeleteFunc(trigger, func(i int) bool { return subjunctive(lang, toks[i].Text) }))
			if len(idx) > maxThemeWords {
				idx = trimTheme(lang, toks, idx[:maxThemeWords])
			}
			if len(idx) == 0 {
				return "", ""
			}
			return readable(toks, labelRun(lang, toks, idx)), themeKey(lang, toks, idx)
		}
		return "", ""
	}
	return "", ""
}

// deadlineAfter reports whether the words from toks[i] name a date or a
// term ("the January renewal", "our renewal", "end of month"), so that
// "before" there sets a deadline rather than what an alert waits for.
func deadlineAfter(toks []Token, i int) bool {
	for j := i; j < len(toks) && j < i+3; j++ {
		w := lowerKey(toks[j].Text)
		if meetingTime(w) || deadlineWords[w] || terms[w] {
			return true
		}
	}
	return false
}

// terms name a term a deadline falls on (see deadlineAfter).
var terms = map[string]bool{
	"renewal": true, "end": true, "deadline": true, "launch": true, "go-live": true, "christmas": true, "season": true,
	"renovacao": true, "fim": true, "prazo": true, "lancamento": true, "natal": true, "temporada": true,
}

// subjunctive reports whether a Portuguese word is a past subjunctive
// ("ficasse", "tivesse", "chegassem"), a verb no alert's subject needs:
// "quando o estoque ficasse abaixo do mínimo" is about the stock.
func subjunctive(lang Language, s string) bool {
	if lang != Portuguese {
		return false
	}
	w := lowerKey(s)
	for _, suf := range []string{"asse", "esse", "isse", "assem", "essem", "issem"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+1 {
			return true
		}
	}
	return false
}

// gatewayVerbs only lead to what a client wants to look at: "I want to
// click once and see both sites side by side", "log in and see open
// faults", "abrir uma tela e ver as unidades em ranking". Not "open": "open
// one screen and see how the group is doing" wants the one screen.
var gatewayVerbs = map[string]bool{
	"click": true, "log": true, "tap": true,
	"clicar": true, "abrir": true, "entrar": true, "logar": true,
}

// lookVerbs say what the client looks at past a gateway verb.
var lookVerbs = map[string]bool{
	"see": true, "look": true, "check": true, "view": true, "find": true,
	"ver": true, "olhar": true, "conferir": true, "consultar": true, "achar": true, "enxergar": true,
}

// gatewayAnd returns the index of the "and" ("e") that follows a theme
// phrase opening with a gateway verb within gatewayWords words, with no
// punctuation between, and comes before a verb of looking; else 0. The
// theme is then what the client looks at. "click approve and send" and
// "abrir Curitiba e Ribeirão Preto" look at nothing.
func gatewayAnd(toks []Token, phrase []int) int {
	if len(phrase) == 0 || !gatewayVerbs[lowerKey(toks[phrase[0]].Text)] {
		return 0
	}
	for i := phrase[0] + 1; i < len(toks)-1 && i <= phrase[0]+gatewayWords; i++ {
		if !isWord(toks[i].Text) {
			return 0
		}
		if w := lowerKey(toks[i].Text); (w == "and" || w == "e" && toks[i].Text == "e") && lookVerbs[lowerKey(toks[i+1].Text)] {
			return i
		}
	}
	return 0
}

// gatewayWords bounds the words between a gateway verb and its "and".
const gatewayWords = 5

// gapAntecedent returns the words a cue's object is when the cue stands in
// a relative clause that leaves its object out: "(3) per-tech time on the
// clock vs. hours flagged, which Dana wants before the new year" wants the
// per-tech time, not the new year; "o relatório de margem que o Paulo
// pediu de novo" asks for the report. The clause opens with a relative
// word (relativeOpeners) and at most three words (its subject) before the
// cue, and nothing the cue could take as its object follows the cue (the
// clause ends, or a copula or a word of gapFollowers comes next; a colon
// introduces the object). The antecedent is the noun phrase ahead of the
// relative word (the words back to its clause's start, cut after the last
// verb), in the cue's clause or the one before it; nil when the cue is
// not in such a clause. A "that" or "que" after a verb ("she said that
// they need the export") opens what was said, not a relative clause, and
// "that's what we want" is its own object. A pseudo-cleft is read the
// same way: "a single login for both sites is what we want", "o relatório
// por obra é o que a gente precisa" (see cleftCopula). At most maxBefore
// words stand between the relative word and the cue (see gapThemeWithin).
func gapAntecedent(lang Language, toks []Token, c themeClause, first, last, maxBefore int) []int {
	if t := toks[min(last, len(toks)-1)].Text; last < len(toks) && (t == ":" || isWord(t) && !isBreak(t) && !isCopula(t) && !gapFollowers[lowerKey(t)]) {
		return nil // "a lista de perfis que o escritório precisa: Sócio, Financeiro"
	}
	for j := first - 1; j >= max(1, first-4); j-- {
		if k := cleftCopula(toks, j); k > 0 {
			return cleftSubject(lang, toks, k) // "a single login for both sites is what we want"
		}
	}
	j := first - 1
	if len(c.before) > 0 {
		j = c.before[0] - 1
	}
	if maxBefore > gapWords && j+1 < len(toks) && !subjectWords[lowerKey(toks[j+1].Text)] {
		return nil // "build that invoice in QuickBooks by hand": a determiner, no relative
	}
	if j < 1 || len(c.before) > maxBefore || !relativeOpeners[lowerKey(toks[j].Text)] ||
		slices.ContainsFunc(c.before, func(k int) bool { return isCopula(toks[k].Text) || whatWords[lowerKey(toks[k].Text)] }) {
		return nil // "that's what we want"
	}
	which := lowerKey(toks[j].Text) == "which"
	i := j - 1
	if isWord(toks[i].Text) {
		if prev := toks[i].Text; !which && (isVerbLike(lang, prev) || !isContent(lang, prev)) {
			return nil // "she said that they need", "acho que a gente precisa"
		}
	} else if !which && lang == English {
		return nil // "..., that we need": too often what was said
	}
	return nounPhraseBefore(lang, toks, i)
}

// cleftCopula returns the index of the copula of a pseudo-cleft whose
// "what" or "o que" is toks[j] ("the signing bit is what we really need",
// "is exactly what", "é o que a gente precisa"), or 0.
func cleftCopula(toks []Token, j int) int {
	w := lowerKey(toks[j].Text)
	switch {
	case w == "what":
		j--
	case w == "que" && j > 1 && lowerKey(toks[j-1].Text) == "o":
		j -= 2
	default:
		return 0
	}
	if j > 1 && degreeAdverb(toks[j].Text) {
		j-- // "is exactly what", "é exatamente o que"
	}
	if j < 1 || !isCopula(toks[j].Text) {
		return 0
	}
	return j
}

// degreeAdverb reports whether a word is an adverb in -ly or -mente
// ("exactly", "really", "exatamente").
func degreeAdverb(s string) bool {
	s = lowerKey(s)
	return len(s) > 4 && (strings.HasSuffix(s, "ly") || strings.HasSuffix(s, "mente"))
}

// cleftSubject returns the noun phrase a pseudo-cleft's copula toks[k]
// follows: "the signing bit" of "the signing bit is what we need", and,
// past a relative "que" or "which", the noun phrase that one follows
// ("falta a integração com o ERP, que é o que a gente mais precisa");
// nil for a pronoun ("this is exactly what we need": the anaphora is read
// elsewhere) and for a vague noun ("the signing bit").
func cleftSubject(lang Language, toks []Token, k int) []int {
	i := k - 1
	if relativeOpeners[lowerKey(toks[i].Text)] {
		i--
		for i > 0 && !isWord(toks[i].Text) {
			i--
		}
	}
	if i < 0 || !isWord(toks[i].Text) || !isContent(lang, toks[i].Text) || isVerbLike(lang, toks[i].Text) {
		return nil
	}
	return nounPhraseBefore(lang, toks, i)
}

// nounPhraseBefore returns the noun phrase that ends at toks[i]: the
// words back to its clause's start, cut after the last verb ("no valor",
// not "a gente consegue fazer no valor").
func nounPhraseBefore(lang Language, toks []Token, i int) []int {
	out := clauseBefore(toks, i)
	for k := len(out) - 2; k >= 0; k-- {
		if isVerbLike(lang, toks[out[k]].Text) {
			return out[k+1:]
		}
	}
	return out
}

// gapTheme is the theme of a cue of wanting (a request) at tokens
// [first, last) of a sentence when it stands in a relative clause that
// leaves its object out (see gapAntecedent); both empty otherwise. Other
// cues (pain: "metade das famílias diz que não recebeu") have a subject,
// not an object, there.
func gapTheme(lang Language, toks []Token, first, last int) (theme, key string) {
	return gapThemeWithin(lang, toks, first, last, gapWords)
}

// gapWords is how many words (the relative clause's subject) may stand
// between a relative word and a cue of wanting.
const gapWords = 3

// gapThemeWithin is gapTheme with up to maxBefore words between the
// relative word and the cue: a workaround's verb stands there ("credit
// notes, which I'm now doing by hand in Word"). Past gapWords the
// relative clause must open with its subject (subjectWords): "build that
// invoice in QuickBooks by hand" holds no relative clause.
func gapThemeWithin(lang Language, toks []Token, first, last, maxBefore int) (theme, key string) {
	if ante := gapAntecedent(lang, toks, cueClause(toks, first, last), first, last, maxBefore); len(ante) > 0 {
		return antecedentTheme(lang, toks, ante)
	}
	return "", ""
}

// whatWords make a clause its own object ("that's what we want").
var whatWords = map[string]bool{"what": true, "'s": true, "s": true}

// gapFollowers are words that, right after a cue, do not start its
// object: a time or a degree ("which Dana wants by Friday", "que ele pediu
// de novo"); clause breaks (isBreak: "before", "because", "antes") need
// no place here.
var gapFollowers = map[string]bool{
	"by": true, "from": true, "in": true, "on": true, "at": true, "as": true, "asap": true,
	"now": true, "soon": true, "too": true, "also": true, "again": true, "most": true, "badly": true,
	"urgently": true, "first": true, "logo": true, "tambem": true, "ja": true, "agora": true,
	"de": true, "em": true, "no": true, "na": true, "muito": true, "urgente": true, "has": true,
	"have": true, "had": true, "will": true, "would": true, "still": true, "keeps": true,
	"continua": true, "segue": true, "ta": true, "ainda": true, "vai": true,
}

// antecedentTheme is the theme of a gap relative's antecedent words
// (gapAntecedent): a seed topic or name in them, else their trimmed
// phrase; both empty when they name nothing.
func antecedentTheme(lang Language, toks []Token, ante []int) (theme, key string) {
	if k, label, span, ok := salient(lang, toks, themeClause{after: ante}); ok {
		if l := labelAround(lang, toks, ante, span); l != "" {
			return l, k
		}
		return label, k
	}
	idx := trimTheme(lang, toks, ante)
	if len(idx) == 0 {
		return "", ""
	}
	return readable(toks, labelRun(lang, toks, idx)), themeKey(lang, toks, idx)
}

// relativeOpeners open a relative clause: "anything in Fretix that would
// stop someone impersonating us", "algo no sistema que avise".
var relativeOpeners = map[string]bool{"that": true, "which": true, "que": true}

// relativeTopic returns the label and key of the specific seed topic
// named in the relative clause right after the cue's clause (past a
// parenthesis), when the cue's clause gave key, which is no specific seed
// topic: a name there is where the customer looks ("anything in Fretix"),
// the topic what they look for. Empty when there is none.
func relativeTopic(lang Language, toks []Token, c themeClause, key string) (label, topicKey string) {
	if _, seed := SeedTheme(key); (seed && !IsGenericSeed(key)) || len(c.after) == 0 {
		return "", ""
	}
	j := c.after[len(c.after)-1] + 1
	if j < len(toks) && toks[j].Text == "(" {
		for j < len(toks) && toks[j].Text != ")" {
			j++
		}
		j++
	}
	if j+1 >= len(toks) || !relativeOpeners[lowerKey(toks[j].Text)] {
		return "", ""
	}
	rel := clauseWords(toks, j+1, 1, 2*maxThemeWords)
	k, l, span, ok := salient(lang, toks, themeClause{after: rel})
	if _, seed := SeedTheme(k); !ok || !seed || IsGenericSeed(k) {
		return "", ""
	}
	if around := labelAround(lang, toks, rel, span); around != "" {
		return around, k
	}
	return l, k
}

// objectClause returns the words of the clause that a preposition and a
// wh-word open right after the cue's clause, which is what the cue's
// object is about ("a written statement on when two-step login will be
// available", "uma posição sobre quando a assinatura eletrônica vai
// sair"), or nil.
func objectClause(toks []Token, c themeClause) []int {
	if len(c.after) == 0 {
		return nil
	}
	j := c.after[len(c.after)-1] + 1
	if j+1 >= len(toks) || !whWords[lowerKey(toks[j].Text)] || !objectPrepositions[lowerKey(toks[j-1].Text)] {
		return nil
	}
	return clauseWords(toks, j+1, 1, 2*maxThemeWords)
}

// whWords open a clause that can be the object of a preposition.
var whWords = map[string]bool{"when": true, "whether": true, "if": true, "where": true, "quando": true, "se": true, "onde": true}

// objectPrepositions tie a wh-clause to the noun before them.
var objectPrepositions = map[string]bool{"on": true, "about": true, "regarding": true, "of": true, "to": true, "sobre": true, "de": true}

// antecedentClause returns the words of the clause ahead of the cue's
// clause when the cue's clause refers back to it by a pronoun and names
// nothing itself ("Does Clinora have 2FA, and can I force it for all
// staff?"), or nil.
func antecedentClause(lang Language, toks []Token, c themeClause) []int {
	if !slices.ContainsFunc(c.after, func(i int) bool { return backRefs[lowerKey(toks[i].Text)] }) {
		return nil
	}
	i := len(toks)
	if all := c.all(); len(all) > 0 {
		i = all[0]
	}
	i--
	return clauseBefore(toks, i)
}

// clauseBefore returns the words of the clause that ends at or before
// token i, past any punctuation and clause breaks, in order.
func clauseBefore(toks []Token, i int) []int {
	for i >= 0 && (!isWord(toks[i].Text) || isBreak(toks[i].Text)) {
		i--
	}
	if i < 0 {
		return nil
	}
	out := clauseWords(toks, i, -1, 2*maxThemeWords)
	slices.Reverse(out)
	return out
}

// backRefs refer back to a thing named before.
var backRefs = map[string]bool{"it": true, "this": true, "isso": true, "isto": true}

// laterPhrase is the theme of a cue whose own clause names nothing: the
// first noun phrase of a later clause of the sentence, grown around its
// first content word as labelAround grows a label ("precisamos que a
// troca passe pela aprovação do gerente" → "troca"; "do you have
// something like that, with a photo of the worker?" → "photo of the
// worker").
func laterPhrase(lang Language, toks []Token, last int) (theme, key string) {
	for i := max(last, 0); i < len(toks); i++ {
		if isWord(toks[i].Text) && !isBreak(toks[i].Text) {
			continue
		}
		if toks[i].Text == "," && (wordAt(toks, i+1) == "nao" || wordAt(toks, i+1) == "not") && !lacks[wordAt(toks, i+2)] {
			continue // "querem falar com gente, não com robô": what is not wanted ("…, não tem rateio automático" is what is missing)
		}
		idx := clauseWords(toks, i+1, 1, 2*maxThemeWords)
		head := slices.IndexFunc(idx, func(j int) bool {
			return isContent(lang, toks[j].Text) && !isVerbLike(lang, toks[j].Text) && !verbEdge(lang, toks[j].Text)
		})
		if head < 0 {
			continue
		}
		if l, k := grownTheme(lang, toks, idx[head:], idx[head]); k != "" {
			return l, k
		}
	}
	return "", ""
}

// lacks say, after a negator, that something is missing (folded): "não
// tem rateio automático", "not having the export".
var lacks = map[string]bool{"tem": true, "teria": true, "tinha": true, "ha": true, "existe": true, "have": true, "has": true, "having": true}

// grownTheme returns the label labelAround grows from the word at head
// among the clause words idx, and its key as a theme phrase of its own;
// both empty when it gives none.
func grownTheme(lang Language, toks []Token, idx []int, head int) (theme, key string) {
	l := labelAround(lang, toks, idx, [2]int{head, head + 1})
	if l == "" {
		return "", ""
	}
	lt := phraseTokens(lang, l)
	all := make([]int, len(lt))
	for j := range all {
		all[j] = j
	}
	if k := themeKey(lang, lt, all); k != "" {
		return l, k
	}
	return "", ""
}

// themePhrase returns the noun phrase of a cue at tokens [first, last): the
// words after it up to the end of the clause or, when none is left after
// trimming, the words before it.
func themePhrase(lang Language, toks []Token, first, last int) []int {
	last = pastColon(toks, last)
	idx := clauseWords(toks, last, 1, 2*maxThemeWords)
	idx = pastDoer(lang, toks, idx)
	idx = trimTheme(lang, toks, idx)
	if len(idx) > maxThemeWords {
		idx = trimTheme(lang, toks, idx[:maxThemeWords])
	}
	if len(idx) == 0 {
		idx = clauseWords(toks, first-1, -1, maxThemeWords)
		slices.Reverse(idx)
		idx = trimTheme(lang, toks, idx)
	}
	return idx
}

// pastDoer drops who is to do what a phrase asks when a name opens it,
// past stop words: "is there a way for Segura to produce a one-page
// summary" asks for the summary, "existe alguma forma do Fretio avisar
// quando…" for the alert. The name is capitalised, not the sentence's
// first word, no acronym or identifier ("SMS to the contact",
// "CAP_PROP_ORIENTATION_AUTO to AVFoundation"), and followed by "to"
// (English) or by an infinitive, bare or after "pra" or "para"
// (Portuguese), and at least two content words follow it. The name may
// be the app a place or a field is in, or the app put to a use: "algum
// lugar no Pintix pra registrar o descarte", "dá pra usar o Pintix pra
// controlar as medições" ask for the disposal and the measurements.
func pastDoer(lang Language, toks []Token, idx []int) []int {
	i := 0
	for i < len(idx) && isStopWord(lang, lowerKey(toks[idx[i]].Text)) {
		i++
	}
	if i+2 < len(idx) && (screenWords[lowerKey(toks[idx[i]].Text)] || fieldWords[lowerKey(toks[idx[i]].Text)]) && placePreps[lowerKey(toks[idx[i+1]].Text)] {
		i += 2 // "algum lugar no Pintix pra registrar o descarte", "a field in Lumo to record"
	} else if i+2 < len(idx) && useVerbs[lowerKey(toks[idx[i]].Text)] {
		i++ // "dá pra usar o Pintix pra controlar as medições"
		for i < len(idx) && isStopWord(lang, lowerKey(toks[idx[i]].Text)) {
			i++
		}
	}
	if i+1 >= len(idx) || idx[i] == 0 || !isTitle(toks[idx[i]].Text) || isAcronym(toks[idx[i]].Text) || strings.Contains(toks[idx[i]].Text, "_") {
		return idx
	}
	next := lowerKey(toks[idx[i+1]].Text)
	var rest []int
	switch {
	case lang != Portuguese && next == "to":
		rest = idx[i+2:]
	case lang == Portuguese && infinitive(next):
		rest = idx[i+1:]
	case lang == Portuguese && (next == "pra" || next == "para") && i+2 < len(idx) && infinitive(lowerKey(toks[idx[i+2]].Text)):
		rest = idx[i+2:] // "algum lugar no Pintix pra registrar o descarte"
	}
	content := 0
	for _, j := range rest {
		if !isStopWord(lang, lowerKey(toks[j].Text)) {
			content++
		}
	}
	if content < 2 {
		return idx // "for Lumo to calculate and post…", "in Oficio to record that": the name says more than the verb
	}
	return rest
}

// fieldWords are the places in a form something is entered in (folded).
var fieldWords = map[string]bool{"field": true, "fields": true, "spot": true, "campo": true, "campos": true, "espaco": true}

// useVerbs put an app to a use ("use Lumo to track", "usar o Pintix pra
// controlar"), folded.
var useVerbs = map[string]bool{"use": true, "using": true, "usar": true, "utilizar": true, "usando": true}

// infinitive reports whether a folded Portuguese word ends as an
// infinitive does ("avisar", "emitir", "ler").
func infinitive(w string) bool {
	return len(w) > 2 && (strings.HasSuffix(w, "ar") || strings.HasSuffix(w, "er") || strings.HasSuffix(w, "ir"))
}

// themeClause is the clause of a cue as token indexes: the words ahead of the
// cue, and the cue and the words after it, each up to a clause break.
type themeClause struct{ before, after []int }

// all returns the clause's words in order.
func (c themeClause) all() []int { return append(slices.Clone(c.before), c.after...) }

// cueClause returns the clause that holds the cue at tokens [first, last).
func cueClause(toks []Token, first, last int) themeClause {
	before := clauseWords(toks, first-1, -1, 2*maxThemeWords)
	slices.Reverse(before)
	var after []int
	for i := max(first, 0); i < last && i < len(toks); i++ {
		if isWord(toks[i].Text) && hasLetterOrDigit(toks[i].Text) {
			after = append(after, i)
		}
	}
	return themeClause{before: before, after: append(after, clauseWords(toks, pastColon(toks, last), 1, 2*maxThemeWords)...)}
}

// replacedFrom reports whether token i opens what a wish is to replace
// ("instead of the Monday spreadsheet", "rather than", "em vez de", "ao
// invés de"): the words after it name the way things are done now, not
// what is wanted, so they end the clause a theme is read from. "Rather"
// alone prefers ("I'd rather see it per client") and ends nothing.
func replacedFrom(toks []Token, i int) bool {
	switch lowerKey(toks[i].Text) {
	case "instead", "inves":
		return true
	case "rather":
		return wordAt(toks, i+1) == "than"
	case "em":
		return wordAt(toks, i+1) == "vez"
	}
	return false
}

// pastColon returns where the words after a cue ending at token last
// start: past a colon right after a cue that ends in a word wanting an
// object, which the colon introduces ("the leads keep asking for: a
// calendar feed"). After other cues the colon ends the clause ("the export
// is frustrating: it takes forever" is about the export).
func pastColon(toks []Token, last int) int {
	if last < 1 || last+1 >= len(toks) || toks[last].Text != ":" {
		return last
	}
	if w := lowerKey(toks[last-1].Text); connectors[w] || themeLeadWords[w] || lists().themeWords[w] {
		return last + 1
	}
	return last
}

// clauseWords collects up to n token indexes from i in direction dir,
// stopping at punctuation or a clause break. Numbers are collected ("429"
// names a topic); trimTheme keeps them out of labels and keys.
func clauseWords(toks []Token, i, dir, n int) []int {
	var idx []int
	for ; i >= 0 && i < len(toks) && len(idx) < n; i += dir {
		if joinsWords(toks, i) || entersQuote(toks, i, dir) || (len(idx) == 0 && leavesQuote(toks, i, dir)) {
			continue
		}
		t := toks[i].Text
		if !isWord(t) || isBreak(t) && !(dir == 1 && demonstrative(toks, i)) && !pairedAnd(toks, i) || replacedFrom(toks, i) || (isCopula(t) && slices.ContainsFunc(idx, func(j int) bool { return namesSomething(toks[j].Text) })) {
			break
		}
		if !isCopula(t) && hasLetterOrDigit(t) {
			idx = append(idx, i)
		}
	}
	return idx
}

// pairedAnd reports whether token i is "and", "or", "e" or "ou" between
// the two words of a pair that modify one noun ("an earliest and latest
// delivery time", "mínimo e máximo por produto", "pickup and drop-off
// times"), which joins the phrase instead of ending it.
func pairedAnd(toks []Token, i int) bool {
	switch wordAt(toks, i) {
	case "and", "or", "e", "ou":
		return pairWords[wordAt(toks, i-1)] && pairWords[wordAt(toks, i+1)] || haveOrWill(toks, i)
	}
	return false
}

// haveOrWill reports whether the "or" at token i joins having to having
// later ("vocês têm ou vão ter algo de IA?", "do you have or plan to
// have an API?"): what follows is still what is asked about.
func haveOrWill(toks []Token, i int) bool {
	switch wordAt(toks, i-1) {
	case "have", "has", "tem", "temos":
	default:
		return false
	}
	switch wordAt(toks, i+1) {
	case "will", "plan", "planning", "vao", "vai", "pretendem", "planejam":
		return true
	}
	return false
}

// pairWords are the words that come in pairs before one noun.
var pairWords = map[string]bool{
	"earliest": true, "latest": true, "first": true, "last": true, "minimum": true, "maximum": true,
	"min": true, "max": true, "start": true, "end": true, "opening": true, "closing": true,
	"inbound": true, "outbound": true, "pickup": true, "drop-off": true, "dropoff": true,
	"arrival": true, "departure": true, "check-in": true, "check-out": true,
	"minimo": true, "maximo": true, "inicio": true, "fim": true, "entrada": true, "saida": true,
	"abertura": true, "fechamento": true, "ida": true, "volta": true, "chegada": true,
}

// demonstrative reports whether token i is "that" pointing at the noun
// after it ("keep that list per site", "export that report"), not
// opening a clause: the next word is in lowercase, neither a pronoun, an
// article nor an auxiliary ("said that we", "a tool that can") and no
// verb of the third person or past ("a page that shows", "the one that
// worked").
func demonstrative(toks []Token, i int) bool {
	if lowerKey(toks[i].Text) != "that" || i+1 >= len(toks) {
		return false
	}
	next := toks[i+1].Text
	w := lowerKey(next)
	return isWord(next) && startsLower(next) && !clauseOpeners[w] && !strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ed")
}

// clauseOpeners open a clause after "that", or follow it as a pronoun:
// pronouns, articles, auxiliaries and modals, adverbs and prepositions
// ("do that in one click"), folded.
var clauseOpeners = map[string]bool{
	"i": true, "we": true, "you": true, "they": true, "he": true, "she": true, "it": true, "there": true, "this": true, "that": true,
	"the": true, "a": true, "an": true, "our": true, "my": true, "your": true, "their": true, "his": true, "her": true, "its": true,
	"is": true, "are": true, "was": true, "were": true, "be": true, "been": true, "has": true, "have": true, "had": true,
	"do": true, "does": true, "did": true, "can": true, "could": true, "will": true, "would": true, "should": true, "may": true,
	"might": true, "must": true, "shall": true, "won't": true, "can't": true, "doesn't": true, "don't": true, "didn't": true,
	"just": true, "only": true, "also": true, "really": true, "still": true, "actually": true, "not": true, "no": true,
	"much": true, "many": true, "way": true, "kind": true, "sort": true,
	"i'm": true, "we're": true, "you're": true, "they're": true, "it's": true, "we've": true, "i've": true, "we'd": true, "i'd": true,
	"if": true, "when": true, "because": true, "all": true, "every": true, "each": true, "some": true, "any": true,
	"in": true, "on": true, "at": true, "for": true, "to": true, "with": true, "by": true, "from": true, "of": true,
	"about": true, "into": true, "out": true, "up": true, "over": true, "as": true, "so": true, "then": true, "too": true,
	"one": true, "soon": true, "fast": true, "quickly": true, "easily": true, "automatically": true, "again": true,
}

// namesSomething reports whether a word can be part of what a clause
// is about: not a vague word or a lead word ("still", "ainda", "really"),
// which a copula next to the cue is passed over after ("o que me tira o
// sono ainda é a conciliação"), nor an article ("a internet da loja é um
// problema" is about the internet).
func namesSomething(s string) bool {
	w := lowerKey(s)
	return !vague(s) && !themeLeadWords[w] && !determiners[w]
}

// joinsWords reports whether token i is a hyphen or slash written between
// two words without spaces ("sign-on", "e-signature"), or the period of an
// abbreviation inside a phrase ("vs."): it does not end a clause.
func joinsWords(toks []Token, i int) bool {
	t := toks[i].Text
	if i == 0 || i+1 >= len(toks) {
		return false
	}
	if t == "." {
		return toks[i-1].End == toks[i].Start && inlineAbbreviations[lowerKey(toks[i-1].Text)] // "the clock vs. hours flagged"
	}
	if t != "-" && t != "/" {
		return false
	}
	return toks[i-1].End == toks[i].Start && toks[i].End == toks[i+1].Start
}

// entersQuote reports whether token i is a quotation mark that a clause
// read in direction dir enters a quoted phrase by: the opening one read
// forward, the closing one read backward. "asking for a 'battery health
// certificate' on electric cars" is about the certificate: the clause
// reads into the quote and stops at its end.
func entersQuote(toks []Token, i, dir int) bool {
	if dir > 0 {
		return opensQuote(toks, i)
	}
	return closesQuote(toks, i)
}

// leavesQuote reports whether token i is a quotation mark that a clause
// read in direction dir leaves a quoted phrase by, which it passes when
// it has read no word yet: the cue "lost 'a week of his life'" ends inside
// the quote, and its object, "moving jobs around", follows it.
func leavesQuote(toks []Token, i, dir int) bool { return entersQuote(toks, i, -dir) }

// opensQuote reports whether token i is a quotation mark written against
// the word after it and apart from the word before.
func opensQuote(toks []Token, i int) bool {
	switch toks[i].Text {
	case "'", "\"", "‘", "“", "«":
		return i+1 < len(toks) && toks[i+1].Start == toks[i].End && (i == 0 || toks[i-1].End != toks[i].Start)
	}
	return false
}

// closesQuote reports whether token i is a quotation mark written against
// the word before it that closes a quote opened earlier: "the owners'
// pack" is a possessive.
func closesQuote(toks []Token, i int) bool {
	switch toks[i].Text {
	case "'", "\"", "’", "”", "»":
	default:
		return false
	}
	if i == 0 || toks[i-1].End != toks[i].Start || (i+1 < len(toks) && toks[i+1].Start == toks[i].End) {
		return false
	}
	for j := i - 1; j >= 0; j-- {
		if opensQuote(toks, j) {
			return true
		}
	}
	return false
}

// inlineAbbreviations are the words whose period sits inside a phrase.
var inlineAbbreviations = map[string]bool{"vs": true}

// trimTheme drops words that never make a theme (vague words, time
// words, identifiers, adverbs: see vague) wherever they are, then stop
// words and lead words from the start of a theme and stop words from its
// end.
func trimTheme(lang Language, toks []Token, idx []int) []int {
	idx = slices.DeleteFunc(slices.Clone(idx), func(i int) bool {
		return vague(toks[i].Text) || timeEdge(toks, i) || theFall(toks, i) || contaIdiom(lang, toks, i) || ptDate(lang, toks[i].Text)
	})
	for len(idx) > 0 {
		t := toks[idx[0]].Text
		w := lowerKey(t)
		chaser := len(idx) > 2 && chasers[w] && chaserPrepositions[lowerKey(toks[idx[1]].Text)]
		if !chaser && !isStopWord(lang, w) && !themeLeadWords[w] && !negators[w] && !skippable[w] && !connectors[w] && !edgeVerb(lang, toks, idx[0]) {
			break
		}
		idx = idx[1:]
	}
	for len(idx) > 0 {
		t := toks[idx[len(idx)-1]].Text
		w := lowerKey(t)
		if !isStopWord(lang, w) && !connectors[w] && !edgeVerb(lang, toks, idx[len(idx)-1]) && w != "vs" && w != "versus" {
			break // "per-tech time on the clock vs" ends at "clock"
		}
		idx = idx[:len(idx)-1]
	}
	if !slices.ContainsFunc(idx, func(i int) bool { return isContent(lang, toks[i].Text) }) {
		return nil
	}
	return idx
}

// edgeVerb reports whether toks[i] looks like a verb form to trim from
// the edge of a theme (verbEdge), unless an article or a possessive
// makes a Portuguese word a noun: in -ia after a feminine one ("a
// garantia de 90 dias", "da vistoria", "nossa auditoria"; the imperfect
// "garantia", "fazia" has none), in -sse after any ("o repasse de cada
// terapeuta", "do interesse"; the subjunctive "repassasse" has none).
func edgeVerb(lang Language, toks []Token, i int) bool {
	if !verbEdge(lang, toks[i].Text) {
		return false
	}
	if lang != Portuguese || i == 0 {
		return true
	}
	w, before := lowerKey(toks[i].Text), lowerKey(toks[i-1].Text)
	switch {
	case strings.HasSuffix(w, "ia") || strings.HasSuffix(w, "ias"):
		return !nounDeterminers[before]
	case strings.HasSuffix(w, "sse"):
		return !nounDeterminers[before] && !masculineDeterminers[before]
	}
	return true
}

// masculineDeterminers are the masculine Portuguese articles, contractions
// and possessives that stand before a noun (folded); "o" and "os" are
// also pronouns, but seldom before a subjunctive in speech.
var masculineDeterminers = map[string]bool{
	"o": true, "os": true, "do": true, "dos": true, "no": true, "nos": true, "um": true, "uns": true, "ao": true, "aos": true,
	"pelo": true, "pelos": true, "esse": true, "este": true, "desse": true, "deste": true, "nesse": true, "neste": true,
	"seu": true, "seus": true, "nosso": true, "nossos": true, "meu": true, "meus": true,
}

// nounDeterminers are the Portuguese articles, contractions and
// possessives that only stand before a noun (folded): "a" and "as" are
// also pronouns, but seldom before an imperfect.
var nounDeterminers = map[string]bool{
	"a": true, "as": true, "da": true, "das": true, "na": true, "nas": true, "uma": true, "umas": true,
	"pela": true, "pelas": true, "essa": true, "esta": true, "dessa": true, "desta": true, "nessa": true, "nesta": true,
	"sua": true, "suas": true, "nossa": true, "nossas": true, "minha": true, "minhas": true,
}

// chasers ask how something stands, and the words after the preposition
// that follows them are the theme: "still no update on the export",
// "alguma novidade sobre a integração?".
var (
	chasers = map[string]bool{
		"update": true, "updates": true, "news": true, "eta": true, "timeline": true, "word": true,
		"novidade": true, "novidades": true, "noticia": true, "noticias": true, "previsao": true,
	}
	chaserPrepositions = map[string]bool{
		"on": true, "about": true, "regarding": true, "of": true, "for": true,
		"sobre": true, "do": true, "da": true, "dos": true, "das": true, "de": true, "daquele": true, "daquela": true,
		"pro": true, "pra": true, "para": true,
	}
)

// timeEdges are words that, with a time noun after them or as "in the
// end", say when, not what: "todo fim de semana", "at the end of the
// month", "no fim ninguém sabe".
var timeEdges = map[string]bool{
	"fim": true, "final": true, "end": true, "inicio": true, "comeco": true, "meio": true,
	"start": true, "beginning": true, "middle": true,
}

// timeNouns are the spans of time a timeEdge word may bound.
var timeNouns = map[string]bool{
	"semana": true, "mes": true, "dia": true, "ano": true, "noite": true, "tarde": true, "manha": true,
	"semestre": true, "trimestre": true, "turno": true, "expediente": true, "safra": true,
	"week": true, "month": true, "day": true, "year": true, "night": true, "quarter": true,
	"shift": true, "season": true, "term": true, "semester": true,
}

// theFall reports whether token i is "fall" as the season, after "the",
// "this", "last", "next" or "every" ("heading into the fall", "last fall
// I did it from a notepad"); "fall alerts" and "a fall risk" name a need.
func theFall(toks []Token, i int) bool {
	return i > 0 && lowerKey(toks[i].Text) == "fall" && seasonOpeners[lowerKey(toks[i-1].Text)]
}

// ptDate reports whether a Portuguese word is "data" or "datas", a date,
// which names no theme, as "date" does not in English (themewords.txt):
// "data de vencimento por lote" is keyed by the lot and the expiry. The
// word cannot join themewords.txt, where "data" would also be English.
func ptDate(lang Language, s string) bool {
	if lang != Portuguese {
		return false
	}
	w := lowerKey(s)
	return w == "data" || w == "datas"
}

// contaIdiom reports whether Portuguese token i is "conta" or "contas" in
// an idiom that names no account and no sum: coping ("a Juliana não dá
// conta", "papel não dá conta"), "levar em conta", "prestar contas",
// quitting ("pediu as contas") and the vendor's notes and people
// ("Anotação da conta", "gerente de contas"). "outra conta", "juntar
// numa conta só" and "a conta de vocês" are accounts and stay; a sum is
// contaSum's.
func contaIdiom(lang Language, toks []Token, i int) bool {
	if !isConta(lang, toks[i].Text) {
		return false
	}
	prev, before := wordAt(toks, i-1), wordAt(toks, i-2)
	switch {
	case copingDar[prev] && (!strings.EqualFold(toks[i-1].Text, "da") || negators[before]):
		return true // "não dá conta"; "da conta" alone is "of the account"
	case prev == "em" && strings.HasPrefix(before, "lev"):
		return true // "levando em conta"
	case prev == "as" && strings.HasPrefix(before, "ped"):
		return true // "pediu as contas"
	case (prev == "da" || prev == "de") && accountPeople[before]:
		return true // "Anotação da conta (Juliana):", "gerente de contas": the vendor's notes and people
	}
	return strings.HasPrefix(prev, "prest") || prev == "de" && strings.HasPrefix(before, "prest") // "prestar contas", "prestação de contas"
}

// accountPeople are the vendor's notes and people "da conta" or "de
// contas" names: "Anotação da conta", "Nota de conta", "gerente de contas".
var accountPeople = map[string]bool{
	"anotacao": true, "anotacoes": true, "nota": true, "notas": true, "gerente": true, "gerentes": true,
	"gestor": true, "gestora": true, "executivo": true, "executiva": true,
}

// contaSum reports whether Portuguese token i is "conta" or "contas" as a
// sum worked out ("faço essa conta toda na mão", "fazendo conta na
// calculadora", "sem conta manual"), which themeKey keys as a calculation
// ("calcul", the stem of "cálculo" and "calculation").
func contaSum(lang Language, toks []Token, i int) bool {
	if !isConta(lang, toks[i].Text) {
		return false
	}
	next := wordAt(toks, i+1)
	if sumMethods[next] || next == "na" && (wordAt(toks, i+2) == "mao" || wordAt(toks, i+2) == "calculadora") {
		return true
	}
	j := i - 1
	for j >= i-3 && sumDeterminers[wordAt(toks, j)] {
		j--
	}
	return fazerForms[wordAt(toks, j)] // "fazer a conta", "faço essa conta", "fazendo conta"
}

// isConta reports whether a Portuguese word is "conta" or "contas".
func isConta(lang Language, s string) bool {
	if lang != Portuguese {
		return false
	}
	w := lowerKey(s)
	return w == "conta" || w == "contas"
}

// wordAt returns token j folded (lowerKey), or "" outside the sentence.
func wordAt(toks []Token, j int) string {
	if j < 0 || j >= len(toks) {
		return ""
	}
	return lowerKey(toks[j].Text)
}

// copingDar are the forms of "dar" that make "dar conta" ("to cope").
var copingDar = map[string]bool{
	"da": true, "dar": true, "dou": true, "dao": true, "damos": true, "dando": true, "deu": true,
	"dei": true, "dava": true, "davam": true, "daria": true, "dariam": true, "darao": true, "deram": true,
	"der": true, "dara": true, "davamos": true,
}

// fazerForms are the forms of "fazer", "refazer" and "montar" before "a
// conta" (a sum).
var fazerForms = map[string]bool{
	"fazer": true, "faz": true, "faco": true, "fez": true, "fiz": true, "fazendo": true, "fazemos": true,
	"fazem": true, "fazia": true, "faziam": true, "faria": true, "fizesse": true, "fazerem": true,
	"fara": true, "refazer": true, "refaco": true, "refez": true, "refazendo": true, "monta": true, "montar": true, "monto": true, "montou": true,
}

// sumDeterminers may stand between a form of "fazer" and "conta".
var sumDeterminers = map[string]bool{
	"a": true, "as": true, "essa": true, "essas": true, "esta": true, "estas": true, "uma": true,
	"minha": true, "nossa": true, "sua": true, "toda": true, "todas": true, "mesma": true,
}

// sumMethods after "conta" make it a sum worked out by hand.
var sumMethods = map[string]bool{"manual": true, "manuais": true, "toda": true}

// seasonOpeners make "fall" the season.
var seasonOpeners = map[string]bool{"the": true, "this": true, "last": true, "next": true, "every": true}

// timeEdge reports whether token i is a timeEdge word used as a time
// ("fim de semana", "end of the month") or alone after "no", "ao", "in"
// or "at" ("no fim", "in the end").
func timeEdge(toks []Token, i int) bool {
	if !timeEdges[lowerKey(toks[i].Text)] {
		return false
	}
	j := i + 1
	for n := 0; n < 2 && j < len(toks) && timeLinks[lowerKey(toks[j].Text)]; n++ {
		j++
	}
	if j > i+1 && j < len(toks) && timeNouns[lowerKey(toks[j].Text)] {
		return true
	}
	if j > i+1 {
		return false // "fim do contrato", "end of support"
	}
	k := i - 1
	if k >= 0 && lowerKey(toks[k].Text) == "the" {
		k--
	}
	return k >= 0 && timeOpeners[lowerKey(toks[k].Text)]
}

var (
	timeLinks   = map[string]bool{"de": true, "do": true, "da": true, "of": true, "the": true, "o": true, "a": true}
	timeOpeners = map[string]bool{"no": true, "ao": true, "in": true, "at": true}
)

// labelRun returns the words of a label out of a theme's words sel: sel
// with the time and vague words that trimTheme left out inside it put
// back, so that a label reads as the customer wrote it ("reais por mês
// com o escritório contábil", "open a new office in Austin"; spliced,
// they read "reais por com o escritório contábil", "open a office"), and
// without a dangling word at its end (danglingEnds). The key leaves the
// time and vague words out: a label must not be a time word, but may hold
// one.
func labelRun(lang Language, toks []Token, sel []int) []int {
	for n := len(sel); n > 1 && danglingEnds[lowerKey(toks[sel[n-1]].Text)]; n = len(sel) {
		cut := trimTheme(lang, toks, sel[:n-1]) // and the stop words it leaves at the end
		if len(cut) == 0 {
			break
		}
		sel = cut
	}
	var out []int
	for k, i := range sel {
		if k > 0 {
			for j := sel[k-1] + 1; j < i; j++ {
				if isWord(toks[j].Text) && vague(toks[j].Text) {
					out = append(out, j)
				}
			}
		}
		out = append(out, i)
	}
	return out
}

// danglingEnds are words that leave a label hanging when they end it
// ("recheck a few bins without", "facial recognition at clock-in to
// stop"): the object they wait for is in the next clause. labelRun cuts
// them from a label's end, and trimTheme the stop words before them;
// keys keep them.
var danglingEnds = map[string]bool{"without": true, "instead": true, "stop": true, "stops": true}

// readable joins the theme's words as written, spaces collapsed, lowercased
// except acronyms ("ERP", "API"), names ("WhatsApp") and capitalised words
// inside a sentence ("Business", "Protheus").
func readable(toks []Token, idx []int) string {
	var b strings.Builder
	prevEnd := -1
	for _, i := range idx {
		t := toks[i]
		if prevEnd >= 0 && t.Start > prevEnd {
			b.WriteByte(' ')
		}
		if isAcronym(t.Text) || isProperName(t.Text) || (i > 0 && isTitle(t.Text)) {
			b.WriteString(t.Text)
		} else {
			b.WriteString(strings.ToLower(normalizeApostrophe(t.Text)))
		}
		prevEnd = t.End
	}
	return b.String()
}

// isTitle reports whether a word starts with a capital letter.
func isTitle(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}

func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// themeKey returns the sorted, de-duplicated concept stems of the theme's
// content words, joined by spaces: "números de projeto na fatura" and
// "project numbers on invoices" both give "invoic number project". A
// product or company name is stemmed as English whatever the language, so
// that it keys alike in both, and so is each word of a product's name of
// two capitalised words, with no concept ("Apple Pay" is "appl pay" in
// both, not a payment in English only).
func themeKey(lang Language, toks []Token, idx []int) string {
	var stems []string
	for _, i := range idx {
		w := lowerKey(toks[i].Text)
		if isStopWord(lang, w) || negators[w] || connectors[w] || vague(toks[i].Text) {
			continue
		}
		switch {
		case inProductPair(toks, i):
			stems = append(stems, Stem(English, strings.ToLower(toks[i].Text)))
		case contaSum(lang, toks, i):
			stems = append(stems, "calcul")
		default:
			stems = append(stems, wordKey(lang, toks[i].Text))
		}
	}
	if len(stems) > 0 && !slices.ContainsFunc(stems, func(s string) bool { return !amountStems[s] }) {
		return "" // "saber quanto tinha": how much of what is not said
	}
	slices.Sort(stems)
	return strings.Join(slices.Compact(stems), " ")
}

// amountStems key how much or how many ("quanto", "quantas") with
// another word ("quanto a gente perde" is keyed "perd quant"), never
// alone.
var amountStems = map[string]bool{"quant": true}

// inProductPair reports whether toks[i] is a capitalised word of a
// product's name of two words (lists().productPairs) with its neighbour.
func inProductPair(toks []Token, i int) bool {
	if !isCapitalised(toks[i].Text) {
		return false
	}
	pair := func(a, b int) bool {
		return a >= 0 && b < len(toks) && isCapitalised(toks[a].Text) && isCapitalised(toks[b].Text) &&
			lists().productPairs[strings.ToLower(toks[a].Text)+" "+strings.ToLower(toks[b].Text)]
	}
	return pair(i-1, i) || pair(i, i+1)
}

// lowerKey is the lowercase, folded, apostrophe-normalised form of a word
// that the word lists are looked up with (they hold folded forms too).
func lowerKey(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || 'A' <= c && c <= 'Z' {
			return Fold(strings.ToLower(normalizeApostrophe(s)))
		}
	}
	return s // lower-case ASCII, as the three would leave it
}

// hasLetter reports whether a token holds a letter.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

//go:embed data/concepts.txt
var conceptsData string

// parseConcepts parses data/concepts.txt into a table from "lang:stem" to
// the concept's English stem, and the set of its words as written
// ("lang:word", folded: see conceptNoun). A concept without words, or a
// word without its language, is an error.
func parseConcepts(data string) (map[string]string, map[string]bool, error) {
	m, words := map[string]string{}, map[string]bool{}
	n := 0
	for line := range strings.Lines(data) {
		n++
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 2 {
			return nil, nil, fmt.Errorf("nlp: concepts.txt line %d: concept %q lists no words", n, f[0])
		}
		concept := Stem(English, f[0])
		m["en:"+concept] = concept // the concept's own word (see Cognate)
		for _, lw := range f[1:] {
			lang, w, ok := strings.Cut(lw, ":")
			if !ok {
				return nil, nil, fmt.Errorf("nlp: concepts.txt line %d: want LANG:WORD, got %q", n, lw)
			}
			m[lang+":"+Stem(Language(lang), w)] = concept
			words[lang+":"+lowerKey(w)] = true
		}
	}
	return m, words, nil
}

// ConceptForms returns the stems, by language, of the words of the
// data/concepts.txt concept whose theme-key stem is stem ("voic": en
// voic, audio, dictat, …; pt voz, audi, ditad, …), the stem itself
// included; nil when no concept has that stem. A theme key holds the
// concept's stem whichever of its words a need said; the text of a
// document holds the words. The slices are the caller's.
func ConceptForms(stem string) map[Language][]string {
	forms, ok := lists().conceptForms[stem]
	if !ok {
		return nil
	}
	out := make(map[Language][]string, len(forms))
	for l, ss := range forms {
		out[l] = slices.Clone(ss)
	}
	return out
}

// formsOfConcepts inverts the concepts map ("lang:stem" → concept key)
// into each concept key's stems per language, sorted and distinct.
func formsOfConcepts(concepts map[string]string) map[string]map[Language][]string {
	out := map[string]map[Language][]string{}
	for lw, c := range concepts {
		lang, w, _ := strings.Cut(lw, ":")
		if out[c] == nil {
			out[c] = map[Language][]string{}
		}
		out[c][Language(lang)] = append(out[c][Language(lang)], w)
	}
	for _, forms := range out {
		for l := range forms {
			slices.Sort(forms[l])
			forms[l] = slices.Compact(forms[l])
		}
	}
	return out
}

// conceptStem returns the concept key of a stem made in lang: the English
// stem of its concept when data/concepts.txt lists it, else the stem.
func conceptStem(lang Language, stem string) string {
	if c, ok := lists().concepts[string(lang)+":"+stem]; ok {
		return c
	}
	return stem
}

package nlp

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// rule is a deterministic entity extractor: a regexp and a function that
// checks a match, adjusts its span and computes its normalised value.
type rule struct {
	label string
	re    *regexp.Regexp
	// match receives the submatch indexes of one match and the language of
	// the sentence it starts in; it returns the entity's span and value, or
	// false to reject the match.
	match func(text string, m []int, lang Language) (start, end int, value string, ok bool)
	// trigger, when set, is the words a match can start with (lowercase,
	// cut at the first hyphen); the regexp is then anchored and run only
	// at tokens that are such words, which is much cheaper than scanning
	// the text for patterns that start with a word.
	trigger map[string]bool
	// pre, when set, is a cheap test that text may hold a match at all;
	// the regexp runs only when it passes.
	pre func(text string) bool
	// kindOf, when set, gives the Kind of a match's entity.
	kindOf func(text string, m []int) string
	// spans, when set, returns the stretches of text, in order and apart,
	// that hold every match of the regexp; it then runs on each alone.
	// The stretches must be such that no match of the regexp on the whole
	// text crosses a stretch's ends.
	spans func(text string) [][2]int
}

// withPre returns r with the prefilter pre.
func withPre(r rule, pre func(string) bool) rule {
	r.pre = pre
	return r
}

// hasDigit reports whether text holds an ASCII digit.
func hasDigit(text string) bool {
	return strings.ContainsAny(text, "0123456789")
}

// anyOf returns a prefilter that passes text holding a digit and one of
// subs.
func anyOf(subs ...string) func(string) bool {
	return func(text string) bool {
		for _, sub := range subs {
			if strings.Contains(text, sub) {
				return hasDigit(text)
			}
		}
		return false
	}
}

// anyFold is anyOf with subs (lowercase) matched in any case.
func anyFold(subs ...string) func(string) bool {
	has := anyOf(subs...)
	return func(text string) bool { return hasDigit(text) && has(strings.ToLower(text)) }
}

// hasAt reports whether text holds an "@".
func hasAt(text string) bool { return strings.IndexByte(text, '@') >= 0 }

// mayHoldURL reports whether text holds "://" or "www." in any case.
func mayHoldURL(text string) bool {
	return strings.Contains(text, "://") || strings.Contains(text, "www.") || strings.Contains(text, "WWW.")
}

// triggered returns r with the regexp anchored and run only at the given
// words.
func triggered(r rule, words ...string) rule {
	r.re = regexp.MustCompile(`^(?:` + r.re.String() + `)`)
	r.trigger = make(map[string]bool, len(words))
	for _, w := range words {
		r.trigger[w] = true
	}
	return r
}

// triggerWord is the form of a token that rule triggers are written in.
func triggerWord(tok string) string {
	w := strings.ToLower(tok)
	if i := strings.IndexByte(w, '-'); i > 0 {
		w = w[:i]
	}
	return w
}

// smallNumbers are the day numbers a date like "3 March 2026" starts with.
func smallNumbers() []string {
	var ns []string
	for i := 1; i <= 31; i++ {
		n := strconv.Itoa(i)
		ns = append(ns, n, fmt.Sprintf("%02d", i), n+"st", n+"nd", n+"rd", n+"th", n+"º")
	}
	return ns
}

var (
	monthWords = []string{
		"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
		"janeiro", "fevereiro", "março", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
	}
	relativeWords = []string{
		"today", "tomorrow", "yesterday", "tonight", "next", "this", "last", "end", "in", "q1", "q2", "q3", "q4",
		"hoje", "amanhã", "amanha", "ontem", "semana", "mês", "mes", "ano", "trimestre", "próxima", "proxima",
		"próximo", "proximo", "fim", "final", "segunda", "terça", "terca", "quarta", "quinta", "sexta", "em",
	}
	holidayWords = []string{
		"christmas", "xmas", "easter", "thanksgiving", "boxing", "labor", "labour",
		"anzac", "halloween", "hanukkah", "diwali", "finados", "páscoa", "pascoa", "carnaval",
		"réveillon", "reveillon",
	}
	referenceWords = []string{
		"invoice", "inv", "inv.", "purchase", "order", "ticket", "case", "project", "contract", "matter",
		"nota", "nf", "nfe", "pedido", "chamado", "protocolo", "projeto", "contrato", "fatura", "boleto",
		"ordem", "po", "p.o.", "p.o", "oc", "client", "customer", "account", "cliente", "processo",
	}
)

// compileRules builds the rules in priority order: where matches overlap,
// the earlier rule wins. Called once per process. Rules that need a digit
// run only on text that has one.
func compileRules() []rule {
	digits := func(r rule) rule { return withPre(r, hasDigit) }
	return append(placeholderRules(), []rule{
		{label: LabelEmail, re: regexp.MustCompile(emailPattern), match: matchEmail, pre: hasAt},
		{label: LabelURL, re: regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s<>"'\x60]+`), match: matchURL, pre: mayHoldURL},
		digits(triggered(rule{label: LabelReference, re: regexp.MustCompile(taxIDPattern), match: matchTaxID, kindOf: taxIDKind}, "cpf", "cnpj", "cpf/cnpj")),
		{label: LabelReference, re: regexp.MustCompile(`\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}|\d{3}\.\d{3}\.\d{3}-\d{2}`), match: matchTaxID, kindOf: taxIDKind, spans: runsOf("./-", 11)},
		digits(triggered(rule{label: LabelReference, re: regexp.MustCompile(referencePattern), match: matchReference, kindOf: referenceKind}, referenceWords...)),
		withPre(rule{label: LabelMoney, re: regexp.MustCompile(moneyBefore), match: matchMoneyBefore}, anyOf("$", "€", "£", "USD", "BRL", "EUR", "GBP")),
		withPre(rule{label: LabelMoney, re: regexp.MustCompile(moneyAfter), match: matchMoneyAfter}, anyFold("usd", "brl", "eur", "gbp", "reais", "dólares", "dolares", "dollars")),
		{label: LabelDate, re: regexp.MustCompile(`\d{4}-\d{2}-\d{2}`), match: matchISODate, spans: runsOf("-", 8)},
		{label: LabelDate, re: regexp.MustCompile(`(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})`), match: matchNumericDate, spans: runsOf("/", 4)},
		digits(triggered(rule{label: LabelDate, re: regexp.MustCompile(monthDayYear), match: matchMonthDayYear}, monthWords...)),
		digits(triggered(rule{label: LabelDate, re: regexp.MustCompile(dayMonthYear), match: matchDayMonthYear}, smallNumbers()...)),
		digits(triggered(rule{label: LabelDate, re: regexp.MustCompile(monthYear), match: matchMonthYear}, monthWords...)),
		digits(triggered(rule{label: LabelDate, re: regexp.MustCompile(`(?i)Q([1-4])\s*(?:of\s+|de\s+)?(\d{4})`), match: matchQuarter}, "q1", "q2", "q3", "q4")),
		triggered(rule{label: LabelDate, re: regexp.MustCompile(relativeDate), match: matchBounded}, relativeWords...),
		triggered(rule{label: LabelDate, re: regexp.MustCompile(holidayPattern), match: matchBounded}, holidayWords...),
		withPre(rule{label: LabelPercent, re: regexp.MustCompile(`(\d+(?:[.,]\d+)?)\s?(?:%|(?i:percent|per cent|por cento))`), match: matchPercent}, anyFold("%", "percent", "per cent", "por cento")),
		{label: LabelPhone, re: regexp.MustCompile(phonePattern), match: matchPhone, spans: phoneSpans},
	}...)
}

const (
	emailPattern     = `[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`
	referencePattern = `((?i:invoice|inv\.|purchase\s+order|order|ticket|case|project|contract|matter|client|customer|account|cliente|processo|nota\s+fiscal|nf-e|nfe|pedido|chamado|protocolo|projeto|contrato|fatura|boleto|ordem\s+de\s+compra)|PO|P\.O\.|NF|OC)` +
		`(\s*(?:(?i:no\.|nº|n°|n\.º|number|número|numero|num\.|id)\s*#?|#|:\s*#?)\s*|\s+)` +
		`([A-Z]{0,4}-?\d(?:[\d./\-]*\d)?)`
	amount      = `(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`
	multiplier  = `(?:\s?(millions|million|milhões|milhão|billion|bilhões|bilhão|mil|mi|bn|bi|k|m))?`
	moneyBefore = `(R\$|US\$|U\$|\$|€|£|USD|BRL|EUR|GBP)\s?` + amount + multiplier
	moneyAfter  = amount + multiplier + `\s?((?i:usd|brl|eur|gbp|reais|dólares|dolares|dollars|euros))`
	monthNames  = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)`
	mesNames    = `(?i:(janeiro|fevereiro|março|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro))`

	monthDayYear = monthNames + `\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?`
	dayMonthYear = `(\d{1,2})(?:st|nd|rd|th|º)?\s+(?:(?i:de)\s+)?(?:` + monthNames + `|` + mesNames + `)(?:,?\s+(?:(?i:de)\s+)?(\d{4}))?`
	monthYear    = `(?:` + monthNames + `|` + mesNames + `)\s+(?:(?i:de)\s+)?(\d{4})`
	relativeDate = `(?i)(?:today|tomorrow|yesterday|tonight|(?:next|this|last)\s+(?:week|month|quarter|year|monday|tuesday|wednesday|thursday|friday)|end\s+of\s+(?:the\s+)?(?:week|month|quarter|year)|in\s+(?:\d+|a|one|two|three|a\s+few)\s+(?:days?|weeks?|months?|years?)|q[1-4]` +
		`|hoje|amanhã|amanha|ontem|(?:semana|mês|mes|ano|trimestre)\s+que\s+vem|próxima\s+semana|proxima\s+semana|próximo\s+(?:mês|ano|trimestre)|proximo\s+(?:mes|ano|trimestre)|(?:fim|final)\s+do\s+(?:mês|mes|ano|trimestre)|(?:segunda|terça|terca|quarta|quinta|sexta)-feira|em\s+\d+\s+(?:dias|semanas|meses))`
	// holidayPattern names the holidays a year brings round, in
	// capitals: dates, not organisations or subjects ("Finados", when
	// every cemetery prepares, is no new subject; "send Christmas cards"
	// is about the cards). Natal is left out (a city), and so are
	// Memorial Day (a word of funeral homes' trade) and Black Friday (a
	// season a shop plans for); so are the holidays that open with an
	// everyday word ("New Year", "Dia das Mães"), which would run the
	// pattern at every "new" and "dia".
	holidayPattern = `(?:Christmas(?:\s+(?:Eve|Day))?|Xmas|Easter(?:\s+(?:Sunday|Monday|break|holidays))?|Thanksgiving|Boxing\s+Day|Labou?r\s+Day|Anzac\s+Day|Halloween|Hanukkah|Diwali|Finados|Páscoa|Pascoa|Carnaval|Réveillon|Reveillon)`
	phonePattern   = `\+\d{1,3}[\s.\-]?(?:\(\d{1,4}\)[\s.\-]?)?\d{1,5}(?:[\s.\-]?\d{2,5}){1,4}` +
		`|\(\d{2,3}\)\s?\d{3,5}[\s.\-]?\d{4}` +
		`|\d{2,3}[\s.\-]\d{3,5}[\s.\-]\d{4}` +
		`|0800[\s.\-]?\d{3}[\s.\-]?\d{4}`
)

// runsOf returns a spans function for a pattern whose matches are made of
// digits and the bytes of seps alone and hold at least minDigits digits:
// the maximal runs of such bytes with that many digits.
func runsOf(seps string, minDigits int) func(string) [][2]int {
	chars := "0123456789" + seps
	return func(text string) [][2]int {
		return charRuns(text, chars, func(_ string, digits int) bool { return digits >= minDigits })
	}
}

// phoneSpans returns the stretches of text a phonePattern match can lie
// in: maximal runs of digits, whitespace and ".-()+", which every match
// is made of, that hold a "+" before a digit (the pattern's first
// alternative) or at least nine digits (the fewest the others have).
// Running the phone pattern over every text with a digit was a third of
// the rules' time on GitHub issues, whose version numbers and code hold
// digits everywhere.
func phoneSpans(text string) [][2]int {
	return charRuns(text, phoneChars, func(run string, digits int) bool {
		if digits >= 9 {
			return true
		}
		for i := 0; i+1 < len(run); i++ {
			if c := run[i+1]; run[i] == '+' && c >= '0' && c <= '9' {
				return true
			}
		}
		return false
	})
}

// phoneChars are the bytes phonePattern's matches are made of.
const phoneChars = "0123456789 \t\n\f\r.-()+"

// charRuns returns the maximal runs of text made of bytes of chars that
// keep accepts, given the run and how many ASCII digits it holds.
func charRuns(text, chars string, keep func(run string, digits int) bool) [][2]int {
	var out [][2]int
	start, digits := -1, 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && strings.IndexByte(chars, text[i]) >= 0 {
			if start < 0 {
				start, digits = i, 0
			}
			if c := text[i]; c >= '0' && c <= '9' {
				digits++
			}
			continue
		}
		if start >= 0 && keep(text[start:i], digits) {
			out = append(out, [2]int{start, i})
		}
		start = -1
	}
	return out
}

// bounded reports whether text[start:end] is not glued to a letter or digit
// on either side.
func bounded(text string, start, end int) bool {
	return startsWord(text, start) && endsWord(text, end)
}

// startsWord reports whether no letter or digit comes just before i.
func startsWord(text string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// endsWord reports whether no letter or digit comes at i.
func endsWord(text string, i int) bool {
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

func group(text string, m []int, i int) string {
	if 2*i+1 >= len(m) || m[2*i] < 0 {
		return ""
	}
	return text[m[2*i]:m[2*i+1]]
}

func matchBounded(text string, m []int, _ Language) (int, int, string, bool) {
	return m[0], m[1], "", bounded(text, m[0], m[1])
}

func matchEmail(text string, m []int, _ Language) (int, int, string, bool) {
	return m[0], m[1], strings.ToLower(text[m[0]:m[1]]), bounded(text, m[0], m[1])
}

func matchURL(text string, m []int, _ Language) (int, int, string, bool) {
	start, end := m[0], m[1]
	for end > start {
		c := text[end-1]
		if strings.IndexByte(".,;:!?'\"]}>", c) >= 0 || (c == ')' && !strings.Contains(text[start:end], "(")) {
			end--
			continue
		}
		break
	}
	u := text[start:end]
	if strings.HasPrefix(strings.ToLower(u), "www.") {
		u = "http://" + u
	}
	return start, end, u, end-start > 4 && startsWord(text, start)
}

func matchReference(text string, m []int, _ Language) (int, int, string, bool) {
	marker, num := group(text, m, 2), group(text, m, 3)
	if referenceKind(text, m) == KindClient && strings.TrimSpace(marker) == "" {
		return 0, 0, "", false // "client 2026 roadmap": a client number needs "no.", "#" or "ID"
	}
	digits := 0
	for _, r := range num {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	explicit := strings.TrimSpace(marker) != "" || !startsWithDigit(num)
	if digits < 3 && !explicit {
		return 0, 0, "", false
	}
	return m[0], m[1], num, bounded(text, m[0], m[1])
}

// referenceKinds maps the words a reference starts with (lowercase, inner
// spaces removed) to its Kind.
var referenceKinds = map[string]string{
	"invoice": KindInvoice, "inv.": KindInvoice, "fatura": KindInvoice, "notafiscal": KindInvoice,
	"nf-e": KindInvoice, "nfe": KindInvoice, "nf": KindInvoice, "boleto": KindInvoice,
	"purchaseorder": KindPO, "po": KindPO, "p.o.": KindPO, "oc": KindPO, "ordemdecompra": KindPO,
	"order": KindOrder, "pedido": KindOrder,
	"ticket": KindTicket, "case": KindTicket, "chamado": KindTicket, "protocolo": KindTicket,
	"project": KindProject, "projeto": KindProject,
	"contract": KindContract, "contrato": KindContract,
	"matter": KindMatter, "processo": KindMatter,
	"client": KindClient, "customer": KindClient, "account": KindClient, "cliente": KindClient,
}

func referenceKind(text string, m []int) string {
	w := strings.ToLower(strings.Join(strings.Fields(group(text, m, 1)), ""))
	return referenceKinds[w]
}

// taxIDPattern is a CPF or CNPJ after the word: with or without its dots,
// slash and dash.
const taxIDPattern = `(?i:cpf/cnpj|cpf|cnpj)\s*(?:(?i:n[º°o]\.?|número|numero)\s*)?:?\s*(\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}|\d{3}\.\d{3}\.\d{3}-\d{2}|\d{14}|\d{11})`

// matchTaxID accepts a CPF (11 digits) or CNPJ (14 digits) whose check
// digits are right; the span is the number, the value its digits.
func matchTaxID(text string, m []int, _ Language) (int, int, string, bool) {
	start, end := m[0], m[1]
	if len(m) > 2 && m[2] >= 0 {
		start, end = m[2], m[3]
	}
	d := digitsOf(text[start:end])
	ok := (len(d) == 11 && validCPF(d)) || (len(d) == 14 && validCNPJ(d))
	return start, end, d, ok && bounded(text, start, end)
}

func taxIDKind(text string, m []int) string {
	start, end := m[0], m[1]
	if len(m) > 2 && m[2] >= 0 {
		start, end = m[2], m[3]
	}
	if len(digitsOf(text[start:end])) == 14 {
		return KindCNPJ
	}
	return KindCPF
}

// validCPF checks the two check digits of an 11-digit CPF; numbers of one
// repeated digit are invalid.
func validCPF(d string) bool {
	if strings.Count(d, d[:1]) == len(d) {
		return false
	}
	for n := 9; n <= 10; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * (n + 1 - i)
		}
		check := sum * 10 % 11 % 10
		if check != int(d[n]-'0') {
			return false
		}
	}
	return true
}

// validCNPJ checks the two check digits of a 14-digit CNPJ.
func validCNPJ(d string) bool {
	if strings.Count(d, d[:1]) == len(d) {
		return false
	}
	weights := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
	for n := 12; n <= 13; n++ {
		sum := 0
		for i := 0; i < n; i++ {
			sum += int(d[i]-'0') * weights[i+13-n]
		}
		check := 11 - sum%11
		if check >= 10 {
			check = 0
		}
		if check != int(d[n]-'0') {
			return false
		}
	}
	return true
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func matchPercent(text string, m []int, _ Language) (int, int, string, bool) {
	if !startsWord(text, m[0]) {
		return 0, 0, "", false
	}
	return m[0], m[1], strings.ReplaceAll(group(text, m, 1), ",", ".") + "%", true
}

// matchPhone accepts 8 to 15 digits and gives the E.164 form where the
// country is known: written with "+", or a Brazilian (two-digit area code)
// or North American (three-digit area code) number of the usual length.
func matchPhone(text string, m []int, _ Language) (int, int, string, bool) {
	start, end := m[0], m[1]
	s := text[start:end]
	d := digitsOf(s)
	if len(d) < 8 || len(d) > 15 || !bounded(text, start, end) || (start > 0 && strings.ContainsRune("+/.,", rune(text[start-1]))) {
		return 0, 0, "", false
	}
	area := len(digitsOf(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '.' || r == ')' })[0]))
	switch {
	case s[0] == '+':
		return start, end, "+" + d, true
	case strings.HasPrefix(d, "0800"):
		return start, end, "", true
	case area == 2 && (len(d) == 10 || len(d) == 11):
		return start, end, "+55" + d, true
	case area == 3 && len(d) == 10:
		return start, end, "+1" + d, true
	}
	return start, end, "", true
}

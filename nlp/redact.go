package nlp

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Kinds of personal data a Redactor removes. Each is replaced by its
// placeholder, the kind in brackets ("[CPF]"), which the analysis reads
// back as an entity (see placeholderRules), so entity:cpf still finds the
// document.
const (
	PIIEmail  = "EMAIL"
	PIIPhone  = "PHONE"
	PIICPF    = "CPF"
	PIICNPJ   = "CNPJ"
	PIICard   = "CARD"
	PIIIBAN   = "IBAN"
	PIIPerson = "PERSON" // from the tagger; only with RedactConfig.Names
)

// RuleKinds are the kinds found by rules (patterns and check digits), in
// the order they win where matches overlap.
var RuleKinds = []string{PIIEmail, PIIIBAN, PIICard, PIICNPJ, PIICPF, PIIPhone}

// Entity kinds of the REFERENCE entities that redacted cards and IBANs
// become; redacted CPFs and CNPJs keep KindCPF and KindCNPJ.
const (
	KindCard = "card" // a payment card number, Luhn valid
	KindIBAN = "iban" // an IBAN, mod-97 valid
)

// Placeholder is the text that replaces personal data of kind.
func Placeholder(kind string) string { return "[" + kind + "]" }

// Redaction is one span of personal data a Redactor replaced. Start and End
// are the placeholder's byte offsets in the redacted text. Original is the
// removed text: it lives in memory only and must not be written anywhere
// but a sealed field (see Seal).
type Redaction struct {
	Kind     string `json:"kind"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Original string `json:"original"`
}

// piiRule finds one kind of personal data: a regexp and a check of each
// match that may narrow its span. Every match is made of bytes in chars,
// so the regexp runs only over the runs of such bytes that need accepts:
// a few short windows of a long text.
type piiRule struct {
	kind  string
	re    *regexp.Regexp
	chars *[256]bool
	need  func(run string) bool
	check func(text string, start, end int) (int, int, bool)
}

// byteSet is the set of the bytes in s.
func byteSet(s string) *[256]bool {
	var set [256]bool
	for i := 0; i < len(s); i++ {
		set[s[i]] = true
	}
	return &set
}

const (
	digitBytes = "0123456789"
	upperBytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	lowerBytes = "abcdefghijklmnopqrstuvwxyz"
)

var (
	numberChars = byteSet(digitBytes + " \t\n\r\f.-/()+") // cards, tax IDs, phones (\s is ASCII in Go)
	ibanChars   = byteSet(digitBytes + upperBytes + " ")
	emailChars  = byteSet(digitBytes + upperBytes + lowerBytes + "._%+-@")
)

// atLeastDigits returns a test that a run holds n digits or more.
func atLeastDigits(n int) func(string) bool {
	return func(run string) bool {
		d := 0
		for i := 0; i < len(run) && d < n; i++ {
			if run[i] >= '0' && run[i] <= '9' {
				d++
			}
		}
		return d >= n
	}
}

var piiRules = []piiRule{
	{PIIEmail, regexp.MustCompile(emailPattern), emailChars, hasAt, func(text string, s, e int) (int, int, bool) {
		return s, e, bounded(text, s, e)
	}},
	{PIIIBAN, regexp.MustCompile(`[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}`), ibanChars, atLeastDigits(8), checkIBAN},
	{PIICard, regexp.MustCompile(`\d{13,19}|\d{4}(?: \d{4}){2} \d{1,7}|\d{4}(?:-\d{4}){2}-\d{1,7}|\d{4}[ -]\d{6}[ -]\d{4,5}`), numberChars, atLeastDigits(13), checkCard},
	{PIICNPJ, regexp.MustCompile(`\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}|\d{14}`), numberChars, atLeastDigits(14), checkTaxID(14, validCNPJ)},
	{PIICPF, regexp.MustCompile(`\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11}`), numberChars, atLeastDigits(11), checkTaxID(11, validCPF)},
	{PIIPhone, regexp.MustCompile(phonePattern), numberChars, atLeastDigits(8), func(text string, s, e int) (int, int, bool) {
		s, e, _, ok := matchPhone(text, []int{s, e}, Unknown)
		return s, e, ok
	}},
}

// runs calls f with the bounds of each maximal run of bytes of text in
// chars that need accepts.
func runs(text string, chars *[256]bool, need func(string) bool, f func(start, end int)) {
	for i := 0; i < len(text); {
		if !chars[text[i]] {
			i++
			continue
		}
		j := i
		for j < len(text) && chars[text[j]] {
			j++
		}
		if need(text[i:j]) {
			f(i, j)
		}
		i = j
	}
}

// checkTaxID accepts a number of n digits, glued to nothing, whose check
// digits valid accepts.
func checkTaxID(n int, valid func(string) bool) func(string, int, int) (int, int, bool) {
	return func(text string, s, e int) (int, int, bool) {
		d := digitsOf(text[s:e])
		return s, e, len(d) == n && valid(d) && bounded(text, s, e)
	}
}

// checkCard accepts 13 to 19 digits that pass the Luhn check and are not a
// number written with a country code ("+55 ...").
func checkCard(text string, s, e int) (int, int, bool) {
	d := digitsOf(text[s:e])
	if len(d) < 13 || len(d) > 19 || !bounded(text, s, e) || (s > 0 && text[s-1] == '+') {
		return s, e, false
	}
	return s, e, luhn(d)
}

// luhn reports whether the digits d pass the Luhn check.
func luhn(d string) bool {
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		n := int(d[i] - '0')
		if (len(d)-1-i)%2 == 1 {
			n *= 2
			if n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return sum%10 == 0
}

// ibanLengths is the length of an IBAN in each country that issues them
// (SWIFT's IBAN registry).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
	"BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
	"ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
	"HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
	"LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
	"MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
	"RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}

// checkIBAN accepts the IBAN at the start of the match: as many characters
// as its country's IBANs have, spaces aside, with a valid mod-97 check.
func checkIBAN(text string, s, e int) (int, int, bool) {
	n, ok := ibanLengths[text[s:s+2]]
	if !ok {
		return s, e, false
	}
	var b strings.Builder
	end := s
	for i := s; i < e && b.Len() < n; i++ {
		if text[i] != ' ' {
			b.WriteByte(text[i])
			end = i + 1
		}
	}
	iban := b.String()
	return s, end, len(iban) == n && bounded(text, s, end) && mod97(iban) == 1
}

// mod97 is the ISO 7064 remainder of an IBAN: its first four characters
// moved to the end, letters read as 10 to 35.
func mod97(iban string) int {
	r := 0
	for _, c := range iban[4:] + iban[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			r = (r*100 + int(c-'A'+10)) % 97
		}
	}
	return r
}

// findPII returns the spans of personal data of the kinds in want, free of
// overlaps: the earlier kind of RuleKinds wins, then the earlier and longer
// match. The Start and End of each are offsets into text.
func findPII(text string, want map[string]bool) []Redaction {
	var out []Redaction
	for _, r := range piiRules {
		if !want[r.kind] {
			continue
		}
		runs(text, r.chars, r.need, func(start, end int) {
			for pos := start; pos < end; {
				m := r.re.FindStringIndex(text[pos:end])
				if m == nil {
					break
				}
				s, e, ok := r.check(text, pos+m[0], pos+m[1])
				if !ok || s >= e || overlapsRedaction(out, s, e) || gluedToPlaceholder(text, s, e) {
					pos += m[0] + 1 // a rejected match may hide one starting inside it
					continue
				}
				out = append(out, Redaction{Kind: r.kind, Start: s, End: e, Original: text[s:e]})
				pos = e
			}
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// gluedToPlaceholder reports whether text[s:e] touches a placeholder. The
// redacted span was bounded by letters or digits of its own, which glued
// the match to it; so the match stays unredacted, as it was the first time.
func gluedToPlaceholder(text string, s, e int) bool {
	before := placeholderEnd.FindStringIndex(text[max(0, s-10):s])
	after := placeholderStart.FindStringIndex(text[e:min(len(text), e+10)])
	return before != nil || after != nil
}

var (
	placeholderEnd   = regexp.MustCompile(placeholderRe.String() + `$`)
	placeholderStart = regexp.MustCompile(`^` + placeholderRe.String())
)

func overlapsRedaction(rs []Redaction, s, e int) bool {
	for _, r := range rs {
		if s < r.End && r.Start < e {
			return true
		}
	}
	return false
}

// replaceSpans replaces each span (sorted, free of overlaps, offsets into
// text) by its placeholder and returns the new text, with the spans moved
// to the placeholders' offsets.
func replaceSpans(text string, spans []Redaction) (string, []Redaction) {
	var b strings.Builder
	last := 0
	out := make([]Redaction, len(spans))
	for i, r := range spans {
		b.WriteString(text[last:r.Start])
		p := Placeholder(r.Kind)
		out[i] = Redaction{Kind: r.Kind, Start: b.Len(), End: b.Len() + len(p), Original: r.Original}
		b.WriteString(p)
		last = r.End
	}
	b.WriteString(text[last:])
	return b.String(), out
}

// personSpans returns the spans of the PERSON entities found in text (by
// the tagger, or as a greeted name, a sender or a speaker) read as lang (Unknown: detected), outside the spans already taken,
// and the language the text was read in.
func (a *Analyzer) personSpans(ctx context.Context, text string, lang Language, taken []Redaction) ([]Redaction, Language, error) {
	doc := docOf(text)
	if lang != Unknown {
		doc.Lang = string(lang)
	}
	res, err := a.Analyze(ctx, doc)
	if err != nil {
		return nil, Unknown, fmt.Errorf("nlp: redact names: %w", err)
	}
	var out []Redaction
	for _, e := range res.Entities {
		if e.Label == LabelPerson && !placeholderRe.MatchString(e.Text) && !overlapsRedaction(taken, e.Start, e.End) {
			out = append(out, Redaction{Kind: PIIPerson, Start: e.Start, End: e.End, Original: e.Text})
		}
	}
	return out, res.Language, nil
}

// placeholderRe matches a placeholder a Redactor wrote.
var placeholderRe = regexp.MustCompile(`\[(EMAIL|PHONE|CPF|CNPJ|CARD|IBAN|PERSON)\]`)

func hasPlaceholder(text string) bool { return strings.Contains(text, "]") }

// placeholderRules read placeholders back as entities: [EMAIL] and [PHONE]
// as EMAIL and PHONE, [PERSON] as PERSON, the numbers as REFERENCEs of
// their kind. The value is the kind in lowercase ("cpf"), which is what
// the query entity:cpf looks for.
func placeholderRules() []rule {
	labels := []struct {
		label string
		kinds []string
	}{
		{LabelEmail, []string{PIIEmail}},
		{LabelPhone, []string{PIIPhone}},
		{LabelPerson, []string{PIIPerson}},
		{LabelReference, []string{PIICPF, PIICNPJ, PIICard, PIIIBAN}},
	}
	var rules []rule
	for _, l := range labels {
		kinds := slices.Clone(l.kinds)
		rules = append(rules, rule{
			label: l.label, re: placeholderRe, pre: hasPlaceholder,
			match: func(text string, m []int, _ Language) (int, int, string, bool) {
				kind := text[m[2]:m[3]]
				return m[0], m[1], strings.ToLower(kind), slices.Contains(kinds, kind)
			},
			kindOf: func(text string, m []int) string {
				if l.label != LabelReference {
					return ""
				}
				return strings.ToLower(text[m[2]:m[3]])
			},
		})
	}
	return rules
}

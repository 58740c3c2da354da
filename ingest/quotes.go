package ingest

import (
	"regexp"
	"strings"
)

// Patterns of quoted history, signatures and disclaimers in the forms mail
// clients write them, in English, Portuguese and the other common languages
// of mail clients.
var (
	// attribution ends the line (or two or three wrapped lines) that
	// introduces a quote: "On Mon, Apr 2, 2012 at 6:26 PM, Ana <a@b.c>
	// wrote:", "Em 2 de abr. de 2012, às 18:26, Ana escreveu:".
	attribution = regexp.MustCompile(`(?i)(^|[^\p{L}])(wrote|writes|escreveu|escribió|a écrit|schrieb|ha scritto|schreef|napisał|skrev|kirjoitti|написал|написала|пишет)\s*:\s*$`)
	// mailAttribution is the attribution some clients (Yandex, Mail.ru)
	// write without a verb: a date, a name and the address, then a colon.
	mailAttribution = regexp.MustCompile(`\d.*@[^\s@]+\.[^\s@]+>?\s*:\s*$`)
	// attributionStart is how an attribution line begins: an intro word or
	// a date.
	attributionStart = regexp.MustCompile(`(?i)^(>\s*)*(-+\s*)?(on|em|no dia|le|el|am|il|op|den|på|w dniu|\d)`)
	// separator lines: "-----Original Message-----", "---------- Forwarded
	// message ---------", "Begin forwarded message:".
	separator = regexp.MustCompile(`(?i)^\s*(-{2,}\s*(original message|mensagem original|mensaje original|message d'origine|ursprüngliche nachricht|messaggio originale|forwarded message|mensagem encaminhada|mensaje reenviado|message transféré)\s*-{2,}|(begin forwarded message|início da mensagem encaminhada|inicio del mensaje reenviado)\s*:)\s*$`)
	// rule is a line of dashes or underscores, as Outlook puts above the
	// header block of the message it replies to.
	rule = regexp.MustCompile(`^\s*([-_=]\s*){5,}$`)
	// fromHeader and otherHeader are the lines of a quoted header block:
	// "From: ...", "*De:* ...", "Enviado: ...".
	fromHeader  = regexp.MustCompile(`(?i)^\s*\*?(from|de|von|van|da|od|från|от)\s*:\*?\s*\S`)
	otherHeader = regexp.MustCompile(`(?i)^\s*\*?(sent|date|to|cc|subject|enviado|enviada|data|para|assunto|gesendet|datum|an|betreff|envoyé|à|objet|asunto|fecha|enviado el|отправлено|кому|тема)\s*:\*?`)
	// mobileSig is the line a phone or web client adds under a message.
	mobileSig = regexp.MustCompile(`(?i)^\s*(sent from my|sent from (mail|outlook|yahoo mail|samsung)|enviado do meu|enviado de meu|enviado desde mi|envoyé de mon|von meinem|inviato da|sent from blackberry|get outlook for|obter o outlook para|baixe o outlook para|sent with|enviado com|sent via|enviado via)\b[^.,;!?]{0,60}$`)
	// valediction is a closing line after which only a name and contact
	// lines follow.
	valediction = regexp.MustCompile(`(?i)^\s*(best( regards)?|kind regards|warm regards|regards|many thanks|thanks( a lot| again)?|thank you|cheers|sincerely|yours( truly| sincerely)?|atenciosamente|att|att\.|atte|cordialmente|abraços?|um abraço|abs|saudações|obrigad[oa]|grat[oa]|muito obrigad[oa]|saludos|un saludo|cordialement|mit freundlichen grüßen|viele grüße|с уважением)[ \t]*[,.!]?\s*$`)
	// disclaimer marks a legal notice or a mailing-list footer paragraph.
	disclaimer = regexp.MustCompile(`(CONFIDENTIAL|CONFIDENCIAL|DISCLAIMER|AVISO LEGAL|(?i:intended (solely |only )?for the( use of the)?( named)? (addressee|recipient|individual)|this (e-?mail|message|communication) (and any (files|attachments)|is intended|may contain|contains confidential)|esta mensagem (e seus anexos|é destinada|pode conter|contém informa)|este e-?mail (e seus anexos|é destinado|pode conter)|destinat[áa]rio (indicado|pretendido)|mailing list|you are receiving this because|reply to this email directly|view it on github))`)
)

// Strip splits a plain-text message body into what its writer wrote and
// what was stripped: quoted replies (kind "quote"), signatures
// ("signature") and legal or mailing-list footers ("disclaimer"). The kept
// text has its trailing blank lines trimmed; nothing of the input is lost
// (kept and stripped texts together hold every non-blank line).
func Strip(text string) (kept string, stripped []Stripped) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	lines := strings.Split(text, "\n")
	var keep []string
	var quote []string
	for i := 0; i < len(lines); {
		if n := attributionAt(lines, i); n > 0 {
			j := skipBlank(lines, i+n)
			if !isBlankAll(keep) && (j >= len(lines) || !quoted(lines[j])) {
				quote = append(quote, lines[i:]...)
				break
			}
			quote = append(quote, lines[i:i+n]...)
			i += n
			continue
		}
		if startsHistory(lines, i) && !isBlankAll(keep) {
			quote = append(quote, lines[i:]...)
			break
		}
		if quoted(lines[i]) {
			quote = append(quote, lines[i])
			i++
			continue
		}
		keep = append(keep, lines[i])
		i++
	}
	keep, disc := stripDisclaimer(keep)
	keep, sig := stripSignature(keep)
	kept = strings.TrimRight(strings.Join(keep, "\n"), " \t\n")
	kept = strings.TrimLeft(kept, "\n")
	for _, s := range []Stripped{{"quote", joinTrim(quote)}, {"signature", joinTrim(sig)}, {"disclaimer", joinTrim(disc)}} {
		if s.Text != "" {
			stripped = append(stripped, s)
		}
	}
	return kept, stripped
}

func joinTrim(lines []string) string { return strings.Trim(strings.Join(lines, "\n"), "\n") }

func quoted(line string) bool { return strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") }

func skipBlank(lines []string, i int) int {
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	return i
}

func isBlankAll(lines []string) bool {
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			return false
		}
	}
	return true
}

// attributionAt returns how many lines (1 to 3) the quote attribution at
// line i spans, or 0 when there is none.
func attributionAt(lines []string, i int) int {
	first := strings.TrimSpace(lines[i])
	if first == "" || len(first) > 300 || !attributionStart.MatchString(first) {
		return 0
	}
	joined := first
	for n := 1; n <= 3 && i+n <= len(lines); n++ {
		if n > 1 {
			next := strings.TrimSpace(lines[i+n-1])
			if next == "" {
				return 0
			}
			joined += " " + next
		}
		if len(joined) > 400 {
			return 0
		}
		if attribution.MatchString(joined) {
			return n
		}
		if mailAttribution.MatchString(joined) {
			if j := skipBlank(lines, i+n); j < len(lines) && quoted(lines[j]) {
				return n
			}
		}
	}
	return 0
}

// startsHistory reports whether line i starts forwarded or replied-to
// history that runs to the end: a separator, or a header block ("From:"
// then "Sent:"/"To:"/"Subject:"), optionally under a rule.
func startsHistory(lines []string, i int) bool {
	l := lines[i]
	if separator.MatchString(l) {
		return true
	}
	if rule.MatchString(l) {
		j := skipBlank(lines, i+1)
		if j >= len(lines) || j-i > 3 {
			return false
		}
		n := 0
		for k := j; k < len(lines) && k < j+6; k++ {
			if fromHeader.MatchString(lines[k]) || otherHeader.MatchString(lines[k]) {
				n++
			}
		}
		return n >= 2
	}
	return headerBlock(lines, i)
}

func headerBlock(lines []string, i int) bool {
	if i >= len(lines) || !fromHeader.MatchString(lines[i]) {
		return false
	}
	for j := i + 1; j < len(lines) && j <= i+4; j++ {
		if otherHeader.MatchString(lines[j]) {
			return true
		}
	}
	return false
}

// stripSignature cuts the signature off the end of lines: from a "-- "
// delimiter, a mobile client's "Sent from my ..." line, or a closing such
// as "Best regards," / "Atenciosamente," followed only by a few short
// lines.
func stripSignature(lines []string) (keep, sig []string) {
	end := len(lines)
	for end > 0 && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	for i := max(0, end-40); i < end; i++ { // a signature is in the last lines
		t := strings.TrimRight(lines[i], " \t")
		rest := end - i - 1
		switch {
		case (t == "--" || t == "-- " || lines[i] == "-- ") && i > 0 && rest <= 12:
		case mobileSig.MatchString(t) && shortTail(lines[i+1:end], 3, 80):
		case valediction.MatchString(t) && i > 0 && shortTail(lines[i+1:end], 7, 80):
		default:
			continue
		}
		if isBlankAll(lines[:i]) {
			return lines, nil
		}
		return lines[:i], lines[i:end]
	}
	return lines, nil
}

// shortTail reports whether lines has at most n non-blank lines, each at
// most width bytes.
func shortTail(lines []string, n, width int) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		n--
		if n < 0 || len(t) > width {
			return false
		}
	}
	return true
}

// stripDisclaimer cuts legal notices and mailing-list footers off the end,
// paragraph by paragraph.
func stripDisclaimer(lines []string) (keep, disc []string) {
	end := len(lines)
	for {
		for end > 0 && strings.TrimSpace(lines[end-1]) == "" {
			end--
		}
		start := end
		for start > 0 && strings.TrimSpace(lines[start-1]) != "" {
			start--
		}
		if start == end || start == 0 || !disclaimer.MatchString(strings.Join(lines[start:end], " ")) {
			break
		}
		disc = append(append([]string{}, lines[start:end]...), disc...)
		end = start
	}
	// a rule right above a stripped footer goes with it
	for end > 0 && disc != nil && (rule.MatchString(lines[end-1]) || strings.TrimSpace(lines[end-1]) == "") {
		if strings.TrimSpace(lines[end-1]) != "" {
			disc = append([]string{lines[end-1]}, disc...)
		}
		end--
	}
	return lines[:end], disc
}

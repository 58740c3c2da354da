package ingest

import (
	"strings"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// ParseText reads plain text. Speaker-labelled text ("Agent: ...",
// "[00:01:02] Maria: ...") is a call transcript and is kept as it is, with
// its turns; any other text is taken as a note or a pasted message, and its
// quoted history, signature and disclaimers are stripped as in email.
func ParseText(b []byte, cfg Config) (Parsed, error) {
	if !utf8.Valid(b) {
		return Parsed{}, malformed("text: not valid UTF-8")
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\ufeff"), "\r\n", "\n")
	pre, text := readPreamble(text, cfg.DateOrder)
	p := Parsed{Format: FormatText}
	if turns := Turns(text, cfg.Roles); isTranscript(turns) {
		p.Document = ckm.Document{Text: text, Turns: turns}
		transcriptMeta(&p.Document, FormatText)
		pre.apply(&p.Document, cfg, AtHeader)
		return p, wrapf0(finish(&p, cfg, ckm.SourceCall), "text")
	}
	return stripped(p, text, cfg, ckm.SourceNote, "text", pre)
}

// ParseHTML reads an HTML message body (no headers): it is converted to
// text (see HTMLText) and stripped as in email.
func ParseHTML(b []byte, cfg Config) (Parsed, error) {
	return stripped(Parsed{Format: FormatHTML}, HTMLText(b), cfg, ckm.SourceEmail, "html", preamble{})
}

func stripped(p Parsed, text string, cfg Config, source ckm.Source, op string, pre preamble) (Parsed, error) {
	kept, st := Strip(text)
	p.Document.Text, p.Stripped = kept, st
	p.Document.Meta = map[string]string{}
	for _, s := range st {
		p.Document.Meta["stripped."+s.Kind] = s.Text
	}
	pre.apply(&p.Document, cfg, AtHeader)
	return p, wrapf0(finish(&p, cfg, source), op)
}

// wrapf0 prefixes a non-nil error with op.
func wrapf0(err error, op string) error {
	if err == nil {
		return nil
	}
	return wrapf(err, "%s", op)
}

// headerWords are labels of email and form headers, not speakers.
var headerWords = map[string]bool{
	"from": true, "to": true, "cc": true, "bcc": true, "sent": true, "date": true, "subject": true,
	"de": true, "para": true, "assunto": true, "enviado": true, "enviada": true, "data": true,
	"re": true, "fw": true, "fwd": true, "note": true, "nota": true, "ps": true, "p.s": true,
}

// isTranscript tells speaker turns from text that merely has a few
// "Label: value" lines: no label may be a header word, and some speaker
// must have a known role, speak twice, or have a time stamp.
func isTranscript(turns []ckm.Turn) bool {
	if len(turns) < 2 {
		return false
	}
	seen := map[string]bool{}
	evidence := false
	for _, t := range turns {
		key := strings.ToLower(t.Speaker)
		if headerWords[key] {
			return false
		}
		if t.Role != ckm.RoleUnknown || seen[key] || t.Offset > 0 {
			evidence = true
		}
		seen[key] = true
	}
	return evidence
}

package ingest

import (
	"maps"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// ParseText reads plain text. Header lines at the top ("Date: …", "Data
// da chamada: …", "Subject: …") are kept out of the text: they give the
// document's date, subject and client and are kept in the meta "header".
// Speaker-labelled text ("Agent: ...", "[00:01:02] Maria: ...") is a call
// transcript: its text is each turn's words without the label, and its
// turns carry the speakers, roles and time stamps. Any other text is taken
// as a note or a pasted message, and its quoted history, signature and
// disclaimers are stripped as in email.
func ParseText(b []byte, cfg Config) (Parsed, error) {
	if !utf8.Valid(b) {
		return Parsed{}, malformed("text: not valid UTF-8")
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\ufeff"), "\r\n", "\n")
	pre, text := readPreamble(text, cfg.DateOrder)
	roles := cfg.Roles
	if len(pre.roles) > 0 {
		roles = maps.Clone(pre.roles)
		maps.Copy(roles, cfg.Roles)
	}
	if turns := Turns(text, roles); isTranscript(turns) {
		return textTranscript(text, turns, pre, cfg)
	}
	return stripped(Parsed{Format: FormatText}, text, cfg, ckm.SourceNote, "text", pre)
}

// textTranscript builds the call of a speaker-labelled text from its
// turns: the words without labels, dated by the preamble or else by the
// first turn's dated stamp ("[2026-08-06 15:02:12] Kate: ").
func textTranscript(text string, turns []ckm.Turn, pre preamble, cfg Config) (Parsed, error) {
	cues := textCues(text, turns)
	stamp, stamped := stampedDate(text[turns[0].Start:turns[0].End], cfg.DateOrder)
	if stamped {
		for i := range cues { // clock times of day: offsets from the first
			cues[i].at = max(cues[i].at-turns[0].Offset, 0)
		}
	}
	p := Parsed{Format: FormatText, Document: buildTranscript(cues, nil, cfg)}
	if lead := strings.TrimSpace(text[:turns[0].Start]); lead != "" {
		p.Document.Meta = map[string]string{"transcript.preamble": lead}
	}
	transcriptMeta(&p.Document, FormatText)
	pre.apply(&p.Document, cfg, AtHeader)
	if stamped && p.Document.At.IsZero() {
		setAt(&p.Document, stamp, cfg, AtHeader)
	}
	return p, wrapf0(finish(&p, cfg, ckm.SourceCall), "text")
}

// stampedDate reads the date of a turn's time stamp, when it has one.
func stampedDate(turn string, order DateOrder) (when, bool) {
	turn = strings.TrimSpace(turn)
	if !strings.HasPrefix(turn, "[") {
		return when{}, false
	}
	stamp, _, ok := strings.Cut(turn[1:], "]")
	if !ok || !stampDatePrefix.MatchString(stamp) {
		return when{}, false
	}
	return findDate(stamp, order)
}

var stampDatePrefix = regexp.MustCompile(`^` + stampDate)

// textCues turns the labelled turns of a text transcript into cues of
// the words after each label, so that the text keeps no "Speaker:" or
// "[00:01:02]" prefix.
func textCues(text string, turns []ckm.Turn) []cue {
	cues := make([]cue, 0, len(turns))
	for _, t := range turns {
		body := text[t.Start:t.End]
		if m := speakerLine.FindStringIndex(body); m != nil && m[0] == 0 {
			body = body[m[1]-1:] // the label's match ends on the first byte of the words
		}
		cues = append(cues, cue{at: t.Offset, speaker: t.Speaker, role: t.Role, text: strings.TrimSpace(body)})
	}
	return cues
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

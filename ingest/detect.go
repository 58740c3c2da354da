package ingest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"mime"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Format is a kind of input Parse can read.
type Format string

// The formats Detect can tell apart.
const (
	FormatUnknown        Format = ""
	FormatEmail          Format = "email"           // one RFC 822 / MIME message
	FormatMbox           Format = "mbox"            // messages each after a "From " line
	FormatVTT            Format = "vtt"             // WebVTT captions
	FormatSRT            Format = "srt"             // SubRip captions
	FormatTranscriptJSON Format = "transcript-json" // JSON turns
	FormatTicketJSON     Format = "ticket-json"     // help-desk ticket export
	FormatCSV            Format = "csv"             // rows under a header
	FormatHTML           Format = "html"            // an HTML body
	FormatText           Format = "text"            // plain text, maybe speaker-labelled
)

// mediaTypes maps content types to formats.
var mediaTypes = map[string]Format{
	"message/rfc822": FormatEmail, "application/mbox": FormatMbox,
	"text/vtt": FormatVTT, "application/x-subrip": FormatSRT, "text/srt": FormatSRT,
	"text/csv": FormatCSV, "text/tab-separated-values": FormatCSV, "text/html": FormatHTML, "text/plain": FormatText,
}

// extensions maps lowercase file extensions to formats.
var extensions = map[string]Format{
	".eml": FormatEmail, ".msg822": FormatEmail, ".mbox": FormatMbox, ".mbx": FormatMbox,
	".vtt": FormatVTT, ".srt": FormatSRT, ".csv": FormatCSV, ".tsv": FormatCSV, ".html": FormatHTML, ".htm": FormatHTML,
	".txt": FormatText, ".text": FormatText,
}

var (
	headerLine = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]{0,60}:[ \t]*\S?`)
	srtStart   = regexp.MustCompile(`^\d{1,7}\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->`)
	mboxFrom   = regexp.MustCompile(`^From \S+ `)
)

// Detect tells the format of an input from its content first, then its
// content type, then its file extension: a transcript saved as .txt that
// is really WebVTT is read as WebVTT. It returns FormatUnknown for binary
// data and for text it cannot place.
func Detect(name, contentType string, data []byte) Format {
	head := data[:min(len(data), 8192)]
	if len(bytes.TrimSpace(head)) == 0 || bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimPartialRune(head)) && !looksLikeMail(head) {
		return FormatUnknown
	}
	if f := sniff(head); f != FormatUnknown {
		return f
	}
	if s := bytes.TrimLeft(head, "\ufeff \t\r\n"); len(s) > 0 && s[0] == '{' {
		if f := sniffJSONKeys(data); f != FormatUnknown {
			return f
		}
	}
	if looksCSV(head) {
		return FormatCSV
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		if f, ok := mediaTypes[mt]; ok {
			return f
		}
	}
	if f, ok := extensions[strings.ToLower(path.Ext(name))]; ok {
		return f
	}
	if !utf8.Valid(trimPartialRune(head)) {
		return FormatUnknown
	}
	return FormatText
}

// looksCSV reports whether head is rows under a header that names a text
// column and another (by the usual names, see csv.go), split by one delimiter into
// the same number of fields: a CSV export saved as .txt.
func looksCSV(head []byte) bool {
	if i := bytes.LastIndexByte(head, '\n'); i > 0 && len(head) == 8192 {
		head = head[:i] // whole lines only
	}
	comma, body := csvDelimiter(bytes.TrimPrefix(head, []byte("\ufeff")))
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = comma, -1, true
	header, err := r.Read()
	if err != nil || len(header) < 2 {
		return false
	}
	if col, err := csvColumns(header, nil); err != nil || len(col) < 2 {
		return false // a text column and one more: not "Notes, from the call"
	}
	rec, err := r.Read()
	return err == nil && len(rec) == len(header)
}

// sniff recognises formats with an unmistakable start.
func sniff(head []byte) Format {
	s := bytes.TrimLeft(head, "\ufeff \t\r\n")
	switch {
	case bytes.HasPrefix(s, []byte("WEBVTT")):
		return FormatVTT
	case srtStart.Match(s):
		return FormatSRT
	case mboxFrom.Match(s) && looksLikeMail(s[bytes.IndexByte(s, '\n')+1:]):
		return FormatMbox
	case looksLikeMail(s):
		return FormatEmail
	case len(s) > 0 && (s[0] == '{' || s[0] == '['):
		return sniffJSON(s)
	case bytes.HasPrefix(bytes.ToLower(s), []byte("<!doctype html")), bytes.HasPrefix(bytes.ToLower(s), []byte("<html")):
		return FormatHTML
	}
	return FormatUnknown
}

// looksLikeMail reports whether head starts with a block of RFC 822
// headers that names at least two of From, To, Subject, Date, Message-ID
// and a MIME header.
func looksLikeMail(head []byte) bool {
	known := 0
	for i, line := range bytes.Split(head, []byte("\n")) {
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if !headerLine.Match(line) || i > 200 {
			return false
		}
		switch strings.ToLower(string(line[:bytes.IndexByte(line, ':')])) {
		case "from", "to", "subject", "date", "message-id", "mime-version", "content-type", "in-reply-to", "received", "return-path":
			known++
		}
	}
	return known >= 2
}

// sniffJSON tells transcript JSON from ticket JSON by the keys it uses.
func sniffJSON(s []byte) Format {
	low := bytes.ToLower(s)
	has := func(k string) bool { return bytes.Contains(low, []byte(`"`+k+`"`)) }
	switch {
	case has("meeting_transcripts"), has("turns"), has("utterances"), has("segments") && (has("speaker") || has("text")),
		has("speaker") && (has("content") || has("text") || has("transcript")) && !has("subject"):
		return FormatTranscriptJSON
	case has("subject"), has("description"), has("tickets"), has("comments"), has("requester"), has("conversations"):
		return FormatTicketJSON
	}
	return FormatUnknown
}

// sniffJSONKeys decodes the top-level keys of a whole JSON object, for
// exports whose telling keys come after the first few kilobytes.
func sniffJSONKeys(data []byte) Format {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return FormatUnknown
	}
	var keys []byte
	for k := range top {
		keys = append(keys, `"`+k+`" `...)
	}
	return sniffJSON(keys)
}

// trimPartialRune cuts an incomplete UTF-8 sequence off the end of b, which
// may be a prefix of a longer input.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

package ingest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// maxParts bounds the MIME parts read from one message, and maxDepth the
// nesting of multiparts.
const (
	maxParts = 200
	maxDepth = 10
)

// body is what the MIME walk found in a message.
type body struct {
	plain, html string
	atts        []Attachment
	parts       int
}

// ParseEmail reads one RFC 822 / MIME message: its headers, thread ids,
// body (text/plain preferred, else HTML converted to text; any charset and
// transfer encoding) and attachments (listed, not read). The body's quoted
// history, signature and disclaimers are stripped (see Strip) and kept in
// Parsed.Stripped and in Document.Meta ("stripped.quote", ...). The
// document's ID is "msg:" and the Message-ID when the message has one.
func ParseEmail(b []byte, cfg Config) (Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return Parsed{}, malformed("email: %v", err)
	}
	var bd body
	if err := bd.walk(headerMap(m.Header), m.Body, 0); err != nil {
		return Parsed{}, wrapf(err, "email")
	}
	text := bd.plain
	if strings.TrimSpace(text) == "" && bd.html != "" {
		text = HTMLText([]byte(bd.html))
	}
	p := Parsed{Format: FormatEmail, Attachments: bd.atts, Headers: map[string]string{}}
	for _, k := range []string{"From", "To", "Cc", "Date", "Subject", "Reply-To"} {
		if v := decodeHeader(m.Header.Get(k)); v != "" {
			p.Headers[strings.ToLower(k)] = v
		}
	}
	p.Thread = Thread{
		MessageID:  msgID(m.Header.Get("Message-Id")),
		InReplyTo:  msgID(m.Header.Get("In-Reply-To")),
		References: msgIDs(m.Header.Get("References")),
	}
	kept, stripped := Strip(text)
	p.Stripped = stripped
	p.Direction = direction(p.Headers["from"], cfg.CompanyDomains)
	d := &p.Document
	d.Text, d.Subject, d.Source = kept, truncate(p.Headers["subject"], ckm.MaxFieldBytes), ckm.SourceEmail
	if p.Thread.MessageID != "" && len(p.Thread.MessageID) < ckm.MaxFieldBytes-4 {
		d.ID = "msg:" + p.Thread.MessageID
	}
	if cfg.Client == "" {
		d.Client = clientDomain(p, cfg.CompanyDomains)
	}
	if role := directionRole(p.Direction); role != ckm.RoleUnknown && kept != "" {
		d.Turns = []ckm.Turn{{Speaker: senderName(p.Headers["from"]), Role: role, Start: 0, End: len(kept)}}
	}
	d.Meta = emailMeta(p)
	if t, err := mail.ParseDate(m.Header.Get("Date")); err == nil {
		d.At = t.UTC()
	} else if w, ok := readWhen(m.Header.Get("Date"), cfg.DateOrder); ok {
		setAt(d, w, cfg, AtField)
	}
	return p, finish(&p, cfg, ckm.SourceEmail)
}

// headerMap adapts mail.Header to the header type multipart parts have.
func headerMap(h mail.Header) map[string][]string { return h }

// walk reads one MIME entity: a multipart's parts in turn, the first
// text/plain and text/html bodies, and the rest as attachments.
func (bd *body) walk(h map[string][]string, r io.Reader, depth int) error {
	if bd.parts++; bd.parts > maxParts || depth > maxDepth {
		return malformed("more than %d MIME parts or %d levels of nesting", maxParts, maxDepth)
	}
	get := func(k string) string {
		if v := h[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ct := get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, params = "text/plain", map[string]string{}
	}
	if strings.HasPrefix(mt, "multipart/") {
		return bd.walkMultipart(r, params["boundary"], depth)
	}
	data, err := decodeTransfer(r, get("Content-Transfer-Encoding"))
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(get("Content-Disposition"))
	name := decodeHeader(firstNonEmpty(dparams["filename"], params["name"]))
	switch {
	case disp != "attachment" && mt == "text/plain" && bd.plain == "":
		bd.plain = decodeCharset(data, params["charset"])
	case disp != "attachment" && mt == "text/html" && bd.html == "":
		bd.html = decodeCharset(data, params["charset"])
	case disp != "attachment" && name == "" && (mt == "text/plain" || mt == "text/html"):
		// a further alternative or inline text part: the first one is the body
	default:
		bd.atts = append(bd.atts, Attachment{Name: name, Type: mt, Size: len(data)})
	}
	return nil
}

func (bd *body) walkMultipart(r io.Reader, boundary string, depth int) error {
	if boundary == "" {
		return malformed("multipart without a boundary")
	}
	mr := multipart.NewReader(r, boundary)
	for n := 0; ; n++ {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			if n == 0 {
				return malformed("multipart body has no parts (boundary %q not found)", boundary)
			}
			return nil
		}
		if err != nil {
			return malformed("truncated or broken MIME (part %d): %v", n+1, err)
		}
		if err := bd.walk(part.Header, part, depth+1); err != nil {
			return err
		}
	}
}

// decodeTransfer undoes a Content-Transfer-Encoding.
func decodeTransfer(r io.Reader, cte string) ([]byte, error) {
	var data []byte
	var err error
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		raw, rerr := io.ReadAll(r)
		if rerr != nil {
			return nil, malformed("truncated or broken MIME: %v", rerr)
		}
		data, err = decodeBase64(raw)
		if err != nil {
			return nil, malformed("base64 body: %v", err)
		}
		return data, nil
	case "quoted-printable":
		data, err = io.ReadAll(quotedprintable.NewReader(r))
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			// a stray '=' is common in real mail: keep what decoded
			if len(data) == 0 {
				return nil, malformed("quoted-printable body: %v", err)
			}
		}
		return data, nil
	}
	data, err = io.ReadAll(r)
	if err != nil {
		return nil, malformed("truncated or broken MIME: %v", err)
	}
	return data, nil
}

func decodeBase64(raw []byte) ([]byte, error) {
	clean := make([]byte, 0, len(raw))
	for _, c := range raw {
		if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
			clean = append(clean, c)
		}
	}
	clean = bytes.TrimRight(clean, "=")
	return base64.RawStdEncoding.DecodeString(string(clean))
}

// decodeCharset converts text in charset to UTF-8. An unknown or missing
// charset is taken as UTF-8 when valid, else as Windows-1252.
func decodeCharset(b []byte, charset string) string {
	cs := strings.ToLower(strings.TrimSpace(charset))
	if cs != "" && cs != "utf-8" && cs != "us-ascii" && cs != "utf8" {
		if enc, err := htmlindex.Get(cs); err == nil {
			if out, err := enc.NewDecoder().Bytes(b); err == nil && utf8.Valid(out) {
				return strings.ToValidUTF8(string(out), "\uFFFD")
			}
		}
	}
	if utf8.Valid(b) {
		return string(b)
	}
	out, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return strings.ToValidUTF8(string(out), "\uFFFD")
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(strings.ToLower(charset))
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return enc.NewDecoder().Reader(r), nil
}}

// decodeHeader decodes RFC 2047 encoded words and raw 8-bit bytes.
func decodeHeader(s string) string {
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		s = d
	}
	s = decodeCharset([]byte(s), "")
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\x00", "")), " ")
}

func msgID(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			s = s[i+1 : i+j]
		}
	}
	if !utf8.ValidString(s) || strings.ContainsAny(s, " \t\r\n\x00") || len(s) > 500 {
		return ""
	}
	return s
}

func msgIDs(s string) []string {
	var ids []string
	for _, f := range strings.Fields(s) {
		if id := msgID(f); id != "" && len(ids) < 50 {
			ids = append(ids, id)
		}
	}
	return ids
}

// direction is Outbound when the sender's domain is one of the company's,
// Inbound when it is not, and "" without company domains.
func direction(from string, domains []string) string {
	if len(domains) == 0 || from == "" {
		return ""
	}
	if isCompany(addrDomain(from), domains) {
		return Outbound
	}
	return Inbound
}

func isCompany(domain string, domains []string) bool {
	for _, d := range domains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if d != "" && (domain == d || strings.HasSuffix(domain, "."+d)) {
			return true
		}
	}
	return false
}

func directionRole(dir string) ckm.Role {
	switch dir {
	case Inbound:
		return ckm.RoleCustomer
	case Outbound:
		return ckm.RoleAgent
	}
	return ckm.RoleUnknown
}

// clientDomain is the client's email domain when the direction is known:
// the sender's for inbound mail, the first non-company recipient's for
// outbound.
func clientDomain(p Parsed, domains []string) string {
	switch p.Direction {
	case Inbound:
		return addrDomain(p.Headers["from"])
	case Outbound:
		list, _ := mail.ParseAddressList(p.Headers["to"] + ", " + p.Headers["cc"])
		for _, a := range list {
			if d := addrDomain(a.Address); d != "" && !isCompany(d, domains) {
				return d
			}
		}
	}
	return ""
}

func addrDomain(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		return strings.ToLower(strings.Trim(s[i+1:], "<> "))
	}
	return ""
}

func senderName(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		if a.Name != "" {
			return a.Name
		}
		return a.Address
	}
	return truncate(from, 100)
}

func emailMeta(p Parsed) map[string]string {
	m := map[string]string{
		"email.message_id":  p.Thread.MessageID,
		"email.in_reply_to": p.Thread.InReplyTo,
		"email.references":  strings.Join(p.Thread.References, " "),
		"email.direction":   p.Direction,
	}
	for k, v := range p.Headers {
		if k != "subject" {
			m["email."+strings.ReplaceAll(k, "-", "_")] = v
		}
	}
	var atts []string
	for _, a := range p.Attachments {
		atts = append(atts, fmt.Sprintf("%s (%s, %d bytes)", firstNonEmpty(a.Name, "unnamed"), a.Type, a.Size))
	}
	m["email.attachments"] = strings.Join(atts, "; ")
	for _, s := range p.Stripped {
		m["stripped."+s.Kind] = s.Text
	}
	return m
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

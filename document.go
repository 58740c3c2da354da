package ckm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on a single document. They bound the work one document can cause
// in every part of the system.
const (
	// MaxTextBytes is the largest Text accepted, in bytes.
	MaxTextBytes = 1 << 20
	// MaxDocumentBytes is the largest encoded document accepted, in bytes:
	// the text plus room for metadata and turns.
	MaxDocumentBytes = MaxTextBytes + 256<<10
	// MaxFieldBytes is the largest ID, Client or Subject accepted, in bytes.
	MaxFieldBytes = 512
	// MaxTurns is the largest number of transcript turns accepted.
	MaxTurns = 10000
	// MaxMetaKeys is the largest number of Meta entries accepted.
	MaxMetaKeys = 64
	// MaxMetaBytes is the largest total size of Meta keys and values, in
	// bytes.
	MaxMetaBytes = 128 << 10
)

// ErrInvalidDocument is wrapped by every validation and decoding error, so
// callers can tell bad input (never worth a retry) from a fault.
var ErrInvalidDocument = errors.New("invalid document")

// FieldError reports which field of a document is invalid and why. It wraps
// ErrInvalidDocument.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid document: %s: %s", e.Field, e.Reason)
}

// Unwrap returns ErrInvalidDocument.
func (e *FieldError) Unwrap() error { return ErrInvalidDocument }

// Source is the channel a document came through.
type Source string

// The known sources. An empty Source is allowed and means unknown.
const (
	SourceCall   Source = "call"
	SourceEmail  Source = "email"
	SourceTicket Source = "ticket"
	SourceNote   Source = "note"
	SourceChat   Source = "chat"
	SourceReview Source = "review"
)

// Sources lists the known sources in a stable order.
var Sources = []Source{SourceCall, SourceEmail, SourceTicket, SourceNote, SourceChat, SourceReview}

// Valid reports whether s is empty or one of the known sources.
func (s Source) Valid() bool {
	if s == "" {
		return true
	}
	for _, k := range Sources {
		if s == k {
			return true
		}
	}
	return false
}

// Role is the part a speaker plays in a conversation.
type Role string

// The roles a turn's speaker can have.
const (
	RoleUnknown  Role = ""
	RoleCustomer Role = "customer"
	RoleAgent    Role = "agent"
)

// Turn is one speaker's part of a transcript or thread. Start and End are
// byte offsets into the document's Text: Text[Start:End] is what the speaker
// said. Offset is the time into the recording, when known.
type Turn struct {
	Speaker string        `json:"speaker,omitempty"`
	Role    Role          `json:"role,omitempty"`
	Start   int           `json:"start"`
	End     int           `json:"end"`
	Offset  time.Duration `json:"offset,omitempty"`
}

// MetaAtSource is the Meta key that says where a document's At came from:
// "field", "header", "note", "filename", "flag" or AtReceived (see
// package ingest).
const MetaAtSource = "at_source"

// AtReceived is the MetaAtSource of a document dated by the time ckm
// received it, because nothing in it or about it gave a date. Such a date
// is weak evidence of when the customer spoke, and the content hash
// leaves it out: the same content received twice is the same document.
const AtReceived = "received"

// Document is one piece of customer communication. Only Text is required;
// an empty ID is filled by Normalize from the content, so the same content
// sent twice has the same ID.
//
// At is encoded as RFC 3339 and decoded from RFC 3339 or Unix seconds.
type Document struct {
	ID      string    `json:"id"`
	Client  string    `json:"client,omitempty"`
	Source  Source    `json:"source,omitempty"`
	At      time.Time `json:"at,omitzero"`
	Subject string    `json:"subject,omitempty"`
	Lang    string    `json:"lang,omitempty"`
	Text    string    `json:"text"`
	Turns   []Turn    `json:"turns,omitempty"`
	// Meta holds what the source carried besides the text (email headers,
	// thread ids, the quoted history and signature that were stripped,
	// ticket tags), keyed by short lowercase names such as "email.from".
	// It is stored with the document, not analysed.
	Meta map[string]string `json:"meta,omitempty"`
}

// UnmarshalJSON decodes a document, accepting "at" as an RFC 3339 string or
// a number of Unix seconds. Unknown fields are ignored.
func (d *Document) UnmarshalJSON(b []byte) error {
	type plain Document
	var aux struct {
		plain
		At json.RawMessage `json:"at"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	at, err := parseTime(aux.At)
	if err != nil {
		return err
	}
	*d = Document(aux.plain)
	d.At = at
	return nil
}

// timeLayouts are the forms of "at" accepted besides Unix seconds: RFC 3339
// first, then what exports from common tools write (read as UTC when they
// carry no zone).
var timeLayouts = []string{time.RFC3339, "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

func parseTime(raw json.RawMessage) (time.Time, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, &FieldError{"at", err.Error()}
		}
		if s == "" {
			return time.Time{}, nil
		}
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, s); err == nil {
				if t.Before(MinAt) { // the zero time included: it would read as "no date"
					return time.Time{}, &FieldError{"at", fmt.Sprintf("%q is before %d", s, MinAt.Year())}
				}
				return t.UTC(), nil
			}
		}
		return time.Time{}, &FieldError{"at", fmt.Sprintf("%q is not RFC 3339 time or Unix seconds", s)}
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f < 0 || f > 1e11 {
		return time.Time{}, &FieldError{"at", fmt.Sprintf("%s is not RFC 3339 time or Unix seconds", raw)}
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
}

// DecodeDocument decodes one JSON document, normalizes it and validates it.
// Every error it returns wraps ErrInvalidDocument and says what is wrong.
func DecodeDocument(b []byte) (Document, error) {
	var d Document
	if len(bytes.TrimSpace(b)) == 0 {
		return d, &FieldError{"body", "empty"}
	}
	if len(b) > MaxDocumentBytes {
		return d, &FieldError{"body", fmt.Sprintf("%d bytes is over the limit of %d", len(b), MaxDocumentBytes)}
	}
	if !utf8.Valid(b) {
		return d, &FieldError{"body", "not valid UTF-8"}
	}
	if err := json.Unmarshal(b, &d); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return Document{}, fe
		}
		return Document{}, &FieldError{"body", "malformed JSON: " + jsonReason(err)}
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return Document{}, err
	}
	return d, nil
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return fmt.Sprintf("expected a JSON object, got %s", te.Value)
		}
		return fmt.Sprintf("field %q: expected %s, got %s", te.Field, te.Type, te.Value)
	}
	return err.Error()
}

// Normalize trims the metadata fields, lowercases Source and Lang,
// normalises Client (see NormalizeClient) and fills
// an empty ID from the content (see ContentID). It leaves Text as it is:
// offsets point into it.
func (d *Document) Normalize() {
	d.ID = strings.TrimSpace(d.ID)
	d.Client = NormalizeClient(d.Client)
	d.Subject = strings.TrimSpace(d.Subject)
	d.Source = Source(strings.ToLower(strings.TrimSpace(string(d.Source))))
	d.Lang = strings.ToLower(strings.TrimSpace(d.Lang))
	if d.ID == "" {
		d.ID = d.ContentID()
	}
}

// ContentID is the ID a document without one gets: a hash of its client,
// source and text, so that the same content is the same document.
func (d *Document) ContentID() string {
	return "h" + d.ContentHash()[:23]
}

// ContentHash is the hex SHA-256 of everything the analysis and the index
// see of the document. Two sends of the same document have the same hash;
// a changed document has a different one. A received-time At and its
// marker (see AtReceived) are left out: stamping a document with the time
// it arrived does not change it.
func (d *Document) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{d.Client, string(d.Source), d.Subject, d.Lang, d.Text} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	if !d.At.IsZero() && d.Meta[MetaAtSource] != AtReceived {
		fmt.Fprintf(h, "at:%d", d.At.UnixNano())
	}
	for _, t := range d.Turns {
		fmt.Fprintf(h, "turn:%s/%s/%d/%d/%d", t.Speaker, t.Role, t.Start, t.End, t.Offset)
	}
	keys := make([]string, 0, len(d.Meta))
	for k := range d.Meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == MetaAtSource && d.Meta[k] == AtReceived {
			continue
		}
		fmt.Fprintf(h, "meta:%d:%s%d:%s", len(k), k, len(d.Meta[k]), d.Meta[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Validate reports the first problem with d, as a *FieldError.
func (d *Document) Validate() error {
	if err := checkName("id", d.ID, true); err != nil {
		return err
	}
	if err := checkName("client", d.Client, false); err != nil {
		return err
	}
	if !d.Source.Valid() {
		return &FieldError{"source", fmt.Sprintf("%q is not one of %s", d.Source, joinSources())}
	}
	if d.Lang != "" && !supportedLang(d.Lang) {
		return &FieldError{"lang", fmt.Sprintf("%q is not a supported language: want en or pt (optionally with a region, such as pt-br) or und", d.Lang)}
	}
	if err := checkAt(d.At); err != nil {
		return err
	}
	if len(d.Subject) > MaxFieldBytes || !utf8.ValidString(d.Subject) {
		return &FieldError{"subject", fmt.Sprintf("must be valid UTF-8 of at most %d bytes", MaxFieldBytes)}
	}
	if err := d.validateText(); err != nil {
		return err
	}
	if err := d.validateMeta(); err != nil {
		return err
	}
	return d.validateTurns()
}

// validateMeta accepts at most MaxMetaKeys entries of MaxMetaBytes in all,
// with keys of lowercase letters, digits, '.', '_' and '-' (at most 64
// bytes) and valid UTF-8 values without NUL bytes.
func (d *Document) validateMeta() error {
	if len(d.Meta) > MaxMetaKeys {
		return &FieldError{"meta", fmt.Sprintf("%d entries is over the limit of %d", len(d.Meta), MaxMetaKeys)}
	}
	total := 0
	for k, v := range d.Meta {
		total += len(k) + len(v)
		if k == "" || len(k) > 64 || strings.TrimLeft(k, "abcdefghijklmnopqrstuvwxyz0123456789._-") != "" {
			return &FieldError{"meta", fmt.Sprintf("key %q: want 1 to 64 of a-z, 0-9, '.', '_', '-'", k)}
		}
		if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return &FieldError{"meta." + k, "not valid UTF-8 text"}
		}
	}
	if total > MaxMetaBytes {
		return &FieldError{"meta", fmt.Sprintf("%d bytes is over the limit of %d", total, MaxMetaBytes)}
	}
	return nil
}

func (d *Document) validateText() error {
	switch {
	case strings.TrimSpace(d.Text) == "":
		return &FieldError{"text", "missing or empty"}
	case len(d.Text) > MaxTextBytes:
		return &FieldError{"text", fmt.Sprintf("%d bytes is over the limit of %d", len(d.Text), MaxTextBytes)}
	case !utf8.ValidString(d.Text):
		return &FieldError{"text", "not valid UTF-8"}
	case strings.ContainsRune(d.Text, 0):
		return &FieldError{"text", "contains NUL bytes (binary data?)"}
	}
	return nil
}

func (d *Document) validateTurns() error {
	if len(d.Turns) > MaxTurns {
		return &FieldError{"turns", fmt.Sprintf("%d turns is over the limit of %d", len(d.Turns), MaxTurns)}
	}
	for i, t := range d.Turns {
		if t.Start < 0 || t.End < t.Start || t.End > len(d.Text) {
			return &FieldError{fmt.Sprintf("turns[%d]", i), fmt.Sprintf("span %d..%d is outside the text (%d bytes)", t.Start, t.End, len(d.Text))}
		}
		if t.Role != RoleUnknown && t.Role != RoleCustomer && t.Role != RoleAgent {
			return &FieldError{fmt.Sprintf("turns[%d].role", i), fmt.Sprintf("%q is not customer or agent", t.Role)}
		}
	}
	return nil
}

// checkName accepts printable UTF-8 without spaces at the ends, up to
// MaxFieldBytes.
func checkName(field, s string, required bool) error {
	switch {
	case s == "" && required:
		return &FieldError{field, "missing"}
	case len(s) > MaxFieldBytes:
		return &FieldError{field, fmt.Sprintf("%d bytes is over the limit of %d", len(s), MaxFieldBytes)}
	case !utf8.ValidString(s):
		return &FieldError{field, "not valid UTF-8"}
	}
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return &FieldError{field, fmt.Sprintf("contains the unprintable character %U", r)}
		}
	}
	return nil
}

// Langs are the language codes a document's Lang may name: the languages
// ckm analyses and "und" (undetermined).
var Langs = []string{"en", "pt", "und"}

// supportedLang reports whether lang (lowercased) is one of Langs,
// optionally followed by a region subtag such as "-br".
func supportedLang(lang string) bool {
	base, region, hasRegion := strings.Cut(lang, "-")
	if hasRegion && (len(region) < 2 || len(region) > 8 || strings.TrimLeft(region, "abcdefghijklmnopqrstuvwxyz0123456789") != "") {
		return false
	}
	for _, l := range Langs {
		if base == l {
			return true
		}
	}
	return false
}

// MinAt and MaxAtAhead bound a document's At: not before 1970, and not
// more than MaxAtAhead after the time of validation. A zero At means none.
var (
	MinAt      = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxAtAhead = 366 * 24 * time.Hour
)

// checkAt rejects an At outside [MinAt, now+MaxAtAhead].
func checkAt(at time.Time) error {
	switch {
	case at.IsZero():
		return nil
	case at.Before(MinAt):
		return &FieldError{"at", fmt.Sprintf("%s is before %d", at.UTC().Format(time.RFC3339), MinAt.Year())}
	case at.After(time.Now().Add(MaxAtAhead)):
		return &FieldError{"at", fmt.Sprintf("%s is more than a year in the future", at.UTC().Format(time.RFC3339))}
	}
	return nil
}

func joinSources() string {
	names := make([]string, len(Sources))
	for i, s := range Sources {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

// TurnAt returns the turn that contains the byte offset off, or false when
// the document has no turns or none contains it.
func (d *Document) TurnAt(off int) (Turn, bool) {
	for _, t := range d.Turns {
		if off >= t.Start && off < t.End {
			return t, true
		}
	}
	return Turn{}, false
}

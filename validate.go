package ckm

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

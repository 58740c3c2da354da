package ingest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// Sentinel errors of the parsers. Every one is also a
// ckm.ErrInvalidDocument (errors.Is matches both), since a malformed input
// never gets better by retrying.
var (
	// ErrUnknownFormat is returned for input whose format Detect cannot tell.
	ErrUnknownFormat = newSentinel("unknown format")
	// ErrMalformed is returned for input in a known format that does not
	// parse (truncated MIME, broken JSON, a CSV without a text column).
	ErrMalformed = newSentinel("malformed input")
	// ErrEmpty is returned for input that parses but holds no text.
	ErrEmpty = newSentinel("no text")
	// ErrTooLarge is returned for input over MaxInputBytes.
	ErrTooLarge = newSentinel("input too large")
)

// MaxInputBytes is the largest input the parsers accept.
const MaxInputBytes = 20 << 20

type sentinel struct{ msg string }

func newSentinel(msg string) error       { return &sentinel{msg} }
func (e *sentinel) Error() string        { return "ingest: " + e.msg }
func (e *sentinel) Is(target error) bool { return target == ckm.ErrInvalidDocument }
func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMalformed}, a...)...)
}
func wrapf(err error, format string, a ...any) error {
	return fmt.Errorf(format+": %w", append(a, err)...)
}

// Config says how to read inputs. Its zero value works: no company
// domains (email direction unknown), the built-in speaker labels, and the
// usual CSV column names.
type Config struct {
	// Client is the client of documents whose format does not name one.
	Client string
	// Source overrides the source the format implies (email, call, ticket).
	Source ckm.Source
	// CompanyDomains are the email domains of your own company, lowercase
	// ("acme.com"): mail from them is outbound, mail to them inbound.
	CompanyDomains []string
	// Roles maps lowercased speaker names to roles, on top of the generic
	// labels ("agent", "customer", "atendente", "cliente", ...).
	Roles map[string]ckm.Role
	// Columns maps document fields ("id", "client", "subject", "text",
	// "at", "requester", "tags", "source") to CSV header names. Unmapped
	// fields are found by their usual names in English and Portuguese
	// (see csv.go).
	Columns map[string]string
	// At is the date of documents whose input gives none (not in its
	// fields, header lines, NOTE blocks or file name), in any form
	// ParseTime reads; empty means none. Validate checks it.
	At string
	// Received is when ckm received the input: the date of documents
	// nothing else dates, marked "received". Zero means time.Now().
	Received time.Time
	// Location is the zone of times that name none; nil means UTC.
	Location *time.Location
	// DateOrder says how to read numeric dates such as 06/08/2026; the
	// zero value decides per CSV file from its values and reads headers
	// day first.
	DateOrder DateOrder

	// name is the input's file name, for dates in it.
	name string
	// prepare, set by ParseFunc, readies each document (see finish).
	prepare func(*Parsed) error
}

// Validate reports a Config that cannot be used: an At that does not
// read as a time, an unknown DateOrder or Columns field.
func (c Config) Validate() error {
	switch c.DateOrder {
	case DateAuto, DayFirst, MonthFirst:
	default:
		return fmt.Errorf("ingest: config: date order %q: want dmy or mdy", c.DateOrder)
	}
	if c.At != "" {
		if _, _, err := ParseTime(c.At, c.Location, c.DateOrder); err != nil {
			return fmt.Errorf("ingest: config: at: %w", err)
		}
	}
	for f := range c.Columns {
		if _, ok := csvNames[f]; !ok {
			return fmt.Errorf("ingest: config: column for %q: want one of %s", f, strings.Join(csvFields, ", "))
		}
	}
	return nil
}

// Stripped is a part of the input that was kept out of the document text.
type Stripped struct {
	// Kind is "quote", "signature" or "disclaimer".
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// Attachment is a MIME part that is not body text: listed, not analysed.
type Attachment struct {
	Name string `json:"name,omitempty"`
	Type string `json:"type"`
	Size int    `json:"size"`
}

// Thread is the identity of an email within its conversation.
type Thread struct {
	MessageID  string   `json:"message_id,omitempty"`
	InReplyTo  string   `json:"in_reply_to,omitempty"`
	References []string `json:"references,omitempty"`
}

// Direction values of Parsed.Direction.
const (
	Inbound  = "inbound"  // from the client
	Outbound = "outbound" // to the client
)

// Parsed is one document read from an input, with what was stripped from
// its text and the metadata of its format. Document.Meta holds the same
// metadata in flat form, so that it is stored with the document.
type Parsed struct {
	Document    ckm.Document      `json:"document"`
	Format      Format            `json:"format"`
	Stripped    []Stripped        `json:"stripped,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	Attachments []Attachment      `json:"attachments,omitempty"`
	Thread      Thread            `json:"thread,omitzero"`
	Direction   string            `json:"direction,omitempty"`
}

// Parse reads one input (name and content type are hints and may be
// empty) and returns the documents it holds, each normalised and valid:
// it is ParseFunc with Finish. An input that holds several (mbox, ticket
// exports, CSV) may yield some documents and an error that joins the
// failures of the others, each naming its item, and then those of the
// documents that only the date Parse added made invalid, each naming its
// ID. Every error wraps ckm.ErrInvalidDocument.
//
// Text that is not UTF-8 (UTF-16 with a byte-order mark, Windows-1252,
// ISO-8859-1) is converted first and its encoding kept in the meta
// "encoding". Every document gets a date, and its meta "at_source" says
// from where, in this order: the format's own field (AtField), a header
// line or NOTE block (AtHeader, AtNote), the file name (AtFilename),
// cfg.At (AtFlag), else cfg.Received (AtReceived). A time that names no
// zone is read in cfg.Location and its meta "at_zone" names that zone.
// The date and encoding are added after a missing ID is filled from the
// content, so that they do not change it.
func Parse(data []byte, name, contentType string, cfg Config) ([]Parsed, error) {
	return ParseFunc(data, name, contentType, cfg, Finish)
}

// Prepare makes one document of an input ready, once: it normalises
// p.Document (filling a missing ID from its content), applies complete,
// which adds the date and encoding that Parse describes, and validates
// the result. It returns an error when the document was invalid as read
// (before complete); ParseFunc then leaves it out and reports the error
// under its item, "row 3: ...". A document that only complete made
// invalid is the Prepare's to report. A Prepare may replace p.Document.
type Prepare func(p *Parsed, complete func(*ckm.Document)) error

// ParseFunc reads one input as Parse does, but leaves the normalising,
// completing and validating of each document it reads to prepare, which
// it calls once per document, in input order: the one place where a
// document is normalised and validated. It returns the documents for
// which prepare returned nil, in the same order, and joins prepare's
// errors, each under its item, with those of the parsers; Finish's
// errors for documents that only complete made invalid come last, under
// their IDs, and those documents are left out (see Parse).
func ParseFunc(data []byte, name, contentType string, cfg Config, prepare Prepare) ([]Parsed, error) {
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("%w: %d bytes is over the limit of %d", ErrTooLarge, len(data), MaxInputBytes)
	}
	cfg.name = name
	data, enc := toUTF8(data)
	base := cfg
	complete := func(d *ckm.Document) {
		dateFallback(d, name, base)
		if enc != "" {
			setMeta(d, "encoding", enc)
		}
	}
	var t tally
	cfg.prepare = t.prepare(prepare, complete)
	out, err := parse(data, name, contentType, cfg)
	return t.kept(out, err)
}

// tally follows the documents of one ParseFunc: which ones prepare
// accepted, and the errors of those that only complete made invalid
// (Finish's), which are left out and reported after the others.
type tally struct {
	keep []bool // per document prepare returned nil for: not made invalid by complete
	late []error
}

// prepare returns the readying of finish: prepare, with complete.
func (t *tally) prepare(prepare Prepare, complete func(*ckm.Document)) func(*Parsed) error {
	return func(p *Parsed) error {
		err := prepare(p, complete)
		var ce *completedError
		if errors.As(err, &ce) {
			t.late = append(t.late, ce)
			t.keep = append(t.keep, false)
			return nil
		}
		if err == nil {
			t.keep = append(t.keep, true)
		}
		return err
	}
}

// kept returns out without the documents complete made invalid, and err
// joined with their errors. Every parser returns the documents prepare
// accepted, in order; a parser that breaks that gets an error, not a
// wrong pairing.
func (t *tally) kept(out []Parsed, err error) ([]Parsed, error) {
	if len(t.keep) != len(out) {
		return nil, fmt.Errorf("ingest: internal error: %d documents prepared, %d returned", len(t.keep), len(out))
	}
	kept := out[:0]
	for i, p := range out {
		if t.keep[i] {
			kept = append(kept, p)
		}
	}
	if len(t.late) > 0 {
		err = errors.Join(append([]error{err}, t.late...)...)
	}
	return kept, err
}

// Finish is Parse's Prepare: it normalises p.Document, completes it and
// validates it, once each. A document invalid as read gets that error; one
// that only complete made invalid (a date from the file name or cfg.At
// more than a year ahead) is left out of Parse's documents and reported,
// after the others, as "ID: invalid document: ...".
func Finish(p *Parsed, complete func(*ckm.Document)) error {
	d := &p.Document
	d.Normalize()
	read := AsRead(*d)
	complete(d)
	err := d.Validate()
	if err == nil {
		return nil
	}
	if rerr := read.Validate(); rerr != nil {
		return rerr
	}
	return &completedError{id: d.ID, err: err}
}

// AsRead returns a copy of d that does not share its meta or turns, so
// that a Prepare can keep the document as read while complete changes
// d, and validate the copy only when the completed document is invalid:
// to tell, without validating every document twice, whether the input
// or the completion is at fault.
func AsRead(d ckm.Document) ckm.Document {
	d.Meta, d.Turns = maps.Clone(d.Meta), slices.Clone(d.Turns)
	return d
}

// completedError is Finish's error for a document that complete made
// invalid.
type completedError struct {
	id  string
	err error
}

func (e *completedError) Error() string { return e.id + ": " + e.err.Error() }
func (e *completedError) Unwrap() error { return e.err }

func parse(data []byte, name, contentType string, cfg Config) ([]Parsed, error) {
	f := Detect(name, contentType, data)
	var one func([]byte, Config) (Parsed, error)
	switch f {
	case FormatMbox:
		return ParseMbox(data, cfg)
	case FormatTicketJSON:
		return ParseTicketsJSON(data, cfg)
	case FormatCSV:
		return ParseCSV(data, cfg)
	case FormatEmail:
		one = ParseEmail
	case FormatVTT:
		one = ParseVTT
	case FormatSRT:
		one = ParseSRT
	case FormatTranscriptJSON:
		one = ParseTranscriptJSON
	case FormatHTML:
		one = ParseHTML
	case FormatText:
		one = ParseText
	default:
		return nil, fmt.Errorf("%w: %s", ErrUnknownFormat, describe(data))
	}
	p, err := one(data, cfg)
	if err != nil {
		return nil, err
	}
	return []Parsed{p}, nil
}

// describe says in a few words what unrecognised bytes look like.
func describe(data []byte) string {
	switch {
	case len(data) == 0:
		return "the input is empty"
	case !utf8.Valid(data) || strings.ContainsRune(string(data[:min(len(data), 4096)]), 0):
		return "binary data, not text"
	}
	return "not email, mbox, WebVTT, SRT, JSON, CSV or text"
}

// finish fills the defaults of cfg into doc and hands it to cfg's
// Prepare (ParseFunc), which normalises and validates it once. A parser
// called on its own, without ParseFunc, normalises and validates it here.
func finish(p *Parsed, cfg Config, source ckm.Source) error {
	d := &p.Document
	if d.Client == "" {
		d.Client = cfg.Client
	}
	if cfg.Source != "" {
		d.Source = cfg.Source
	} else if d.Source == "" {
		d.Source = source
	}
	if !d.At.IsZero() && d.Meta[ckm.MetaAtSource] == "" {
		setMeta(d, ckm.MetaAtSource, AtField)
	}
	fitMeta(d)
	if strings.TrimSpace(d.Text) == "" {
		return fmt.Errorf("%w: nothing is left after stripping quotes and signatures", ErrEmpty)
	}
	if cfg.prepare != nil {
		return cfg.prepare(p)
	}
	d.Normalize()
	return d.Validate()
}

// fitMeta drops empty values and cuts the longest ones so that the meta
// of a document stays within ckm.MaxMetaBytes; a cut value ends with a
// note of how much was cut.
func fitMeta(d *ckm.Document) {
	total := 0
	for k, v := range d.Meta {
		if v == "" {
			delete(d.Meta, k)
			continue
		}
		total += len(k) + len(v)
	}
	for total > ckm.MaxMetaBytes {
		var big string
		for k, v := range d.Meta {
			if len(v) > len(d.Meta[big]) || big == "" {
				big = k
			}
		}
		v := d.Meta[big]
		over := total - ckm.MaxMetaBytes + 64
		keep := max(0, len(v)-over)
		for keep > 0 && !utf8.RuneStart(v[keep]) {
			keep--
		}
		cut := v[:keep] + fmt.Sprintf("\n[… %d bytes cut]", len(v)-keep)
		total += len(cut) - len(v)
		d.Meta[big] = cut
		if keep == 0 {
			break
		}
	}
	if len(d.Meta) == 0 {
		d.Meta = nil
	}
}

// joinItems joins per-item errors of a multi-document input, or returns
// nil when there are none.
func joinItems(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

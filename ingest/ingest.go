package ingest

import (
	"errors"
	"fmt"
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
// empty) and returns the documents it holds, each normalized and valid.
// An input that holds several (mbox, ticket exports, CSV) may yield some
// documents and an error that joins the failures of the others, each
// naming its item. Every error wraps ckm.ErrInvalidDocument.
//
// Text that is not UTF-8 (UTF-16 with a byte-order mark, Windows-1252,
// ISO-8859-1) is converted first and its encoding kept in the meta
// "encoding". Every document gets a date, and its meta "at_source" says
// from where, in this order: the format's own field (AtField), a header
// line or NOTE block (AtHeader, AtNote), the file name (AtFilename),
// cfg.At (AtFlag), else cfg.Received (AtReceived). A time that names no
// zone is read in cfg.Location and its meta "at_zone" names that zone.
func Parse(data []byte, name, contentType string, cfg Config) ([]Parsed, error) {
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("%w: %d bytes is over the limit of %d", ErrTooLarge, len(data), MaxInputBytes)
	}
	cfg.name = name
	data, enc := toUTF8(data)
	out, err := parse(data, name, contentType, cfg)
	for i := range out {
		dateFallback(&out[i], name, cfg)
		if enc != "" {
			setMeta(&out[i].Document, "encoding", enc)
		}
	}
	return out, err
}

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

// finish normalizes and validates doc, filling the defaults of cfg.
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
	d.Normalize()
	if strings.TrimSpace(d.Text) == "" {
		return fmt.Errorf("%w: nothing is left after stripping quotes and signatures", ErrEmpty)
	}
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

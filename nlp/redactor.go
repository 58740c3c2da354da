package nlp

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ckmhq/ckm"
)

// Meta keys a Redactor writes.
const (
	// MetaRedacted counts what was redacted, kind by kind: "CPF=1 EMAIL=2".
	MetaRedacted = "pii.redacted"
	// MetaSealed holds the removed text, encrypted with the deployment's
	// key (see RedactConfig.Key and Unseal); absent without a key.
	MetaSealed = "pii.sealed"
)

// keepMeta are the Meta keys a Redactor leaves alone: its own, and the
// thread identifiers of email (Message-IDs look like addresses but name
// messages, and threads are rebuilt from them).
var keepMeta = map[string]bool{
	MetaRedacted: true, MetaSealed: true,
	"email.message_id": true, "email.in_reply_to": true, "email.references": true,
}

// RedactConfig configures a Redactor. The zero value redacts every kind of
// RuleKinds, no names, and keeps no originals.
type RedactConfig struct {
	// Kinds are the kinds to redact, from RuleKinds and PIIPerson; empty
	// means all of RuleKinds.
	Kinds []string
	// Names adds PIIPerson: person names the entity tagger finds. It
	// needs Analyzer and costs one analysis per redacted text.
	Names bool
	// Analyzer runs the tagger for Names; nil uses the default Analyzer.
	Analyzer *Analyzer
	// Key, when set, must be 32 bytes: the removed text of each document is
	// then sealed with AES-256-GCM into Meta[MetaSealed], so that a holder
	// of the key can recover it (Unseal). Without a key the originals are
	// gone once redacted.
	Key []byte
}

func (c RedactConfig) validate() error {
	for _, k := range c.Kinds {
		if !slices.Contains(RuleKinds, k) && k != PIIPerson {
			return fmt.Errorf("nlp: redact: unknown kind %q; known: %s, %s", k, strings.Join(RuleKinds, ", "), PIIPerson)
		}
	}
	if c.Key != nil && len(c.Key) != 32 {
		return fmt.Errorf("nlp: redact: key of %d bytes; want 32 (AES-256)", len(c.Key))
	}
	return nil
}

// Redactor replaces personal data in documents with typed placeholders. It
// is immutable and safe for concurrent use. Redacting redacted text changes
// nothing, so every stage that writes a document may redact it.
type Redactor struct {
	kinds map[string]bool
	names *Analyzer // nil: no names
	aead  cipher.AEAD
	nonce []byte // the key that derives each seal's nonce from its content
}

// NewRedactor returns a Redactor for cfg.
func NewRedactor(cfg RedactConfig) (*Redactor, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	r := &Redactor{kinds: map[string]bool{}}
	kinds := cfg.Kinds
	if len(kinds) == 0 {
		kinds = RuleKinds
	}
	for _, k := range kinds {
		r.kinds[k] = true
	}
	if cfg.Names || r.kinds[PIIPerson] {
		r.names = cfg.Analyzer
		if r.names == nil {
			a, err := defaultAnalyzer()
			if err != nil {
				return nil, err
			}
			r.names = a
		}
	}
	if cfg.Key != nil {
		r.aead, r.nonce = sealer(cfg.Key)
	}
	return r, nil
}

// sealer derives, from key, the AES-256-GCM cipher and the key of the
// nonces: separate subkeys, so that a nonce says nothing of the cipher key.
func sealer(key []byte) (cipher.AEAD, []byte) {
	sub := func(label string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(label))
		return m.Sum(nil)
	}
	block, _ := aes.NewCipher(sub("ckm pii seal")) // 32 bytes: cannot fail
	aead, _ := cipher.NewGCM(block)
	return aead, sub("ckm pii nonce")
}

// maxRounds bounds the passes of Text over its own output.
const maxRounds = 4

// Text returns text with the personal data replaced by placeholders and
// the redactions, sorted by Start, with offsets into the returned text.
// Redacting its output again changes nothing.
func (r *Redactor) Text(ctx context.Context, text string) (string, []Redaction, error) {
	out, rounds, _, err := r.rounds(ctx, text, Unknown)
	if err != nil {
		return "", nil, err
	}
	var all []Redaction
	for _, round := range rounds {
		all = shiftBy(all, round)
	}
	return out, all, nil
}

// rounds redacts text, then its output, until nothing is left to redact
// (a rejected long number can hide a phone number that only stands alone
// once a part of it is redacted). Each round's redactions have offsets
// into that round's output. Names are looked for in the first round only,
// in text read as lang (Unknown: detected), and the language they were
// read in is returned (Unknown without names).
func (r *Redactor) rounds(ctx context.Context, text string, lang Language) (string, [][]Redaction, Language, error) {
	var rounds [][]Redaction
	read := Unknown
	for i := 0; i < maxRounds; i++ {
		spans := findPII(text, r.kinds)
		if i == 0 && r.names != nil {
			names, l, err := r.names.personSpans(ctx, text, lang, spans)
			if err != nil {
				return "", nil, Unknown, err
			}
			read = l
			spans = append(spans, names...)
			sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
		}
		if len(spans) == 0 {
			break
		}
		var reds []Redaction
		text, reds = replaceSpans(text, spans)
		rounds = append(rounds, reds)
	}
	return text, rounds, read, nil
}

// shiftBy moves the spans of earlier rounds (offsets into the text that
// round redacted) past the placeholders of round, and returns them with
// round's, sorted by Start. Spans never overlap: a placeholder is never
// part of a match.
func shiftBy(earlier, round []Redaction) []Redaction {
	out := make([]Redaction, 0, len(earlier)+len(round))
	for _, e := range earlier {
		delta := 0
		for _, x := range round {
			if x.Start < e.Start+delta { // x came before e in the round's input
				delta += (x.End - x.Start) - len(x.Original)
			}
		}
		e.Start, e.End = e.Start+delta, e.End+delta
		out = append(out, e)
	}
	out = append(out, round...)
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// Document returns d with its personal data redacted: the text (its turns'
// offsets moved to match), the subject, the speakers and every Meta value
// but the thread identifiers of email. Names in the other fields are
// read in the language of the text (d.Lang, else detected): a signature
// or a sender's name is too short to tell its own.
// It adds Meta[MetaRedacted] and, with a key, Meta[MetaSealed] when
// something was redacted; a document already redacted keeps its own. The
// ID is kept: fill it (Normalize) before redacting, so that documents
// differing only in personal data keep distinct IDs.
func (r *Redactor) Document(ctx context.Context, d ckm.Document) (ckm.Document, error) {
	var all []sealedSpan
	text, rounds, lang, err := r.rounds(ctx, d.Text, ParseLanguage(d.Lang))
	if err != nil {
		return d, err
	}
	redact := func(field, s string) string {
		if err != nil || s == "" {
			return s
		}
		var out string
		var rounds [][]Redaction
		out, rounds, _, err = r.rounds(ctx, s, lang)
		var reds []Redaction
		for _, round := range rounds {
			reds = shiftBy(reds, round)
		}
		for _, x := range reds {
			all = append(all, sealedSpan{Field: field, Redaction: x})
		}
		return out
	}
	var reds []Redaction
	for _, round := range rounds {
		d.Turns = moveTurns(d.Turns, round)
		reds = shiftBy(reds, round)
	}
	for _, x := range reds {
		all = append(all, sealedSpan{Field: "text", Redaction: x})
	}
	d.Text = text
	d.Subject = redact("subject", d.Subject)
	for i := range d.Turns {
		d.Turns[i].Speaker = redact(fmt.Sprintf("turns[%d].speaker", i), d.Turns[i].Speaker)
	}
	if d.Meta != nil {
		meta := maps.Clone(d.Meta)
		for _, k := range slices.Sorted(maps.Keys(meta)) {
			if !keepMeta[k] {
				meta[k] = redact("meta."+k, meta[k])
			}
		}
		d.Meta = meta
	}
	if err != nil {
		return d, err
	}
	return r.annotate(d, all)
}

// sealedSpan is one redaction and the field it was made in.
type sealedSpan struct {
	Field string `json:"field"`
	Redaction
}

// annotate writes the count and, with a key, the sealed originals of the
// redactions into d's Meta.
func (r *Redactor) annotate(d ckm.Document, all []sealedSpan) (ckm.Document, error) {
	if len(all) == 0 {
		return d, nil
	}
	counts := map[string]int{}
	for _, s := range all {
		counts[s.Kind]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, k+"="+strconv.Itoa(counts[k]))
	}
	meta := maps.Clone(d.Meta)
	if meta == nil {
		meta = map[string]string{}
	}
	meta[MetaRedacted] = strings.Join(parts, " ")
	if r.aead != nil {
		plain, err := json.Marshal(all)
		if err != nil {
			return d, fmt.Errorf("nlp: seal %q: %w", d.ID, err)
		}
		m := hmac.New(sha256.New, r.nonce)
		m.Write(plain)
		nonce := m.Sum(nil)[:r.aead.NonceSize()]
		sealed := r.aead.Seal(slices.Clone(nonce), nonce, plain, []byte(d.ID))
		meta[MetaSealed] = base64.StdEncoding.EncodeToString(sealed)
	}
	d.Meta = meta
	return d, nil
}

// Sealed is one original recovered by Unseal: where it was (Field, such as
// "text" or "meta.email.from", and the placeholder's span there) and what
// it was.
type Sealed struct {
	Field    string `json:"field"`
	Kind     string `json:"kind"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Original string `json:"original"`
}

// ErrNotSealed is returned by Unseal for a document without sealed
// originals.
var ErrNotSealed = errors.New("nlp: unseal: document has no sealed originals")

// Unseal recovers the originals that a Redactor with key sealed into d.
func Unseal(key []byte, d ckm.Document) ([]Sealed, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("nlp: unseal: key of %d bytes; want 32", len(key))
	}
	raw, ok := d.Meta[MetaSealed]
	if !ok {
		return nil, ErrNotSealed
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	aead, _ := sealer(key)
	if err != nil || len(b) < aead.NonceSize() {
		return nil, fmt.Errorf("nlp: unseal %q: malformed %s", d.ID, MetaSealed)
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], []byte(d.ID))
	if err != nil {
		return nil, fmt.Errorf("nlp: unseal %q: wrong key or altered data: %w", d.ID, err)
	}
	var spans []sealedSpan
	if err := json.Unmarshal(plain, &spans); err != nil {
		return nil, fmt.Errorf("nlp: unseal %q: %w", d.ID, err)
	}
	out := make([]Sealed, len(spans))
	for i, s := range spans {
		out[i] = Sealed{Field: s.Field, Kind: s.Kind, Start: s.Start, End: s.End, Original: s.Original}
	}
	return out, nil
}

// moveTurns returns turns with their offsets moved from the original text
// to the redacted one; reds are the redactions, with offsets into the
// redacted text. An offset inside a redacted span moves to its end.
func moveTurns(turns []ckm.Turn, reds []Redaction) []ckm.Turn {
	if len(turns) == 0 || len(reds) == 0 {
		return turns
	}
	move := func(off int) int {
		delta := 0
		for _, r := range reds {
			origStart := r.Start - delta
			origEnd := origStart + len(r.Original)
			switch {
			case off < origEnd && off <= origStart:
				return off + delta
			case off < origEnd:
				return r.End
			}
			delta += (r.End - r.Start) - len(r.Original)
		}
		return off + delta
	}
	out := slices.Clone(turns)
	for i := range out {
		out[i].Start, out[i].End = move(out[i].Start), move(out[i].End)
	}
	return out
}

// docOf is a document of text alone, for analyses of a field.
func docOf(text string) ckm.Document { return ckm.Document{ID: "redact", Text: text} }

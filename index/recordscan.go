package index

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ckmhq/ckm/nlp"
)

// Reading a stored record's text for highlighting without decoding all of
// it. recordTexts needs the document's text and language and the
// analysis's language and sentences; encoding/json, asked for those
// alone, still checks and walks every byte of the record twice (its
// entities and needs are most of it), and decoding was half of
// highlighting a page. scanRecordText reads those fields in one pass and
// skips the rest; it gives up (false) on anything it does not read
// exactly as encoding/json would (escaped keys, a known name in another
// case, nulls, repeated names, numbers that are not integers, nesting
// deeper than maxScanDepth), and recordTexts then decodes the record
// with encoding/json, which also reports what is not JSON. The values it
// returns are encoding/json's: strings are unquoted and coerced to UTF-8
// as encoding/json does (unquote).

// recordText is what recordTexts reads of a stored record.
type recordText struct {
	text, lang string // the document's
	language   nlp.Language
	sentences  []nlp.Sentence
	spanText   bool
}

// maxScanDepth bounds the nesting scanRecordText skips.
const maxScanDepth = 64

// scanRecordText reads b's recordText, or returns false when it cannot
// read it exactly as encoding/json would.
func scanRecordText(b []byte) (recordText, bool) {
	s := &jsonScan{b: b}
	var r recordText
	var seen uint // the fields read, by bit: a name repeated is left to encoding/json
	once := func(bit uint) bool {
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return true
	}
	ok := s.object(func(key []byte) bool {
		switch string(key) {
		case "document":
			return once(1) && s.object(func(key []byte) bool {
				switch string(key) {
				case "text":
					return once(2) && s.str(&r.text)
				case "lang":
					return once(4) && s.str(&r.lang)
				}
				return s.other(key, "text", "lang")
			})
		case "analysis":
			return once(8) && s.object(func(key []byte) bool {
				switch string(key) {
				case "language":
					return once(16) && s.str((*string)(&r.language))
				case "sentences":
					return once(32) && s.sentences(&r.sentences)
				}
				return s.other(key, "language", "sentences")
			})
		case "span_text":
			return once(64) && s.boolean(&r.spanText)
		}
		return s.other(key, "document", "analysis", "span_text")
	})
	if !ok {
		return recordText{}, false
	}
	s.ws()
	return r, s.i == len(b)
}

// jsonScan reads JSON from b at i.
type jsonScan struct {
	b     []byte
	i     int
	depth int
}

// other skips the value of a key that is none of names, unless it is
// one of them in another case (which encoding/json would take).
func (s *jsonScan) other(key []byte, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(string(key), n) {
			return false
		}
	}
	return s.skip()
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next reports whether the next byte after white space is c, and takes it.
func (s *jsonScan) next(c byte) bool {
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// object reads an object, calling value with each key at its value.
func (s *jsonScan) object(value func(key []byte) bool) bool {
	if !s.next('{') {
		return false
	}
	if s.next('}') {
		return true
	}
	for {
		s.ws()
		start := s.i
		if !s.skipString() {
			return false
		}
		key := s.b[start+1 : s.i-1]
		if bytes.IndexByte(key, '\\') >= 0 || !s.next(':') || !value(key) {
			return false // (an escaped key is left to encoding/json)
		}
		if s.next(',') {
			continue
		}
		return s.next('}')
	}
}

// sentences reads an array of sentences.
func (s *jsonScan) sentences(out *[]nlp.Sentence) bool {
	if !s.next('[') {
		return false
	}
	*out = []nlp.Sentence{}
	if s.next(']') {
		return true
	}
	for {
		var x nlp.Sentence
		var seen uint
		once := func(bit uint) bool {
			if seen&bit != 0 {
				return false
			}
			seen |= bit
			return true
		}
		ok := s.object(func(key []byte) bool {
			switch string(key) {
			case "text":
				return once(1) && s.str(&x.Text)
			case "start":
				return once(2) && s.integer(&x.Start)
			case "end":
				return once(4) && s.integer(&x.End)
			case "language":
				return once(8) && s.str((*string)(&x.Language))
			}
			return s.other(key, "text", "start", "end", "language")
		})
		if !ok {
			return false
		}
		*out = append(*out, x)
		if s.next(',') {
			continue
		}
		return s.next(']')
	}
}

// str reads a string: as it is when it has no escape and is valid UTF-8,
// else unquoted as encoding/json unquotes it.
func (s *jsonScan) str(out *string) bool {
	s.ws()
	start := s.i
	if !s.skipString() {
		return false
	}
	raw := s.b[start+1 : s.i-1]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		*out = string(raw)
		return true
	}
	t, ok := unquote(raw)
	*out = string(t)
	return ok
}

// unquote decodes the escapes of a JSON string's contents (checked by
// skipString) and coerces it to valid UTF-8, as encoding/json's
// unquoteBytes does.
func unquote(s []byte) ([]byte, bool) {
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			r++
			if r >= len(s) {
				return nil, false
			}
			switch s[r] {
			case '"', '\\', '/':
				b = append(b, s[r])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(s[r+1:])
				if rr < 0 {
					return nil, false
				}
				r += 5
				if utf16.IsSurrogate(rr) {
					if r+1 < len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(s[r+2:])); dec != unicode.ReplacementChar {
							b = utf8.AppendRune(b, dec)
							r += 6
							continue
						}
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default:
				return nil, false
			}
			r++
		case c == '"' || c < ' ':
			return nil, false
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return b, true
}

// hex4 is the rune of the four hex digits that start s, or -1.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// integer reads a number that is an integer, as encoding/json reads one
// into an int.
func (s *jsonScan) integer(out *int) bool {
	s.ws()
	start := s.i
	if !s.number() {
		return false
	}
	n, err := strconv.ParseInt(string(s.b[start:s.i]), 10, 64)
	if err != nil {
		return false
	}
	*out = int(n)
	return true
}

// boolean reads true or false.
func (s *jsonScan) boolean(out *bool) bool {
	s.ws()
	switch {
	case s.literal("true"):
		*out = true
	case s.literal("false"):
		*out = false
	default:
		return false
	}
	return true
}

// skip skips one value, checking it as encoding/json does.
func (s *jsonScan) skip() bool {
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '{':
		return s.nested(func() bool { return s.object(func([]byte) bool { return s.skip() }) })
	case '[':
		return s.nested(func() bool {
			s.i++
			if s.next(']') {
				return true
			}
			for {
				if !s.skip() {
					return false
				}
				if s.next(',') {
					continue
				}
				return s.next(']')
			}
		})
	case '"':
		return s.skipString()
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	}
	return s.number()
}

// nested runs f one level deeper, failing past maxScanDepth.
func (s *jsonScan) nested(f func() bool) bool {
	if s.depth++; s.depth > maxScanDepth {
		return false
	}
	ok := f()
	s.depth--
	return ok
}

func (s *jsonScan) literal(lit string) bool {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return false
	}
	s.i += len(lit)
	return true
}

// skipString skips a string at i, checking its escapes.
func (s *jsonScan) skipString() bool {
	if s.i >= len(s.b) || s.b[s.i] != '"' {
		return false
	}
	for j := s.i + 1; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			j++
			if j >= len(s.b) {
				return false
			}
			switch s.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(s.b) {
					return false
				}
				for _, h := range s.b[j+1 : j+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				j += 4
			default:
				return false
			}
		}
	}
	return false
}

// number skips a number at i, as JSON writes one.
func (s *jsonScan) number() bool {
	b, i := s.b, s.i
	digits := func() int {
		n := 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	s.i = i
	return true
}

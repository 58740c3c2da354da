package ingest

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// toUTF8 converts text in a legacy encoding to UTF-8 and names the
// encoding it converted from: UTF-16 with a byte-order mark (Excel's
// "Unicode text"), and 8-bit text that is not UTF-8, read as Windows-1252
// when it uses the bytes 0x80–0x9F that Windows-1252 gives letters and
// punctuation, else as ISO-8859-1 (text at most 30% high bytes, without
// control bytes). UTF-8 input, mail (which names its own
// charsets) and binary data are returned as they are, with "".
func toUTF8(b []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}) && len(b)%2 == 0:
		return fromUTF16(b[2:], binary.LittleEndian), "utf-16le"
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}) && len(b)%2 == 0:
		return fromUTF16(b[2:], binary.BigEndian), "utf-16be"
	}
	if rest, ok := bytes.CutPrefix(b, []byte("\ufeff")); ok && !utf8.Valid(rest) {
		b = rest // Excel writes a UTF-8 byte-order mark before Windows-1252 text too
	}
	head := b[:min(len(b), 8192)]
	if utf8.Valid(trimPartialRune(head)) && utf8.Valid(b) || looksLikeMail(head) || mboxFrom.Match(head) || !legacyText(b) {
		return b, ""
	}
	enc, name := charmap.ISO8859_1, "iso-8859-1"
	for _, c := range b {
		if c >= 0x80 && c <= 0x9f {
			enc, name = charmap.Windows1252, "windows-1252"
			break
		}
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return b, ""
	}
	return out, name
}

// legacyText reports whether b looks like 8-bit text: no control bytes
// but tab, newline, carriage return and form feed, and no byte Windows-1252
// leaves undefined beside other high bytes.
func legacyText(b []byte) bool {
	high := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			high++
		}
	}
	return high*10 <= len(b)*3 // text in a Latin alphabet is mostly ASCII
}

func fromUTF16(b []byte, order binary.ByteOrder) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = order.Uint16(b[2*i:])
	}
	return []byte(string(utf16.Decode(u)))
}

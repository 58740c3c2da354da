package ingest

import (
	"bytes"
	"fmt"
)

// maxMessages bounds the messages read from one mbox.
const maxMessages = 100000

// SplitMbox splits an mbox file into its messages: each starts after a
// line beginning "From " at the start of the file or after a blank line,
// and ">From " escapes in bodies are undone (mboxrd). Text before the first
// "From " line is ignored.
func SplitMbox(b []byte) [][]byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	var msgs [][]byte
	var cur []byte
	in := false
	prevBlank := true
	for len(b) > 0 {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i+1], b[i+1:]
		} else {
			b = nil
		}
		if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
			if in {
				msgs = append(msgs, cur)
			}
			cur, in = nil, true
			prevBlank = false
			continue
		}
		prevBlank = len(bytes.TrimSpace(line)) == 0
		if !in {
			continue
		}
		if unq := bytes.TrimLeft(line, ">"); len(unq) < len(line) && bytes.HasPrefix(unq, []byte("From ")) {
			line = line[1:]
		}
		cur = append(cur, line...)
	}
	if in {
		msgs = append(msgs, cur)
	}
	return msgs
}

// ParseMbox reads every message of an mbox file with ParseEmail. Messages
// that fail are reported in the joined error, each as "message N: ...";
// the others are returned.
func ParseMbox(b []byte, cfg Config) ([]Parsed, error) {
	msgs := SplitMbox(b)
	if len(msgs) == 0 {
		return nil, malformed("mbox: no \"From \" line starts a message")
	}
	if len(msgs) > maxMessages {
		return nil, malformed("mbox: more than %d messages", maxMessages)
	}
	var out []Parsed
	var errs []error
	for i, m := range msgs {
		p, err := ParseEmail(m, cfg)
		if err != nil {
			errs = append(errs, fmt.Errorf("message %d: %w", i+1, err))
			continue
		}
		p.Format = FormatMbox
		out = append(out, p)
	}
	return out, joinItems(errs)
}

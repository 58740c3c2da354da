package ckm

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Scanner reads documents from JSON Lines, one JSON object a line, as the
// CLI and the API accept them. Blank lines are skipped; a line that does
// not decode is reported through Document and the scan goes on, so one bad
// line never loses the rest. Lines longer than MaxDocumentBytes are skipped
// without being held in memory.
type Scanner struct {
	r    *bufio.Reader
	line int
	buf  []byte
	long bool
	err  error
}

// NewScanner returns a Scanner reading from r.
func NewScanner(r io.Reader) *Scanner {
	return &Scanner{r: bufio.NewReaderSize(r, 64<<10)}
}

// Scan advances to the next non-blank line. It returns false at the end of
// the input or on a read error (see Err).
func (s *Scanner) Scan() bool {
	for s.err == nil {
		if !s.readLine() {
			return false
		}
		if s.long || len(bytes.TrimSpace(s.buf)) > 0 {
			return true
		}
	}
	return false
}

// readLine reads one line into s.buf, keeping at most MaxDocumentBytes.
func (s *Scanner) readLine() bool {
	s.buf, s.long = s.buf[:0], false
	s.line++
	for {
		chunk, err := s.r.ReadSlice('\n')
		if !s.long {
			if len(s.buf)+len(chunk) > MaxDocumentBytes+1 {
				s.long, s.buf = true, s.buf[:0]
			} else {
				s.buf = append(s.buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			s.err = io.EOF
			s.buf = bytes.TrimSuffix(s.buf, []byte("\r"))
			return len(s.buf) > 0 || s.long
		case err != nil:
			s.err = err
			return false
		}
		s.buf = bytes.TrimSuffix(bytes.TrimSuffix(s.buf, []byte("\n")), []byte("\r"))
		return true
	}
}

// Line is the 1-based number of the current line in the input, counting
// blank lines.
func (s *Scanner) Line() int { return s.line }

// Document decodes the current line (see DecodeDocument).
func (s *Scanner) Document() (Document, error) {
	return checked(s.RawDocument())
}

// RawDocument decodes the current line as it was sent, neither normalized
// nor validated (see UnmarshalDocument).
func (s *Scanner) RawDocument() (Document, error) {
	if s.long {
		return Document{}, &FieldError{"line", fmt.Sprintf("over the limit of %d bytes", MaxDocumentBytes)}
	}
	return UnmarshalDocument(s.buf)
}

// Err returns the first read error, or nil at a clean end of input.
func (s *Scanner) Err() error {
	if errors.Is(s.err, io.EOF) {
		return nil
	}
	return s.err
}

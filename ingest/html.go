package ingest

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLText converts an HTML message body to readable plain text: markup,
// scripts, styles and comments are dropped, blocks and <br> become line
// breaks, list items start with "- ", <hr> becomes a rule line and the
// lines inside <blockquote> are prefixed with "> " per level, so that
// Strip finds quoted history in HTML mail as in plain mail.
func HTMLText(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	w := &textWriter{}
	skip := 0 // depth inside elements whose text is not shown
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.flush()
			return w.String()
		case html.TextToken:
			if skip == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hidden[a] || bytes.IndexByte(name, ':') >= 0 {
				if tt == html.StartTagToken && !voidish(a) {
					skip++
				}
				continue
			}
			if skip == 0 {
				w.open(a)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if hidden[a] || bytes.IndexByte(name, ':') >= 0 {
				if skip > 0 {
					skip--
				}
				continue
			}
			if skip == 0 {
				w.close(a)
			}
		}
	}
}

// hidden elements' text is not part of the message.
var hidden = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Head: true, atom.Title: true,
	atom.Noscript: true, atom.Template: true, atom.Object: true, atom.Svg: true,
}

func voidish(a atom.Atom) bool { return a == atom.Meta || a == atom.Link }

// block elements start and end on their own line.
var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Tr: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Pre: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Center: true, atom.Address: true, atom.Body: true,
	atom.Form: true, atom.Fieldset: true, atom.Main: true, atom.Nav: true, atom.Aside: true,
}

// textWriter builds text line by line, collapsing white space outside
// <pre> and blank lines everywhere to one.
type textWriter struct {
	lines []string
	cur   strings.Builder
	depth int // blockquote nesting
	pre   int
	space bool // a space is pending before the next word
}

func (w *textWriter) open(a atom.Atom) {
	switch {
	case a == atom.Br:
		w.newline(true)
	case a == atom.Hr:
		w.newline(false)
		w.lines = append(w.lines, w.prefix()+"________________________________")
	case a == atom.Blockquote:
		w.newline(false)
		w.depth++
	case a == atom.Li:
		w.newline(false)
		w.cur.WriteString("- ")
	case a == atom.Td, a == atom.Th:
		w.space = w.cur.Len() > 0
	case block[a]:
		if a == atom.Pre {
			w.pre++
		}
		w.newline(false)
	}
}

func (w *textWriter) close(a atom.Atom) {
	switch {
	case a == atom.Blockquote:
		w.newline(false)
		w.depth = max(0, w.depth-1)
	case a == atom.P:
		w.newline(false)
		w.blank()
	case block[a], a == atom.Li:
		if a == atom.Pre && w.pre > 0 {
			w.pre--
		}
		w.newline(false)
	}
}

func (w *textWriter) text(s string) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	if w.pre > 0 {
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				w.newline(true)
			}
			w.cur.WriteString(strings.TrimRight(part, "\r"))
		}
		return
	}
	for i, word := range strings.Fields(s) {
		if (i > 0 || w.space || startsSpace(s)) && w.cur.Len() > 0 {
			w.cur.WriteByte(' ')
		}
		w.cur.WriteString(word)
		w.space = false
	}
	if strings.TrimSpace(s) == "" || endsSpace(s) {
		w.space = w.space || len(s) > 0
	}
}

func startsSpace(s string) bool { return s != "" && strings.ContainsRune(" \t\r\n\f", rune(s[0])) }
func endsSpace(s string) bool   { return s != "" && strings.ContainsRune(" \t\r\n\f", rune(s[len(s)-1])) }

func (w *textWriter) prefix() string { return strings.Repeat("> ", w.depth) }

// newline ends the current line; an empty line is kept only when hard (a
// <br>), and never more than one in a row.
func (w *textWriter) newline(hard bool) {
	line := strings.TrimRight(w.cur.String(), " ")
	w.cur.Reset()
	w.space = false
	if line == "" {
		if hard {
			w.blank()
		}
		return
	}
	w.lines = append(w.lines, w.prefix()+line)
}

func (w *textWriter) blank() {
	if n := len(w.lines); n > 0 && strings.TrimRight(w.lines[n-1], "> ") != "" {
		w.lines = append(w.lines, strings.TrimRight(w.prefix(), " "))
	}
}

func (w *textWriter) flush() { w.newline(false) }

func (w *textWriter) String() string {
	return strings.Trim(strings.Join(w.lines, "\n"), "\n")
}

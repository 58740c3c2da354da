package api

import (
	"cmp"
	"html"
	"html/template"
	"slices"
	"strings"
	"unicode/utf8"
)

// safeFragment makes a highlighted fragment from the index safe to show
// as HTML. The index escapes the text and adds <mark> and </mark> only,
// but the page does not take that on trust: every "<" or ">" that is not
// part of a <mark> or </mark> tag, every quote and every "&" that does not
// start a character reference is escaped again, marks are balanced (a
// stray </mark> is dropped, an open <mark> closed at the end), and invalid
// UTF-8 is replaced. What comes out holds no element but mark and no
// attribute at all.
func safeFragment(s string) template.HTML {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 16)
	open := 0
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case strings.HasPrefix(s[i:], "<mark>"):
			b.WriteString("<mark>")
			open++
			i += len("<mark>")
		case strings.HasPrefix(s[i:], "</mark>"):
			if open > 0 {
				b.WriteString("</mark>")
				open--
			}
			i += len("</mark>")
		case c == '&':
			if n := charRef(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
			b.WriteString("&amp;")
			i++
		case c == '<':
			b.WriteString("&lt;")
			i++
		case c == '>':
			b.WriteString("&gt;")
			i++
		case c == '"':
			b.WriteString("&#34;")
			i++
		case c == '\'':
			b.WriteString("&#39;")
			i++
		case c == 0:
			b.WriteString("\uFFFD")
			i++
		default:
			b.WriteByte(c)
			i++
		}
	}
	for ; open > 0; open-- {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// charRef returns the length of the character reference at the start of
// s (&amp; &#39; &#x27;), or 0 when s does not start with one. Named
// references are limited to ASCII letters and digits.
func charRef(s string) int {
	const maxRef = 12
	end := strings.IndexByte(s[:min(len(s), maxRef)], ';')
	if end < 2 {
		return 0
	}
	body := s[1:end]
	switch {
	case body[0] == '#' && len(body) > 2 && (body[1] == 'x' || body[1] == 'X'):
		return refIf(end+1, allOf(body[2:], isHex))
	case body[0] == '#':
		return refIf(end+1, len(body) > 1 && allOf(body[1:], isDigit))
	default:
		return refIf(end+1, allOf(body, isAlnum) && html.UnescapeString(s[:end+1]) != s[:end+1])
	}
}

func refIf(n int, ok bool) int {
	if ok {
		return n
	}
	return 0
}

func allOf(s string, f func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !f(s[i]) {
			return false
		}
	}
	return s != ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isHex(c byte) bool   { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }
func isAlnum(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'z' }

// span is a marked range of a document's text: a need or an entity.
type span struct {
	start, end int
	class      string
	title      string
	need       bool // needs are opened outside entities that start with them
}

// validSpans drops spans that do not fit text: out of range, empty, or
// not on UTF-8 boundaries.
func validSpans(text string, spans []span) []span {
	out := spans[:0:0]
	for _, sp := range spans {
		if sp.start < 0 || sp.end > len(text) || sp.start >= sp.end {
			continue
		}
		if !utf8.RuneStart(text[sp.start]) || (sp.end < len(text) && !utf8.RuneStart(text[sp.end])) {
			continue
		}
		out = append(out, sp)
	}
	return out
}

// spanOrder is the nesting order: earlier start first, then the longer
// span outside, then needs outside entities.
func spanOrder(a, b span) int {
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(b.end, a.end); c != 0 {
		return c
	}
	switch {
	case a.need && !b.need:
		return -1
	case b.need && !a.need:
		return 1
	}
	return strings.Compare(a.class+a.title, b.class+b.title)
}

// markText renders text[lo:hi] as HTML with each span that overlaps it
// wrapped in <mark class=... title=...>. Every piece of text and every
// attribute is escaped. Spans that nest are nested; a span that crosses
// another's end is closed and reopened around it, so the output is always
// well formed. Spans must be valid for text (validSpans).
func markText(text string, lo, hi int, spans []span) string {
	var in []span
	bounds := []int{lo, hi}
	for _, sp := range spans {
		if sp.end <= lo || sp.start >= hi {
			continue
		}
		sp.start, sp.end = max(sp.start, lo), min(sp.end, hi)
		in = append(in, sp)
		bounds = append(bounds, sp.start, sp.end)
	}
	slices.SortFunc(in, spanOrder)
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)

	var b strings.Builder
	var stack []int // indexes into in of the open marks, outermost first
	for i := 0; i+1 < len(bounds); i++ {
		a, z := bounds[i], bounds[i+1]
		var cover []int
		for j, sp := range in {
			if sp.start <= a && sp.end >= z {
				cover = append(cover, j)
			}
		}
		keep := 0
		for keep < len(stack) && keep < len(cover) && stack[keep] == cover[keep] {
			keep++
		}
		for range len(stack) - keep {
			b.WriteString("</mark>")
		}
		stack = append(stack[:keep], cover[keep:]...)
		for _, j := range cover[keep:] {
			b.WriteString(`<mark class="` + html.EscapeString(in[j].class) + `" title="` + html.EscapeString(in[j].title) + `">`)
		}
		b.WriteString(html.EscapeString(text[a:z]))
	}
	for range stack {
		b.WriteString("</mark>")
	}
	return b.String()
}

// cssName makes s usable in a class name: lower-case letters, digits and
// dashes.
func cssName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, s)
}

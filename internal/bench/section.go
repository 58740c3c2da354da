package bench

import (
	"strconv"
	"strings"
)

// A file such as BENCHMARKS.md holds the sections of several tools (make
// report, make scale), each between a begin and an end marker line, so
// that each tool rewrites its own section and leaves the others as they
// are. The markers are HTML comments, invisible in rendered Markdown.

func beginMarker(name string) string { return "<!-- begin " + name + " -->" }
func endMarker(name string) string   { return "<!-- end " + name + " -->" }

// span returns where name's section, markers included, starts and ends in
// doc, or false when doc has no complete section of that name.
func span(doc, name string) (int, int, bool) {
	b := strings.Index(doc, beginMarker(name))
	if b < 0 {
		return 0, 0, false
	}
	e := strings.Index(doc[b:], endMarker(name))
	if e < 0 {
		return 0, 0, false
	}
	return b, b + e + len(endMarker(name)), true
}

// HasSection reports whether doc holds a section called name.
func HasSection(doc, name string) bool {
	_, _, ok := span(doc, name)
	return ok
}

// ReplaceSection returns doc with the section called name holding body:
// the text between its markers is replaced, or, when doc has no such
// section, the section is appended at the end. The rest of doc is kept
// byte for byte.
func ReplaceSection(doc, name, body string) string {
	block := beginMarker(name) + "\n" + strings.TrimRight(body, "\n") + "\n" + endMarker(name)
	if b, e, ok := span(doc, name); ok {
		return doc[:b] + block + doc[e:]
	}
	if strings.TrimSpace(doc) == "" {
		return block + "\n"
	}
	return strings.TrimRight(doc, "\n") + "\n\n" + block + "\n"
}

// OnlySections returns the marked sections of doc, in order, each with its
// markers, and drops every line outside them: what is left of a file
// written before it had sections when its one writer rewrites it.
func OnlySections(doc string) string {
	var out []string
	for rest := doc; ; {
		b := strings.Index(rest, "<!-- begin ")
		if b < 0 {
			break
		}
		name, _, ok := strings.Cut(rest[b+len("<!-- begin "):], " -->")
		if !ok {
			break
		}
		sb, se, ok := span(rest[b:], name)
		if !ok || sb != 0 {
			rest = rest[b+1:]
			continue
		}
		out = append(out, rest[b:b+se])
		rest = rest[b+se:]
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n\n") + "\n"
}

// Thousands writes n with commas between groups of three digits
// (1,234,567), as the sections' tables do.
func Thousands(n int) string {
	if n < 0 {
		return "-" + Thousands(-n)
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

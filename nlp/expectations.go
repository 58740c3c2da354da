package nlp

import (
	"iter"
	"slices"
	"strings"
)

// quoted marks the byte ranges of a text that are not the writer's own
// words. HTML comments ("<!-- ... -->") hold a template's instructions
// ("How reliably can you reproduce the issue?"): no need is read in them.
// Markdown code fences ("```") hold code, logs and error output ("make:
// *** Error 1", "Missing libraries: libavcodec"): an error there is
// evidence of a fault, but nothing in them is a request, a question or a
// wish. A comment left open ends at the end of its line, a fence left
// open at the end of the text. The headings of a form (see formHeadings)
// are its prompts: no need is read in them either; wanted are the answers
// to a heading that asks what the writer would like.
type quoted struct {
	comments, code, headings, wanted [][2]int
}

// quotedSpans finds the quoted ranges of text.
func quotedSpans(text string) quoted {
	q := quoted{
		comments: delimited(text, "<!--", "-->", true),
		code:     delimited(text, "```", "```", false),
		headings: formHeadings(text),
	}
	for i, h := range q.headings {
		if asksWish(text[h[0]:h[1]]) {
			end := len(text)
			if i+1 < len(q.headings) {
				end = q.headings[i+1][0]
			}
			q.wanted = append(q.wanted, [2]int{h[1], end})
		}
	}
	return q
}

// asksWish reports whether a form's heading asks what the writer would
// like ("Describe the solution you'd like", "O que você gostaria?"): its
// answer is a request however it is worded, even in a report of a fault
// ("the send method should pass that error back").
func asksWish(heading string) bool {
	h := strings.ReplaceAll(strings.ToLower(heading), "’", "'")
	return strings.Contains(h, "you'd like") || strings.Contains(h, "you would like") ||
		strings.Contains(h, "would you like") || strings.Contains(h, "gostaria")
}

// keep reports whether a need of kind found in the sentence starting at
// off is read.
func (q quoted) keep(off int, kind string) bool {
	return !inSpans(q.comments, off) && !inSpans(q.headings, off) && (kind != KindExplicit || !inSpans(q.code, off))
}

// minFormHeadings is the fewest heading lines that make a text a filled-in
// form (see formHeadings).
const minFormHeadings = 2

// formHeadings returns the heading lines of a text written into a form,
// an issue template ("**Is your feature request related to a problem?
// Please describe.**", "### Describe alternatives you've considered"): a
// line opened by "#" or wholly in bold, when the text has at least
// minFormHeadings of them. They are the form's questions to the writer,
// not what the writer asks for; the answers under them are read. A
// single bold line is the writer's own emphasis ("**It is terribly
// difficult to see what is displayed.**") and is read.
func formHeadings(text string) [][2]int {
	var spans [][2]int
	for off, end := range lineSpans(text) {
		if heading(strings.TrimSpace(text[off:end])) {
			spans = append(spans, [2]int{off, end})
		}
	}
	if len(spans) < minFormHeadings {
		return nil
	}
	return spans
}

// heading reports whether a trimmed line is a Markdown heading: opened by
// "#" and a space, or wholly in bold ("**Additional context**").
func heading(line string) bool {
	if strings.HasPrefix(line, "#") {
		return strings.HasPrefix(strings.TrimLeft(line, "#"), " ")
	}
	return len(line) > 4 && strings.HasPrefix(line, "**") && strings.HasSuffix(line, "**")
}

// historySpans returns an email's quoted history: an attribution line
// ("On Mon, Nov 30, 2026 at 9:10 AM Dana <dana@example.com> wrote:", "Em
// qui., 3 de dez. de 2026 às 16:40, Juliana <...> escreveu:") and the lines
// opened with ">" that follow it. They are the earlier messages of the
// thread, often the vendor's own: a document posted with its history kept
// yields no need from them. A ">" block with no attribution is kept: in
// issues and forums it is a blockquote the writer chose to cite.
func historySpans(text string) [][2]int {
	var spans [][2]int
	inHistory := false
	for off, end := range lineSpans(text) {
		line := strings.TrimSpace(text[off:end])
		low := strings.ToLower(line)
		switch {
		case (strings.HasSuffix(low, "wrote:") || strings.HasSuffix(low, "escreveu:")) && len(line) < 300:
			inHistory = true
			spans = append(spans, [2]int{off, end})
		case inHistory && strings.HasPrefix(line, ">"):
			spans = append(spans, [2]int{off, end})
		case line != "":
			inHistory = false
		}
	}
	return spans
}

// lineSpans yields the start and end offsets of each line of text, the
// newline left out.
func lineSpans(text string) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for off := 0; off < len(text); {
			end := strings.IndexByte(text[off:], '\n')
			if end < 0 {
				end = len(text)
			} else {
				end += off
			}
			if !yield(off, end) {
				return
			}
			off = end + 1
		}
	}
}

// delimited returns the ranges from each open to the next close; an
// unclosed range ends at the end of its line when lineEnd is set, else at
// the end of text.
func delimited(text, open, close string, lineEnd bool) [][2]int {
	var spans [][2]int
	for off := 0; ; {
		i := strings.Index(text[off:], open)
		if i < 0 {
			return spans
		}
		start := off + i
		end := len(text)
		if j := strings.Index(text[start+len(open):], close); j >= 0 {
			end = start + len(open) + j + len(close)
		} else if j := strings.IndexByte(text[start:], '\n'); lineEnd && j >= 0 {
			end = start + j
		}
		spans = append(spans, [2]int{start, end})
		off = end
	}
}

// inSpans reports whether offset off lies in one of spans.
func inSpans(spans [][2]int, off int) bool {
	for _, s := range spans {
		if off >= s[0] && off < s[1] {
			return true
		}
	}
	return false
}

// expectationCues are the bare modal phrases that state how something
// ought to behave: a request in a message that asks for something, the
// expected behaviour in one that reports a fault ("the export should keep
// the filters", "DevTools should not crawl unmounted subtrees").
var expectationCues = []string{"should", "it should", "must", "needs to", "it needs to"}

// absenceCues name something missing: a wish in a message that asks for
// it, a defect in one that reports a fault ("Missing libraries:
// libavcodec", "the reset is missing").
var absenceCues = []string{"=missing"}

// goalCues are the first-person wants that, followed by a goal word (see
// goalWords), name the writer's own task: "I want to install it", "I need
// help with this error".
var goalCues = []string{"i want", "i need", "we want", "i would like", "i'd like"}

// expectations reads the requests of a document that reports a fault (an
// affirmed customer pain need) as part of the report: a bare-modal
// request states what the product was expected to do ("the export should
// keep the filters", "DevTools should not crawl unmounted subtrees"), a
// first-person goal is what the fault blocks ("I want to install it but
// error 919 pops up") and "missing" names a defect ("Missing libraries:
// libavcodec"); all three become pain. A request worded as one ("you
// should add", "should be able to", "please add", "I want an export") is
// left alone, and so is a bare modal in the sentence that tells the
// fault: a one-sentence suggestion often gives its reason ("the export
// crashes, it should keep the filters"). A sentence still gives one need
// per theme.
func expectations(ss []sentenceNeeds) {
	faults := faultSentences(ss)
	if len(faults) == 0 {
		return
	}
	for i := range ss {
		if ss[i].wanted {
			continue // the answer to "the solution you'd like"
		}
		elsewhere := len(faults) > 1 || faults[0] != i
		changed := false
		for j := range ss[i].rules {
			if r := &ss[i].rules[j]; expectation(r, elsewhere) {
				r.Cue, r.Kind = "pain", KindImplied
				changed = true
			}
		}
		if changed {
			ss[i].rules = onePerTheme(ss[i].rules) // still one mention per theme
		}
	}
}

// expectation reports whether r, in a document that reports a fault, is
// part of the report (see expectations); a bare modal only when the fault
// is told in another sentence.
func expectation(r *ruleNeed, elsewhere bool) bool {
	switch r.Cue {
	case "request":
		return elsewhere && slices.Contains(expectationCues, r.phrase) || r.goal && slices.Contains(goalCues, r.phrase)
	case "wish":
		return slices.Contains(absenceCues, r.phrase)
	}
	return false
}

// faultSentences returns the indices of the customer's sentences of ss
// that hold an affirmed pain need that is not hedged ("if the current
// behaviour is a bug, please provide the steps" reports nothing).
func faultSentences(ss []sentenceNeeds) []int {
	var out []int
	for i, s := range ss {
		for _, r := range s.rules {
			if r.Cue == "pain" && !r.Negated && !r.Hedged && r.Speaker != SpeakerAgent && r.Confidence >= 0.5 {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

package nlp

import (
	"slices"
	"testing"

	"github.com/ckmhq/ckm"
)

// TestExpectations checks what a document's other sentences make of a
// request: the expected behaviour in a bug report, the writer's own task
// in a how-to question, a template's instructions, code and logs. want
// lists the cues of the affirmed needs with confidence ≥ 0.5, in order of
// first appearance; none means no such need.
func TestExpectations(t *testing.T) {
	t.Parallel()
	tests := []cueCase{
		{"should alone is a request", "The export should keep the filters.", []string{"request"}},
		{"should in a bug report", "The export crashes every time. It should keep the filters.", []string{"pain"}},
		{"should not in a bug report", "Quick diff is broken in the diff editor. Quick diff should not run there.", []string{"pain"}},
		{"a modal beside the fault it answers stays", "The export crashes every time, it should keep the filters.", []string{"request", "pain"}},
		{"you should add in a bug report stays", "Flash is broken on some sites. You should add a toggle for the keyboard.", []string{"pain", "request"}},
		{"a hedged fault reports nothing", "If the app keeps crashing, we call support. The export should keep the filters.", []string{"pain", "request"}},
		{"missing in a bug report", "The build fails with an error. Some libraries are missing.", []string{"pain"}},
		{"missing alone is a wish", "Missing a dark theme.", []string{"wish"}},
		{"goal blocked by a fault", "I want to install it but it keeps crashing.", []string{"pain"}},
		{"goal outside a bug report stays", "I need to upload the model to a camera.", []string{"request"}},
		{"a want of a thing stays", "I want an export to PDF.", []string{"request"}},
		{"past want is narration", "Just what I wanted, works great.", nil},
		{"can you fix is pain", "Can you fix the login?", []string{"pain"}},
		{"need to fix bugs is pain", "Need to fix all the bugs.", []string{"pain"}},
		{"can i is a capability question", "Can I export the audit log?", []string{"question"}},
		{"a must download is praise", "A must download for every student.", nil},
		{"there must be", "There must be better apps than this one.", nil},
		{"money back is pain", "I want my money back!", []string{"pain"}},
		{"like it more is praise", "I would like it more if it had fewer ads.", nil},
		{"template comment", "<!-- Please describe what you would like to see. Can you reproduce it? -->\nThe export keeps failing.", []string{"pain"}},
		{"code fence", "Build output:\n```\nthe build keeps failing\nPlease add the flag\n```\nThat is all.", []string{"pain"}},
		{"outside the fence", "Please add the flag.", []string{"request"}},
		{"a form's headings are its questions", "**Is your feature request related to a problem? Please describe.**\nI always have to export by hand.\n\n**Describe alternatives you've considered**\nNone.", []string{"workaround"}},
		{"a form's markdown headings", "### Describe the solution you'd like\n\nPlease add a dark mode.\n\n### Describe any alternatives you've considered\n\n_No response_", []string{"request"}},
		{"the solution a form asks for is a request", "**Describe the bug**\nThe export crashes on large files.\n\n**Describe the solution you'd like**\nThe export should split large files into parts.", []string{"pain", "request"}},
		{"one bold line is the writer's emphasis", "**Please add a dark mode.**\nMy eyes hurt at night.", []string{"request"}},
	}
	testCues(t, tests)
}

// cueCase is a text and the cues of its affirmed needs with confidence ≥
// 0.5, in order of first appearance; none means no such need.
type cueCase struct {
	name string
	text string
	want []string
}

// testCues analyses each case's text as a document of no source and
// compares the cues of its affirmed needs with confidence ≥ 0.5.
func testCues(t *testing.T, tests []cueCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
			var got []string
			for _, n := range a.Needs {
				if !n.Negated && n.Confidence >= 0.5 && !slices.Contains(got, n.Cue) {
					got = append(got, n.Cue)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%q: cues %v, want %v (needs %+v)", tt.text, got, tt.want, a.Needs)
			}
		})
	}
}

package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
)

// ptCue is one line of testdata/needs_pt_cues.jsonl: a Portuguese B2B
// support sentence written for the set and the cue families a reader
// finds in it. A family written "?cue" is acceptable but not required
// ("Precisamos de mais usuários" is growth, and a request as well).
type ptCue struct {
	ID   string   `json:"id"`
	Text string   `json:"text"`
	Cues []string `json:"cues"`
}

// ptCueFloors are the precision and recall each cue family must reach on
// testdata/needs_pt_cues.jsonl (EVALUATION.md has the measured figures).
var ptCueFloors = map[string][2]float64{
	"request": {0.95, 0.95}, "wish": {0.95, 0.85}, "pain": {0.90, 0.95},
	// How-to questions ("Como faço para ...?") are support, not needs, since
	// the scenario corpus showed them surfacing as hints: 0.90, not 0.95.
	"question":   {0.95, 0.90},
	"workaround": {0.95, 0.80}, "plan": {0.85, 0.95}, "growth": {0.95, 0.75}, "budget": {0.95, 0.85},
	"competitor": {0.95, 0.85}, "churn-risk": {0.95, 0.95}, "none": {0.75, 0.90},
}

// TestPortugueseCueFamilies measures each cue family's precision and
// recall on hand-written, hand-labelled Portuguese sentences and fails
// below the floors. Run with -v for the table and the misses.
func TestPortugueseCueFamilies(t *testing.T) {
	t.Parallel()
	items := readJSONLines[ptCue](t, "testdata/needs_pt_cues.jsonl")
	if len(items) < 150 {
		t.Fatalf("%d sentences, want at least 150", len(items))
	}
	c := map[string]*counts{}
	for f := range ptCueFloors {
		c[f] = &counts{}
	}
	for _, it := range items {
		a := analyze(t, ckm.Document{ID: it.ID, Source: ckm.SourceEmail, Lang: "pt", Text: it.Text})
		got := map[string]bool{}
		for _, n := range a.Needs {
			if !n.Negated && n.Speaker != SpeakerAgent && n.Confidence >= 0.5 {
				got[n.Cue] = true
			}
		}
		required, acceptable := map[string]bool{}, map[string]bool{}
		for _, cue := range it.Cues {
			if a, ok := strings.CutPrefix(cue, "?"); ok {
				acceptable[a] = true
			} else {
				required[cue] = true
			}
		}
		if len(it.Cues) == 0 {
			required["none"] = true
		}
		if len(got) == 0 {
			got["none"] = true
		}
		for f, fc := range c {
			switch {
			case required[f] && got[f]:
				fc.tp++
			case required[f]:
				fc.fn++
				t.Logf("%s: missed %s: %s (got %v)", it.ID, f, it.Text, keys(got))
			case got[f] && !acceptable[f]:
				fc.fp++
				t.Logf("%s: wrong %s: %s", it.ID, f, it.Text)
			}
		}
	}
	families := slices.Sorted(func(yield func(string) bool) {
		for f := range c {
			if !yield(f) {
				return
			}
		}
	})
	for _, f := range families {
		p, r := c[f].precision(), c[f].recall()
		t.Logf("| %s | %d | %d | %d | %.3f | %.3f |", f, c[f].tp, c[f].fp, c[f].fn, p, r)
		if fl := ptCueFloors[f]; p < fl[0] || r < fl[1] {
			t.Errorf("%s: precision %.3f recall %.3f, want at least %.2f and %.2f", f, p, r, fl[0], fl[1])
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

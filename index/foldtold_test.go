package index

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFoldTold checks that a flagged theme more than half of whose
// documents are documents of a larger flagged theme is left out, and that
// one sharing half or less, or with no documents read, stays; by the
// documents that raise each theme, then by those that write it.
func TestFoldTold(t *testing.T) {
	t.Parallel()
	theme := func(label string, docs ...string) EmergingTheme { return EmergingTheme{Label: label, docs: docs} }
	for _, tt := range []struct {
		name    string
		flagged []EmergingTheme
		want    []string
	}{
		{"a word of the same documents", []EmergingTheme{theme("segurança", "rz-15"), theme("two-factor login", "hs-17", "rz-15", "wm-15", "vb-18")},
			[]string{"two-factor login"}},
		{"the smaller folds, whatever the order", []EmergingTheme{theme("diesel", "fen-16", "pms-15"), theme("carbon footprint", "fen-16", "pms-15", "fbv-16"), theme("field boundaries", "rdg-16")},
			[]string{"carbon footprint", "field boundaries"}},
		{"half is not more than half", []EmergingTheme{theme("DockHub", "ts-13", "pl-14"), theme("horário reservado", "ts-15", "ac-15", "ac-13", "ts-13")},
			[]string{"DockHub", "horário reservado"}},
		{"no documents read", []EmergingTheme{theme("wallet"), theme("carteirinha digital", "as-17", "bn-15")},
			[]string{"wallet", "carteirinha digital"}},
		{"nothing flagged", nil, nil},
	} {
		var got []string
		for _, x := range foldTold(tt.flagged, raising) {
			got = append(got, x.Label)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: kept (-want +got):\n%s", tt.name, diff)
		}
	}
	// "diesel" is raised as a need in a document of its own, but written in
	// the carbon footprint's documents: the second fold, by the documents
	// that write each theme's words, leaves it out.
	diesel := EmergingTheme{Label: "diesel", docs: []string{"pms-15"}, written: []string{"pms-15", "fen-16", "fbv-16", "pms-17"}}
	carbon := EmergingTheme{Label: "carbon footprint", docs: []string{"fbv-16", "fen-16"}, written: []string{"fbv-16", "fen-16", "pms-17", "pms-15", "fen-17"}}
	flagged := []EmergingTheme{carbon, diesel}
	if got := foldTold(flagged, raising); len(got) != 2 {
		t.Errorf("by the needs' documents: kept %d themes, want 2", len(got))
	}
	if got := foldTold(flagged, writing); len(got) != 1 || got[0].Label != "carbon footprint" {
		t.Errorf("by the documents that write them: kept %v, want the carbon footprint", got)
	}
	// "estimated" is written in every request for energy figures and in
	// one more document; the seed topic the requests are filed under names
	// the subject and keeps it, though the word has more documents. A word
	// with more documents than a learned theme's still keeps them.
	energy := EmergingTheme{Key: "sustainability", Label: "kWh per machine", docs: []string{"pr-17", "sv-15", "sc-15"}}
	estimate := EmergingTheme{Key: "estim", Label: "estimate", docs: []string{"pr-15", "pr-17", "sv-15", "sc-15"}}
	if got := foldTold([]EmergingTheme{estimate, energy}, raising); len(got) != 1 || got[0].Label != "kWh per machine" {
		t.Errorf("a seed topic and a word of its documents: kept %v, want the seed topic", got)
	}
	energy.Key = "energi machin"
	if got := foldTold([]EmergingTheme{estimate, energy}, raising); len(got) != 1 || got[0].Label != "estimate" {
		t.Errorf("a learned theme and a word of more documents: kept %v, want the word", got)
	}
}

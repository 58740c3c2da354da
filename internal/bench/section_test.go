package bench

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReplaceSection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, section, body, want string
	}{
		{"empty file", "", "scale", "# Scale\n", "<!-- begin scale -->\n# Scale\n<!-- end scale -->\n"},
		{"appended after the others", "<!-- begin report -->\nR\n<!-- end report -->\n", "scale", "S",
			"<!-- begin report -->\nR\n<!-- end report -->\n\n<!-- begin scale -->\nS\n<!-- end scale -->\n"},
		{"replaced in place, the rest kept", "top\n<!-- begin report -->\nold\n<!-- end report -->\nmiddle\n<!-- begin scale -->\nold S\n<!-- end scale -->\ntail\n", "report", "new\n\n",
			"top\n<!-- begin report -->\nnew\n<!-- end report -->\nmiddle\n<!-- begin scale -->\nold S\n<!-- end scale -->\ntail\n"},
		{"a begin without an end is not a section", "<!-- begin scale -->\nbroken\n", "scale", "S",
			"<!-- begin scale -->\nbroken\n\n<!-- begin scale -->\nS\n<!-- end scale -->\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReplaceSection(tt.doc, tt.section, tt.body)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ReplaceSection (-want +got):\n%s", diff)
			}
			if !HasSection(got, tt.section) {
				t.Errorf("HasSection(%q) = false after ReplaceSection", tt.section)
			}
		})
	}
}

func TestOnlySections(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, doc, want string }{
		{"no sections", "# Benchmarks\nold report\n", ""},
		{"unmarked text dropped", "# old report\n\n<!-- begin scale -->\nS\n<!-- end scale -->\ntrailing\n", "<!-- begin scale -->\nS\n<!-- end scale -->\n"},
		{"two sections kept in order", "x<!-- begin a -->\nA\n<!-- end a -->y<!-- begin b -->\nB\n<!-- end b -->z",
			"<!-- begin a -->\nA\n<!-- end a -->\n\n<!-- begin b -->\nB\n<!-- end b -->\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, OnlySections(tt.doc)); diff != "" {
				t.Errorf("OnlySections (-want +got):\n%s", diff)
			}
		})
	}
}

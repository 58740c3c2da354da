package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKeep(t *testing.T) {
	t.Parallel()
	fs := []string{"b:we_need", "c:request", "len:3", "q", "qx", "r:featur", "src:ticket", "ti:add", "w:export"}
	tests := []struct {
		name     string
		prefixes []string
		want     []string
	}{
		{"general", generalPrefixes, []string{"b:we_need", "c:request", "len:3", "q", "w:export"}},
		{"cues", cuePrefixes, []string{"c:request", "len:3", "q"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, keep(fs, tt.prefixes)); diff != "" {
				t.Errorf("keep (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBalanced(t *testing.T) {
	t.Parallel()
	x := [][]string{{"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"f"}}
	y := []bool{true, true, true, true, false, false}
	_, yb := balanced(x, y)
	pos, neg := 0, 0
	for _, v := range yb {
		if v {
			pos++
		} else {
			neg++
		}
	}
	if pos != 4 || neg != 4 {
		t.Errorf("balanced: %d positive, %d negative, want 4 and 4", pos, neg)
	}
}

func TestRuleDecision(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fs   []string
		want bool
	}{
		{"affirmed cue", []string{"c:pain", "w:slow"}, true},
		{"negated only", []string{"n:request", "w:sso"}, false},
		{"hedged only", []string{"h:request"}, false},
		{"none", []string{"w:thank"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := ruleDecision(tt.fs); got != tt.want {
				t.Errorf("ruleDecision(%v) = %v, want %v", tt.fs, got, tt.want)
			}
		})
	}
}

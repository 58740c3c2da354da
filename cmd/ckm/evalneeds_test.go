package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalNeeds runs `ckm eval needs` over a small labelled file and checks
// the exact counts, with flags after the file.
func TestEvalNeeds(t *testing.T) {
	lines := []string{
		`{"id":"a","text":"We need the project number on invoices.","label":"feature"}`,
		`{"id":"b","text":"Please add a dark mode.","label":"feature"}`,
		`{"id":"c","text":"Thanks for the call today.","label":"feature"}`,
		`{"id":"d","text":"We don't need SSO.","label":"other"}`,
		`{"id":"e","text":"Can you add CSV export?","label":"other"}`,
		`{"id":"f","text":"The meeting moved to Friday.","label":"other"}`,
		`{"id":"g","text":"The export is frustrating.","label":"bug"}`,
	}
	path := filepath.Join(t.TempDir(), "needs.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"explicit", []string{path, "--positive", "feature", "--kind", "explicit"}, []string{
			"documents 7, positive 3, predicted 3",
			"precision 0.667  recall 0.667  F1 0.667",
			"label+                2          1",
			"label-                1          3",
			"  0.80 e [other] explicit/request",
			"  0.00 c [feature] Thanks for the call today.",
		}},
		{"implied pain", []string{"--positive", "bug", path, "--kind", "implied", "--cue", "pain"}, []string{
			"documents 7, positive 1, predicted 1",
			"precision 1.000  recall 1.000  F1 1.000",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"eval", "needs"}, tt.args...), func(string) string { return "" }, nil, &out, &errOut)
			if err != nil {
				t.Fatalf("eval needs: %v\n%s", err, errOut.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestEvalNeedsUsage checks that a missing --positive is a usage error.
func TestEvalNeedsUsage(t *testing.T) {
	var errOut bytes.Buffer
	err := run(context.Background(), []string{"eval", "needs", "x.jsonl"}, func(string) string { return "" }, nil, &bytes.Buffer{}, &errOut)
	if err != errUsage {
		t.Errorf("err = %v, want errUsage", err)
	}
}

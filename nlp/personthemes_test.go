package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestPersonThemes checks that a need whose theme would open with a
// person's name ("Gareth thinks ...") has no theme, while a competitor's
// name and a theme that only mentions a person later keep theirs.
func TestPersonThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, wantKey string
	}{
		{"name as subject", "Gareth thinks the app should be able to do that in one click.", ""},
		{"name later in the sentence", "We need a payroll export for Gareth every Friday.", "export"},
		{"switch threat to a name", "If we cannot agree by June 3, we will sign with Fabrikam CRM.", "crm fabrikam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Lang: "en", Text: tt.text})
			var keys []string
			for _, n := range a.Needs {
				if n.Cue != "churn-risk" {
					keys = append(keys, n.ThemeKey)
				}
			}
			if len(keys) != 1 || keys[0] != tt.wantKey {
				t.Errorf("theme keys %q, want one, %q (needs %+v)", keys, tt.wantKey, a.Needs)
			}
		})
	}
}

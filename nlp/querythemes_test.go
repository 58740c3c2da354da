package nlp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQueryThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, phrase string
		want         []string // labels
	}{
		{"english word names a topic and a concept", "invoices", []string{"invoices and billing", "invoice"}},
		{"portuguese word, same themes", "faturas", []string{"invoices and billing", "invoice"}},
		{"two-word topic phrase", "single sign-on", []string{"single sign-on (SSO/SAML)"}},
		{"portuguese phrase with a stop word", "renovação do contrato", []string{"renewal and contract", "contract"}},
		{"concept only", "escritório", []string{"office"}},
		{"nothing", "spaceship", nil},
		{"stop words only", "the of", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, th := range QueryThemes(tt.phrase) {
				got = append(got, th.Label)
				if len(th.Phrases) == 0 {
					t.Errorf("theme %q has no phrases", th.Label)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("QueryThemes(%q) labels (-want +got):\n%s", tt.phrase, diff)
			}
		})
	}
}

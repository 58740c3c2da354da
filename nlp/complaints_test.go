package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestComplaints checks the complaint head where the cue rules decide: a
// short complaint without a cue word becomes pain, while a how-to
// question, praise and an ordinary statement get no need from it.
func TestComplaints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		source   ckm.Source
		lang     string
		text     string
		wantPain bool
	}{
		{"card not here", ckm.SourceChat, "en", "I ordered my card but it still isn't here.", true},
		{"expected by now", "", "en", "I was expecting my new card by now.", true},
		{"how-to question", ckm.SourceChat, "en", "How do I link my new card in the app?", false},
		{"praise", "", "en", "Love the new update, great job team!", false},
		{"statement", "", "en", "We met the team in Lisbon this morning.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Source: tt.source, Lang: tt.lang, Text: tt.text})
			pain := false
			for _, n := range a.Needs {
				pain = pain || n.Cue == "pain" && !n.Negated && n.Confidence >= 0.5
			}
			if pain != tt.wantPain {
				t.Errorf("pain = %v, want %v; needs %+v", pain, tt.wantPain, a.Needs)
			}
		})
	}
}

package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestKindVeto checks the kind veto on documents the need model does not
// read: a fault report's request or question becomes pain, while a
// suggestion, a service request and a document that reports no fault keep
// their explicit needs, and no need is removed.
func TestKindVeto(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		source       ckm.Source
		text         string
		wantExplicit bool
		wantNeeds    int
	}{
		{"fault report with a plea", "", "Login fails with error 500 after the update. Can you help me?", false, 2},
		{"fault report by email", ckm.SourceEmail, "Login fails with error 500 after the update. Can you help me?", false, 2},
		{"suggestion", "", "Please add a dark mode to the reader.", true, 1},
		{"an organisation's requirement beside a fault", "", "We need the project number on invoices. Exporting takes forever, so we fix invoice #4521 manually.", true, 3},
		{"service request in a call", ckm.SourceCall, "I need a quote for my newest car.", true, 1},
		{"requirement", ckm.SourceNote, "The system shall refresh the display every 60 seconds.", true, 1},
		{"a capability question beside a fault stays a question", ckm.SourceEmail, "We started the new job near Leadville and there's basically no cell coverage on site. Is there any way to fill in forms without a connection and have them upload when the phone gets signal?", true, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Source: tt.source, Text: tt.text})
			explicit := false
			for _, n := range a.Needs {
				explicit = explicit || n.Kind == KindExplicit && !n.Negated
			}
			if explicit != tt.wantExplicit {
				t.Errorf("explicit need = %v, want %v; needs %+v", explicit, tt.wantExplicit, a.Needs)
			}
			if len(a.Needs) != tt.wantNeeds {
				t.Errorf("%d needs, want %d (the veto changes a need's kind, it removes none): %+v", len(a.Needs), tt.wantNeeds, a.Needs)
			}
		})
	}
}

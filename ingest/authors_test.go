package ingest

import (
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// TestAuthorsStayOutOfText checks that the author and speaker labels of
// tickets and transcripts are carried by the turns and never reach the
// text that needs and their evidence quote.
func TestAuthorsStayOutOfText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, body string
		labels           []string // must not be in the text
		want             []ckm.Turn
		words            []string // each turn's words
	}{
		{name: "ticket json with e-mail authors", file: "t.json",
			body: `{"id": 7, "subject": "MFA", "organization": "mercy-ridge", "requester": {"email": "kmills@mercyridge.example"},
				"description": "We'll need MFA for every clinic login before the audit.",
				"comments": [{"author": "support@acme.example", "role": "agent", "body": "Thanks, noted."},
				             {"author": "kmills@mercyridge.example", "role": "customer", "body": "Also SSO for the night shift."}]}`,
			labels: []string{"kmills@", "support@", "Customer:", "Agent:"},
			want: []ckm.Turn{{Speaker: "kmills@mercyridge.example", Role: ckm.RoleCustomer},
				{Speaker: "support@acme.example", Role: ckm.RoleAgent}, {Speaker: "kmills@mercyridge.example", Role: ckm.RoleCustomer}},
			words: []string{"We'll need MFA for every clinic login before the audit.", "Thanks, noted.", "Also SSO for the night shift."}},
		{name: "text transcript with time stamps", file: "c.txt",
			body:   "[00:00:05] Agent: How can I help?\n[00:00:09] Customer: We need MFA before the audit.\nIt is urgent.\n",
			labels: []string{"Agent:", "Customer:", "[00:00"},
			want:   []ckm.Turn{{Speaker: "Agent", Role: ckm.RoleAgent}, {Speaker: "Customer", Role: ckm.RoleCustomer}},
			words:  []string{"How can I help?", "We need MFA before the audit.\nIt is urgent."}},
		{name: "text thread labelled by e-mail address", file: "t.txt",
			body:   "kmills@mercyridge.example: We'll need MFA for every clinic login.\nsupport@acme.example: Noted.\nkmills@mercyridge.example: Thanks.\n",
			labels: []string{"kmills@", "support@"},
			want: []ckm.Turn{{Speaker: "kmills@mercyridge.example", Role: ckm.RoleCustomer}, {Speaker: "support@acme.example", Role: ckm.RoleAgent},
				{Speaker: "kmills@mercyridge.example", Role: ckm.RoleCustomer}},
			words: []string{"We'll need MFA for every clinic login.", "Noted.", "Thanks."}},
		{name: "chat log with dated stamps", file: "c.txt",
			body:   "[2026-08-06 15:02:12] Kate Mills: We need MFA.\n[2026-08-06 15:03:00] Bob (Acme): Noted.\n",
			labels: []string{"Kate Mills:", "[2026"},
			want:   []ckm.Turn{{Speaker: "Kate Mills"}, {Speaker: "Bob (Acme)"}},
			words:  []string{"We need MFA.", "Noted."}},
		{name: "portuguese text transcript", file: "c.txt",
			body:   "Atendente: Em que posso ajudar?\nCliente: Precisamos de MFA antes da auditoria.\n",
			labels: []string{"Atendente:", "Cliente:"},
			want:   []ckm.Turn{{Speaker: "Atendente", Role: ckm.RoleAgent}, {Speaker: "Cliente", Role: ckm.RoleCustomer}},
			words:  []string{"Em que posso ajudar?", "Precisamos de MFA antes da auditoria."}},
		{name: "vtt with labels in captions", file: "c.vtt",
			body:   "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCustomer: We need MFA.\n\n00:00:03.000 --> 00:00:04.000\nAgent: Noted.\n",
			labels: []string{"Customer:", "Agent:"},
			want:   []ckm.Turn{{Speaker: "Customer", Role: ckm.RoleCustomer}, {Speaker: "Agent", Role: ckm.RoleAgent}},
			words:  []string{"We need MFA.", "Noted."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps, err := Parse([]byte(tt.body), tt.file, "", Config{Received: received, CompanyDomains: []string{"acme.example"}})
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			d := ps[0].Document
			for _, l := range tt.labels {
				if strings.Contains(d.Text, l) {
					t.Errorf("text holds the label %q:\n%s", l, d.Text)
				}
			}
			var got []ckm.Turn
			var words []string
			for _, turn := range d.Turns {
				got = append(got, ckm.Turn{Speaker: turn.Speaker, Role: turn.Role})
				words = append(words, d.Text[turn.Start:turn.End])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("turns (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.words, words); diff != "" {
				t.Errorf("turns' words (-want +got):\n%s", diff)
			}
		})
	}
}

// labelled is a transcript of every label form Turns reads, and lines
// without labels.
var labelled = strings.Repeat("Customer: We need the PO number on every invoice.\n"+
	"[00:01:02] Agent: I can open a request for that today.\n"+
	"A line without a label: it goes on for a while about invoices and exports.\n"+
	"[2026-08-06 15:02:12] kmills@mercyridge.example: We'll need MFA.\n"+
	"  [06/08/2026, 15:03] Maria Silva (cliente): Precisamos de MFA.\n\n", 50)

// TestSpeakerLinesMatchWholeText checks that reading labels line by line
// finds exactly what a search of the whole text finds.
func TestSpeakerLinesMatchWholeText(t *testing.T) {
	t.Parallel()
	for _, text := range []string{labelled, "", "\n", "Agent: x", "no labels here\nnor: here", strings.Repeat("x", 400) + ": y\nAgent: z"} {
		if diff := cmp.Diff(speakerLine.FindAllStringSubmatchIndex(text, -1), speakerLines(text)); diff != "" {
			t.Errorf("%.40q (-whole text +line by line):\n%s", text, diff)
		}
	}
}

// BenchmarkSpeakerLines compares finding labels line by line with the
// baseline, one regexp search of the whole text.
func BenchmarkSpeakerLines(b *testing.B) {
	b.Run("whole-text", func(b *testing.B) {
		for b.Loop() {
			speakerLine.FindAllStringSubmatchIndex(labelled, -1)
		}
	})
	b.Run("line-by-line", func(b *testing.B) {
		for b.Loop() {
			speakerLines(labelled)
		}
	})
}

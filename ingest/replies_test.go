package ingest

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestReplyTurns checks who wrote each part of a message without speaker
// labels: the writer and the lines it quotes, by its sign-off.
func TestReplyTurns(t *testing.T) {
	t.Parallel()
	type span struct {
		role ckm.Role
		text string
	}
	tests := []struct {
		name string
		text string
		want []span // nil: no turns
	}{
		{
			name: "customer quoting an agent's offer",
			text: "Hi Jordan,\n\nThanks, but we'll pass.\n\nPriya\n\n> On Oct 29, Jordan wrote:\n> our Analytics add-on is 20% off.",
			want: []span{
				{ckm.RoleCustomer, "Hi Jordan,\n\nThanks, but we'll pass.\n\nPriya\n\n"},
				{ckm.RoleAgent, "> On Oct 29, Jordan wrote:\n> our Analytics add-on is 20% off."},
			},
		},
		{
			name: "agent quoting the customer's question",
			text: "Hi Dr. Lopez,\n\nI wanted to mention our new AI scribe.\n\nBest,\nBeth\nCustomer Success, Clinora\n\n> Can Clinora hold a deposit?",
			want: []span{
				{ckm.RoleAgent, "Hi Dr. Lopez,\n\nI wanted to mention our new AI scribe.\n\nBest,\nBeth\nCustomer Success, Clinora\n\n"},
				{ckm.RoleCustomer, "> Can Clinora hold a deposit?"},
			},
		},
		{
			name: "a one-line complaint naming the vendor's team is the customer's",
			text: "@Walmart worst customer service",
			want: nil,
		},
		{
			name: "an unquoted message signed by the vendor's support",
			text: "Hi Dana,\n\nConfirming Tuesday at 10.\n\nPriyanka\nKestrel Customer Success",
			want: []span{{ckm.RoleAgent, "Hi Dana,\n\nConfirming Tuesday at 10.\n\nPriyanka\nKestrel Customer Success"}},
		},
		{
			name: "a customer's last sentence naming support is no sign-off",
			text: "Hi,\n\nWe need better support for CSV files.",
		},
		{
			name: "an unquoted customer message",
			text: "Hi,\n\nCan we export to Excel?\n\nDana",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := replyTurns(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("%d turns %+v, want %d", len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if got[i].Role != w.role || tt.text[got[i].Start:got[i].End] != w.text {
					t.Errorf("turn %d: %s %q, want %s %q", i, got[i].Role, tt.text[got[i].Start:got[i].End], w.role, w.text)
				}
			}
		})
	}
}

// TestInferTurnsPrefersLabels checks that a transcript's speaker labels
// win over reading it as a message with quotes.
func TestInferTurnsPrefersLabels(t *testing.T) {
	t.Parallel()
	doc := InferTurns(ckm.Document{Text: "Agent: Any news?\nCustomer: > quoted\nAgent: ok"})
	if len(doc.Turns) != 3 || doc.Turns[1].Role != ckm.RoleCustomer {
		t.Errorf("turns %+v, want the three labelled ones", doc.Turns)
	}
}

// TestReplyTurnsWithoutOwnLines checks a message that is only a quote, or
// nothing: no own line can be a sign-off (it once sliced past the end).
func TestReplyTurnsWithoutOwnLines(t *testing.T) {
	t.Parallel()
	if got := replyTurns(""); got != nil {
		t.Errorf("empty text: turns %+v, want none", got)
	}
	for _, tr := range replyTurns("> quoted only\n> more") {
		if tr.Role != ckm.RoleAgent {
			t.Errorf("quoted line %+v, want the other side (agent)", tr)
		}
	}
}

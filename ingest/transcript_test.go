package ingest

import (
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

func TestTurns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		roles map[string]ckm.Role
		want  []ckm.Turn
	}{
		{
			name: "agent and customer",
			text: "Agent: Do you need SSO?\nCustomer: No, we need invoices with PO numbers.\n",
			want: []ckm.Turn{
				{Speaker: "Agent", Role: ckm.RoleAgent, Start: 0, End: 24},
				{Speaker: "Customer", Role: ckm.RoleCustomer, Start: 24, End: 72},
			},
		},
		{
			name:  "portuguese with time stamps and a named speaker",
			text:  "[00:01:02] Atendente: Bom dia.\n[00:01:10] Maria Silva: Precisamos da fatura.",
			roles: map[string]ckm.Role{"maria silva": ckm.RoleCustomer},
			want: []ckm.Turn{
				{Speaker: "Atendente", Role: ckm.RoleAgent, Start: 0, End: 31, Offset: 62 * time.Second},
				{Speaker: "Maria Silva", Role: ckm.RoleCustomer, Start: 31, End: 76, Offset: 70 * time.Second},
			},
		},
		{
			name: "one label is not a transcript",
			text: "Subject: invoices\nWe need project numbers.",
		},
		{
			name: "times and urls are not labels",
			text: "Meet at 10:30 today.\nSee https://example.com for details.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Turns(tt.text, tt.roles)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Turns (-want +got):\n%s", diff)
			}
			for _, turn := range got {
				if turn.Start < 0 || turn.End > len(tt.text) || turn.Start > turn.End {
					t.Errorf("turn %+v outside text", turn)
				}
			}
		})
	}
}

func TestInferTurnsKeepsGivenTurns(t *testing.T) {
	t.Parallel()
	given := []ckm.Turn{{Speaker: "x", Start: 0, End: 3}}
	doc := InferTurns(ckm.Document{Text: "Agent: a\nCustomer: b", Turns: given})
	if diff := cmp.Diff(given, doc.Turns); diff != "" {
		t.Errorf("InferTurns changed given turns (-want +got):\n%s", diff)
	}
	if got := InferTurns(ckm.Document{Text: "Agent: a\nCustomer: b"}); len(got.Turns) != 2 {
		t.Errorf("InferTurns found %d turns, want 2", len(got.Turns))
	}
}

func FuzzTurns(f *testing.F) {
	f.Add("Agent: hi\nCustomer: hello")
	f.Add("[00:01] A: x\n[99:99:99] B: y")
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, turn := range Turns(text, nil) {
			if turn.Start < prev || turn.End < turn.Start || turn.End > len(text) {
				t.Fatalf("bad turn %+v (prev end %d, len %d)", turn, prev, len(text))
			}
			prev = turn.End
		}
	})
}

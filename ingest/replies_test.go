package ingest

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestReplyTurns checks who wrote each part of a message without speaker
// labels: the writer and the lines it quotes, by its sign-off.
func TestReplyTurns(t *testing.T) {
	t.Parallel()
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
			checkSpans(t, tt.text, replyTurns("", tt.text), tt.want)
		})
	}
	// A sign-off naming the client is the client's own team.
	own := "Hi,\n\nCould the agency users see only their tasks?\n\nThanks,\nRaj Patel\nClient Services Manager, Kookaburra Logistics"
	if got := replyTurns("kookaburra-logistics", own); got != nil {
		t.Errorf("a message signed by the client's own client services: turns %+v, want none (the customer's)", got)
	}
	if got := replyTurns("harbour-foods", own); len(got) != 1 || got[0].Role != ckm.RoleAgent {
		t.Errorf("the same message for another client: turns %+v, want one agent turn", got)
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
	if got := replyTurns("", ""); got != nil {
		t.Errorf("empty text: turns %+v, want none", got)
	}
	for _, tr := range replyTurns("", "> quoted only\n> more") {
		if tr.Role != ckm.RoleAgent {
			t.Errorf("quoted line %+v, want the other side (agent)", tr)
		}
	}
}

// TestInferTurnsTicketThreads checks help-desk threads whose replies open
// with a header, some of which also read as speaker labels ("Reply
// (Dana):"), while the vendor's own ("Reply (Josh, Oficio Support):") do
// not: the thread's headers give the turns, and a reply by who opened the
// ticket is the customer's.
func TestInferTurnsTicketThreads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, client, text string
		want               []span
	}{
		{
			name:   "the opener replies in English",
			client: "greaves-motor",
			text:   "Submitted by: Dana Greaves\n\nIs there any way for a tech to punch in per job?\n\n---\nReply (Josh, Oficio Support): Hi Dana, not today.\n\nReply (Dana): Yeah that's what we do on paper already.",
			want: []span{
				{ckm.RoleCustomer, "Submitted by: Dana Greaves\n\nIs there any way for a tech to punch in per job?\n\n---\n"},
				{ckm.RoleAgent, "Reply (Josh, Oficio Support): Hi Dana, not today.\n\n"},
				{ckm.RoleCustomer, "Reply (Dana): Yeah that's what we do on paper already."},
			},
		},
		{
			name:   "the opener replies in Portuguese",
			client: "lar-doce-imoveis",
			text:   "Aberto por: Diego Schmitt\n\nO boleto veio com a multa duas vezes.\n\n---\nResposta (Bruno – Suporte Lumo): Oi Diego, cancelei a multa duplicada.\n\nResposta (Diego): Show, obrigado.",
			want: []span{
				{ckm.RoleCustomer, "Aberto por: Diego Schmitt\n\nO boleto veio com a multa duas vezes.\n\n---\n"},
				{ckm.RoleAgent, "Resposta (Bruno – Suporte Lumo): Oi Diego, cancelei a multa duplicada.\n\n"},
				{ckm.RoleCustomer, "Resposta (Diego): Show, obrigado."},
			},
		},
		{
			name:   "a labelled line inside the thread keeps its turn",
			client: "talento-sul-rh",
			text:   "Bom dia,\n\nO código não chega.\n\nJéssica Moura\n\n---\nResposta (Rafael Lima): Reenviei o código.\n\nJéssica: Entrei! Obrigada.\n\nResposta (Rafael Lima): Ótimo.",
			want: []span{
				{ckm.RoleCustomer, "Bom dia,\n\nO código não chega.\n\nJéssica Moura\n\n---\n"},
				{ckm.RoleAgent, "Resposta (Rafael Lima): Reenviei o código.\n\n"},
				{ckm.RoleCustomer, "Jéssica: Entrei! Obrigada.\n\n"},
				{ckm.RoleAgent, "Resposta (Rafael Lima): Ótimo."},
			},
		},
		{
			name:   "someone else's reply is the vendor's",
			client: "greaves-motor",
			text:   "Submitted by: Luis Ortega\n\nHow do I merge two customers?\n\n---\nReply (Priya): Open one and choose Merge.",
			want: []span{
				{ckm.RoleCustomer, "Submitted by: Luis Ortega\n\nHow do I merge two customers?\n\n---\n"},
				{ckm.RoleAgent, "Reply (Priya): Open one and choose Merge."},
			},
		},
		{
			name:   "a reply header between rules, the message signed",
			client: "casa-nove",
			text:   "Tentei subir o filme do casamento na galeria e dá erro no final.\n\nLetícia\n\n--- Resposta de Aline (Fotolume Suporte) ---\nOi Letícia! O limite atual é de 2 GB.",
			want: []span{
				{ckm.RoleCustomer, "Tentei subir o filme do casamento na galeria e dá erro no final.\n\nLetícia\n\n"},
				{ckm.RoleAgent, "Resposta de Aline (Fotolume Suporte) ---\nOi Letícia! O limite atual é de 2 GB."},
			},
		},
		{
			name:   "a form label holds the reply header, the opener answers on their name's line",
			client: "harbor-street-pharmacy",
			text:   "Submitted by: Marcus Lee (lead tech)\n\nIs there a way to get everything onto one pickup day?\n\n---\nReply from Priya Nair (Farmix Support):\nHi Marcus, not today.\n\n---\nMarcus: Ok thanks, we'll do it by hand.",
			want: []span{
				{ckm.RoleCustomer, "Submitted by: Marcus Lee (lead tech)\n\nIs there a way to get everything onto one pickup day?\n\n---\n"},
				{ckm.RoleAgent, "Reply from Priya Nair (Farmix Support):\nHi Marcus, not today.\n\n---\n"},
				{ckm.RoleCustomer, "Marcus: Ok thanks, we'll do it by hand."},
			},
		},
		{
			name:   "the vendor's support team before who replied",
			client: "greenacre-nurseries",
			text:   "Can Verdio print a QR code on our price labels?\n\nMarco Ruiz\n\n---\nVerdio Support (Priya): Hi Marco, that's not available today. I've opened a feature request.",
			want: []span{
				{ckm.RoleCustomer, "Can Verdio print a QR code on our price labels?\n\nMarco Ruiz\n\n---\n"},
				{ckm.RoleAgent, "Verdio Support (Priya): Hi Marco, that's not available today. I've opened a feature request."},
			},
		},
		{
			name:   "an update from the vendor's support, in Portuguese too",
			client: "sabia-mudas",
			text:   "O pedido de compra não sai da cotação.\n\nVerdio Suporte (Bruno): Oi Diego! Está registrado no pedido de melhoria.",
			want: []span{
				{ckm.RoleCustomer, "O pedido de compra não sai da cotação.\n\n"},
				{ckm.RoleAgent, "Verdio Suporte (Bruno): Oi Diego! Está registrado no pedido de melhoria."},
			},
		},
		{
			name:   "the client's message opens with its writer's label",
			client: "sudsy-express",
			text:   "Brent Tully: Is there any report that groups washes by commercial customer?\n\nLavaro Support (Priya Nair): Hi Brent, you can filter the Transactions report.",
			want: []span{
				{ckm.RoleCustomer, "Brent Tully: Is there any report that groups washes by commercial customer?\n\n"},
				{ckm.RoleAgent, "Lavaro Support (Priya Nair): Hi Brent, you can filter the Transactions report."},
			},
		},
		{
			name:   "the client's own support team is the client",
			client: "greenacre-nurseries",
			text:   "The labels print blank since Monday.\n\nGreenacre Support (Marco): Also happens at the second store.",
			want: []span{
				{ckm.RoleCustomer, "The labels print blank since Monday.\n\n"},
				{ckm.RoleCustomer, "Greenacre Support (Marco): Also happens at the second store."},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkSpans(t, tt.text, InferTurns(ckm.Document{Client: tt.client, Text: tt.text}).Turns, tt.want)
		})
	}
}

// span is a turn as the tests above expect it: its role and its text.
type span struct {
	role ckm.Role
	text string
}

// checkSpans compares the turns got of text with want.
func checkSpans(t *testing.T, text string, got []ckm.Turn, want []span) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d turns %+v, want %d", len(got), got, len(want))
	}
	for i, w := range want {
		if got[i].Role != w.role || text[got[i].Start:got[i].End] != w.text {
			t.Errorf("turn %d: %s %q, want %s %q", i, got[i].Role, text[got[i].Start:got[i].End], w.role, w.text)
		}
	}
}

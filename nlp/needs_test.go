package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// need is the part of a Need the needs table checks.
type need struct {
	Cue, Kind, Theme, ThemeKey, Speaker string
	Negated                             bool
}

func TestNeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		turns []ckm.Turn
		want  []need
	}{
		{"request en", "We need the project number on invoices.", nil,
			[]need{{"request", KindExplicit, "project number on invoices", "project-number", SpeakerUnknown, false}}},
		{"request en variant groups", "Please add project numbers to the invoice.", nil,
			[]need{{"request", KindExplicit, "project numbers", "project-number", SpeakerUnknown, false}}},
		{"request en can you", "Can you add a dark mode?", nil,
			[]need{{"request", KindExplicit, "dark mode", "dark mode", SpeakerUnknown, false}}},
		{"request pt", "Precisamos de integração com o ERP.", nil,
			[]need{{"request", KindExplicit, "integração", "integration", SpeakerUnknown, false}}},
		{"request pt gostaria", "Gostaria de exportar relatórios em PDF.", nil,
			[]need{{"request", KindExplicit, "relatórios em PDF", "export", SpeakerUnknown, false}}},
		{"question en", "Is it possible to schedule reports?", nil,
			[]need{{"question", KindExplicit, "schedule reports", "reporting", SpeakerUnknown, false}}},
		{"question pt", "É possível agendar relatórios?", nil,
			[]need{{"question", KindExplicit, "relatórios", "reporting", SpeakerUnknown, false}}},
		{"wish en", "It would be great if we could export to Excel.", nil,
			[]need{{"wish", KindExplicit, "export", "export", SpeakerUnknown, false}}},
		{"wish en i wish", "I wish the dashboard loaded faster.", nil,
			[]need{{"wish", KindExplicit, "dashboard", "reporting", SpeakerUnknown, false}}},
		{"wish pt", "Seria ótimo se o sistema enviasse alertas.", nil,
			[]need{{"wish", KindExplicit, "alertas", "notif", SpeakerUnknown, false}}},
		{"pain en", "Exporting the monthly report takes forever.", nil,
			[]need{{"pain", KindImplied, "exporting the monthly report", "performance", SpeakerUnknown, false}}},
		{"a label stops at a parenthesis", "Além dos pais, a equipe quer que as reuniões e as datas de prova apareçam sozinhas no Google Calendar da escola (usamos Workspace).", nil,
			[]need{{"request", KindExplicit, "Google Calendar da escola", "calendar googl", SpeakerUnknown, false}}},
		{"tá is a verb, not a label", "tá travando de novo, agora 20h30", nil,
			[]need{{"pain", KindImplied, "errors and outages", "reliability", SpeakerUnknown, false}}},
		{"pain en crashing", "The mobile app keeps crashing.", nil,
			[]need{{"pain", KindImplied, "crashing", "reliability", SpeakerUnknown, false}}},
		{"pain pt", "A sincronização não funciona.", nil,
			[]need{{"pain", KindImplied, "sincronização", "sync", SpeakerUnknown, false}}},
		{"pain pt demora", "O relatório demora muito para carregar.", nil,
			[]need{{"pain", KindImplied, "relatório demora", "performance", SpeakerUnknown, false}}},
		{"workaround en", "We export to Excel and fix the totals manually.", nil,
			[]need{{"workaround", KindImplied, "export", "export", SpeakerUnknown, false}}},
		{"workaround pt", "Hoje fazemos o controle manualmente.", nil,
			[]need{{"workaround", KindImplied, "controle", "control", SpeakerUnknown, false}}},
		{"workaround pt planilha", "Controlamos as horas numa planilha.", nil,
			[]need{{"workaround", KindImplied, "planilha", "export", SpeakerUnknown, false}}},
		{"plan en", "We're planning to open a support desk in Lisbon.", nil,
			[]need{{"plan", KindImplied, "open a support desk in Lisbon", "desk lisbon open support", SpeakerUnknown, false}}},
		{"plan pt", "Pretendemos migrar o financeiro para a nuvem.", nil,
			[]need{{"plan", KindImplied, "financeiro para a nuvem", "financeir nuv", SpeakerUnknown, false}}},
		{"growth en", "We are hiring twenty engineers.", nil,
			[]need{{"growth", KindImplied, "engineers", "engin", SpeakerUnknown, false}}},
		{"growth pt", "Estamos contratando dez vendedores.", nil,
			[]need{{"growth", KindImplied, "vendedores", "vendedor", SpeakerUnknown, false}}},
		{"budget en", "The budget for analytics was approved.", nil,
			[]need{{"budget", KindImplied, "analytics", "reporting", SpeakerUnknown, false}}},
		{"budget pt", "Temos orçamento para treinamento.", nil,
			[]need{{"budget", KindImplied, "treinamento", "training", SpeakerUnknown, false}}},
		{"competitor en", "Competitor X offers bulk editing.", nil,
			[]need{{"competitor", KindImplied, "bulk editing", "bulk chang", SpeakerUnknown, false}}},
		{"competitor en switch", "They may switch to Zendesk.", nil,
			[]need{{"competitor", KindImplied, "Zendesk", "zendesk", SpeakerUnknown, false}, {"churn-risk", KindImplied, "renewal and contract", "renewal", SpeakerUnknown, false}}},
		{"competitor pt", "O concorrente oferece assinatura digital.", nil,
			[]need{{"competitor", KindImplied, "concorrente oferece assinatura digital", "e-signature", SpeakerUnknown, false}}},
		{"churn en", "We will not renew the contract.", nil,
			[]need{{"churn-risk", KindImplied, "renew", "renewal", SpeakerUnknown, false}}},
		{"churn pt", "Vamos cancelar a assinatura.", nil,
			[]need{{"churn-risk", KindImplied, "assinatura", "renewal", SpeakerUnknown, false}}},
		{"negated en", "We don't need SSO.", nil,
			[]need{{"request", KindExplicit, "SSO", "sso", SpeakerUnknown, true}}},
		{"negated pt", "Não precisamos de relatórios.", nil,
			[]need{{"request", KindExplicit, "relatórios", "reporting", SpeakerUnknown, true}}},
		{"negated churn", "We are not going to cancel.", nil,
			[]need{{"churn-risk", KindImplied, "renewal and contract", "renewal", SpeakerUnknown, true}}},
		{"agent question skipped", "Do you need a CSV export? Yes, we need a CSV export.",
			[]ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: 24}, {Role: ckm.RoleCustomer, Start: 25, End: 53}},
			[]need{{"request", KindExplicit, "CSV export", "export", SpeakerCustomer, false}}},
		{"agent request skipped", "Could you send the logs?", []ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: 24}}, nil},
		{"agent statement kept", "I know the export is frustrating.", []ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: 33}},
			[]need{{"pain", KindImplied, "export", "export", SpeakerAgent, false}}},
		{"no need", "Thanks for the call today.", nil, nil},
		{"request en shall", "The system shall export invoices to PDF.", nil,
			[]need{{"request", KindExplicit, "export invoices", "invoice", SpeakerUnknown, false}}},
		{"request pt deve", "O sistema deve emitir a fatura com o número do projeto.", nil,
			[]need{{"request", KindExplicit, "número do projeto", "project-number", SpeakerUnknown, false}}},
		{"hedged en", "If the audit goes badly we might need SSO.", nil,
			[]need{{"request", KindExplicit, "SSO", "sso", SpeakerUnknown, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: tt.text, Turns: tt.turns})
			var got []need
			for _, n := range a.Needs {
				got = append(got, need{n.Cue, n.Kind, n.Theme, n.ThemeKey, n.Speaker, n.Negated})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("needs of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestNeedsHedged checks the hedged flag and its lower confidence.
func TestNeedsHedged(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		hedged     bool
	}{
		{"plain", "We need SSO.", false},
		{"if", "If the audit fails, we need SSO.", true},
		{"might", "We might need SSO.", true},
		{"inside the cue", "It would be great if we had SSO.", false},
		{"pt talvez", "Talvez precisemos de SSO.", true},
		{"pt caso", "Caso a auditoria falhe, precisamos de SSO.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
			if len(a.Needs) != 1 {
				t.Fatalf("needs of %q: %+v, want one", tt.text, a.Needs)
			}
			if got := a.Needs[0].Hedged; got != tt.hedged {
				t.Errorf("hedged of %q = %v, want %v", tt.text, got, tt.hedged)
			}
		})
	}
}

// TestThemeConcepts checks that the same theme in other words and in
// Portuguese gets the same key.
func TestThemeConcepts(t *testing.T) {
	t.Parallel()
	texts := []string{
		"We need an invoice with project number.",
		"Please add project numbers on invoices.",
		"Precisamos de números de projeto na fatura.",
	}
	var keys []string
	for _, text := range texts {
		a := analyze(t, ckm.Document{ID: "t", Text: text})
		if len(a.Needs) != 1 {
			t.Fatalf("needs of %q: %+v, want one", text, a.Needs)
		}
		keys = append(keys, a.Needs[0].ThemeKey)
	}
	want := []string{"project-number", "project-number", "project-number"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("theme keys (-want +got):\n%s", diff)
	}
}

// TestNeedModel checks that the need model decides in the channels it was
// trained on and leaves other channels to the cue phrases.
func TestNeedModel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		source ckm.Source
		text   string
		want   []need
	}{
		// No request cue ("missing" is a wish, which is explicit): in a
		// review the model sets the wish's confidence and adds no request.
		{"review without request cue", ckm.SourceReview, "great app but missing a dark mode and widgets. five stars when added",
			[]need{{"wish", KindExplicit, "", "", SpeakerUnknown, false}}},
		// The same text in a call note: the wish alone, no model.
		{"note without request cue", ckm.SourceNote, "great app but missing a dark mode and widgets. five stars when added",
			[]need{{"wish", KindExplicit, "", "", SpeakerUnknown, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Source: tt.source, Text: tt.text})
			var got []need
			for _, n := range a.Needs {
				got = append(got, need{n.Cue, n.Kind, "", "", n.Speaker, n.Negated})
				if n.Confidence < modelThreshold {
					t.Errorf("model need %+v has confidence under %v", n, modelThreshold)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("needs (-want +got):\n%s", diff)
			}
		})
	}
}

// TestModelNeedNotOnThanks: when the need model's strongest sentence of a
// ticket is the customer's thanks for an answer, the ticket holds no need
// of the model's (a how-to question answered on the spot is none either).
func TestModelNeedNotOnThanks(t *testing.T) {
	t.Parallel()
	doc := ckm.Document{ID: "t", Source: ckm.SourceTicket, Lang: "en", Subject: "Marking a check payment",
		Text: "Carla Jimenez: A parent paid the August invoice with a paper check (#2231, $210). How do I mark the invoice as paid so they don't get the overdue email?\n\n" +
			"Priya (Tuneroom Support): Hi Carla, open the invoice, click Record payment, choose Check as the method and add the check number in the reference field. The overdue reminder stops automatically once the balance is zero.\n\n" +
			"Carla Jimenez: Done, thanks for the quick answer.\n\nStatus: Solved"}
	for _, n := range analyze(t, doc).Needs {
		t.Errorf("need %s %q (%.2f) in %q, want none", n.Cue, n.ThemeKey, n.Confidence, n.Text)
	}
}

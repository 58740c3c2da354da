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
			[]need{{"request", KindExplicit, "project number on invoices", "invoic number project", SpeakerUnknown, false}}},
		{"request en variant groups", "Please add project numbers to the invoice.", nil,
			[]need{{"request", KindExplicit, "project numbers to the invoice", "invoic number project", SpeakerUnknown, false}}},
		{"request en can you", "Can you add a dark mode?", nil,
			[]need{{"request", KindExplicit, "dark mode", "dark mode", SpeakerUnknown, false}}},
		{"request pt", "Precisamos de integração com o ERP.", nil,
			[]need{{"request", KindExplicit, "integração com o ERP", "erp integr", SpeakerUnknown, false}}},
		{"request pt gostaria", "Gostaria de exportar relatórios em PDF.", nil,
			[]need{{"request", KindExplicit, "exportar relatórios em PDF", "export pdf relatori", SpeakerUnknown, false}}},
		{"question en", "Is it possible to schedule reports?", nil,
			[]need{{"question", KindExplicit, "schedule reports", "report schedul", SpeakerUnknown, false}}},
		{"question pt", "É possível agendar relatórios?", nil,
			[]need{{"question", KindExplicit, "agendar relatórios", "agend relatori", SpeakerUnknown, false}}},
		{"wish en", "It would be great if we could export to Excel.", nil,
			[]need{{"wish", KindImplied, "export to excel", "excel export", SpeakerUnknown, false}}},
		{"wish en i wish", "I wish the dashboard loaded faster.", nil,
			[]need{{"wish", KindImplied, "dashboard loaded faster", "dashboard faster load", SpeakerUnknown, false}}},
		{"wish pt", "Seria ótimo se o sistema enviasse alertas.", nil,
			[]need{{"wish", KindImplied, "sistema enviasse alertas", "alert envi sistem", SpeakerUnknown, false}}},
		{"pain en", "Exporting the monthly report takes forever.", nil,
			[]need{{"pain", KindImplied, "exporting the monthly report", "export month report", SpeakerUnknown, false}}},
		{"pain en crashing", "The mobile app keeps crashing.", nil,
			[]need{{"pain", KindImplied, "mobile app", "app mobil", SpeakerUnknown, false}}},
		{"pain pt", "A sincronização não funciona.", nil,
			[]need{{"pain", KindImplied, "sincronização", "sincroniz", SpeakerUnknown, false}}},
		{"pain pt demora", "O relatório demora muito para carregar.", nil,
			[]need{{"pain", KindImplied, "carregar", "carreg", SpeakerUnknown, false}}},
		{"workaround en", "We export to Excel and fix the totals manually.", nil,
			[]need{{"workaround", KindImplied, "fix the totals manually", "fix manual total", SpeakerUnknown, false}}},
		{"workaround pt", "Hoje fazemos o controle manualmente.", nil,
			[]need{{"workaround", KindImplied, "controle", "control", SpeakerUnknown, false}}},
		{"workaround pt planilha", "Controlamos as horas numa planilha.", nil,
			[]need{{"workaround", KindImplied, "controlamos as horas", "control hor", SpeakerUnknown, false}}},
		{"plan en", "We're planning to open a support desk in Lisbon.", nil,
			[]need{{"plan", KindImplied, "open a support desk in lisbon", "desk lisbon open support", SpeakerUnknown, false}}},
		{"plan pt", "Pretendemos migrar o financeiro para a nuvem.", nil,
			[]need{{"plan", KindImplied, "migrar o financeiro para a nuvem", "financeir migr nuv", SpeakerUnknown, false}}},
		{"growth en", "We are hiring twenty engineers.", nil,
			[]need{{"growth", KindImplied, "twenty engineers", "engin twenti", SpeakerUnknown, false}}},
		{"growth pt", "Estamos contratando dez vendedores.", nil,
			[]need{{"growth", KindImplied, "dez vendedores", "dez vendedor", SpeakerUnknown, false}}},
		{"budget en", "The budget for analytics was approved.", nil,
			[]need{{"budget", KindImplied, "analytics", "analyt", SpeakerUnknown, false}}},
		{"budget pt", "Temos orçamento para treinamento.", nil,
			[]need{{"budget", KindImplied, "treinamento", "treinament", SpeakerUnknown, false}}},
		{"competitor en", "Competitor X offers bulk editing.", nil,
			[]need{{"competitor", KindImplied, "bulk editing", "bulk edit", SpeakerUnknown, false}}},
		{"competitor en switch", "They may switch to Zendesk.", nil,
			[]need{{"competitor", KindImplied, "zendesk", "zendesk", SpeakerUnknown, false}}},
		{"competitor pt", "O concorrente oferece assinatura digital.", nil,
			[]need{{"competitor", KindImplied, "oferece assinatura digital", "assinatur digital oferec", SpeakerUnknown, false}}},
		{"churn en", "We will not renew the contract.", nil,
			[]need{{"churn-risk", KindImplied, "contract", "contract", SpeakerUnknown, false}}},
		{"churn pt", "Vamos cancelar a assinatura.", nil,
			[]need{{"churn-risk", KindImplied, "assinatura", "assinatur", SpeakerUnknown, false}}},
		{"negated en", "We don't need SSO.", nil,
			[]need{{"request", KindExplicit, "SSO", "sso", SpeakerUnknown, true}}},
		{"negated pt", "Não precisamos de relatórios.", nil,
			[]need{{"request", KindExplicit, "relatórios", "relatori", SpeakerUnknown, true}}},
		{"negated churn", "We are not going to cancel.", nil,
			[]need{{"churn-risk", KindImplied, "", "", SpeakerUnknown, true}}},
		{"agent question skipped", "Do you need a CSV export? Yes, we need a CSV export.",
			[]ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: 24}, {Role: ckm.RoleCustomer, Start: 25, End: 53}},
			[]need{{"request", KindExplicit, "CSV export", "csv export", SpeakerCustomer, false}}},
		{"agent request skipped", "Could you send the logs?", []ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: 24}}, nil},
		{"agent statement kept", "I know the export is frustrating.", []ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: 33}},
			[]need{{"pain", KindImplied, "export", "export", SpeakerAgent, false}}},
		{"no need", "Thanks for the call today.", nil, nil},
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

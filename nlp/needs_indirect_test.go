package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestIndirectCues checks cue phrases of capability questions, reported
// asks, workarounds, parallel tools and rivals' demos, in English and
// Portuguese: each sentence yields a need of the expected cue, with a
// theme.
func TestIndirectCues(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, cue string }{
		{"Is there a microphone button to dictate notes in a checklist?", "question"},
		{"Is there a setting for keeping photos per project?", "question"},
		{"Is a HubSpot integration something you're working on?", "question"},
		{"Could they record a voice note straight into the checklist item?", "question"},
		{"Vocês geram QR code por equipamento?", "question"},
		{"Existe opção de ditado por voz no campo de observações da vistoria?", "question"},
		{"Existe API ou conector para o TOTVS Protheus?", "question"},
		{"Daria para registrar a observação do checklist por áudio?", "question"},
		{"Kyle asked again (third time) about white-labelling the survey report.", "request"},
		{"Their sales team re-exports every PDF into Canva to put their branding on it.", "workaround"},
		{"For now the subs text photos to Tasha and she enters the checklists on their behalf.", "workaround"},
		{"Os dados do imóvel são digitados duas vezes, no ERP e no aplicativo.", "workaround"},
		{"Marisol runs crew scheduling in Jobber because the app doesn't show jobs on a calendar.", "pain"},
		{"Hannah confirmed they're running ClaimPilot in parallel on the motor team.", "competitor"},
		{"ClaimPilot did a demo for our MD and showed a ClaimCenter connector.", "competitor"},
		{"O Checklist Fácil fez uma demonstração para o dono da rede.", "competitor"},
		{"Even better if it got turned into text automatically.", "wish"},
		// scen13b: written apart from examples/scenario4
		{"Do you folks have a way to let tenants book the laundry room?", "question"},
		{"Can your scheduler send a reminder the day before a visit?", "question"},
		{"Is there a screen that lists every overdue inspection?", "question"},
		{"Is anything like route optimisation planned for the drivers?", "question"},
		{"If the app could read the meter photo, the crews would stop typing readings.", "wish"},
		{"They would pay for a tenant portal if it came with the next plan.", "wish"},
		{"A assinatura digital dos laudos entrou no roadmap?", "question"},
		{"Vocês pensam em ter um painel para os síndicos?", "question"},
		{"vcs têm relatório de consumo por apartamento?", "question"},
		{"Um alerta de vencimento de contrato seria útil para o jurídico.", "wish"},
		{"Quick question for the team: could the scheduler skip public holidays?", "question"},
		// scenario92: an indirect question, with no question mark
		{"Please advise if there's a supported way to suspend billing temporarily.", "question"},
		{"If there is a way to schedule the export for one date, please tell us how.", "question"},
		{"Wondering whether it's possible to freeze a membership for two months.", "question"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
			for _, n := range a.Needs {
				if n.Cue == tt.cue && !n.Negated && n.ThemeKey != "" && n.Confidence >= 0.5 {
					return
				}
			}
			t.Errorf("needs %+v, want a %s with a theme", a.Needs, tt.cue)
		})
	}
}

// TestCheckingIsNoQuestion checks that someone promising to look for a
// way ("I'll check if there's a way") asks for no capability; the same
// words after "please advise" do (TestIndirectCues).
func TestCheckingIsNoQuestion(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"I'll check if there's a way to do it.",
		"Let me see if there is a way to merge them.",
		"We will check whether it is possible to move the date.",
	} {
		t.Run(text, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: text})
			for _, n := range a.Needs {
				if n.Cue == "question" {
					t.Errorf("need %+v, want no question", n)
				}
			}
		})
	}
}

// TestQuotedHistoryNoNeeds checks that the quoted history of an email
// posted whole (the vendor's earlier message, its attribution line) yields
// no need, while the writer's own words above it do.
func TestQuotedHistoryNoNeeds(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"Thanks Marcus, that's fine, we'll leave it as it is.\n\nHannah\n\n> On 1 Dec 2026, at 17:20, Marcus Bell <marcus@example.com> wrote:\n>\n> Hi Hannah, we can switch on SSO with Microsoft Entra\n> whenever you want. Shall I book it in?",
		"Obrigada, está tudo certo.\n\nEm qui., 3 de dez. de 2026 às 16:40, Juliana <juliana@example.com> escreveu:\n> Olá, queria saber se vocês precisam de SSO.",
	} {
		a := analyze(t, ckm.Document{ID: "t", Source: ckm.SourceEmail, Text: text})
		for _, n := range a.Needs {
			if n.ThemeKey == "sso" {
				t.Errorf("need %+v read in the quoted history of %q", n, text)
			}
		}
	}
	a := analyze(t, ckm.Document{ID: "t", Source: ckm.SourceEmail, Text: "We need SSO for the whole team.\n\n> On Mon, Nov 30, 2026 at 9:10 AM Dana <dana@example.com> wrote:\n> Anything else?"})
	if len(a.Needs) == 0 || a.Needs[0].ThemeKey != "sso" {
		t.Errorf("needs %+v, want the writer's SSO request", a.Needs)
	}
}

// TestRenewalPressure checks that a renewal put at stake over what the
// client lacks is a churn risk in both languages ("I'll have a hard time
// justifying it", "isso pesa na renovação"), filed under what the
// sentence points back to when it points back to a theme of the same
// turn, and under the renewal when it points to nothing.
func TestRenewalPressure(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lang, text, key string
	}{
		{"en", "If this isn't fixed by renewal I'll have a hard time justifying it to the partners.", "renewal"},
		{"en", "Showings booked in Imobix only appear in Outlook hours later. If this isn't fixed by renewal I'll have a hard time justifying it to the partners.", "outlook"},
		{"en", "Fiona wants this before the March renewal or she'll struggle to justify it.", "renewal"},
		{"pt", "Não é ameaça de saída, mas pesa na renovação de novembro.", "renewal"},
		{"pt", "Se isso não entrar logo, vou ter dificuldade de justificar a renovação pro Raimundo.", "renewal"},
		{"pt", "A gente ainda lança as comissões numa planilha separada. Isso pesa na renovação.", "comissa"},
		{"pt", "Eu gosto do sistema, mas vou ter que justificar o valor.", "renewal"},
	} {
		a := analyze(t, ckm.Document{ID: "t", Source: ckm.SourceEmail, Lang: tt.lang, Text: tt.text})
		var got []string
		found := false
		for _, n := range a.Needs {
			got = append(got, n.Cue+":"+n.ThemeKey)
			found = found || n.Cue == "churn-risk" && !n.Negated && n.ThemeKey == tt.key && n.Confidence >= 0.5
		}
		if !found {
			t.Errorf("%q: needs %v, want churn-risk:%s", tt.text, got, tt.key)
		}
	}
}

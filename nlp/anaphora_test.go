package nlp

import (
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// TestAnaphoricThemes checks that a need whose theme only points back
// ("this feature", "essa funcionalidade", "it", "isso") takes the theme of
// the sentence before it, and that it does not when the sentence names a
// theme of its own, when nothing before has a theme, when the theme is
// further back than the window, or when it was said in another turn.
func TestAnaphoricThemes(t *testing.T) {
	t.Parallel()
	type turn struct {
		role ckm.Role
		text string
	}
	tests := []struct {
		name  string
		lang  string
		turns []turn // joined by newlines; a single turn with no role is a document without turns
		want  []string
	}{
		{"en demonstrative and generic noun", "en",
			[]turn{{"", "We need an audit log for every invoice change. Is this feature on your roadmap?"}},
			[]string{"request audit-log", "plan audit-log"}},
		{"en lone pronoun", "en",
			[]turn{{"", "Our technicians keep asking for offline mode in the mobile app. Can you support it?"}},
			[]string{"request offline", "request offline"}},
		{"en that option", "en",
			[]turn{{"", "We need a change history for each work order. Do you have a date for that option?"}},
			[]string{"request audit-log", "question audit-log"}},
		{"en new topic after the demonstrative", "en",
			[]turn{{"", "We need a change history for each work order. Can we also get these invoices sent by email?"}},
			[]string{"request audit-log", "question invoice"}},
		{"en no previous theme", "en",
			[]turn{{"", "Can you support this feature?"}},
			[]string{"request featur"}},
		{"en beyond the window", "en",
			[]turn{{"", "We need a change history for each work order. The team met on Monday. Lunch was late. Do you have a date for that option?"}},
			[]string{"request audit-log", "question "}}, // "date" and "option" name no theme
		{"en another speaker's theme", "en",
			[]turn{{ckm.RoleAgent, "Agent: We now ship a change history for each work order."}, {ckm.RoleCustomer, "Customer: Do you have a date for that option?"}},
			[]string{"question "}},
		{"pt demonstrativo e nome genérico", "pt",
			[]turn{{"", "Precisamos de um relatório por projeto. Vocês têm prazo para essa funcionalidade?"}},
			[]string{"request reporting", "question reporting"}},
		{"pt pronome", "pt",
			[]turn{{"", "Seria ótimo integrar com o WhatsApp. Vocês já fazem isso?"}},
			[]string{"wish whatsapp", "question whatsapp"}},
		{"pt tema novo após o demonstrativo", "pt",
			[]turn{{"", "Precisamos de uma trilha de auditoria. Dá para mandar essas faturas por email?"}},
			[]string{"request audit-log", "question invoice"}},
		{"pt sem tema anterior", "pt",
			[]turn{{"", "Vocês têm prazo para essa funcionalidade?"}},
			[]string{"question deadlin funcional"}},
		{"en error after what it happens to", "en",
			[]turn{{"", "We need an offline mode for the drivers. Out on the road the app crashes and they retype everything."}},
			[]string{"request offline", "pain offline"}},
		{"en error with nothing before", "en",
			[]turn{{"", "Hi, the app crashes when I open it."}},
			[]string{"pain reliability"}},
		{"en error after another speaker", "en",
			[]turn{{ckm.RoleAgent, "Agent: We shipped the new invoice layout."}, {ckm.RoleCustomer, "Customer: Since then the app crashes every morning."}},
			[]string{"pain reliability"}},
		{"en another matter", "en",
			[]turn{{"", "We need an offline mode for the drivers. The app also crashes when I open the camera."}},
			[]string{"request offline", "pain reliability"}},
		{"pt erro depois da causa", "pt",
			[]turn{{"", "A tela de relatórios está demorando dois minutos para abrir. Isso trava a equipe inteira."}},
			[]string{"pain performance", "pain performance"}},
		{"pt erro depois de uma pergunta", "pt",
			[]turn{{"", "Existe algum jeito de mandar as ordens direto para o SAP? A digitação manual está gerando erros de valor."}},
			[]string{"question integration", "workaround integration"}},
		{"pt erro depois de uma frase sem necessidade", "pt",
			[]turn{{"", "Hoje as ordens vão para o SAP toda manhã. A digitação manual está gerando erros de valor."}},
			[]string{"workaround integration"}},
		{"pt erro depois de um produto da lista", "pt",
			[]turn{{"", "Hoje as ordens vão para o Protheus pela API toda manhã. A digitação manual está gerando erros de valor."}},
			[]string{"workaround protheus"}},
		{"pt erro depois de um produto que é um tópico", "pt",
			[]turn{{"", "Hoje as ordens vão para o Excel toda manhã. A digitação manual está gerando erros de valor."}},
			[]string{"workaround export"}},
		{"en workaround in a spreadsheet after its need", "en",
			[]turn{{"", "We need a route plan for the cleaning crews. Right now the supervisor keeps it in a spreadsheet."}},
			[]string{"request clean crew plan rout", "workaround clean crew plan rout"}},
		{"pt planilha antes da necessidade", "pt",
			[]turn{{"", "Hoje o controle fica numa planilha compartilhada. Ela quer um alerta de vencimento por contrato."}},
			[]string{"workaround contract notif venciment", "request contract notif venciment"}},
		{"en workaround in a spreadsheet alone", "en",
			[]turn{{"", "We copy every reading into Excel by hand."}},
			[]string{"workaround export"}}, // one mention of the theme: the model's pain of the same sentence is left out
		{"en something similar", "en",
			[]turn{{"", "We need a change history for each work order. Could you do something similar?"}},
			[]string{"request audit-log", "request audit-log"}},
		{"en anything like that", "en",
			[]turn{{"", "We need a change history for each work order. Do you have anything like that?"}},
			[]string{"request audit-log", "question audit-log"}},
		{"pt algo assim", "pt",
			[]turn{{"", "Precisamos de um relatório por projeto. Vocês têm algo assim?"}},
			[]string{"request reporting", "question reporting"}},
		{"en spreadsheet answering what the agent said", "en",
			[]turn{{ckm.RoleAgent, "Oliver: Practitioner reporting goes to beta in February."}, {ckm.RoleCustomer, "Tom: February. Hm. So I keep doing my Monday spreadsheet until then."}},
			[]string{"workaround reporting"}}, // the agent's plan is no need; a ticket with an agent's turn keeps its cue phrases (supportThread), so no model adds a pain
		{"pt planilha com a sua própria história", "pt",
			[]turn{{ckm.RoleCustomer, "Paulo: Estamos contratando dez vendedores para a filial de Campinas."}, {ckm.RoleAgent, "Atendente: Que ótimo."}, {ckm.RoleCustomer, "Paulo: O fechamento do mês demora demais e fazemos tudo numa planilha."}},
			[]string{"growth campin offic vendedor", "pain performance", "workaround export"}},
		{"en dashboard wanted instead of the spreadsheet", "en",
			[]turn{{"", "Thanks for the call today. She also mentioned that Mr. Kang wants a single dashboard across locations instead of the Monday spreadsheet."}},
			[]string{"request reporting"}},
		{"pt painel em vez da planilha", "pt",
			[]turn{{"", "Queria um painel único em vez da planilha de segunda."}},
			[]string{"request reporting"}},
		{"pt mesmo turno do cliente", "pt",
			[]turn{{ckm.RoleAgent, "Agente: Bom dia."}, {ckm.RoleCustomer, "Cliente: Precisamos de um relatório por projeto. Vocês têm prazo para essa funcionalidade?"}},
			[]string{"request reporting", "question reporting"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ckm.Document{ID: "t", Lang: tt.lang, Source: ckm.SourceTicket}
			texts := make([]string, len(tt.turns))
			for i, tr := range tt.turns {
				texts[i] = tr.text
				if tr.role == "" {
					continue
				}
				start := len(strings.Join(texts[:i], "\n")) + min(i, 1)
				speaker, _, _ := strings.Cut(tr.text, ":")
				doc.Turns = append(doc.Turns, ckm.Turn{Speaker: speaker, Role: tr.role, Start: start, End: start + len(tr.text)})
			}
			doc.Text = strings.Join(texts, "\n")
			var got []string
			for _, n := range analyze(t, doc).Needs {
				got = append(got, n.Cue+" "+n.ThemeKey)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("needs of %q (-want +got):\n%s", doc.Text, diff)
			}
		})
	}
}

// TestAnaphoric checks which themes only point back: a demonstrative with
// a generic noun or at the end of a clause, a lone pronoun with no theme
// word after it; not a determiner before a concrete noun, a relative
// "that", an expletive "it" before its own theme, or "está" (is).
func TestAnaphoric(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, theme string
		lang              Language
		want              bool
	}{
		{"this feature", "Is this feature planned?", "feature", English, true},
		{"we need that", "We really need that.", "", English, true},
		{"this dashboard", "Can this dashboard show totals?", "dashboard", English, false},
		{"relative that", "We need a report that shows totals.", "report", English, false},
		{"expletive it", "Is it possible to get a fix before Monday?", "fix", English, false},
		{"object it", "The other vendor already offers it.", "offers", English, true},
		{"essa opção", "Vocês têm data para essa opção?", "data para essa opção", Portuguese, true},
		{"esta is not está", "O painel está lento.", "painel", Portuguese, false},
		{"esta tela", "Esta tela trava sempre.", "tela", Portuguese, false},
		{"isso", "O outro fornecedor já faz isso.", "faz", Portuguese, true},
		{"something similar", "Could you do something similar?", "", English, true},
		{"anything like that", "Is anything like that planned?", "", English, true},
		{"something like a report", "We need something like a weekly report.", "weekly report", English, false},
		{"algo parecido", "Vocês têm alguma coisa parecida?", "", Portuguese, true},
		{"algo novo", "Vocês têm algo novo no relatório?", "relatório", Portuguese, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := anaphoric(phraseTokens(tt.lang, tt.text), tt.theme); got != tt.want {
				t.Errorf("anaphoric(%q, %q) = %v, want %v", tt.text, tt.theme, got, tt.want)
			}
		})
	}
}

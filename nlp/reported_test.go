package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

// TestReportedNeeds checks that a need told on a client's behalf, as
// account notes are written ("Harbor wants facial recognition", "o
// cliente está pedindo login com a conta Google"), is a request themed by
// what follows the verb, and that a negated verb, a verb without an
// object or with a pronoun for one, a first-person subject (left to the
// cue phrases) and a thing as subject ("the report needs fixing") give no
// such request.
func TestReportedNeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, lang, text string
		wantKey          string // the theme key of the reported request or question; "" for none
	}{
		{"en company wants", "en", "Harbor wants facial recognition at clock-in.", "clock-in face recognit"},
		{"en the client wants", "en", "The client wants single sign-on before the rollout.", "sso"},
		{"en they want", "en", "They want the invoices to show the cost centre.", "invoice"},
		{"en name needs", "en", "Globex needs an audit trail for every change to a contract.", "audit-log"},
		{"en keeps asking about", "en", "Tom keeps asking about a Salesforce connector.", "salesforc"},
		{"en plural role", "en", "Operations want a map view of the technicians.", "map technician view"},
		{"en looking for", "en", "The client is looking for a way to bulk import contacts.", "bulk contact import"},
		{"pt empresa quer", "pt", "Mercado Azul quer reconhecimento facial no ponto.", "face recognit"},
		{"pt está pedindo", "pt", "O cliente está pedindo login com a conta Google.", "account googl login"},
		{"pt procura", "pt", "O cliente procura uma forma de importar contatos em lote.", "batch contat"},
		{"en plural noun", "en", "The mechanics want the app to keep working without connection.", "offline"},
		{"pt plural noun", "pt", "Os mecânicos pediram um modo offline no aplicativo.", "offline"},
		{"en keen on", "en", "Lena mentioned they're keen on a Slack integration.", "slack"},
		{"en pushing for", "en", "Their ops director is pushing for SMS alerts.", "notif sms"},
		{"en brought up", "en", "Sam brought up offline access again.", "offline"},
		{"pt interesse em", "pt", "Carlos mencionou interesse em integração com o SAP.", "integration"},
		{"pt insistiu na", "pt", "O diretor insistiu na assinatura eletrônica.", "e-signature"},
		{"pt sugeriu", "pt", "A Júlia sugeriu um painel de indicadores por unidade.", "reporting"},
		{"en you want", "en", "Download it if u want a slow phone.", ""},
		{"en has been asking for", "en", "Northwind has been asking for a signature step for months.", "e-signature"},
		{"pt voltaram a pedir", "pt", "Os gerentes voltaram a pedir o relatório por loja.", "reporting"},
		{"en modal", "en", "The auditors are coming in January and they'll want a log of who edited the job records.", "audit-log"},
		{"en reported ask", "en", "The Harbor GM asked how we could export timesheets to ADP.", "adp"},
		{"pt reported ask", "pt", "O diretor perguntou se dá para exportar as escalas em PDF.", "export"},
		{"en ask why", "en", "The CFO asked why they pay for both tools.", ""},
		{"en a thing asks", "en", "The app keeps asking me if I want to rate it.", ""},
		{"en errand", "en", "The team wants to confirm the visit on Tuesday.", ""},
		{"en errand noun", "en", "Lena said she would like a call next week.", ""},
		{"pt errand", "pt", "O financeiro quer confirmar o pagamento da fatura.", ""},
		{"en errand after a size", "en", "Marcus wants a quick walkthrough of the invoice preview screen.", ""},
		{"en a size before a thing", "en", "Marcus wants a quick export of the invoices.", "invoice"},
		{"pt errand after pra", "pt", "ela pediu pra agradecer a visita", ""},
		{"pt convite", "pt", "A Ana quer um convite para o webinar de outubro.", ""},
		{"en negated", "en", "Harbor doesn't want facial recognition.", ""},
		{"pt asked to leave alone", "pt", "Ele pediu pra não mexer no módulo de estoque.", ""},
		{"pt asked to leave it alone", "pt", "Ricardo já emite as notas pelo Omie e está satisfeito, pediu pra não mexer nisso.", ""},
		{"en no longer", "en", "The client no longer wants the weekly export.", ""},
		{"en pronoun object", "en", "The GM wants it before the meeting.", ""},
		{"en thing as subject", "en", "The report needs fixing before Friday.", ""},
		{"en it needs", "en", "It needs a restart every morning.", ""},
		{"pt negated", "pt", "A Ana não quer a exportação semanal.", ""},
		{"en the vendor's people", "en", "Kevin from your sales team brought up the loyalty add-on again.", ""},
		{"pt the vendor's people", "pt", "O pessoal de vocês sugeriu o módulo de estoque.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ckm.Document{ID: "t", Lang: tt.lang, Source: ckm.SourceNote, Text: tt.text}
			var got []Need
			for _, n := range analyze(t, doc).Needs {
				if n.Kind == KindExplicit && !n.Negated {
					got = append(got, n)
				}
			}
			switch {
			case tt.wantKey == "" && len(got) > 0:
				t.Errorf("%q: explicit needs %+v, want none", tt.text, got)
			case tt.wantKey != "" && (len(got) != 1 || got[0].ThemeKey != tt.wantKey || (got[0].Cue != "request" && got[0].Cue != "question")):
				t.Errorf("%q: explicit needs %+v, want one request or question keyed %q", tt.text, got, tt.wantKey)
			}
		})
	}
}

// TestEchoedNeeds checks the needs an agent's reply records for the
// client ("I've added you to the feature request for ...").
func TestEchoedNeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       string // the theme of the echoed need; "" for none
	}{
		{"a feature request for", "Customer: Can we merge them?\nAgent: I've added Northbridge to the feature request for external hiring manager review.", "external hiring manager review"},
		{"o tema de", "Cliente: mais um caso essa semana.\nAtendente: Já levei o tema de verificação de identidade pro produto.", "verificação de identidade pro produto"},
		{"a request that names nothing", "Customer: Can we merge them?\nAgent: I'll add your notes to the request Hannah raised.", ""},
		{"who the request goes to", "Customer: Can we merge them?\nAgent: I've passed your request to the product team.", ""},
		{"pt who the request goes to", "Cliente: dá pra juntar?\nAtendente: Registrei o pedido para o time de produto.", ""},
		{"no verb of logging", "Customer: Can we merge them?\nAgent: Thanks for your request for a quote.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ingest.InferTurns(ckm.Document{ID: "t", Text: tt.text})
			got := ""
			for _, n := range analyze(t, doc).Needs {
				if n.Speaker == SpeakerUnknown && n.Cue == "request" && n.Confidence == echoConfidence {
					got = n.Theme
				}
			}
			if got != tt.want {
				t.Errorf("echoed theme %q, want %q", got, tt.want)
			}
		})
	}
}

// TestSatisfiedAsk checks that an ask the same sentence says is already
// met is turned down, and that one after "but" is not.
func TestSatisfiedAsk(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text    string
		negated bool
	}{
		{"Only wants the booking widget embedded, which is already live on their Squarespace pages.", true},
		{"Marisol asked about the gauge calibration module and said it's working fine, so nothing needed there.", true},
		{"Dana wants the booking widget embedded, but the gallery is already live.", false},
		{"Dana wants the booking widget embedded on their pages.", false},
	} {
		a := analyze(t, ckm.Document{ID: "t", Source: ckm.SourceNote, Lang: "en", Text: tt.text})
		if len(a.Needs) == 0 {
			t.Errorf("%q: no need", tt.text)
			continue
		}
		for _, n := range a.Needs {
			if n.Kind == KindExplicit && n.Negated != tt.negated {
				t.Errorf("%q: need %q negated %v, want %v", tt.text, n.Theme, n.Negated, tt.negated)
			}
		}
	}
}

// TestNoComplaints checks that a problem nobody complained about is
// denied in both languages ("não teve nenhuma reclamação de travamento ou
// lentidão"), while "sem problemas" said as "no worries" and a problem
// after a contrast stay needs.
func TestNoComplaints(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lang, text, key string
		negated         bool
	}{
		{"pt", "Sérgio disse que o aplicativo é ótimo e que não teve nenhuma reclamação de travamento ou lentidão.", "performance", true},
		{"pt", "Nenhum problema com a lentidão do app.", "performance", true},
		{"en", "There were no complaints about slowness.", "performance", true},
		{"pt", "Sem problemas com o Pix, mas o app trava toda hora.", "reliability", false},
		{"pt", "O app fica lento toda manhã.", "performance", false},
	} {
		a := analyze(t, ckm.Document{ID: "t", Source: ckm.SourceNote, Lang: tt.lang, Text: tt.text})
		found := false
		for _, n := range a.Needs {
			if n.ThemeKey == tt.key {
				found = true
				if n.Negated != tt.negated {
					t.Errorf("%q: %s negated %v, want %v", tt.text, n.ThemeKey, n.Negated, tt.negated)
				}
			}
		}
		if !found {
			t.Errorf("%q: no need under %s in %+v", tt.text, tt.key, a.Needs)
		}
	}
}

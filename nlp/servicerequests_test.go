package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
)

// TestServiceRequests checks that a request for a piece of account
// administration ("can you add two users?", "dá para mudar o e-mail do
// usuário?") is no need, while needs about users, accounts and passwords
// stay needs.
func TestServiceRequests(t *testing.T) {
	t.Parallel()
	testNeedCounts(t, ckm.SourceChat, func(n Need) bool { return n.Kind == KindExplicit && !n.Negated }, []needCount{
		{"en add users", "en", "Morning, can you add two users for the Bristol depot?", 0},
		{"en reset password", "en", "Hi, a supervisor is locked out, can you reset her password?", 0},
		{"en please change e-mail", "en", "Please change the e-mail of user jdoe to the new domain.", 0},
		{"pt mudar e-mail", "pt", "Boa tarde, dá para mudar o e-mail do usuário mtavares?", 0},
		{"pt desbloquear usuário", "pt", "Por favor, desbloquear o usuário da recepção.", 0},
		{"en unlock a person", "en", "One of the new planer guys got locked out after too many password tries, can you unlock him?", 0},
		{"pt desbloquear ela", "pt", "A Joana errou a senha três vezes, consegue desbloquear ela?", 0},
		{"en send her a login invite", "en", "New front desk hire Emily Cruz starts Monday, can you send her a login invite?", 0},
		{"en send the invite to people", "en", "Can you send the invite to me, Hal and Kelly?", 0},
		{"pt mandar o convite", "pt", "Consegue mandar o convite de acesso pra nova recepcionista?", 0},
		{"en invites the product sends are a need", "en", "Can you send an invite to each customer automatically when their order ships?", 1},
		{"pt segunda via do boleto", "pt", "oi, preciso da segunda via do boleto de fevereiro", 0},
		{"en resend the invoice", "en", "Could you resend the invoice for March?", 0},
		{"en our billing details", "en", "Could you also update our billing details?", 0},
		{"en our billing date", "en", "Can we change our billing date to the 10th?", 0},
		{"en the due date of the client's own invoices is a need", "en", "Can we change the due date on the invoices we send?", 1},
		{"en the date format of the client's invoices is a need", "en", "Can we change the date format on our invoices?", 1},
		{"pt vencimento da nossa fatura", "pt", "Só uma pergunta: dá pra mudar o vencimento da nossa fatura com vocês pro dia 10?", 0},
		{"pt a billing desk's address", "pt", "Quero que vá pro financeiro@casadosom.org.br", 0},
		{"pt a report to a person's address stays a request", "pt", "Quero que o relatório vá pro ana@casadosom.org.br", 1},
		{"pt faturas go to an address", "pt", "A partir de novembro as faturas da Dirija devem ir para financeiro@cfcviamineira.com.br em vez do meu e-mail pessoal.", 0},
		{"en send a receipt", "en", "Could you send a receipt for our records?", 0},
		{"en send the invoice and a form", "en", "Could you send the invoice and also a W-9?", 0},
		{"pt mandar o boleto", "pt", "Pode mandar o boleto de novo?", 0},
		{"en a copy of the vendor's W-9", "en", "Also, can I get a copy of your W-9 for our files?", 0},
		{"en the vendor's certificate of insurance", "en", "Could you send us your certificate of insurance before the site visit?", 0},
		{"pt o contrato social de vocês", "pt", "Vocês podem mandar o cartão CNPJ e o contrato social de vocês?", 0},
		{"en subcontractors' certificates are a need", "en", "We need to track each subcontractor's certificate of insurance and get an alert before it expires.", 1},
		{"en sending invoices to customers is a need", "en", "Could you send the invoices to our customers by WhatsApp?", 1},
		{"pt sending the boleto to customers is a need", "pt", "Vocês conseguem mandar o boleto pro cliente pelo WhatsApp?", 1},
		{"en invoices to an address", "en", "Could you also confirm that the monthly subscription invoices can go to accounts.payable@northgatehaulage.co.uk?", 0},
		{"pt nota pro email", "pt", "Vocês conseguem mandar a nota fiscal pro email financeiro@solarisbh.com.br?", 0},
		{"en a report by e-mail is a need", "en", "We need the system to email the weekly report to ops@acme.com every Monday.", 1},
		{"en update the billing contact", "en", "Also, could you please update our billing contact?", 0},
		{"en re-issue it", "en", "Could you re-issue it with the VAT breakdown and our company number 11842097?", 0},
		{"en confirm the billing contact", "en", "Could you also confirm the billing contact for next year is me rather than Gemma?", 0},
		{"pt reenviar o convite", "pt", "Só preciso de uma coisa: a Juliana não recebeu o convite de acesso, pode reenviar?", 0},
		{"pt reenviar automaticamente is a need", "pt", "Precisamos que o sistema possa reenviar o lembrete automaticamente.", 1},
		{"en switch off prompts", "en", "And while we're at it, can you switch off the parent app prompts in the admin?", 0},
		{"en hide screens", "en", "Could you please make sure the stock screens are hidden for all staff so nobody starts using them by accident?", 0},
		{"en turn off a module", "en", "Can you turn off the inventory module for the Leeds site?", 0},
		{"pt desligar as telas", "pt", "Pode desligar as telas de estoque pra recepção?", 0},
		{"en a way to hide is a need", "en", "Can you add a way to hide the stock screens?", 1},
		{"en hiding a column is a need", "en", "Can you hide the price column on the invoice?", 1},
		{"en book a session", "en", "Can we book a 30 min app session for her that week?", 0},
		{"en send over the slides", "en", "Could you send over the slides from the kickoff?", 0},
		{"en share the recordings", "en", "Can you share the training recordings with Priya?", 0},
		{"pt mandar a proposta", "pt", "Vocês podem mandar a proposta atualizada?", 0},
		{"en a training on a screen", "en", "hey, can we get a 30 min training on the new load board views for me and two new coordinators?", 0},
		{"en people on the next training session", "en", "and can we get the two new Larapinta admins on the next training session?", 0},
		{"en the date of a training session", "en", "Also, can you let me know the date for the second training session for the allied health team?", 0},
		{"pt precisamos do treinamento", "pt", "Precisamos do treinamento pros recepcionistas novos de Contagem.", 0},
		{"pt dá pra marcar o treinamento", "pt", "Dá pra marcar o treinamento de relatórios pra terça que vem às 15h?", 0},
		{"en printed copies for a meeting", "en", "Dana asked for printed copies of the agenda, will bring them.", 0},
		{"en asked for a refresher training", "en", "Asked for a refresher training for three new staff at Alexandria; booked for 6 November, 2pm AEDT.", 0},
		{"en send me the link", "en", "Can you also send me the link for the training video on gift vouchers?", 0},
		{"en send the paperwork to an address", "en", "Can you send the paperwork to accounts@bushlandnatives.com.au?", 0},
		{"pt consegue me mandar", "pt", "Dois deles pediram o material em PDF, consegue me mandar?", 0},
		{"en set them up", "en", "Could you set them up with logins ahead of that and invite them to the next webinar?", 0},
		{"en bring an update", "en", "Can you bring an update on the Xero sync to Thursday's call?", 0},
		{"pt me dar um retorno", "pt", "vcs conseguem me dar um retorno até sexta?", 0},
		{"en move our direct debit", "en", "Hello, could we move our monthly direct debit from the 1st to the 15th of each month?", 0},
		{"en set up a login", "en", "Can you set up a login for our new admin, Sam O'Brien?", 0},
		{"en and send a receipt", "en", "Could you confirm it's been received and send a paid receipt for our records?", 0},
		{"en a receipt marked paid", "en", "Could you send a receipt marked paid for our board records?", 0},
		{"en reissued", "en", "We paid the August one already (INV-UK-20419), can it be reissued?", 0},
		{"en billing contact", "en", "Also, please add accounts@harbourview.co.uk to the billing contacts.", 0},
		{"pt e-mail de cobrança", "pt", "Outra coisa, a Thaís pediu pra mudar o e-mail de cobrança pra financeiro@petlindo.com.br, pode ser?", 0},
		{"en she'll need access", "en", "Kayla is moving over to run our new Ladson store, so she'll need access there.", 0},
		{"en a starter needs a login", "en", "Our new starter Mia needs a login for the counter.", 0},
		{"en check his permissions", "en", "First, our new lad Sam can't see the Bath job cards, can you check his permissions?", 0},
		{"pt acesso for someone who started", "pt", "precisamos de mais um acesso de técnico, o Rogério começou essa semana", 0},
		{"pt acesso for an e-mail address", "pt", "Preciso de um acesso de vendedora pra ela, e-mail gabriela.souza@bomsono.com.br.", 0},
		{"pt more users for people who joined", "pt", "Queria também passar do plano de 3 pra 5 usuários, porque entraram dois técnicos novos.", 0},
		{"en deactivate the user of someone leaving", "en", "Devon is leaving us at the end of the month, so I need to deactivate his user.", 0},
		{"en add a user named by an address", "en", "Also please add Jenna Ortiz as a user at Cherry Creek, counter role, jenna@stitchandpress.com.", 0},
		{"en every new hire's login is a need", "en", "We need every new hire to get a login automatically from the payroll system.", 1},
		{"en access since something started is a need", "en", "Since we started the second shift, we need access to the stock report from the tablets.", 1},
		{"en a user report by e-mail is a need", "en", "We need a report of user activity sent to ops@acme.com.", 1},
		{"en people needing access is a need", "en", "Our technicians need access to the stock levels from their phones, we want that.", 1},
		{"en set up a way is a need", "en", "Can you set up a way for owners to book the charging bay?", 1},
		{"en an alert sent to me is a need", "en", "Can you send me an alert when stock is low?", 1},
		{"en reminders to owners are a need", "en", "Can you send owners a reminder the day before?", 1},
		{"en our invoice numbering is a need", "en", "Can we change our invoice numbering per office?", 1},
		{"en a training mode is a need", "en", "We need a training mode for new cashiers.", 1},
		{"en distributed training is a need", "en", "Please add support for distributed training on multiple GPUs.", 1},
		{"en sending proposals is a need", "en", "We need to send proposals from the app.", 1},
		{"en invoice field is a need", "en", "We need the PO number on every invoice.", 1},
		{"en feature about passwords", "en", "We need users to be able to reset their own passwords.", 1},
		{"en can you add a feature", "en", "Can you add single sign-on with Okta?", 1},
		{"en can we pull an access log", "en", "Can we pull an access log per user?", 1},
		{"pt pedido de campo", "pt", "Dá para incluir esse campo na nota fiscal?", 1},
		{"pt usuários com a conta Microsoft", "pt", "Queremos que os usuários entrem com a conta corporativa da Microsoft.", 1},
	})
}

// TestBillErrandsArePainless checks that a sentence that asks support for a
// copy of a bill, or says where bills go, gives no pain either: the bill
// not received is the account's, not the product's. A pain beside no bill
// stays.
func TestBillErrandsArePainless(t *testing.T) {
	t.Parallel()
	testNeedCounts(t, ckm.SourceEmail, func(Need) bool { return true }, []needCount{
		{"pt segunda via", "pt", "boa tarde, não recebi a fatura de agosto no e-mail, pode mandar a segunda via?", 0},
		{"pt nota pro e-mail", "pt", "Não recebi a nota fiscal no e-mail financeiro@serraverde.org.br e a contabilidade está cobrando aqui.", 0},
		{"pt reemitir a certidão", "pt", "Não consegui reemitir a certidão pelo site, dá erro toda vez.", 1},
	})
}

// needCount is a sentence of a table test and how many of its needs the
// test keeps.
type needCount struct {
	name, lang, text string
	want             int
}

// testNeedCounts analyses each case's text as a document from source and
// checks how many of its needs keep accepts.
func testNeedCounts(t *testing.T, source ckm.Source, keep func(Need) bool, tests []needCount) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ns := analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Source: source, Text: tt.text}).Needs
			got := 0
			for _, n := range ns {
				if keep(n) {
					got++
				}
			}
			if got != tt.want {
				t.Errorf("%q: %d needs kept, want %d: %+v", tt.text, got, tt.want, ns)
			}
		})
	}
}

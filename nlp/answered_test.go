package nlp

import (
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

// TestAnsweredQuestions checks that a customer's question the agent
// answers with the product as it is gives no explicit need, and that a
// question answered with a "not yet", a hedge, or a customer who pushes
// back keeps its need.
func TestAnsweredQuestions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		asked      string // the first explicit need wanted; "" for none
	}{
		{"shown where", "Customer: Quick question, is there a report that shows each server's net sales for the shift?\nAgent: Sure, that's Sales by Employee under Reports, you can filter by shift.\nCustomer: Okay, thanks.", ""},
		{"dá sim", "Cliente: dá pra anexar as fotos da vistoria direto no sinistro?\nAtendente: Dá sim, Diego: na aba Documentos do sinistro.\nCliente: boa, valeu!", ""},
		{"what it asks about", "Customer: Our accountant wants the Manchester bills to start with MAN-. Can we do that?\nAgent: You can. Under Billing settings you can set a prefix per office.\nCustomer: Brilliant.", ""},
		{"another subject after", "Customer: Can I merge two profiles?\nAgent: Yes, open one and choose Merge.\nCustomer: Great. Also, we need a way to text owners when a dog is ready.", "Also, we need a way to text owners when a dog is ready."},
		{"a need before another question", "Customer: We need single sign-on with Okta. Also, can I merge two profiles?\nAgent: Yes, open one and choose Merge.\nCustomer: Great, thanks.", "We need single sign-on with Okta."},
		{"not yet", "Customer: Is there a way to send the invoices by WhatsApp?\nAgent: Not yet, it's on the roadmap for next year.", "Is there a way to send the invoices by WhatsApp?"},
		{"yes but", "Customer: Can we export the tip-out per server?\nAgent: Yes, but only as a PDF for now.", "Can we export the tip-out per server?"},
		{"em análise", "Cliente: vcs tem previsão pro leitor de apólice?\nAtendente: Lembro sim, Patrícia. Está em análise, te dou retorno até a semana que vem.", "vcs tem previsão pro leitor de apólice?"},
		{"pushed back", "Customer: Is there a way to mark all the Dutch ovens 15% off at once?\nAgent: You can create an automatic discount for a collection.\nCustomer: The discount I know. I need the actual list price changed on 200 items permanently.", "Is there a way to mark all the Dutch ovens 15% off at once?"},
		{"a menu path", "Customer: Is there a setting for the label orientation?\nAgent: Settings > Printing > Orientation.\nCustomer: Thanks!", ""},
		{"a place, then where to click", "Cliente: tem como duplicar uma venda antiga?\nAtendente: Na tela de vendas, clica nos três pontinhos e em Duplicar.\nCliente: ok obrigada", ""},
		{"done, then more", "Customer: Can I give her planner access myself?\nAgent: Morning Sandra, you can do it yourself.\nCustomer: Done, thanks! But we still need a way to lock a route once it's sent.", "But we still need a way to lock a route once it's sent."},
		{"no agent turn", "Customer: Is there a way to merge two profiles?\nCustomer: We have a lot of duplicates.", "Is there a way to merge two profiles?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: tt.text})
			a := analyze(t, doc)
			var got string
			for _, n := range a.Needs {
				if n.Kind == KindExplicit && n.Speaker == SpeakerCustomer && !n.Negated && got == "" {
					got = n.Text
				}
			}
			if got != tt.asked {
				t.Errorf("explicit need on %q, want %q; needs %+v", got, tt.asked, a.Needs)
			}
		})
	}
}

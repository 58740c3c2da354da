package testutil

import (
	"strings"
	"unicode"
)

// Planted is one value of personal data planted in a PIIFile: its kind
// (an nlp.PII* name) and the text as written.
type Planted struct {
	Kind  string
	Value string
}

// PIIFile is one input of the planted personal-data corpus: a file in one
// of the formats ckm ingests, in English or Portuguese, with the personal
// data planted in it and numbers that look alike but are not personal
// (invoice and order numbers, dates, money, numbers failing check digits).
type PIIFile struct {
	Name    string // file name; its extension tells the format
	Lang    string
	Body    string
	Planted []Planted
}

// ScanForms are the forms in which v could be written to disk: as
// written, in lowercase, without spaces and, for numbers of eight digits
// or more, as bare digits (an E.164 phone or a normalised CPF holds those).
func ScanForms(v string) []string {
	forms := []string{v, strings.ToLower(v), strings.ReplaceAll(v, " ", "")}
	var digits strings.Builder
	for _, r := range v {
		if unicode.IsDigit(r) {
			digits.WriteRune(r)
		}
	}
	if digits.Len() >= 8 {
		forms = append(forms, digits.String())
	}
	return forms
}

// PIICorpus returns the planted corpus: JSON documents, emails, WebVTT
// transcripts and a ticket CSV, in English and Portuguese. Every value is
// valid for its kind (CPF and CNPJ check digits, Luhn, IBAN mod 97).
func PIICorpus() []PIIFile {
	return []PIIFile{
		{Name: "json_en.json", Lang: "en", Body: `{"id":"pii-json-en","client":"Globex","source":"note","subject":"Billing contact john.miller@globex.com",` +
			`"text":"John Miller asked that invoices go to j.doe+billing@initech.co.uk from now on. He can be reached on +1 (415) 555-0132. ` +
			`The card on file is 4111 1111 1111 1111 and refunds go to GB82 WEST 1234 5698 7654 32. Invoice #4521 for $1,200.50 is due 2026-03-04; ` +
			`order 12345678901 shipped. We need the PO number on every invoice, it keeps getting lost."}`,
			Planted: []Planted{{"EMAIL", "john.miller@globex.com"}, {"PERSON", "John Miller"}, {"EMAIL", "j.doe+billing@initech.co.uk"},
				{"PHONE", "+1 (415) 555-0132"}, {"CARD", "4111 1111 1111 1111"}, {"IBAN", "GB82 WEST 1234 5698 7654 32"}}},
		{Name: "json_pt.json", Lang: "pt", Body: `{"id":"pii-json-pt","client":"Empresa","source":"call","subject":"Cadastro",` +
			`"text":"A cliente Ana Souza informou o CPF 529.982.247-25 e o CNPJ da loja 11.222.333/0001-81. Telefone (11) 98765-4321, ` +
			`e-mail ana.souza@empresa.com.br. Pagamentos para PT50 0002 0123 1234 5678 9015 4. O pedido 2026-0012345 de R$ 1.200,50 vence em 03/04/2026, ` +
			`protocolo 20260304123456, desconto de 15%. Precisamos de nota fiscal com o número do pedido."}`,
			Planted: []Planted{{"PERSON", "Ana Souza"}, {"CPF", "529.982.247-25"}, {"CNPJ", "11.222.333/0001-81"}, {"PHONE", "(11) 98765-4321"},
				{"EMAIL", "ana.souza@empresa.com.br"}, {"IBAN", "PT50 0002 0123 1234 5678 9015 4"}}},
		{Name: "email_en.eml", Lang: "en", Body: "From: Bruce Wayne <bwayne@wayne-enterprises.com>\r\nTo: support@acme.com\r\nSubject: Ticket 98213: card declined\r\n" +
			"Date: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <pii-email-en@wayne-enterprises.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
			"Hello,\r\n\r\nOur card 5500-0000-0000-0004 was declined again on 3 March 2026. Please wire the refund to DE89 3704 0044 0532 0130 00 instead.\r\n" +
			"We are worried about the renewal if this keeps happening.\r\n\r\n--\r\nBruce Wayne\r\nPhone: 415-555-0199\r\n",
			Planted: []Planted{{"PERSON", "Bruce Wayne"}, {"EMAIL", "bwayne@wayne-enterprises.com"}, {"EMAIL", "support@acme.com"},
				{"CARD", "5500-0000-0000-0004"}, {"IBAN", "DE89 3704 0044 0532 0130 00"}, {"PHONE", "415-555-0199"}}},
		{Name: "email_pt.eml", Lang: "pt", Body: "From: Carla Dias <carla.dias@padaria.com.br>\r\nTo: suporte@acme.com.br\r\nSubject: Chamado 7781: cobrança duplicada\r\n" +
			"Date: Wed, 4 Mar 2026 09:30:00 -0300\r\nMessage-ID: <pii-email-pt@padaria.com.br>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
			"Bom dia,\r\n\r\nFomos cobrados duas vezes no cartão 3782 822463 10005. Meu CPF é 11144477735 e o CNPJ 45723174000110.\r\n" +
			"Se isso continuar vamos avaliar outro fornecedor.\r\n\r\n--\r\nCarla Dias\r\nTel.: +55 21 3456-7890\r\n",
			Planted: []Planted{{"PERSON", "Carla Dias"}, {"EMAIL", "carla.dias@padaria.com.br"}, {"EMAIL", "suporte@acme.com.br"},
				{"CARD", "3782 822463 10005"}, {"CPF", "11144477735"}, {"CNPJ", "45723174000110"}, {"PHONE", "+55 21 3456-7890"}}},
		{Name: "call_en.vtt", Lang: "en", Body: "WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Agent>Thanks for calling, how can I help?\n\n" +
			"00:00:05.000 --> 00:00:12.000\n<v Customer>Hi, I'm Pat Lee. My number is +44 20 7946 0958 and my email is pat.lee@umbrella.io.\n\n" +
			"00:00:12.000 --> 00:00:20.000\n<v Customer>Please charge the card ending 6011111111111117, case 55123, it's urgent for Q2 2026.\n",
			Planted: []Planted{{"PERSON", "Pat Lee"}, {"PHONE", "+44 20 7946 0958"}, {"EMAIL", "pat.lee@umbrella.io"}, {"CARD", "6011111111111117"}}},
		{Name: "call_pt.vtt", Lang: "pt", Body: "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Atendente>Bom dia, em que posso ajudar?\n\n" +
			"00:00:04.000 --> 00:00:11.000\n<v Cliente>Meu CPF é 390.533.447-05 e o telefone 11 91234-5678.\n\n" +
			"00:00:11.000 --> 00:00:19.000\n<v Cliente>A empresa é CNPJ 33.000.167/0001-01, IBAN BR1800360305000010009795493C1, e queremos integração com o ERP.\n",
			Planted: []Planted{{"CPF", "390.533.447-05"}, {"PHONE", "11 91234-5678"}, {"CNPJ", "33.000.167/0001-01"}, {"IBAN", "BR1800360305000010009795493C1"}}},
		{Name: "tickets.csv", Lang: "en+pt", Body: "id,client,subject,text,requester\n" +
			`pii-csv-en,Hooli,Refund,"Refund to card 4012 8888 8888 1881 or NL91ABNA0417164300, call +1 212 555 0147. Invoice 2026-118 of USD 300.",sam.wu@hooli.com` + "\n" +
			`pii-csv-pt,Loja,Reembolso,"Reembolso para o CPF 98765432100, CNPJ 60.701.190/0001-04, telefone (31) 3222-1234. Nota fiscal 4471 de R$ 89,90.",joao.lima@loja.com.br` + "\n",
			Planted: []Planted{{"CARD", "4012 8888 8888 1881"}, {"IBAN", "NL91ABNA0417164300"}, {"PHONE", "+1 212 555 0147"}, {"EMAIL", "sam.wu@hooli.com"},
				{"CPF", "98765432100"}, {"CNPJ", "60.701.190/0001-04"}, {"PHONE", "(31) 3222-1234"}, {"EMAIL", "joao.lima@loja.com.br"}}},
	}
}

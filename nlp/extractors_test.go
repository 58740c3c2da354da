package nlp

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// kent is an entity as the extractor tables check it.
type kent struct{ Text, Label, Kind, Value, Source string }

func entitiesOf(t testing.TB, a *Analyzer, lang, text string) []kent {
	t.Helper()
	an, err := a.Analyze(context.Background(), ckm.Document{ID: "t", Lang: lang, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, text, an)
	var out []kent
	for _, e := range an.Entities {
		if e.Source != SourceModel {
			out = append(out, kent{e.Text, e.Label, e.Kind, e.Value, e.Source})
		}
	}
	return out
}

func TestExtractors(t *testing.T) {
	t.Parallel()
	a, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	r := SourceRule
	tests := []struct {
		name, lang, text string
		want             []kent
	}{
		{"valid cpf and cnpj", "pt", "Meu CPF é 529.982.247-25 e o CNPJ da empresa 11.222.333/0001-81.", []kent{
			{"529.982.247-25", LabelReference, KindCPF, "52998224725", r},
			{"11.222.333/0001-81", LabelReference, KindCNPJ, "11222333000181", r}}},
		{"cpf without punctuation after the word", "pt", "CPF: 52998224725, CNPJ nº 11222333000181.", []kent{
			{"52998224725", LabelReference, KindCPF, "52998224725", r},
			{"11222333000181", LabelReference, KindCNPJ, "11222333000181", r}}},
		{"invalid cpf and cnpj are not labelled", "pt", "CPF 529.982.247-26, CNPJ 11.222.333/0001-80, CPF 111.111.111-11 e CPF 12345678900.", nil},
		{"ambiguous date in english is month first", "en", "The renewal is on 03/04/2026.", []kent{{"03/04/2026", LabelDate, "", "2026-03-04", r}}},
		{"ambiguous date in portuguese is day first", "pt", "A renovação é em 03/04/2026.", []kent{{"03/04/2026", LabelDate, "", "2026-04-03", r}}},
		{"unambiguous day over twelve", "en", "Due 25/04/2026.", []kent{{"25/04/2026", LabelDate, "", "2026-04-25", r}}},
		{"two-digit year", "pt", "Vence em 15/08/26.", []kent{{"15/08/26", LabelDate, "", "2026-08-15", r}}},
		{"relative dates english", "en", "We will decide next quarter or in two weeks.", []kent{
			{"next quarter", LabelDate, "", "", r}, {"in two weeks", LabelDate, "", "", r}}},
		{"relative dates portuguese", "pt", "Vamos decidir semana que vem ou no fim do mês, talvez na sexta-feira.", []kent{
			{"semana que vem", LabelDate, "", "", r}, {"fim do mês", LabelDate, "", "", r}, {"sexta-feira", LabelDate, "", "", r}}},
		{"money brazilian", "pt", "A proposta é de R$ 1.200,50 por mês, mais R$ 15 mil de implantação.", []kent{
			{"R$ 1.200,50", LabelMoney, "", "1200.50 BRL", r}, {"R$ 15 mil", LabelMoney, "", "15000.00 BRL", r}}},
		{"money us", "en", "They quoted $1,200.50 per month and a $2.5m deal.", []kent{
			{"$1,200.50", LabelMoney, "", "1200.50 USD", r}, {"$2.5m", LabelMoney, "", "2500000.00 USD", r}}},
		{"percent", "en", "Churn went up 3.5% and 10 percent of seats are idle.", []kent{
			{"3.5%", LabelPercent, "", "3.5%", r}, {"10 percent", LabelPercent, "", "10%", r}}},
		{"email and url", "en", "Mail ana@globex.com.br or see https://status.globex.com/incidents.", []kent{
			{"ana@globex.com.br", LabelEmail, "", "ana@globex.com.br", r},
			{"https://status.globex.com/incidents", LabelURL, "", "https://status.globex.com/incidents", r}}},
		{"phones", "pt", "Ligue (11) 98765-4321, 11 3456-7890, +55 (21) 99876-5432 ou 0800 123 4567.", []kent{
			{"(11) 98765-4321", LabelPhone, "", "+5511987654321", r},
			{"11 3456-7890", LabelPhone, "", "+551134567890", r},
			{"+55 (21) 99876-5432", LabelPhone, "", "+5521998765432", r},
			{"0800 123 4567", LabelPhone, "", "", r}}},
		{"phones us", "en", "Call (415) 555-0100 or +1 415.555.0199.", []kent{
			{"(415) 555-0100", LabelPhone, "", "+14155550100", r},
			{"+1 415.555.0199", LabelPhone, "", "+14155550199", r}}},
		{"reference kinds english", "en", "Invoice #4521, PO 88-1200, order no. 77, case 55012, project #12, contract C-2291, matter 2026-0042, client ID 8812.", []kent{
			{"Invoice #4521", LabelReference, KindInvoice, "4521", r},
			{"PO 88-1200", LabelReference, KindPO, "88-1200", r},
			{"order no. 77", LabelReference, KindOrder, "77", r},
			{"case 55012", LabelReference, KindTicket, "55012", r},
			{"project #12", LabelReference, KindProject, "12", r},
			{"contract C-2291", LabelReference, KindContract, "C-2291", r},
			{"matter 2026-0042", LabelReference, KindMatter, "2026-0042", r},
			{"client ID 8812", LabelReference, KindClient, "8812", r}}},
		{"reference kinds portuguese", "pt", "O chamado 88123 sobre a fatura nº 3321 e a ordem de compra 4500012.", []kent{
			{"chamado 88123", LabelReference, KindTicket, "88123", r},
			{"fatura nº 3321", LabelReference, KindInvoice, "3321", r},
			{"ordem de compra 4500012", LabelReference, KindPO, "4500012", r}}},
		{"client without a marker is not a reference", "en", "Our client 2026 roadmap is ready.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, entitiesOf(t, a, tt.lang, tt.text)); diff != "" {
				t.Errorf("entities of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

const testGazetteer = `# name	label	aliases
Globex Corporation	client	Globex|Globex Corp
Initech	competitor	Initech CRM
{"name": "Ledger Pro", "label": "product", "aliases": ["LedgerPro"]}
{"name": "Slack", "label": "competitor"}
`

func TestGazetteer(t *testing.T) {
	t.Parallel()
	g, err := LoadGazetteer(strings.NewReader(testGazetteer))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(Config{Gazetteer: g})
	if err != nil {
		t.Fatal(err)
	}
	gz := SourceGazetteer
	tests := []struct {
		name, lang, text string
		want             []kent
	}{
		{"client, competitor and product", "en", "Globex Corp said Initech CRM is cheaper than Ledger Pro.", []kent{
			{"Globex Corp", LabelOrg, KindClient, "Globex Corporation", gz},
			{"Initech CRM", LabelOrg, KindCompetitor, "Initech", gz},
			{"Ledger Pro", LabelProduct, "", "Ledger Pro", gz}}},
		{"case and accents folded, longest wins", "pt", "A GLOBEX CORPORATION quer migrar para o initech.", []kent{
			{"GLOBEX CORPORATION", LabelOrg, KindClient, "Globex Corporation", gz}}},
		{"capitalised name needs a capital", "en", "We have some slack in the budget, but Slack is what they use.", []kent{
			{"Slack", LabelOrg, KindCompetitor, "Slack", gz}}},
		{"rules win", "en", "Mail globex@globex.com about Globex.", []kent{
			{"globex@globex.com", LabelEmail, "", "globex@globex.com", SourceRule},
			{"Globex", LabelOrg, KindClient, "Globex Corporation", gz}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, entitiesOf(t, a, tt.lang, tt.text)); diff != "" {
				t.Errorf("entities of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestLoadGazetteerErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"Acme\tplanet\n", "{\"name\": \"\"}\n", "{bad json\n"} {
		if _, err := LoadGazetteer(strings.NewReader(in)); err == nil {
			t.Errorf("LoadGazetteer(%q) = nil error, want one", in)
		}
	}
}

// TestAnalyzeConcurrentEntities runs one Analyzer with a gazetteer from
// many goroutines (run it with -race) and checks every result equals the
// sequential one.
func TestAnalyzeConcurrentEntities(t *testing.T) {
	t.Parallel()
	g, err := LoadGazetteer(strings.NewReader(testGazetteer))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(Config{Gazetteer: g})
	if err != nil {
		t.Fatal(err)
	}
	docs := []ckm.Document{
		{ID: "en", Text: "Sarah Connor from Globex Corp called about invoice #4521 and $1,200.50 due 03/04/2026. Initech CRM is cheaper."},
		{ID: "pt", Lang: "pt", Text: "O João Silva, do Banco do Brasil em São Paulo, enviou o CPF 529.982.247-25 e pediu R$ 1.200,50 semana que vem."},
	}
	want := make([]*Analysis, len(docs))
	for i, d := range docs {
		if want[i], err = a.Analyze(context.Background(), d); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 20 {
				i := (g + k) % len(docs)
				got, err := a.Analyze(context.Background(), docs[i])
				if err != nil {
					t.Error(err)
					return
				}
				if diff := cmp.Diff(want[i], got); diff != "" {
					t.Errorf("concurrent Analyze of %s differs (-want +got):\n%s", docs[i].ID, diff)
					return
				}
			}
		})
	}
	wg.Wait()
}

// FuzzEntities checks the extractors on arbitrary text with a gazetteer:
// no panic, spans inside the text and slicing it to their Text, sorted and
// not overlapping, and every CPF/CNPJ valid.
func FuzzEntities(f *testing.F) {
	g, err := LoadGazetteer(strings.NewReader(testGazetteer))
	if err != nil {
		f.Fatal(err)
	}
	a, err := New(Config{Gazetteer: g})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("CPF 529.982.247-25, R$ 1.200,50 em 03/04/2026, (11) 98765-4321", "pt")
	f.Add("Invoice #4521 for $1,200.50 next quarter; mail a@b.co, https://x.y/(z)", "en")
	f.Add("Globex Corp vs Initech CRM: 12,5% +55 11 98765-4321 CNPJ 11222333000181", "")
	f.Fuzz(func(t *testing.T, text, lang string) {
		an, err := a.Analyze(context.Background(), ckm.Document{ID: "fuzz", Lang: lang, Text: text})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, text, an)
		for _, e := range an.Entities {
			switch e.Kind {
			case KindCPF:
				if len(e.Value) != 11 || !validCPF(e.Value) {
					t.Fatalf("invalid CPF %q labelled", e.Text)
				}
			case KindCNPJ:
				if len(e.Value) != 14 || !validCNPJ(e.Value) {
					t.Fatalf("invalid CNPJ %q labelled", e.Text)
				}
			}
		}
	})
}

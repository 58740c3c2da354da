package nlp

import (
	"context"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// ent is the part of an Entity the rule table checks.
type ent struct{ Text, Label, Value string }

func TestRuleEntities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		lang string
		text string
		want []ent
	}{
		{"email", "en", "Write to Jo.Doe@Acme.com.br.", []ent{{"Jo.Doe@Acme.com.br", LabelEmail, "jo.doe@acme.com.br"}}},
		{"url", "en", "See https://acme.com/docs?id=1, or www.acme.com.", []ent{
			{"https://acme.com/docs?id=1", LabelURL, "https://acme.com/docs?id=1"},
			{"www.acme.com", LabelURL, "http://www.acme.com"}}},
		{"url in parentheses", "en", "(see https://acme.com/x)", []ent{{"https://acme.com/x", LabelURL, "https://acme.com/x"}}},
		{"phone international", "en", "Call +1 (415) 555-0100 or +44 20 7946 0958.", []ent{
			{"+1 (415) 555-0100", LabelPhone, "+14155550100"},
			{"+44 20 7946 0958", LabelPhone, "+442079460958"}}},
		{"phone brazil", "pt", "Ligue (11) 98765-4321 ou 21 3456-7890 ou +55 11 98765-4321.", []ent{
			{"(11) 98765-4321", LabelPhone, "+5511987654321"},
			{"21 3456-7890", LabelPhone, "+552134567890"},
			{"+55 11 98765-4321", LabelPhone, "+5511987654321"}}},
		{"phone us", "en", "My cell is 415-555-0100.", []ent{{"415-555-0100", LabelPhone, "+14155550100"}}},
		{"money dollars", "en", "It costs $1,200.50 a month, USD 300 per seat, €40 or 2,000 dollars.", []ent{
			{"$1,200.50", LabelMoney, "1200.50 USD"},
			{"USD 300", LabelMoney, "300.00 USD"},
			{"€40", LabelMoney, "40.00 EUR"},
			{"2,000 dollars", LabelMoney, "2000.00 USD"}}},
		{"money reais", "pt", "O valor é R$ 1.200,50, ou R$1.200 ou 2 mil reais.", []ent{
			{"R$ 1.200,50", LabelMoney, "1200.50 BRL"},
			{"R$1.200", LabelMoney, "1200.00 BRL"},
			{"2 mil reais", LabelMoney, "2000.00 BRL"}}},
		{"money multiplier", "en", "A $5k budget, $2 more.", []ent{
			{"$5k", LabelMoney, "5000.00 USD"},
			{"$2", LabelMoney, "2.00 USD"}}},
		{"percent", "pt", "Um aumento de 12,5% ou 10 por cento.", []ent{
			{"12,5%", LabelPercent, "12.5%"},
			{"10 por cento", LabelPercent, "10%"}}},
		{"dates english", "en", "On 2026-03-03, March 3, 2026, 03/04/2026, 3 March 2026 and March 2026.", []ent{
			{"2026-03-03", LabelDate, "2026-03-03"},
			{"March 3, 2026", LabelDate, "2026-03-03"},
			{"03/04/2026", LabelDate, "2026-03-04"},
			{"3 March 2026", LabelDate, "2026-03-03"},
			{"March 2026", LabelDate, "2026-03"}}},
		{"dates portuguese", "pt", "Em 03/04/2026, 3 de março de 2026 e março de 2026.", []ent{
			{"03/04/2026", LabelDate, "2026-04-03"},
			{"3 de março de 2026", LabelDate, "2026-03-03"},
			{"março de 2026", LabelDate, "2026-03"}}},
		{"relative dates", "en", "Next quarter, or tomorrow, or by the end of the month, Q3 2026.", []ent{
			{"Next quarter", LabelDate, ""},
			{"tomorrow", LabelDate, ""},
			{"end of the month", LabelDate, ""},
			{"Q3 2026", LabelDate, "2026-Q3"}}},
		{"relative dates portuguese", "pt", "Semana que vem, amanhã ou na próxima semana.", []ent{
			{"Semana que vem", LabelDate, ""},
			{"amanhã", LabelDate, ""},
			{"próxima semana", LabelDate, ""}}},
		{"invalid date", "en", "On 2026-02-30 and 13/13/2026.", nil},
		{"references english", "en", "About invoice #4521, PO 88-1200, order no. 77 and ticket: 12.", []ent{
			{"invoice #4521", LabelReference, "4521"},
			{"PO 88-1200", LabelReference, "88-1200"},
			{"order no. 77", LabelReference, "77"},
			{"ticket: 12", LabelReference, "12"}}},
		{"references portuguese", "pt", "A nota fiscal 12345, o pedido 998 e o contrato nº 2026/15.", []ent{
			{"nota fiscal 12345", LabelReference, "12345"},
			{"pedido 998", LabelReference, "998"},
			{"contrato nº 2026/15", LabelReference, "2026/15"}}},
		{"reference needs a number", "en", "In order to see project 2 we order 3 seats.", nil},
		{"cpf and cnpj", "pt", "CPF 123.456.789-09, CNPJ 12.345.678/0001-95.", []ent{
			{"123.456.789-09", LabelReference, "12345678909"},
			{"12.345.678/0001-95", LabelReference, "12345678000195"}}},
		{"no entities", "en", "Nothing to see here.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Text: tt.text})
			var got []ent
			for _, e := range a.Entities {
				if e.Source == SourceRule {
					got = append(got, ent{e.Text, e.Label, e.Value})
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("rule entities of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestModelEntities(t *testing.T) {
	t.Parallel()
	a := analyze(t, ckm.Document{ID: "t", Text: "Yesterday I met Sarah Connor from Globex Corporation in New York. Ela falou com a Maria."})
	var got []ent
	for _, e := range a.Entities {
		got = append(got, ent{e.Text, e.Label, e.Value})
	}
	want := []ent{
		{"Yesterday", LabelDate, ""},
		{"Sarah Connor", LabelPerson, ""},
		{"Globex Corporation", LabelOrg, ""},
		{"New York", LabelLocation, ""},
		{"Maria", LabelPerson, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities (-want +got):\n%s", diff)
	}
}

// analyze runs the default analyzer and checks the offset invariants.
func analyze(t testing.TB, doc ckm.Document) *Analysis {
	t.Helper()
	a, err := Analyze(context.Background(), doc)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	checkInvariants(t, doc.Text, a)
	return a
}

// checkInvariants checks that every span slices text to its Text, that
// sentences, tokens and entities are sorted and entities do not overlap,
// and that confidences are in [0, 1].
func checkInvariants(t testing.TB, text string, a *Analysis) {
	t.Helper()
	check := func(kind string, i, start, end int, s string) {
		if start < 0 || start > end || end > len(text) || text[start:end] != s {
			t.Fatalf("%s %d: span %d..%d does not slice the text (%d bytes) to %q", kind, i, start, end, len(text), s)
		}
	}
	for i, s := range a.Sentences {
		check("sentence", i, s.Start, s.End, s.Text)
		if i > 0 && s.Start < a.Sentences[i-1].End {
			t.Fatalf("sentence %d overlaps the one before", i)
		}
	}
	for i, x := range a.Tokens {
		check("token", i, x.Start, x.End, x.Text)
	}
	for i, e := range a.Entities {
		check("entity", i, e.Start, e.End, e.Text)
		if i > 0 && e.Start < a.Entities[i-1].End {
			t.Fatalf("entity %d %q overlaps the one before", i, e.Text)
		}
	}
	for i, n := range a.Needs {
		check("need", i, n.Start, n.End, n.Text)
		if n.Confidence < 0 || n.Confidence > 1 {
			t.Fatalf("need %d: confidence %v out of [0, 1]", i, n.Confidence)
		}
	}
}

// TestPlainWords checks which lowercase spans of a post may be names:
// words of letters, not code.
func TestPlainWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     bool
	}{
		{"two words", "ed sheeran", true},
		{"hashtag", "#gaza", true},
		{"apostrophe and hyphen", "o'neill jean-luc", true},
		{"module path", "keras.models", false},
		{"identifier", "store_Store", false},
		{"call", "browser(mozilla", false},
		{"digits", "5sos", false},
		{"hash alone", "#", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := plainWords(tt.in); got != tt.want {
				t.Errorf("plainWords(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestHolidaysAreDates: the holidays a year brings round are dates, not
// organisations or places, and key no theme; Natal (a city) and Black
// Friday (a season a shop plans for) are left as they are.
func TestHolidaysAreDates(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ lang, text, date string }{
		{"pt", "Com o Finados chegando, a procura por manutenção dos jazigos aumentou muito.", "Finados"},
		{"en", "We close on Boxing Day and reopen on the 27th.", "Boxing Day"},
		{"en", "Gareth wants to send Christmas cards this year.", "Christmas"},
		{"pt", "Na Páscoa a loja abre só de manhã.", "Páscoa"},
	} {
		a := analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Text: tt.text})
		found := false
		for _, e := range a.Entities {
			found = found || e.Text == tt.date && e.Label == LabelDate
		}
		if !found {
			t.Errorf("%q: entities %+v, want %q as a date", tt.text, a.Entities, tt.date)
		}
		for _, n := range a.Needs {
			if strings.Contains(n.ThemeKey, "christma") || strings.Contains(n.ThemeKey, "finado") {
				t.Errorf("%q: theme key %q holds a holiday", tt.text, n.ThemeKey)
			}
		}
	}
	a := analyze(t, ckm.Document{ID: "t", Lang: "pt", Text: "Ontem cancelaram o voo de Natal pra Miami."})
	for _, e := range a.Entities {
		if e.Text == "Natal" && e.Label == LabelDate {
			t.Errorf("Natal (the city) tagged a date: %+v", e)
		}
	}
}

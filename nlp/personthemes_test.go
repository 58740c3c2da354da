package nlp

import (
	"slices"
	"testing"

	"github.com/ckmhq/ckm"
)

// TestPersonThemes checks that a need whose theme would open with a
// person's name ("Gareth thinks ...") has no theme, nor one that is only
// the name of a person tagged elsewhere in the document (a workaround
// given the theme of the sentence after it), while a competitor's name and
// a theme that only mentions a person later keep theirs. A person named
// with a title ("o Seu Valdir", "a Dona Cida") is who, not what: the theme
// is what is said of them, and a product written in capitals after "MS"
// stays a name. The people a theme ends with ("a limited login for Greg")
// are cut from it, and a theme left with one word ("call with Dana and
// Marcus") has none, nor one that is a place named in the sentence before
// ("Runaway Bay"). Churn risks are left out of the keys compared.
func TestPersonThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, lang, text string
		want             []string
	}{
		{"name as subject", "en", "Gareth thinks the app should be able to do that in one click.", []string{""}},
		{"name later in the sentence", "en", "We need a payroll export for Gareth every Friday.", []string{"export"}},
		{"switch threat to a name", "en", "If we cannot agree by June 3, we will sign with Fabrikam CRM.", []string{"crm fabrikam"}},
		{"a first name the tagger called an organisation", "en", "E o pior: a Jéssica fez entrevista online com um deles.", []string{""}},
		{"a word that is also a first name", "en", "Grace wants the report by home.", []string{"reporting"}},
		{"name from the next sentence", "en", "Still nine exports plus the refunds export, still my spreadsheet. Jarrah wants to know whether that will be Reppa.", []string{"export", ""}},
		{"seu as subject", "pt", "quero ver o que tá com o Seu Valdir hoje", []string{""}},
		{"seu before the pain", "pt", "O Seu Valdir me cobra por peça, e todo mês ele manda a conta e eu não tenho como conferir.", []string{"pec"}},
		{"dona before the ask", "pt", "a Dona Cida da governança precisa de um acesso só pra ver o mapa de quartos.", []string{"access"}},
		{"thanks passed on", "pt", "a Dona Cláudia pediu pra agradecer a visita da Juliana semana passada", nil},
		{"thanks passed on in english", "en", "She asked me to thank you for the visit.", nil},
		{"ms is a product", "pt", "A Caixa pediu o cronograma da obra em MS Project.", []string{"ms project"}},
		{"login for a person", "en", "Can we create a limited login for Greg that only shows that job and those five people?", []string{"creat limit login"}},
		{"work for two people", "en", "hey Jack, end of quarter, I need to work out commission for Jordan and Kylie.", []string{"commiss work"}},
		{"a call with two people", "en", "Budget planning call with Dana and Marcus ahead of the January renewal.", []string{""}},
		{"one word for a person", "pt", "e dá pra mandar em pdf pro Marcos?", []string{""}},
		{"a place from the sentence before", "en", "Mia runs the numbers for Runaway Bay every month. For the board meeting I'm back to two exports and a spreadsheet.", []string{"export"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Text: tt.text})
			var keys []string
			for _, n := range a.Needs {
				if n.Cue != "churn-risk" {
					keys = append(keys, n.ThemeKey)
				}
			}
			if !slices.Equal(keys, tt.want) {
				t.Errorf("theme keys %q, want %q (needs %+v)", keys, tt.want, a.Needs)
			}
		})
	}
}

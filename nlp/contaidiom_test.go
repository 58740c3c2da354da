package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
)

// TestContaKeys checks that Portuguese "conta" keys an account only where
// it names one: coping, "levar em conta", "prestar contas" and the
// vendor's "Anotação da conta" name none, and a sum worked out by hand is
// keyed as a calculation, as "cálculo" is.
func TestContaKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want string // a stem the need's key holds; "" for none of the need's keys holding account
	}{
		{"Hoje eu faço essa conta toda na mão toda semana.", "calcul"},
		{"Se o sistema fizesse essa conta sozinho, eu só conferia.", "calcul"},
		{"Todo mês eu faço a conta das comissões na mão.", "calcul"},
		{"A Juliana não dá conta de lançar as notas avulsas na mão.", ""},
		{"O sistema tem algum jeito de me avisar antes, levando em conta esse prazo longo?", ""},
		{"Quando a gente vai prestar contas pro conselho, preciso montar a planilha na mão.", ""},
		{"Anotação da conta (Juliana Prado): eles ainda fazem tudo numa planilha.", ""},
		{"Quero ver a anotação da conta antes da reunião.", ""},
		{"Preciso de outra conta pra filial?", "account"},
	}
	for _, tt := range tests {
		a := analyze(t, ckm.Document{ID: "t", Lang: "pt", Text: tt.text})
		if len(a.Needs) == 0 {
			t.Errorf("%q: no need", tt.text)
			continue
		}
		for _, n := range a.Needs {
			key := strings.Fields(n.ThemeKey)
			if tt.want == "" && slices.Contains(key, "account") {
				t.Errorf("%q: %s need keyed %q, an account it does not name", tt.text, n.Cue, n.ThemeKey)
			}
		}
		if tt.want != "" && !slices.ContainsFunc(a.Needs, func(n Need) bool { return slices.Contains(strings.Fields(n.ThemeKey), tt.want) }) {
			t.Errorf("%q: no need keyed with %q: %+v", tt.text, tt.want, a.Needs)
		}
	}
}

// TestPortugueseDateIsNoTheme checks that "data" in Portuguese, a date,
// keys nothing, as "date" does not in English, while English "data" does.
func TestPortugueseDateIsNoTheme(t *testing.T) {
	t.Parallel()
	pt := analyze(t, ckm.Document{ID: "pt", Lang: "pt", Text: "Tem como o sistema sugerir qual lote sai primeiro pela data de validade?"})
	en := analyze(t, ckm.Document{ID: "en", Lang: "en", Text: "It would be great to see the sensor data for each greenhouse."})
	if len(pt.Needs) == 0 || len(en.Needs) == 0 {
		t.Fatalf("needs %+v and %+v, want one each", pt.Needs, en.Needs)
	}
	for _, n := range pt.Needs {
		if slices.Contains(strings.Fields(n.ThemeKey), "dat") || strings.Contains(strings.ToLower(n.Theme), "data") {
			t.Errorf("%q: theme %q keyed %q holds the date", n.Text, n.Theme, n.ThemeKey)
		}
	}
	if !slices.ContainsFunc(en.Needs, func(n Need) bool { return strings.Contains(n.ThemeKey, "data") }) {
		t.Errorf("English data keys nothing: %+v", en.Needs)
	}
}

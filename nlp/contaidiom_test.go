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

// TestAsIfIsNoWish checks that an "if" that compares or concedes is no
// wish, while a conditional wish still is.
func TestAsIfIsNoWish(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"as if", "The booking notes said not before 10am, but the run was built as if it could go anytime.", nil},
		{"even if", "Even if it could import the file, nobody here would use it.", nil},
		{"pt como se", "A rota saiu como se o sistema pudesse entregar em qualquer horário.", nil},
		{"a wish", "If the app could plan around the time slots we'd take on more of that work.", []string{"wish"}},
	})
}

// TestPairedModifiersStayOnePhrase checks that "earliest and latest" before
// one noun is one theme, not a theme cut at "and".
func TestPairedModifiersStayOnePhrase(t *testing.T) {
	t.Parallel()
	a := analyze(t, ckm.Document{ID: "t", Lang: "en", Text: "Is there somewhere to put an earliest and latest delivery time on a stop?"})
	if !slices.ContainsFunc(a.Needs, func(n Need) bool {
		k := strings.Fields(n.ThemeKey)
		return slices.Contains(k, "earliest") && slices.Contains(k, "latest") && slices.Contains(k, "time")
	}) {
		t.Errorf("needs %+v, want one keyed by earliest, latest and time", a.Needs)
	}
}

// TestAIGeneratedIsTheAITopic checks that content made by AI, in either
// language, is filed under the AI topic, as AI features are.
func TestAIGeneratedIsTheAITopic(t *testing.T) {
	t.Parallel()
	for _, d := range []ckm.Document{
		{ID: "en", Lang: "en", Text: "Is there any way to mark titles as AI-generated in the catalogue?"},
		{ID: "pt", Lang: "pt", Text: "Os clientes tão perguntando se foi gerado por IA."},
	} {
		a := analyze(t, d)
		if !slices.ContainsFunc(a.Needs, func(n Need) bool { return n.ThemeKey == "ai-features" }) {
			t.Errorf("%q: needs %+v, want one keyed ai-features", d.Text, a.Needs)
		}
	}
}

// TestNotedIsNoWorkaround checks that the vendor's "Anotado." and a
// header "Anotação da conta" are no workaround, while a client writing
// things down by hand is.
func TestNotedIsNoWorkaround(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"anotado", "Anotado.", nil},
		{"anotação da conta", "Anotação da conta (Juliana Prado): revisão trimestral com o Rafael.", nil},
		{"a gente anota", "A gente anota tudo num caderno e passa pro sistema no fim do dia.", []string{"workaround"}},
		{"pra anotar", "O berçário usa a folha na porta pra anotar sono e fralda de cada bebê.", []string{"workaround"}},
	})
}

// TestDeclinedOffersAndFutility checks that the vendor's question put to
// the client in Portuguese without a pronoun ("perguntei se querem") and
// a condition whose payoff is futile ("would just keep ringing anyway")
// are no needs.
func TestDeclinedOffersAndFutility(t *testing.T) {
	t.Parallel()
	for _, d := range []ckm.Document{
		{ID: "pt", Lang: "pt", Text: "Perguntei se querem a página de reserva em inglês e espanhol por causa dos turistas: disse que não precisa."},
		{ID: "en", Lang: "en", Text: "If we pushed them onto a self-serve portal half of them would just keep ringing anyway."},
	} {
		a := analyze(t, d)
		for _, n := range a.Needs {
			if n.Kind == KindExplicit && !n.Negated {
				t.Errorf("%q: %s need %q, want none", d.Text, n.Cue, n.Theme)
			}
		}
	}
}

package nlp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQueryThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, phrase string
		want         []string // labels
	}{
		{"english word names a topic, a glossary line and a concept", "invoices", []string{"invoices and billing", "invoices", "invoice"}},
		{"portuguese word, same themes", "faturas", []string{"invoices and billing", "invoices", "invoice"}},
		{"two-word topic phrase", "single sign-on", []string{"single sign-on (SSO/SAML)"}},
		{"portuguese phrase with a stop word", "renovação do contrato", []string{"renewal and contract", "contracts and renewals", "contract"}},
		{"glossary phrase across languages", "verificação em duas etapas", []string{"two-factor login (2FA/MFA)", "multi-factor authentication", "security", "verification"}},
		{"glossary phrase of three words", "sistema fora do ar", []string{"errors and outages", "outages and downtime"}},
		{"concept only", "escritório", []string{"office"}},
		{"nothing", "spaceship", nil},
		{"stop words only", "the of", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, th := range QueryThemes(tt.phrase) {
				got = append(got, th.Label)
				if len(th.Phrases) == 0 {
					t.Errorf("theme %q has no phrases", th.Label)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("QueryThemes(%q) labels (-want +got):\n%s", tt.phrase, diff)
			}
		})
	}
}

func TestNearThemeWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, word string
		edits      int
		want       []string
	}{
		{"a letter missing", "permisions", 2, []string{"permissions", "permission", "permissoes"}},
		{"two letters swapped count one", "audti", 1, []string{"audit"}},
		{"accents folded", "notificaçes", 1, []string{"notificacoes"}},
		{"too far", "spaceship", 2, nil},
		{"the first letter must match", "udit", 1, nil},
		{"a word of the vocabulary is not its own typo", "audit", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := NearThemeWords(tt.word, tt.edits)
			if len(got) == 0 {
				got = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("NearThemeWords(%q, %d) (-want +got):\n%s", tt.word, tt.edits, diff)
			}
		})
	}
}

func TestTypoDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"audit", "audit", 0},
		{"audti", "audit", 1},     // swap
		{"invoise", "invoice", 1}, // substitution
		{"permisions", "permissions", 1},
		{"exprot", "export", 1},
		{"ab", "ba", 1},
		{"ação", "acao", 2}, // runes, not bytes
		{"", "abc", 3},
	}
	for _, tt := range tests {
		if got := TypoDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("TypoDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestOptionalQueryWord(t *testing.T) {
	t.Parallel()
	for w, want := range map[string]bool{"problems": true, "Problemas": true, "questões": true, "questoes": true, "invoice": false, "login": false} {
		if got := OptionalQueryWord(w); got != want {
			t.Errorf("OptionalQueryWord(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestSentenceThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []string // "label: phrase"
	}{
		{"an abbreviation in english", "Does Clinora have 2FA, and can I force it for all staff?",
			[]string{"two-factor login (2FA/MFA): 2fa", "multi-factor authentication: 2fa", "security: 2fa", "users: staff"}},
		{"the same topic in portuguese", "Queremos verificação em duas etapas para todos os usuários.",
			[]string{"two-factor login (2FA/MFA): verificação em duas etapas", "multi-factor authentication: duas etapas", "security: duas etapas", "users: usuário"}},
		{"a phrase of the other language does not count", "We want verificação for everyone.", nil},
		{"nothing", "Thanks for the call yesterday.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, m := range SentenceThemes(tt.text) {
				got = append(got, m.Theme+": "+m.Phrase.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SentenceThemes(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func TestCognate(t *testing.T) {
	t.Parallel()
	cw := func(lang Language, w string) ContentWord {
		return ContentWord{Word: w, Stem: wordKey(lang, w), Lang: lang}
	}
	same := [][2]string{
		{"emergência", "emergency"}, {"autenticação", "authentication"}, {"comunicador", "communicator"},
		{"privacidade", "privacy"}, {"transparência", "transparency"}, {"substituição", "substitution"},
		{"eletrônico", "electronic"}, {"clientes", "customers"}, {"nutricional", "nutritional"},
		{"nutricional", "nutrition"}, {"operacionais", "operational"},
	}
	for _, p := range same {
		if a, b := Cognate(cw(Portuguese, p[0])), Cognate(cw(English, p[1])); a != b {
			t.Errorf("Cognate(%q) = %q, Cognate(%q) = %q; want them equal", p[0], a, p[1], b)
		}
	}
	apart := [][2]string{{"transparency", "transport"}, {"international", "interface"}, {"notification", "notebook"}}
	for _, p := range apart {
		if a, b := Cognate(cw(English, p[0])), Cognate(cw(English, p[1])); a == b {
			t.Errorf("Cognate(%q) = Cognate(%q) = %q; want them apart", p[0], p[1], a)
		}
	}
	if w := cw(English, "WhatsApp"); Cognate(w) != w.Stem {
		t.Errorf("Cognate(WhatsApp) = %q, want its stem %q", Cognate(w), w.Stem)
	}
}

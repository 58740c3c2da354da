package nlp

import "testing"

func TestDetectLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want Language
	}{
		{"english", "We need the project number on every invoice, please.", English},
		{"portuguese", "Precisamos do número do projeto em todas as notas fiscais.", Portuguese},
		{"portuguese without accents", "Nao conseguimos exportar os relatorios, isso e muito chato.", Portuguese},
		{"english short", "Thanks!", English},
		{"portuguese short", "Obrigado!", Portuguese},
		{"portuguese one word with accent", "Exportação", Portuguese},
		{"english one word", "Exporting", English},
		{"mostly portuguese mixed", "A gente precisa do report, the export is broken mas tudo bem, vamos ver com o time.", Portuguese},
		{"mostly english mixed", "The dashboard is great, obrigado, but the export keeps crashing when we run it.", English},
		{"empty", "", Unknown},
		{"number only", "4521 / 88-1200", Unknown},
		{"name only", "Ana Paula", Unknown},
		{"punctuation", "?!...", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := DetectLanguage(tt.text); got != tt.want {
				t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code string
		want Language
	}{
		{"en", English}, {"pt", Portuguese}, {"pt-BR", Portuguese}, {" PT ", Portuguese},
		{"es", "es"}, {"", Unknown}, {"english", Unknown}, {"e1", Unknown},
	}
	for _, tt := range tests {
		if got := ParseLanguage(tt.code); got != tt.want {
			t.Errorf("ParseLanguage(%q) = %q, want %q", tt.code, got, tt.want)
		}
	}
}

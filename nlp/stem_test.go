package nlp

import "testing"

func TestStemsMeet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lang  Language
		words []string
	}{
		{"portuguese accents and plurals", Portuguese, []string{"exportação", "exportações", "exportacao", "Exportação", "EXPORTACOES"}},
		{"portuguese integration", Portuguese, []string{"integração", "integrações", "integracao"}},
		{"portuguese -ns plural", Portuguese, []string{"mensagem", "mensagens", "Mensagens"}},
		{"portuguese -ns plural viagem", Portuguese, []string{"viagem", "viagens"}},
		{"portuguese -ns plural of -im", Portuguese, []string{"jardim", "jardins"}},
		{"portuguese -ões after a short stem", Portuguese, []string{"opção", "opções", "opcoes", "opcao"}},
		{"portuguese -ões", Portuguese, []string{"ação", "ações", "acoes"}},
		{"portuguese -ões not -ção", Portuguese, []string{"limão", "limões"}},
		{"portuguese -ão typed without its accent", Portuguese, []string{"mão", "mao"}},
		{"portuguese -ão typed without its accent, longer", Portuguese, []string{"plantão", "plantao"}},
		{"portuguese -ões typed without its accent", Portuguese, []string{"botão", "botões", "botoes", "botao"}},
		{"portuguese -ns after an accent", Portuguese, []string{"armazém", "armazéns"}},
		{"portuguese -ns short", Portuguese, []string{"bem", "bens"}},
		{"portuguese -ais", Portuguese, []string{"fiscal", "fiscais"}},
		{"portuguese -ais adicional", Portuguese, []string{"adicional", "adicionais", "Adicionais"}},
		{"portuguese -éis", Portuguese, []string{"papel", "papéis"}},
		{"portuguese -óis", Portuguese, []string{"farol", "faróis"}},
		{"portuguese -uis", Portuguese, []string{"azul", "azuis"}},
		{"portuguese -veis", Portuguese, []string{"disponível", "disponíveis", "disponiveis", "disponivel"}},
		{"portuguese short plural", Portuguese, []string{"alto", "altos"}},
		{"portuguese short plural with accent", Portuguese, []string{"aço", "aços"}},
		{"portuguese short plural -as", Portuguese, []string{"ala", "alas"}},
		{"portuguese stressed singular in -s", Portuguese, []string{"mês", "meses", "mes"}},
		{"portuguese -eis of -il", Portuguese, []string{"fácil", "fáceis"}},
		{"portuguese vós verb forms are not plurals of -il", Portuguese, []string{"falar", "falaríeis", "falásseis"}},
		{"english plural", English, []string{"invoice", "invoices", "Invoices", "invoicing"}},
		{"english verb forms", English, []string{"export", "exports", "exported", "exporting"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := Stem(tt.lang, tt.words[0])
			for _, w := range tt.words[1:] {
				if got := Stem(tt.lang, w); got != want {
					t.Errorf("Stem(%q, %q) = %q, want %q (the stem of %q)", tt.lang, w, got, want, tt.words[0])
				}
			}
		})
	}
}

package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
)

// TestConditionNamesTheWish: a wish or a request whose main clause names
// nothing, or only what would follow ("melhor ainda, eu paro de receber
// mensagens", "than anything else on the list"), is about what the
// leading condition says; a pain of the main clause keeps its own theme.
func TestConditionNamesTheWish(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lang, text, cue string
		stems           []string // stems the one need's key holds
	}{
		{"en", "If we could sell offline, that would be great.", "wish", []string{"offline"}},
		{"en", "If we could see the stock per shop, that would be great.", "wish", []string{"inventori", "store"}},
		{"pt", "Se desse pra vender sem internet, seria ótimo.", "wish", []string{"offline"}},
		{"pt", "Se desse pra vender sem internet e subir tudo depois, era tudo que eu queria.", "request", []string{"offline"}},
		{"pt", "Se vocês calcularem o carbono direto, melhor ainda.", "wish", []string{"carbon"}},
		{"pt", "E se pudesse ele mesmo escolher no portal do assinante, melhor ainda, eu paro de receber 50 mensagens por mês.", "wish", []string{"portal", "assin"}},
		{"en", "If Roteira could flag when a driver's about to go past 12 hours on duty, that's worth more to me than anything else on the list.", "wish", []string{"driver"}},
		{"en", "If Torrefa knew where each bag was, the stocktake would take an hour.", "pain", []string{"stocktak"}},
		{"en", "If Estudiar can't do this, we'll probably use a separate payment plan tool and keep a spreadsheet.", "workaround", []string{"export"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Text: tt.text})
			if len(a.Needs) != 1 || a.Needs[0].Cue != tt.cue {
				t.Fatalf("needs %+v, want one %s", a.Needs, tt.cue)
			}
			key := strings.Fields(a.Needs[0].ThemeKey)
			for _, s := range tt.stems {
				if !slices.Contains(key, s) {
					t.Errorf("key %q, want it to hold %q", a.Needs[0].ThemeKey, s)
				}
			}
		})
	}
}

// TestPurposeOfAWorkaround: a list kept "so" someone can see something is
// about what they see; a purpose that names nothing leaves the list's key.
func TestPurposeOfAWorkaround(t *testing.T) {
	t.Parallel()
	testWorkaroundKeys(t, []workaroundKey{
		{"Then it goes in a spreadsheet so Mitch can see labor per job.", "en", "job labor"},
		{"We keep a spreadsheet so we can see labor per job.", "en", "job labor"},
		{"A gente anota num caderno pra saber quanto cada autor vendeu.", "pt", "autor quant"},
		{"We keep a spreadsheet of labor per job.", "en", "labor"},
	})
}

// TestDenialsThatAreNoNeeds: a sentence opened by an adverb reports no
// one's need ("Also wanted to let you know ..."), a suggestion the client
// "isn't interested" in is turned down, and "not a bug" denies the fault.
func TestDenialsThatAreNoNeeds(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"also wanted to let you know", "Also wanted to let you know the Xero sync has been flawless since we switched it on.", nil},
		{"also asked for", "Also asked for a way to export the roster.", []string{"request"}},
		{"isn't interested", "I suggested switching on Stripe so passengers could pay deposits by card. Trent isn't interested: nearly all their groups pay by EFT.", nil},
		{"not a bug", "Yeah, not a bug exactly.", nil},
		{"pt não é um erro", "Não é um erro do sistema.", nil},
		{"a bug", "There's a bug in the export.", []string{"pain"}},
		{"no concerns raised about", "Renewal date 30 November, no concerns raised about price today.", nil},
		{"pt nenhuma preocupação com", "Nenhuma preocupação com o preço.", nil},
		{"concerns about", "They have concerns about the price.", []string{"budget"}},
		{"the last thing I need", "And theft at those kiosks is the last thing I need.", nil},
		{"nobody complains", "Loyalty is the one thing nobody complains about.", nil},
		{"pt ninguém reclama", "Da fidelidade ninguém reclama.", nil},
		{"pt não vale (is not valid)", "É de cursinho, que não vale.", nil},
		{"pt não vale a pena", "Do jeito que está, não vale a pena pagar por isso.", []string{"churn-risk"}},
	})
}

// A negated question that asks with a conditional modal asks for what it
// names; a statement, or a "why" question, keeps its negator.
func TestRhetoricalQuestionsAsk(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"pt não deveria ?", "O PDV não deveria funcionar em contingência offline e transmitir as notas depois?", []string{"request"}},
		{"pt não seria melhor", "Não seria melhor ter um modo offline no aplicativo?", []string{"wish"}},
		{"pt não dava pra", "Não dava pra o aplicativo funcionar offline?", []string{"question"}},
		{"couldn't", "Couldn't the app just work offline?", []string{"question"}},
		{"wouldn't it be better", "Wouldn't it be better to have an offline mode?", []string{"wish"}},
		{"pt não deveria, a statement", "O sistema não deveria mandar o aviso sozinho.", nil},
		{"pt por que não", "Por que não daria pra mandar o aviso?", nil},
	})
}

// "X is a problem" is about X, read back past the copula and its article,
// in both languages.
func TestProblemNamedBeforeTheCopula(t *testing.T) {
	t.Parallel()
	testPickedKeys(t, []workaroundKey{
		{"The stock count is a real problem.", "en", "count inventori"},
		{"A internet da loja é um problema.", "pt", "internet store"},
		{"O estoque da loja é um problema sério.", "pt", "inventori store"},
	}, "pain", func(n Need) bool { return n.Cue == "pain" })
}

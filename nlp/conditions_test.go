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
		{"pt", "Se vocês calcularem o carbono direto, melhor ainda.", "wish", []string{"sustainability"}},
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

// What a conversation goes over, a file sent along and what the vendor
// asked about are no needs of the client; the same words about a chore
// or a client's question still are.
func TestAgendaFilesAndVendorQuestionsAreNoNeeds(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"wanted to walk through", "So the renewal is November 15th, I wanted to walk through where things stand before I send the quote to the owners.", nil},
		{"want to go over", "I want to go over the numbers with you on Friday.", nil},
		{"attached as a spreadsheet", "Our customer list (64 accounts) is attached as a spreadsheet.", nil},
		{"attached the spreadsheet", "I've attached the spreadsheet with our product list.", nil},
		{"pt segue em anexo a planilha", "Segue em anexo a planilha com os clientes.", nil},
		{"spreadsheet kept", "We keep the routes in a spreadsheet.", []string{"workaround"}},
		{"from the old spreadsheets", "Thanks to you and Tom for getting our data across from the old spreadsheets so quickly.", nil},
		{"still keep the old spreadsheet", "We still keep the old spreadsheet going for payroll.", []string{"workaround"}},
		{"confirm receipt", "Please could you confirm receipt.", nil},
		{"asked for a copy", "Liam asked for a copy of our uptime report for their IT audit; sent.", nil},
		{"pt pediu uma cópia", "O Marcos pediu uma cópia do contrato.", nil},
		{"pt vcs perguntaram sobre", "Na implantação vcs perguntaram sobre configurar rotas de entrega.", nil},
		{"pt o cliente perguntou sobre", "O cliente perguntou sobre rotas de entrega.", []string{"request"}},
		{"pt perguntaram se a gente queria", "Vi que vocês perguntaram se a gente queria mais gráficos, mas pra mim tá perfeito assim.", nil},
		{"asked if we wanted", "You asked if we wanted the kiosk mode, honestly we're fine.", nil},
		{"pt pediu pra eu", "O Rodrigo pediu pra eu abrir esse chamado pra ficar registrado antes da renovação.", nil},
		{"pt a Ana pediu", "A Ana pediu o relatório de comissões por técnico.", []string{"request"}},
		{"we'll send", "Also confirmed we'll send the security pack for their council bid by the 24th.", nil},
		{"an honest view", "Ahead of our renewal in November I wanted to give you an honest view.", nil},
		{"the question I ask is", "The question I ask is whether it works.", nil},
		{"ask is", "Their main ask is a forward planning view of surveyor capacity.", []string{"request"}},
	})
}

// An alert asked with "ping" is keyed by what should set it off, a
// screen by what it shows, and a spreadsheet by the need its own sentence
// names or by nothing ("põe" puts, it is no PO).
func TestAlertsAndScreensKeyedByTheirSubject(t *testing.T) {
	t.Parallel()
	testPickedKeys(t, []workaroundKey{
		{"Is there any way the app can ping me before one of our permits runs out?", "en", "permit"},
		{"We need a view that lists every permit and its expiry date.", "en", "permit"},
		{"Queria uma tela que mostre as comissões de cada técnico.", "pt", "comissa technician"},
		{"We need a page with every permit and its expiry date.", "en", "page permit"},
		{"Eu entro no site do CREA e consulto uma por uma, pelo número que ele põe na planilha.", "pt", "export"},
		{"Fiona's ask is still the forward planning view of surveyor capacity; she's juggling it with the whiteboard and a spreadsheet.", "en", "capac forward plan surveyor view"},
	}, "need", func(n Need) bool { return !n.Negated && n.Confidence >= 0.5 })
}

// A client whose name is a cue word is a name after an article, and a
// need said to be wanted by whoever said it is reported.
func TestNamesAndSayers(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"pt com a Precisa", "Call de produto com a Precisa (Luciano, Bruna, Aline).", nil},
		{"pt A Precisa precisa de", "A Precisa precisa de um relatório por filial.", []string{"request"}},
		{"pt disse que não quer", "O Marcos disse que não quer o módulo de estoque.", nil},
	})
	testPickedKeys(t, []workaroundKey{
		{"Luciano disse que quer numeração por unidade.", "pt", "number unidad"},
	}, "need", func(n Need) bool { return !n.Negated && n.Confidence >= 0.5 })
}

// A wish put as a condition with its payoff is a wish keyed by what the
// condition asks for, whoever its subject; a condition that tells what
// happened, a payoff that is a loss, a proposal put as a question and a
// message to relay are none.
func TestConditionsWithTheirPayoff(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"if the app worked offline he'd", "Craig said if the app worked offline and synced later he'd move all three apprentices onto it.", []string{"wish"}},
		{"if Stockr could, I'd", "If Stockr could spit out what each client owes, I'd drop the separate billing tool we pay for.", []string{"wish"}},
		{"if subscribers could, I'd", "If subscribers could log in and pause for a month on their own, I'd easily get back a few hours a week.", []string{"wish"}},
		{"pt se o sistema lesse", "Fiz a conta aqui: se o sistema lesse o arquivo da NF-e e já montasse o recebimento sozinho, eu liberaria duas pessoas.", []string{"wish"}},
		{"pt se desse pra", "Se desse pra ver todos os serviços pendentes num mapa, a gente conseguiria juntar as viagens.", []string{"wish"}},
		{"a loss", "He trusts his leading hands, and if he turned on live tracking he'd lose a couple of his best guys.", nil},
		{"what happened", "If the council had seen him spraying without the certificate we'd be in real trouble.", nil},
		{"pt what happened", "Ela disse que se tivesse sido avisada teria deixado a chave com a vizinha.", nil},
		{"a proposal", "If the map view grouped unscheduled jobs by area, would that cover most of it?", nil},
		{"as if", "It felt as if they worked the whole weekend, so we'd call that a good week.", nil},
		{"pt ia ajudar", "Se vocês mandassem o boleto junto com a nota ia ajudar muito.", []string{"wish"}},
		{"the answer is no", "Someone on the board asked whether we'd ever pay in euros, so if anyone asks, the answer is no.", nil},
		{"a message to relay", "Also our tanker driver wanted me to pass on that the dipstick readings are coming through fine.", nil},
	})
	testPickedKeys(t, []workaroundKey{
		{"Craig said if the app worked offline and synced later he'd move all three apprentices onto it.", "en", "offline"},
		{"If we could set our own trigger levels per site, we'd turn the feed back on.", "en", "level site trigger"},
		{"Se o Scaffix gerasse o boletim por obra, ela economizaria uma semana por mês.", "pt", "boletim obra"},
		{"Se desse pra mandar um lembrete de vencimento automático, a inadimplência cairia pela metade.", "pt", "automat remind venciment"},
	}, "need", func(n Need) bool { return !n.Negated && n.Confidence >= 0.5 })
}

// "That" before a noun points at it and the theme reads on ("keep that
// list per site"); before a verb, a pronoun or a preposition it opens a
// clause or stands for something said before, and the theme ends.
func TestThatPointsAtTheNoun(t *testing.T) {
	t.Parallel()
	testPickedKeys(t, []workaroundKey{
		{"Is there somewhere in Eletrix to keep that list per site?", "en", "list site"},
		{"I'd love to see that breakdown by technician.", "en", "breakdown technician"},
		{"We need something that works offline.", "en", "offline"},
	}, "need", func(n Need) bool { return !n.Negated && n.Confidence >= 0.5 })
}

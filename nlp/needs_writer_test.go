package nlp

import "testing"

// TestWriterAsked checks that a note's writer asking about something is
// not the client's request, while the client asking still is, and that a
// module named for the budget is no budget talk.
func TestWriterAsked(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"pt perguntei sobre", "Perguntei sobre o controle de estoque, já que eles vendem ração na recepção.", nil},
		{"pt perguntamos se", "Perguntamos se eles usam a internação.", nil},
		{"pt perguntou sobre", "A Renata perguntou sobre a IA que resume contratos.", []string{"request"}},
		{"pt perguntando se", "Todo dia chega cliente perguntando se o carro dele tá na lista.", []string{"request"}},
		{"pt budget module", "O módulo de orçamento tá ótimo.", nil},
		{"budget module", "The budget module works great.", nil},
		{"pt tight budget", "O orçamento desse ano tá apertado.", []string{"budget"}},
	})
}

// TestBudgetOrQuote checks that "orçamento" is budget talk only in the
// budget's own words: a quote sent to a customer is no spend pressure.
func TestBudgetOrQuote(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"pt budget of a year", "Estamos fechando o orçamento de 2027 e preciso justificar o reajuste.", []string{"budget"}},
		{"pt fits the budget", "Vou ver com a diretoria se cabe no orçamento.", []string{"budget"}},
		{"pt quote footer", "Como eu mudo o telefone que sai no rodapé do orçamento?", nil},
		{"pt quotes sent", "A gente manda uns 20 orçamentos por semana pelo WhatsApp.", nil},
		{"pt quote requests", "A maioria dos pedidos de orçamento chega pelo Instagram.", nil},
	})
}

// TestChasedRequests checks that a client chasing what it asked for
// raises it again, and that a ticket, a refund or a bill chased does not.
func TestChasedRequests(t *testing.T) {
	t.Parallel()
	testCues(t, []cueCase{
		{"any news on", "hi Megan, any news on the insurance tracking?", []string{"request"}},
		{"anyone working on", "Second thing, is anyone working on the trolley thing?", []string{"request"}},
		{"pt alguma novidade", "Alguma novidade sobre a integração com a Nuvemshop?", []string{"request"}},
		{"pt voltou a falar", "Dra. Camila voltou a falar dos orçamentos parados.", []string{"request"}},
		{"a ticket chased", "Any update on my ticket?", nil},
		{"pt o chamado", "alguma novidade do chamado?", nil},
		{"pt a call again", "Volto a falar com ela em setembro.", nil},
	})
}

package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

// TestAnswerThemes checks which theme a confirmed agent question gives:
// the question is read past its preamble and vocative and past the verbs
// that frame it, and a short yes keeps no theme of its own filler words.
// The need carries the question as its context, without the label.
func TestAnswerThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, wantKey string
	}{
		{"would it help if", "Agent: Would it help if subcontractors had their own restricted login that only shows their project?\nCustomer: Yes, exactly that.", "subcontractor"},
		{"would it help if, other wording", "Agent: Would it help if your drivers could scan the barcode themselves?\nCustomer: Yes, definitely.", "driver"},
		{"vocative and preamble", "Agent: Hi Kyle, quick question for our product team: are you still exporting the leads from Salesforce by hand?\nCustomer: yep, every single one", "export"},
		{"idea framed, filler answer", "Agent: One idea from the team: would audio notes attached to each checklist item help the crews?\nCustomer: Yeah, that's pretty much what we've been asking for.", "note voic"},
		{"pt ainda, vocative", "Agente: Marcelo, vocês ainda montam o comparativo das unidades na mão?\nCliente: Sim, toda segunda.", "compar unidad"},
		{"pt echo answer", "Agente: Bianca, uma ideia do time: gravar um áudio em cada item do checklist resolveria para os técnicos?\nCliente: Resolveria sim, é exatamente isso.", "voic"},
		{"pt echo answer, other verb", "Agente: Vocês ainda conferem as notas fiscais uma por uma?\nCliente: Conferimos sim, toda semana.", "fiscal-invoice"},
		{"interjection before the yes", "Agent: Would it help if tenants could upload their meter photos themselves?\nCustomer: Oh, definitely.", "tenant"},
		{"pt querer", "Agente: Vocês iam querer um lembrete de vistoria por e-mail?\nCliente: Isso, seria ótimo.", "email inspect remind"},
		{"pt product named", "Agente: Oi Fernanda, vocês ainda usam o Google Earth para localizar os talhões?\nCliente: Sim, continua assim.", "earth googl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: tt.text}))
			var keys []string
			for _, n := range a.Needs {
				if n.Speaker == SpeakerCustomer && !n.Negated {
					keys = append(keys, n.ThemeKey)
					question, _, _ := strings.Cut(strings.SplitN(tt.text, ": ", 2)[1], "\n")
					if n.Context != question {
						t.Errorf("need %q: context %q, want the question %q", n.Text, n.Context, question)
					}
				}
			}
			if len(keys) != 1 || keys[0] != tt.wantKey {
				t.Errorf("customer need theme keys %q, want one, %q", keys, tt.wantKey)
			}
		})
	}
}

// TestPointingQuestionThemes checks that an agent's question that points
// back ("Would something like that help your team?", "Vocês gostariam de
// algo assim na Labora?") gives a yes the theme of what was said before
// it, by either side, past a short acknowledgement; that a yes on a
// condition ("Se fosse possível, sim.", "If we can review the scans
// first, yes.") confirms; and that a pointing question with nothing
// before it keeps the product it names.
func TestPointingQuestionThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, wantKey string
	}{
		{"the agent's own example before", "Agent: Some clinics get a WhatsApp reminder the day before the visit.\nCustomer: Oh, interesting.\nAgent: Would something like that help your team?\nCustomer: Yes, definitely.", "whatsapp"},
		{"pt the customer's story before", "Cliente: Vi que um laboratório grande lançou um resumo do resultado feito com inteligência artificial. Os pacientes adoraram.\nAgente: Entendi. Vocês gostariam de algo assim na Labora?\nCliente: Se fosse possível, sim.", "ai-features"},
		{"pt nothing before, the product named", "Agente: Entendi. Vocês gostariam de algo assim no WhatsApp?\nCliente: Se fosse possível, sim.", "whatsapp"},
		{"a yes on a condition", "Agent: Would it help if drivers could scan the barcode themselves?\nCustomer: If we can review the scans first, yes.", "driver"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			keys := confirmedKeys(t, tt.text)
			if len(keys) != 1 || keys[0] != tt.wantKey {
				t.Errorf("confirmed customer need theme keys %q, want one, %q", keys, tt.wantKey)
			}
		})
	}
}

// TestRestatedWishes: a customer's yes to the agent's own words of what
// would be ideal ("O ideal seria ...", "Isso!") is the customer's need
// with that theme; a yes to what an agent would like the customer to do
// is none.
func TestRestatedWishes(t *testing.T) {
	t.Parallel()
	tests := []confirmedCase{
		{"pt o ideal seria", "Atendente: Entendi. O ideal seria o assinante conseguir mudar a preferência pra um envio específico.\nCliente: Isso!", []string{"assin mud preferent"}},
		{"ideally", "Agent: So ideally the stock would update by itself when a delivery arrives.\nCustomer: Exactly.", []string{"inventori updat"}},
		{"a chore asked of the customer", "Agent: It would be great if you could send us the signed form.\nCustomer: Sure.", nil},
		{"feedback asked of the customer", "Agent: It would be great to have your feedback on the new screen.\nCustomer: Sure.", nil},
	}
	testConfirmedKeys(t, tests)
}

// confirmedCase is a conversation and the theme keys of the customer's
// confirmed needs it should give.
type confirmedCase struct {
	name, text string
	want       []string
}

// testConfirmedKeys checks each case's confirmed theme keys.
func testConfirmedKeys(t *testing.T, tests []confirmedCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if keys := confirmedKeys(t, tt.text); !slices.Equal(keys, tt.want) {
				t.Errorf("confirmed customer need theme keys %q, want %q", keys, tt.want)
			}
		})
	}
}

// TestYesItWorks: a yes that says what was asked about works ("Sim, tá
// funcionando redondo, nenhum problema ali.") confirms no need, while a
// plain yes to a capability still does.
func TestYesItWorks(t *testing.T) {
	t.Parallel()
	tests := []confirmedCase{
		{"pt funcionando, nenhum problema", "Atendente: E o controle de aluguel de equipamento, configuraram?\nCliente: Sim, tá funcionando redondo, nenhum problema ali.", nil},
		{"en working now, no issues", "Agent: Did the team set up the rental tracking?\nCustomer: Yes, it's working now, no issues.", nil},
		{"pt seria ótimo", "Atendente: Vocês precisariam do relatório por filial?\nCliente: Sim, seria ótimo.", []string{"reporting"}},
		{"en working on it", "Agent: Would a weekly summary by branch help you?\nCustomer: Yes, definitely, we are working on it.", []string{"summari"}},
	}
	testConfirmedKeys(t, tests)
}

// confirmedKeys returns the theme keys of the customer's needs that
// confirm what the agent said (those with a context) in a call
// transcript.
func confirmedKeys(t *testing.T, text string) []string {
	t.Helper()
	a := analyze(t, ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: text}))
	var keys []string
	for _, n := range a.Needs {
		if n.Speaker == SpeakerCustomer && !n.Negated && n.Context != "" {
			keys = append(keys, n.ThemeKey)
		}
	}
	return keys
}

// TestAnswersThatAskNothing checks that a yes to what the customer got in
// touch about, to an offer of the agent's own doing or to an open
// question ("anything new?"), is no need.
func TestAnswersThatAskNothing(t *testing.T) {
	t.Parallel()
	asking := analyze(t, ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall,
		Text: "Agent: Do you have a field called 'status' on the job?\nCustomer: Yes, we'd need it."}))
	if !slices.ContainsFunc(asking.Needs, func(n Need) bool { return n.Context != "" }) {
		t.Errorf("a yes to a question about a field called 'status' gave no need: %+v", asking.Needs)
	}
	for _, text := range []string{
		"Agent: Marcus, you said you wanted to talk about candidate communication?\nCustomer: Yeah.",
		"Agent: Hi Keisha, you opened a chat about reopening a job?\nCustomer: Yes!",
		"Agent: Hi Jean-Marc, you left a message about a chargeback?\nCustomer: Yes.",
		"Agent: You wanted to go through moving candidates between stages?\nCustomer: Yes please.",
		"Agent: Want me to log a request?\nCustomer: yes please.",
		"Atendente: Vc abriu um chamado sobre o modelo de e-mail de convite?\nCliente: Isso!",
		"Atendente: Oi Bia, vc ligou sobre uma diferença de valor?\nCliente: Isso.",
		"Agent: Can you send me a redacted copy of what the court accepts?\nCustomer: Sure, I'll black out the names and send it today.",
		"Atendente: Pode me mandar o arquivo que deu erro?\nCliente: Claro, mando já.",
		"Agent: I wanted to go through the renewal and your list, but first, anything new?\nCustomer: Actually yes, and it's kind of funny.",
		"Atendente: Mais alguma coisa sobre o contrato?\nCliente: Sim, uma dúvida rápida.",
		"Atendente: Vocês pediram pra conversar sobre aplicações?\nCliente: Isso.",
		"Atendente: Oi Patrícia, você pediu ajuda com o duplicar orçamento?\nCliente: Isso.",
		"Atendente: Vocês queriam falar sobre pagamento, certo?\nCliente: Isso.",
		"Agent: Hi Sophie, you wanted a quick catch-up?\nCustomer: Yes, two quick things.",
		"Agent: Morning Gemma, can you see my screen?\nCustomer: Yes, all good.",
		"Agent: Have you got ten minutes for the go-live checklist?\nCustomer: Yeah, go on, I've got the kettle on.",
		"Agent: Morning Fiona. This is about training for your two graduates?\nCustomer: Yes.",
		"Agent (Priya): Hi Kenji, so this is the training for your two new counter staff?\nCustomer (Kenji): Yes, Ava and Jordan.",
	} {
		a := analyze(t, ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: text}))
		for _, n := range a.Needs {
			if n.Context != "" {
				t.Errorf("%q: need %q themed %q from the question, want none", text, n.Text, n.Theme)
			}
		}
	}
}

// TestSolicitedAnswers checks that a customer's answer to an agent's open
// question of what would help is the customer's request, themed by the
// answer's own words, and that a denial or a question back is not.
func TestSolicitedAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, wantKey string
	}{
		{"pt list", "Cliente: Dois casamentos estouraram o prazo.\nAtendente: Puxa. E o que ajudaria vocês a não passar disso?\nCliente: Uma lista das galerias em edição com quantos dias faltam pra data prometida.", "chang gal list"},
		{"en dispatch board", "Agent: What would be most useful?\nCustomer: Mostly the dispatch board.", "board dispatch"},
		{"en labor numbers", "Agent: What would make December an easy yes?\nCustomer: The labor numbers by restaurant, Greg still rebuilds them every week.", "labor number restaur"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyze(t, ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: tt.text}))
			var got []string
			for _, n := range a.Needs {
				if n.Speaker == SpeakerCustomer && n.Kind == KindExplicit && !n.Negated && n.Context != "" {
					got = append(got, n.ThemeKey)
				}
			}
			if !slices.Contains(got, tt.wantKey) {
				t.Errorf("solicited request keys %q, want %q (needs %+v)", got, tt.wantKey, a.Needs)
			}
		})
	}
	for _, text := range []string{
		"Agent: What would help?\nCustomer: Nothing really, the schedule works fine.",
		"Agent: O que ajudaria vocês?\nCliente: Vocês já têm relatório por turma?",
	} {
		a := analyze(t, ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: text}))
		for _, n := range a.Needs {
			if n.Context != "" && n.Kind == KindExplicit && !n.Negated {
				t.Errorf("%q: need %q themed %q from the question, want none", text, n.Text, n.Theme)
			}
		}
	}
}

package nlp

import (
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
	"github.com/google/go-cmp/cmp"
)

// issueNeed is what TestIssueSentences checks of a need: what need
// detection decides. Theme keys are left to the theme tests, except where
// the theme is need detection's own choice (a switch threat's churn risk,
// an answer's theme taken from the agent's question).
type issueNeed struct {
	Cue, Kind, Speaker string
	Negated, Hedged    bool
}

// TestIssueSentences runs every sentence quoted in issue #13 (indirect
// needs, negation scope, cue errors, agent question and customer answer)
// and checks the needs a reader would expect.
func TestIssueSentences(t *testing.T) {
	t.Parallel()
	req := func(cue, kind string) issueNeed { return issueNeed{cue, kind, SpeakerUnknown, false, false} }
	tests := []struct {
		name string
		text string
		want []issueNeed
	}{
		{"capability question en", "Can we pull an access log per user?", []issueNeed{req("question", KindExplicit)}},
		{"hosting question en", "Do you offer hosting in Canada?", []issueNeed{req("question", KindExplicit)}},
		{"capability question pt ja", "Vocês já têm algo com WhatsApp Business?", []issueNeed{req("question", KindExplicit)}},
		{"future capability question en", "Will you have SSO next year?", []issueNeed{req("question", KindExplicit)}},
		{"going to support en", "Are you going to support SAML?", []issueNeed{req("question", KindExplicit)}},
		{"future capability question pt", "vocês vão ter IA dentro do sistema?", []issueNeed{req("question", KindExplicit)}},
		{"vai ter is a question with a question mark", "Vai ter modo offline?", []issueNeed{req("question", KindExplicit)}},
		{"vai ter que is an obligation", "O técnico vai ter que voltar amanhã?", nil},
		{"rhetorical negative question pt", "Não existe um jeito de entrarem com a conta Microsoft?", []issueNeed{req("question", KindExplicit)}},
		{"conditional en", "if your platform could talk to NetSuite directly, we'd probably let go of the temp", []issueNeed{req("wish", KindExplicit)}},
		{"third-person note en", "Anne has blocked the rollout until we confirm the data can be stored in Canada", []issueNeed{req("request", KindExplicit)}},
		{"renewal pressure en", "Our contract is up in June and I'll have to justify the spend", []issueNeed{req("churn-risk", KindImplied)}},
		{"paying twice en", "My CFO is asking me why we're paying for Hireloop and still paying an intern to clean out repeated candidate profiles every week.", []issueNeed{req("churn-risk", KindImplied)}},
		{"paying twice pt", "A diretoria pergunta por que estamos pagando o sistema e ainda pagando uma estagiária pra conferir as notas na mão.", []issueNeed{req("churn-risk", KindImplied)}},
		{"parallel tool en", "why we pay for your platform and also for CareDesk", []issueNeed{req("churn-risk", KindImplied)}},
		{"switch threat en", "If we cannot agree by December 5, we will sign with Contoso CRM.", []issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"switch threat switch to", "We will switch to Freshdesk next quarter.", []issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"switch threat trocar por", "Se não resolverem, vamos trocar por outro sistema.", []issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"switch threat migrar para", "Estamos pensando em migrar para o Zendesk em março.", []issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"switch to a mode is no threat, but a request", "Please let me switch to dark mode.", []issueNeed{req("request", KindExplicit)}},
		{"migrar para a nuvem is no threat", "Pretendemos migrar para a nuvem no ano que vem.", []issueNeed{req("plan", KindImplied)}},
		{"a person's offer is no rival's", "Carla ofereceu um café para a equipe.", nil},
		{"a rival quotes even under a first name", "Clio quoted us roughly 30 percent less per seat.", []issueNeed{req("competitor", KindImplied)}},
		{"piloting a rival is a threat", "We've been piloting Fieldwire on two sites, mostly for the drawings.", []issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"piloting a thing is none", "While I have you, we're piloting an SMS reminder add-on so clients get a text before a payment is due.", nil},
		{"look elsewhere is a churn risk", "If pricing goes up again we'll have to look elsewhere.", []issueNeed{req("churn-risk", KindImplied)}},
		{"procurar outro sistema is a churn risk", "Se o preço subir de novo, vamos procurar outro sistema.", []issueNeed{req("churn-risk", KindImplied)}},
		{"line by line is a workaround", "A equipe do financeiro ainda baixa os extratos e confere linha por linha.", []issueNeed{req("workaround", KindImplied)}},
		{"instead of one by one is no workaround", "Is there a way to export tomorrow's arrivals so I can bulk send from our SMS app instead of one by one?", []issueNeed{req("question", KindExplicit)}},
		{"rebuilt in Excel is a workaround", "Every month-end, Karen exports the timesheets and rebuilds the payroll file in Excel.", []issueNeed{req("workaround", KindImplied)}},
		{"paying more for it is a wish", "We'd happily pay more for a proper API.", []issueNeed{req("wish", KindExplicit)}},
		{"pagaria mais is a wish", "A gente pagaria mais por um módulo de estoque decente.", []issueNeed{req("wish", KindExplicit)}},
		{"pagou a mais is no wish", "E quando o cliente pergunta quanto pagou a mais pela mudança, ninguém acha.", []issueNeed{req("question", KindExplicit)}},
		{"moving to a city is no threat", "We are moving to Austin next month.", nil},
		{"moving a meeting to a day is no threat", "Of course, moved to Wednesday the 16th at 1 pm.", nil},
		{"moving to a rival is a threat", "We are moving to Salesforce next quarter.", []issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"looking at a rival the tagger calls a place is a threat", "Ela disse que o Marcelo está olhando a Shotgun porque lá o cliente paga no Pix.",
			[]issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"negation per clause pt", "Não precisamos de SSO agora, mas seria ótimo ter um relatório por projeto.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, req("wish", KindExplicit)}},
		{"pt no is not a negator", "No fim deu erro e não baixou nada.", []issueNeed{req("pain", KindImplied)}},
		{"a negated noun phrase leaves the cue", "good but not the best should add more features like dark mode", []issueNeed{req("request", KindExplicit)}},
		{"a negated cue stays negated", "We don't need the export.", []issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"hope they add is a request", "i hope they add dark mode", []issueNeed{req("request", KindExplicit)}},
		{"hope this makes sense is none", "I hope this makes sense.", nil},
		{"it'd be useful is a wish", "It'd be useful if the emulator supported GPS simulation.", []issueNeed{req("wish", KindExplicit)}},
		{"sinto falta de is a wish", "Sinto falta de um filtro por data.", []issueNeed{req("wish", KindExplicit)}},
		{"faz falta is a wish", "Faz falta um relatório por professor.", []issueNeed{req("wish", KindExplicit)}},
		{"tomara que is a wish", "Tomara que coloquem o modo escuro.", []issueNeed{req("wish", KindExplicit)}},
		{"podia ter is a request", "O app podia ter um modo offline.", []issueNeed{req("request", KindExplicit)}},
		{"podia ter sido is none", "Mas podia ter sido grave.", nil},
		{"poderia ter ligado is none", "Eu poderia ter ligado antes.", nil},
		{"does the product have any way is a question", "Does Hireloop have any way to verify a candidate's identity?", []issueNeed{req("question", KindExplicit)}},
		{"no way to is pain", "There's no way to tell who changed the rate.", []issueNeed{req("pain", KindImplied)}},
		{"don't have a way to is pain", "We don't have a way to see who changed the rate.", []issueNeed{req("pain", KindImplied)}},
		{"no way we'd move is a denied threat", "There's no way we'd move to another vendor.",
			[]issueNeed{{"competitor", KindImplied, SpeakerUnknown, true, false}, {"churn-risk", KindImplied, SpeakerUnknown, true, false}}},
		{"the reason for a refusal is no need", "Bronwyn was clear she doesn't want it: Tallwood had a bad experience with automated scoring.",
			[]issueNeed{{"pain", KindImplied, SpeakerUnknown, true, false}}},
		{"the reason for a refusal is no need pt", "Patrícia disse que não precisam de nenhum dos dois: já tentaram teste de perfil com outro fornecedor.",
			[]issueNeed{{"competitor", KindImplied, SpeakerUnknown, true, false}}},
		{"a reported want among the reasons for a refusal is no need", "She doesn't want it: their union delegates would push back, and they want people making the calls.", nil},
		{"a clause that opens with a refusal turns the offer down", "Sugeri o teste de inglês para vagas administrativas; recusaram, quase todas as vagas são operacionais.", nil},
		{"quando precisa is no request", "O inglês, quando precisa, é avaliado na entrevista.", nil},
		{"a vendor's action item is no need", "Next: roadmap summary to Mick by 7 Nov.", nil},
		{"a vendor's chore is no need", "Next steps: send Dana the pricing sheet by Friday.", nil},
		{"a vendor's chore is no need pt", "Próximos passos: enviar a proposta de renovação até sexta.", nil},
		{"a vendor's removal is no need", "Action: remove 3D from their setup.", nil},
		{"a vendor's disabling is no need", "Action: disable the SMS reminders on their account.", nil},
		{"the vendor's plan for a call is no need", "Plan: lead with the CSV, ask for a 60-day extension on the renewal decision, offer 10% off annual if they commit.", nil},
		{"a client's need after Next stands", "Next: they need SSO before the rollout.", []issueNeed{req("request", KindExplicit)}},
		{"adoraram is praise, not a wish", "Os clientes adoraram ver os documentos por lá, nenhuma reclamação.", nil},
		{"adoraria is a wish", "A gente adoraria ver os documentos no portal.", []issueNeed{req("wish", KindExplicit)}},
		{"a colon after a need is no refusal", "One thing is clear: the export fails every Monday.", []issueNeed{req("pain", KindImplied)}},
		{"does the product have anything is a question", "Does Sunpath have anything that could pull the documents into one pack?", []issueNeed{req("question", KindExplicit)}},
		{"would be a massive help is a wish", "Even just a one-click merge would be a massive help.", []issueNeed{req("wish", KindExplicit)}},
		{"a signature's name is no need", "Thanks,\nOwen Price\nDesign Engineer", nil},
		{"never shopping here again is churn", "@Target never shopping here again", []issueNeed{req("churn-risk", KindImplied)}},
		{"won't be back is churn", "We won't be back.", []issueNeed{req("churn-risk", KindImplied)}},
		{"never happened again is none", "It never happened again.", nil},
		{"cancelled on me is pain", "@Lyft your driver just cancelled on me for the 3rd time", []issueNeed{req("pain", KindImplied)}},
		{"marked delivered is pain", "@FedEx package marked delivered but it's not here", []issueNeed{req("pain", KindImplied)}},
		{"a bill that went up is pain", "Is there a reason my bill went up this month?", []issueNeed{req("pain", KindImplied)}},
		{"sales that went up are none", "Sales went up 20% this quarter.", nil},
		{"nunca mais compro is churn", "@Magalu nunca mais compro com vocês", []issueNeed{req("churn-risk", KindImplied)}},
		{"parada há is pain", "A encomenda está parada há 15 dias.", []issueNeed{req("pain", KindImplied)}},
		{"na mão is a workaround", "Comissão calculada na mão no domingo, contando nome por nome no caderno.", []issueNeed{req("workaround", KindImplied)}},
		{"no papel is a workaround", "O pessoal está anotando no papel e dando pulseirinha colorida.", []issueNeed{req("workaround", KindImplied)}},
		{"não consegue is pain", "O caixa do bar não consegue ver quem tem crédito.", []issueNeed{req("pain", KindImplied)}},
		{"queríamos is a request", "Queríamos vender ingresso e combo de cerveja num só pagamento.", []issueNeed{req("request", KindExplicit)}},
		{"queríamos entender is no request", "Não vamos cancelar, só queríamos entender a cobrança.",
			[]issueNeed{{"churn-risk", KindImplied, SpeakerUnknown, true, false}}},
		{"se with an imperfect subjunctive is a wish", "Se isso ficasse ligado ao QR do ingresso a gente ganhava uns 20 minutos de fila.", []issueNeed{req("wish", KindExplicit)}},
		{"se eu soubesse is no wish", "Se eu soubesse disso antes, teria avisado.", nil},
		{"está olhando a rival", "Ela disse que o Marcelo está olhando a Shotgun porque lá o cliente paga no Pix.",
			[]issueNeed{req("competitor", KindImplied), req("churn-risk", KindImplied)}},
		{"yes or no is no negation en", "The insurer's form asks \"MFA enforced: yes or no\", and I'd like to tick yes.", []issueNeed{req("request", KindExplicit)}},
		{"sim ou não is no negation pt", "O formulário pergunta \"tem SSO: sim ou não\" e eu quero marcar sim.", []issueNeed{req("request", KindExplicit)}},
		{"yes, no problem still negates what follows", "Yes, no problem, we don't need SSO.", []issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"request id is not a request", "Request ID 3f9a-77c2.", nil},
		{"noted in a notebook is a workaround", "Fica anotado no caderno da recepção.", []issueNeed{req("workaround", KindImplied)}},
		{"leaves the province", "The driver leaves the province next week.", nil},
		{"não pode sair do país", "O dado não pode sair do país.", nil},
		{"transferência internacional", "A transferência internacional dos dados não é permitida pela nossa política.", nil},
		{"revendo contratos is not growth", "Estamos revendo todos os contratos de software.", []issueNeed{req("churn-risk", KindImplied)}},
		{"spreadsheet by hand", "Priya keeps a spreadsheet of changes by hand", []issueNeed{req("workaround", KindImplied)}},
		{"complaint reported en", "Gus complains about the overnight close every week.", []issueNeed{req("pain", KindImplied)}},
		{"slow routine en", "The end-of-day run takes over an hour.", []issueNeed{req("pain", KindImplied)}},
		{"quick is no pain", "It only takes two minutes to set up, great app.", nil},
		{"froze again", "It froze again this morning.", []issueNeed{req("pain", KindImplied)}},
		{"quote taken seriously", "He will take the Cloudbeds quote seriously.", []issueNeed{req("churn-risk", KindImplied)}},
		{"an offer turned down is no plan", "Thanks for the note about the Analytics promotion, but we'll pass.", nil},
		{"a pitch she passed on is a denial", "Suggested the Boost ads add-on for the holidays, but she passed.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"a pitch said no to is a denial", "Jen suggested the Boost ads add-on, Sarah said no thanks.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"a pitch a person said no to after a semicolon", "Owen suggested switching on post-visit satisfaction surveys for building owners; Liam said no thanks, they already run their own.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"the reasons of a refusal are denials too", "I also suggested turning on the SMS 'on my way' texts; Mick said no thanks, they tried it with their old system and customers complained about the extra messages.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, {"pain", KindImplied, SpeakerUnknown, true, false}}},
		{"a workaround after a denied need is its reason pt", "Não precisamos de integração com SAP, nosso ERP é o Omie e a gente lança as notas lá manualmente, é pouco volume.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, {"workaround", KindImplied, SpeakerUnknown, true, false}}},
		{"a workaround after a denied need is its reason en", "We don't need an API, we export the CSV by hand every Friday and that's fine.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, {"workaround", KindImplied, SpeakerUnknown, true, false}}},
		{"a workaround after a denied need stays beside a contrast", "We don't need a dashboard, but we export everything by hand to Excel every week.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, req("workaround", KindImplied)}},
		{"a workaround after a denied need stays beside a pain", "We don't need SSO right now; what hurts is that we keep a spreadsheet of every permit.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, req("workaround", KindImplied), req("pain", KindImplied)}},
		{"a pain the product is praised for handling pt", "A gente tinha medo da falta de sinal nos subsolos, mas o app offline funcionou bem e sincronizou tudo.",
			[]issueNeed{{"pain", KindImplied, SpeakerUnknown, true, false}}},
		{"a pain the product is praised for handling en", "The app offline thing has been brilliant, he was in a basement with no signal and everything was there.",
			[]issueNeed{{"pain", KindImplied, SpeakerUnknown, true, false}}},
		{"praise of something else keeps the pain", "The import keeps failing and the export works fine.",
			[]issueNeed{req("pain", KindImplied)}},
		{"an ask after a refusal is no reason", "Pitched the route planner; Carla declined, what they really need is a way to export the stops.",
			[]issueNeed{req("request", KindExplicit)}},
		{"what is said to work explains the colon", "Ele disse que o modo offline tá funcionando muito bem: os técnicos fecham OS sem internet dentro das câmaras.",
			[]issueNeed{{"pain", KindImplied, SpeakerUnknown, true, false}}},
		{"a payment declined is no refusal of the ask", "We need the export by Friday; Payment declined twice.",
			[]issueNeed{req("request", KindExplicit)}},
		{"a pitch refused in the next sentence", "Suggested the dashboard add-on. Not interested.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"a pitch declined, the refusal no pain", "Suggested the route planner. Carla declined.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"a short sentence that does not want it refuses", "I asked again about SMS campaigns for the setters. Still a firm no, they don't want it.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"not wanting a longer object says what they need", "We need paper-free forms. They don't want paper forms any more.",
			[]issueNeed{req("request", KindExplicit), {"workaround", KindImplied, SpeakerUnknown, true, false}}}, // paper no longer wanted: a denied workaround
		{"a refusal with its reasons after a colon", "Suggested the IFTA fuel tax reporting add-on. Linda declined: their outside accountant already does the quarterly IFTA filing.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"not a fit is a refusal", "Suggested the Vetra Boarding add-on since a nearby hospital uses it; Anne said they don't do boarding, not a fit.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"happy with it is a refusal", "Also asked about the careers page; she's happy with it.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"no issues there denies", "Customers always ask about shading and it's been spot on, no issues there at all.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"lost work in a dead zone is pain", "This is the third time in two weeks one of the guys has lost work in a dead zone.", []issueNeed{req("pain", KindImplied)}},
		{"zero bars is pain", "he says he has zero bars out there, maybe one bar if he stands by the gate", []issueNeed{req("pain", KindImplied)}},
		{"sinal ruim is pain", "Na roça o sinal ruim derruba o app toda hora.", []issueNeed{req("pain", KindImplied)}},
		{"you asked is the vendor asking", "Also, you asked last time about the Outlook calendar sync.", nil},
		{"no need seen turns the pitch down", "Sugeri ativar a assinatura eletrônica nos orçamentos; Seu Raimundo preferiu não ativar, disse que o cliente gosta de assinar no papel e que não vê necessidade.",
			[]issueNeed{{"workaround", KindImplied, SpeakerUnknown, true, false}}},
		{"a workaround accurate enough is no need", "We count the walk-in every Friday with a clipboard, it takes Marcus twenty minutes and it's accurate enough.",
			[]issueNeed{{"workaround", KindImplied, SpeakerUnknown, true, false}}},
		{"nenhum problema after a workaround's word denies it", "A importação das planilhas funcionou de primeira, nenhum problema.",
			[]issueNeed{{"workaround", KindImplied, SpeakerUnknown, true, false}}},
		{"no issues and its reasons after a colon deny the ask", "Asked about reminders since no-shows were a big complaint in our sales calls. Leah said the SMS reminders are working really well, no issues at all: no-shows went from 8-10 a week to 2-3.",
			[]issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}, {"pain", KindImplied, SpeakerUnknown, true, false}}},
		{"works great after a wish is praise, not a refusal", "please add a widget, otherwise the app works great!",
			[]issueNeed{req("request", KindExplicit)}},
		{"a need with a budget clause stands", "We need the Boost ads add-on, but the budget is tight.",
			[]issueNeed{req("request", KindExplicit), req("budget", KindImplied)}},
		{"keeping a tool is no plan", "Thanks for the offer of your booking engine, but we'll keep using SiteMinder on the website.", nil},
		{"continuar com a tool is no plan", "Agradeço a proposta do motor de reservas de vocês, mas vamos continuar com o Omnibees no site.", nil},
		{"a plan to open stores stands", "Vamos abrir mais duas lojas em março.", []issueNeed{req("plan", KindImplied)}},
		{"ficar com a tool is no plan", "Obrigado, mas vamos ficar com o Omie por enquanto.", nil},
		{"moving a call is no need", "Can we push our monthly call to next Wednesday?", nil},
		{"moving our check-in is no need", "Also, any chance of moving our monthly check-in from Tuesday mornings to Wednesday afternoons?", nil},
		{"moving our data stands", "Any chance of moving our data to the EU region?", []issueNeed{req("question", KindExplicit)}},
		{"booking a training is no need", "Can we book the Glasgow staff training for the 15th, afternoon?", nil},
		{"remarcar a reunião is no need", "Podemos mudar nossa reunião mensal pra quinta?", nil},
		{"a meeting with its date is no need", "Hi Sarah, can we do the quarterly review on October 6th at 9am?", nil},
		{"a manager on a call is no need", "Asked whether I could get a product manager on a call before the end of September.", nil},
		{"doing a date is no need", "Could we do the 10th, after lunch?", nil},
		{"a session and its day is no need", "Could we do the onboarding session on Thursday instead?", nil},
		{"the vendor asked to book is no need", "Vocês conseguem marcar uma reunião na quinta?", nil},
		{"gostaríamos de agendar is no need", "Também gostaríamos de agendar um treinamento de 1 hora com eles, de preferência numa quinta à tarde.", nil},
		{"getting on a call is no need", "Can we get on a call with someone from your product team?", nil},
		{"getting a call is no need", "Can we get a call in the next two weeks?", nil},
		{"a call log is one", "Can we get a call log per user?", []issueNeed{req("question", KindExplicit)}},
		{"a meeting the client asked to book is no need", "O seu Raimundo pediu pra marcar a conversa da renovação.", nil},
		{"on a call in the product stands", "Is there any way for the clock to keep running while I'm on a call with a client?", []issueNeed{req("question", KindExplicit)}},
		{"asking to talk is no need", "Podemos conversar sobre o roadmap?", nil},
		{"a talk with the vendor is no need", "Ainda sem data, mas eles querem conversar com você pra entender o fluxo.", nil},
		{"a talk reported is no need", "A Márcia pediu pra eu falar com vc sobre uma coisa que me dá muito trabalho.", nil},
		{"talking with customers in the app is a need", "We'd like to be able to talk to customers in the app.", []issueNeed{req("request", KindExplicit)}},
		{"a need after a talk clause stands", "Before we talk about extending for another three years, I need to see movement on the carrier payout side.", []issueNeed{req("request", KindExplicit)}},
		{"a product question about a booking stands", "Vocês têm algum jeito de agendar a visita de limpeza automática a cada seis meses?", []issueNeed{req("question", KindExplicit)}},
		{"the calls a product records are a need", "We need a report of every call on Monday.", []issueNeed{req("request", KindExplicit)}},
		{"asking for a demo stands", "Could you schedule a demo of the new reports for our team?", []issueNeed{req("request", KindExplicit)}},
		{"scheduling reports stands", "Can we schedule reports to go out every Monday?", []issueNeed{req("question", KindExplicit)}},
		{"the July invoice is the account's", "Could you send the July invoice as a PDF?", nil},
		{"the vendor's invoice is the account's", "One small question: can we get your invoice dated the 1st of the month rather than the 27th?", nil},
		{"the vendor's wrong invoice is still a complaint", "Your invoice is wrong again, it shows the wrong tax.", []issueNeed{req("pain", KindImplied)}},
		{"a nota de vocês is the account's", "ah, e a nota de vocês sai automática ou preciso pedir?", nil},
		{"an approved bill is no budget", "Hi, confirming the October invoice was approved and will be paid on net 30.", nil},
		{"o boleto de outubro is the account's", "Vocês podem mandar o boleto de outubro de novo?", nil},
		{"a nota fiscal de setembro is the account's", "Márcio pediu a nota fiscal de setembro do Lodgix.", nil},
		{"a reported bill is the account's", "Márcio pediu o boleto de outubro.", nil},
		{"a bill for our month is the account's", "Hi, could you send a VAT invoice for our July subscription please?", nil},
		{"moving a QBR is no need", "Can we move the QBR from 9/29 to Thursday 10/1 at 10am Central?", nil},
		{"moving a review is no need", "Could we move our quarterly review from Oct 1 to Oct 6?", nil},
		{"booking an induction is no need", "Could we book a one-hour Classly induction for them that week?", nil},
		{"queria marcar o treinamento is no need", "Também queria marcar o treinamento da recepção nova para dia 1º de outubro, às 14h.", nil},
		{"a reported nota fiscal by project stands", "Márcio pediu a nota fiscal por projeto.", []issueNeed{req("request", KindExplicit)}},
		{"an address in a request stands", "I need a copy of my proof of insurance sent to kevin@example.com.", []issueNeed{req("request", KindExplicit)}},
		{"PO numbers on invoices stand", "We need the PO number on every invoice.", []issueNeed{req("request", KindExplicit)}},
		{"a complaint about a bill stands", "My October invoice is wrong again, you charged me twice.", []issueNeed{req("pain", KindImplied)}},
		{"complaint reported pt", "Os recepcionistas reclamam da tela de check-in.", []issueNeed{req("pain", KindImplied)}},
		{"the system as a question's subject", "Can the system warn us if a vehicle has an open recall?", []issueNeed{req("question", KindExplicit)}},
		{"the app as a question's subject", "Does the app support dark mode?", []issueNeed{req("question", KindExplicit)}},
		{"why does the app is a complaint", "Why does the app crash every time I open it?", []issueNeed{req("pain", KindImplied)}},
		{"dá pra asks", "Dá pra exportar a lista de processos?", []issueNeed{req("question", KindExplicit)}},
		{"dá pra told", "Expliquei que dá pra lançar como extra, mas sem controle de vagas.", nil},
		{"a vendor's offer is no request", "Offered the accounting module (GL, bank rec).", nil},
		{"a bill to be paid is no request", "Invoice should be paid by the way, Beth sent it Friday.", nil},
		{"pay a rule is a request", "Overtime should be paid at 1.5x automatically.", []issueNeed{req("request", KindExplicit)}},
		{"a budget meeting is no budget", "I'll be blunt, Owen, because the budget meeting is next week.", nil},
		{"a switch to a plan is no rival", "We will switch to the Pro plan next month.", []issueNeed{req("plan", KindImplied)}},
		{"a risk of cancelling is churn risk", "Nota do suporte: Padaria Lisboa S.A., risco de cancelamento.", []issueNeed{req("churn-risk", KindImplied)}},
		{"no risk of cancelling", "Sem risco de cancelamento, cliente satisfeito com o diário.", []issueNeed{{"churn-risk", KindImplied, SpeakerUnknown, true, false}}},
		{"a low risk of cancelling is none", "Risco de cancelamento: baixo.", nil},
		{"cancelling a class is no complaint", "Como eu cancelo só essa aula e aviso os alunos?", nil},
		{"asked to leave it out of the proposal", "Pediu para não incluir na proposta de renovação.", []issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
		{"a modal not to show stands", "The command shouldn't show the quick pick when there is one task.", []issueNeed{req("request", KindExplicit)}},
		{"a chore wished away en", "It would be great not to have to re-enter the orders in NetSuite.", []issueNeed{req("wish", KindExplicit)}},
		{"a chore wished away pt", "Queria não precisar lançar as notas fiscais à mão.", []issueNeed{req("request", KindExplicit)}},
		{"no need stays negated", "We don't need to have SSO right now.", []issueNeed{{"request", KindExplicit, SpeakerUnknown, true, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
			var got []issueNeed
			for _, n := range a.Needs {
				got = append(got, issueNeed{n.Cue, n.Kind, n.Speaker, n.Negated, n.Hedged})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("needs of %q (-want +got):\n%s", tt.text, diff)
			}
			if !strings.Contains(tt.name, "no threat") {
				return
			}
			for _, n := range a.Needs {
				if n.Cue == "competitor" || n.Cue == "churn-risk" {
					t.Errorf("%q: %s need, want none", tt.text, n.Cue)
				}
			}
		})
	}
}

// TestOneMentionPerTheme checks that no sentence gives two needs of one
// theme key (the issue's request and workaround counted twice).
func TestOneMentionPerTheme(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"Exporting takes forever, so we fix invoice #4521 manually.",
		"We keep the renewals in a spreadsheet by hand and we need a renewal report.",
		"Hoje fazemos a conciliação manualmente numa planilha e precisamos de conciliação automática.",
		"We export to Excel and fix the totals manually because the export is broken.",
	} {
		a := analyze(t, ckm.Document{ID: "t", Text: text})
		if len(a.Needs) == 0 {
			t.Errorf("%q: no need", text)
		}
		seen := map[string]string{}
		for _, n := range a.Needs {
			if n.ThemeKey == "" {
				continue
			}
			if cue, dup := seen[n.ThemeKey]; dup {
				t.Errorf("%q: %s and %s under one theme key %q", text, cue, n.Cue, n.ThemeKey)
			}
			seen[n.ThemeKey] = n.Cue
		}
	}
}

// TestSwitchThreatThemes checks that a switch threat names the rival as
// the competitor's theme and files the churn risk under renewal, so that
// the sentence is one mention of each theme.
func TestSwitchThreatThemes(t *testing.T) {
	t.Parallel()
	a := analyze(t, ckm.Document{ID: "t", Text: "If we cannot agree by December 5, we will sign with Contoso CRM."})
	got := map[string]string{}
	for _, n := range a.Needs {
		got[n.Cue] = strings.ToLower(n.Theme)
	}
	want := map[string]string{"competitor": "contoso crm", "churn-risk": "renewal and contract"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("themes by cue (-want +got):\n%s", diff)
	}
}

// TestAnswerNeeds checks the agent question, customer answer rule: a yes
// makes a customer need with the question's theme and the customer's own
// words as evidence; a no makes none.
func TestAnswerNeeds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, question string
		want                 []issueNeed
		evidence             string
	}{
		{"both ideally", "Agent: Do you need it on the invoice as well?\nCustomer: Both, ideally.", "Do you need it on the invoice as well?",
			[]issueNeed{{"wish", KindExplicit, SpeakerCustomer, false, false}}, "Both, ideally."},
		{"sim seria otimo", "Atendente: Vocês querem receber alertas por WhatsApp?\nCliente: Sim, seria ótimo.", "Vocês querem receber alertas por WhatsApp?",
			[]issueNeed{{"wish", KindExplicit, SpeakerCustomer, false, false}}, "Sim, seria ótimo."},
		{"yes please", "Agent: Would you like a weekly usage report?\nCustomer: Yes, please.", "Would you like a weekly usage report?",
			[]issueNeed{{"request", KindExplicit, SpeakerCustomer, false, false}}, "Yes, please."},
		{"honestly yes", "Agent: Would a weekly digest email help?\nCustomer: Honestly, yes, that would save me a lot of clicking.", "Would a weekly digest email help?",
			[]issueNeed{{"request", KindExplicit, SpeakerCustomer, false, false}}, "Honestly, yes, that would save me a lot of clicking."},
		{"honestly no", "Agent: Would a weekly digest email help?\nCustomer: Honestly, no.", "", nil, ""},
		{"denial", "Agent: Would you want SSO with Okta?\nCustomer: No, not really.", "", nil, ""},
		{"yes but not now", "Agent: Would you use a Slack integration?\nCustomer: Yes, but not now.", "", nil, ""},
		{"denial pt", "Atendente: Vocês precisam de SSO?\nCliente: Não, por enquanto não.", "", nil, ""},
		{"quero sim", "Atendente: Vocês querem um relatório de vendas por loja?\nCliente: Quero sim.", "Vocês querem um relatório de vendas por loja?",
			[]issueNeed{{"request", KindExplicit, SpeakerCustomer, false, false}}, "Quero sim."},
		{"quero sim to an offer", "Atendente: Vocês querem que eu configure o feriado de 12/10 no horário das lojas?\nCliente: quero sim, Boa Viagem abre normal, as outras 7h às 13h", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: tt.text})
			a := analyze(t, doc)
			var got []issueNeed
			for _, n := range a.Needs {
				got = append(got, issueNeed{n.Cue, n.Kind, n.Speaker, n.Negated, n.Hedged})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("needs of %q (-want +got):\n%s", tt.text, diff)
			}
			if len(a.Needs) == 0 {
				return
			}
			n := a.Needs[0]
			if n.Text != tt.evidence {
				t.Errorf("evidence %q, want %q", n.Text, tt.evidence)
			}
			q := analyze(t, ckm.Document{ID: "q", Text: tt.question})
			var qs sentenceNeeds
			qs.sent, qs.toks = q.Sentences[0], q.Tokens
			_, wantKey := askedTheme(qs)
			if n.ThemeKey == "" || n.ThemeKey != wantKey {
				t.Errorf("theme key %q, want the agent question's %q", n.ThemeKey, wantKey)
			}
		})
	}
}

// TestEvidenceWithoutLabel checks that a need's evidence is the speaker's
// words, without the "Customer:" label that opens the turn.
func TestEvidenceWithoutLabel(t *testing.T) {
	t.Parallel()
	doc := ingest.InferTurns(ckm.Document{ID: "t", Source: ckm.SourceCall, Text: "Agent: Hello.\nCustomer: We need SSO for the whole team."})
	a := analyze(t, doc)
	if len(a.Needs) != 1 {
		t.Fatalf("needs: %+v, want one", a.Needs)
	}
	if got, want := a.Needs[0].Text, "We need SSO for the whole team."; got != want {
		t.Errorf("evidence %q, want %q", got, want)
	}
}

// TestPassiveSwitchIsNoThreat checks that a thing switched or moved ("the
// receipt template was switched to A5") is no switch threat, while a
// customer switching, in any tense, still is.
func TestPassiveSwitchIsNoThreat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text   string
		threat bool
	}{
		{"Hi Jess, the receipt template was switched to 'A5' after Monday's update for some printers.", false},
		{"The old reports have been moved to Looker.", false},
		{"We are switching to Freshdesk next month.", true},
		{"Our team has switched to Pipedrive.", true},
		{"If this isn't fixed we will switch to Zendesk.", true},
		{"A impressora foi trocada por uma Epson.", false},
		{"Os relatórios antigos foram migrados para o Looker.", false},
		{"Vamos migrar para o Omie no mês que vem.", true},
		{"A gente já migrou para o Omie.", true},
	}
	for _, tt := range tests {
		a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
		got := slices.ContainsFunc(a.Needs, func(n Need) bool { return n.Cue == "competitor" })
		if got != tt.threat {
			t.Errorf("competitor need in %q = %v, want %v", tt.text, got, tt.threat)
		}
	}
}

// TestRivalOfferIsCompetitor checks that an offer is a competitor need
// about the rival only where a rival makes it (a name in an offer
// context, or a rival word), and that the vendor's own offer is none.
func TestRivalOfferIsCompetitor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text  string
		need  bool
		theme string // when not empty, the need's
	}{
		{"Zendesk offered us 20% off.", true, "Zendesk"},
		{"Last week Zendesk offered us 20% off if we sign before July.", true, "Zendesk"},
		{"A competitor offered us 20% off.", true, ""},
		{"You offered us a discount last year.", false, ""},
		{"You've offered us a discount, but can you add SSO?", false, ""},
		{"Have you offered us SSO before?", false, ""},
		{"Your support team offered us a workaround.", false, ""},
		{"Could you quote us for battery-powered trackers on trailers?", false, ""},
		{"A Conta Azul nos ofereceu um desconto.", true, "Conta Azul"},
		{"O Omie mandou uma proposta mais barata.", true, "Omie"},
		{"Mencionaram que a Autotrac tá oferecendo equipamento com comunicação via satélite.", true, "Autotrac"},
		{"O suporte de vocês ofereceu um treinamento.", false, ""},
		{"Ofereci o módulo de fidelidade e ele recusou.", false, ""},
		{"Não oferecer de novo.", false, ""},
		{"Me manda uma proposta que cubra o 4G.", false, ""},
		{"Ontem ofereceram um desconto pra gente.", false, ""},
		{"Sobre a integração com iFood que o comercial de vcs ofereceu: não precisa.", false, ""},
		{"Aproveitando, a gente tá oferecendo treinamento presencial em Manaus.", false, ""},
		{"Freshworks has offered us a three-year deal at half the price.", true, "Freshworks"},
		{"A Trakly veio aqui ontem e ofereceu rastreamento por quase metade do preço.", true, "Trakly"},
		{"The Totvs rep offered us their PMS already integrated.", true, "Totvs"},
		{"Dentrix quoted us for both offices.", true, "Dentrix"},
		{"O Simples Dental me ofereceu três meses grátis.", true, "Simples Dental"},
		{"Vamos migrar para a Sascar em março.", true, "Sascar"},
		{"We are switching to Clio next year.", true, "Clio"},
	}
	for _, tt := range tests {
		a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
		i := slices.IndexFunc(a.Needs, func(n Need) bool { return n.Cue == "competitor" })
		switch {
		case !tt.need && i >= 0:
			t.Errorf("%q: competitor need %+v, want none", tt.text, a.Needs[i])
		case tt.need && i < 0:
			t.Errorf("%q: no competitor need, want one", tt.text)
		case tt.need && tt.theme != "" && a.Needs[i].Theme != tt.theme:
			t.Errorf("%q: competitor need about %q, want %q", tt.text, a.Needs[i].Theme, tt.theme)
		}
	}
}

// TestVendorOfferHidesNoCue checks that the vendor's own offer in a
// sentence leaves its other cues as they were.
func TestVendorOfferHidesNoCue(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"Vocês já ofereceram alguma integração com o Protheus?",
		"Vocês já oferecem assinatura eletrônica dentro da plataforma?",
	} {
		a := analyze(t, ckm.Document{ID: "t", Text: text})
		if !slices.ContainsFunc(a.Needs, func(n Need) bool { return n.Cue == "question" }) {
			t.Errorf("%q: needs %+v, want a question", text, a.Needs)
		}
	}
}

// TestSwitchThemeIsTheName checks that a switch threat's competitor need
// is themed by the rival's name alone, keyed as a rival's offer is.
// TestWishPastTheProductName: a wish for what a named product did is
// themed by what it did, not by the name ("it'd be great if Oficio
// showed open recalls").
func TestWishPastTheProductName(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"It'd be great if Oficio showed open recalls for a vehicle when we open the work order.",
		"Would be great if Oficio checked for open recalls automatically when we pull up the vehicle.",
	} {
		var keys []string
		for _, n := range analyze(t, ckm.Document{ID: "t", Lang: "en", Text: text}).Needs {
			keys = append(keys, n.ThemeKey)
		}
		if len(keys) != 1 || !strings.HasPrefix(keys[0], "open recal") {
			t.Errorf("%q: theme keys %q, want one of open recalls", text, keys)
		}
	}
}

// TestSwitchToPartOfProduct: a capitalised setting or part of the
// product after a switch phrase is no rival ("the Default profile").
func TestSwitchToPartOfProduct(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"Switching to the Default profile fixes it.", "We moved to the Enterprise tier last week."} {
		for _, n := range analyze(t, ckm.Document{ID: "t", Lang: "en", Text: text}).Needs {
			if n.Cue == "competitor" {
				t.Errorf("%q: competitor %q", text, n.Theme)
			}
		}
	}
}

func TestSwitchThemeIsTheName(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, lang, theme, key string }{
		{"We've been piloting Fieldwire on two sites, mostly for the drawings.", "en", "Fieldwire", "fieldwir"},
		{"We're moving to HubSpot unless this gets fixed.", "en", "HubSpot", "hubspot"},
		{"To be frank, if the price goes up again in January we'll move to Clarity.", "en", "Clarity", NameKey("Clarity")},
		{"Vamos fechar com a Conta Azul se vocês não baixarem o preço.", "pt", "Conta Azul", NameKey("Conta Azul")},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			var got [][2]string
			for _, n := range analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Text: tt.text}).Needs {
				if n.Cue == "competitor" {
					got = append(got, [2]string{n.Theme, n.ThemeKey})
				}
			}
			if want := [][2]string{{tt.theme, tt.key}}; !slices.Equal(got, want) {
				t.Errorf("competitor themes %q, want %q", got, want)
			}
		})
	}
}

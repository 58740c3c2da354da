package nlp

import (
	"strings"
	"testing"
)

func TestTopics(t *testing.T) {
	t.Parallel()
	lines := 0
	for line := range strings.Lines(topicsData) {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") && l != "@generic" {
			lines++
		}
	}
	topics := lists().topics
	if len(topics) != lines {
		t.Fatalf("data/topics.txt has %d topic lines, %d parse", lines, len(topics))
	}
	for _, tp := range topics {
		if tp.key == "" || tp.label == "" || len(tp.phrases) == 0 {
			t.Errorf("topic %+v lacks a key, label or phrases", tp)
		}
	}

	tests := []struct {
		lang Language
		text string
		want string // "" = no topic
	}{
		{English, "We need SAML login for our staff.", "sso"},
		{English, "We keep hitting 429 errors from your API.", "rate-limit"},
		{English, "Please put the project number on every invoice.", "project-number"},
		{English, "Invoices must reference our purchase order.", "po-number"},
		{Portuguese, "Precisamos do número do projeto na fatura.", "project-number"},
		{Portuguese, "A equipe exporta tudo para uma planilha.", "export"},
		{Portuguese, "Estamos contratando dez vendedores.", ""}, // contratar is not contrato
		{Portuguese, "Abri um chamado semana passada e ninguém respondeu.", "support"},
		{English, "Half those places you've got no cell coverage until you're back on the main road.", "offline"},
		{Portuguese, "O chamado que chega no whats tem que virar uma OS.", "whatsapp"}, // the client's own service call is no support of ours; "whats" is WhatsApp
		{English, "Great app, five stars.", ""},                                        // "app" alone is not the mobile topic
		{English, "The pickers can't save anything up there without bars.", "offline"},
		{English, "We log it by hand when there's no connectivity.", "offline"},
		{English, "The phone rang twice and the pay range is wrong.", ""}, // no range, no connection, is signal
		{Portuguese, "Não foi possível conectar no serviço.", ""},         // "no serviço" is "in the service"
		{Portuguese, "Na serra fica sem 4g e o app não salva.", "offline"},
		{English, "She wants a copy of all the personal information we hold about her.", "data-privacy"},
		{English, "Can Ticketa anonymise old buyers automatically?", "data-privacy"},
		{Portuguese, "A cliente pediu a exclusão dos dados pessoais com base na LGPD.", "data-privacy"},
		{English, "Parents cannot tell a real payment request from a scam.", "fraud"},
		{Portuguese, "Três pais já caíram no golpe do Pix.", "fraud"},
		{Portuguese, "Vamos cancelar a assinatura se isso continuar.", "renewal"},
		{English, "We might cancel our subscription next month.", "renewal"},
		{Portuguese, "Como eu cancelo as aulas da tarde?", ""},         // a client's own classes
		{Portuguese, "Tive que cancelar a nota e emitir de novo.", ""}, // and its own invoices
		{English, "The guest cancelled 3 nights out of 5.", ""},
		// a word written "=word" is that word, not the rest of its stem
		{English, "We need the app's localization finished before launch.", "language"},
		{English, "Can we offer local delivery at checkout?", ""},
		{Portuguese, "Tem como oferecer entrega local no checkout?", ""},
		{English, "Residents keep asking for the gate code.", ""},
		{English, "Is data residency in Canada possible?", "data-residency"},
		{Portuguese, "O programa de indicação não paga o bônus.", ""},
		{Portuguese, "Quero os indicadores da unidade num painel.", "reporting"},
		{Portuguese, "Precisamos aplicar o desconto de novo.", "pricing"},
		{Portuguese, "Faltam dados da aplicação do fungicida.", ""},
		{Portuguese, "O aplicativo trava toda hora.", "mobile"},
		{Portuguese, "O relatório mensal sai errado.", "reporting"},
		{Portuguese, "A mensalidade subiu demais.", "pricing"},
		{Portuguese, "Ela se chama Ana e cuida da agenda.", ""},
		{Portuguese, "Abri um chamado ontem e ninguém respondeu.", "support"},
		{Portuguese, "Queria a avaliação do atendimento por WhatsApp.", "survey"},
		{English, "The web app is sluggish in the afternoon.", "performance"},
		{English, "We had 31 no-shows at South Lamar in September.", "no-show"},
		// where the technician is, live, for the end customer
		{English, "Is there any way to send a live map link when the engineer sets off?", "live-tracking"},
		{English, "Is a tracking link for customers on your roadmap?", "live-tracking"},
		{Portuguese, "Ele quer um link pro cliente acompanhar o técnico em tempo real.", "live-tracking"},
		{English, "We track the jobs by hand.", ""},
		{Portuguese, "Quero ver o estoque em tempo real.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			toks := splitWords(tt.text)
			got, ok := topicOf(tt.lang, toks)
			if !ok {
				got.key = ""
			}
			if got.key != tt.want {
				t.Errorf("topic of %q = %q, want %q", tt.text, got.key, tt.want)
			}
		})
	}
}

// splitWords splits text into word tokens for the topic tests.
func splitWords(text string) []Token {
	var toks []Token
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == ',' || r == '.' }) {
		toks = append(toks, Token{Text: w})
	}
	return toks
}

// TestWeakStemsAsKeyed: a weak word is weak in the stemmed form a key
// holds ("dados" is keyed "dad"), so it neither anchors a seed topic
// ("dad" filed every key about data under data residency) nor groups.
// TestSeedPhrases: a specific seed topic's phrases by language, stemmed
// as the index's text fields hold them; none for a generic topic.
func TestSeedPhrases(t *testing.T) {
	t.Parallel()
	ps := SeedPhrases("data-privacy")
	has := func(lang Language, want ...string) bool {
		for _, p := range ps[lang] {
			if strings.Join(p, " ") == strings.Join(want, " ") {
				return true
			}
		}
		return false
	}
	if !has(Portuguese, "lgpd") || !has(Portuguese, Stem(Portuguese, "dados"), Stem(Portuguese, "pessoais")) || !has(English, "gdpr") {
		t.Errorf("data-privacy phrases %q lack lgpd, dados pessoais (pt) or gdpr (en)", ps)
	}
	if has(English, Stem(Portuguese, "dados"), Stem(Portuguese, "pessoais")) {
		t.Errorf("data-privacy phrases %q: a Portuguese phrase is filed as English", ps)
	}
	if ps := SeedPhrases("export"); ps != nil {
		t.Errorf("generic topic export: phrases %q, want none", ps)
	}
	if ps := SeedPhrases("no-such-topic"); ps != nil {
		t.Errorf("unknown key: phrases %q, want none", ps)
	}
}

func TestWeakStemsAsKeyed(t *testing.T) {
	t.Parallel()
	words := map[Language][]string{
		English:    {"data", "user", "record", "system", "time", "field", "set", "change", "changes", "update", "updating"},
		Portuguese: {"dados", "registro", "sistema", "tempo", "usuário", "campo", "número", "mudar", "alterar", "atualizar"},
	}
	for lang, ws := range words {
		for _, w := range ws {
			if k := wordKey(lang, w); !IsWeakStem(k) {
				t.Errorf("%s %q is keyed %q, which is not weak", lang, w, k)
			}
		}
	}
	if topic, ok := SeedAnchor(wordKey(Portuguese, "dados"), nil); ok {
		t.Errorf("\"dados\" anchors seed topic %s", topic)
	}
}

// TestSeedAnchorPartners: a stem that the seed phrases only ever hold
// beside the same other stem anchors a key only when the key holds that
// one too; other anchors need another word of one of their phrases
// beside them, unless they are a phrase by themselves.
func TestSeedAnchorPartners(t *testing.T) {
	t.Parallel()
	tests := []struct {
		stem  string
		key   []string
		topic string // "" when it anchors none
	}{
		{"etap", []string{"etap", "pre-fatur"}, ""},
		{"etap", []string{"dua", "etap"}, "two-factor"},
		{"electron", []string{"electron"}, ""},
		{"electron", []string{"electron", "sign"}, "e-signature"},
		{"account", []string{"account", "bank"}, ""},
		{"audit", []string{"audit"}, "audit-log"},
		{"histori", []string{"histori", "order"}, ""}, // a list of orders, not who changed what
		{"histori", []string{"chang", "histori", "order"}, "audit-log"},
		{"limit", []string{"credit", "limit"}, ""},
		{"request", []string{"record", "request"}, ""},
		{"chang", []string{"chang", "cost"}, ""},
		{"limit", []string{"hour", "limit", "request"}, "rate-limit"},
		{"person", []string{"offer", "person", "shift"}, ""},    // personal data; also "per person"
		{"retent", []string{"custom", "retent"}, ""},            // data retention; also customer retention
		{"po", []string{"invoic", "number", "po"}, "po-number"}, // its phrases write the exact word "=po"
	}
	for _, tt := range tests {
		topic, ok := SeedAnchor(tt.stem, tt.key)
		if ok != (tt.topic != "") || topic != tt.topic {
			t.Errorf("SeedAnchor(%q, %q) = %q, %v; want %q", tt.stem, tt.key, topic, ok, tt.topic)
		}
	}
}

// TestTopicPhrasesKeepTheirWords checks that a topic phrase of several
// words is matched as several: one whose other words are stop words
// collapses into its one content word, and then any mention of it is the
// topic ("us region" keyed every "regional manager" as data residency,
// "sem rede" every "rede de lojas" as offline mode). The exceptions are
// phrases meant to match their one word.
func TestTopicPhrasesKeepTheirWords(t *testing.T) {
	t.Parallel()
	oneWord := map[string]bool{"hosting in": true, "hosted in": true, "is down": true}
	wl := lists().words
	for line := range strings.Lines(topicsData) {
		f := strings.Split(line, "|")
		if len(f) != 3 {
			continue
		}
		for _, p := range strings.Split(f[2], ",") {
			lang, phrase, ok := strings.Cut(strings.TrimSpace(p), ":")
			if !ok || oneWord[phrase] {
				continue
			}
			if ws := strings.Fields(phrase); len(ws) > 1 && len(wl.contentStems(Language(lang), ws)) < 2 {
				t.Errorf("topic %s, phrase %s:%q keeps %q", strings.TrimSpace(f[0]), lang, phrase, wl.contentStems(Language(lang), ws))
			}
		}
	}
}

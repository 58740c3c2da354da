package nlp

import (
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// lkent is an entity's text, label and kind.
type lkent struct{ Text, Label, Kind string }

// TestEntityExamples checks the cases a new user saw (issue 14): products
// are PRODUCT, languages, nationalities, job titles and months are no
// names, speakers are people, and an ORG or PRODUCT in a switch or offer
// context is a competitor. Only the entities named in want are checked;
// those in not must not appear with that label.
func TestEntityExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		lang string
		text string
		want []lkent
		not  []lkent // text and a label it must not have ("" for any)
	}{
		{"a name keeps no full stop", "en", "Hi, I'm Pat Lee. My number is on file.",
			[]lkent{{"Pat Lee", LabelPerson, ""}}, []lkent{{"Pat Lee.", "", ""}}},
		{"ai assistants are products", "pt", "Dois grupos chegaram dizendo que o ChatGPT falou que a gente abre segunda, e um queria pedir pelo Gemini.",
			[]lkent{{"ChatGPT", LabelProduct, ""}, {"Gemini", LabelProduct, ""}}, nil},
		{"a listed acronym only in capitals", "en", "Nobody knows the system better than Ana. The files are in SAP.",
			[]lkent{{"SAP", LabelProduct, ""}}, []lkent{{"Ana", LabelProduct, ""}}},
		{"excel is a product", "en", "We export everything to Excel every Friday.",
			[]lkent{{"Excel", LabelProduct, ""}}, []lkent{{"Excel", LabelLocation, ""}}},
		{"zendesk offer is a competitor", "en", "Last week Zendesk offered us 20% off.",
			[]lkent{{"Zendesk", LabelProduct, KindCompetitor}}, []lkent{{"Zendesk", LabelPerson, ""}}},
		{"languages are no names", "en", "The team writes its notes in English and Portuguese.",
			nil, []lkent{{"English", "", ""}, {"Portuguese", "", ""}}},
		{"job title is no person", "en", "Our Industrial Designer prefers the mobile app.",
			nil, []lkent{{"Industrial Designer", LabelPerson, ""}, {"Industrial Designer", LabelLocation, ""}}},
		{"a competitor named at the sentence's start", "en", "Competitor Brightline offers scheduled exports.",
			[]lkent{{"Brightline", LabelOrg, KindCompetitor}}, []lkent{{"Competitor Brightline", "", ""}, {"Brightline", LabelPerson, ""}}},
		{"a listed name that is only part of a place", "en", "Harbor wants facial recognition at clock-in.",
			[]lkent{{"Harbor", LabelProduct, ""}}, []lkent{{"Harbor", LabelLocation, ""}}},
		{"a place that is also a listed name", "en", "We opened an office in Braintree last spring.",
			[]lkent{{"Braintree", LabelLocation, ""}}, nil},
		{"switch to", "en", "If nothing changes we may switch to Freshdesk next quarter.",
			[]lkent{{"Freshdesk", LabelProduct, KindCompetitor}}, nil},
		{"a company's ending word makes an org", "en", "Tavira Logistics wants a refund.",
			[]lkent{{"Tavira Logistics", LabelOrg, ""}}, nil},
		{"a company's ending word over a place", "en", "We met the team at Tavira Logistics on Tuesday.",
			[]lkent{{"Tavira Logistics", LabelOrg, ""}}, nil},
		{"sign with an org", "en", "They are about to sign with Globex Corporation instead.",
			[]lkent{{"Globex Corporation", LabelOrg, KindCompetitor}}, nil},
		{"a product without context is no competitor", "en", "We keep the numbers in Salesforce and talk on Slack.",
			[]lkent{{"Salesforce", LabelProduct, ""}, {"Slack", LabelProduct, ""}}, nil},
		{"omie migration", "pt", "Se não resolvermos isso, vamos migrar para o Omie.",
			[]lkent{{"Omie", LabelProduct, KindCompetitor}}, nil},
		{"offer in portuguese", "pt", "A Conta Azul nos ofereceu um desconto.",
			[]lkent{{"Conta Azul", LabelProduct, KindCompetitor}}, nil},
		{"marco the month", "pt", "Precisamos disso até Marco, no máximo.",
			nil, []lkent{{"Marco", "", ""}}},
		{"marco the month after a name", "pt", "O diretor, Carlos Menezes, disse que se não resolvermos até Marco vamos migrar.",
			[]lkent{{"Carlos Menezes", LabelPerson, ""}}, []lkent{{"Marco", "", ""}}},
		{"marco the person", "pt", "Bom dia, Marco.",
			[]lkent{{"Marco", LabelPerson, ""}}, nil},
		{"greeted first name", "pt", "Agente: Bom dia, Renata.",
			[]lkent{{"Renata", LabelPerson, ""}}, []lkent{{"Agente", "", ""}}},
		{"title and first name", "pt", "Bom dia, Sr. Paulo!",
			[]lkent{{"Paulo", LabelPerson, ""}}, nil},
		{"seu before a first name", "pt", "Quero ver o que tá com o Seu Valdir hoje.",
			[]lkent{{"Valdir", LabelPerson, ""}}, nil},
		{"dona before a first name", "pt", "Falei com a dona Maria ontem.",
			[]lkent{{"Maria", LabelPerson, ""}}, nil},
		{"dona before no name", "pt", "A dona da loja pediu o relatório.",
			nil, []lkent{{"dona", LabelPerson, ""}, {"loja", LabelPerson, ""}}},
		{"a sender before an address", "pt", "Carla Dias <carla.dias@padaria.com.br>",
			[]lkent{{"Carla Dias", LabelPerson, ""}}, nil},
		{"a team before an address is no person", "en", "Support Team <help@acme.com> wrote:",
			nil, []lkent{{"Support Team", LabelPerson, ""}, {"Support", LabelPerson, ""}}},
		{"greeting in english", "en", "Hi Priya, thanks for the quick reply.",
			[]lkent{{"Priya", LabelPerson, ""}}, nil},
		{"a name opens the sentence", "en", "Kenny, you need to get back to your roots.",
			[]lkent{{"Kenny", LabelPerson, ""}}, nil},
		{"a lowercase word opens a subject taken for portuguese", "", "Billing contact john.miller@globex.com",
			nil, []lkent{{"Billing", "", ""}}},
		{"a business name is an org", "pt", "A equipe da Padaria Lisboa usa o WhatsApp para os pedidos?",
			[]lkent{{"Padaria Lisboa", LabelOrg, ""}}, nil},
		{"a common noun opening a sentence", "pt", "Reunião com a Acme Brasil.",
			nil, []lkent{{"Reunião", "", ""}}},
		{"boa vista is no greeting", "pt", "A filial de Boa Vista abriu ontem.",
			nil, []lkent{{"Vista", LabelPerson, ""}}},
		{"protheus", "pt", "A integração com o Protheus ainda está travada.",
			[]lkent{{"Protheus", LabelProduct, ""}}, nil},
		{"speakers are people", "en", "Laura Mendes: We export to Excel.\nAgent: Thanks, Laura.",
			[]lkent{{"Laura Mendes", LabelPerson, ""}}, []lkent{{"Agent", "", ""}}},
		{"a hashtag in a post", "en", "Praying for everyone in #Ukraine tonight @bbcworld",
			[]lkent{{"#Ukraine", LabelLocation, ""}}, nil},
		{"a name shouted is no acronym", "en", "@onedirection PLEASE FOLLOW ME HARRY I LOVE YOU SO MUCH",
			[]lkent{{"HARRY", LabelPerson, ""}}, nil},
		{"a lowercase name in a post", "en", "Loving the new album by adele @adele #music",
			[]lkent{{"adele", LabelPerson, ""}}, nil},
		{"lowercase names in a sentence written in lowercase", "en", "omg justin bieber is in toronto",
			[]lkent{{"justin bieber", LabelPerson, ""}, {"toronto", LabelLocation, ""}}, nil},
		{"a lowercase word in business text is no name", "en", "Loving the new album by adele, see you at the office.",
			nil, []lkent{{"adele", "", ""}}},
		{"role speakers are not", "en", "Project Manager: Let's start.\nIndustrial Designer: Fine.",
			nil, []lkent{{"Project Manager", "", ""}, {"Industrial Designer", "", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Lang: tt.lang, Text: tt.text})
			got := map[string]lkent{}
			for _, e := range a.Entities {
				got[e.Text] = lkent{e.Text, e.Label, e.Kind}
			}
			for _, w := range tt.want {
				if diff := cmp.Diff(w, got[w.Text]); diff != "" {
					t.Errorf("entity %q in %q (-want +got):\n%s", w.Text, tt.text, diff)
				}
			}
			for _, n := range tt.not {
				if g, ok := got[n.Text]; ok && (n.Label == "" || g.Label == n.Label) {
					t.Errorf("%q is %s in %q; want not %q", n.Text, g.Label, tt.text, n.Label)
				}
			}
		})
	}
}

// TestDocumentNames checks that a name the tagger found once labels its
// other mentions in the document: the second "Orbisense" alone, opening
// its sentence, is not tagged without the first.
func TestDocumentNames(t *testing.T) {
	t.Parallel()
	alone := analyze(t, ckm.Document{ID: "t", Lang: "en", Text: "Orbisense plans to migrate."})
	for _, e := range alone.Entities {
		if e.Text == "Orbisense" {
			t.Fatalf("Orbisense alone is %s; the test needs a mention the tagger misses", e.Label)
		}
	}
	a := analyze(t, ckm.Document{ID: "t", Lang: "en", Text: "I spoke with Tobias Lindqvist from Orbisense. Orbisense plans to migrate."})
	var labels []string
	for _, e := range a.Entities {
		if e.Text == "Orbisense" {
			labels = append(labels, e.Label)
		}
	}
	if len(labels) != 2 || labels[0] != labels[1] {
		t.Errorf("Orbisense's mentions are %v; want two of one label", labels)
	}
}

func TestNotAName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, label string
		want              bool
	}{
		{"language person", "English", LabelPerson, true},
		{"nationality location", "Portuguese", LabelLocation, true},
		{"portuguese language", "Português", LabelPerson, true},
		{"job title", "Industrial Designer", LabelPerson, true},
		{"job title pt", "Diretor Financeiro", LabelPerson, false},
		{"month location", "Marco", LabelLocation, true},
		{"month person kept", "Marco", LabelPerson, false},
		{"a name", "Laura Mendes", LabelPerson, false},
		{"a place", "Portugal", LabelLocation, false},
		{"nationality in an org", "Portuguese Football Federation", LabelOrg, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := notAName(tt.text, tt.label); got != tt.want {
				t.Errorf("notAName(%q, %s) = %v, want %v", tt.text, tt.label, got, tt.want)
			}
		})
	}
}

func TestMarkCompetitors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, mention, label, kind string
		want                             string
	}{
		{"offered", "Zendesk offered us 20% off.", "Zendesk", LabelProduct, "", KindCompetitor},
		{"has offered", "Initech has already offered a discount.", "Initech", LabelOrg, "", KindCompetitor},
		{"switch to", "We may switch to Freshdesk.", "Freshdesk", LabelProduct, "", KindCompetitor},
		{"sign with", "They will sign with the Globex team.", "Globex", LabelOrg, "", KindCompetitor},
		{"quote from", "We got a quote from HubSpot.", "HubSpot", LabelProduct, "", KindCompetitor},
		{"migrar para o", "Vamos migrar para o Omie.", "Omie", LabelProduct, "", KindCompetitor},
		{"nos ofereceu", "A Conta Azul nos ofereceu um desconto.", "Conta Azul", LabelProduct, "", KindCompetitor},
		{"plain use", "We export to Excel every day.", "Excel", LabelProduct, "", ""},
		{"client kept", "Globex offered to pay early.", "Globex", LabelOrg, KindClient, KindClient},
		{"a person is no competitor", "Maya offered us a demo.", "Maya", LabelPerson, "", ""},
		{"other sentence", "We talked about a switch to. Salesforce is fine.", "Salesforce", LabelProduct, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := strings.Index(tt.text, tt.mention)
			es := []Entity{{Text: tt.mention, Label: tt.label, Kind: tt.kind, Start: start, End: start + len(tt.mention)}}
			markCompetitors(tt.text, es)
			if es[0].Kind != tt.want {
				t.Errorf("kind of %q in %q = %q, want %q", tt.mention, tt.text, es[0].Kind, tt.want)
			}
		})
	}
}

// TestRivalNames checks that a person or a place a tagger read where only
// an organisation or a product fits becomes an ORG, and that a first
// name before an offer, a place a customer moves to, and what a list or
// a gazetteer labelled stay as they are.
func TestRivalNames(t *testing.T) {
	t.Parallel()
	firstNames := func(w string) bool { return w == "Carla" || w == "Clio" }
	tests := []struct {
		name, text, mention, label, source string
		want                               string
	}{
		{"switching to", "We are switching to Clio next year.", "Clio", LabelPerson, SourceModel, LabelOrg},
		{"migrar para a", "Vamos migrar para a Sascar em março.", "Sascar", LabelLocation, SourceModel, LabelOrg},
		{"fechar com", "Acho que vamos fechar com a Visora.", "Visora", LabelPerson, SourceModel, LabelOrg},
		{"mandou uma proposta", "A Linx mandou uma proposta mais barata.", "Linx", LabelLocation, SourceModel, LabelOrg},
		{"quoted us", "RoomPriceGenie quoted us half the price.", "RoomPriceGenie", LabelPerson, SourceModel, LabelOrg},
		{"tá oferecendo", "A Sascar tá oferecendo isso já.", "Sascar", LabelLocation, SourceModel, LabelOrg},
		{"a company of a place offers", "Uma empresa de Manaus ofereceu rastreamento.", "Manaus", LabelLocation, SourceModel, LabelLocation},
		{"a company in a place offers", "A company in Leeds offered us a discount.", "Leeds", LabelLocation, SourceModel, LabelLocation},
		{"a first name offers too", "Carla ofereceu um café pra gente.", "Carla", LabelPerson, SourceModel, LabelPerson},
		{"a first name after a switch", "We are switching to Clio.", "Clio", LabelPerson, SourceModel, LabelOrg},
		{"moving to a place", "We are moving to Austin next year.", "Austin", LabelLocation, SourceModel, LabelLocation},
		{"ir para", "Vamos ir para Recife em março.", "Recife", LabelLocation, SourceModel, LabelLocation},
		{"a rule's person stays", "We are switching to Dana.", "Dana", LabelPerson, SourceRule, LabelPerson},
		{"other sentence", "We talked about a switch to. Maria is fine.", "Maria", LabelPerson, SourceModel, LabelPerson},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := strings.Index(tt.text, tt.mention)
			es := []Entity{{Text: tt.mention, Label: tt.label, Source: tt.source, Start: start, End: start + len(tt.mention)}}
			rivalNames(tt.text, es, firstNames)
			if es[0].Label != tt.want {
				t.Errorf("label of %q in %q = %q, want %q", tt.mention, tt.text, es[0].Label, tt.want)
			}
		})
	}
}

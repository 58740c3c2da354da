package ingest

import (
	"maps"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

func TestTurns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		roles map[string]ckm.Role
		want  []ckm.Turn
	}{
		{
			name: "agent and customer",
			text: "Agent: Do you need SSO?\nCustomer: No, we need invoices with PO numbers.\n",
			want: []ckm.Turn{
				{Speaker: "Agent", Role: ckm.RoleAgent, Start: 0, End: 24},
				{Speaker: "Customer", Role: ckm.RoleCustomer, Start: 24, End: 72},
			},
		},
		{
			name:  "portuguese with time stamps and a named speaker",
			text:  "[00:01:02] Atendente: Bom dia.\n[00:01:10] Maria Silva: Precisamos da fatura.",
			roles: map[string]ckm.Role{"maria silva": ckm.RoleCustomer},
			want: []ckm.Turn{
				{Speaker: "Atendente", Role: ckm.RoleAgent, Start: 0, End: 31, Offset: 62 * time.Second},
				{Speaker: "Maria Silva", Role: ckm.RoleCustomer, Start: 31, End: 76, Offset: 70 * time.Second},
			},
		},
		{
			name: "a named speaker beside an agent is the customer",
			text: "Agent: Would an export save you time?\nDana: Yes.\n",
			want: []ckm.Turn{
				{Speaker: "Agent", Role: ckm.RoleAgent, Start: 0, End: 38},
				{Speaker: "Dana", Role: ckm.RoleCustomer, Start: 38, End: 49},
			},
		},
		{
			name: "a label holding a role word",
			text: "Customer Success (Priya): Any news?\nTom: We need SSO.\n",
			want: []ckm.Turn{
				{Speaker: "Customer Success (Priya)", Role: ckm.RoleAgent, Start: 0, End: 36},
				{Speaker: "Tom", Role: ckm.RoleCustomer, Start: 36, End: 54},
			},
		},
		{
			name: "the speaker saying what an agent says",
			text: "Lodgix (Marta): I hear you. I've raised it with product.\nTom: Fix the close.\nLodgix (Marta): Understood.\n",
			want: []ckm.Turn{
				{Speaker: "Lodgix (Marta)", Role: ckm.RoleAgent, Start: 0, End: 57},
				{Speaker: "Tom", Role: ckm.RoleCustomer, Start: 57, End: 77},
				{Speaker: "Lodgix (Marta)", Role: ckm.RoleAgent, Start: 77, End: 105},
			},
		},
		{
			name: "portuguese agent phrase",
			text: "Paula: Estou vendo com o time de produto.\nFernanda: Beleza.\n",
			want: []ckm.Turn{
				{Speaker: "Paula", Role: ckm.RoleAgent, Start: 0, End: 42},
				{Speaker: "Fernanda", Role: ckm.RoleCustomer, Start: 42, End: 60},
			},
		},
		{
			name: "an account manager's check-in: thanks for the time, offers to switch things on",
			text: "Priya Nair: Hi Bronwyn, just a quick check-in after your first week live.\nBronwyn Clarke: Going well.\nPriya Nair: We can switch on SMS shift reminders. Do you want that?\nBronwyn Clarke: No, don't bother.\n",
			want: []ckm.Turn{
				{Speaker: "Priya Nair", Role: ckm.RoleAgent, Start: 0, End: 74},
				{Speaker: "Bronwyn Clarke", Role: ckm.RoleCustomer, Start: 74, End: 102},
				{Speaker: "Priya Nair", Role: ckm.RoleAgent, Start: 102, End: 170},
				{Speaker: "Bronwyn Clarke", Role: ckm.RoleCustomer, Start: 170, End: 204},
			},
		},
		{
			name: "the agent's first name alone is the agent",
			text: "Olivia Grant: Tom, thanks for jumping on.\nTom Becker: Car 3 failed six times.\nOlivia: Each call was closed in Liftwise?\n",
			want: []ckm.Turn{
				{Speaker: "Olivia Grant", Role: ckm.RoleAgent, Start: 0, End: 42},
				{Speaker: "Tom Becker", Role: ckm.RoleCustomer, Start: 42, End: 78},
				{Speaker: "Olivia", Role: ckm.RoleAgent, Start: 78, End: 120},
			},
		},
		{
			name: "two speakers saying an agent's phrases stay unknown",
			text: "Ana: How can I help?\nBia: I'll get back to you.\n",
			want: []ckm.Turn{
				{Speaker: "Ana", Role: ckm.RoleUnknown, Start: 0, End: 21},
				{Speaker: "Bia", Role: ckm.RoleUnknown, Start: 21, End: 48},
			},
		},
		{
			name: "one label is not a transcript",
			text: "Subject: invoices\nWe need project numbers.",
		},
		{
			name: "times and urls are not labels",
			text: "Meet at 10:30 today.\nSee https://example.com for details.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Turns(tt.text, tt.roles)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Turns (-want +got):\n%s", diff)
			}
			for _, turn := range got {
				if turn.Start < 0 || turn.End > len(tt.text) || turn.Start > turn.End {
					t.Errorf("turn %+v outside text", turn)
				}
			}
		})
	}
}

func TestInferTurnsKeepsGivenTurns(t *testing.T) {
	t.Parallel()
	given := []ckm.Turn{{Speaker: "x", Start: 0, End: 3}}
	doc := InferTurns(ckm.Document{Text: "Agent: a\nCustomer: b", Turns: given})
	if diff := cmp.Diff(given, doc.Turns); diff != "" {
		t.Errorf("InferTurns changed given turns (-want +got):\n%s", diff)
	}
	thread := ckm.Document{Text: "It fails.\nReply (Tom, Hireloop): Fixed.", Turns: given}
	if diff := cmp.Diff(given, InferTurns(thread).Turns); diff != "" {
		t.Errorf("InferTurns replaced given turns without a role (-want +got):\n%s", diff)
	}
	if got := InferTurns(ckm.Document{Text: "Agent: a\nCustomer: b"}); len(got.Turns) != 2 {
		t.Errorf("InferTurns found %d turns, want 2", len(got.Turns))
	}
}

// TestInferTurnsVendorSide checks the roles told by the client the
// document belongs to, where no label names a role.
func TestInferTurnsVendorSide(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, client, text string
		want               map[string]ckm.Role // by speaker
	}{
		{"person (vendor)", "harlow-haulage",
			"Olivia Bennett (Fretix): Morning Gemma.\nGemma Hollis: Invoices go across on one code.\nOlivia Bennett (Fretix): We do have a customs add-on.",
			map[string]ckm.Role{"Olivia Bennett (Fretix)": ckm.RoleAgent, "Gemma Hollis": ckm.RoleCustomer}},
		{"vendor (person)", "kiwi-trail-outfitters",
			"Shelfy (Lucy): Hi Hemi.\nHemi: The sync failed again.",
			map[string]ckm.Role{"Shelfy (Lucy)": ckm.RoleAgent, "Hemi": ckm.RoleCustomer}},
		{"the client's own company in parentheses", "rapido-sul-entregas",
			"Tiago (Rápido Sul): a rota não atualizou.\nRoutewise: Vou verificar.\nTiago (Rápido Sul): ok",
			map[string]ckm.Role{"Tiago (Rápido Sul)": ckm.RoleCustomer, "Routewise": ckm.RoleAgent}},
		{"participants in a header", "harbour-hill-yoga",
			"Gemma Lowe (Reppa) / Sophie Clarke (Harbour & Hill)\n\nGemma: How's the week been?\nSophie: Chaotic.",
			map[string]ckm.Role{"Gemma": ckm.RoleAgent, "Sophie": ckm.RoleCustomer}},
		{"participants in a header label", "rede-pulso",
			"Reunião: Rafael Torres (Reppa) / Thiago Menezes e Larissa Duarte (Pulso)\n\nRafael: Queria alinhar o orçamento.\nLarissa: Pra mim pesa a cobrança.",
			map[string]ckm.Role{"Reunião": ckm.RoleCustomer, "Rafael": ckm.RoleAgent, "Larissa": ckm.RoleCustomer}},
		{"the same person with and without the company", "riverside-hoa",
			"Sarah (Condomio): Hi Denise.\nDenise: The levy run failed.\nSarah: I'll check.",
			map[string]ckm.Role{"Sarah (Condomio)": ckm.RoleAgent, "Sarah": ckm.RoleAgent, "Denise": ckm.RoleCustomer}},
		{"two people of the vendor, the client's side labelled", "northbridge-staffing",
			"Priya Nair (Hireloop): Dana, Alan is here.\nAlan Cho (Hireloop): Hi Dana.\nDana Whitfield (Northbridge): One more thing.\nPriya: Sure.",
			map[string]ckm.Role{"Priya Nair (Hireloop)": ckm.RoleAgent, "Alan Cho (Hireloop)": ckm.RoleAgent, "Dana Whitfield (Northbridge)": ckm.RoleCustomer, "Priya": ckm.RoleAgent}},
		{"two people of the vendor", "northbridge-staffing",
			"Priya Nair (Hireloop): Dana, Alan is here.\nAlan Cho (Hireloop): Hi Dana.\nDana Whitfield: One more thing.",
			map[string]ckm.Role{"Priya Nair (Hireloop)": ckm.RoleAgent, "Alan Cho (Hireloop)": ckm.RoleAgent, "Dana Whitfield": ckm.RoleCustomer}},
		{"two companies that are not the client's", "rede-pulso",
			"Bruno (Reppa): Oi.\nJéssica (recepção Savassi): A catraca travou.",
			map[string]ckm.Role{"Bruno (Reppa)": ckm.RoleUnknown, "Jéssica (recepção Savassi)": ckm.RoleUnknown}},
		{"no client", "",
			"Olivia Bennett (Fretix): Morning Gemma.\nGemma Hollis: Invoices go across on one code.",
			map[string]ckm.Role{"Olivia Bennett (Fretix)": ckm.RoleUnknown, "Gemma Hollis": ckm.RoleUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]ckm.Role{}
			for _, turn := range InferTurns(ckm.Document{Client: tt.client, Text: tt.text}).Turns {
				got[turn.Speaker] = turn.Role
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("roles (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInferTurnsFlat checks the turns of chats exported onto one line, a
// time stamp or a bar before each label, and of ticket threads whose
// replies open with a header.
func TestInferTurnsFlat(t *testing.T) {
	t.Parallel()
	type turn struct {
		Speaker string
		Role    ckm.Role
		Text    string
	}
	tests := []struct {
		name, client, text string
		want               []turn
	}{
		{"bars", "northbridge-staffing",
			"Marcus Reyes: is there a way to text the shift list? | Tom (Hireloop): Not yet, export the CSV for now | Marcus Reyes: ok",
			[]turn{
				{"Marcus Reyes", ckm.RoleCustomer, "Marcus Reyes: is there a way to text the shift list?"},
				{"Tom (Hireloop)", ckm.RoleAgent, "Tom (Hireloop): Not yet, export the CSV for now"},
				{"Marcus Reyes", ckm.RoleCustomer, "Marcus Reyes: ok"},
			}},
		{"stamps", "brightridge-solar",
			"[14:05] Rachel Kim: how do I export a proposal as PDF? [14:06] Kevin (Sunpath Support): Open the proposal. [14:08] Rachel Kim: found it",
			[]turn{
				{"Rachel Kim", ckm.RoleCustomer, "[14:05] Rachel Kim: how do I export a proposal as PDF? "},
				{"Kevin (Sunpath Support)", ckm.RoleAgent, "[14:06] Kevin (Sunpath Support): Open the proposal. "},
				{"Rachel Kim", ckm.RoleCustomer, "[14:08] Rachel Kim: found it"},
			}},
		{"the client's name tells the sides", "nuvem-azul-software",
			"Aline: mais um caso essa semana | Juliana (Hireloop): Poxa Aline, sinto muito | Aline: por favor",
			[]turn{
				{"Aline", ckm.RoleCustomer, "Aline: mais um caso essa semana"},
				{"Juliana (Hireloop)", ckm.RoleAgent, "Juliana (Hireloop): Poxa Aline, sinto muito"},
				{"Aline", ckm.RoleCustomer, "Aline: por favor"},
			}},
		{"labels after a space: a company in parentheses", "andrade-lemos",
			"Patrícia Gomes: tem jeito de exportar? o banco quer a planilha toda segunda Thiago (Casebridge): Oi Patrícia! Crie um campo",
			[]turn{
				{"Patrícia Gomes", ckm.RoleCustomer, "Patrícia Gomes: tem jeito de exportar? o banco quer a planilha toda segunda "},
				{"Thiago (Casebridge)", ckm.RoleAgent, "Thiago (Casebridge): Oi Patrícia! Crie um campo"},
			}},
		{"labels after a space: a speaker again, after a capitalised word", "sydney-cross-lifts",
			"Bec Taylor: the jobs eat half a day Bec Taylor: i drove to Parramatta Bec Taylor: twice Liftwise (Jordan): noted",
			[]turn{
				{"Bec Taylor", ckm.RoleCustomer, "Bec Taylor: the jobs eat half a day "},
				{"Bec Taylor", ckm.RoleCustomer, "Bec Taylor: i drove to Parramatta "},
				{"Bec Taylor", ckm.RoleCustomer, "Bec Taylor: twice "},
				{"Liftwise (Jordan)", ckm.RoleAgent, "Liftwise (Jordan): noted"},
			}},
		{"labels after a space: the first name of a speaker labelled with a company", "coral-coast-scuba",
			"Liam: is there any way to set up the hostels as their own accounts? Hannah (Mergulhix): Not as separate logins today. Liam: we tried codes. Hannah: Fair. I'll add your vote to the partner portal request. Liam: pls do",
			[]turn{
				{"Liam", ckm.RoleCustomer, "Liam: is there any way to set up the hostels as their own accounts? "},
				{"Hannah (Mergulhix)", ckm.RoleAgent, "Hannah (Mergulhix): Not as separate logins today. "},
				{"Liam", ckm.RoleCustomer, "Liam: we tried codes. "},
				{"Hannah", ckm.RoleAgent, "Hannah: Fair. I'll add your vote to the partner portal request. "},
				{"Liam", ckm.RoleCustomer, "Liam: pls do"},
			}},
		{"a path through the menus tells the agent", "crumb-and-co",
			"Jess (Sellwood): how do I set holiday hours? | Nina (Fermento): Hi Jess! Settings > Locations > Special hours. | Jess (Sellwood): got it",
			[]turn{
				{"Jess (Sellwood)", ckm.RoleCustomer, "Jess (Sellwood): how do I set holiday hours?"},
				{"Nina (Fermento)", ckm.RoleAgent, "Nina (Fermento): Hi Jess! Settings > Locations > Special hours."},
				{"Jess (Sellwood)", ckm.RoleCustomer, "Jess (Sellwood): got it"},
			}},
		{"both sides write a path: no side told", "crumb-and-co",
			"Jess (Sellwood): I went to Settings > Locations, nothing | Nina (Fermento): Try Settings > Hours",
			nil},
		{"no side told", "",
			"Marcus: hi | Tom: hello", nil},
		{"one speaker", "acme",
			"Marcus Reyes: hi | Marcus Reyes: hello", nil},
		{"a ticket's fields, not a chat", "acme",
			"Priority: High | Status: Open", nil},
		{"a bar inside prose", "acme",
			"We compared A | B: the second is faster.", nil},
		{"a vendor's reply", "northbridge-staffing",
			"Is there a button to combine them?\n\nThanks,\nKeisha\n\n---\nReply (Tom Becker, Hireloop Support): At the moment there isn't a way.",
			[]turn{
				{"", ckm.RoleCustomer, "Is there a button to combine them?\n\nThanks,\nKeisha\n\n---\n"},
				{"Reply (Tom Becker, Hireloop Support)", ckm.RoleAgent, "Reply (Tom Becker, Hireloop Support): At the moment there isn't a way."},
			}},
		{"replies both ways", "padaria-lisboa-sa",
			"A nota veio errada.\nResposta do suporte: Vamos corrigir.\nResposta (Carla, Padaria Lisboa): Obrigada!",
			[]turn{
				{"", ckm.RoleCustomer, "A nota veio errada.\n"},
				{"Resposta do suporte", ckm.RoleAgent, "Resposta do suporte: Vamos corrigir.\n"},
				{"Resposta (Carla, Padaria Lisboa)", ckm.RoleCustomer, "Resposta (Carla, Padaria Lisboa): Obrigada!"},
			}},
		{"reply from someone", "harbour-hill-yoga",
			"The invoice is wrong.\nReply from Luis (Reppa Billing), Oct 21: Fixed.",
			[]turn{
				{"", ckm.RoleCustomer, "The invoice is wrong.\n"},
				{"Reply from Luis (Reppa Billing), Oct 21", ckm.RoleAgent, "Reply from Luis (Reppa Billing), Oct 21: Fixed."},
			}},
		{"a reply whose header is a line of its own", "pennine-distribution",
			"Submitted by: Gareth Holt (Pennine Distribution)\n\nThe putaways never posted.\n\n---\nBen (Armazena Support):\nHi Gareth, I've posted them manually.\n\nGareth Holt:\nThanks. Still need the real fix.",
			[]turn{
				{"", ckm.RoleCustomer, "Submitted by: Gareth Holt (Pennine Distribution)\n\nThe putaways never posted.\n\n---\n"},
				{"Ben (Armazena Support)", ckm.RoleAgent, "Ben (Armazena Support):\nHi Gareth, I've posted them manually.\n\n"},
				{"Gareth Holt", ckm.RoleCustomer, "Gareth Holt:\nThanks. Still need the real fix."},
			}},
		{"a name alone on a line is no header", "acme",
			"Two quick things:\nThe export is empty.\nGareth Holt:\nThanks.", nil},
		{"a reply word inside a line is no header", "acme",
			"We got no reply: the export still fails.", nil},
		{"a header first is no thread", "acme",
			"Reply: the export still fails.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []turn
			for _, tr := range InferTurns(ckm.Document{Client: tt.client, Text: tt.text}).Turns {
				got = append(got, turn{tr.Speaker, tr.Role, tt.text[tr.Start:tr.End]})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("turns (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzTurns(f *testing.F) {
	f.Add("Agent: hi\nCustomer: hello")
	f.Add("[00:01] A: x\n[99:99:99] B: y")
	f.Add("[14:05] Rachel Kim: hi [14:06] Kevin (Sunpath): hello")
	f.Add("Marcus: hi | Tom (Hireloop): hello")
	f.Add("Hi.\n---\nReply (Tom, Hireloop): hello")
	f.Add("Submitted by: Dana\n\nQ?\n---\nReply (Josh, X Support): a\n\nDana: ok\n\nReply (Dana): b")
	f.Add("Submitted by: Dana\n\nQ?\n---\nBen (X Support):\na\n\nDana:\nok")
	f.Add("Submitted by: Marcus Lee\n\nQ?\n---\nReply from Priya (X Support):\na\n---\nMarcus: ok\nMarcus Lee: b")
	f.Add("> quoted only\n> more")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		for _, turn := range InferTurns(ckm.Document{Client: "c", Text: text}).Turns {
			if turn.End < turn.Start || turn.Start < 0 || turn.End > len(text) {
				t.Fatalf("bad inferred turn %+v (len %d)", turn, len(text))
			}
		}
		prev := 0
		for _, turn := range chatTurns(ckm.Document{Client: "c", Text: text}) {
			if turn.Start < prev || turn.End < turn.Start || turn.End > len(text) {
				t.Fatalf("bad chat turn %+v (prev end %d, len %d)", turn, prev, len(text))
			}
			prev = turn.End
		}
		prev = 0
		for _, turn := range headedReplies("c", text) {
			if turn.Start < prev || turn.End < turn.Start || turn.End > len(text) {
				t.Fatalf("bad reply turn %+v (prev end %d, len %d)", turn, prev, len(text))
			}
			prev = turn.End
		}
		prev = 0
		for _, turn := range Turns(text, nil) {
			if turn.Start < prev || turn.End < turn.Start || turn.End > len(text) {
				t.Fatalf("bad turn %+v (prev end %d, len %d)", turn, prev, len(text))
			}
			prev = turn.End
		}
	})
}

func TestInlineTurns(t *testing.T) {
	t.Parallel()
	type turn struct {
		Speaker string
		Role    ckm.Role
		Text    string
	}
	tests := []struct {
		name, text string
		want       []turn
	}{
		{"chat flattened onto one line", "Cliente: esqueci minha senha Agente (Carla): Reenviei, confere no spam? Cliente: tava no spam mesmo",
			[]turn{{"Cliente", ckm.RoleCustomer, "Cliente: esqueci minha senha "}, {"Agente (Carla)", ckm.RoleAgent, "Agente (Carla): Reenviei, confere no spam? "},
				{"Cliente", ckm.RoleCustomer, "Cliente: tava no spam mesmo"}}},
		{"english", "Customer: the export is empty again. Agent: I'll log it with the product team.",
			[]turn{{"Customer", ckm.RoleCustomer, "Customer: the export is empty again. "}, {"Agent", ckm.RoleAgent, "Agent: I'll log it with the product team."}}},
		{"the vendor's agent named by the vendor", "Customer: can refunds go out automatically for that day only? Ticketa (Hamish): Today you'd process them per order. Customer: ugh ok",
			[]turn{{"Customer", ckm.RoleCustomer, "Customer: can refunds go out automatically for that day only? "}, {"Ticketa (Hamish)", ckm.RoleAgent, "Ticketa (Hamish): Today you'd process them per order. "},
				{"Customer", ckm.RoleCustomer, "Customer: ugh ok"}}},
		{"two named speakers beside the customer are no agent", "Customer: we need refunds per day. Acme (Dana): and per session. Globex (Owen): yes.", nil},
		{"one side only is no transcript", "Cliente: preciso do relatório. Cliente: e da nota também.", nil},
		{"a label not at the start is prose", "We told the Agent: no more calls. Customer: fine.", nil},
		{"a role word in prose is no label", "Our customer support is slow and the agent never calls back.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []turn
			for _, x := range InferTurns(ckm.Document{Text: tt.text}).Turns {
				got = append(got, turn{x.Speaker, x.Role, tt.text[x.Start:x.End]})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("turns of %q (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func FuzzInlineTurns(f *testing.F) {
	f.Add("Cliente: oi Agente (Carla): oi Cliente: tchau")
	f.Add("Customer: a Agent: b")
	f.Add("Customer: a Ticketa (Hamish): b Customer: c")
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, turn := range inlineTurns(text) {
			if turn.Start < prev || turn.End < turn.Start || turn.End > len(text) {
				t.Fatalf("bad turn %+v (prev end %d, len %d)", turn, prev, len(text))
			}
			prev = turn.End
		}
	})
}

func TestOtherSideIsTheAgent(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text string
		want map[string]ckm.Role
	}{
		{"Customer (Tom Hale): We need group bookings online.\nTicketa (Owen): Noted, that is on our list.\nCustomer (Tom Hale): Good.",
			map[string]ckm.Role{"Customer (Tom Hale)": ckm.RoleCustomer, "Ticketa (Owen)": ckm.RoleAgent}},
		// No role label: the agent is the one who adds the customer's vote.
		{"Marcus Lee: we really need proper charge types for this stuff\nJordan (Fretix): Understood, I'll add your vote to the accessorials request.\nMarcus Lee: thx",
			map[string]ckm.Role{"Marcus Lee": ckm.RoleCustomer, "Jordan (Fretix)": ckm.RoleAgent}},
	} {
		roles := map[string]ckm.Role{}
		for _, x := range Turns(tt.text, nil) {
			roles[x.Speaker] = x.Role
		}
		if !maps.Equal(roles, tt.want) {
			t.Errorf("roles of %q: %v, want %v", tt.text, roles, tt.want)
		}
	}
	// Two unknown speakers beside the customer: neither is taken for the agent.
	text := "Customer: We need group bookings.\nDana: And the school rates.\nOwen: Noted."
	for _, x := range Turns(text, nil) {
		if x.Role == ckm.RoleAgent {
			t.Errorf("%q taken for the agent among two unknown speakers", x.Speaker)
		}
	}
}

// TestChatTurnsSpacedLabelsOnlyWhenSpoken checks that a label after a
// space opens a turn only in a chat, a call or a document of no source.
func TestChatTurnsSpacedLabelsOnlyWhenSpoken(t *testing.T) {
	t.Parallel()
	text := "Dana Hale: the export fails on Mondays. Tom (Hireloop): we will look at it."
	if got := InferTurns(ckm.Document{Client: "acme", Source: ckm.SourceTicket, Text: text}).Turns; got != nil {
		t.Errorf("ticket: turns %+v, want none", got)
	}
	if got := InferTurns(ckm.Document{Client: "acme", Source: ckm.SourceChat, Text: text}).Turns; len(got) != 2 {
		t.Errorf("chat: %d turns, want 2", len(got))
	}
}

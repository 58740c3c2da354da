package ingest

import (
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// TestWordSides checks the roles told by what the speakers of a call
// labelled only with names say about the two sides.
func TestWordSides(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, client string
		source       ckm.Source
		text         string
		want         map[string]ckm.Role // by speaker
	}{
		{"a caller introduces themself with the client's name", "hollow-creek-creamery", ckm.SourceCall,
			"Luis Herrera: Hi Priya, it’s Luis from Hollow Creek, you got a minute?\nPriya Nair: Sure, go ahead.\n" +
				"Luis Herrera: Is there a way for the app to hold onto the readings?\nPriya Nair: Right now it doesn't queue anything.",
			map[string]ckm.Role{"Luis Herrera": ckm.RoleCustomer, "Priya Nair": ckm.RoleAgent}},
		{"the vendor's support answers", "summit-walls", ckm.SourceCall,
			"Sam: Vertix support, this is Sam.\nPriya: Hi Sam, quick one about a punch card.\nSam: Open her profile.",
			map[string]ckm.Role{"Sam": ckm.RoleAgent, "Priya": ckm.RoleCustomer}},
		{"the call the client asked for", "harbour-park-group", ckm.SourceCall,
			"Aiko Tanaka: Hi Sophie, you asked for a call about refunds?\nSophie Nguyen: Yes. Only two of us have Windcave access.",
			map[string]ckm.Role{"Aiko Tanaka": ckm.RoleAgent, "Sophie Nguyen": ckm.RoleCustomer}},
		{"Portuguese: the agent gives news of the client's case", "estaleiro-itajai", ckm.SourceCall,
			"Rafael: Sérgio, tudo bem? Liguei pra atualizar sobre o pedido de estoque.\nSérgio: Fala, Rafael.\n" +
				"Rafael: O time de produto recebeu o caso de vocês.\nSérgio: O estaleiro vizinho usa o Bling.",
			map[string]ckm.Role{"Rafael": ckm.RoleAgent, "Sérgio": ckm.RoleCustomer}},
		{"Portuguese: the client asks about the vendor's system", "marina-porto-bello", ckm.SourceCall,
			"Ricardo: Camila, bom dia. O app de vocês consegue liberar convidado?\nCamila: Quantas saídas foram?",
			map[string]ckm.Role{"Ricardo": ckm.RoleCustomer, "Camila": ckm.RoleAgent}},
		{"Portuguese: the agent saw the client's ticket", "elevasul", ckm.SourceCall,
			"Beatriz: Oi Patrícia, tudo bom? Vi que vc abriu um chamado sobre os contratos.\nPatrícia: Isso. Eu calculo tudo na planilha.",
			map[string]ckm.Role{"Beatriz": ckm.RoleAgent, "Patrícia": ckm.RoleCustomer}},
		{"the client saw the vendor's news", "elevasul", ckm.SourceCall,
			"Beatriz: Oi Patrícia, tudo bom?\nPatrícia: Vi que vcs lançaram o módulo de contratos.",
			map[string]ckm.Role{"Beatriz": ckm.RoleUnknown, "Patrícia": ckm.RoleUnknown}},
		{"nothing tells the sides", "ironbark", ckm.SourceCall,
			"Chloe Martin: Hi Bec, what's on your mind?\nBec Nguyen: I can't tell whether we have the capacity.",
			map[string]ckm.Role{"Chloe Martin": ckm.RoleUnknown, "Bec Nguyen": ckm.RoleUnknown}},
		{"both lean alike", "ironbark", ckm.SourceCall,
			"Chloe Martin: Let me check.\nBec Nguyen: Your app lost it; let me check your ticket.",
			map[string]ckm.Role{"Chloe Martin": ckm.RoleUnknown, "Bec Nguyen": ckm.RoleUnknown}},
		{"a ticket's header is no speaker", "hidrau-plumbing", ckm.SourceTicket,
			"Submitted by: Tasha Greene\nHi, I need a list of members. Your ticket system is slow.\nTasha: ok, that's what I figured.",
			map[string]ckm.Role{"Submitted by": ckm.RoleUnknown, "Tasha": ckm.RoleUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]ckm.Role{}
			for _, turn := range InferTurns(ckm.Document{Client: tt.client, Source: tt.source, Text: tt.text}).Turns {
				got[turn.Speaker] = turn.Role
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("roles (-want +got):\n%s", diff)
			}
		})
	}
}

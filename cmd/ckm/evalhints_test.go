package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// TestEvalHintsScenario scores ckm on the scenario corpora and holds the
// floors EVALUATION.md reports: examples/scenario, and examples/scenario2,
// written before the theme changes it measures, as a held-out check that
// nothing was tuned to the first (one of its two emerging themes is not
// yet flagged). Floors go up as
// the analysis improves, never down silently.
func TestEvalHintsScenario(t *testing.T) {
	type floors struct{ recall5, recall10, precision5, redundancy, emerging float64 }
	for _, tt := range []struct {
		name string
		want floors
	}{
		{"scenario", floors{recall5: 0.90, recall10: 1.0, precision5: 0.92, redundancy: 0.10, emerging: 1.0}},
		// Joining themes by their sentences (index.clusterThemes) puts
		// one more repeat in scenario2's top fives (0.074 -> 0.111), for
		// recall and precision gained on the blind corpora (EVALUATION.md,
		// "Themes joined by their sentences"). Keying no theme by "disso"
		// (nlp 2026.12.01.11) changed the learned theme table, and
		// contato-plus's renewal theme now shows as two hints
		// (0.107 -> 0.138; EVALUATION.md, thirteenth pass). Leaving
		// remarks out of the hints (fifteenth pass) took a noise hint
		// out of a top five, and a second piece of a theme took its
		// place: precision@5 0.966 -> 1.0, redundancy 0.138 -> 0.143.
		// Reading a chase as a request (nlp .146, thirty-seventh pass)
		// makes harbor-hotels' "Any news on an integration?" a hint of
		// its own beside the ADP payroll hint of the same email: 0.143 ->
		// 0.172, for recall gained on the newest corpora.
		{"scenario2", floors{recall5: 0.90, recall10: 0.95, precision5: 0.95, redundancy: 0.18, emerging: 1.0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "examples", tt.name)
			s, err := evalHints(context.Background(), filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "key.json"))
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				name      string
				got, want float64
				atMost    bool
			}{
				{"recall@5", s.RecallAt5, tt.want.recall5, false},
				{"recall@10", s.RecallAt10, tt.want.recall10, false},
				{"precision@5", s.PrecisionAt5, tt.want.precision5, false},
				{"redundancy@5", s.Redundancy, tt.want.redundancy, true},
				{"emerging recall", s.EmergingRecall, tt.want.emerging, false},
				{"forbidden mentions", float64(len(s.Forbidden)), 0, true},
				{"false flags", float64(len(s.FalseFlags)), 0, true},
			}
			for _, f := range checks {
				if (f.atMost && f.got > f.want) || (!f.atMost && f.got < f.want) {
					t.Errorf("%s = %.3f, floor %.3f (at most: %v); forbidden %v, false flags %v", f.name, f.got, f.want, f.atMost, s.Forbidden, s.FalseFlags)
				}
			}
		})
	}
}

// TestEvalHintsBlindScenarios scores ckm on the two hundred and
// forty-five scenario corpora written blind (examples/scenario3 to
// scenario247) and holds floors on their means, so that a change that
// helps one corpus and hurts the others shows. EVALUATION.md has the
// table.
func TestEvalHintsBlindScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("scores two hundred and forty-five corpora")
	}
	const (
		// Means at the end of the seventieth pass over scenario3 to
		// 247: recall@5 0.857, precision@5 0.822 (the blind scenario242
		// to 247 score 0.889, 0.833, 0.833, 0.944, 0.944 and 0.833 at
		// recall@5 and 0.800, 0.767, 0.833, 0.833, 0.800 and 0.767 at
		// precision@5 with the pass's first binary, before they were
		// read; at its end 0.889, 0.833, 0.833, 0.944, 0.944 and 0.833,
		// and 0.800, 0.767, 0.833, 0.800, 0.800 and 0.767); the floors
		// sit under them by about the spread of one corpus. Forbidden
		// mentions: 73 at the end of that pass, 70 of them over
		// scenario3 to 229, three over scenario230 to 235 (a Deputy rota
		// kept elsewhere, a second branch not planned, and irrigation
		// controllers not to be integrated, each shown beside a need the
		// same sentence raises) and none over the six newest corpora.
		minMeanRecall5    = 0.80
		minMeanPrecision5 = 0.78
		maxForbidden      = 73
		minMeanEmerging   = 0.65
		maxFalseFlags     = 36 // scenario13 ("taxa de reserva": "taxa", a fee, written by three clients in October about three different fees), 17 ("mando o documento"), 64 ("Google Earth", a name of the field-boundary theme), 85 ("security attestation": one client's ask for an insurer's security statement, an item of a list of asks, joined by "security" with the MFA theme that three clients raise and that is flagged rightly too), 71 ("links": "link" and "links" written by three clients in October and never before), 73 ("reserva remota com link": the remote-interpreting theme three clients raise, flagged rightly, with a label and evidence the key's patterns miss), 89 ("build the page": the digital wine label theme four clients raise, flagged rightly, with a label and evidence that say "page" where the key's patterns say "QR" and "label"), 114 ("API": the delivery-app catalogue theme four clients raise, flagged rightly a second time under the integrations topic, with a label and evidence the key's patterns miss), 116 ("formulário pro dentista pedir coleta": "form" and "formulário", written by three clients in October about three different forms), 119 ("mark public holidays in the calendar": "public" and "públicos", written by three clients in October about holidays, a product page and public contracts; "bakes land in peak": the energy tariff theme four clients raise, flagged rightly as a surge under "bake", with evidence the key's patterns mostly miss), 121 ("QBR": the quarterly business reviews of October, a word of the calendar; "mensagem": one client's need, the word written by two others in October), 127 ("orçamento": next year's budgets, set in October by three clients, a subject of the calendar), 132 ("Apple": the digital-wallet giving theme three clients raise, flagged rightly, under a label and with evidence, "Put her down.", that the key's patterns miss), 133 ("print to the warehouse label printer": "print" and "imprimir", written by three clients in October about three different printouts), 141 ("modelo de cada máquina cadastrado": "cadastrar" written by three clients in October about three different records), 142 ("site list PDF": "PDF" written by three clients in October about different files), 145 ("attach a lab PDF": the honey lab-test theme four clients raise, flagged rightly, with a label and evidence that say "lab PDF" where the key's patterns say "lab test" and "laudo"), 144 ("Nordmed": the dialyser recall theme four clients raise, flagged rightly under the maker's name, with evidence the key's patterns miss), 149 ("obra de cerca elétrica": "electric" written by three clients in October, about a fence paid in Pix instalments and the servicing of electric gates), 155 ("cadastro": "cadastro" written by three clients in October about a training and two different records), 181 ("pesquisa assim pelo app do trabalhador": the psychosocial survey theme three clients raise, flagged rightly, under a label and with evidence, "uma pesquisa assim", that the key's patterns miss), 183 ("confirmação por código": the two-factor login theme four clients raise, flagged rightly, with a label and evidence, "Please could I have, in writing:", that the key's patterns miss), 149 also ("payment amount": the homeowner-financing theme three clients raise, flagged rightly, under a label and evidence the key's patterns miss now that its instalment words key a seed topic of their own), 206 ("quote": renewal quotes, asked by three clients in October), 176 ("compare stores": "compare" written by three clients in October about three different comparisons), 222 ("contrato assinado o volume": "volume" written by three clients in October about three different volumes), 228 ("blocks saving the note": "block" written by three clients in October about a required field and two studios' days), 230 ("set photos to clear": the privacy theme four clients raise, flagged rightly, under a label and with evidence, "so photos are removed automatically", that the key's patterns miss), 14 ("código por elevador": the QR fault-reporting theme three clients raise, flagged rightly, under a label a subject line gave, "Código por elevador", that the key's patterns miss), 50 ("vendor questionnaire": the sustainability-data theme three clients raise, flagged rightly, under the label of one client's subject line, "Vendor questionnaire"), 89 ("spreadsheet of recipients": the corporate-gift theme, flagged rightly a second time under the spreadsheet one client keeps of its recipients), 104 ("watch": the fitness-app theme four clients raise, flagged rightly, under "watch" where the key's patterns say "apple watch" and "relógio"), 140 ("zerar a taxa": the booking-fee theme three clients raise, flagged rightly, under a label whose "taxa" the key's patterns miss), 187 ("spreadsheet Kylie updates on Fridays": a spreadsheet, written by three clients in October about different lists)
	)
	const first, last = 3, 247 // examples/scenario3 to scenario247
	scores := make([]*hintsScore, last+1)
	t.Run("corpora", func(t *testing.T) {
		for i := first; i <= last; i++ {
			name := fmt.Sprintf("scenario%d", i)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				dir := filepath.Join("..", "..", "examples", name)
				s, err := evalHints(context.Background(), filepath.Join(dir, "corpus.jsonl"), filepath.Join(dir, "key.json"))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("recall@5 %.3f precision@5 %.3f redundancy %.3f", s.RecallAt5, s.PrecisionAt5, s.Redundancy)
				scores[i] = s
			})
		}
	})
	var recall5, precision5, emerging float64
	var forbidden, falseFlags []string
	n := 0
	for _, s := range scores {
		if s == nil {
			continue
		}
		recall5 += s.RecallAt5
		precision5 += s.PrecisionAt5
		forbidden = append(forbidden, s.Forbidden...)
		emerging += s.EmergingRecall
		falseFlags = append(falseFlags, s.FalseFlags...)
		n++
	}
	if want := last - first + 1; n != want {
		t.Fatalf("%d of %d corpora scored", n, want)
	}
	if m := recall5 / float64(n); m < minMeanRecall5 {
		t.Errorf("mean recall@5 %.3f, floor %.2f", m, minMeanRecall5)
	}
	if m := precision5 / float64(n); m < minMeanPrecision5 {
		t.Errorf("mean precision@5 %.3f, floor %.2f", m, minMeanPrecision5)
	}
	if len(forbidden) > maxForbidden {
		t.Errorf("%d forbidden mentions, at most %d: %q", len(forbidden), maxForbidden, forbidden)
	}
	if m := emerging / float64(n); m < minMeanEmerging {
		t.Errorf("mean emerging recall %.3f, floor %.2f", m, minMeanEmerging)
	}
	if len(falseFlags) > maxFalseFlags {
		t.Errorf("%d false flags, at most %d: %q", len(falseFlags), maxFalseFlags, falseFlags)
	}
}

func TestScoreClient(t *testing.T) {
	t.Parallel()
	ck := clientKey{
		Themes:    []keyTheme{{ID: "audit", Match: []string{"audit", "trilha de auditoria"}}, {ID: "sso", Match: []string{"sso"}}},
		Minor:     []keyTheme{{ID: "export", Match: []string{"export"}}},
		Forbidden: []string{"slack"},
	}
	ev := func(texts ...string) []index.Evidence {
		var out []index.Evidence
		for _, x := range texts {
			out = append(out, index.Evidence{Text: x})
		}
		return out
	}
	hints := []index.Hint{
		{Label: "audit trail", Evidence: ev("We need an audit trail.")},
		{Label: "trilha de auditoria", Evidence: ev("Precisamos de uma trilha de auditoria.")}, // repeats audit
		{Label: "CSV export", Evidence: ev("Export to CSV please.")},                           // minor: not false
		{Label: "q1", Evidence: ev("We need it in Q1.")},                                       // matches nothing
		{Label: "dashboards", Evidence: ev("Dashboards, not Slack.")},                          // forbidden in evidence
		{Label: "SSO", Evidence: ev("We need SSO.")},                                           // found at 6
	}
	got := scoreClient("acme", ck, nil, hints)
	want := clientScore{Client: "acme", Found5: 1, Found10: 2, Planted: 2, Good5: 3, Shown5: 5, Repeats5: 1}
	got.Top = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("score (-want +got):\n%s", diff)
	}
	// An emerging theme of the corpus that the client raises is a real need:
	// good for precision ("q1" stays false), not found for recall.
	got = scoreClient("acme", ck, []keyTheme{{ID: "whatsapp", Match: []string{"whatsapp"}}},
		append([]index.Hint{{Label: "WhatsApp", Evidence: ev("We want WhatsApp.")}}, hints...))
	want = clientScore{Client: "acme", Found5: 1, Found10: 2, Planted: 2, Good5: 4, Shown5: 5, Repeats5: 1}
	got.Top = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("score with an emerging theme (-want +got):\n%s", diff)
	}
	if f := forbiddenIn(hints[4], ck); f != "slack" {
		t.Errorf("forbidden in %q = %q, want slack", hints[4].Label, f)
	}
	if f := forbiddenIn(hints[0], ck); f != "" {
		t.Errorf("forbidden in %q = %q, want none", hints[0].Label, f)
	}
	// Hyphens read as spaces, in patterns and texts alike.
	for _, tt := range []struct{ text, pattern string }{{"multi-site view", "multi site"}, {"e signature", "e-signature"}, {"two-factor login", "two-factor"}} {
		if hintMatches(index.Hint{Label: tt.text}, []string{tt.pattern}) != 1 {
			t.Errorf("pattern %q does not match %q", tt.pattern, tt.text)
		}
	}
}

func TestReadHintsKeyErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct{ name, body, want string }{
		{"no now", `{"clients": {"a": {}}}`, `no "now"`},
		{"no clients", `{"now": "2026-11-01T00:00:00Z"}`, "no clients"},
		{"unknown field", `{"now": "2026-11-01T00:00:00Z", "clients": {"a": {}}, "window": 3}`, "unknown field"},
		{"negative window", `{"now": "2026-11-01T00:00:00Z", "clients": {"a": {}}, "window_days": -1}`, "negative"},
		{"not json", `now=yesterday`, "invalid character"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(dir, string(rune('a'+i))+".json")
			if err := os.WriteFile(p, []byte(tt.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := readHintsKey(p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestIndexCorpusPutsRepeatsInOrder checks that the records indexCorpus
// puts at once keep the order of a document sent twice: its later
// version is the one indexed, and a version from another client is
// refused, as putting them one by one would do.
func TestIndexCorpusPutsRepeatsInOrder(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	doc := func(id, client, text string) ckm.Document {
		return ckm.Document{ID: id, Client: client, Source: ckm.SourceEmail, Lang: "en", At: at, Text: text}
	}
	open := func(t *testing.T) *index.Index {
		ix, err := index.Open(ctx, index.Config{Path: t.TempDir(), MinFreeBytes: -1})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ix.Close() })
		return ix
	}
	t.Run("the later version wins", func(t *testing.T) {
		ix := open(t)
		docs := []ckm.Document{
			doc("a", "acme", "We need an export of the invoices."),
			doc("b", "acme", "Thanks for the call."),
			doc("a", "acme", "We need a report per depot."),
		}
		if err := indexCorpus(ctx, ix, docs); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]string{"a": "We need a report per depot.", "b": "Thanks for the call."} {
			rec, err := ix.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Document.Text != want {
				t.Errorf("%s: text %q, want %q", id, rec.Document.Text, want)
			}
		}
	})
	t.Run("another client's version is refused", func(t *testing.T) {
		ix := open(t)
		docs := []ckm.Document{doc("a", "acme", "We need an export."), doc("a", "globex", "We need a report.")}
		err := indexCorpus(ctx, ix, docs)
		if !errors.Is(err, index.ErrOwnedByOther) {
			t.Fatalf("err %v, want %v", err, index.ErrOwnedByOther)
		}
		rec, err := ix.Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if rec.Document.Client != "acme" {
			t.Errorf("client %q, want acme", rec.Document.Client)
		}
	})
}

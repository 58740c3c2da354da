package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// nameRecord builds a document that opens with lead, in which the entity
// tagger found the names labelled in names, followed by one sentence per
// need.
func nameRecord(id, client string, lang nlp.Language, days int, lead string, names map[string]string, specs ...mentionSpec) Record {
	rec := record(id, client, ckm.SourceEmail, daysAgo(days), sentence{lang, lead})
	for name, label := range names {
		at := strings.Index(lead, name)
		rec.Analysis.Entities = append(rec.Analysis.Entities, nlp.Entity{Text: name, Label: label, Start: at, End: at + len(name), Source: "model"})
	}
	for _, m := range specs {
		start := len(rec.Document.Text) + 1
		rec.Document.Text += " " + m.text
		rec.Analysis.Needs = append(rec.Analysis.Needs, nlp.Need{Kind: nlp.KindExplicit, Cue: m.cue, Theme: m.theme, ThemeKey: m.key,
			Text: m.text, Start: start, End: start + len(m.text), Speaker: m.speaker, Negated: m.negated, Confidence: m.conf})
	}
	return rec
}

func TestEmergingNewNames(t *testing.T) {
	ix := newIndex(t, Config{})
	need := func(key, text string) mentionSpec {
		return mentionSpec{key: key, theme: key, text: text, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	}
	var recs []Record
	for d := 150; d > 30; d -= 10 {
		for _, c := range []string{"acme", "globex", "initech", "umbrella"} {
			recs = append(recs, record(fmt.Sprintf("%s-old-%d", c, d), c, ckm.SourceNote, daysAgo(d), sentence{nlp.English, "Weekly check-in, nothing new."}))
		}
	}
	drugs := map[string]string{"Mounjaro": nlp.LabelProduct, "Ozempic": nlp.LabelProduct}
	place, person := map[string]string{"Zendesk": nlp.LabelOrg}, map[string]string{"Kelsey": nlp.LabelPerson}
	recs = append(recs,
		// Mounjaro: written by three clients in the window, never before;
		// two state a need after it, one asks for nothing. Ozempic, in
		// the same documents, tells the same subject.
		nameRecord("acme-glp", "acme", nlp.English, 5, "A jump in new members on Mounjaro or Ozempic this month.", drugs,
			need("bodi composit", "We'd love to record body composition readings against the member."),
			mentionSpec{key: "mounjaro", theme: "Mounjaro", text: "We do not need a Mounjaro report.", cue: "request", speaker: nlp.SpeakerCustomer, negated: true, conf: 0.8}),
		nameRecord("globex-glp", "globex", nlp.Portuguese, 8, "Muitos alunos novos com Mounjaro e Ozempic.", map[string]string{"Mounjaro": nlp.LabelLocation, "Ozempic": nlp.LabelLocation},
			need("bioimped", "Queremos registrar a bioimpedância no perfil do aluno.")),
		nameRecord("initech-glp", "initech", nlp.English, 12, "Mounjaro and Ozempic came up again at the front desk.", drugs),
		// Zendesk: three clients in the window, but umbrella wrote it
		// before: a tool they use, not a new subject.
		nameRecord("umbrella-zd-old", "umbrella", nlp.English, 90, "We moved our tickets to Zendesk.", place),
		// Kelsey: a person the three clients name in the window.
		// Each need of theirs is a theme of its own, so that only the name
		// joins them.
	)
	for i, c := range []string{"acme", "globex", "initech"} {
		recs = append(recs,
			nameRecord(c+"-kelsey", c, nlp.English, 6+i, "Kelsey called about the import.", person, need("tag"+c, "We need the import to keep the tags.")),
			nameRecord(c+"-zd", c, nlp.English, 10+i, "Zendesk sync broke again.", place, need("sync"+c, "Please fix the Zendesk sync.")))
	}
	// The AI Act: the tagger found it in one document only; the others
	// write it too. Where a need's sentence holds the name, that need is
	// the evidence, not the need after it.
	aiAct := map[string]string{"AI Act": nlp.LabelOrg}
	for i, c := range []string{"acme", "globex", "initech"} {
		tags := aiAct
		if i > 0 {
			tags = nil
		}
		lead := fmt.Sprintf("Because of the AI Act, %s must state machine translation use on every job.", c)
		rec := nameRecord(c+"-aiact", c, nlp.English, 4+i, lead, tags, need("portug"+c, "A company in Portugal asked the same."))
		rec.Analysis.Needs = append([]nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "job", ThemeKey: "job" + c,
			Text: lead, Start: 0, End: len(lead), Speaker: nlp.SpeakerCustomer, Confidence: 0.7}}, rec.Analysis.Needs...)
		recs = append(recs, rec)
	}
	put(t, ix, recs...)
	ctx := context.Background()
	got, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	var named *EmergingTheme
	for i, x := range got.Themes {
		for _, n := range []string{"Ozempic", "Zendesk", "Kelsey"} {
			if strings.Contains(x.Label, n) {
				t.Errorf("flagged %q (clients %v)", x.Label, x.Clients)
			}
		}
		if x.Label == "Mounjaro" {
			named = &got.Themes[i]
		}
	}
	if named == nil {
		t.Fatalf("Mounjaro not flagged; themes %+v", got.Themes)
	}
	if i := slices.IndexFunc(got.Themes, func(x EmergingTheme) bool { return x.Label == "AI Act" }); i < 0 {
		t.Errorf("AI Act, tagged once and written by three clients, not flagged; themes %+v", got.Themes)
	} else {
		for _, e := range got.Themes[i].Evidence {
			if !strings.HasPrefix(e.Text, "Because of the AI Act") {
				t.Errorf("AI Act evidence %q from %s, want the need that names it", e.Text, e.Client)
			}
		}
	}
	if !named.NewAcross || named.Significant || named.Key != "mounjaro" || named.Recent != 3 {
		t.Errorf("Mounjaro: new across %v, significant %v, key %q, recent %d; want new across, not significant, key mounjaro, 3 documents",
			named.NewAcross, named.Significant, named.Key, named.Recent)
	}
	if want := []string{"acme", "globex", "initech"}; !slices.Equal(named.Clients, want) {
		t.Errorf("Mounjaro clients %v, want %v", named.Clients, want)
	}
	var texts []string
	for _, e := range named.Evidence {
		texts = append(texts, e.Text)
		if got, ok := needNumber(e.ID, e.DocID); !ok || got != 0 {
			t.Errorf("evidence %s: want the first need record of %s", e.ID, e.DocID)
		}
	}
	slices.Sort(texts)
	want := []string{"Queremos registrar a bioimpedância no perfil do aluno.", "We'd love to record body composition readings against the member."}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("Mounjaro evidence (-want +got):\n%s", diff)
	}
	one, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow, Client: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range one.Themes {
		if x.Label == "Mounjaro" {
			t.Error("one client's emerging themes flag a name new across clients")
		}
	}
}

func TestNeedNearAndAt(t *testing.T) {
	t.Parallel()
	n := func(start, end int, speaker string, negated bool) nlp.Need {
		return nlp.Need{Text: "x", Start: start, End: end, Speaker: speaker, Negated: negated}
	}
	near := func(start int, speaker string, negated bool) nlp.Need { return n(start, start+5, speaker, negated) }
	tests := []struct {
		name  string
		find  func([]nlp.Need, int) (int, bool)
		needs []nlp.Need
		at    int
		want  int
		ok    bool
	}{
		{"nearest after", needNear, []nlp.Need{near(5, nlp.SpeakerCustomer, false), near(90, nlp.SpeakerCustomer, false), near(40, nlp.SpeakerCustomer, false)}, 30, 2, true},
		{"last before when none after", needNear, []nlp.Need{near(5, nlp.SpeakerCustomer, false), near(20, nlp.SpeakerCustomer, false)}, 30, 1, true},
		{"agent's and negated skipped", needNear, []nlp.Need{near(40, nlp.SpeakerAgent, false), near(50, nlp.SpeakerCustomer, true), near(60, nlp.SpeakerUnknown, false)}, 30, 2, true},
		{"none", needNear, []nlp.Need{near(40, nlp.SpeakerAgent, false)}, 30, -1, false},
		{"the need holding it", needAt, []nlp.Need{n(0, 20, nlp.SpeakerCustomer, false), n(21, 40, nlp.SpeakerCustomer, false)}, 10, 0, true},
		{"an agent's holding it is skipped", needAt, []nlp.Need{n(0, 20, nlp.SpeakerAgent, false), n(21, 40, nlp.SpeakerCustomer, false)}, 10, 1, true},
		{"nearest after when none holds it", needAt, []nlp.Need{n(0, 5, nlp.SpeakerCustomer, false), n(21, 40, nlp.SpeakerCustomer, false)}, 10, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := tt.find(tt.needs, tt.at); got != tt.want || ok != tt.ok {
				t.Errorf("got %d, %v; want %d, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

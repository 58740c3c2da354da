package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// emergingJoinCorpus is clusterCorpus's 60 documents of other clients and,
// in the last 30 days, a theme two clients raise under one key ("enforc
// login") and a third in Portuguese under another ("verificac etap", the
// seed topic two-factor), and three
// single-client themes whose sentences share only one rare word
// ("kiosk").
func emergingJoinCorpus() []Record {
	var recs []Record
	for _, r := range clusterCorpus() {
		if r.Document.Client != "bluebird" {
			recs = append(recs, r)
		}
	}
	type need struct{ key, theme, text string }
	for i, m := range []struct {
		client string
		lang   nlp.Language
		need   need
	}{
		{"harbour-clinic", nlp.English, need{"enforc login", "enforced logins", "the insurer wants MFA enforced for every clinician login"}},
		{"maple-dental", nlp.English, need{"enforc login", "enforced logins", "can you enforce MFA for the front desk logins"}},
		{"clinica-sorriso", nlp.Portuguese, need{"verificac etap", "verificação em duas etapas", "queremos verificação em duas etapas obrigatória no prontuário"}},
		{"north-physio", nlp.English, need{"printer jam", "printer jams", "the kiosk printer jams every Monday"}},
		{"lakeside-vet", nlp.English, need{"colour green", "colour", "we want the kiosk colour changed to green"}},
		{"orchard-ortho", nlp.English, need{"logo old", "old logo", "the kiosk welcome screen still shows the old logo"}},
	} {
		// The sentence is the document's text, indexed in its language.
		rec := record(fmt.Sprintf("%s-%d", m.client, i), m.client, ckm.SourceEmail, daysAgo(2+3*i), sentence{m.lang, m.need.text})
		rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: m.need.theme, ThemeKey: m.need.key,
			Text: m.need.text, Start: 0, End: len(m.need.text), Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
		recs = append(recs, rec)
	}
	return recs
}

// TestEmergingJoinsNewThemes checks that a theme new in the window that
// two clients raise under one key and a third in other words and another
// language is flagged as new across three clients, that new themes of one
// client each are not joined by one shared word, and that without the
// join (ix.apart) the theme is not flagged.
func TestEmergingJoinsNewThemes(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	put(t, ix, emergingJoinCorpus()...)
	flagged := func() []EmergingTheme {
		t.Helper()
		e, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow})
		if err != nil {
			t.Fatal(err)
		}
		return e.Themes
	}
	got := flagged()
	i := slices.IndexFunc(got, func(th EmergingTheme) bool { return slices.Contains(th.Keys, "enforc login") })
	if i < 0 {
		t.Fatalf("the MFA theme is not flagged; flagged: %+v", got)
	}
	mfa := got[i]
	if want := []string{"clinica-sorriso", "harbour-clinic", "maple-dental"}; !slices.Equal(mfa.Clients, want) || !mfa.NewAcross {
		t.Errorf("MFA theme: clients %q, new across %v; want %q, true", mfa.Clients, mfa.NewAcross, want)
	}
	if !slices.Contains(mfa.Keys, "verificac etap") || mfa.Recent != 3 {
		t.Errorf("MFA theme: keys %q, recent %d; want verificac etap among them, 3", mfa.Keys, mfa.Recent)
	}
	for _, th := range got {
		if slices.ContainsFunc(th.Keys, func(k string) bool { return k == "printer jam" || k == "colour green" || k == "logo old" }) {
			t.Errorf("flagged %q (keys %q): one client's themes joined by one shared word", th.Label, th.Keys)
		}
	}
	ix.apart = true
	for _, th := range flagged() {
		if slices.Contains(th.Keys, "enforc login") {
			t.Errorf("without the join, the MFA theme of two clients is flagged: %+v", th)
		}
	}
}

// TestEmergingJoinKeepsOldThemesOut checks that new themes are not joined
// into a theme new across clients when a client raised the same thing
// before the window in other words: it is not new.
func TestEmergingJoinKeepsOldThemesOut(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	recs := emergingJoinCorpus()
	text := "the auditors asked again for MFA on every clinician login"
	old := record("harbour-clinic-old", "harbour-clinic", ckm.SourceEmail, daysAgo(60), sentence{nlp.English, text})
	old.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "auditors", ThemeKey: "auditor", Text: text,
		Start: 0, End: len(text), Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
	put(t, ix, append(recs, old)...)
	e, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range e.Themes {
		if slices.Contains(th.Keys, "enforc login") {
			t.Errorf("flagged %q (keys %q, clients %q) though harbour-clinic asked for MFA before the window", th.Label, th.Keys, th.Clients)
		}
	}
}

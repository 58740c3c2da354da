package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestEmergingLeavesEveryonesOldWords: a name that every client wrote
// before the window (the vendor's own) is no new subject, however many
// questions of the month it keys; a name only some clients wrote before
// still is, and so is a new subject keyed by an everyday word.
func TestEmergingLeavesEveryonesOldWords(t *testing.T) {
	ix := newIndex(t, Config{})
	clients := []string{"acme", "globex", "initech", "umbrella", "hooli"}
	var recs []Record
	for d := 150; d > 40; d -= 10 {
		for i, c := range clients {
			text := "Weekly check-in with the Fretix team about the payment run, nothing new."
			if i < 2 {
				text = "Weekly check-in with the Fretix team about the payment run; they use Zapier for the shop."
			}
			recs = append(recs, record(fmt.Sprintf("%s-old-%d", c, d), c, ckm.SourceNote, daysAgo(d), sentence{nlp.English, text}))
		}
	}
	for i, c := range clients[2:] {
		for j := range 3 {
			recs = append(recs,
				needRecord(fmt.Sprintf("%s-fretix-%d", c, j), c, ckm.SourceEmail, daysAgo(3+i+j),
					mentionSpec{key: "fretix", theme: "Fretix", text: "Can we set this up in Fretix?", cue: "question", speaker: nlp.SpeakerCustomer, conf: 0.8}),
				needRecord(fmt.Sprintf("%s-zapier-%d", c, j), c, ckm.SourceEmail, daysAgo(4+i+j),
					mentionSpec{key: "zapier", theme: "Zapier", text: "We need a Zapier trigger for new orders.", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}),
				needRecord(fmt.Sprintf("%s-pix-%d", c, j), c, ckm.SourceEmail, daysAgo(5+i+j),
					mentionSpec{key: "payment", theme: "pay on the spot", text: "Customers want to pay on the spot before the tech leaves.", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}))
		}
	}
	put(t, ix, recs...)
	got, err := ix.Emerging(context.Background(), EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	keys := func(ts []EmergingTheme) []string {
		var out []string
		for _, x := range ts {
			out = append(out, x.Key)
		}
		return out
	}
	if slices.Contains(keys(got.Themes), "fretix") {
		t.Errorf("flagged the vendor's name, which every client wrote before the window: themes %v", keys(got.Themes))
	}
	if !slices.Contains(keys(got.Rising), "fretix") {
		t.Errorf("rising %v, want fretix among them", keys(got.Rising))
	}
	for _, k := range []string{"zapier", "payment"} {
		if !slices.Contains(keys(got.Themes), k) {
			t.Errorf("themes %v, want %s: a name two of five clients wrote before, a new subject under an everyday word", keys(got.Themes), k)
		}
	}
}

// TestEmergingEvidenceNamesTheTheme: each client's evidence for a flagged
// theme is a sentence that names it when the client wrote one, before a
// stronger one that only answers a question about it ("Put her down.").
func TestEmergingEvidenceNamesTheTheme(t *testing.T) {
	ix := newIndex(t, Config{})
	clients := []string{"acme", "globex", "initech"}
	var recs []Record
	for d := 150; d > 40; d -= 10 {
		for _, c := range clients {
			recs = append(recs, record(fmt.Sprintf("%s-old-%d", c, d), c, ckm.SourceNote, daysAgo(d),
				sentence{nlp.English, "Weekly check-in about the payment run, nothing new."}))
		}
	}
	for i, c := range clients {
		recs = append(recs, needRecord(fmt.Sprintf("%s-zapier", c), c, ckm.SourceEmail, daysAgo(8+i),
			mentionSpec{key: "zapier", theme: "Zapier", text: "We need a Zapier trigger for new orders.", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.6}))
	}
	recs = append(recs, needRecord("acme-answer", "acme", ckm.SourceCall, daysAgo(2),
		mentionSpec{key: "zapier", theme: "Zapier", text: "Put her down.", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}))
	put(t, ix, recs...)
	got, err := ix.Emerging(context.Background(), EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(got.Themes, func(x EmergingTheme) bool { return x.Key == "zapier" })
	if i < 0 {
		t.Fatalf("themes %+v, want zapier flagged", got.Themes)
	}
	for _, e := range got.Themes[i].Evidence {
		if strings.Contains(e.Text, "Put her down") {
			t.Errorf("evidence %+v: want every client's sentence that names Zapier first", got.Themes[i].Evidence)
		}
	}
}

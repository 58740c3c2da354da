package index

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// newWordCorpus is clusterCorpus's documents of other clients and, in the
// last 30 days, a subject three clients bring up for the first time: one
// states it as a need keyed by its words, the others write the word (or,
// for a concept, a word of it in their language) in sentences whose needs
// nlp keyed by something else. earlier, when set, is a document before
// the window that says the word too.
func newWordCorpus(word string, texts [3]string, keys [3]string, earlier string) []Record {
	var recs []Record
	for _, r := range clusterCorpus() {
		if r.Document.Client != "bluebird" {
			recs = append(recs, r)
		}
	}
	clients := [3]string{"cedar-foods", "north-bay", "agro-sul"}
	langs := [3]nlp.Language{nlp.English, nlp.English, nlp.Portuguese}
	for i, text := range texts {
		rec := record(fmt.Sprintf("%s-%s-%d", clients[i], word, i), clients[i], ckm.SourceEmail, daysAgo(3+4*i), sentence{langs[i], text})
		rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: keys[i], ThemeKey: keys[i],
			Text: text, Start: 0, End: len(text), Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
		recs = append(recs, rec)
	}
	if earlier != "" {
		recs = append(recs, record("west-mill-earlier", "west-mill", ckm.SourceEmail, daysAgo(70), sentence{nlp.English, earlier}))
	}
	return recs
}

// TestEmergingNewWord checks that a word no document held before the
// window, which one client's need is keyed by and two more clients write
// in the window, is flagged as new across the three, in either language
// and through a concept's words; and that it is not when a document said
// it before or only two clients write it.
func TestEmergingNewWord(t *testing.T) {
	// "hazmat" is no seed topic's word (carbon is: sustainability), so
	// only the new-word join can file the three clients' needs together.
	hazmat := [3]string{
		"Loblaw now asks for the hazmat class of our deliveries to their DCs",
		"Does Fretix have anything that flags hazmat per load, or is anyone else asking?",
		"A Granexport vai exigir a classificação hazmat do transporte, vocês têm algum parceiro?",
	}
	hazmatKeys := [3]string{"class deliveri hazmat", "anyon els", "parceir"}
	voice := [3]string{
		"Karen wants voice notes going straight into the record",
		"So my question is, does Vetra have anything for dictation at all?",
		"A Luciana perguntou de novo sobre ditado por voz no prontuário, ela quer muito",
	}
	voiceKeys := [3]string{"note record voic", "question", "luciana"}
	for _, tt := range []struct {
		name    string
		recs    []Record
		key     string // a key of the flagged theme; "" when none may be
		clients []string
	}{
		{"a word", newWordCorpus("hazmat", hazmat, hazmatKeys, ""), "class deliveri hazmat",
			[]string{"agro-sul", "cedar-foods", "north-bay"}},
		{"a concept's words", newWordCorpus("voice", voice, voiceKeys, ""), "note record voic",
			[]string{"agro-sul", "cedar-foods", "north-bay"}},
		{"said before the window", newWordCorpus("hazmat", hazmat, hazmatKeys, "our hazmat paperwork is done by the consultants"), "", nil},
		{"two clients", newWordCorpus("hazmat", [3]string{hazmat[0], hazmat[1], "Vocês têm algum parceiro para isso?"}, hazmatKeys, ""), "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := emergingOf(t, tt.recs)
			key := "class deliveri hazmat"
			if tt.key != "" {
				key = tt.key
			}
			i := slices.IndexFunc(e.Themes, func(th EmergingTheme) bool { return slices.Contains(th.Keys, key) })
			if tt.key == "" {
				if i >= 0 {
					t.Errorf("flagged %+v", e.Themes[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("the theme of %q is not flagged; flagged: %+v", key, e.Themes)
			}
			if th := e.Themes[i]; !slices.Equal(th.Clients, tt.clients) || !th.NewAcross || th.Baseline != 0 {
				t.Errorf("clients %q, new across %v, baseline %d; want %q, true, 0", th.Clients, th.NewAcross, th.Baseline, tt.clients)
			}
		})
	}
}

// TestEmergingNewWordInSeedLabels checks that a word new in the window
// that clients' needs hold only in their labels, filed under a broad seed
// topic's key ("carbon report" and "relatório de carbono" are reporting),
// is flagged as new across clients with those needs as its evidence; and
// that it is not when a document said it before, or when only one
// client's need holds it.
func TestEmergingNewWordInSeedLabels(t *testing.T) {
	texts := [3]string{
		"Harbourside needs a monthly carbon report for every delivery from January",
		"Can we get the carbon figures as a report per vehicle?",
		"O embarcador quer um relatório de carbono por viagem",
	}
	labels := [3]string{"carbon report", "carbon figures as a report", "relatório de carbono"}
	corpus := func(needs int, earlier string) []Record {
		recs := newWordCorpus("carbon", texts, [3]string{"reporting", "reporting", "reporting"}, earlier)
		for i := range recs {
			for j, text := range texts {
				if len(recs[i].Analysis.Needs) == 1 && recs[i].Analysis.Needs[0].Text == text {
					if j >= needs {
						recs[i].Analysis.Needs = nil // the word only written
						continue
					}
					recs[i].Analysis.Needs[0].Theme = labels[j]
				}
			}
		}
		return recs
	}
	for _, tt := range []struct {
		name    string
		recs    []Record
		flagged bool
	}{
		{"labels of three clients", corpus(3, ""), true},
		{"labels of two, written by a third", corpus(2, ""), true},
		{"said before the window", corpus(3, "our carbon reporting is done by the consultants"), false},
		{"the label of one client", corpus(1, ""), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := emergingOf(t, tt.recs)
			i := slices.IndexFunc(e.Themes, func(th EmergingTheme) bool { return th.Key == "carbon" })
			if !tt.flagged {
				if i >= 0 {
					t.Errorf("flagged %+v", e.Themes[i])
				}
				return
			}
			if i < 0 {
				t.Fatalf("carbon is not flagged; flagged: %+v", e.Themes)
			}
			th := e.Themes[i]
			if want := []string{"agro-sul", "cedar-foods", "north-bay"}; !slices.Equal(th.Clients, want) || !th.NewAcross || th.Baseline != 0 {
				t.Errorf("clients %q, new across %v, baseline %d; want %q, true, 0", th.Clients, th.NewAcross, th.Baseline, want)
			}
			var evidence []string
			for _, ev := range th.Evidence {
				evidence = append(evidence, ev.Text)
			}
			if !slices.Contains(evidence, texts[0]) {
				t.Errorf("evidence %q lacks %q", evidence, texts[0])
			}
		})
	}
}

// emergingOf indexes recs in a new index and returns its emerging themes
// at hintsNow.
func emergingOf(t *testing.T, recs []Record) *Emerging {
	t.Helper()
	ix := newIndex(t, Config{})
	put(t, ix, recs...)
	e, err := ix.Emerging(context.Background(), EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestEmergingSeedTopicsOwnWords checks that a word of a broad seed
// topic's own phrases, new in the window's labels of that topic, is no
// new subject: three clients asking for a discount at renewal talk
// pricing, whatever word they use.
func TestEmergingSeedTopicsOwnWords(t *testing.T) {
	texts := [3]string{
		"Renewal: verbal yes for 12 months, asking for a discount in recognition of the voting gap",
		"They want a discount for the second year before they sign",
		"Pediram desconto na renovação por causa da falha de julho",
	}
	labels := [3]string{"discount in recognition", "discount for the second year", "desconto na renovação"}
	recs := newWordCorpus("discount", texts, [3]string{"pricing", "pricing", "pricing"}, "")
	for i := range recs {
		for j, text := range texts {
			if len(recs[i].Analysis.Needs) == 1 && recs[i].Analysis.Needs[0].Text == text {
				recs[i].Analysis.Needs[0].Theme = labels[j]
			}
		}
	}
	e := emergingOf(t, recs)
	if i := slices.IndexFunc(e.Themes, func(th EmergingTheme) bool { return th.Key == "discount" }); i >= 0 {
		t.Errorf("flagged %+v", e.Themes[i])
	}
}

// TestAccountWords checks that the account topics' own words, keyed as
// words new in the window ("policy renewal" keys "renew"), are no subject
// that emerges, while a product subject's word is.
func TestAccountWords(t *testing.T) {
	t.Parallel()
	own := accountWords()
	for k, want := range map[string]bool{"renew": true, "discount": true, "carbon": false, "lithium": false} {
		if got := own[k]; got != want {
			t.Errorf("accountWords()[%q] = %v, want %v", k, got, want)
		}
	}
}

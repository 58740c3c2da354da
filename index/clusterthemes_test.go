package index

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/nlp"
)

// clusterCorpus is 60 documents of six other clients, whose words
// (reports, logins, exports, invoices, spreadsheets, the request a need
// record's sentence ends with) are common, and
// bluebird's needs: three sentences about tips that nlp keyed three ways,
// two about labour cost across restaurants, and two seed topics whose
// sentences share rare words.
func clusterCorpus() []Record {
	var recs []Record
	filler := []string{
		"The monthly report was late again and the team exported it to a spreadsheet.",
		"Please reset the login for the new manager, the invoice is attached.",
		"Thanks for the call, the export worked and the team is happy.",
		"We keep the invoice numbers in a spreadsheet by hand for the report.",
		"The dashboard login is slow in the morning but the report is fine.",
		"We need one request answered: the report export.",
	}
	for i := range 60 {
		c := fmt.Sprintf("filler-%d", i%6)
		recs = append(recs, record(fmt.Sprintf("%s-%d", c, i), c, ckm.SourceEmail, daysAgo(5+i), sentence{nlp.English, filler[i%len(filler)]}))
	}
	need := func(key, theme, text string) mentionSpec {
		return mentionSpec{key: key, theme: theme, text: text, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	}
	for i, m := range []mentionSpec{
		need("earn line", "earning line", "the gratuities come in as a manual earning line every Monday"),
		need("amount key someon", "someone to key the amounts", "someone keys the gratuities and tip pool amounts by hand"),
		need("renew", "renewal", "if you could pull the gratuities and the tip pool from the till we would renew"),
		need("labor locat", "labor by location", "labour cost per restaurant is wrong when cooks cover a sister restaurant"),
		need("cook hour split", "split a cook's hours", "split a cook's hours between two restaurants in one pay period"),
		need("sso", "single sign-on", "the auditors want Okta sign-in on the kiosk tablets"),
		need("audit-log", "audit trail", "the auditors want a trail of edits on the kiosk tablets"),
	} {
		recs = append(recs, needRecord(fmt.Sprintf("bluebird-%d", i), "bluebird", ckm.SourceEmail, daysAgo(3+4*i), m))
	}
	return recs
}

// TestHintsClusterThemes checks that a client's themes whose sentences
// share rare words become one hint, that themes about different things stay
// apart, that two seed topics are never joined, and that an admin's split
// stands.
func TestHintsClusterThemes(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	put(t, ix, clusterCorpus()...)
	keysOf := func() [][]string {
		t.Helper()
		h, err := ix.Hints(ctx, HintsQuery{Client: "bluebird", Until: hintsNow})
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		for _, x := range h.Hints {
			k := slices.Sorted(slices.Values(x.Keys))
			out = append(out, slices.Compact(k))
		}
		slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
		return out
	}
	has := func(groups [][]string, want []string) bool {
		return slices.ContainsFunc(groups, func(g []string) bool { return slices.Equal(g, want) })
	}
	got := keysOf()
	for _, want := range [][]string{
		{"amount key someon", "earn line", "renew"},
		{"cook hour split", "labor locat"},
		{"sso"},
		{"audit-log"},
	} {
		if !has(got, want) {
			t.Errorf("no hint with keys %q; hints' keys: %q", want, got)
		}
	}
	ix.SetThemeCorrections(ThemeCorrections{Split: []string{"renew"}})
	got = keysOf()
	for _, want := range [][]string{{"amount key someon", "earn line"}, {"renew"}} {
		if !has(got, want) {
			t.Errorf("after splitting renew: no hint with keys %q; hints' keys: %q", want, got)
		}
	}
}

// TestHintsClusterLeavesEverydayWordsOut checks that two themes of a
// client whose sentences share only the client's everyday words (in more
// than clientCommonShare of its documents: "truck" and "load" for a
// haulier) are not joined, while the same two sentences are joined for a
// client that seldom writes those words.
func TestHintsClusterLeavesEverydayWordsOut(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	recs := clusterCorpus()
	need := func(key, theme, text string) mentionSpec {
		return mentionSpec{key: key, theme: theme, text: text, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	}
	for _, c := range []string{"haulier", "florist"} {
		recs = append(recs,
			needRecord(c+"-weigh", c, ckm.SourceEmail, daysAgo(3), need("weighbridg ticket", "weighbridge ticket", "the truck load weighbridge ticket with gross and tare figures")),
			needRecord(c+"-slot", c, ckm.SourceEmail, daysAgo(4), need("port slot", "port slot", "the truck load port slot booked at the terminal gate")))
	}
	for i := range 8 {
		recs = append(recs, record(fmt.Sprintf("haulier-day-%d", i), "haulier", ckm.SourceNote, daysAgo(6+i), sentence{nlp.English, "The truck left with the load at noon."}))
		recs = append(recs, record(fmt.Sprintf("florist-day-%d", i), "florist", ckm.SourceNote, daysAgo(6+i), sentence{nlp.English, "The roses arrived fresh at noon."}))
	}
	put(t, ix, recs...)
	for client, joined := range map[string]bool{"haulier": false, "florist": true} {
		h, err := ix.Hints(ctx, HintsQuery{Client: client, Until: hintsNow})
		if err != nil {
			t.Fatal(err)
		}
		together := slices.ContainsFunc(h.Hints, func(x Hint) bool {
			return slices.Contains(x.Keys, "port slot") && slices.Contains(x.Keys, "weighbridg ticket")
		})
		if together != joined {
			t.Errorf("%s: weighbridge ticket and port slot joined %v, want %v (hints %+v)", client, together, joined, h.Hints)
		}
	}
}

// TestHintsClusterNeedsDocuments checks that themes are not joined in an
// index of fewer than minClusterDocuments documents, where every word is
// rare.
func TestHintsClusterNeedsDocuments(t *testing.T) {
	ix := newIndex(t, Config{})
	var recs []Record
	for _, r := range clusterCorpus() {
		if r.Document.Client == "bluebird" {
			recs = append(recs, r)
		}
	}
	put(t, ix, recs...)
	h, err := ix.Hints(context.Background(), HintsQuery{Client: "bluebird", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range h.Hints {
		if len(slices.Compact(slices.Sorted(slices.Values(x.Keys)))) > 1 {
			t.Errorf("hint %q joins keys %q in an index of %d documents", x.Label, x.Keys, len(recs))
		}
	}
	if len(h.Hints) != 7 {
		t.Errorf("%d hints, want 7 (one a key)", len(h.Hints))
	}
}

// BenchmarkHintsClusterThemes times one client's hints with themes joined
// by their sentences and without, on the eleven blind scenario corpora
// (examples/scenario3 to scenario13, 1,200 documents, ids and clients
// prefixed by the corpus) analysed and indexed once; the ratio of the two is what clusterThemes costs:
//
//	go test ./index -run '^$' -bench HintsClusterThemes -count 6 | benchstat -col /join -
//
// Its emerging sub-benchmarks time the emerging themes of all clients with
// new themes joined (joinNew) and without.
func BenchmarkHintsClusterThemes(b *testing.B) {
	ctx := context.Background()
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		b.Fatal(err)
	}
	ix := newIndex(b, Config{})
	docs := map[string]int{}
	var until time.Time
	for i := 3; i <= 13; i++ {
		f, err := os.Open(filepath.Join("..", "examples", fmt.Sprintf("scenario%d", i), "corpus.jsonl"))
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var d ckm.Document
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				b.Fatal(err)
			}
			d.ID, d.Client = fmt.Sprintf("s%d-%s", i, d.ID), fmt.Sprintf("s%d-%s", i, d.Client)
			d = ingest.InferTurns(d)
			an, err := a.Analyze(ctx, d)
			if err != nil {
				b.Fatal(err)
			}
			put(b, ix, Record{Document: d, Analysis: *an, ContentHash: d.ContentHash(), IndexedAt: d.At})
			docs[d.Client]++
			until = maxTime(until, d.At)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
	}
	client := slices.MaxFunc(slices.Sorted(maps.Keys(docs)), func(x, y string) int { return docs[x] - docs[y] })
	for _, join := range []bool{true, false} {
		b.Run(fmt.Sprintf("join=%v", join), func(b *testing.B) {
			ix.apart = !join
			for b.Loop() {
				h, err := ix.Hints(ctx, HintsQuery{Client: client, Until: until})
				if err != nil {
					b.Fatal(err)
				}
				if len(h.Hints) == 0 {
					b.Fatalf("no hints for %s", client)
				}
			}
		})
	}
	for _, join := range []bool{true, false} {
		b.Run(fmt.Sprintf("emerging/join=%v", join), func(b *testing.B) {
			ix.apart = !join
			for b.Loop() {
				if _, err := ix.Emerging(ctx, EmergingQuery{Now: until}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	ix.apart = false
}

// TestWordTerms checks that a content word is counted by the term the
// index holds for it in its language, not by its concept stem.
func TestWordTerms(t *testing.T) {
	ix := newIndex(t, Config{})
	for _, tt := range []struct {
		w    nlp.ContentWord
		want []string
	}{
		{nlp.ContentWord{Word: "clientes", Stem: "custom", Lang: nlp.Portuguese}, ix.tokens(analyzerPT, "cliente")},
		{nlp.ContentWord{Word: "customers", Stem: "custom", Lang: nlp.English}, ix.tokens(analyzerEN, "customer")},
		{nlp.ContentWord{Word: "Relatórios", Stem: "report", Lang: nlp.Portuguese}, ix.tokens(analyzerPT, "relatório")},
	} {
		got := ix.wordTerms(tt.w)
		if !slices.Equal(got, tt.want) || slices.Contains(got, tt.w.Stem) && tt.w.Lang == nlp.Portuguese {
			t.Errorf("wordTerms(%+v) = %q, want %q", tt.w, got, tt.want)
		}
	}
}

// TestWordTermsStopWord checks that a word the analyzer drops has no
// term, so that clusterThemes counts it as held by every document rather
// than by none.
func TestWordTermsStopWord(t *testing.T) {
	ix := newIndex(t, Config{})
	if got := ix.wordTerms(nlp.ContentWord{Word: "the", Stem: "the", Lang: nlp.English}); len(got) != 0 {
		t.Errorf("wordTerms(the) = %q, want none", got)
	}
}

// TestCosineIsDeterministic checks that the cosine of two sentence
// vectors is the same to the last bit whichever comes first and however
// often it is taken: summed over a map, its order followed the map's
// iteration, and a pair of themes at the joining threshold joined on one
// run and not on the next.
func TestCosineIsDeterministic(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	vec := func(dims int) map[string]float64 {
		v := map[string]float64{}
		for range dims {
			v[fmt.Sprintf("d%d", r.IntN(300))] = r.Float64() / 7
		}
		return v
	}
	va, vb := vec(150), vec(150)
	a, b := newSentenceVector("a", va), newSentenceVector("b", vb)
	want := cosine(a, b)
	var naive float64
	for d, w := range va {
		naive += w * vb[d]
	}
	if math.Abs(naive-want) > 1e-12 {
		t.Fatalf("cosine %v, the plain sum %v", want, naive)
	}
	for range 50 {
		if got := cosine(b, newSentenceVector("a", va)); got != want {
			t.Fatalf("cosine(b, a) = %v, cosine(a, b) = %v", got, want)
		}
	}
}

// TestSeedTopicsNeverJoin checks that two seed topics, generic ones
// included, are never joined by the words their sentences share ("erros
// de valor" of manual typing, keyed integration, and "deu erro", keyed
// reliability), while a seed topic and a learned theme, or two learned
// themes, may be.
func TestSeedTopicsNeverJoin(t *testing.T) {
	t.Parallel()
	table := &ThemeTable{}
	c := func(key, label string) candidate {
		return candidate{key: key, keys: []string{key}, h: Hint{Label: label}}
	}
	tests := []struct {
		a, b candidate
		want bool
	}{
		{c("reliability", "erro"), c("integration", "API"), false},
		{c("export", "planilha"), c("reporting", "relatório"), false},
		{c("audit-log", "audit trail"), c("sso", "single sign-on"), false},
		{c("reliability", "erro"), c("erro linha", "erro na linha"), true},
		{c("cost mainten", "custos de manutenção"), c("separ store", "separados por loja"), true},
		{c("whatsapp", "WhatsApp"), c("zap", "zap"), true},
	}
	for _, tt := range tests {
		if got := mayJoin(tt.a, tt.b, table); got != tt.want {
			t.Errorf("mayJoin(%q, %q) = %v, want %v", tt.a.key, tt.b.key, got, tt.want)
		}
	}
}

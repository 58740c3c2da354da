package index

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestSearchMeaning checks that a query also finds documents that say the
// same in other words or the other language, after those with its own
// words, marked ByMeaning, and that quotes and MatchWords turn it off.
func TestSearchMeaning(t *testing.T) {
	ix := newIndex(t, Config{})
	sso := record("pt-sso", "globex", ckm.SourceCall, t0, sentence{nlp.Portuguese, "Queremos entrar com a conta da empresa."})
	s := sso.Analysis.Sentences[0]
	sso.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "single sign-on (SSO/SAML)", ThemeKey: "sso",
		Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
	put(t, ix,
		record("en-inv", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice for March."}),
		record("pt-fat", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "A fatura de março veio errada."}),
		record("other", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The dashboard is slow."}),
		sso)
	type hit = meaningHit
	tests := []struct {
		name     string
		q        Query
		want     []hit // in rank order
		wantTerm []string
	}{
		{"own words first, then the other language", Query{Text: "invoice"}, []hit{{"en-inv", false}, {"pt-fat", true}}, []string{"invoice"}},
		{"and the other way", Query{Text: "fatura"}, []hit{{"pt-fat", false}, {"en-inv", true}}, []string{"fatura"}},
		{"a theme of two words finds a need's theme", Query{Text: "single sign-on"}, []hit{{"pt-sso", true}}, []string{"single", "sign-on"}},
		{"the words of an OR group too", Query{Text: "fatura OR spaceship"}, []hit{{"pt-fat", false}, {"en-inv", true}}, []string{"fatura"}},
		{"but not a negated word", Query{Text: "dashboard -fatura"}, []hit{{"other", false}}, []string{"dashboard"}},
		{"match=words turns it off", Query{Text: "invoice", Match: MatchWords}, []hit{{"en-inv", false}}, nil},
		{"quotes turn it off", Query{Text: `"invoice"`}, []hit{{"en-inv", false}}, nil},
		// No document has both: relaxed, those with a word before the
		// one with a word's theme.
		{"each word is met by itself or its theme", Query{Text: "invoice slow"},
			[]hit{{"other", false}, {"en-inv", false}, {"pt-fat", true}}, []string{"invoice", "slow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkMeaning(t, ix, tt.q, tt.want, tt.wantTerm) })
	}
}

// meaningHit is a hit as the meaning tests compare it.
type meaningHit struct {
	ID        string
	ByMeaning bool
}

// checkMeaning runs q and compares its hits, in rank order, and the
// terms of its meaning expansions, each of which must name a theme.
func checkMeaning(t *testing.T, ix *Index, q Query, want []meaningHit, wantTerms []string) {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var got []meaningHit
	for _, h := range res.Hits {
		got = append(got, meaningHit{h.ID, h.ByMeaning})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hits (-want +got):\n%s", diff)
	}
	var terms []string
	for _, e := range res.Expansions {
		if e.Kind == ExpandMeaning {
			terms = append(terms, e.Term)
			if len(e.Matches) == 0 {
				t.Errorf("expansion %+v has no theme", e)
			}
		}
	}
	if diff := cmp.Diff(wantTerms, terms); diff != "" {
		t.Errorf("meaning expansions (-want +got):\n%s", diff)
	}
}

// TestSearchMeaningLearned checks that a query also finds the needs of the
// theme the learned grouping (Themes, ThemesOf) files its words under,
// seen through the caller's clients only.
func TestSearchMeaningLearned(t *testing.T) {
	ix := newIndex(t, Config{})
	audit := func(id, client string) Record {
		rec := record(id, client, ckm.SourceCall, t0, sentence{nlp.English, "We need to see who edited each entry and when."})
		s := rec.Analysis.Sentences[0]
		rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "who edited each entry", ThemeKey: "audit-log",
			Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
		return rec
	}
	put(t, ix, audit("acme-audit", "acme"), audit("globex-audit", "globex"),
		record("other", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The dashboard is slow."}))
	for _, tt := range []struct {
		name    string
		q       Query
		want    []string
		meaning bool
	}{
		{"english concept", Query{Text: "change history", Clients: []string{"acme"}}, []string{"acme-audit"}, true},
		{"portuguese concept", Query{Text: "trilha de auditoria", Clients: []string{"acme"}}, []string{"acme-audit"}, true},
		{"all clients", Query{Text: "trilha de auditoria"}, []string{"acme-audit", "globex-audit"}, true},
		{"match=words", Query{Text: "trilha de auditoria", Match: MatchWords}, nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			for _, h := range res.Hits {
				if h.ByMeaning != tt.meaning {
					t.Errorf("hit %s ByMeaning = %v, want %v", h.ID, h.ByMeaning, tt.meaning)
				}
			}
		})
	}
}

// TestSearchMeaningQueries checks what a query's words name: a run of
// three words with a stop word ("fora do ar"), a typo of a theme word no
// document holds, and vague words that only add to the score.
func TestSearchMeaningQueries(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("en-down", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The site was unavailable for two hours."}),
		record("pt-perm", "acme", ckm.SourceTicket, t0, sentence{nlp.Portuguese, "Precisamos de um perfil de acesso para o coordenador."}),
		record("en-bill", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The invoice total is wrong."}),
		record("en-prob", "acme", ckm.SourceNote, t0, sentence{nlp.English, "We have problems with the new office chairs."}),
		record("en-hist", "acme", ckm.SourceTicket, t0, sentence{nlp.English, "We need the change history of every order."}))
	type hit = meaningHit
	tests := []struct {
		name      string
		q         string
		want      []hit
		wantTerms []string // of the meaning expansions
	}{
		{"a phrase of three words names its theme", "fora do ar", []hit{{"en-down", true}}, []string{"ar"}}, // "fora" and "do" are stop words
		{"a typo of a theme word no document holds", "permisions", []hit{{"pt-perm", true}}, []string{"permisions"}},
		{"a vague word is not required", "billing problems", []hit{{"en-bill", true}}, []string{"billing"}},
		{"a vague word alone is searched", "problems", []hit{{"en-prob", false}}, nil},
		// "audit" and "auditoria" name the audit log alone; the whole
		// run is one of its phrases, so "trail" and "trilha" name it too.
		{"every word of a run that is a theme's phrase", "audit trail", []hit{{"en-hist", true}}, []string{"audit", "trail"}},
		{"and in Portuguese, stop words inside", "trilha de auditoria", []hit{{"en-hist", true}}, []string{"trilha", "auditoria"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkMeaning(t, ix, Query{Text: tt.q}, tt.want, tt.wantTerms) })
	}
}

// TestMeaningClauseThemeSize checks that a theme said in many ways is not
// weaker for it by as much: a document that says one phrase of a theme
// with four times the leaves scores half as much against a word of the
// query, not a quarter, as Bleve's coord alone would make it.
func TestMeaningClauseThemeSize(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	put(t, ix,
		record("en-resend", "acme", ckm.SourceNote, t0, sentence{nlp.English, "Resend it."}),
		record("pt-fat", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "A fatura veio errada."}))
	theme := func(phrases ...string) []nlp.QueryTheme {
		th := nlp.QueryTheme{Label: "billing", Phrases: []nlp.ThemePhrase{{Lang: nlp.Portuguese, Text: "fatura"}}}
		for _, p := range phrases {
			th.Phrases = append(th.Phrases, nlp.ThemePhrase{Lang: nlp.English, Text: p})
		}
		return []nlp.QueryTheme{th}
	}
	// ratio is the score of the document that says the theme over the
	// one with the word, and the clause's leaves.
	ratio := func(themes []nlp.QueryTheme) (float64, int) {
		b := &builder{tokens: ix.tokens, phrase: ix.phrase}
		clause := b.meaningClause(themes, 1)
		leaves := len(clause.(*query.DisjunctionQuery).Disjuncts)
		q := bleve.NewDisjunctionQuery(wordQuery("resend", nil), clause)
		res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 10, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		score := map[string]float64{}
		for _, h := range res.Hits {
			score[h.ID] = h.Score
		}
		if score["pt-fat"] == 0 || score["en-resend"] == 0 {
			t.Fatalf("hits %v: want both documents", score)
		}
		return score["pt-fat"] / score["en-resend"], leaves
	}
	small, n := ratio(theme("invoice"))
	big, m := ratio(theme("invoice", "bill", "fee", "receipt", "statement", "charge", "payment"))
	if m != 4*n {
		t.Fatalf("%d and %d leaves: want four times as many", n, m)
	}
	if r := big / small; r < 0.45 || r > 0.55 {
		t.Errorf("one phrase of the theme with %d leaves weighs %.3f of one of the theme with %d: want 0.5", m, r, n)
	}
}

// TestSearchKeepsPhraseThemes checks that the themes of a query's words
// are looked up once, not again on every search of the same words, and
// that the kept themes still match.
func TestSearchKeepsPhraseThemes(t *testing.T) {
	var mu sync.Mutex
	calls := map[string]int{}
	ix := newIndex(t, Config{Themes: func(phrase string) []nlp.QueryTheme {
		mu.Lock()
		calls[phrase]++
		mu.Unlock()
		return nlp.QueryThemes(phrase)
	}})
	put(t, ix,
		record("en-inv", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice for March."}),
		record("pt-fat", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "A fatura de março veio errada."}))
	for i := range 3 {
		checkMeaning(t, ix, Query{Text: "invoice"}, []meaningHit{{"en-inv", false}, {"pt-fat", true}}, []string{"invoice"})
		mu.Lock()
		n := calls["invoice"]
		mu.Unlock()
		if n != 1 {
			t.Fatalf("after search %d: the themes of %q were looked up %d times, want 1", i+1, "invoice", n)
		}
	}
}

// TestPhraseThemesBound checks that the kept themes are keyed by table
// and phrase and that their number stays bounded.
func TestPhraseThemesBound(t *testing.T) {
	var c phraseThemes
	n := 0
	f := func() []nlp.QueryTheme { n++; return []nlp.QueryTheme{{Label: "x"}} }
	t1, t2 := &ThemeTable{}, &ThemeTable{}
	c.get(t1, "a", f)
	c.get(t1, "a", f)
	c.get(t2, "a", f)
	c.get(nil, "a", f)
	if n != 3 {
		t.Errorf("computed %d times, want 3 (once per table)", n)
	}
	for i := range 2 * maxPhraseThemes {
		c.get(nil, strconv.Itoa(i), f)
	}
	if len(c.kept.m) > maxPhraseThemes {
		t.Errorf("kept %d phrases, want at most %d", len(c.kept.m), maxPhraseThemes)
	}
}

// TestSearchMeaningFragments checks that the page's hits, loaded and
// highlighted after the search, show their fields and mark the words
// that matched: the query's own, or a theme's.
func TestSearchMeaningFragments(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("en-inv", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice for March."}),
		record("pt-fat", "globex", ckm.SourceCall, t0, sentence{nlp.Portuguese, "A fatura de março veio errada."}))
	res, err := ix.Search(context.Background(), Query{Text: "invoice"})
	if err != nil {
		t.Fatal(err)
	}
	type shown struct{ ID, Client, Source, Mark string }
	var got []shown
	for _, h := range res.Hits {
		got = append(got, shown{h.ID, h.Client, h.Source, strings.Join(h.Fragments["text"], " ")})
	}
	want := []shown{
		{"en-inv", "acme", string(ckm.SourceEmail), "Please resend the <mark>invoice</mark> for March."},
		{"pt-fat", "globex", string(ckm.SourceCall), "A <mark>fatura</mark> de março veio errada."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hits (-want +got):\n%s", diff)
	}
}

// TestMeaningClauseLeavesOutDead checks that a meaning clause built with
// the term dictionaries (keys and phrases no document holds left out, the
// rest scaled for Bleve's coord) and with kept analyses finds the same
// documents in the same order, at the same relative scores, as the clause
// that seeks every key and phrase through match queries, and that it has
// fewer leaves.
func TestMeaningClauseLeavesOutDead(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	put(t, ix,
		record("en-login", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The app crashes when I log in to the app."}),
		record("en-inv", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice, the app crashes."}),
		record("en-resend", "acme", ckm.SourceNote, t0, sentence{nlp.English, "Resend it."}),
		record("pt-fat", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "A fatura veio errada."}))
	themes := []nlp.QueryTheme{{Key: "no such key", Label: "billing", Phrases: []nlp.ThemePhrase{
		{Lang: nlp.English, Text: "log in to the app"}, {Lang: nlp.English, Text: "invoice"},
		{Lang: nlp.English, Text: "zebra"}, {Lang: nlp.English, Text: "zebra crossing"},
		{Lang: nlp.Portuguese, Text: "fatura"}, {Lang: nlp.English, Text: "app crashes"},
	}}}
	held := &heldTerms{ix: ix, ctx: ctx}
	defer held.close()
	tests := []struct {
		name string
		word string // searched beside the clause, as a query word is
		frag bool
	}{
		{"alone", "", false},
		{"beside a word", "resend", false},
		{"highlighting", "resend", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := func(b *builder) ([]string, []float64, int) {
				b.fragments = tt.frag
				clause := b.meaningClause(themes, 1)
				leaves := len(clause.(*query.DisjunctionQuery).Disjuncts)
				q := query.Query(clause)
				if tt.word != "" {
					q = bleve.NewDisjunctionQuery(wordQuery(tt.word, nil), clause)
				}
				res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, 10, 0, false))
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				var scores []float64
				for _, h := range res.Hits {
					ids = append(ids, h.ID)
					scores = append(scores, h.Score/res.Hits[0].Score)
				}
				return ids, scores, leaves
			}
			wantIDs, wantScores, all := run(&builder{tokens: ix.tokens})
			ids, scores, kept := run(&builder{tokens: ix.tokens, phrase: ix.phrase, holds: held.holds})
			if len(wantIDs) < 2 {
				t.Fatalf("the clause finds %v: too few to compare", wantIDs)
			}
			if diff := cmp.Diff(wantIDs, ids); diff != "" {
				t.Errorf("hits (-every leaf +held leaves):\n%s", diff)
			}
			if diff := cmp.Diff(wantScores, scores, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
				t.Errorf("scores relative to the first (-every leaf +held leaves):\n%s", diff)
			}
			if kept >= all {
				t.Errorf("%d leaves with the dictionaries, %d without: none left out", kept, all)
			}
		})
	}
}

// TestPhraseAsMatchPhrase checks that Index.phrase gives the terms by
// position that a match phrase query builds, stop words leaving a gap.
func TestPhraseAsMatchPhrase(t *testing.T) {
	ix := newIndex(t, Config{})
	tests := []struct {
		analyzer, text string
		want           [][]string
	}{
		{analyzerEN, "app crashes", [][]string{{"app"}, {"crash"}}},
		{analyzerEN, "log in to the app", [][]string{{"log"}, nil, nil, nil, {"app"}}},
		{analyzerEN, "the", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ix.phrase(tt.analyzer, tt.text)); diff != "" {
			t.Errorf("phrase(%s, %q) (-want +got):\n%s", tt.analyzer, tt.text, diff)
		}
		// Kept: the second answer is the first.
		if diff := cmp.Diff(tt.want, ix.phrase(tt.analyzer, tt.text)); diff != "" {
			t.Errorf("phrase(%s, %q) again (-want +got):\n%s", tt.analyzer, tt.text, diff)
		}
	}
}

// TestLearnedRefreshTakesTurns checks that the background learnings of
// expired theme tables wait for the one under way: while it runs, the
// searches of every scope keep the expired table at once, and once it is
// over each scope's table is learned again, over the index as it is now.
func TestLearnedRefreshTakesTurns(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	recs := sampleRecords(24)
	putAll(t, ix, recs[:20], 4)
	c := &ix.learned
	scopes := [][]string{{"acme"}, {"globex"}, {"initech", "umbrella"}}
	old := make([]*ThemeTable, len(scopes))
	for i, s := range scopes {
		var err error
		if old[i], err = c.get(ctx, ix, s, 0); err != nil {
			t.Fatal(err)
		}
	}
	putAll(t, ix, recs[20:], 4) // a commit: the tables are out of date

	c.turn.Lock() // a background learning under way
	for i, s := range scopes {
		got, err := c.get(ctx, ix, s, time.Nanosecond)
		if err != nil {
			t.Fatal(err)
		}
		if got != old[i] {
			t.Errorf("scope %v: a new table while another learning runs, want the expired one", s)
		}
	}
	c.mu.Lock()
	waiting := len(c.refreshing)
	for i, s := range scopes {
		if c.m[strings.Join(s, "\x00")].t != old[i] {
			t.Errorf("scope %v learned again while another learning runs", s)
		}
	}
	c.mu.Unlock()
	if waiting != len(scopes) {
		t.Errorf("%d scopes wait to be learned again, want %d", waiting, len(scopes))
	}
	c.turn.Unlock()
	c.wg.Wait()

	gen := ix.counts.gen.Load()
	for i, s := range scopes {
		key := strings.Join(s, "\x00")
		c.mu.Lock()
		e := c.m[key]
		c.mu.Unlock()
		if e.t == old[i] || e.gen != gen {
			t.Errorf("scope %v: table learned at generation %d (new %v), want a new one at %d", s, e.gen, e.t != old[i], gen)
		}
	}
}

// TestMeaningClauseLeavesOutStopWordPhrases checks that a theme's phrase
// of several words that stop words leave one word of ("log in", "fora do
// ar") is not sought as that word alone: it would find every document
// that says "log" or "ar".
func TestMeaningClauseLeavesOutStopWordPhrases(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	put(t, ix,
		record("en-log", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The log file is huge."}),
		record("en-inv", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice."}),
		record("pt-ar", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "O ar condicionado quebrou."}))
	themes := []nlp.QueryTheme{{Label: "mixed", Phrases: []nlp.ThemePhrase{
		{Lang: nlp.English, Text: "log in"}, {Lang: nlp.English, Text: "invoice"}, {Lang: nlp.Portuguese, Text: "fora do ar"},
	}}}
	for _, b := range []*builder{{tokens: ix.tokens}, {tokens: ix.tokens, phrase: ix.phrase}} {
		res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(b.meaningClause(themes, 1), 10, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if diff := cmp.Diff([]string{"en-inv"}, ids); diff != "" {
			t.Errorf("hits with phrase=%v (-want +got):\n%s", b.phrase != nil, diff)
		}
	}
}

// TestHeldTermsKeptByGeneration checks that whether a term is held is
// kept for the index generation it was asked at: asked again at that
// generation it comes from the kept answers, and after a commit that
// adds the term it is asked of the dictionaries again, and held.
func TestHeldTermsKeptByGeneration(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	put(t, ix, record("en-1", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The invoice is wrong."}))
	ask := func(term string) (bool, bool) {
		h := &heldTerms{ix: ix, ctx: ctx}
		defer h.close()
		held := h.holds(fieldTextEN, term)
		return held, h.keep
	}
	if held, keep := ask("zebra"); held || !keep {
		t.Fatalf("zebra held %v, kept %v: want false, true", held, keep)
	}
	if held, _ := ask("invoic"); !held {
		t.Fatal("invoic not held, want held")
	}
	gen := ix.counts.gen.Load()
	if _, ok := ix.held.m[heldKey{gen, fieldTextEN, "zebra"}]; !ok {
		t.Fatalf("no answer kept for zebra at generation %d", gen)
	}
	put(t, ix, record("en-2", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "A zebra crossing."}))
	if held, _ := ask("zebra"); !held {
		t.Error("after a commit adding it, zebra not held, want held")
	}
}

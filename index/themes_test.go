package index

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

func TestLearnThemes(t *testing.T) {
	t.Parallel()
	counts := []KeyCount{
		{"audit-log", 9},                   // a seed topic
		{"higher limit request", 2},        // "limit" and "request" are words of rate-limit's phrases
		{"credit limit", 2},                // "limit" without a word of its phrases is no rate limit
		{"netsuit", 3},                     // a product name
		{"job list netsuit", 1},            // shares "netsuit"
		{"netsuit piec", 1},                // shares "netsuit"
		{"clinic data", 1},                 // "data" is weak: no grouping
		{"data entri", 1},                  //
		{"bristol depot user", 1},          // "user" is weak; "depot" shared
		{"depot report split", 1},          //
		{"dark mode", 2},                   // shares nothing
		{"", 4},                            // no key: ignored
		{"carrier download", 2},            // "carrier" is in four keys, "download" in two
		{"carrier cincinnati download", 1}, //
		{"carrier load statement", 1},      // "statement" is in two
		{"carrier match statement", 1},     //
	}
	tbl := LearnThemes(counts, ThemeCorrections{})
	tests := []struct {
		name, key, want string
	}{
		{"seed topic", "audit-log", "audit-log"},
		{"seed anchor", "higher limit request", "rate-limit"},
		{"seed word alone", "credit limit", "limit"}, // a learned theme of the word, not rate-limit
		{"name", "netsuit", "netsuit"},
		{"shared name", "job list netsuit", "netsuit"},
		{"shared name again", "netsuit piec", "netsuit"},
		{"weak stem alone", "clinic data", "clinic data"},
		{"weak stem alone too", "data entri", "data entri"},
		{"shared stem", "bristol depot user", "depot"},
		{"own theme", "dark mode", "dark mode"},
		{"two sharers before four", "carrier cincinnati download", "download"},
		{"two sharers before four again", "carrier match statement", "statement"},
		{"unknown key", "never seen", "never seen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tbl.Canonical(tt.key); got != tt.want {
				t.Errorf("Canonical(%q) = %q, want %q (%s)", tt.key, got, tt.want, tbl.Why(tt.key))
			}
		})
	}
	if diff := cmp.Diff([]string{"job list netsuit", "netsuit", "netsuit piec"}, tbl.Members("netsuit")); diff != "" {
		t.Errorf("members of netsuit (-want +got):\n%s", diff)
	}
	if got := tbl.Why("higher limit request"); !strings.Contains(got, "rate-limit") {
		t.Errorf("why higher limit request = %q, want it to name rate-limit", got)
	}
	reversed := slices.Clone(counts)
	slices.Reverse(reversed)
	again := LearnThemes(reversed, ThemeCorrections{})
	for _, kc := range counts {
		if a, b := tbl.Canonical(kc.Key), again.Canonical(kc.Key); a != b {
			t.Errorf("order changes %q: %q, then %q", kc.Key, a, b)
		}
	}
}

func TestThemeCorrections(t *testing.T) {
	t.Parallel()
	counts := []KeyCount{{"audit-log", 5}, {"netsuit", 3}, {"netsuit piec", 1}, {"histori see way", 1}, {"erp", 2}}
	c, err := ParseThemeCorrections([]byte(`{
		"merge": [{"from": ["histori see way"], "into": "audit-log"}, {"from": ["netsuit", "erp"], "into": "erp-sync"}],
		"split": ["netsuit piec"],
		"labels": {"erp-sync": "ERP sync (NetSuite)"}
	}`))
	if err != nil {
		t.Fatal(err)
	}
	tbl := LearnThemes(counts, c)
	got := map[string]string{}
	for _, kc := range counts {
		got[kc.Key] = tbl.Canonical(kc.Key)
	}
	want := map[string]string{"audit-log": "audit-log", "netsuit": "erp-sync", "erp": "erp-sync",
		"netsuit piec": "netsuit piec", "histori see way": "audit-log"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("canonical themes (-want +got):\n%s", diff)
	}
	if l, ok := tbl.Label("erp-sync"); !ok || l != "ERP sync (NetSuite)" {
		t.Errorf("label of erp-sync = %q, %v", l, ok)
	}
	if w := tbl.Why("erp"); !strings.Contains(w, "admin") {
		t.Errorf("why erp = %q, want an admin merge", w)
	}
}

func TestParseThemeCorrectionsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, body, want string }{
		{"unknown field", `{"merges": []}`, "unknown field"},
		{"merge without keys", `{"merge": [{"into": "x"}]}`, "has no keys"},
		{"empty target", `{"merge": [{"from": ["a"], "into": " "}]}`, "empty merge target"},
		{"empty split", `{"split": [""]}`, "empty split key"},
		{"empty label", `{"labels": {"sso": ""}}`, "empty label"},
		{"long key", `{"split": ["` + strings.Repeat("k", maxKeyBytes+1) + `"]}`, "longer than"},
		{"not json", `merge sso into login`, "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseThemeCorrections([]byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one saying %q", err, tt.want)
			}
		})
	}
}

// TestHintsGroupAndCorrect checks that hints group a client's candidate
// keys into one theme, that an admin's split and label apply to what is
// already indexed, and that ThemesOf finds the theme from a phrase in
// either language.
func TestHintsGroupAndCorrect(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	at := daysAgo(10)
	specs := []mentionSpec{
		{key: "audit-log", theme: "audit trail", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9},
		{key: "audit-log", theme: "trilha de auditoria", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9},
		{key: "higher limit request", theme: "higher request limit", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8},
		{key: "rate-limit", theme: "rate limit", cue: "workaround", speaker: nlp.SpeakerCustomer, conf: 0.8},
	}
	for i, m := range specs {
		put(t, ix, needRecord(fmt.Sprintf("acme-%d", i), "acme", ckm.SourceEmail, at, m))
	}
	keysOf := func() map[string][]string {
		h, err := ix.Hints(ctx, HintsQuery{Client: "acme", Until: hintsNow})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][]string{}
		for _, x := range h.Hints {
			out[x.Label] = x.Keys
		}
		return out
	}
	want := map[string][]string{"audit trail": {"audit-log"}, "rate limit": {"higher limit request", "rate-limit"}}
	if diff := cmp.Diff(want, keysOf()); diff != "" {
		t.Errorf("grouped hints, label → keys (-want +got):\n%s", diff)
	}
	ix.SetThemeCorrections(ThemeCorrections{Split: []string{"higher limit request"}, Labels: map[string]string{"audit-log": "Audit log"}})
	want = map[string][]string{"Audit log": {"audit-log"}, "rate limit": {"rate-limit"}, "higher request limit": {"higher limit request"}}
	if diff := cmp.Diff(want, keysOf()); diff != "" {
		t.Errorf("corrected hints, label → keys (-want +got):\n%s", diff)
	}
	for _, phrase := range []string{"change history", "histórico de alterações", "who edited what"} {
		m, err := ix.ThemesOf(ctx, phrase, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 || m[0].Key != "audit-log" {
			t.Errorf("ThemesOf(%q) = %+v, want audit-log first", phrase, m)
		}
	}
}

// FuzzParseThemeCorrections: any body either fails with an error or gives
// corrections that validate, survive a JSON round trip and build a table
// that files every key somewhere.
func FuzzParseThemeCorrections(f *testing.F) {
	f.Add([]byte(`{"merge": [{"from": ["netsuit"], "into": "erp"}], "split": ["a b"], "labels": {"erp": "ERP"}}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"merge": [{"from": [], "into": ""}]}`))
	f.Add([]byte(`[1, 2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseThemeCorrections(b)
		if err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("parsed corrections do not validate: %v", err)
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ParseThemeCorrections(out); err != nil {
			t.Fatalf("round trip of %s: %v", out, err)
		}
		tbl := LearnThemes([]KeyCount{{"netsuit", 2}, {"a b", 1}, {"audit-log", 3}}, c)
		for _, k := range []string{"netsuit", "a b", "audit-log"} {
			if !slices.Contains(tbl.Members(tbl.Canonical(k)), k) {
				t.Fatalf("%q is not a member of its theme %q", k, tbl.Canonical(k))
			}
		}
	})
}

// BenchmarkThemes times learning the theme table at query time (every
// hints and emerging answer does it once) against its baseline, the
// theme_key facet that hints and emerging ran before grouping, on the
// 5,000-document bench index; and LearnThemes alone on 10,000 keys.
func BenchmarkThemes(b *testing.B) {
	ix := benchIndex(b)
	ctx := context.Background()
	b.Run("facet-baseline", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := ix.termCounts(ctx, needScope("", nil), fieldThemeKey, maxThemeTerms); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("learn-table", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Themes(ctx, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	words := []string{"audit", "netsuit", "export", "report", "store", "depot", "limit", "signatur", "offlin", "survey"}
	kc := make([]KeyCount, 10000)
	for i := range kc {
		kc[i] = KeyCount{Key: fmt.Sprintf("%s w%d", words[i%len(words)], i%997), Mentions: 1 + i%5}
	}
	b.Run("learn-10000-keys", func(b *testing.B) {
		for b.Loop() {
			LearnThemes(kc, ThemeCorrections{})
		}
	})
}

func TestFoldCandidates(t *testing.T) {
	t.Parallel()
	tbl := LearnThemes(nil, ThemeCorrections{Labels: map[string]string{"fixed": "Fixed"}})
	cued := func(cue, key, label string, docs ...string) candidate {
		var ms []mention
		for _, d := range docs {
			ms = append(ms, mention{docID: d, theme: label, cue: cue, conf: 0.9, at: hintsNow, speaker: nlp.SpeakerCustomer})
		}
		c := candidate{key: key, keys: []string{key}, count: len(ms), ms: ms}
		c.h = summarize(key, c.count, ms, hintsNow)
		return c
	}
	cand := func(key, label string, docs ...string) candidate { return cued("", key, label, docs...) }
	tests := []struct {
		name  string
		cands []candidate
		want  [][]string // keys of each kept theme
	}{
		{"label words contained", []candidate{cand("reporting", "relatório por loja", "a", "b"), cand("store", "lojas", "c")},
			[][]string{{"reporting", "store"}}},
		{"one document inside another theme's", []candidate{cand("netsuit", "NetSuite", "a", "b"), cand("data entri", "data entry", "b")},
			[][]string{{"netsuit", "data entri"}}},
		{"the renewal takes in no theme of its documents", []candidate{cand("renewal", "renewal", "a", "b"), cand("charg rata", "pro rata charges", "b")},
			[][]string{{"renewal"}, {"charg rata"}}},
		{"nor what is raised in the same documents", []candidate{cand("renewal", "renewal", "a", "b", "c"), cand("offline", "offline", "a", "b")},
			[][]string{{"renewal"}, {"offline"}}},
		{"but a rival named in the renewal's document is its story", []candidate{cand("renewal", "renewal", "a", "b"), cued("competitor", "concorrent", "concorrente", "b")},
			[][]string{{"renewal", "concorrent"}}},
		{"own documents stay apart", []candidate{cand("netsuit", "NetSuite", "a", "b"), cand("dark mode", "dark mode", "c")},
			[][]string{{"netsuit"}, {"dark mode"}}},
		{"two documents mostly apart stay apart", []candidate{cand("netsuit", "NetSuite", "a", "b", "c"), cand("dark mode", "dark mode", "a", "d")},
			[][]string{{"netsuit"}, {"dark mode"}}},
		{"one shared document of two stays apart", []candidate{cand("netsuit", "NetSuite", "a", "b"), cand("dark mode", "dark mode", "a", "c")},
			[][]string{{"dark mode"}, {"netsuit"}}}, // equal scores: by key
		{"raised in mostly the same documents", []candidate{cand("reporting", "relatório único", "a", "b", "c", "d"), cand("consolid", "consolidado", "a", "b", "e")},
			[][]string{{"reporting", "consolid"}}},
		{"a broad theme does not take a narrow one it shares two documents with", []candidate{cand("invoic", "invoice", "a", "b", "c", "d", "e"), cand("weight", "sell by weight", "a", "b")},
			[][]string{{"invoic"}, {"weight"}}},
		{"a seed topic does not fold into a learned theme", []candidate{cand("depot leed", "Leeds depot", "a", "b"), cand("offline", "offline", "a")},
			[][]string{{"depot leed"}, {"offline"}}},
		{"a specific seed topic does not fold into a broad one", []candidate{cand("pricing", "price list", "a", "b", "c"), cand("sustainability", "kWh per machine", "a", "b")},
			[][]string{{"pricing"}, {"sustainability"}}},
		{"but a broad one folds into a specific one", []candidate{cand("sustainability", "kWh per machine", "a", "b", "c"), cand("pricing", "price list", "a", "b")},
			[][]string{{"sustainability", "pricing"}}},
		{"documents a theme took in draw nothing more into it", []candidate{cand("reporting", "relatório por loja", "a", "b", "e"), cand("store", "lojas", "c", "d"), cand("dark mode", "dark mode", "c")},
			[][]string{{"reporting", "store"}, {"dark mode"}}},
		{"an admin's label stands", []candidate{cand("netsuit", "NetSuite", "a", "b"), cand("fixed", "NetSuite", "a")},
			[][]string{{"netsuit"}, {"fixed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got [][]string
			for _, c := range foldCandidates(tt.cands, tbl, nil, hintsNow) {
				got = append(got, c.keys)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("kept themes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestEmergingOneClientBurst: a theme only one client raises, however
// often, is flagged for that client but only rising across clients; the
// same theme from three clients is flagged.
func TestEmergingOneClientBurst(t *testing.T) {
	ix := newIndex(t, Config{})
	outage := mentionSpec{key: "outag", theme: "outage", cue: "pain", speaker: nlp.SpeakerCustomer, conf: 0.8}
	wa := mentionSpec{key: "whatsapp", theme: "WhatsApp", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	recs := quietHistory("acme", "globex", "initech")
	for _, d := range []int{2, 4, 6, 8, 10, 12} {
		recs = append(recs, needRecord(fmt.Sprintf("acme-outage-%d", d), "acme", ckm.SourceTicket, daysAgo(d), outage))
	}
	for i, c := range []string{"acme", "globex", "initech", "acme", "globex", "initech"} {
		recs = append(recs, needRecord(fmt.Sprintf("%s-wa-%d", c, i), c, ckm.SourceEmail, daysAgo(3+3*i), wa))
	}
	put(t, ix, recs...)
	ctx := context.Background()
	keys := func(ts []EmergingTheme) []string {
		out := []string{}
		for _, x := range ts {
			out = append(out, x.Key)
		}
		return out
	}
	all, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"whatsapp"}, keys(all.Themes)); diff != "" {
		t.Errorf("flagged across clients (-want +got):\n%s", diff)
	}
	if !slices.Contains(keys(all.Rising), "outag") {
		t.Errorf("rising across clients = %v, want the outage among them", keys(all.Rising))
	}
	one, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow, Client: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(keys(one.Themes), "outag") {
		t.Errorf("flagged for acme = %v, want the outage", keys(one.Themes))
	}
}

// TestEverydayStems: a word that runs through most of one client's
// documents without being what its needs ask for ("depot") anchors no
// theme, so two clients' needs that share only it stay apart; a word that
// most documents raise as a need ("whatsapp") still groups.
func TestEverydayStems(t *testing.T) {
	t.Parallel()
	ix := newIndex(t, Config{})
	var recs []Record
	leeds := mentionSpec{key: "depot leed", theme: "Leeds depot", cue: "pain", speaker: nlp.SpeakerCustomer, conf: 0.7}
	bristol := mentionSpec{key: "bristol depot", theme: "Bristol depot", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	wa := mentionSpec{key: "whatsapp", theme: "WhatsApp", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	wa2 := mentionSpec{key: "whatsapp busi", theme: "WhatsApp Business", cue: "question", speaker: nlp.SpeakerCustomer, conf: 0.7}
	for i := range 10 {
		var specs []mentionSpec
		switch i {
		case 0:
			specs = append(specs, leeds)
		case 1, 2, 3, 4, 5, 6:
			specs = append(specs, wa)
		}
		r := needRecord(fmt.Sprintf("north-%d", i), "north", ckm.SourceEmail, daysAgo(10*i+1), specs...)
		if i < 8 {
			extra := "The depot team wrote again, the WhatsApp group is busy."
			start := len(r.Document.Text) + 1
			r.Document.Text += " " + extra
			r.Analysis.Sentences = append(r.Analysis.Sentences, nlp.Sentence{Text: extra, Start: start, End: start + len(extra), Language: nlp.English})
		}
		recs = append(recs, r)
	}
	recs = append(recs, needRecord("south-1", "south", ckm.SourceCall, daysAgo(3), bristol, wa2))
	put(t, ix, recs...)
	tbl, err := ix.Themes(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := tbl.Canonical("depot leed"), tbl.Canonical("bristol depot"); a == b {
		t.Errorf("depot leed and bristol depot are one theme %q (%s; %s), want apart: depot is north's everyday word", a, tbl.Why("depot leed"), tbl.Why("bristol depot"))
	}
	if a, b := tbl.Canonical("whatsapp"), tbl.Canonical("whatsapp busi"); a != b {
		t.Errorf("whatsapp and whatsapp busi are %q and %q, want one theme: north's needs raise it", a, b)
	}
}

// TestEmergingNewAcross: a theme three clients raise once each in the
// window, and nobody before, is flagged as new across clients though
// three mentions are too few for the test; so is one two clients raise as
// a need and a third names in a document of the window without stating a
// need; one raised by two clients, or by three of which one had raised
// it before the window, or asked for with a baseline period (so "before"
// is not all history), is not. Two needs of two clients are enough when a
// third client writes the subject in the window and no document wrote it
// before, for a seed topic by one of its phrases in its language ("dados
// pessoais" for data-privacy); "phishing", written in more than
// maxEarlierDocs documents before the window, keeps fraud from being
// flagged: the subject is not new in writing. One earlier aside does not
// ("the rota is fine as it is", then three clients ask for the rota). A
// learned theme's subject is the words all its keys share: a QR code
// three clients ask for is new though "code" (its anchor) was written
// before in "tax codes", and a pin on the map is not, for "a pin on the
// map" was written again and again before; nor is a budget, keyed by the
// concept's stem, whose Portuguese word "orçamento" was.
func TestEmergingNewAcross(t *testing.T) {
	ix := newIndex(t, Config{})
	recs := quietHistory("acme", "globex", "initech", "umbrella")
	recs = append(recs, needRecord("umbrella-kiosk-old", "umbrella", ckm.SourceEmail, daysAgo(90), requestOf("kiosk")))
	for i, c := range []string{"acme", "globex", "initech"} {
		recs = append(recs,
			needRecord(fmt.Sprintf("%s-budget", c), c, ckm.SourceEmail, daysAgo(4+5*i), requestOf("budget")),
			needRecord(fmt.Sprintf("%s-payroll", c), c, ckm.SourceEmail, daysAgo(3+5*i), requestOf("payroll")),
			needRecord(fmt.Sprintf("%s-kiosk", c), c, ckm.SourceEmail, daysAgo(4+5*i), requestOf("kiosk")),
			needRecord(fmt.Sprintf("%s-rota", c), c, ckm.SourceCall, daysAgo(2+5*i), requestOf("rota")))
	}
	recs = append(recs, record("umbrella-rota-before", "umbrella", ckm.SourceCall, daysAgo(80), sentence{nlp.English, "Customer: the rota is fine as it is."}))
	for i, c := range []string{"acme", "globex", "acme"} {
		recs = append(recs,
			needRecord(fmt.Sprintf("%s-badge-%d", c, i), c, ckm.SourceCall, daysAgo(5+5*i), requestOf("badge")),
			needRecord(fmt.Sprintf("%s-visa-%d", c, i), c, ckm.SourceEmail, daysAgo(6+5*i), requestOf("visa")))
	}
	recs = append(recs,
		record("umbrella-visa-said", "umbrella", ckm.SourceCall, daysAgo(8), sentence{nlp.English, "Agent: anything else? Customer: the visa letters came up again."}),
		record("initech-badge-before", "initech", ckm.SourceCall, daysAgo(70), sentence{nlp.English, "Customer: the badge printer is fine."}))
	for i, c := range []string{"acme", "globex"} {
		recs = append(recs,
			needRecord(fmt.Sprintf("%s-privacy", c), c, ckm.SourceEmail, daysAgo(7+5*i), requestOf("data-privacy")),
			needRecord(fmt.Sprintf("%s-fraud", c), c, ckm.SourceEmail, daysAgo(8+5*i), requestOf("fraud")))
	}
	recs = append(recs,
		record("initech-dados", "initech", ckm.SourceEmail, daysAgo(9), sentence{nlp.Portuguese, "Uma cliente pediu a exclusão dos dados pessoais dela."}),
		record("initech-scam", "initech", ckm.SourceCall, daysAgo(10), sentence{nlp.English, "Customer: a scam text went round our parents."}),
	)
	for i := range maxEarlierDocs + 1 { // phishing, map pins and "orçamento" (a budget) are everyday words
		c := []string{"umbrella", "initech"}[i%2]
		recs = append(recs,
			record(fmt.Sprintf("%s-orcamento-before-%d", c, i), c, ckm.SourceCall, daysAgo(110+i), sentence{nlp.Portuguese, "Cliente: mandei o orçamento da obra pro síndico ontem."}),
			record(fmt.Sprintf("%s-phishing-before-%d", c, i), c, ckm.SourceCall, daysAgo(100+i), sentence{nlp.English, "Customer: we had a phishing email last spring."}),
			record(fmt.Sprintf("%s-pin-before-%d", c, i), c, ckm.SourceCall, daysAgo(85+i), sentence{nlp.English, "Customer: can the techs drop a pin on the map?"}))
	}
	qr := []string{"code etiquet qr", "code col port qr", "code pest qr"}
	pin := []string{"map pin site", "door map pin", "lay map pin"}
	for i, c := range []string{"acme", "globex", "initech"} {
		recs = append(recs,
			needRecord(fmt.Sprintf("%s-qr", c), c, ckm.SourceEmail, daysAgo(4+5*i), mentionSpec{key: qr[i], theme: "QR code", text: "a QR code on each site", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}),
			needRecord(fmt.Sprintf("%s-pin", c), c, ckm.SourceEmail, daysAgo(5+5*i), mentionSpec{key: pin[i], theme: "map pin", text: "a pin on the site map", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}))
	}
	recs = append(recs,
		record("umbrella-tax-codes-before", "umbrella", ckm.SourceEmail, daysAgo(90), sentence{nlp.English, "Customer: where do I set up the tax codes for Travis County?"}))
	put(t, ix, recs...)
	ctx := context.Background()
	all, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, x := range all.Themes {
		flagged = append(flagged, x.Key)
		if x.Key == "payroll" && (!x.NewAcross || x.Significant || len(x.Clients) != 3) {
			t.Errorf("payroll: new across %v, significant %v, clients %v; want new across, not significant, three clients", x.NewAcross, x.Significant, x.Clients)
		}
		if x.Key == "data-privacy" && !slices.Equal(x.Clients, []string{"acme", "globex", "initech"}) {
			t.Errorf("data-privacy: clients %v, want acme and globex by their needs and initech by its email", x.Clients)
		}
		if x.Key == "visa" && !slices.Equal(x.Clients, []string{"acme", "globex", "umbrella"}) {
			t.Errorf("visa: clients %v, want acme and globex by their needs and umbrella by its call", x.Clients)
		}
	}
	slices.Sort(flagged)
	if diff := cmp.Diff([]string{"code", "data-privacy", "payroll", "rota", "visa"}, flagged); diff != "" {
		t.Errorf("flagged (-want +got):\n%s", diff)
	}
	withBaseline, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow, Baseline: 60 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range withBaseline.Themes {
		if x.NewAcross {
			t.Errorf("with a baseline period, %s flagged as new across clients", x.Key)
		}
	}
}

// TestEmergingEvidenceAcrossClients: a subject new across clients is
// shown by each client that raises it; initech, which only wrote its words
// in the window ("the drone survey jobs"), by the need of its document
// that follows them, not by a need elsewhere in the document.
func TestEmergingEvidenceAcrossClients(t *testing.T) {
	ix := newIndex(t, Config{})
	recs := quietHistory("acme", "globex", "initech")
	recs = append(recs,
		needRecord("acme-drone", "acme", ckm.SourceEmail, daysAgo(3), mentionSpec{key: "drone survey", theme: "drone survey", text: "a drone survey of the roof", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}),
		needRecord("globex-drone", "globex", ckm.SourceEmail, daysAgo(7), mentionSpec{key: "drone survey", theme: "drone survey", text: "the drone survey upload", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.6}))
	initech := record("initech-drone", "initech", ckm.SourceCall, daysAgo(9),
		sentence{nlp.English, "Customer: we invoice late."}, sentence{nlp.English, "First, the drone survey jobs."}, sentence{nlp.English, "Where do the photos from the flight go?"})
	for i, k := range []string{"invoic late", "photo flight"} {
		ss := initech.Analysis.Sentences[2*i]
		initech.Analysis.Needs = append(initech.Analysis.Needs, nlp.Need{Kind: nlp.KindExplicit, Cue: "request", Theme: k, ThemeKey: k,
			Text: ss.Text, Start: ss.Start, End: ss.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.7})
	}
	recs = append(recs, initech)
	put(t, ix, recs...)
	em, err := ix.Emerging(context.Background(), EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(em.Themes) != 1 || !em.Themes[0].NewAcross {
		t.Fatalf("flagged %+v, want the drone survey, new across clients", em.Themes)
	}
	var got []string
	for _, e := range em.Themes[0].Evidence {
		got = append(got, e.Client+": "+e.Text)
	}
	want := []string{
		"acme: Need 0: a drone survey of the roof (request).",
		"globex: Need 0: the drone survey upload (request).",
		"initech: Where do the photos from the flight go?",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
}

// TestPickAcross: the evidence of a theme across clients shows each
// client's best mention before any client's second, and is
// pickEvidence's when there are too few mentions to choose.
func TestPickAcross(t *testing.T) {
	m := func(id, client string, conf float64) mention {
		return mention{id: id, docID: id, client: client, speaker: nlp.SpeakerCustomer, conf: conf, at: daysAgo(1)}
	}
	tests := []struct {
		ms   []mention
		want []string
	}{
		{[]mention{m("a1", "acme", 0.9), m("a2", "acme", 0.8), m("a3", "acme", 0.7), m("g1", "globex", 0.5), m("i1", "initech", 0.4)}, []string{"a1", "g1", "i1"}},
		{[]mention{m("a1", "acme", 0.9), m("a2", "acme", 0.8), m("g1", "globex", 0.5), m("g2", "globex", 0.4)}, []string{"a1", "g1", "a2"}},
		{[]mention{m("a1", "acme", 0.9), m("a2", "acme", 0.8)}, []string{"a1", "a2"}},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range pickAcross(tt.ms, hintsNow) {
			got = append(got, e.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("pickAcross = %v, want %v", got, tt.want)
		}
	}
}

// TestEmergingLeavesAccountTopics: a wave of renewal and pricing talk
// across clients is the calendar, not a new subject, and is never
// flagged, while a product theme with the same mentions is.
func TestEmergingLeavesAccountTopics(t *testing.T) {
	ix := newIndex(t, Config{})
	recs := quietHistory("acme", "globex", "initech", "umbrella")
	for i, c := range []string{"acme", "globex", "initech", "umbrella"} {
		for j, key := range []string{"renewal", "pricing", "kiosk"} {
			for n := range 2 {
				recs = append(recs, needRecord(fmt.Sprintf("%s-%s-%d", c, key, n), c, ckm.SourceEmail, daysAgo(2+i+5*n+j), requestOf(key)))
			}
		}
	}
	put(t, ix, recs...)
	all, err := ix.Emerging(context.Background(), EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	var flagged []string
	for _, x := range all.Themes {
		flagged = append(flagged, x.Key)
	}
	if !slices.Equal(flagged, []string{"kiosk"}) {
		t.Errorf("flagged %v, want only kiosk (renewal and pricing are the account's)", flagged)
	}
}

// quietHistory returns a need-free note of each client every ten days
// from 150 to 40 days ago: the documents before an emerging window.
func quietHistory(clients ...string) []Record {
	var recs []Record
	for d := 150; d > 30; d -= 10 {
		for _, c := range clients {
			recs = append(recs, needRecord(fmt.Sprintf("%s-old-%d", c, d), c, ckm.SourceNote, daysAgo(d)))
		}
	}
	return recs
}

// requestOf is a customer's request keyed and themed key.
func requestOf(key string) mentionSpec {
	return mentionSpec{key: key, theme: key, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
}

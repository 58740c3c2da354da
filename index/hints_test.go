package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// hintsNow is the "now" of the hints corpus.
var hintsNow = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// daysAgo is hintsNow minus d days.
func daysAgo(d int) time.Time { return hintsNow.AddDate(0, 0, -d) }

// mentionSpec is one need of a hand-built record.
type mentionSpec struct {
	key, theme, cue, speaker string
	text                     string // the sentence's words; the theme when empty
	negated                  bool
	conf                     float64
}

var (
	invoice = mentionSpec{key: "invoic number po", theme: "PO number on invoice", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	sso     = mentionSpec{key: "sso", theme: "SSO", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	excel   = mentionSpec{key: "excel export", theme: "export to Excel", cue: "workaround", speaker: nlp.SpeakerUnknown, conf: 0.7}
)

// needRecord builds a document whose text is one sentence per need.
func needRecord(id, client string, src ckm.Source, at time.Time, specs ...mentionSpec) Record {
	rec := record(id, client, src, at, sentence{nlp.English, "Notes from " + id + "."})
	for i, m := range specs {
		words := m.text
		if words == "" {
			words = m.theme
		}
		text := fmt.Sprintf("Need %d: %s (%s).", i, words, m.cue)
		start := len(rec.Document.Text) + 1
		rec.Document.Text += " " + text
		kind := nlp.KindExplicit
		if m.cue != "request" {
			kind = nlp.KindImplied
		}
		rec.Analysis.Needs = append(rec.Analysis.Needs, nlp.Need{Kind: kind, Cue: m.cue, Theme: m.theme, ThemeKey: m.key,
			Text: text, Start: start, End: start + len(text), Speaker: m.speaker, Negated: m.negated, Confidence: m.conf})
	}
	return rec
}

// hintsCorpus is three clients over six months. globex asks for PO numbers
// on invoices all along and exports to Excel every few weeks; SSO appears
// before the last 30 days only negated or from an agent, then all three
// clients ask for it; acme raises the invoice theme for the first time in
// the window; initech has a document every week without needs.
func hintsCorpus() []Record {
	var recs []Record
	add := func(r Record) { recs = append(recs, r) }
	for i, d := range []int{150, 120, 90, 60, 10} {
		src := []ckm.Source{ckm.SourceEmail, ckm.SourceCall, ckm.SourceTicket}[i%3]
		add(needRecord(fmt.Sprintf("globex-invoice-%d", d), "globex", src, daysAgo(d), invoice))
	}
	for _, d := range []int{100, 40} {
		add(needRecord(fmt.Sprintf("initech-invoice-%d", d), "initech", ckm.SourceEmail, daysAgo(d), invoice))
	}
	add(needRecord("acme-invoice-20", "acme", ckm.SourceCall, daysAgo(20), invoice, invoice))
	for d := 170; d >= 10; d -= 20 {
		add(needRecord(fmt.Sprintf("globex-excel-%d", d), "globex", ckm.SourceNote, daysAgo(d), excel))
	}
	negated, agent := sso, sso
	negated.negated = true
	agent.speaker = nlp.SpeakerAgent
	add(needRecord("globex-sso-170", "globex", ckm.SourceCall, daysAgo(170), negated))
	add(needRecord("globex-sso-80", "globex", ckm.SourceCall, daysAgo(80), agent))
	for _, c := range []struct {
		client string
		days   []int
	}{{"globex", []int{5, 12}}, {"initech", []int{3, 8}}, {"acme", []int{2, 15, 25}}} {
		for _, d := range c.days {
			add(needRecord(fmt.Sprintf("%s-sso-%d", c.client, d), c.client, ckm.SourceCall, daysAgo(d), sso))
		}
	}
	for d := 175; d > 0; d -= 7 {
		add(needRecord(fmt.Sprintf("initech-weekly-%d", d), "initech", ckm.SourceNote, daysAgo(d)))
	}
	return recs
}

func hintsIndex(t *testing.T) *Index {
	t.Helper()
	ix := newIndex(t, Config{})
	put(t, ix, hintsCorpus()...)
	return ix
}

func TestHints(t *testing.T) {
	ix := hintsIndex(t)
	ctx := context.Background()
	h, err := ix.Hints(ctx, HintsQuery{Client: "globex", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(h.Hints))
	byKey := map[string]Hint{}
	for i, x := range h.Hints {
		keys[i] = x.Key
		byKey[x.Key] = x
	}
	// With a 60-day half-life: invoice: 5 × 0.9, decayed, × 1.5 for three
	// sources ≈ 2.93; excel: 9 × 0.7 × 0.8 (unknown speaker), every 20
	// days for six months ≈ 2.12; sso: 2 recent × 0.9 ≈ 1.63. A theme
	// that runs through the half year outweighs two recent mentions.
	if diff := cmp.Diff([]string{"po-number", "excel export", "sso"}, keys); diff != "" {
		t.Errorf("themes (-want +got):\n%s", diff)
	}
	if h.Mentions != 16 || h.Themes != 3 {
		t.Errorf("mentions, themes = %d, %d; want 16, 3 (negated and agent needs left out)", h.Mentions, h.Themes)
	}

	s := byKey["sso"]
	want := 0.9 * (math.Exp2(-float64(5*24*time.Hour)/float64(HalfLife)) + math.Exp2(-float64(12*24*time.Hour)/float64(HalfLife)))
	if s.Count != 2 || s.Documents != 2 || math.Abs(s.Score-want) > 0.001 {
		t.Errorf("sso: count %d, documents %d, score %v; want 2, 2, %.3f", s.Count, s.Documents, s.Score, want)
	}
	if s.Trend.Direction != "new" || s.Trend.Recent != 2 || s.Trend.Before != 0 {
		t.Errorf("sso trend = %+v, want new with 2 recent", s.Trend)
	}
	if !s.FirstSeen.Equal(daysAgo(12)) || !s.LastSeen.Equal(daysAgo(5)) {
		t.Errorf("sso seen %v .. %v, want %v .. %v", s.FirstSeen, s.LastSeen, daysAgo(12), daysAgo(5))
	}

	inv := byKey["po-number"]
	if diff := cmp.Diff(map[string]int{"email": 2, "call": 2, "ticket": 1}, inv.Sources); diff != "" {
		t.Errorf("invoice sources (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"request": 5}, inv.Cues); diff != "" {
		t.Errorf("invoice cues (-want +got):\n%s", diff)
	}
	if inv.Label != "PO number on invoice" || inv.Kinds[nlp.KindExplicit] != 5 {
		t.Errorf("invoice label %q, kinds %v", inv.Label, inv.Kinds)
	}
	if len(inv.Evidence) != 3 || inv.Evidence[0].DocID != "globex-invoice-10" {
		t.Errorf("invoice evidence = %+v, want 3, the newest (strongest) first", inv.Evidence)
	}
	for _, x := range h.Hints {
		for _, e := range x.Evidence {
			if !strings.HasPrefix(e.DocID, "globex-") || !strings.Contains(e.Text, x.Label) || e.At.IsZero() {
				t.Errorf("%s: evidence %+v is not a globex sentence about %q", x.Key, e, x.Label)
			}
		}
	}
	if e := byKey["excel export"]; e.Trend.Direction != "steady" && e.Trend.Direction != "falling" {
		t.Errorf("excel trend = %+v, want steady or falling", e.Trend)
	}
}

func TestHintsQuery(t *testing.T) {
	ix := hintsIndex(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		q        HintsQuery
		wantKeys []string
		wantErr  error
	}{
		{"limit", HintsQuery{Client: "globex", Until: hintsNow, Limit: 1}, []string{"po-number"}, nil},
		{"until", HintsQuery{Client: "globex", Until: daysAgo(30)}, []string{"po-number", "excel export"}, nil},
		{"since", HintsQuery{Client: "globex", Since: daysAgo(13), Until: hintsNow}, []string{"sso", "po-number", "excel export"}, nil},
		{"two mentions in one document", HintsQuery{Client: "acme", Until: hintsNow}, []string{"sso", "po-number"}, nil},
		{"no needs", HintsQuery{Client: "nobody", Until: hintsNow}, []string{}, nil},
		{"in scope", HintsQuery{Client: "globex", Until: hintsNow, Limit: 1, Clients: []string{"acme", "globex"}}, []string{"po-number"}, nil},
		{"out of scope", HintsQuery{Client: "globex", Clients: []string{"acme"}}, nil, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := ix.Hints(ctx, tt.q)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			keys := []string{}
			for _, x := range h.Hints {
				keys = append(keys, x.Key)
			}
			if diff := cmp.Diff(tt.wantKeys, keys); diff != "" {
				t.Errorf("themes (-want +got):\n%s", diff)
			}
		})
	}
	h, err := ix.Hints(ctx, HintsQuery{Client: "acme", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	inv := h.Hints[slices.IndexFunc(h.Hints, func(x Hint) bool { return x.Key == "po-number" })]
	if inv.Count != 2 || inv.Documents != 1 || len(inv.Evidence) != 1 {
		t.Errorf("acme invoice: count %d, documents %d, evidence %d; want 2, 1, 1", inv.Count, inv.Documents, len(inv.Evidence))
	}
}

func TestEmerging(t *testing.T) {
	ix := hintsIndex(t)
	ctx := context.Background()
	e, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Themes) != 1 || e.Themes[0].Key != "sso" {
		t.Fatalf("emerging themes = %+v, want sso alone", e.Themes)
	}
	got := e.Themes[0]
	if got.Recent != 7 || got.Baseline != 0 || got.Q >= DefaultAlpha || got.Lift <= 1 || got.Label != "SSO" {
		t.Errorf("sso = %+v", got)
	}
	if diff := cmp.Diff([]string{"acme", "globex", "initech"}, got.Clients); diff != "" {
		t.Errorf("sso clients (-want +got):\n%s", diff)
	}
	if len(got.Evidence) != 3 || got.Evidence[0].DocID != "acme-sso-2" {
		t.Errorf("sso evidence = %+v", got.Evidence)
	}
	if e.Window != "30d" || e.Tested != 3 || e.RecentDocuments == 0 || e.BaselineDocuments == 0 {
		t.Errorf("window %q, tested %d, documents %d/%d", e.Window, e.Tested, e.RecentDocuments, e.BaselineDocuments)
	}
	wantNew := []NewTheme{{Client: "acme", Key: "po-number", Keys: []string{"invoic number po"}, Label: "PO number on invoice", FirstSeen: daysAgo(20), Recent: 2, Clients: 2,
		RaisedBy: []RaisedBy{{Client: "globex", FirstSeen: daysAgo(150), Count: 4}, {Client: "initech", FirstSeen: daysAgo(100), Count: 2}}}}
	if diff := cmp.Diff(wantNew, e.NewToClient, cmpIgnoreEvidence); diff != "" {
		t.Errorf("new to client (-want +got):\n%s", diff)
	}
	if ev := e.NewToClient[0].Evidence; len(ev) != 1 || ev[0].DocID != "acme-invoice-20" || ev[0].Text == "" {
		t.Errorf("new to client evidence = %+v", ev)
	}
}

var cmpIgnoreEvidence = cmp.FilterPath(func(p cmp.Path) bool {
	return p.Last().String() == ".Evidence"
}, cmp.Ignore())

func TestEmergingScope(t *testing.T) {
	ix := hintsIndex(t)
	ctx := context.Background()
	tests := []struct {
		name        string
		q           EmergingQuery
		wantNew     []string // "client/key: earlier clients"
		wantThemes  []string
		wantErr     error
		wantClients []string // of the first theme
	}{
		{name: "one client", q: EmergingQuery{Client: "acme", Now: hintsNow},
			wantNew: []string{"acme/po-number: globex initech"}, wantThemes: []string{}},
		{name: "scope hides a client", q: EmergingQuery{Client: "acme", Now: hintsNow, Clients: []string{"acme", "initech"}},
			wantNew: []string{"acme/po-number: initech"}, wantThemes: []string{}},
		{name: "alone in scope", q: EmergingQuery{Now: hintsNow, Clients: []string{"acme"}},
			wantNew: []string{}, wantThemes: []string{}},
		{name: "scope of two", q: EmergingQuery{Now: hintsNow, Clients: []string{"globex", "initech"}},
			wantNew: []string{}, wantThemes: []string{"sso"}, wantClients: []string{"globex", "initech"}},
		{name: "client out of scope", q: EmergingQuery{Client: "globex", Clients: []string{"acme"}}, wantErr: ErrNotFound},
		{name: "window of a week", q: EmergingQuery{Now: hintsNow, Window: 7 * 24 * time.Hour},
			wantNew: []string{}, wantThemes: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := ix.Emerging(ctx, tt.q)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			gotNew := []string{}
			for _, n := range e.NewToClient {
				var by []string
				for _, r := range n.RaisedBy {
					by = append(by, r.Client)
				}
				gotNew = append(gotNew, n.Client+"/"+n.Key+": "+strings.Join(by, " "))
			}
			if diff := cmp.Diff(tt.wantNew, gotNew); diff != "" {
				t.Errorf("new to client (-want +got):\n%s", diff)
			}
			themes := []string{}
			for _, x := range e.Themes {
				themes = append(themes, x.Key)
			}
			if diff := cmp.Diff(tt.wantThemes, themes); diff != "" {
				t.Errorf("themes (-want +got):\n%s", diff)
			}
			if tt.wantClients != nil && len(e.Themes) > 0 {
				if diff := cmp.Diff(tt.wantClients, e.Themes[0].Clients); diff != "" {
					t.Errorf("clients of %s (-want +got):\n%s", e.Themes[0].Key, diff)
				}
			}
		})
	}
}

// benchIndex holds 5,000 documents of 10 clients over a year, with two
// needs each drawn from 200 themes.
func benchIndex(b *testing.B) *Index {
	b.Helper()
	ix := newIndex(b, Config{})
	recs := make([]Record, 0, 5000)
	for i := range 5000 {
		specs := make([]mentionSpec, 2)
		for j := range specs {
			k := (i*7 + j*13) % 200
			specs[j] = mentionSpec{key: fmt.Sprintf("theme %d", k), theme: fmt.Sprintf("Theme %d", k), cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
		}
		recs = append(recs, needRecord(fmt.Sprintf("doc-%d", i), fmt.Sprintf("client-%d", i%10), ckm.SourceEmail, daysAgo(i%365), specs...))
	}
	putAll(b, ix, recs, 8)
	return ix
}

func BenchmarkHintsAndEmerging(b *testing.B) {
	ix := benchIndex(b)
	ctx := context.Background()
	b.Run("hints", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Hints(ctx, HintsQuery{Client: "client-3", Until: hintsNow}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("emerging", func(b *testing.B) {
		for b.Loop() {
			if _, err := ix.Emerging(ctx, EmergingQuery{Now: hintsNow}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestVagueKeys(t *testing.T) {
	t.Parallel()
	common := map[string]bool{"job": true, "shift": true, "swap": false}
	for _, tt := range []struct {
		name string
		keys []string
		want bool
	}{
		{"common stem alone", []string{"job"}, true},
		{"common and weak stems", []string{"job user"}, true},
		{"a specific stem", []string{"job netsuit"}, false},
		{"one specific key of several", []string{"shift", "shift swap"}, false},
		{"seed topic", []string{"audit-log"}, false},
		{"no keys", nil, false},
	} {
		if got := vagueKeys(tt.keys, common); got != tt.want {
			t.Errorf("%s: vagueKeys(%q) = %v, want %v", tt.name, tt.keys, got, tt.want)
		}
	}
	if !named("WhatsApp messages") || !named("ERP") || named("shift change") {
		t.Error("named: want true for WhatsApp and ERP, false for shift change")
	}
}

func TestSharesStemAndOwnName(t *testing.T) {
	t.Parallel()
	common := map[string]bool{"depot": true}
	for _, tt := range []struct {
		name string
		a, b []string
		want bool
	}{
		{"a specific stem", []string{"sal status"}, []string{"manutenca ordem sal"}, true},
		{"a third of the stems", []string{"aparec sal status"}, []string{"manutenca ordem sal"}, false},
		{"one stem of many", []string{"freez holiday individu member"}, []string{"member"}, false},
		{"half of the weaker's stems", []string{"member freez", "freez"}, []string{"member book class"}, true},
		{"only a common stem", []string{"depot leed"}, []string{"bristol depot"}, false},
		{"only a weak stem", []string{"user add"}, []string{"user nov"}, false},
		{"seed topics", []string{"audit-log"}, []string{"audit-log"}, false},
	} {
		if got := sharesStem(tt.a, tt.b, common); got != tt.want {
			t.Errorf("%s: sharesStem(%q, %q) = %v, want %v", tt.name, tt.a, tt.b, got, tt.want)
		}
	}
	shop := map[string]bool{"note": true, "machin": true}
	for _, tt := range []struct {
		keys   []string
		client string
		want   bool
	}{
		{[]string{"contato plus"}, "contato-plus", true},
		{[]string{"contato plus escal"}, "contato-plus", false},
		{nil, "acme", false},
		{[]string{"note holli", "holli precis"}, "hollis-precision", true},     // "note" an everyday word
		{[]string{"holli llc machin precis deburr"}, "hollis-precision", true}, // a registered name
		{[]string{"note machin"}, "hollis-precision", false},                   // no word of the name
		{[]string{"holli deburr"}, "hollis-precision", false},                  // a word of its own
		{[]string{"lone star"}, "lonestar-language", true},                     // the name written apart
		{[]string{"crane star"}, "starcrane-hire", true},                       // in the key's sorted order
		{[]string{"lone tree"}, "lonestar-language", false},                    // not the name
	} {
		if got := ownName(tt.keys, tt.client, shop); got != tt.want {
			t.Errorf("ownName(%q, %q) = %v, want %v", tt.keys, tt.client, got, tt.want)
		}
	}
}

// TestLearnedTableKeptPerGeneration: hints and emerging reuse a learned
// theme table only while the index and the corrections are unchanged.
func TestLearnedTableKeptPerGeneration(t *testing.T) {
	ix := hintsIndex(t)
	ctx := context.Background()
	get := func() *ThemeTable {
		t.Helper()
		tab, err := ix.learned.get(ctx, ix, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	first := get()
	if get() != first {
		t.Fatal("the table was learned again with nothing committed")
	}
	put(t, ix, needRecord("late-1", "acme", ckm.SourceCall, daysAgo(1), sso))
	second := get()
	if second == first {
		t.Fatal("the table learned before a commit served after it")
	}
	ix.SetThemeCorrections(ThemeCorrections{Labels: map[string]string{"sso": "Single sign-on"}})
	if get() == second {
		t.Fatal("the table learned before a correction served after it")
	}
}

// TestHintsLeaveOutIncidents checks that a theme raised in one document
// only as pain is left out of the hints (a learned key, a broad seed
// topic), while the same in a document that says it recurs, under a
// specific seed topic, pain in two documents, and a one-document request
// stay; every mention still counts.
func TestHintsLeaveOutIncidents(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	pain := func(key, theme string) mentionSpec {
		return mentionSpec{key: key, theme: theme, cue: "pain", speaker: nlp.SpeakerCustomer, conf: 0.8}
	}
	recs := []Record{
		needRecord("acme-1", "acme", ckm.SourceChat, daysAgo(2), pain("pdf", "cannot attach a PDF")),
		needRecord("acme-2", "acme", ckm.SourceTicket, daysAgo(3), pain("sync", "the sync failed again")),
		needRecord("acme-3", "acme", ckm.SourceTicket, daysAgo(20), pain("slow", "slow dashboard")),
		needRecord("acme-4", "acme", ckm.SourceEmail, daysAgo(9), pain("slow", "slow dashboard")),
		needRecord("acme-5", "acme", ckm.SourceEmail, daysAgo(30), sso),
		needRecord("acme-6", "acme", ckm.SourceTicket, daysAgo(4), pain("rate-limit", "HTTP 429 on the nightly sync")),
		needRecord("acme-7", "acme", ckm.SourceChat, daysAgo(1), pain("reliability", "the system is down")),
	}
	for _, r := range recs {
		put(t, ix, r)
	}
	h, err := ix.Hints(ctx, HintsQuery{Client: "acme", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	got := sortedHintKeys(h)
	if diff := cmp.Diff([]string{"rate-limit", "slow", "sso", "sync"}, got); diff != "" {
		t.Errorf("hint keys (-want +got):\n%s", diff)
	}
	if h.Mentions != 7 || h.Themes != 6 {
		t.Errorf("mentions %d, themes %d; want 7 and 6", h.Mentions, h.Themes)
	}
}

// sortedHintKeys returns the keys of h's hints, sorted.
func sortedHintKeys(h *Hints) []string {
	var keys []string
	for _, x := range h.Hints {
		keys = append(keys, x.Key)
	}
	slices.Sort(keys)
	return keys
}

// TestHintsLeaveOutRemarks checks that a theme raised in one document
// only as a plan, growth or budget is left out of the hints, while the
// same in two documents, beside a request in its document, under a
// specific seed topic, or as a churn risk stays; every mention still
// counts.
func TestHintsLeaveOutRemarks(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	said := func(key, cue string) mentionSpec {
		return mentionSpec{key: key, theme: key, cue: cue, speaker: nlp.SpeakerCustomer, conf: 0.7}
	}
	recs := []Record{
		needRecord("acme-1", "acme", ckm.SourceEmail, daysAgo(2), said("timesheet", "plan")),
		needRecord("acme-2", "acme", ckm.SourceCall, daysAgo(3), said("price higher", "budget")),
		needRecord("acme-3", "acme", ckm.SourceNote, daysAgo(5), said("new hire", "growth")),
		needRecord("acme-4", "acme", ckm.SourceCall, daysAgo(6), said("warehouse", "growth")),
		needRecord("acme-5", "acme", ckm.SourceNote, daysAgo(40), said("warehouse", "growth")),
		needRecord("acme-6", "acme", ckm.SourceEmail, daysAgo(7), said("per-user fee", "budget"), said("per-user fee", "request")),
		needRecord("acme-7", "acme", ckm.SourceEmail, daysAgo(8), said("rate-limit", "plan")),
		needRecord("acme-8", "acme", ckm.SourceCall, daysAgo(9), said("contoso", "churn-risk")),
	}
	put(t, ix, recs...)
	h, err := ix.Hints(ctx, HintsQuery{Client: "acme", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	got := sortedHintKeys(h)
	if diff := cmp.Diff([]string{"contoso", "per-user fee", "rate-limit", "warehouse"}, got); diff != "" {
		t.Errorf("hint keys (-want +got):\n%s", diff)
	}
	if h.Mentions != 9 || h.Themes != 7 {
		t.Errorf("mentions %d, themes %d; want 9 and 7", h.Mentions, h.Themes)
	}
}

// TestHintsFoldNamed checks that a theme labelled with a name, raised in
// one document and by no explicit need, folds into a stronger theme whose
// evidence names it; that a name the client asks for stays a theme of its
// own though that evidence names it too; and that a one-document theme
// whose evidence names a specific seed topic of a stronger theme folds
// into it.
func TestHintsFoldNamed(t *testing.T) {
	ix := newIndex(t, Config{})
	summary := mentionSpec{key: "one-pag summari", theme: "one-page summary", text: "a one-page summary to justify keeping it alongside CareDesk and Slack",
		cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.85}
	caredesk := mentionSpec{key: "caredesk", theme: "CareDesk", cue: "churn-risk", speaker: nlp.SpeakerUnknown, conf: 0.7}
	slack := mentionSpec{key: "slack", theme: "Slack", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.7}
	residency := mentionSpec{key: "data-residency", theme: "hosting in Canada", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	confirm := mentionSpec{key: "confirm written", theme: "written confirmation", text: "written confirmation that backups stay in a Canadian region",
		cue: "request", speaker: nlp.SpeakerUnknown, conf: 0.6}
	for _, r := range []Record{
		needRecord("acme-1", "acme", ckm.SourceEmail, daysAgo(5), summary),
		needRecord("acme-2", "acme", ckm.SourceCall, daysAgo(12), summary),
		needRecord("acme-3", "acme", ckm.SourceNote, daysAgo(40), caredesk),
		needRecord("acme-4", "acme", ckm.SourceCall, daysAgo(20), slack),
		needRecord("acme-5", "acme", ckm.SourceEmail, daysAgo(8), residency),
		needRecord("acme-6", "acme", ckm.SourceCall, daysAgo(15), residency),
		needRecord("acme-7", "acme", ckm.SourceTicket, daysAgo(30), confirm),
	} {
		put(t, ix, r)
	}
	got := hintKeys(t, ix, "acme")
	want := map[string][]string{"one-pag summari": {"one-pag summari", "caredesk"}, "slack": {"slack"},
		"data-residency": {"data-residency", "confirm written"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hint keys (-want +got):\n%s", diff)
	}
}

// TestHintsLeaveOutEveryonesWords checks that a word every client writes
// (the vendor's own product, "Obrix") joins none of a client's themes and
// keys no hint alone, while a word that only some clients write still joins.
func TestHintsLeaveOutEveryonesWords(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	need := func(key, theme string) mentionSpec {
		return mentionSpec{key: key, theme: theme, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8}
	}
	stock := need("almoxarif obrix", "almoxarifado no Obrix")
	survey := need("obrix vistori", "vistoria pelo Obrix")
	vendor := need("obrix", "Obrix")
	drone := need("drone obrix", "drone photos in Obrix")
	for _, r := range []Record{
		needRecord("a-1", "alfa", ckm.SourceEmail, daysAgo(5), stock),
		needRecord("a-2", "alfa", ckm.SourceCall, daysAgo(12), stock),
		needRecord("a-3", "alfa", ckm.SourceNote, daysAgo(40), survey),
		needRecord("a-4", "alfa", ckm.SourceCall, daysAgo(20), survey),
		needRecord("a-5", "alfa", ckm.SourceCall, daysAgo(25), vendor),
		needRecord("a-6", "alfa", ckm.SourceEmail, daysAgo(30), vendor),
		needRecord("b-1", "bravo", ckm.SourceCall, daysAgo(9), drone),
		needRecord("b-2", "bravo", ckm.SourceCall, daysAgo(19), need("obrix report", "report from Obrix")),
		needRecord("c-1", "charlie", ckm.SourceEmail, daysAgo(7), need("login obrix", "login to Obrix")),
		needRecord("d-1", "delta", ckm.SourceTicket, daysAgo(3), need("obrix payment", "payments in Obrix")),
	} {
		// the needs' sentences are text too, so the index knows who writes a word
		first := r.Analysis.Sentences[0]
		r.Analysis.Sentences = append(r.Analysis.Sentences, nlp.Sentence{Text: r.Document.Text[first.End+1:],
			Start: first.End + 1, End: len(r.Document.Text), Language: nlp.English})
		put(t, ix, r)
	}
	table, err := ix.learned.get(ctx, ix, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !table.everywhere["obrix"] || table.everywhere["drone"] || table.everywhere["almoxarif"] {
		t.Errorf("everyone's words = %v, want obrix only", table.everywhere)
	}
	got := hintKeys(t, ix, "alfa")
	want := map[string][]string{"almoxarif obrix": {"almoxarif obrix"}, "obrix vistori": {"obrix vistori"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hint keys (-want +got):\n%s", diff)
	}
}

// TestHintsKeepAskOfOneDocument checks that a theme raised in one
// document that also raises a stronger theme folds into it when it is
// only context (a workaround), and stays a hint of its own when the
// client asks for it: a call about bills that also asks for a waiver log
// raises two needs, not one.
func TestHintsKeepAskOfOneDocument(t *testing.T) {
	ix := newIndex(t, Config{})
	bills := mentionSpec{key: "recod bill", theme: "recoding bills", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.9}
	waiver := mentionSpec{key: "draw log waiver", theme: "waiver log with every draw", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.7}
	binder := mentionSpec{key: "binder sheet", theme: "binder sheet", cue: "workaround", speaker: nlp.SpeakerCustomer, conf: 0.7}
	for _, r := range []Record{
		needRecord("hw-1", "hartwell", ckm.SourceCall, daysAgo(5), bills, waiver),
		needRecord("hw-2", "hartwell", ckm.SourceEmail, daysAgo(12), bills, binder),
		needRecord("hw-3", "hartwell", ckm.SourceCall, daysAgo(20), bills),
	} {
		put(t, ix, r)
	}
	got := hintKeys(t, ix, "hartwell")
	want := map[string][]string{"recod bill": {"recod bill", "binder sheet"}, "draw log waiver": {"draw log waiver"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hint keys (-want +got):\n%s", diff)
	}
}

// hintKeys returns each hint of client with the candidate keys it holds.
func hintKeys(t *testing.T, ix *Index, client string) map[string][]string {
	t.Helper()
	h, err := ix.Hints(context.Background(), HintsQuery{Client: client, Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, x := range h.Hints {
		got[x.Key] = x.Keys
	}
	return got
}

func TestHoldsPhrase(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text, phrase string
		want         bool
	}{
		{"keeping it alongside CareDesk.", "CareDesk", true},
		{"keeping it alongside caredesk", "CareDesk", true},
		{"the CareDesks of this world", "CareDesk", false},
		{"integração com o Protheus", "protheus", true},
		{"Protheus", "", false},
	} {
		if got := holdsPhrase(tt.text, tt.phrase); got != tt.want {
			t.Errorf("holdsPhrase(%q, %q) = %v, want %v", tt.text, tt.phrase, got, tt.want)
		}
	}
}

func TestNeedNumber(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, id, doc string
		want          int
		ok            bool
	}{
		{"needID's own", needID("a/b", 3), "a/b", 3, true},
		{"another document's", needID("a", 3), "b", 0, false},
		{"not a number", "a/need/x", "a", 0, false},
		{"negative", "a/need/-1", "a", 0, false},
	}
	for _, tt := range tests {
		if n, ok := needNumber(tt.id, tt.doc); ok != tt.ok || (ok && n != tt.want) {
			t.Errorf("%s: needNumber(%q, %q) = %d, %v; want %d, %v", tt.name, tt.id, tt.doc, n, ok, tt.want, tt.ok)
		}
	}
}

// TestLearnedTableRefreshedInBackground checks that a search served an
// expired table gets it at once, that one background learning replaces
// it, and that Close waits for that learning.
func TestLearnedTableRefreshedInBackground(t *testing.T) {
	ix := hintsIndex(t)
	ctx := context.Background()
	get := func() *ThemeTable {
		t.Helper()
		tab, err := ix.learned.get(ctx, ix, nil, time.Nanosecond)
		if err != nil {
			t.Fatal(err)
		}
		return tab
	}
	first := get()
	put(t, ix, needRecord("late-1", "acme", ckm.SourceCall, daysAgo(1), sso))
	if got := get(); got != first {
		t.Fatal("a search waited for the table to be learned again; want the expired one at once")
	}
	ix.learned.wg.Wait()
	second := get()
	if second == first {
		t.Fatal("the background learning did not replace the expired table")
	}
	if got := get(); got != second {
		t.Fatal("the table was learned again with nothing committed")
	}
}

// TestSingleness checks the weight of how little backs a hint: several
// documents weigh fully, one document less, and one document with a
// one-word label that names nothing least.
// TestRenewalWeight checks that a hint filed under the renewal topic
// weighs renewalHintWeight, whatever else joined it, and any other hint 1.
func TestRenewalWeight(t *testing.T) {
	t.Parallel()
	tests := []struct {
		h    Hint
		want float64
	}{
		{Hint{Key: renewalTopic, Keys: []string{renewalTopic}}, renewalHintWeight},
		{Hint{Key: renewalTopic, Keys: []string{renewalTopic, "reajust"}}, renewalHintWeight},
		{Hint{Key: "audit-log", Keys: []string{"audit-log", renewalTopic}}, 1},
		{Hint{Key: "pricing", Keys: []string{"pricing"}}, 1},
	}
	for _, tt := range tests {
		if got := renewalWeight(tt.h); got != tt.want {
			t.Errorf("renewalWeight(%q, keys %q) = %v, want %v", tt.h.Key, tt.h.Keys, got, tt.want)
		}
	}
	if renewalHintWeight >= 1 {
		t.Errorf("renewalHintWeight %v does not lower the renewal", renewalHintWeight)
	}
}

func TestSingleness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		label string
		docs  int
		want  float64
	}{
		{"rows", 2, 1},
		{"audit trail", 1, singleDocumentWeight},
		{"Okta", 1, singleDocumentWeight},
		{"rows", 1, singleDocumentWeight * vagueLabelWeight},
		{" pronto ", 1, singleDocumentWeight * vagueLabelWeight},
	}
	for _, tt := range tests {
		if got := singleness(Hint{Label: tt.label, Documents: tt.docs}); got != tt.want {
			t.Errorf("singleness(%q, %d documents) = %v, want %v", tt.label, tt.docs, got, tt.want)
		}
	}
	if !(singleDocumentWeight < 1 && vagueLabelWeight < 1) {
		t.Errorf("weights %v, %v: a single document must weigh less than several", singleDocumentWeight, vagueLabelWeight)
	}
}

// TestDiversify: a hint whose documents a stronger hint already holds
// weighs less, by half when it holds them all, and the order follows the
// discounted scores.
func TestDiversify(t *testing.T) {
	docs := map[string]map[string]bool{
		"manifest": {"d1": true, "d2": true},
		"cte":      {"d1": true, "d2": true},
		"toll":     {"d3": true},
		"route":    {"d2": true, "d4": true},
	}
	hs := []Hint{{Key: "manifest", Score: 1}, {Key: "cte", Score: 0.9}, {Key: "route", Score: 0.7}, {Key: "toll", Score: 0.6}}
	got := diversify(hs, docs)
	var keys []string
	var scores []float64
	for _, h := range got {
		keys = append(keys, h.Key)
		scores = append(scores, h.Score)
	}
	if want := []string{"manifest", "toll", "route", "cte"}; !slices.Equal(keys, want) {
		t.Errorf("order %q, want %q", keys, want)
	}
	if want := []float64{1, 0.6, 0.525, 0.45}; !slices.Equal(scores, want) {
		t.Errorf("scores %v, want %v", scores, want)
	}
	if hs[1].Score != 0.9 {
		t.Errorf("diversify changed its input: %v", hs)
	}
}

// TestCoherentPicks: after the strongest document, one whose sentence
// shares a stem with the sentences chosen goes before a stronger one that
// shares none; without a shared stem the order is the scores'.
func TestCoherentPicks(t *testing.T) {
	set := func(ws ...string) map[string]bool {
		m := map[string]bool{}
		for _, w := range ws {
			m[w] = true
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		score []float64
		stems []map[string]bool
		n     int
		want  []int
	}{
		{"a shared stem first", []float64{3, 2.5, 2}, []map[string]bool{set("mile", "allow"), set("signatur", "saturday"), set("mile", "charg")}, 3, []int{0, 2, 1}},
		{"no shared stem", []float64{3, 2.5, 2}, []map[string]bool{set("mile"), set("signatur"), set("charg")}, 3, []int{0, 1, 2}},
		{"shared, but far weaker", []float64{3, 2.5, 1}, []map[string]bool{set("mile"), set("signatur"), set("mile")}, 2, []int{0, 1}},
		{"a document without a sentence", []float64{3, 2.5, 2}, []map[string]bool{set("mile"), nil, set("charg")}, 3, []int{0, 2}},
		{"ties to the earlier", []float64{1, 1}, []map[string]bool{set("a"), set("b")}, 2, []int{0, 1}},
	} {
		if got := coherentPicks(tc.score, tc.stems, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("%s: coherentPicks = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestHintEvidenceContext: the evidence of a need stated as a yes to an
// agent's question carries the question, through the hints' cache and
// through emerging's evidence; other evidence carries none.
func TestHintEvidenceContext(t *testing.T) {
	ix := newIndex(t, Config{})
	yes := needRecord("acme-call", "acme", ckm.SourceCall, daysAgo(5),
		mentionSpec{key: "invoic number po", theme: "PO number on invoice", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.7, text: "Both, ideally"})
	yes.Analysis.Needs[0].Context = "Do you need the PO number on the invoice as well?"
	put(t, ix, yes, needRecord("acme-mail", "acme", ckm.SourceEmail, daysAgo(3), invoice))
	h, err := ix.Hints(context.Background(), HintsQuery{Client: "acme", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Hints) != 1 || len(h.Hints[0].Evidence) != 2 {
		t.Fatalf("hints %+v, want one with two pieces of evidence", h.Hints)
	}
	for _, e := range h.Hints[0].Evidence {
		want := ""
		if e.DocID == "acme-call" {
			want = yes.Analysis.Needs[0].Context
		}
		if e.Context != want {
			t.Errorf("evidence %q of %s: context %q, want %q", e.Text, e.DocID, e.Context, want)
		}
	}
}

// TestBreadth: a hint filed under a broad seed topic weighs less than one
// under a specific topic or a learned key.
func TestBreadth(t *testing.T) {
	for _, tt := range []struct {
		key  string
		want float64
	}{
		{"export", genericSeedWeight},
		{"invoice", genericSeedWeight},
		{"audit-log", 1},
		{"excel export", 1},
	} {
		if got := breadth(Hint{Key: tt.key}); got != tt.want {
			t.Errorf("breadth of %q = %v, want %v", tt.key, got, tt.want)
		}
	}
}

// TestHintsToolLabel checks that a hint filed under the tool topic (the
// spreadsheet a client copes in) is labelled with the strongest specific
// theme folded into it, whatever its own label, and one filed under
// another broad seed topic (reports) when its own label is one word; a
// report's label that says what it is of stays.
func TestHintsToolLabel(t *testing.T) {
	for _, tc := range []struct {
		key  string
		tool string
		want string
	}{
		{nlp.ToolTopic, "spreadsheet", "security filing deadline"},
		{nlp.ToolTopic, "planilha de custo", "security filing deadline"},
		{"reporting", "relatório", "security filing deadline"},
		{"reporting", "relatório de custo", "relatório de custo"},
	} {
		t.Run(tc.tool, func(t *testing.T) {
			if !nlp.IsGenericSeed(tc.key) {
				t.Fatalf("%q is no broad seed topic", tc.key)
			}
			ix := newIndex(t, Config{})
			ctx := context.Background()
			sheet := mentionSpec{key: tc.key, theme: tc.tool, cue: "workaround", speaker: nlp.SpeakerCustomer, conf: 0.9}
			filing := mentionSpec{key: "deadlin file secur", theme: "security filing deadline", cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.6}
			for i, d := range []int{5, 20, 40} {
				put(t, ix, needRecord(fmt.Sprintf("gp-%d", i), "gulfpoint", ckm.SourceEmail, daysAgo(d), sheet, sheet, filing))
			}
			h, err := ix.Hints(ctx, HintsQuery{Client: "gulfpoint", Until: hintsNow})
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Hints) != 1 || h.Hints[0].Key != tc.key || h.Hints[0].Label != tc.want {
				t.Fatalf("hints %+v, want one under %q labelled %q", h.Hints, tc.key, tc.want)
			}
		})
	}
}

// TestHintEvidenceCoherent: a hint's evidence is the sentences that say
// what most of its documents say; an aside filed under the same key,
// stronger and newer, gives way.
func TestHintEvidenceCoherent(t *testing.T) {
	ix := newIndex(t, Config{})
	recs := []Record{
		gateCode("aside", ckm.SourceNote, 1, "She is frustrated it is now September.", "", 0.9),
		gateCode("g1", ckm.SourceEmail, 2, "Guests keep sharing the gate code with friends.", "", 0.6),
		gateCode("g2", ckm.SourceCall, 3, "We change the gate code every month by hand.", "", 0.6),
		gateCode("g3", ckm.SourceTicket, 4, "Could each guest get a gate code that expires?", "", 0.6),
		gateCode("g4", ckm.SourceChat, 5, "The keypad code should stop working on departure.", "", 0.6),
	}
	for i := range 6 {
		recs = append(recs, needRecord(fmt.Sprintf("inv%d", i), "acme", ckm.SourceEmail, daysAgo(6+i), invoice))
	}
	put(t, ix, recs...)
	var docs []string
	for _, e := range gateCodeHint(t, ix).Evidence {
		docs = append(docs, e.DocID)
	}
	if len(docs) != maxEvidence || slices.Contains(docs, "aside") {
		t.Errorf("evidence from %q, want %d documents about the gate code, not the aside", docs, maxEvidence)
	}
}

// TestHintEvidenceSaysTheNeed: of a document's mentions of a hint, the
// sentence that says the need stands for it, not a stronger one that only
// points back to it (even when the hint has no more documents than
// evidence) or that took its theme from the sentences around it (though
// it shares no more words with the other documents).
func TestHintEvidenceSaysTheNeed(t *testing.T) {
	for _, tt := range []struct {
		name, strong, says string
		others             [2]string
	}{
		{"points back", "Does Campix have any way of doing that part on its own?", "Like charging the remaining balance automatically on the due date?",
			[2]string{"Half the guests arrive with the remaining balance still owing.", "Jenna charges every remaining balance by hand on Mondays."}},
		{"echoes", "A tag is better than my spreadsheet I guess.", "What I really want is a gate code that expires.",
			[2]string{"Keypad numbers leak to friends.", "Departures should stop it working."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := newIndex(t, Config{})
			put(t, ix, gateCodeCall(tt.strong, tt.says, tt.strong),
				gateCode("g1", ckm.SourceEmail, 2, tt.others[0], "", 0.6),
				gateCode("g2", ckm.SourceTicket, 3, tt.others[1], "", 0.6))
			h := gateCodeHint(t, ix)
			i := slices.IndexFunc(h.Evidence, func(e Evidence) bool { return e.DocID == "call" })
			if i < 0 {
				t.Fatalf("evidence %+v leaves out the call", h.Evidence)
			}
			if h.Evidence[i].Text != tt.says {
				t.Errorf("the call's evidence is %q, want %q", h.Evidence[i].Text, tt.says)
			}
		})
	}
}

// TestHintEvidenceOwnWords: a yes to an agent's question ("Yeah."),
// stronger and newer than the hint's other documents, gives way in its
// evidence to sentences in the customer's own words when the hint has
// more documents than evidence; it still counts in the hint.
func TestHintEvidenceOwnWords(t *testing.T) {
	ix := newIndex(t, Config{})
	// The four sentences share no specific word, so coherence alone does
	// not lift them over the yes.
	put(t, ix,
		gateCode("yes", ckm.SourceCall, 1, "Yeah.", "Do you need codes that expire?", 0.9),
		gateCode("g1", ckm.SourceCall, 2, "Guests keep sharing it with friends.", "", 0.6),
		gateCode("g2", ckm.SourceCall, 3, "We change the keypad monthly by hand.", "", 0.6),
		gateCode("g3", ckm.SourceCall, 4, "Could each visitor get one that lapses?", "", 0.6),
		gateCode("g4", ckm.SourceCall, 5, "Departures should stop it working.", "", 0.6))
	h := gateCodeHint(t, ix)
	if h.Count != 5 {
		t.Errorf("%d mentions, want 5", h.Count)
	}
	for _, e := range h.Evidence {
		if e.DocID == "yes" {
			t.Errorf("evidence %+v holds the bare yes", h.Evidence)
		}
	}
}

// gateCodeCall is acme's call "call" of the sentences texts, each a
// request keyed "code gate" (labelled "gate code"), the one that is
// strong at confidence 0.9 and the others at 0.6.
func gateCodeCall(strong string, texts ...string) Record {
	var ss []sentence
	for _, text := range texts {
		ss = append(ss, sentence{nlp.English, text})
	}
	rec := record("call", "acme", ckm.SourceCall, daysAgo(1), ss...)
	for _, s := range rec.Analysis.Sentences {
		conf := 0.6
		if s.Text == strong {
			conf = 0.9
		}
		rec.Analysis.Needs = append(rec.Analysis.Needs, nlp.Need{Kind: nlp.KindExplicit, Cue: "request", Theme: "gate code", ThemeKey: "code gate",
			Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: conf})
	}
	return rec
}

// gateCode is acme's document id whose one need, a request keyed "code
// gate", is text (a yes to question when that is not empty).
func gateCode(id string, src ckm.Source, days int, text, question string, conf float64) Record {
	rec := record(id, "acme", src, daysAgo(days), sentence{nlp.English, text})
	rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "gate code", ThemeKey: "code gate",
		Text: text, Context: question, Start: 0, End: len(text), Speaker: nlp.SpeakerCustomer, Confidence: conf}}
	return rec
}

// gateCodeHint returns acme's hint keyed "code gate" in ix.
func gateCodeHint(t *testing.T, ix *Index) Hint {
	t.Helper()
	h, err := ix.Hints(context.Background(), HintsQuery{Client: "acme", Until: hintsNow})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(h.Hints, func(h Hint) bool { return h.Key == "code gate" })
	if i < 0 {
		t.Fatalf("no gate code hint in %+v", h.Hints)
	}
	return h.Hints[i]
}

// TestJoinedLabel checks that a hint whose stronger theme was labelled
// with one lowercase word shows the most representative phrase of the
// mentions joined to it, and that a name, a seed topic's label, a theme
// that joined nothing and a join with no phrase keep theirs.
func TestJoinedLabel(t *testing.T) {
	t.Parallel()
	ms := func(themes ...string) []mention {
		var out []mention
		for _, th := range themes {
			out = append(out, mention{theme: th})
		}
		return out
	}
	tests := []struct {
		name  string
		c     candidate
		label string
		want  string
	}{
		{"a lone word joined to phrases", candidate{key: "drop", keys: []string{"drop", "charg electr state"}, ms: ms("drops", "state of charge", "state of charge for electric vehicles")}, "drops", "state of charge"},
		{"a name stays", candidate{key: "okta", keys: []string{"okta", "login tablet"}, ms: ms("Okta", "login on the tablets")}, "Okta", "Okta"},
		{"a seed topic stays", candidate{key: "renewal", keys: []string{"renewal", "budget board"}, ms: ms("renewal", "budget for the board")}, "renewal", "renewal"},
		{"nothing joined", candidate{key: "drop", keys: []string{"drop"}, ms: ms("drops", "state of charge")}, "drops", "drops"},
		{"no phrase to show", candidate{key: "drop", keys: []string{"drop", "charg"}, ms: ms("drops", "charge")}, "drops", "drops"},
		{"already a phrase", candidate{key: "drop", keys: []string{"drop", "charg"}, ms: ms("battery drops", "state of charge")}, "battery drops", "battery drops"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.c.joinedLabel(tt.label); got != tt.want {
				t.Errorf("joinedLabel(%q) = %q, want %q", tt.label, got, tt.want)
			}
		})
	}
}

func TestWithoutEchoes(t *testing.T) {
	ev := func(ts ...string) []Evidence {
		out := make([]Evidence, len(ts))
		for i, s := range ts {
			out[i] = Evidence{Text: s}
		}
		return out
	}
	named, echo := "Siobhan's been building a spreadsheet to work out what each job cost.", "Takes her the best part of two days."
	for _, tc := range []struct {
		name string
		ev   []Evidence
		echo []bool
		want []Evidence
	}{
		{"an echo among two that name the need", ev(named, echo, "We lost twelve grand on the two jobs."), []bool{false, true, false}, ev(named, "We lost twelve grand on the two jobs.")},
		{"an echo first", ev(echo, named, "We lost twelve grand on the two jobs."), []bool{true, false, false}, ev(named, "We lost twelve grand on the two jobs.")},
		{"only one names it: all kept", ev(named, echo), []bool{false, true}, ev(named, echo)},
		{"only echoes: all kept", ev(echo, echo), []bool{true, true}, ev(echo, echo)},
		{"no echo", ev(named, named), []bool{false, false}, ev(named, named)},
	} {
		if got := withoutEchoes(tc.ev, tc.echo); !slices.Equal(got, tc.want) {
			t.Errorf("%s: withoutEchoes = %v, want %v", tc.name, got, tc.want)
		}
	}
}

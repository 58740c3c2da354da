package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	qlang "github.com/ckmhq/ckm/index/query"
	"github.com/ckmhq/ckm/nlp"
)

// FuzzBuildQuery checks that building any query that parses never
// panics. (FuzzParse, in index/query, checks the parser itself.)
//
//	go test ./index -run '^$' -fuzz FuzzBuildQuery -fuzztime 60s -fuzzminimizetime 3s
func FuzzBuildQuery(f *testing.F) {
	for _, s := range []string{
		"invoice export", `"project number" -csv`, "a OR b OR -c", "client:globex after:2026-01-01 before:2026-06",
		`theme:"po number" entity:4521`, "clinet:x", `"open`, "OR", "-", `client:"//x"`, "Re: 10:30", "lang:pt kind:implied",
		"source:call cue:pain", "\x00\xff", "é:é", `a"b"c`, "AND OR AND",
	} {
		f.Add(s)
	}
	b := &builder{tokens: func(_, s string) []string { return strings.Fields(s) }}
	f.Fuzz(func(t *testing.T, text string) {
		pq, err := qlang.Parse(text)
		if err != nil {
			return
		}
		b.build(pq).query(termQuery(fieldType, typeDocument))
	})
}

// langCorpus has needs and entities for the filters.
func langCorpus() []Record {
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 12, 0, 0, 0, time.UTC) }
	need := func(rec Record, kind, cue, theme, key string) Record {
		s := rec.Analysis.Sentences[0]
		rec.Analysis.Needs = append(rec.Analysis.Needs, nlp.Need{Kind: kind, Cue: cue, Theme: theme, ThemeKey: key,
			Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.8})
		return rec
	}
	ent := func(rec Record, label, text, value string) Record {
		i := strings.Index(rec.Document.Text, text)
		rec.Analysis.Entities = append(rec.Analysis.Entities, nlp.Entity{Text: text, Label: label, Start: i, End: i + len(text), Value: value})
		return rec
	}
	return []Record{
		ent(need(record("g1", "globex", ckm.SourceEmail, day(1, 10), sentence{nlp.English, "We need the project number on every invoice #4521."}),
			"explicit", "request", "project number on every invoice", "invoic number project"), "REFERENCE", "invoice #4521", "4521"),
		need(record("g2", "globex", ckm.SourceCall, day(3, 5), sentence{nlp.English, "The invoice export to Excel is painful every month."}),
			"implied", "pain", "invoice export to Excel", "excel export invoic"),
		record("g3", "globex", ckm.SourceTicket, day(7, 1), sentence{nlp.English, "Dark mode would be nice for the dashboard."}),
		ent(record("a1", "acme", ckm.SourceEmail, day(2, 1), sentence{nlp.English, "Acme Corp wants the invoice in CSV."}), "ORG", "Acme Corp", ""),
		need(record("a2", "acme", ckm.SourceCall, day(5, 20), sentence{nlp.Portuguese, "Precisamos da fatura com o número do projeto."}),
			"explicit", "request", "fatura com o número do projeto", "fatur numer projet"),
		record("a3", "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "Undated note about the integration."}),
		record("i1", "initech", ckm.SourceChat, day(6, 30), sentence{nlp.English, "Integrations with Salesforce keep failing."}),
	}
}

func TestSearchLanguage(t *testing.T) {
	ix := newIndex(t, Config{})
	putAll(t, ix, langCorpus(), 4)
	tests := []struct {
		name    string
		q       Query
		want    []string // ids in order when ordered, else sorted
		ordered bool
	}{
		// Fewer than a page has every word: those first, then the rest
		// of the page with some of them (relaxed).
		{"and by default", Query{Text: "invoice export"}, []string{"g2", "a1", "g1"}, true},
		{"and by default, a page of one", Query{Text: "invoice export", Limit: 1}, []string{"g2"}, false},
		{"or", Query{Text: "excel OR csv"}, []string{"a1", "g2"}, false},
		{"or binds neighbours", Query{Text: "excel OR csv invoice"}, []string{"a1", "g2", "g1"}, true},
		{"phrase", Query{Text: `"project number"`}, []string{"g1"}, false},
		{"phrase order matters", Query{Text: `"number project"`}, nil, false},
		{"exclude word", Query{Text: "invoice -excel"}, []string{"a1", "g1"}, false},
		{"exclude phrase", Query{Text: `invoice -"project number"`}, []string{"a1", "g2"}, false},
		{"client filter", Query{Text: "invoice client:acme"}, []string{"a1"}, false},
		{"exclude client", Query{Text: "invoice -client:acme"}, []string{"g1", "g2"}, false},
		{"source", Query{Text: "source:call"}, []string{"a2", "g2"}, false},
		{"kind", Query{Text: "kind:implied"}, []string{"g2"}, false},
		{"cue", Query{Text: "cue:request"}, []string{"a2", "g1"}, false},
		{"theme by word", Query{Text: "theme:invoices"}, []string{"g1", "g2"}, false},
		{"theme two words", Query{Text: `theme:"project number"`}, []string{"g1"}, false},
		{"theme in portuguese", Query{Text: `theme:"número projetos"`}, []string{"a2"}, false},
		{"theme key", Query{Text: `theme:"excel export invoic"`}, []string{"g2"}, false},
		{"entity value", Query{Text: "entity:4521"}, []string{"g1"}, false},
		{"entity label", Query{Text: "entity:org"}, []string{"a1"}, false},
		{"entity text", Query{Text: `entity:"Acme Corp"`}, []string{"a1"}, false},
		{"lang", Query{Text: "lang:pt"}, []string{"a2"}, false},
		{"after is inclusive", Query{Text: "after:2026-06-30"}, []string{"g3", "i1"}, false},
		{"before is inclusive", Query{Text: "before:2026-02-01"}, []string{"a1", "g1"}, false},
		{"date range", Query{Text: "after:2026-02 before:2026-05"}, []string{"a2", "g2", "a1"}, true},
		{"typo", Query{Text: "invoise"}, []string{"a1", "g1", "g2"}, false},
		{"long typo", Query{Text: "integrasions"}, []string{"a3", "i1"}, false},
		{"short word no typo", Query{Text: "csx"}, nil, false},
		{"cross language", Query{Text: "projeto"}, []string{"a2"}, false},
		{"stop words optional", Query{Text: "the invoice in csv"}, []string{"a1", "g1", "g2"}, true},
		{"relaxed when nothing has every word", Query{Text: "excel spaceship"}, []string{"g2"}, false},
		{"date sort undated last", Query{Text: "integration", Sort: SortDate}, []string{"i1", "a3"}, true},
		{"empty is newest first", Query{Text: "client:acme"}, []string{"a2", "a1", "a3"}, true},
		{"or of filters", Query{Text: "client:acme OR client:globex"}, []string{"g3", "a2", "g2", "a1", "g1", "a3"}, true},
		{"narrow only", Query{Text: "client:globex", Clients: []string{"acme"}}, nil, false},
		{"or cannot widen", Query{Text: "csv OR client:globex", Clients: []string{"acme"}}, []string{"a1"}, false},
		{"negation cannot widen", Query{Text: "-client:acme", Clients: []string{"acme"}}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.Match = MatchWords // the query language; TestSearchMeaning has themes
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			if tt.ordered {
				got = nil
				for _, h := range res.Hits {
					got = append(got, h.ID)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Search(%q) ids (-want +got):\n%s", tt.q.Text, diff)
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

// TestSearchTypos checks that only words the index does not know are
// expanded to their typo variants.
func TestSearchTypos(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("export", "c", ckm.SourceNote, t0, sentence{nlp.English, "The export failed."}),
		record("expert", "c", ckm.SourceNote, t0, sentence{nlp.English, "The expert failed."}))
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"export", []string{"export"}}, // known: "expert", one edit away, is not its typo
		{"exporr", []string{"export"}}, // unknown: matched one edit away
		{"experr", []string{"expert"}},
	} {
		res, err := ix.Search(context.Background(), Query{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, tt.want) {
			t.Errorf("search %q: %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestSearchNewFacets(t *testing.T) {
	ix := newIndex(t, Config{})
	putAll(t, ix, langCorpus(), 4)
	res, err := ix.Search(context.Background(), Query{Text: "client:globex"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]FacetCount{
		FacetKind:   {{"explicit", 1}, {"implied", 1}},
		FacetCue:    {{"pain", 1}, {"request", 1}},
		FacetTheme:  {{"excel export invoic", 1}, {"invoic number project", 1}},
		FacetEntity: {{"4521", 1}},
	}
	for name, w := range want {
		got := res.Facets[name]
		sortFacet(got)
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("facet %s (-want +got):\n%s", name, diff)
		}
	}
}

func sortFacet(fc []FacetCount) {
	for i := range fc {
		for j := i + 1; j < len(fc); j++ {
			if fc[j].Term < fc[i].Term {
				fc[i], fc[j] = fc[j], fc[i]
			}
		}
	}
}

func TestSearchCursor(t *testing.T) {
	ix := newIndex(t, Config{})
	var recs []Record
	for i := range 23 {
		at := t0.Add(-time.Duration(i%7) * time.Hour) // ties on at: ordered by id
		if i%5 == 0 {
			at = time.Time{} // undated
		}
		recs = append(recs, record(strings.Repeat("d", 1)+string(rune('a'+i)), "c", ckm.SourceNote, at, sentence{nlp.English, "The invoice is late."}))
	}
	putAll(t, ix, recs, 4)
	for _, sort := range []string{SortDate, SortRelevance} {
		t.Run(sort, func(t *testing.T) {
			q := Query{Text: "invoice", Sort: sort, Limit: 4}
			seen := map[string]bool{}
			pages := 0
			first, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			for {
				res, err := ix.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				if pages == 0 && res.Total < 23 {
					t.Fatalf("Total = %d, want ≥ 23", res.Total)
				}
				if want := first.Total + min(uint64(pages/2), 1); pages > 0 && res.Total != want {
					t.Errorf("page %d: Total = %d, want %d", pages, res.Total, want)
				}
				for _, h := range res.Hits {
					if seen[h.ID] {
						t.Errorf("page %d repeats %s", pages, h.ID)
					}
					seen[h.ID] = true
				}
				pages++
				if pages == 2 { // documents arriving between pages
					put(t, ix, record("new-"+sort, "c", ckm.SourceNote, t0.Add(time.Hour), sentence{nlp.English, "Another invoice."}))
				}
				if res.NextCursor == "" || pages > 20 {
					break
				}
				q.Cursor = res.NextCursor
			}
			for _, r := range recs {
				if !seen[r.Document.ID] {
					t.Errorf("%s never shown", r.Document.ID)
				}
			}
		})
	}
}

func TestSearchCursorErrors(t *testing.T) {
	ix := newIndex(t, Config{})
	putAll(t, ix, langCorpus(), 4)
	res, err := ix.Search(context.Background(), Query{Text: "invoice", Limit: 1})
	if err != nil || res.NextCursor == "" {
		t.Fatalf("first page: %v, cursor %q", err, res.NextCursor)
	}
	for _, q := range []Query{
		{Text: "invoice", Cursor: "not a cursor"},
		{Text: "export", Cursor: res.NextCursor},
		{Text: "invoice", Sort: SortDate, Cursor: res.NextCursor},
		{Text: "invoice", Offset: 1, Cursor: res.NextCursor},
	} {
		if _, err := ix.Search(context.Background(), q); !errors.Is(err, ErrBadCursor) {
			t.Errorf("Search(%+v) = %v, want ErrBadCursor", q, err)
		}
	}
	if _, err := ix.Search(context.Background(), Query{Sort: "best"}); err == nil {
		t.Error("Sort best: no error")
	}
}

// TestDocumentsOnly checks which queries can leave out the filter on the
// record type: those with a required word, phrase or theme, unless an OR
// group holds a filter that need records can match; and that a search of
// each kind finds documents only.
func TestDocumentsOnly(t *testing.T) {
	ix := newIndex(t, Config{})
	rec := record("d1", "acme", ckm.SourceCall, t0, sentence{nlp.English, "The invoice is wrong."})
	s := rec.Analysis.Sentences[0]
	rec.Analysis.Needs = []nlp.Need{{Kind: nlp.KindExplicit, Cue: "pain", Theme: "invoice", ThemeKey: "invoic",
		Text: s.Text, Start: s.Start, End: s.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}
	put(t, ix, rec, record("d2", "globex", ckm.SourceNote, t0, sentence{nlp.English, "All good."}))
	tests := []struct {
		text    string
		want    bool
		wantIDs []string
	}{
		{"invoice", true, []string{"d1"}},
		{`"the invoice"`, true, []string{"d1"}},
		{"invoice client:acme", true, []string{"d1"}},
		{"invoice OR good", true, []string{"d1", "d2"}},
		{"client:acme OR good", false, []string{"d1", "d2"}},
		{"cue:pain", false, []string{"d1"}},
		{"-invoice", false, []string{"d2"}},
		{"", false, []string{"d1", "d2"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			pq, err := qlang.Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			b := &builder{tokens: ix.tokens}
			if got := b.build(pq).documentsOnly(); got != tt.want {
				t.Errorf("documentsOnly = %v, want %v", got, tt.want)
			}
			res, err := ix.Search(context.Background(), Query{Text: tt.text, Facets: []string{FacetNone}, Match: MatchWords})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			slices.Sort(ids)
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" || res.Total != uint64(len(tt.wantIDs)) {
				t.Errorf("hits (-want +got):\n%s total %d", diff, res.Total)
			}
		})
	}
}

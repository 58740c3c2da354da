package index

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestSearchTyposScoped checks that typo tolerance works on the words as
// typed (not on stems), stays tight, and sees only the caller's clients:
// whether a word is known, and which variants exist.
func TestSearchTyposScoped(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("a-export", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The export failed."}),
		record("a-since", "acme", ckm.SourceNote, t0, sentence{nlp.English, "Since the dinner we are incurring costs."}),
		record("g-exporq", "globex", ckm.SourceNote, t0, sentence{nlp.English, "The exporq arrived."}))
	tests := []struct {
		name     string
		text     string
		clients  []string
		wantIDs  []string
		wantExps []Expansion
	}{
		{"known word is not expanded", "export", []string{"acme"}, []string{"a-export"}, nil},
		{"word only another client holds is a typo for acme", "exporq", []string{"acme"}, []string{"a-export"},
			[]Expansion{{Term: "exporq", Kind: ExpandTypo, Matches: []string{"export"}}}},
		{"the same word is known when globex is in scope", "exporq", []string{"acme", "globex"}, []string{"g-exporq"}, nil},
		{"variants come only from the caller's documents", "exporz", []string{"acme"}, []string{"a-export"},
			[]Expansion{{Term: "exporz", Kind: ExpandTypo, Matches: []string{"export"}}}},
		{"all clients see every variant", "exporz", nil, []string{"a-export", "g-exporq"},
			[]Expansion{{Term: "exporz", Kind: ExpandTypo, Matches: []string{"exporq", "export"}}}},
		{"not too loose: sincerely is not since, dinner or incurring", "sincerely", []string{"acme"}, nil, nil},
		{"short words tolerate no typo", "expo", []string{"acme"}, nil, nil},
		{"two letters swapped are one edit", "exprot", []string{"acme"}, []string{"a-export"},
			[]Expansion{{Term: "exprot", Kind: ExpandTypo, Matches: []string{"export"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.text, Clients: tt.clients, Match: MatchWords})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantIDs, ids(res)); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantExps, res.Expansions); diff != "" {
				t.Errorf("expansions (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFuzziness(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		word string
		want int
	}{
		{"short", "expo", 0},
		{"five letters", "expor", 1},
		{"eight letters", "exporter", 2},
		{"accented letters count once", "exportaçõe", 2},
		{"digits", "inv4521", 0},
		{"longest with typos", strings.Repeat("a", fuzzyMax), 2},
		{"too long for typos", strings.Repeat("a", fuzzyMax+1), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fuzziness(tt.word); got != tt.want {
				t.Errorf("Fuzziness(%q) = %d, want %d", tt.word, got, tt.want)
			}
		})
	}
}

// FuzzQueryWord searches one word, repeated to any length, in a client's
// scope: the answer is a result or a *QueryError (a word over
// MaxWordBytes), never another error, and every typo variant reported is
// a word of that client's documents.
//
//	go test ./index -run '^$' -fuzz FuzzQueryWord -fuzztime 30s -fuzzminimizetime 2s
func FuzzQueryWord(f *testing.F) {
	for _, s := range []string{"exporq", "sincerely", "invoise", "ação", "x", "é"} {
		f.Add(s, uint8(1))
	}
	f.Add("a", uint8(200))
	ix := newIndex(f, Config{})
	put(f, ix,
		record("a-export", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The export failed at the invoice step."}),
		record("g-exporq", "globex", ckm.SourceNote, t0, sentence{nlp.English, "The exporq arrived with an invoise."}))
	acme := map[string]bool{"the": true, "export": true, "failed": true, "at": true, "invoice": true, "step": true}
	f.Fuzz(func(t *testing.T, w string, n uint8) {
		text := strings.Repeat(w, int(n))
		res, err := ix.Search(context.Background(), Query{Text: text, Clients: []string{"acme"}, Facets: []string{FacetNone}})
		var qe *QueryError
		if errors.As(err, &qe) {
			return
		}
		if err != nil {
			t.Fatalf("Search(%.80q): %v", text, err)
		}
		for _, e := range res.Expansions {
			if e.Kind != ExpandTypo { // theme labels, the same for every caller
				continue
			}
			for _, m := range e.Matches {
				if !acme[m] {
					t.Fatalf("Search(%.80q): variant %q is not a word of acme's documents", text, m)
				}
			}
		}
	})
}

// TestWordsHoldWhatATypoReaches checks the dictionary typos are sought in:
// a word of minTypoTerm letters is there and is found one edit from a
// word of fuzzyMin1 letters, and shorter words, which no typo reaches,
// are left out.
func TestWordsHoldWhatATypoReaches(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix, record("a-card", "acme", ckm.SourceNote, t0, sentence{nlp.English, "My card is on the desk."}))
	res, err := ix.Search(context.Background(), Query{Text: "cardz", Match: MatchWords})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a-card"}, ids(res)); diff != "" {
		t.Errorf("cardz: ids (-want +got):\n%s", diff)
	}
	for _, w := range []string{"my", "is", "on", "the"} {
		if n, err := ix.countIn(context.Background(), scopeFilters(Query{}), termQuery(fieldWords, w)); err != nil || n != 0 {
			t.Errorf("%q in the words field: %d documents, %v; want none", w, n, err)
		}
	}
	for _, w := range []string{"card", "desk"} {
		if n, err := ix.countIn(context.Background(), scopeFilters(Query{}), termQuery(fieldWords, w)); err != nil || n != 1 {
			t.Errorf("%q in the words field: %d documents, %v; want 1", w, n, err)
		}
	}
}

// TestHolds checks whether the documents hold a word, as typo tolerance
// asks it: by the dictionaries for every client, by a search for some,
// by stem or as written, and not by a document's replaced text.
func TestHolds(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("a-1", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The invoices failed."}),
		record("a-2", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The widget failed."}),
		record("g-1", "globex", ckm.SourceNote, t0, sentence{nlp.Portuguese, "A exportação falhou."}))
	put(t, ix, record("a-2", "acme", ckm.SourceNote, t0, sentence{nlp.English, "The report failed."}))
	tests := []struct {
		name    string
		clients []string
		word    string
		want    bool
	}{
		{"as written", nil, "invoices", true},
		{"by stem", nil, "invoice", true},
		{"in another language's field", nil, "exportação", true},
		{"nowhere", nil, "zebras", false},
		{"only in a replaced text", nil, "widget", false},
		{"a word of several terms", nil, "e-mail", false},
		{"scoped: another client's word", []string{"acme"}, "exportação", false},
		{"scoped: the client's own", []string{"acme"}, "report", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ix.holds(context.Background(), scopeFilters(Query{Clients: tt.clients}), tt.word)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("holds(%q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}

package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
	"github.com/google/go-cmp/cmp"
)

// TestPercolatorPrefilter checks which saved searches the batch's term
// dictionaries rule out, and that MatchSaved finds what Match finds.
func TestPercolatorPrefilter(t *testing.T) {
	ix := newIndex(t, Config{})
	recs := []Record{
		withNeeds(record("a", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "We need the PO number on every invoice."}), 1),
		record("b", "globex", ckm.SourceCall, t0, sentence{nlp.Portuguese, "Precisamos da nota fiscal com o número do pedido."}),
	}
	recs[1] = withNeeds(recs[1], 1)
	recs[1].Analysis.Needs[0].ThemeKey, recs[1].Analysis.Needs[0].Theme = "fiscal nota pedido", "nota fiscal do pedido"
	recs[1].Analysis.Needs[0].Cue = "pain"
	p, err := ix.Percolator(recs)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	tests := []struct {
		name     string
		query    string
		possible bool // whether the prefilter lets the search run
		want     []string
	}{
		{name: "word held", query: "invoice", possible: true, want: []string{"a"}},
		{name: "stem held", query: "invoices", possible: true, want: []string{"a"}},
		{name: "word absent", query: "kubernetes", possible: false},
		{name: "one of two absent", query: "invoice kubernetes", possible: false},
		{name: "OR with one held", query: "kubernetes OR pedido", possible: true, want: []string{"b"}},
		{name: "OR all absent", query: "kubernetes OR docker", possible: false},
		{name: "negated absent word", query: "-kubernetes", possible: true, want: []string{"a", "b"}},
		{name: "phrase held", query: `"po number"`, possible: true, want: []string{"a"}},
		{name: "phrase absent word", query: `"po kubernetes"`, possible: false},
		{name: "phrase words held, out of order", query: `"number po"`, possible: true},
		{name: "words in different documents", query: "invoice pedido", possible: true},
		{name: "client held", query: "client:acme", possible: true, want: []string{"a"}},
		{name: "client absent", query: "invoice client:initech", possible: false},
		{name: "source absent", query: "source:ticket", possible: false},
		{name: "cue held", query: "cue:request", possible: true, want: []string{"a"}},
		{name: "cue absent", query: "cue:churn-risk OR cue:competitor", possible: false},
		{name: "kind absent", query: "kind:implied", possible: false},
		{name: "stop word alone", query: "the", possible: true}, // dropped from English text, so no hit either way
		{name: "stop word beside an absent word", query: "the kubernetes", possible: false},
		{name: "punctuation only", query: "--", possible: true, want: []string{"a", "b"}},
		{name: "theme filter not prefiltered", query: "theme:nothing", possible: true},
		{name: "theme key", query: "theme:them0", possible: true, want: []string{"a"}},
		{name: "theme by a stem", query: "theme:notas", possible: true, want: []string{"b"}},
		{name: "theme by stems", query: `theme:"pedidos fiscal"`, possible: true, want: []string{"b"}},
		{name: "theme by part of a word", query: "theme:fisc", possible: true},
		{name: "theme key OR word", query: "theme:them1 OR pedido", possible: true, want: []string{"b"}},
		{name: "date filter not prefiltered", query: "after:2030", possible: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ix.SavedQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			possible, err := p.possible(q)
			if err != nil {
				t.Fatal(err)
			}
			if possible != tt.possible {
				t.Errorf("possible(%q) = %v, want %v", tt.query, possible, tt.possible)
			}
			full, err := p.Match(context.Background(), tt.query, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.MatchSaved(context.Background(), q, nil)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(full)
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, full, cmpEmpty); diff != "" {
				t.Errorf("Match(%q) (-want +got):\n%s", tt.query, diff)
			}
			if diff := cmp.Diff(full, got, cmpEmpty); diff != "" {
				t.Errorf("MatchSaved(%q) against Match (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

// cmpEmpty treats nil and empty slices alike.
var cmpEmpty = cmp.FilterValues(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())

func TestSavedQueryError(t *testing.T) {
	ix := newIndex(t, Config{})
	var qe *QueryError
	if _, err := ix.SavedQuery(`clinet:acme`); !errors.As(err, &qe) {
		t.Fatalf("SavedQuery(clinet:acme) error = %v, want a *QueryError", err)
	}
}

// FuzzPercolate checks, for any query text that parses, that the
// prefiltered MatchSaved finds exactly what Match finds.
func FuzzPercolate(f *testing.F) {
	for _, s := range []string{"invoice", `"po number" OR pedido`, "-kubernetes client:acme", "cue:request OR entity:x", "the --", "theme:po after:2026"} {
		f.Add(s)
	}
	ix := newIndex(f, Config{})
	recs := []Record{
		withNeeds(record("a", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "We need the PO number on every invoice."}), 1),
		record("b", "globex", ckm.SourceCall, t0, sentence{nlp.Portuguese, "Precisamos da nota fiscal com o número do pedido."}),
		record("c", "acme", ckm.SourceChat, t0, sentence{nlp.Unknown, "invoice 4521 kubernetes?"}),
	}
	p, err := ix.Percolator(recs)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { p.Close() })
	f.Fuzz(func(t *testing.T, text string) {
		q, err := ix.SavedQuery(text)
		if err != nil {
			return
		}
		full, err := p.Match(context.Background(), text, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.MatchSaved(context.Background(), q, nil)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(full)
		slices.Sort(got)
		if diff := cmp.Diff(full, got, cmpEmpty); diff != "" {
			t.Fatalf("MatchSaved(%q) against Match (-want +got):\n%s", text, diff)
		}
	})
}

// BenchmarkPercolator loads a batch of 500 documents into a Percolator
// and runs 100 saved searches over it, as one match run does.
func BenchmarkPercolator(b *testing.B) {
	ix := newIndex(b, Config{})
	texts := []sentence{
		{nlp.English, "We need the PO number on every invoice, our CFO keeps asking about the export."},
		{nlp.Portuguese, "Precisamos da nota fiscal com o número do pedido, a integração com o ERP falha toda semana."},
		{nlp.English, "The mobile app logs us out every hour and the dashboard report by region is missing."},
		{nlp.Unknown, "invoice 4521 kubernetes sso"},
	}
	recs := make([]Record, 500)
	for i := range recs {
		recs[i] = withNeeds(record(fmt.Sprint("d", i), fmt.Sprint("c", i%10), ckm.SourceEmail, t0, texts[i%len(texts)], texts[(i+1)%len(texts)]), 2)
	}
	words := []string{"invoice", "export", "pedido", "mobile", "report", "sso", "erp", "nota", "dashboard", "region"}
	var saved []*SavedQuery
	for i := range 100 {
		q, err := ix.SavedQuery(words[i%len(words)] + " " + words[(i*7+3)%len(words)])
		if err != nil {
			b.Fatal(err)
		}
		saved = append(saved, q)
	}
	for b.Loop() {
		p, err := ix.Percolator(recs)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range saved {
			if _, err := p.MatchSaved(context.Background(), q, nil); err != nil {
				b.Fatal(err)
			}
		}
		p.Close()
	}
}

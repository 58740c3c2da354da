package index

import (
	"context"
	"slices"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestSearchFalseFriends checks that a query word reaches the other
// language's stem only when that reads it as the same word: English
// "logo" stems in Portuguese to "log", as "logar" (to sign in) does, and
// "notes" to "not", as "nota fiscal" does; a Portuguese paragraph that
// writes the word itself still matches, and Portuguese queries still
// meet their inflections.
func TestSearchFalseFriends(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("en-logo", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Can we put our own logo on the reports we send?"}),
		record("pt-logo", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "Queremos colocar o logo da empresa nos relatórios enviados."}),
		record("pt-logar", "acme", ckm.SourceTicket, t0, sentence{nlp.Portuguese, "Não consigo logar no sistema desde ontem."}),
		record("en-notes", "acme", ckm.SourceCall, t0, sentence{nlp.English, "The technicians record voice notes on the phone."}),
		record("pt-nota", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "A nota fiscal de março saiu com o valor errado."}),
		record("pt-notas", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "As notas de versão não citam a mudança."}),
	)
	tests := []struct {
		name        string
		q           string
		want, never []string
	}{
		{"an English logo is not Portuguese logar", "custom logo on reports", []string{"en-logo", "pt-logo"}, []string{"pt-logar"}},
		{"nor with a word that tells English", "our logo", []string{"en-logo", "pt-logo"}, []string{"pt-logar"}},
		{"English notes are not a nota fiscal", "voice notes", []string{"en-notes"}, []string{"pt-nota", "pt-notas"}},
		{"Portuguese notas still meets nota", "notas fiscais", []string{"pt-nota"}, nil},
		{"a Portuguese query still stems in Portuguese", "não consigo logar", []string{"pt-logar"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.q})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("%q: hits %v, want %s among them", tt.q, got, id)
				}
			}
			for _, id := range tt.never {
				if slices.Contains(got, id) {
					t.Errorf("%q: hits %v, want no %s (a false friend)", tt.q, got, id)
				}
			}
		})
	}
}

// TestFalseFriend checks which fields read a query word as another word
// than its own language does.
func TestFalseFriend(t *testing.T) {
	ix := newIndex(t, Config{})
	tests := []struct {
		lang nlp.Language
		w, f string
		want bool
	}{
		{nlp.English, "logo", fieldTextPT, true},
		{nlp.English, "logo", fieldSubjectPT, true},
		{nlp.English, "logo", fieldTextEN, false},
		{nlp.English, "notes", fieldTextPT, true},
		{nlp.English, "login", fieldTextPT, false},     // the same stem in both
		{nlp.Unknown, "logo", fieldTextPT, false},      // no language: both, as before
		{nlp.English, "relatório", fieldTextEN, true},  // its accent tells it is Portuguese
		{nlp.English, "relatório", fieldTextPT, false}, // and so its own
		{nlp.Portuguese, "notas", fieldTextPT, false},
		{nlp.English, "logo", fieldTextUnd, false},
	}
	for _, tt := range tests {
		b := &builder{tokens: ix.tokens, lang: tt.lang}
		if got := b.falseFriend(tt.f, tt.w); got != tt.want {
			t.Errorf("query in %s: falseFriend(%s, %q) = %v, want %v", tt.lang, tt.f, tt.w, got, tt.want)
		}
	}
}

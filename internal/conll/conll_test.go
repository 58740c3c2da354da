package conll

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRead(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []Sentence
	}{
		{"wnut tabs", "You\tO\nParis\tB-location\n\nHi\tO\n", []Sentence{
			{Tokens: []string{"You", "Paris"}, Tags: []string{"O", "B-location"}},
			{Tokens: []string{"Hi"}, Tags: []string{"O"}}}},
		{"lener spaces and extra blank lines", "\n\nMINISTÉRIO B-ORGANIZACAO\nPÚBLICO I-ORGANIZACAO\n\n\n", []Sentence{
			{Tokens: []string{"MINISTÉRIO", "PÚBLICO"}, Tags: []string{"B-ORGANIZACAO", "I-ORGANIZACAO"}}}},
		{"conll2003 columns and docstart", "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n", []Sentence{
			{Tokens: []string{"EU", "rejects"}, Tags: []string{"B-ORG", "O"}}}},
		{"documents", "A O\n\n-DOCSTART- O\n\nB O\n\nC O\n-DOCSTART- O\nD O\n", []Sentence{
			{Tokens: []string{"A"}, Tags: []string{"O"}},
			{Tokens: []string{"B"}, Tags: []string{"O"}, Doc: 1},
			{Tokens: []string{"C"}, Tags: []string{"O"}, Doc: 1},
			{Tokens: []string{"D"}, Tags: []string{"O"}, Doc: 2}}},
		{"lone fields skipped", "word\nx O\n", []Sentence{{Tokens: []string{"x"}, Tags: []string{"O"}}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Read(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Read (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSpans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tags string
		want []Span
	}{
		{"bio", "O B-PER I-PER O B-LOC", []Span{{1, 3, "PER"}, {4, 5, "LOC"}}},
		{"adjacent b", "B-PER B-PER", []Span{{0, 1, "PER"}, {1, 2, "PER"}}},
		{"iob1 i starts", "I-ORG I-ORG O I-LOC", []Span{{0, 2, "ORG"}, {3, 4, "LOC"}}},
		{"type change", "B-PER I-LOC", []Span{{0, 1, "PER"}, {1, 2, "LOC"}}},
		{"junk tags", "X-PER B- O", nil},
		{"io bare tags", "PESSOA PESSOA O LOCAL ORGANIZACAO", []Span{{0, 2, "PESSOA"}, {3, 4, "LOCAL"}, {4, 5, "ORGANIZACAO"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, Spans(strings.Fields(tt.tags))); diff != "" {
				t.Errorf("Spans(%s) (-want +got):\n%s", tt.tags, diff)
			}
		})
	}
}

// FuzzRead checks that Read never fails on in-memory input, that every
// sentence has as many tags as tokens, and that Spans stay inside it.
func FuzzRead(f *testing.F) {
	f.Add("You\tO\nParis\tB-location\n\nHi\tO\n")
	f.Add("-DOCSTART- O\n\nA I-X\nB B-X\nC I-Y\n")
	f.Fuzz(func(t *testing.T, in string) {
		sents, err := Read(strings.NewReader(in))
		if err != nil && !strings.Contains(err.Error(), "too long") {
			t.Fatal(err)
		}
		for _, s := range sents {
			if len(s.Tokens) != len(s.Tags) || len(s.Tokens) == 0 {
				t.Fatalf("sentence with %d tokens and %d tags", len(s.Tokens), len(s.Tags))
			}
			end := 0
			for _, sp := range Spans(s.Tags) {
				if sp.Start < end || sp.End <= sp.Start || sp.End > len(s.Tags) || sp.Label == "" {
					t.Fatalf("bad span %+v in %d tags", sp, len(s.Tags))
				}
				end = sp.End
			}
		}
	})
}

func TestJoinHandles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Sentence
		want Sentence
	}{
		{"btc mention", Sentence{Tokens: []string{"@", "colgo", "hey", "@"}, Tags: []string{"B-PER", "B-PER", "O", "O"}},
			Sentence{Tokens: []string{"@colgo", "hey", "@"}, Tags: []string{"B-PER", "O", "O"}}},
		{"joined already", Sentence{Tokens: []string{"@paulwalk", "It"}, Tags: []string{"O", "O"}},
			Sentence{Tokens: []string{"@paulwalk", "It"}, Tags: []string{"O", "O"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := JoinHandles([]Sentence{tt.in})
			if diff := cmp.Diff([]Sentence{tt.want}, got); diff != "" {
				t.Errorf("JoinHandles (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUntagHandles(t *testing.T) {
	t.Parallel()
	in := []Sentence{{Tokens: []string{"@colgo", "@", "Maya", "@ACME"}, Tags: []string{"B-PER", "O", "B-PER", "I-PER"}}}
	want := []Sentence{{Tokens: []string{"@colgo", "@", "Maya", "@ACME"}, Tags: []string{"O", "O", "B-PER", "O"}}}
	if diff := cmp.Diff(want, UntagHandles(in)); diff != "" {
		t.Errorf("UntagHandles (-want +got):\n%s", diff)
	}
}

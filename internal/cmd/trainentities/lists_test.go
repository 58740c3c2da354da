package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ckmhq/ckm/internal/tagger"
)

// TestPlaceBits shows that every capitalised word of a place list is part
// of a place, and that only names of one word are whole places.
func TestPlaceBits(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "places.txt")
	if err := os.WriteFile(file, []byte("# a comment\nOak Harbor\nLisboa\nrio Tejo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lex := map[uint64]uint8{}
	if err := addWords(lex, file, tagger.PlaceBit); err != nil {
		t.Fatal(err)
	}
	if err := addWholeNames(lex, file, tagger.WholePlaceBit); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		word string
		want uint8
	}{
		{"Oak", tagger.PlaceBit},
		{"harbor", tagger.PlaceBit},
		{"LISBOA", tagger.PlaceBit | tagger.WholePlaceBit},
		{"Tejo", tagger.PlaceBit},
		{"rio", 0},
		{"comment", 0},
	}
	for _, tt := range tests {
		if got := lex[tagger.LowerKey(tt.word)]; got != tt.want {
			t.Errorf("%s: bits %b, want %b", tt.word, got, tt.want)
		}
	}
}

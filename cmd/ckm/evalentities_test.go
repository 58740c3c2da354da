package main

import (
	"strings"
	"testing"

	"github.com/ckmhq/ckm/internal/conll"
	"github.com/google/go-cmp/cmp"
)

// TestEvalTexts shows what `ckm eval entities` analyses together: every
// sentence alone, or with --documents each document of a file with
// -DOCSTART- marks, and that the gold spans slice its text to the names.
func TestEvalTexts(t *testing.T) {
	t.Parallel()
	const file = `-DOCSTART- O

John B-PER
met O
Acme B-ORG
. O

Acme I-ORG
called O

-DOCSTART- O

Paris B-LOC
. O
`
	sents, err := conll.Read(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		documents bool
		want      []string // each text, then its gold names
	}{
		{"sentences", false, []string{"John met Acme .", "John", "Acme", "|", "Acme called", "Acme", "|", "Paris .", "Paris"}},
		{"documents", true, []string{"John met Acme .\n\nAcme called", "John", "Acme", "Acme", "|", "Paris .", "Paris"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ev := entityEval{documents: tt.documents}
			var got []string
			for i, group := range ev.texts(sents) {
				if i > 0 {
					got = append(got, "|")
				}
				text, spans := goldText(group, goldLabels["conll"])
				got = append(got, text)
				for _, sp := range spans {
					got = append(got, text[sp.start:sp.end])
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("texts and gold names (-want +got):\n%s", diff)
			}
		})
	}
}

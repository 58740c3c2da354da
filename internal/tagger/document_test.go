package tagger

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPropagate(t *testing.T) {
	t.Parallel()
	m := newModel([]string{"O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG", "B-LOCATION", "I-LOCATION"})
	m.lex.Bits[LowerKey("the")] = UsuallyLowerBit
	sents := []string{
		"John Smith joined Kiss Records .",
		"Kiss Records signed Smith .",
		"Kiss Records and Kiss went to Paris .",
		"Paris Hilton met Paris .",
		"The band ; the Kiss Records .",
	}
	tagged := [][]int{
		{1, 2, 0, 3, 4, 0},
		{0, 0, 0, 0, 0},
		{5, 6, 0, 3, 0, 0, 0, 0},
		{1, 2, 0, 5, 0},
		{0, 0, 0, 0, 3, 4, 0},
	}
	tests := []struct {
		name string
		how  Propagation
		want [][]int
	}{
		{"none", 0, tagged},
		{"fill", PropagateFill, [][]int{
			{1, 2, 0, 3, 4, 0},
			{3, 4, 0, 0, 0}, // "Smith" alone was never tagged
			{5, 6, 0, 3, 0, 0, 5, 0},
			{1, 2, 0, 5, 0},
			{0, 0, 0, 0, 3, 4, 0},
		}},
		{"relabel and surname", PropagateRelabel | PropagateSurname, [][]int{
			{1, 2, 0, 3, 4, 0},
			{0, 0, 0, 1, 0},
			{3, 4, 0, 3, 0, 0, 0, 0}, // ORG twice, LOCATION once
			{1, 2, 0, 5, 0},
			{0, 0, 0, 0, 3, 4, 0},
		}},
	}
	one := [][]int{{0, 0, 0, 1, 2, 0, 0, 0}}
	m.Propagate([][]string{strings.Fields("Smith met with John Smith and Smith .")}, one, PropagateFill|PropagateSurname)
	if diff := cmp.Diff([][]int{{0, 0, 0, 1, 2, 0, 0, 0}}, one); diff != "" {
		t.Errorf("Propagate changed a document of one sentence (-want +got):\n%s", diff)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var toks [][]string
			var got [][]int
			for i, s := range sents {
				toks = append(toks, strings.Fields(s))
				got = append(got, append([]int(nil), tagged[i]...))
			}
			m.Propagate(toks, got, tt.how)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Propagate (-want +got):\n%s", diff)
			}
		})
	}
}

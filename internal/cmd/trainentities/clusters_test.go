package main

import (
	"math/bits"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTextTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"Zendesk offered us 20% off.", []string{"zendesk", "offered", "us", "20", "%", "off", "."}},
		{"don't re-open it", []string{"don't", "re-open", "it"}},
		{"Reunião com a Acme -", []string{"reunião", "com", "a", "acme", "-"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, textTokens(tt.in)); diff != "" {
			t.Errorf("textTokens(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// common is how many steps two cluster paths share from the root.
func common(a, b uint16) int {
	da, db := bits.Len16(a)-1, bits.Len16(b)-1
	n := 0
	for n < min(da, db) && (a>>(da-n-1))&1 == (b>>(db-n-1))&1 {
		n++
	}
	return n
}

// TestWordClusters checks that words seen in the same contexts share more
// of their paths than words seen in others, and that the clusters are
// the same every time.
func TestWordClusters(t *testing.T) {
	t.Parallel()
	var seqs [][]string
	people := []string{"alice", "bob", "carol", "dave"}
	places := []string{"paris", "london", "lisbon", "rome"}
	verbs := []string{"said", "called", "wrote", "met"}
	for i := range 40 {
		p, q, v := people[i%4], places[(i/4)%4], verbs[(i/16+i)%4]
		seqs = append(seqs,
			strings.Fields("yesterday "+p+" "+v+" us from "+q+" ."),
			strings.Fields("we flew to "+q+" and "+p+" "+v+" the team ."))
	}
	got := wordClusters(seqs)
	if diff := cmp.Diff(got, wordClusters(seqs)); diff != "" {
		t.Fatalf("two clusterings of the same text differ:\n%s", diff)
	}
	for _, w := range append(append(people, places...), verbs...) {
		if got[w] == 0 {
			t.Fatalf("%q has no cluster", w)
		}
	}
	if near, far := common(got["alice"], got["bob"]), common(got["alice"], got["paris"]); near <= far {
		t.Errorf("alice shares %d steps with bob and %d with paris; want more with bob", near, far)
	}
	if near, far := common(got["paris"], got["rome"]), common(got["paris"], got["said"]); near <= far {
		t.Errorf("paris shares %d steps with rome and %d with said; want more with rome", near, far)
	}
}

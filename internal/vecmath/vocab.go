package vecmath

import (
	"cmp"
	"slices"
)

// Vocabulary returns the words of seqs seen at least minCount times, the
// most frequent first and words of equal count in byte order, with each
// word's place in that list.
func Vocabulary(seqs [][]string, minCount int) ([]string, map[string]int) {
	count := map[string]int{}
	for _, s := range seqs {
		for _, w := range s {
			count[w]++
		}
	}
	var vocab []string
	for w, n := range count {
		if n >= minCount {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	index := make(map[string]int, len(vocab))
	for i, w := range vocab {
		index[w] = i
	}
	return vocab, index
}

package main

import (
	"math"
	"slices"
	"testing"
)

// TestJacobiEigen shows that every eigenpair returned satisfies A v = λ v.
func TestJacobiEigen(t *testing.T) {
	t.Parallel()
	tests := [][][]float64{
		{{2, 1}, {1, 2}},
		{{4, 1, 2}, {1, 3, 0}, {2, 0, 5}},
		{{1, 0, 0}, {0, 2, 0}, {0, 0, 3}},
	}
	for _, a := range tests {
		orig := make([][]float64, len(a))
		for i := range a {
			orig[i] = slices.Clone(a[i])
		}
		vals, vecs := jacobiEigen(a)
		for k, l := range vals {
			for i := range orig {
				var av float64
				for j := range orig {
					av += orig[i][j] * vecs[j][k]
				}
				if math.Abs(av-l*vecs[i][k]) > 1e-9 {
					t.Errorf("%v: eigenpair %d: (Av)[%d] = %.6f, λv = %.6f", orig, k, i, av, l*vecs[i][k])
				}
			}
		}
	}
}

// TestLearnEmbedding shows that words seen in the same contexts land in
// one cluster and words of other contexts in another, and that learning
// twice gives the same clusters.
func TestLearnEmbedding(t *testing.T) {
	t.Parallel()
	var seqs [][]string
	for range 20 {
		seqs = append(seqs,
			[]string{"the", "cat", "eats", "fish", "and", "milk"},
			[]string{"the", "dog", "eats", "fish", "and", "milk"},
			[]string{"a", "car", "drives", "on", "the", "road"},
			[]string{"a", "bus", "drives", "on", "the", "road"},
		)
	}
	first := learnEmbedding(seqs, 4).kmeans(2, 10)
	second := learnEmbedding(seqs, 4).kmeans(2, 10)
	for _, pair := range [][2]string{{"cat", "dog"}, {"car", "bus"}, {"fish", "milk"}} {
		if first[pair[0]] != first[pair[1]] {
			t.Errorf("%s in cluster %d, %s in %d; want one cluster", pair[0], first[pair[0]], pair[1], first[pair[1]])
		}
	}
	if first["cat"] == first["car"] {
		t.Errorf("cat and car both in cluster %d; want two", first["cat"])
	}
	for w, c := range first {
		if second[w] != c {
			t.Errorf("%s: cluster %d, then %d", w, c, second[w])
		}
	}
}

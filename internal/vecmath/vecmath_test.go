package vecmath

import (
	"math"
	"slices"
	"testing"
)

func TestUnit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want []float64
	}{
		{[]float64{3, 4}, []float64{0.6, 0.8}},
		{[]float64{0, 0}, []float64{0, 0}},
		{[]float64{-2}, []float64{-1}},
	}
	for _, tt := range tests {
		v := append([]float64(nil), tt.in...)
		Unit(v)
		for i := range v {
			if math.Abs(v[i]-tt.want[i]) > 1e-12 {
				t.Errorf("Unit(%v) = %v, want %v", tt.in, v, tt.want)
				break
			}
		}
	}
	if got := Dot([]float64{1, 2, 3}, []float64{4, 5, 6}); got != 32 {
		t.Errorf("Dot = %v, want 32", got)
	}
}

func TestVocabulary(t *testing.T) {
	t.Parallel()
	seqs := [][]string{{"b", "a", "c"}, {"a", "c", "d"}, {"c"}}
	vocab, index := Vocabulary(seqs, 2)
	want := []string{"c", "a"} // c three times, a twice; b and d once
	if !slices.Equal(vocab, want) {
		t.Fatalf("vocab = %q, want %q", vocab, want)
	}
	for i, w := range want {
		if index[w] != i {
			t.Errorf("index[%q] = %d, want %d", w, index[w], i)
		}
	}
	if _, ok := index["b"]; ok {
		t.Errorf("b, seen once, is in the index")
	}
}

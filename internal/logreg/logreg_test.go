package logreg

import (
	"math"
	"testing"
)

// TestTrainFormatParse checks that a model trained with each option
// separates a toy data set and scores the same after Format and Parse, so
// that the NB scaling and the document norm are carried by the written
// weights.
func TestTrainFormatParse(t *testing.T) {
	t.Parallel()
	x := [][]string{
		{"w:add", "w:support", "w:pleas"}, {"w:add", "w:option"}, {"w:support", "w:for", "w:dark"},
		{"w:crash", "w:error"}, {"w:error", "w:when", "w:open"}, {"w:crash", "w:on", "w:start"},
	}
	y := []bool{true, true, true, false, false, false}
	tests := []struct {
		name string
		opt  Options
	}{
		{"plain", Options{Epochs: 30}},
		{"nb", Options{Epochs: 30, NB: 1}},
		{"norm", Options{Epochs: 30, Norm: NormDocument}},
		{"nb and norm", Options{Epochs: 30, NB: 1, Norm: NormDocument}},
		{"pinned", Options{Epochs: 30, Norm: NormPinned}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opt.MinCount, tt.opt.Prune = 1, 1e-9
			m := Train(x, y, tt.opt)
			ms, err := Parse(m.Format("h"))
			if err != nil {
				t.Fatal(err)
			}
			back := ms["h"]
			if back.Norm != tt.opt.Norm {
				t.Errorf("parsed norm %v, want %v", back.Norm, tt.opt.Norm)
			}
			for i, fs := range x {
				p := m.Prob(fs)
				if (p >= 0.5) != y[i] {
					t.Errorf("Prob(%v) = %.3f, want label %v", fs, p, y[i])
				}
				// Weights are written with four decimals.
				if q := back.Prob(fs); math.Abs(p-q) > 1e-3 {
					t.Errorf("Prob(%v) = %.5f after Parse, %.5f before", fs, q, p)
				}
			}
		})
	}
}

// TestNormPinned shows that a pinned feature ("!v:x") weighs the same in a
// document of any length under NormPinned, and that the other features
// are scaled to unit length among themselves.
func TestNormPinned(t *testing.T) {
	t.Parallel()
	m := &Model{Weights: map[string]float64{"!v:x": 2, "a": 1, "b": 1, "c": 1, "d": 1}, Norm: NormPinned}
	tests := []struct {
		features []string
		want     float64
	}{
		{[]string{"!v:x"}, 2},
		{[]string{"!v:x", "a"}, 3},
		{[]string{"!v:x", "a", "b", "c", "d"}, 2 + 4/math.Sqrt(4)},
		{[]string{"a", "b", "c", "d"}, 2},
		{[]string{"!v:x", "a", "unknown", "b", "c"}, 2 + 3/math.Sqrt(4)},
	}
	for _, tt := range tests {
		if got := m.Logit(tt.features); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Logit(%v) = %.6f, want %.6f", tt.features, got, tt.want)
		}
	}
	doc := &Model{Weights: m.Weights, Norm: NormDocument}
	if got, want := doc.Logit([]string{"!v:x", "a", "b", "c"}), 5/math.Sqrt(4); math.Abs(got-want) > 1e-12 {
		t.Errorf("NormDocument Logit = %.6f, want %.6f (a pinned name is an ordinary feature there)", got, want)
	}
}

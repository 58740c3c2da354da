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

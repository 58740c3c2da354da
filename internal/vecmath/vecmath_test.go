package vecmath

import (
	"math"
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

package chart

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestNum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		v    float64
		want string
	}{
		{"fraction", 0.5, "0.5"},
		{"units", 20, "20"},
		{"thousands", 100000, "100k"},
		{"millions", 1e6, "1M"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Num(tt.v); got != tt.want {
				t.Errorf("Num(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestCharts(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	line := filepath.Join(dir, "line.png")
	bars := filepath.Join(dir, "bars.png")
	// A point with a zero value (not measured) is skipped, not drawn at -Inf.
	ss := []Series{{Name: "a", X: []float64{1000, 3000, 10000}, Y: []float64{5, 0, 20}}, {Name: "b", X: []float64{1000}, Y: []float64{2}, Dash: true}}
	if err := Line(line, "title", "x", "y", ss); err != nil {
		t.Fatal(err)
	}
	if err := Bars(bars, "title", "ms", []string{"a", "b"}, []BarGroup{{Label: "1k", Values: []float64{1, 0}}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{line, bars} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height {
			t.Errorf("%s is %v, want %dx%d", p, b, Width, Height)
		}
	}
}

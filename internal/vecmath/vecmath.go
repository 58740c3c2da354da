// Package vecmath holds the dense-vector helpers the trainers share when
// they learn word vectors from unlabelled text (trainentities' word
// clusters, trainneeds' topical clusters).
package vecmath

import "math"

// Dot returns the dot product of a and b, which have the same length.
func Dot(a, b []float64) float64 {
	var s float64
	for i, x := range a {
		s += x * b[i]
	}
	return s
}

// Unit scales v to unit length in place; a zero vector stays zero.
func Unit(v []float64) {
	n := math.Sqrt(Dot(v, v))
	if n == 0 {
		return
	}
	for i := range v {
		v[i] /= n
	}
}

package index

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestBinomialTail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		k, n int
		p    float64
		want float64
	}{
		{"k zero", 0, 5, 0.3, 1},
		{"k above n", 6, 5, 0.3, 0},
		{"p zero", 1, 5, 0, 0},
		{"p one", 5, 5, 1, 1},
		{"all heads", 3, 3, 0.5, 0.125},
		{"at least one", 1, 10, 0.1, 1 - math.Pow(0.9, 10)},
		{"half of ten", 5, 10, 0.5, 638.0 / 1024},
		{"upper tail", 9, 10, 0.5, 11.0 / 1024},
		{"large n, centre", 500, 1000, 0.5, 0.5 + 0.5*math.Exp(logChoose(1000, 500)-1000*math.Ln2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := BinomialTail(tt.k, tt.n, tt.p); !near(got, tt.want) {
				t.Errorf("BinomialTail(%d, %d, %v) = %v, want %v", tt.k, tt.n, tt.p, got, tt.want)
			}
		})
	}
	// Against the sum of every term, on both sides of the mode.
	for _, n := range []int{50, 1000} {
		for _, p := range []float64{0.1, 0.4} {
			for _, k := range []int{1, n / 20, n / 5, n / 3, n / 2, n} {
				want := 0.0
				for i := k; i <= n; i++ {
					want += math.Exp(logChoose(n, i) + float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p))
				}
				if got := BinomialTail(k, n, p); !near(got, want) {
					t.Errorf("BinomialTail(%d, %d, %v) = %v, want %v", k, n, p, got, want)
				}
			}
		}
	}
}

// near reports whether got is within 1e-9 relative (or 1e-15 absolute)
// of want.
func near(got, want float64) bool {
	d := math.Abs(got - want)
	return d <= 1e-15 || d <= 1e-9*math.Abs(want)
}

func TestAdjustBH(t *testing.T) {
	t.Parallel()
	got := AdjustBH([]float64{0.01, 0.04, 0.03, 0.005, 0.9})
	want := []float64{0.025, 0.05, 0.05, 0.025, 0.9}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("AdjustBH (-want +got):\n%s", diff)
	}
	if got := AdjustBH(nil); len(got) != 0 {
		t.Errorf("AdjustBH(nil) = %v", got)
	}
}

func TestAssessSurges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		in              Surge
		wantSignificant bool
		wantTested      bool
	}{
		{"strong rise", Surge{Recent: 20, Baseline: 10, RecentExposure: 30, BaselineExposure: 150}, true, true},
		{"small counts never flag", Surge{Recent: 2, Baseline: 0, RecentExposure: 1, BaselineExposure: 1000}, false, false},
		{"lopsided but under min count", Surge{Recent: 2, Baseline: 1, RecentExposure: 1, BaselineExposure: 1000}, false, true},
		{"flat", Surge{Recent: 10, Baseline: 50, RecentExposure: 30, BaselineExposure: 150}, false, true},
		{"fall", Surge{Recent: 0, Baseline: 50, RecentExposure: 30, BaselineExposure: 150}, false, true},
		{"no baseline exposure", Surge{Recent: 9, Baseline: 0, RecentExposure: 30, BaselineExposure: 0}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := []Surge{tt.in}
			AssessSurges(s, 0, 0)
			if s[0].Significant != tt.wantSignificant || s[0].Tested != tt.wantTested {
				t.Errorf("significant, tested = %v, %v, want %v, %v (%+v)", s[0].Significant, s[0].Tested, tt.wantSignificant, tt.wantTested, s[0])
			}
		})
	}
	// The lift is the smoothed rate ratio.
	s := []Surge{{Recent: 9, Baseline: 3, RecentExposure: 10, BaselineExposure: 20}}
	AssessSurges(s, 0, 0)
	if want := (9.5 / 10) / (3.5 / 20); math.Abs(s[0].Lift-want) > 1e-12 {
		t.Errorf("lift = %v, want %v", s[0].Lift, want)
	}
	if want := 10.0 / 30; math.Abs(s[0].P0-want) > 1e-12 {
		t.Errorf("p0 = %v, want %v", s[0].P0, want)
	}
}

// timeline simulates a year of daily documents (Poisson, mean 20) and, for
// each theme, Poisson mentions proportional to the day's documents at a
// rate drawn from rates. The planted theme, when plant > 1, has its rate
// multiplied by plant in the last 30 days. It returns one Surge per theme
// comparing the last 30 days with the 335 before.
func timeline(seed uint64, themes int, plant float64) []Surge {
	const days, window, meanDocs = 365, 30, 20.0
	rng := rand.New(rand.NewPCG(seed, seed*7919+1))
	rates := []float64{0.02, 0.05, 0.1, 0.2, 0.5, 1, 2}
	s := make([]Surge, themes)
	lambda := make([]float64, themes)
	for i := range lambda {
		lambda[i] = rates[rng.IntN(len(rates))]
	}
	lambda[0] = 0.2
	for d := range days {
		docs := poisson(rng, meanDocs)
		recent := d >= days-window
		if recent {
			s[0].RecentExposure += float64(docs)
		} else {
			s[0].BaselineExposure += float64(docs)
		}
		for i := range themes {
			l := lambda[i] * float64(docs) / meanDocs
			if recent && i == 0 && plant > 1 {
				l *= plant
			}
			n := poisson(rng, l)
			if recent {
				s[i].Recent += n
			} else {
				s[i].Baseline += n
			}
		}
	}
	for i := range s {
		s[i].RecentExposure, s[i].BaselineExposure = s[0].RecentExposure, s[0].BaselineExposure
	}
	return s
}

// poisson draws from Poisson(l) by Knuth's method (fine for small l).
func poisson(rng *rand.Rand, l float64) int {
	limit, p, k := math.Exp(-l), 1.0, 0
	for {
		p *= rng.Float64()
		if p <= limit {
			return k
		}
		k++
	}
}

func TestAssessSurgesTimeline(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 10; seed++ {
		t.Run("noise", func(t *testing.T) {
			s := timeline(seed, 80, 1)
			AssessSurges(s, 0, 0)
			for i, x := range s {
				if x.Significant {
					t.Errorf("seed %d: flat theme %d flagged: %+v", seed, i, x)
				}
			}
		})
		t.Run("planted", func(t *testing.T) {
			s := timeline(seed, 80, 5)
			AssessSurges(s, 0, 0)
			if !s[0].Significant {
				t.Errorf("seed %d: the planted fivefold rise was not flagged: %+v", seed, s[0])
			}
			for i, x := range s[1:] {
				if x.Significant {
					t.Errorf("seed %d: flat theme %d flagged next to the planted one: %+v", seed, i+1, x)
				}
			}
		})
	}
}

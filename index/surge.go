package index

import (
	"math"
	"slices"
)

// Defaults of the emerging-theme test.
const (
	// DefaultAlpha is the false discovery rate at which a surge is flagged.
	DefaultAlpha = 0.01
	// DefaultMinCount is the fewest recent mentions a flagged theme has:
	// smaller counts never flag, however lopsided.
	DefaultMinCount = 3
)

// Surge is the comparison of one theme's mentions in a recent window with
// its mentions in the baseline period before it. Recent, Baseline and the
// exposures are the input; AssessSurges fills the rest.
//
// The exposures measure how much could have been said in each period: ckm
// uses the number of documents in scope (so a month with twice the
// documents is expected to bring twice the mentions); the length of each
// period works too.
type Surge struct {
	Recent, Baseline                 int     // mentions in the window and in the baseline
	RecentExposure, BaselineExposure float64 // documents (or time) in each period
	P0                               float64 // share of mentions expected in the window under no change
	P                                float64 // one-sided exact binomial p-value
	Q                                float64 // Benjamini–Hochberg adjusted p-value across the tested surges
	Lift                             float64 // smoothed rate ratio, recent over baseline
	Tested, Significant              bool
}

// AssessSurges tests every surge in s for a rise and marks the significant
// ones. The statistic, for a theme with k mentions in the window and b in
// the baseline:
//
//   - Conditional on the theme's n = k + b mentions, under "no change" each
//     mention falls in the window with probability p0 = E_w / (E_w + E_b),
//     the window's share of the exposure. The p-value is the exact
//     binomial tail P(X ≥ k) for X ~ Binomial(n, p0).
//   - The lift is the rate ratio with half a mention added to each count:
//     ((k + 0.5) / E_w) / ((b + 0.5) / E_b).
//   - Only themes with n ≥ minCount are tested (n does not depend on where
//     the mentions fall, so this keeps the adjustment valid).
//   - The test is discrete: a theme with n mentions can reach no p-value
//     below p0^n (all n in the window). Themes that could not be
//     significant even alone do not dilute the others (Tarone 1990, and
//     Gilbert 2005 for the false discovery rate): K is the smallest number
//     such that at most K tested themes have p0^n ≤ alpha/K; those themes
//     are adjusted with Benjamini–Hochberg as a family of K, and the
//     others get Q = 1. Without this, a brand-new theme with five
//     mentions (p = 0.25^5 ≈ 0.001) was drowned by a dozen steady themes
//     that could never have been flagged.
//   - A theme is significant when its adjusted p-value is below alpha, its
//     lift is above 1 and it has k ≥ minCount recent mentions.
//
// alpha ≤ 0 means DefaultAlpha; minCount ≤ 0 means DefaultMinCount. A surge
// with a zero exposure on either side is not tested.
func AssessSurges(s []Surge, alpha float64, minCount int) {
	if alpha <= 0 {
		alpha = DefaultAlpha
	}
	if minCount <= 0 {
		minCount = DefaultMinCount
	}
	var tested []int
	for i := range s {
		x := &s[i]
		x.P, x.Q, x.Tested, x.Significant = 1, 1, false, false
		x.P0, x.Lift = 0, 0
		if x.RecentExposure <= 0 || x.BaselineExposure <= 0 || x.Recent < 0 || x.Baseline < 0 {
			continue
		}
		x.P0 = x.RecentExposure / (x.RecentExposure + x.BaselineExposure)
		x.Lift = ((float64(x.Recent) + 0.5) / x.RecentExposure) / ((float64(x.Baseline) + 0.5) / x.BaselineExposure)
		if x.Recent+x.Baseline < minCount {
			continue
		}
		x.P = BinomialTail(x.Recent, x.Recent+x.Baseline, x.P0)
		x.Tested = true
		tested = append(tested, i)
	}
	family, k := taroneFamily(s, tested, alpha)
	ps := make([]float64, len(family), k)
	for j, i := range family {
		ps[j] = s[i].P
	}
	for len(ps) < k { // the rest of the family of K cannot reject
		ps = append(ps, 1)
	}
	qs := AdjustBH(ps)
	for j, i := range family {
		x := &s[i]
		x.Q = qs[j]
		x.Significant = x.Q < alpha && x.Lift > 1 && x.Recent >= minCount
	}
}

// taroneFamily returns the tested surges that can reach significance and
// the size K of the family they are adjusted in: the smallest K with at
// most K surges whose least attainable p-value, p0^n, is ≤ alpha/K.
func taroneFamily(s []Surge, tested []int, alpha float64) (family []int, k int) {
	minP := make([]float64, len(tested))
	for j, i := range tested {
		minP[j] = BinomialTail(s[i].Recent+s[i].Baseline, s[i].Recent+s[i].Baseline, s[i].P0)
	}
	for k = 1; k <= len(tested); k++ {
		family = family[:0]
		for j, i := range tested {
			if minP[j] <= alpha/float64(k) {
				family = append(family, i)
			}
		}
		if len(family) <= k {
			return family, k
		}
	}
	return tested, len(tested)
}

// AdjustBH returns the Benjamini–Hochberg adjusted p-values of ps, in the
// same order: q_(i) = min over j ≥ i of p_(j)·m/j, capped at 1.
func AdjustBH(ps []float64) []float64 {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case ps[a] < ps[b]:
			return -1
		case ps[a] > ps[b]:
			return 1
		}
		return 0
	})
	qs := make([]float64, m)
	running := 1.0
	for r := m - 1; r >= 0; r-- {
		i := order[r]
		running = min(running, ps[i]*float64(m)/float64(r+1))
		qs[i] = min(running, 1)
	}
	return qs
}

// BinomialTail returns P(X ≥ k) for X ~ Binomial(n, p), summing the exact
// terms from the side that converges quickly.
func BinomialTail(k, n int, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	term := func(i int) float64 {
		return math.Exp(logChoose(n, i) + float64(i)*math.Log(p) + float64(n-i)*math.Log1p(-p))
	}
	mode := int(math.Floor(float64(n+1) * p))
	if k > mode { // terms fall from i = k upward
		sum := 0.0
		for i := k; i <= n; i++ {
			t := term(i)
			sum += t
			if t < sum*1e-17 {
				break
			}
		}
		return min(sum, 1)
	}
	sum := 0.0 // P(X ≤ k-1); terms fall from i = k-1 downward
	for i := k - 1; i >= 0; i-- {
		t := term(i)
		sum += t
		if t < sum*1e-17 {
			break
		}
	}
	return max(0, 1-sum)
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

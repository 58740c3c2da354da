// Package logreg is a small binary logistic regression over named sparse
// binary features: training with AdaGrad and L2 regularisation (optionally
// on naive-Bayes-scaled features, NB-LR, and on unit-length documents),
// scoring, and a plain-text weight format that a person can read
// ("w:invoic 0.83").
// It is pure and deterministic: the same examples and options give the same
// weights.
package logreg

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Model is a trained logistic regression. The zero value scores every input
// 0.5. A Model is immutable after training or parsing and safe for
// concurrent use.
type Model struct {
	Bias    float64
	Weights map[string]float64
	// Norm says how the features passed are scaled (see Norm).
	Norm Norm
}

// Norm is how a model scales a document's binary features before weighing
// them, so that long documents are not more confident for their length.
type Norm int

// The scalings.
const (
	// NormNone weighs every feature 1.
	NormNone Norm = iota
	// NormDocument weighs every feature 1/√n, n the number of features:
	// the document's features form a vector of unit length.
	NormDocument
	// NormPinned weighs a feature whose name starts with Pin 1, and every
	// other feature 1/√n, n the number of other features: a document's
	// few pinned features (a template's answer, say) keep their weight
	// however long the rest of it is.
	NormPinned
)

// Pin is the first byte of the name of a feature that NormPinned does not
// scale.
const Pin = '!'

// scales returns the weight of each of features under norm.
func (n Norm) scales(features []string) []float64 {
	out := make([]float64, len(features))
	switch n {
	case NormDocument:
		for i := range out {
			out[i] = 1 / math.Sqrt(float64(len(features)))
		}
	case NormPinned:
		n := 0
		for _, f := range features {
			if !pinned(f) {
				n++
			}
		}
		for i, f := range features {
			out[i] = 1
			if !pinned(f) {
				out[i] = 1 / math.Sqrt(float64(n))
			}
		}
	default:
		for i := range out {
			out[i] = 1
		}
	}
	return out
}

func pinned(f string) bool { return len(f) > 0 && f[0] == Pin }

// Logit returns the model's log-odds for a set of features; unknown
// features weigh nothing. Each feature counts once per call site: callers
// pass de-duplicated features.
func (m *Model) Logit(features []string) float64 {
	z := m.Bias
	if m.Norm == NormNone {
		for _, f := range features {
			z += m.Weights[f]
		}
		return z
	}
	n := len(features) // the features NormDocument and NormPinned scale
	if m.Norm == NormPinned {
		n = 0
		for _, f := range features {
			if !pinned(f) {
				n++
			}
		}
	}
	scale := 1 / math.Sqrt(float64(n)) // as scales gives it
	for _, f := range features {
		v := scale
		if m.Norm == NormPinned && pinned(f) || m.Norm != NormDocument && m.Norm != NormPinned {
			v = 1
		}
		z += m.Weights[f] * v
	}
	return z
}

// Prob returns the model's probability for a set of features.
func (m *Model) Prob(features []string) float64 { return Sigmoid(m.Logit(features)) }

// Sigmoid is the logistic function.
func Sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// Options configure Train. The zero value uses the documented defaults.
type Options struct {
	Epochs   int     // passes over the data; default 12
	Rate     float64 // AdaGrad base learning rate; default 0.3
	L2       float64 // L2 penalty per example and weight; default 1e-4
	MinCount int     // features seen in fewer training examples are dropped; default 2
	Prune    float64 // weights smaller in magnitude are dropped after training; default 0.01
	Seed     uint64  // shuffling seed; default 1
	// NB, when positive, scales each feature by its naive-Bayes log-count
	// ratio with smoothing NB before fitting (NB-LR, Wang and Manning
	// 2012); the written weight is the fitted weight times the ratio, so
	// scoring is unchanged.
	NB float64
	// Norm scales each example's features (see Norm).
	Norm Norm
}

func (o Options) withDefaults() Options {
	if o.Epochs == 0 {
		o.Epochs = 12
	}
	if o.Rate == 0 {
		o.Rate = 0.3
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	if o.MinCount == 0 {
		o.MinCount = 2
	}
	if o.Prune == 0 {
		o.Prune = 0.01
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	return o
}

// Train fits a model to examples x (de-duplicated feature names) with
// labels y. It panics when x and y differ in length.
func Train(x [][]string, y []bool, opt Options) *Model {
	if len(x) != len(y) {
		panic("logreg: Train: x and y differ in length")
	}
	opt = opt.withDefaults()
	count := map[string]int{}
	for _, fs := range x {
		for _, f := range fs {
			count[f]++
		}
	}
	ids := map[string]int{}
	names := []string{}
	for f, n := range count {
		if n >= opt.MinCount {
			names = append(names, f)
		}
	}
	slices.Sort(names)
	for i, f := range names {
		ids[f] = i
	}
	rows := make([][]int, len(x))
	vals := make([][]float64, len(x))
	for i, fs := range x {
		sc := opt.Norm.scales(fs)
		for j, f := range fs {
			if id, ok := ids[f]; ok {
				rows[i] = append(rows[i], id)
				vals[i] = append(vals[i], sc[j])
			}
		}
	}
	scale := make([]float64, len(names))
	for i := range scale {
		scale[i] = 1
	}
	if opt.NB > 0 {
		scale = nbRatios(rows, y, len(names), opt.NB)
	}
	w := make([]float64, len(names))
	g2 := make([]float64, len(names))
	var b, gb float64
	order := make([]int, len(x))
	for i := range order {
		order[i] = i
	}
	r := rand.New(rand.NewPCG(opt.Seed, 0x6e656564))
	for range opt.Epochs {
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			z := b
			for k, id := range rows[i] {
				z += w[id] * scale[id] * vals[i][k]
			}
			g := Sigmoid(z)
			if y[i] {
				g--
			}
			gb += g * g
			b -= opt.Rate * g / math.Sqrt(gb+1e-8)
			for k, id := range rows[i] {
				gi := g*scale[id]*vals[i][k] + opt.L2*w[id]
				g2[id] += gi * gi
				w[id] -= opt.Rate * gi / math.Sqrt(g2[id]+1e-8)
			}
		}
	}
	m := &Model{Bias: b, Weights: map[string]float64{}, Norm: opt.Norm}
	for i, f := range names {
		if v := w[i] * scale[i]; math.Abs(v) >= opt.Prune {
			m.Weights[f] = v
		}
	}
	return m
}

// nbRatios returns each feature's naive-Bayes log-count ratio: the log of
// its smoothed share of the positive examples' features over its share of
// the negative examples' features.
func nbRatios(rows [][]int, y []bool, n int, alpha float64) []float64 {
	p := make([]float64, n)
	q := make([]float64, n)
	for i := range p {
		p[i], q[i] = alpha, alpha
	}
	for i, row := range rows {
		c := q
		if y[i] {
			c = p
		}
		for _, id := range row {
			c[id]++
		}
	}
	var sp, sq float64
	for i := range p {
		sp += p[i]
		sq += q[i]
	}
	r := make([]float64, n)
	for i := range r {
		r[i] = math.Log(p[i]/sp) - math.Log(q[i]/sq)
	}
	return r
}

// Format writes the model as text: a "bias WEIGHT" line, then one
// "FEATURE WEIGHT" line per feature, sorted by feature, weights rounded to
// four decimals. Feature names must not hold spaces.
func (m *Model) Format(name string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s bias %.4f\n", name, m.Bias)
	if m.Norm != NormNone {
		fmt.Fprintf(&b, "%s norm %d\n", name, m.Norm)
	}
	keys := make([]string, 0, len(m.Weights))
	for f := range m.Weights {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	for _, f := range keys {
		fmt.Fprintf(&b, "%s %s %.4f\n", name, f, m.Weights[f])
	}
	return b.String()
}

// Parse reads models written by Format, possibly several with different
// names in one text; blank lines and lines starting with # are skipped.
func Parse(text string) (map[string]*Model, error) {
	out := map[string]*Model{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 {
			return nil, fmt.Errorf("logreg: parse line %d: want \"MODEL FEATURE WEIGHT\": %q", n, line)
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("logreg: parse line %d: %w", n, err)
		}
		m := out[f[0]]
		if m == nil {
			m = &Model{Weights: map[string]float64{}}
			out[f[0]] = m
		}
		switch f[1] {
		case "bias":
			m.Bias = v
		case "norm":
			m.Norm = Norm(v)
		default:
			m.Weights[f[1]] = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("logreg: parse: %w", err)
	}
	return out, nil
}

package tagger

import (
	"math/rand/v2"
	"slices"
)

// Example is one training sentence: tokens and the index of each token's
// class.
type Example struct {
	Tokens  []string
	Classes []int
}

// Train learns a model over classes from examples with the averaged
// perceptron, for the given number of passes over the data in an order
// shuffled by seed; the same inputs always give the same model. Each
// token's features see the classes the model itself chose for the tokens
// before it, as at tagging time.
//
// lex holds, by LowerKey, what is known of words: UsuallyLowerBit for
// words usually written in lowercase, ListedBit for words of names in a
// gazetteer. It is stored with the model.
func Train(classes []string, examples []Example, lex map[uint64]uint8, epochs int, seed uint64) *Model {
	m := newModel(slices.Clone(classes))
	for k, b := range lex {
		m.lex[k] = b
	}
	nc := len(classes)
	var totals []float64 // running sums for the average
	var stamps []int32   // the step at which each weight last changed
	step := int32(0)
	rowOf := func(f uint64) int {
		r, ok := m.index[f]
		if !ok {
			r = int32(len(m.weights) / nc)
			m.index[f] = r
			m.weights = append(m.weights, make([]float32, nc)...)
			totals = append(totals, make([]float64, nc)...)
			stamps = append(stamps, make([]int32, nc)...)
		}
		return int(r)
	}
	bump := func(row, c int, d float32) {
		i := row*nc + c
		totals[i] += float64(step-stamps[i]) * float64(m.weights[i])
		stamps[i] = step
		m.weights[i] += d
	}
	order := make([]int, len(examples))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	scores := make([]float32, nc)
	var feats []uint64
	var ws []word
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, ei := range order {
			ex := examples[ei]
			var style uint64
			ws, style = describeSentence(ws[:0], ex.Tokens, m.lex)
			pred := make([]int, 0, len(ex.Tokens))
			for i := range ex.Tokens {
				prev, prev2 := -1, -1
				if i > 0 {
					prev = pred[i-1]
				}
				if i > 1 {
					prev2 = pred[i-2]
				}
				feats = features(feats[:0], ws, i, prev, prev2, style)
				m.score(feats, scores)
				guess, gold := m.best(scores, prev), ex.Classes[i]
				step++
				if guess != gold {
					for _, f := range feats {
						row := rowOf(f)
						bump(row, gold, 1)
						bump(row, guess, -1)
					}
				}
				pred = append(pred, gold)
			}
		}
	}
	for i := range m.weights {
		totals[i] += float64(step-stamps[i]) * float64(m.weights[i])
		m.weights[i] = float32(totals[i] / float64(step))
	}
	return m
}

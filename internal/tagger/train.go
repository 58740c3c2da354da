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
// gazetteer, and word clusters. It is stored with the model.
func Train(classes []string, examples []Example, lex Lexicon, epochs int, seed uint64) *Model {
	return TrainBeam(classes, examples, lex, epochs, seed, 1)
}

// TrainBeam is Train with structured updates when k > 1: each sentence is
// decoded by beam search of width k over the current weights, and when
// the gold classes fall out of the beam, or are not its best at the end,
// the weights move toward the gold prefix and away from the best
// hypothesis (early update). Models trained so are meant to be tagged with
// SetBeam(k).
func TrainBeam(classes []string, examples []Example, lex Lexicon, epochs int, seed uint64, k int) *Model {
	return TrainEpochs(classes, examples, lex, epochs, seed, k, nil)
}

// TrainEpochs is TrainBeam that, when each is not nil, calls it after
// every pass over the data with the number of passes so far and the
// model averaged up to then: the models of fewer epochs in one training.
// The model given to each is valid only during the call (it shares the
// training's state); Write it to keep it.
func TrainEpochs(classes []string, examples []Example, lex Lexicon, epochs int, seed uint64, k int, each func(int, *Model)) *Model {
	m := newModel(slices.Clone(classes))
	for k, b := range lex.Bits {
		m.lex.Bits[k] = b
	}
	for k, c := range lex.Clusters {
		m.lex.Clusters[k] = c
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
	var hyps []hyp
	average := func(dst []float32) []float32 {
		dst = dst[:0]
		for i, w := range m.weights {
			dst = append(dst, float32((totals[i]+float64(step-stamps[i])*float64(w))/float64(step)))
		}
		return dst
	}
	for epoch := range epochs {
		if each != nil && epoch > 0 {
			snap := *m
			snap.weights = average(nil)
			each(epoch, &snap)
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, ei := range order {
			ex := examples[ei]
			var style uint64
			ws, style = describeSentence(ws[:0], ex.Tokens, &m.lex)
			if k > 1 {
				hyps = beamUpdate(m, ws, style, ex.Classes, k, hyps, &step, func(feats []uint64, c int, d float32) {
					for _, f := range feats {
						bump(rowOf(f), c, d)
					}
				})
				continue
			}
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
	m.weights = average(m.weights)
	if each != nil {
		each(epochs, m)
	}
	return m
}

// beamUpdate decodes one sentence by beam search over m's current weights
// and, when the gold classes are not the best hypothesis, calls update
// with the features of each position of the gold prefix (+1 for the gold
// class) and of the best hypothesis (-1 for its class), up to where the
// gold fell out of the beam. It counts a step per token and returns hyps
// for reuse.
func beamUpdate(m *Model, ws []word, style uint64, gold []int, k int, hyps []hyp, step *int32, update func([]uint64, int, float32)) []hyp {
	nc, n := len(m.classes), len(gold)
	hyps = append(hyps[:0], make([]hyp, (n+1)*k)...)
	hyps[0] = hyp{prev: -1, prev2: -1, parent: -1, gold: true}
	static, scores := make([]float32, nc), make([]float32, nc)
	var feats []uint64
	count, stop := 1, n
	for i := range n {
		feats = staticFeatures(feats[:0], ws, i, style)
		m.score(feats, static)
		cur, next := hyps[i*k:i*k+count], hyps[(i+1)*k:(i+2)*k]
		kept := 0
		for hi, h := range cur {
			feats = historyFeatures(feats[:0], &ws[i], h.prev, h.prev2, style)
			m.score(feats, scores)
			allowed := m.allowed[(h.prev+1)*nc : (h.prev+2)*nc]
			for c := range nc {
				if allowed[c] {
					kept = keep(next, kept, hyp{score: h.score + static[c] + scores[c], prev: c, prev2: h.prev, parent: hi, gold: h.gold && c == gold[i]})
				}
			}
		}
		count = kept
		*step++
		in := false
		for _, h := range next[:kept] {
			in = in || h.gold
		}
		if !in {
			stop = i + 1
			break
		}
	}
	if hyps[stop*k].gold {
		return hyps
	}
	pred := make([]int, stop)
	at := 0
	for i := stop; i > 0; i-- {
		h := hyps[i*k+at]
		pred[i-1] = h.prev
		at = h.parent
	}
	at2 := func(cs []int, j int) int {
		if j < 0 {
			return -1
		}
		return cs[j]
	}
	for j := range stop {
		gp, gp2, pp, pp2 := at2(gold, j-1), at2(gold, j-2), at2(pred, j-1), at2(pred, j-2)
		if pred[j] == gold[j] && gp == pp && gp2 == pp2 {
			continue
		}
		update(features(nil, ws, j, gp, gp2, style), gold[j], 1)
		update(features(nil, ws, j, pp, pp2, style), pred[j], -1)
	}
	return hyps
}

package main

import (
	"math"
	"slices"
	"testing"

	"github.com/ckmhq/ckm/internal/logreg"
	"github.com/google/go-cmp/cmp"
)

func TestWithPrefixes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"word and title stems", []string{"ti:export", "w:implement"}, []string{"ti:export", "w:implement", "x:impl", "xt:expo"}},
		{"short stems and bigrams kept alone", []string{"b:add_option", "w:add", "w:opti"}, []string{"b:add_option", "w:add", "w:opti"}},
		{"shared prefix once", []string{"w:exporter", "w:exports"}, []string{"w:exporter", "w:exports", "x:expo"}},
		{"letters, not bytes", []string{"w:relatório"}, []string{"w:relatório", "x:rela"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, withPrefixes(tt.in)); diff != "" {
				t.Errorf("withPrefixes(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestAdaptTrainCollapses checks that the augmented head collapses to
// one weight per feature that scores an own document as the augmented
// model scores its augmented copy.
func TestAdaptTrainCollapses(t *testing.T) {
	t.Parallel()
	var ex []example
	for i := range 40 {
		pos := i%2 == 0
		own := []string{"w:bug"}
		if pos {
			own = []string{"w:add", "w:option"}
		}
		ex = append(ex, example{set: 1, features: own, explicit: pos, fold: i % folds})
		ex = append(ex, example{set: 0, features: []string{"w:add", "w:please"}, explicit: true, fold: i % folds})
	}
	cfg := config{opt: logreg.Options{Epochs: 5, Prune: 1e-9, MinCount: 1, Norm: logreg.NormDocument}, bags: 1}
	h := head{"explicit-ticket", false, 1}
	m := train(ex, h, config{opt: cfg.opt, bags: 1, adapt: true}, -1, -1)
	for f := range m.Weights {
		if f[0] == '@' || f[0] == '%' {
			t.Errorf("collapsed head keeps augmented feature %q", f)
		}
	}
	if p := m.Prob([]string{"w:add", "w:option"}); p <= 0.5 {
		t.Errorf("P(feature | add option) = %.3f, want > 0.5", p)
	}
	if p := m.Prob([]string{"w:bug"}); p >= 0.5 {
		t.Errorf("P(feature | bug) = %.3f, want < 0.5", p)
	}
	// The collapsed logit of an own document equals the augmented model's.
	// (own examples first, as adaptTrain orders them).
	var x [][]string
	var y []bool
	for _, set := range []int{1, 0} {
		for _, e := range ex {
			if e.set == set {
				x, y = append(x, augment(e.features, map[int]string{1: "@", 0: "%"}[set])), append(y, e.explicit)
			}
		}
	}
	full := trainBags(x, y, cfg)
	doc := []string{"w:add", "w:option"}
	if got, want := m.Logit(doc), full.Logit(augment(doc, "@")); math.Abs(got-want) > 1e-9 {
		t.Errorf("collapsed logit %.6f, augmented %.6f", got, want)
	}
}

// TestTrainBootstrap checks that only the explicit ticket head is bagged
// on bootstrap samples, that bagging is deterministic, and that the bagged
// head still separates a toy problem.
func TestTrainBootstrap(t *testing.T) {
	t.Parallel()
	var ex []example
	for i := range 40 {
		pos := i%2 == 0
		fs := []string{"w:crash", "w:bug"}
		if pos {
			fs = []string{"w:add", "w:option"}
		}
		for set := range 2 {
			ex = append(ex, example{set: set, features: fs, explicit: pos, implied: !pos, fold: i % folds})
		}
	}
	cfg := config{opt: logreg.Options{Epochs: 5, Prune: 1e-9, MinCount: 1, Norm: logreg.NormDocument}, bags: 2, bootBags: 4, mixNB: 1}
	plain := cfg
	plain.bootBags = 0
	tests := []struct {
		head   head
		bagged bool
	}{
		{head{"explicit-ticket", false, ticketSet}, true},
		{head{"implied-ticket", true, ticketSet}, false},
		{head{"explicit-review", false, 0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.head.name, func(t *testing.T) {
			t.Parallel()
			m, again, ref := train(ex, tt.head, cfg, -1, -1), train(ex, tt.head, cfg, -1, -1), train(ex, tt.head, plain, -1, -1)
			if diff := cmp.Diff(m.Format("h"), again.Format("h")); diff != "" {
				t.Errorf("two trainings differ (-first +second):\n%s", diff)
			}
			if same := m.Format("h") == ref.Format("h"); same == tt.bagged {
				t.Errorf("head equals the unbagged head: %v, want %v", same, !tt.bagged)
			}
			doc, want := []string{"w:add", "w:option"}, !tt.head.implied
			if p := m.Prob(doc); (p > 0.5) != want {
				t.Errorf("P(%q) = %.3f, want > 0.5: %v", doc, p, want)
			}
		})
	}
}

// TestFinalThreshold checks that a head trained on all the data takes
// the median of its folds' thresholds, whatever their order, and leaves
// them as they were.
func TestFinalThreshold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		perFold []float64
		want    float64
	}{
		{nil, 0.5},
		{[]float64{0.23, 0.33, 0.21, 0.33, 0.35}, 0.33},
		{[]float64{0.35, 0.21, 0.33, 0.23, 0.33}, 0.33},
		{[]float64{0.2, 0.4}, 0.3},
		{[]float64{0.9}, 0.9},
	}
	for _, tt := range tests {
		before := slices.Clone(tt.perFold)
		if got := finalThreshold(tt.perFold); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("finalThreshold(%v) = %.3f, want %.3f", tt.perFold, got, tt.want)
		}
		if !slices.Equal(before, tt.perFold) {
			t.Errorf("finalThreshold reordered its input: %v, was %v", tt.perFold, before)
		}
	}
}

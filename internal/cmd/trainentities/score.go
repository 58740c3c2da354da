package main

import (
	"fmt"
	"io"

	"github.com/ckmhq/ckm/internal/conll"
)

// count is true positives, false positives and false negatives.
type count struct{ tp, fp, fn int }

func (c count) f1() float64 {
	if c.tp == 0 {
		return 0
	}
	p, r := float64(c.tp)/float64(c.tp+c.fp), float64(c.tp)/float64(c.tp+c.fn)
	return 2 * p * r / (p + r)
}

// scores are exact-span counts per type.
type scores map[string]*count

func (sc *scores) get(t string) *count {
	if *sc == nil {
		*sc = scores{}
	}
	if (*sc)[t] == nil {
		(*sc)[t] = &count{}
	}
	return (*sc)[t]
}

// add scores one sentence's predicted classes against its gold ones.
func (sc *scores) add(classes []string, gold, got []int) {
	want := map[conll.Span]bool{}
	for _, s := range spansOf(classes, gold) {
		want[s] = true
	}
	for _, s := range spansOf(classes, got) {
		if want[s] {
			sc.get(s.Label).tp++
			delete(want, s)
		} else {
			sc.get(s.Label).fp++
		}
	}
	for s := range want {
		sc.get(s.Label).fn++
	}
}

// merge adds the counts of o to sc.
func (sc *scores) merge(o scores) {
	for t, c := range o {
		g := sc.get(t)
		g.tp, g.fp, g.fn = g.tp+c.tp, g.fp+c.fp, g.fn+c.fn
	}
}

// total sums the scored types; with types non-nil, only those the
// source's gold data has (a model's PRODUCT is not charged on a file
// without products, nor LAW on Paramopama).
func (sc scores) total(types map[string]string) count {
	var all count
	for _, t := range typeOrder {
		c, ok := sc[t]
		if !ok || unscored[t] || (types != nil && (!hasType(types, t) || c.tp+c.fn == 0)) {
			continue
		}
		all.tp, all.fp, all.fn = all.tp+c.tp, all.fp+c.fp, all.fn+c.fn
	}
	return all
}

func hasType(types map[string]string, t string) bool {
	for _, v := range types {
		if v == t {
			return true
		}
	}
	return false
}

// print writes span P, R and F1 per type the source has, then over them.
func (sc scores) print(w io.Writer, types map[string]string) {
	for _, t := range typeOrder {
		if c, ok := sc[t]; ok && hasType(types, t) && !unscored[t] && c.tp+c.fn > 0 {
			fmt.Fprintf(w, "  %-9s %s\n", t, prf(*c))
		}
	}
	fmt.Fprintf(w, "  %-9s %s\n", "all", prf(sc.total(types)))
}

func spansOf(classes []string, cs []int) []conll.Span {
	tags := make([]string, len(cs))
	for i, c := range cs {
		tags[i] = classes[c]
	}
	return conll.Spans(tags)
}

func prf(c count) string {
	p, r := ratio(c.tp, c.tp+c.fp), ratio(c.tp, c.tp+c.fn)
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", p, r, c.f1(), c.tp, c.fp, c.fn)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

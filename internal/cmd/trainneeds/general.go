package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/ckmhq/ckm/internal/logreg"
)

// explicitCues are the features of the cues of kind explicit in
// nlp/data/cues.txt, found affirmed.
var explicitCues = []string{"c:request", "c:question", "c:wish"}

// hasExplicitCue reports whether the rules found an explicit need.
func hasExplicitCue(fs []string) bool {
	return slices.ContainsFunc(explicitCues, func(c string) bool { return slices.Contains(fs, c) })
}

// generalVeto is the probability of a channel-agnostic head under which an
// explicit need of the rules is vetoed, in the experiments of
// reportCrossChannel and -loco (no such head ships: see EVALUATION.md).
const generalVeto = 0.2

// trainGeneralHead fits a channel-agnostic head on the explicit labels of
// every data set but skip (-1: all), on generalPrefixes features only and
// without a threshold shift.
func trainGeneralHead(ex []example, skip int, cfg config) *logreg.Model {
	var x [][]string
	var y []bool
	for _, e := range ex {
		if e.set != skip {
			x, y = append(x, keep(e.features, generalPrefixes)), append(y, e.explicit)
		}
	}
	return trainBags(x, y, cfg)
}

// reportCrossChannel prints, for each data set, the rules' explicit
// decision alone and vetoed by a general head trained on the other data
// set only: whether the veto holds on a channel it never saw.
func reportCrossChannel(w io.Writer, ex []example, cfg config) {
	fmt.Fprintf(w, "\ngeneral head as a veto (p < %.2f), trained on the other file only\n", generalVeto)
	fmt.Fprintf(w, "%-14s %-22s %6s %6s %6s\n", "file", "decision", "P", "R", "F1")
	for si, d := range datasets {
		m := trainGeneralHead(ex, si, cfg)
		var rules, vetoed counts
		for _, e := range ex {
			if e.set != si {
				continue
			}
			r := hasExplicitCue(e.features)
			rules.add(r, e.explicit)
			vetoed.add(r && m.Prob(keep(e.features, generalPrefixes)) >= generalVeto, e.explicit)
		}
		for _, row := range []struct {
			name string
			c    counts
		}{{"rules-explicit", rules}, {"rules-explicit-vetoed", vetoed}} {
			p, r, f1 := row.c.prf()
			fmt.Fprintf(w, "%-14s %-22s %6.3f %6.3f %6.3f\n", d.name, row.name, p, r, f1)
		}
	}
}

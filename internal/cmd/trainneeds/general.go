package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

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
const generalVeto = 0.15

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

// writeVeto trains the kind veto of nlp (data/kindveto.txt): the general
// head on the explicit labels of every data set but the one named skip
// ("": all of them), written as head "kind-veto". nlp turns the rules'
// explicit needs into pain where it gives less than generalVeto, in
// documents the need model does not read.
func writeVeto(ex []example, out, skip string, cfg config, w io.Writer) error {
	si := -1
	for i, d := range datasets {
		if d.name == skip {
			si = i
		}
	}
	if skip != "" && si < 0 {
		return fmt.Errorf("trainneeds: -veto-skip %q: no such data set", skip)
	}
	m := trainGeneralHead(ex, si, cfg)
	var b strings.Builder
	b.WriteString("# nlp kind veto: a logistic regression head written by `go run ./internal/cmd/trainneeds`\n")
	b.WriteString("# (make train/needs) from ../shared/data/needs/{app-reviews,github-issues}.jsonl; do not edit.\n")
	fmt.Fprintf(&b, "# An explicit need of the cue rules becomes pain where the head gives less than %.2f.\n", generalVeto)
	b.WriteString("# Lines: HEAD FEATURE WEIGHT. Bump nlp.Version when this file changes.\n")
	b.WriteString(m.Format("kind-veto"))
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("trainneeds: write kind veto: %w", err)
	}
	fmt.Fprintf(w, "wrote %s (%d bytes, %d weights), without %q\n", out, b.Len(), len(m.Weights), skip)
	return nil
}

// Command trainneeds fits nlp's need model to the labelled development data
// and prints its 5-fold cross-validated precision, recall, F1 and
// calibration. Run it from the repository root (make train):
//
//	go run ./nlp/internal/trainneeds [-data ../shared/data] [-out nlp/data/needmodel.txt] [-cv-only]
//
// Each fold's model is trained on the other four folds only, so every
// figure it prints is measured on documents that model never saw. The
// model it writes is trained on all the data; bump nlp.Version after
// writing it.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/nlp/internal/logreg"
)

// dataset is one labelled file and which labels are positive for each kind.
type dataset struct {
	name     string
	path     string
	explicit []string
	implied  []string
}

var datasets = []dataset{
	{"app-reviews", "needs/app-reviews.jsonl", []string{"FEATURE"}, []string{"BUG", "PERFORMANCE", "USABILITY", "ENERGY", "SECURITY"}},
	{"github-issues", "needs/github-issues.jsonl", []string{"feature"}, []string{"bug"}},
}

// example is one document's features and labels.
type example struct {
	set               int
	features          []string
	explicit, implied bool
	fold              int
}

// head is one model the command trains and which kind it predicts.
type head struct {
	name    string
	implied bool
}

var heads = []head{{"explicit", false}, {"implied", true}}

const folds = 5

func main() {
	dataDir := flag.String("data", "../shared/data", "the development data `directory`")
	out := flag.String("out", "nlp/data/needmodel.txt", "where to write the model trained on all the data")
	cvOnly := flag.Bool("cv-only", false, "print the cross-validation figures without writing the model")
	// The defaults were chosen on the cross-validated figures only.
	epochs := flag.Int("epochs", 6, "training passes")
	l2 := flag.Float64("l2", 3e-3, "L2 penalty")
	minCount := flag.Int("min-count", 3, "drop features seen in fewer training documents")
	prune := flag.Float64("prune", 0.1, "drop weights smaller in magnitude")
	flag.Parse()
	opt := logreg.Options{Epochs: *epochs, L2: *l2, MinCount: *minCount, Prune: *prune}
	if err := run(context.Background(), *dataDir, *out, *cvOnly, opt, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "trainneeds:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dataDir, out string, cvOnly bool, opt logreg.Options, w io.Writer) error {
	ex, err := load(ctx, dataDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d documents; %d-fold cross-validation, folds fixed by seed, stratified by file\n\n", len(ex), folds)
	probs := crossValidate(ex, opt)
	report(w, ex, probs)
	if cvOnly {
		return nil
	}
	var b strings.Builder
	b.WriteString("# nlp need model: logistic regression heads written by `go run ./nlp/internal/trainneeds`\n")
	b.WriteString("# (make train) from ../shared/data/needs/{app-reviews,github-issues}.jsonl; do not edit.\n")
	b.WriteString("# Lines: HEAD FEATURE WEIGHT. Bump nlp.Version when this file changes.\n")
	for _, h := range heads {
		b.WriteString(train(ex, h, opt, -1).Format(h.name))
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("trainneeds: write model: %w", err)
	}
	fmt.Fprintf(w, "\nwrote %s (%d bytes), trained on all %d documents\n", out, b.Len(), len(ex))
	return nil
}

// load reads the data sets and computes every document's features.
func load(ctx context.Context, dataDir string) ([]example, error) {
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return nil, err
	}
	var docs []ckm.Document
	var ex []example
	for si, d := range datasets {
		f, err := os.Open(filepath.Join(dataDir, filepath.FromSlash(d.path)))
		if err != nil {
			return nil, err
		}
		labels, err := readLabels(f, &docs)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.path, err)
		}
		// Folds: the i-th document of the file's shuffled order goes to
		// fold i%5, so each fold holds a fifth of each file.
		base := len(ex)
		for _, l := range labels {
			ex = append(ex, example{set: si, explicit: slices.Contains(d.explicit, l), implied: slices.Contains(d.implied, l)})
		}
		for pos, i := range rand.New(rand.NewPCG(uint64(si)+1, 7)).Perm(len(labels)) {
			ex[base+i].fold = pos % folds
		}
	}
	var wg sync.WaitGroup
	errs := make([]error, len(docs))
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				ex[i].features, errs[i] = a.NeedFeatures(ctx, docs[i])
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := firstError(errs); err != nil {
		return nil, err
	}
	return ex, nil
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// readLabels appends the documents of r to docs and returns their labels.
func readLabels(r io.Reader, docs *[]ckm.Document) ([]string, error) {
	var labels []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		// Decoded by hand: the files' "at" fields are not all RFC 3339,
		// and the model does not use them.
		var l struct {
			ID     string     `json:"id"`
			Source ckm.Source `json:"source"`
			Lang   string     `json:"lang"`
			Text   string     `json:"text"`
			Label  string     `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		d := ckm.Document{ID: l.ID, Source: l.Source, Lang: l.Lang, Text: l.Text}
		*docs = append(*docs, d)
		labels = append(labels, l.Label)
	}
	return labels, sc.Err()
}

// train fits one head on every example outside fold skip (-1: all).
func train(ex []example, h head, opt logreg.Options, skip int) *logreg.Model {
	var x [][]string
	var y []bool
	for _, e := range ex {
		if e.fold == skip {
			continue
		}
		x = append(x, features(e, h))
		y = append(y, label(e, h))
	}
	return logreg.Train(x, y, opt)
}

func features(e example, _ head) []string { return e.features }

func label(e example, h head) bool {
	if h.implied {
		return e.implied
	}
	return e.explicit
}

// crossValidate returns, for each head, each example's probability from the
// model trained on the other folds.
func crossValidate(ex []example, opt logreg.Options) [][]float64 {
	probs := make([][]float64, len(heads))
	for hi, h := range heads {
		probs[hi] = make([]float64, len(ex))
		for f := range folds {
			m := train(ex, h, opt, f)
			for i, e := range ex {
				if e.fold == f {
					probs[hi][i] = m.Prob(features(e, h))
				}
			}
		}
	}
	return probs
}

// report prints precision, recall, F1 and calibration per file and head,
// with the cue rules alone as a baseline.
func report(w io.Writer, ex []example, probs [][]float64) {
	fmt.Fprintf(w, "%-14s %-14s %5s %5s %6s %6s %6s %6s %6s\n", "file", "head", "n", "pos", "P", "R", "F1", "ECE", "Brier")
	for si, d := range datasets {
		for hi, h := range heads {
			var c counts
			var ps []float64
			var ys []bool
			for i, e := range ex {
				if e.set != si {
					continue
				}
				p, y := probs[hi][i], label(e, h)
				c.add(p >= 0.5, y)
				ps, ys = append(ps, p), append(ys, y)
			}
			pr, re, f1 := c.prf()
			fmt.Fprintf(w, "%-14s %-14s %5d %5d %6.3f %6.3f %6.3f %6.3f %6.3f  F1@.3/.4/.6: %s\n", d.name, h.name, c.n(), c.tp+c.fn, pr, re, f1, ece(ps, ys), brier(ps, ys), atThresholds(ps, ys, 0.3, 0.4, 0.6))
		}
		for _, kind := range []string{"explicit", "implied"} {
			var c counts
			for _, e := range ex {
				if e.set != si {
					continue
				}
				if kind == "explicit" {
					c.add(slices.Contains(e.features, "c:request") || slices.Contains(e.features, "c:question"), e.explicit)
				} else {
					c.add(slices.Contains(e.features, "c:pain"), e.implied)
				}
			}
			pr, re, f1 := c.prf()
			fmt.Fprintf(w, "%-14s %-14s %5d %5d %6.3f %6.3f %6.3f %6s %6s\n", d.name, "rules-"+kind, c.n(), c.tp+c.fn, pr, re, f1, "-", "-")
		}
	}
}

// atThresholds returns the F1 at each threshold, for choosing one on the
// cross-validated probabilities.
func atThresholds(ps []float64, ys []bool, ts ...float64) string {
	var out []string
	for _, t := range ts {
		var c counts
		for i, p := range ps {
			c.add(p >= t, ys[i])
		}
		_, _, f1 := c.prf()
		out = append(out, fmt.Sprintf("%.3f", f1))
	}
	return strings.Join(out, "/")
}

type counts struct{ tp, fp, fn, tn int }

func (c *counts) add(pred, gold bool) {
	switch {
	case pred && gold:
		c.tp++
	case pred:
		c.fp++
	case gold:
		c.fn++
	default:
		c.tn++
	}
}

func (c counts) n() int { return c.tp + c.fp + c.fn + c.tn }

func (c counts) prf() (p, r, f1 float64) {
	if c.tp+c.fp > 0 {
		p = float64(c.tp) / float64(c.tp+c.fp)
	}
	if c.tp+c.fn > 0 {
		r = float64(c.tp) / float64(c.tp+c.fn)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

// ece is the expected calibration error over ten equal-width bins: the
// mean gap between confidence and accuracy, weighted by bin size.
func ece(ps []float64, ys []bool) float64 {
	var n, sumP, sumY [10]float64
	for i, p := range ps {
		b := min(int(p*10), 9)
		n[b]++
		sumP[b] += p
		if ys[i] {
			sumY[b]++
		}
	}
	e := 0.0
	for b := range n {
		if n[b] > 0 {
			e += math.Abs(sumP[b]-sumY[b]) / float64(len(ps))
		}
	}
	return e
}

func brier(ps []float64, ys []bool) float64 {
	s := 0.0
	for i, p := range ps {
		y := 0.0
		if ys[i] {
			y = 1
		}
		s += (p - y) * (p - y)
	}
	return s / float64(len(ps))
}

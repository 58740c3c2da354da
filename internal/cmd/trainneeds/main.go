// Command trainneeds fits nlp's need model to the labelled development data
// and prints its 5-fold cross-validated precision, recall, F1 and
// calibration. Run it from the repository root (make train):
//
//	go run ./internal/cmd/trainneeds [-data ../shared/data] [-out nlp/data/needmodel.txt] [-cv-only] [-shuffle N]
//
// (make train/needs). -adapt, -balance, -prefixes and -boot-bags are
// variants measured in EVALUATION.md and not used by the shipped model.
//
// It trains one explicit and one implied head per source (reviews on
// app-reviews, tickets on github-issues). Each fold's head is trained on
// the other four folds only, and its decision threshold is chosen by an
// inner cross-validation over those four folds (then moved to 0.5 by
// shifting the bias), so every figure it prints is measured on documents
// that neither the weights nor the threshold saw. -shuffle N draws other
// folds (0, the default, is the split EVALUATION.md reports), so the spread
// of a figure over several splits can be read. The model it writes is
// trained on all the data, each head's threshold the median of those its
// folds chose (see finalThreshold); bump nlp.Version after writing it.
//
// It then writes nlp's kind veto (-veto-out) and complaint head
// (-complaint-out, see complaint.go); -complaint-only -complaint-skip
// CHANNEL writes a complaint head trained without one channel, to measure
// it on that channel.
//
// -clusters-only writes nlp/data/wordclusters.txt instead: topical clusters
// of English stems learned from the unlabelled text of the development
// data (embed.go), whose cluster a ticket title's words add as features.
// The need model reads the clusters built into nlp, so make train/needs
// writes them first and trains the model in a second run.
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
	"github.com/ckmhq/ckm/internal/logreg"
	"github.com/ckmhq/ckm/nlp"
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

// head is one model the command trains: which kind it predicts and on
// which data set (its documents' source) it is trained and used.
type head struct {
	name    string
	implied bool
	set     int
}

var heads = []head{
	{"explicit-review", false, 0}, {"implied-review", true, 0},
	{"explicit-ticket", false, 1}, {"implied-ticket", true, 1},
}

const folds = 5

// config is how the command trains each head.
type config struct {
	opt logreg.Options
	// bags is the number of models averaged into one head, each trained
	// with its own shuffling seed; every second one is NB-LR with
	// smoothing mixNB when mixNB is positive. Averaging linear models
	// averages their log-odds, so the head stays one weight per feature.
	bags  int
	mixNB float64
	// bootBags, when positive, makes the explicit ticket head the average
	// of that many models trained on bootstrap samples instead (see
	// trainBootstrap).
	bootBags int
	// tune moves each head's decision threshold to the one that maximises
	// F1 by inner cross-validation (see fit); otherwise it stays at 0.5.
	tune bool
	// shuffle selects the seeded shuffle that assigns documents to folds.
	shuffle uint64
	// adapt trains each head also on the other source's documents, by
	// feature augmentation (Daumé 2007, see adaptTrain).
	adapt bool
	// balance repeats the positive examples of a head's training set until
	// both classes weigh about alike.
	balance bool
	// prefixes adds, for every word and title stem of five letters or
	// more, its first four letters ("x:impl", "xt:impl"): a character
	// n-gram of each word, so that rare inflections share a weight.
	prefixes bool
}

func main() {
	dataDir := flag.String("data", "../shared/data", "the development data `directory`")
	out := flag.String("out", "nlp/data/needmodel.txt", "where to write the model trained on all the data")
	cvOnly := flag.Bool("cv-only", false, "print the cross-validation figures without writing the model")
	loco := flag.Bool("loco", false, "print the leave-one-channel-out matrix instead of training")
	ptLabels := flag.String("pt-labels", "nlp/testdata/needs_pt.jsonl", "the hand-labelled Portuguese complaint sentences (-loco)")
	systems := flag.String("systems", "", "comma-separated systems of the -loco matrix to run (default: all)")
	vetoOut := flag.String("veto-out", "nlp/data/kindveto.txt", "where to write the kind veto trained on all the data")
	clustersOut := flag.String("clusters-out", "nlp/data/wordclusters.txt", "where -clusters-only writes the word clusters")
	clustersOnly := flag.Bool("clusters-only", false, "write only the word clusters learned from the unlabelled text (before training: the need model reads the embedded ones)")
	vetoOnly := flag.Bool("veto-only", false, "write only the kind veto, without cross-validation or the need model")
	complaintOut := flag.String("complaint-out", "nlp/data/complaint.txt", "where to write the complaint head")
	complaintOnly := flag.Bool("complaint-only", false, "write only the complaint head")
	complaintSkip := flag.String("complaint-skip", "", "train the complaint head without this channel (app-reviews, github-issues, banking77 or tweets), to measure it on a channel it never saw")
	vetoSkip := flag.String("veto-skip", "", "train the kind veto without this data set (app-reviews or github-issues), to measure it on a channel it never saw")
	// The defaults were chosen on the cross-validated figures only.
	var cfg config
	flag.IntVar(&cfg.opt.Epochs, "epochs", 20, "training passes")
	flag.Float64Var(&cfg.opt.L2, "l2", 1e-4, "L2 penalty")
	flag.IntVar(&cfg.opt.MinCount, "min-count", 3, "drop features seen in fewer training documents")
	flag.Float64Var(&cfg.opt.Prune, "prune", 0.6, "drop weights smaller in magnitude")
	flag.Float64Var(&cfg.opt.Rate, "rate", 0.3, "AdaGrad learning rate")
	flag.Float64Var(&cfg.opt.NB, "nb", 0, "naive-Bayes smoothing of NB-LR for every model (0: plain LR)")
	norm := flag.Bool("norm", true, "scale each document's features to unit length, but for the pinned ones (\"!v:\", see logreg.NormPinned)")
	flag.IntVar(&cfg.bags, "bags", 4, "models averaged into each head")
	flag.IntVar(&cfg.bootBags, "boot-bags", 0, "the explicit ticket head averages this many models trained on bootstrap samples (0: -bags models on all the examples)")
	flag.Float64Var(&cfg.mixNB, "mix-nb", 1, "every second averaged model is NB-LR with this smoothing (0: none)")
	flag.BoolVar(&cfg.tune, "tune-threshold", true, "choose each head's threshold by inner cross-validation")
	flag.Uint64Var(&cfg.shuffle, "shuffle", 0, "which seeded shuffle assigns documents to the folds")
	flag.BoolVar(&cfg.adapt, "adapt", false, "train each head on the other source too, by feature augmentation")
	flag.BoolVar(&cfg.balance, "balance", false, "weigh each head's classes alike by repeating positives")
	flag.BoolVar(&cfg.prefixes, "prefixes", false, "add the four-letter prefix of every word and title stem")
	flag.Parse()
	if *norm {
		cfg.opt.Norm = logreg.NormPinned
	}
	var err error
	if *clustersOnly {
		err = writeWordClusters(*dataDir, *clustersOut, os.Stdout)
	} else if *complaintOnly {
		err = writeComplaint(context.Background(), *dataDir, *complaintOut, *complaintSkip, cfg, os.Stdout)
	} else if *vetoOnly && !*loco {
		var ex []example
		if ex, err = load(context.Background(), *dataDir, cfg.shuffle); err == nil {
			err = writeVeto(ex, *vetoOut, *vetoSkip, cfg, os.Stdout)
		}
	} else if *loco {
		var only []string
		if *systems != "" {
			only = strings.Split(*systems, ",")
		}
		err = runLOCO(context.Background(), *dataDir, *ptLabels, only, cfg, os.Stdout)
	} else {
		err = run(context.Background(), *dataDir, *out, *vetoOut, *cvOnly, cfg, os.Stdout)
		if err == nil && !*cvOnly {
			err = writeComplaint(context.Background(), *dataDir, *complaintOut, "", cfg, os.Stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "trainneeds:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dataDir, out, vetoOut string, cvOnly bool, cfg config, w io.Writer) error {
	ex, err := load(ctx, dataDir, cfg.shuffle)
	if err != nil {
		return err
	}
	if cfg.prefixes {
		for i := range ex {
			ex[i].features = withPrefixes(ex[i].features)
		}
	}
	fmt.Fprintf(w, "%d documents; %d-fold cross-validation, folds fixed by seed, stratified by file\n\n", len(ex), folds)
	probs, thresholds := crossValidate(ex, cfg)
	report(w, ex, probs)
	for hi, h := range heads {
		fmt.Fprintf(w, "%s thresholds chosen per fold: %.2f\n", h.name, thresholds[hi])
	}
	reportCrossChannel(w, ex, cfg)
	if cvOnly {
		return nil
	}
	var b strings.Builder
	b.WriteString("# nlp need model: logistic regression heads written by `go run ./internal/cmd/trainneeds`\n")
	b.WriteString("# (make train) from ../shared/data/needs/{app-reviews,github-issues}.jsonl; do not edit.\n")
	b.WriteString("# Lines: HEAD FEATURE WEIGHT. Bump nlp.Version when this file changes.\n")
	for hi, h := range heads {
		t := 0.5
		if cfg.tune {
			t = finalThreshold(thresholds[hi])
		}
		m := fitAt(ex, h, cfg, -1, t)
		fmt.Fprintf(w, "%s: threshold %.2f (the median of the folds'), %d weights\n", h.name, t, len(m.Weights))
		b.WriteString(m.Format(h.name))
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("trainneeds: write model: %w", err)
	}
	fmt.Fprintf(w, "\nwrote %s (%d bytes), trained on all %d documents\n", out, b.Len(), len(ex))
	return writeVeto(ex, vetoOut, "", cfg, w)
}

// load reads the data sets and computes every document's features; shuffle
// selects the fold assignment.
func load(ctx context.Context, dataDir string, shuffle uint64) ([]example, error) {
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
		for pos, i := range rand.New(rand.NewPCG(uint64(si)+1, 7+shuffle)).Perm(len(labels)) {
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
			ID      string     `json:"id"`
			Client  string     `json:"client"`
			Subject string     `json:"subject"`
			Source  ckm.Source `json:"source"`
			Lang    string     `json:"lang"`
			Text    string     `json:"text"`
			Label   string     `json:"label"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return nil, fmt.Errorf("line %d: %w", n, err)
		}
		d := ckm.Document{ID: l.ID, Client: l.Client, Source: l.Source, Lang: l.Lang, Subject: l.Subject, Text: l.Text}
		*docs = append(*docs, d)
		labels = append(labels, l.Label)
	}
	return labels, sc.Err()
}

// fit trains one head on every example of its set outside fold skip (-1:
// all) and moves its decision threshold to 0.5: the threshold that
// maximises F1 over the probabilities of an inner cross-validation on
// those same examples (each inner fold scored by a model trained on the
// others), so the threshold never sees fold skip. The returned threshold
// is the probability of the unshifted model that now scores 0.5.
func fit(ex []example, h head, cfg config, skip int) (*logreg.Model, float64) {
	t := 0.5
	if cfg.tune {
		var ps []float64
		var ys []bool
		for g := range folds {
			if g == skip {
				continue
			}
			m := train(ex, h, cfg, skip, g)
			for _, e := range ex {
				if e.fold == g && e.set == h.set {
					ps, ys = append(ps, m.Prob(h.features(e))), append(ys, label(e, h))
				}
			}
		}
		t = bestThreshold(ps, ys)
	}
	return fitAt(ex, h, cfg, skip, t), t
}

// fitAt trains one head on every example of its set outside fold skip and
// moves threshold t to 0.5.
func fitAt(ex []example, h head, cfg config, skip int, t float64) *logreg.Model {
	m := train(ex, h, cfg, skip, -1)
	m.Bias -= math.Log(t / (1 - t))
	return m
}

// finalThreshold is the threshold of a head trained on all the data: the
// median of those its cross-validation chose per fold, the thresholds
// whose F1 the report shows. An inner cross-validation of its own over
// all the data chose from an F1 curve that is often flat over a wide span
// (implied-ticket: 0.776 to 0.781 from 0.17 to 0.35), where the argmax is
// noise: one cue line more moved it from 0.34 to 0.17, and the head then
// fired on every other ticket sentence.
func finalThreshold(perFold []float64) float64 {
	if len(perFold) == 0 {
		return 0.5
	}
	s := slices.Sorted(slices.Values(perFold))
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// bestThreshold returns the threshold in [0.05, 0.95], in steps of 0.01,
// whose decisions p ≥ t have the highest F1; ties go to the one nearest 0.5.
func bestThreshold(ps []float64, ys []bool) float64 {
	best, bestF1 := 0.5, -1.0
	for i := 5; i <= 95; i++ {
		t := float64(i) / 100
		var c counts
		for j, p := range ps {
			c.add(p >= t, ys[j])
		}
		_, _, f1 := c.prf()
		if f1 > bestF1+1e-12 || (math.Abs(f1-bestF1) <= 1e-12 && math.Abs(t-0.5) < math.Abs(best-0.5)) {
			best, bestF1 = t, f1
		}
	}
	return best
}

// train fits one head on every example of its set outside folds skip and
// skip2 (-1: none).
func train(ex []example, h head, cfg config, skip, skip2 int) *logreg.Model {
	var x [][]string
	var y []bool
	for _, e := range ex {
		if e.fold == skip || e.fold == skip2 || e.set != h.set {
			continue
		}
		x = append(x, h.features(e))
		y = append(y, label(e, h))
	}
	if cfg.adapt {
		return adaptTrain(ex, h, cfg, x, y, skip, skip2)
	}
	if cfg.balance {
		x, y = balanced(x, y)
	}
	if !h.implied && h.set == ticketSet && cfg.bootBags > 0 {
		return trainBootstrap(x, y, cfg)
	}
	return trainBags(x, y, cfg)
}

// ticketSet is the index in datasets of the GitHub issues.
const ticketSet = 1

// trainBootstrap trains cfg.bootBags models, each on its own seeded
// bootstrap sample of x and y (as many draws as examples, with
// replacement), every second one NB-LR when cfg.mixNB is set, and returns
// their average: bagging (Breiman 1996). The models of trainBags differ
// only in the order they see the examples and end close to one another;
// resampled ones differ in which documents they weigh, and their average
// leans less on any one document, which on GitHub issues' noisy labels
// ranks feature requests better on held-out folds (EVALUATION.md, "The
// need model"). Still one weight per feature.
func trainBootstrap(x [][]string, y []bool, cfg config) *logreg.Model {
	var ms []*logreg.Model
	for i := range cfg.bootBags {
		r := rand.New(rand.NewPCG(uint64(i)+11, 3))
		bx := make([][]string, len(x))
		by := make([]bool, len(y))
		for j := range bx {
			k := r.IntN(len(x))
			bx[j], by[j] = x[k], y[k]
		}
		ms = append(ms, logreg.Train(bx, by, bagOptions(cfg, i)))
	}
	return average(ms)
}

// adaptTrain fits head h on its own examples x, y and on every example of
// the other sources outside folds skip and skip2, by feature augmentation
// (Daumé 2007): each feature f of an own example is also written "@f", of
// another source's example "%f", so that f carries what the sources share
// and "@f" what is the head's own. An own document always holds both f and
// "@f", so the head collapses to one weight per feature, (w_f + w_@f)/√2
// (the √2 undoes the doubled length under NormDocument); the "%" weights
// are dropped.
func adaptTrain(ex []example, h head, cfg config, x [][]string, y []bool, skip, skip2 int) *logreg.Model {
	var ax [][]string
	var ay []bool
	for i, fs := range x {
		ax, ay = append(ax, augment(fs, "@")), append(ay, y[i])
	}
	for _, e := range ex {
		if e.fold == skip || e.fold == skip2 || e.set == h.set {
			continue
		}
		ax, ay = append(ax, augment(e.features, "%")), append(ay, label(e, h))
	}
	m := trainBags(ax, ay, cfg)
	out := &logreg.Model{Bias: m.Bias, Weights: map[string]float64{}, Norm: m.Norm}
	k := 1.0
	if m.Norm == logreg.NormDocument {
		k = 1 / math.Sqrt2
	}
	for f, w := range m.Weights {
		switch {
		case strings.HasPrefix(f, "%"):
		case strings.HasPrefix(f, "@"):
			out.Weights[f[1:]] += w * k
		default:
			out.Weights[f] += w * k
		}
	}
	for f, w := range out.Weights {
		if math.Abs(w) < cfg.opt.Prune {
			delete(out.Weights, f)
		}
	}
	return out
}

// augment returns fs with each feature also written with prefix p, sorted.
func augment(fs []string, p string) []string {
	out := slices.Clone(fs)
	for _, f := range fs {
		out = append(out, p+f)
	}
	slices.Sort(out)
	return out
}

// trainBags trains cfg.bags models on x and y, every second one NB-LR
// when cfg.mixNB is set, and returns their average.
func trainBags(x [][]string, y []bool, cfg config) *logreg.Model {
	var ms []*logreg.Model
	for i := range max(cfg.bags, 1) {
		ms = append(ms, logreg.Train(x, y, bagOptions(cfg, i)))
	}
	return average(ms)
}

// bagOptions returns the training options of the i-th averaged model: its
// own shuffling seed, and NB-LR for every second one when cfg.mixNB is set.
func bagOptions(cfg config, i int) logreg.Options {
	o := cfg.opt
	o.Seed = uint64(i) + 1
	if i%2 == 1 && cfg.mixNB > 0 {
		o.NB = cfg.mixNB
	}
	return o
}

// average returns the model whose weights are the means of ms' weights:
// for linear models, the mean of their log-odds.
func average(ms []*logreg.Model) *logreg.Model {
	if len(ms) == 1 {
		return ms[0]
	}
	out := &logreg.Model{Weights: map[string]float64{}, Norm: ms[0].Norm}
	k := float64(len(ms))
	for _, m := range ms {
		out.Bias += m.Bias / k
		for f, w := range m.Weights {
			out.Weights[f] += w / k
		}
	}
	return out
}

// features returns the features of e that head h reads: all of them but,
// for an implied head, the title's word clusters (nlp.WithoutClusters).
func (h head) features(e example) []string {
	if !h.implied {
		return e.features
	}
	return nlp.WithoutClusters(e.features)
}

func label(e example, h head) bool {
	if h.implied {
		return e.implied
	}
	return e.explicit
}

// crossValidate returns, for each kind (explicit, implied), each example's
// probability from its source's head trained on the other folds, and the
// threshold each head chose per fold.
func crossValidate(ex []example, cfg config) ([][]float64, [][]float64) {
	probs := make([][]float64, 2)
	for k := range probs {
		probs[k] = make([]float64, len(ex))
	}
	thresholds := make([][]float64, len(heads))
	for hi, h := range heads {
		k := 0
		if h.implied {
			k = 1
		}
		for f := range folds {
			m, t := fit(ex, h, cfg, f)
			thresholds[hi] = append(thresholds[hi], t)
			for i, e := range ex {
				if e.fold == f && e.set == h.set {
					probs[k][i] = m.Prob(h.features(e))
				}
			}
		}
	}
	return probs, thresholds
}

// report prints precision, recall, F1 and calibration per file and head,
// with the cue rules alone as a baseline.
func report(w io.Writer, ex []example, probs [][]float64) {
	fmt.Fprintf(w, "%-14s %-14s %5s %5s %6s %6s %6s %6s %6s\n", "file", "head", "n", "pos", "P", "R", "F1", "ECE", "Brier")
	for si, d := range datasets {
		for hi, h := range []head{{"explicit", false, si}, {"implied", true, si}} {
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
			fmt.Fprintf(w, "%-14s %-14s %5d %5d %6.3f %6.3f %6.3f %6.3f %6.3f\n", d.name, h.name, c.n(), c.tp+c.fn, pr, re, f1, ece(ps, ys), brier(ps, ys))
		}
		reportCombined(w, ex, probs[0], si)
		for _, kind := range []string{"explicit", "implied"} {
			var c counts
			for _, e := range ex {
				if e.set != si {
					continue
				}
				if kind == "explicit" {
					c.add(hasExplicitCue(e.features), e.explicit)
				} else {
					c.add(slices.Contains(e.features, "c:pain"), e.implied)
				}
			}
			pr, re, f1 := c.prf()
			fmt.Fprintf(w, "%-14s %-14s %5d %5d %6.3f %6.3f %6.3f %6s %6s\n", d.name, "rules-"+kind, c.n(), c.tp+c.fn, pr, re, f1, "-", "-")
		}
	}
}

// reportCombined prints the explicit head combined with the rules' explicit
// decision on data set si: either says yes (or), both say yes (and).
func reportCombined(w io.Writer, ex []example, probs []float64, si int) {
	var or, and counts
	for i, e := range ex {
		if e.set != si {
			continue
		}
		m, r := probs[i] >= 0.5, hasExplicitCue(e.features)
		or.add(m || r, e.explicit)
		and.add(m && r, e.explicit)
	}
	for _, row := range []struct {
		name string
		c    counts
	}{{"explicit-or-rules", or}, {"explicit-and-rules", and}} {
		p, r, f1 := row.c.prf()
		fmt.Fprintf(w, "%-14s %-18s %5d %5d %6.3f %6.3f %6.3f %6s %6s\n", datasets[si].name, row.name, row.c.n(), row.c.tp+row.c.fn, p, r, f1, "-", "-")
	}
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

// withPrefixes adds to fs the four-letter prefix of every word stem ("w:")
// and title stem ("ti:") of five letters or more, sorted and de-duplicated.
func withPrefixes(fs []string) []string {
	out := slices.Clone(fs)
	for _, f := range fs {
		for _, p := range [][2]string{{"w:", "x:"}, {"ti:", "xt:"}} {
			if st, ok := strings.CutPrefix(f, p[0]); ok && len([]rune(st)) >= 5 && !strings.Contains(st, "_") {
				out = append(out, p[1]+string([]rune(st)[:4]))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

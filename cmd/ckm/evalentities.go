package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/conll"
	"github.com/ckmhq/ckm/nlp"
	"github.com/jdkato/prose/v3"
)

// goldLabels maps the entity types of WNUT-17, LeNER-Br and CoNLL-2003 to
// ckm labels. Types not listed (WNUT's creative-work, CoNLL's MISC) are
// not scored.
var goldLabels = map[string]map[string]string{
	"wnut": {
		"person": nlp.LabelPerson, "location": nlp.LabelLocation, "group": nlp.LabelOrg,
		"corporation": nlp.LabelOrg, "product": nlp.LabelProduct,
	},
	"conll": {
		"PESSOA": nlp.LabelPerson, "ORGANIZACAO": nlp.LabelOrg, "LOCAL": nlp.LabelLocation,
		"TEMPO": nlp.LabelDate, "LEGISLACAO": nlp.LabelReference, "JURISPRUDENCIA": nlp.LabelReference,
		"PER": nlp.LabelPerson, "ORG": nlp.LabelOrg, "LOC": nlp.LabelLocation,
	},
}

// proseLabels maps prose's entity labels to ckm labels.
var proseLabels = map[string]string{
	"PERSON": nlp.LabelPerson, "ORG": nlp.LabelOrg, "GPE": nlp.LabelLocation, "LOC": nlp.LabelLocation,
	"FAC": nlp.LabelLocation, "PRODUCT": nlp.LabelProduct, "DATE": nlp.LabelDate,
}

// labelOrder is the order labels are printed in.
var labelOrder = []string{nlp.LabelPerson, nlp.LabelOrg, nlp.LabelLocation, nlp.LabelProduct, nlp.LabelDate, nlp.LabelReference}

func runEvalEntities(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlagSet("eval entities", e)
	c.gazetteerFlag(fs, e)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm eval entities [--format conll|wnut] [--lang en|pt] FILE.conll\n\nScores ckm's entities and plain prose v3's (prose.NewDocument defaults) against\nCoNLL-format gold data: per-label precision, recall and F1, exact spans.")
		fs.PrintDefaults()
	}
	format := fs.String("format", "conll", "gold labels: wnut (WNUT-17) or conll (LeNER-Br, CoNLL-2003)")
	lang := fs.String("lang", "", "language of the sentences (default en for wnut, detected for conll)")
	if err := parse(fs, args); err != nil {
		return err
	}
	labels, ok := goldLabels[*format]
	if !ok || fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	if *lang == "" && *format == "wnut" {
		*lang = "en"
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("eval entities: %w", err)
	}
	sents, err := conll.Read(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("eval entities: %w", err)
	}
	ncfg, err := c.nlpConfig()
	if err != nil {
		return err
	}
	a, err := nlp.New(ncfg)
	if err != nil {
		return err
	}
	ckmScore, proseScore := scores{}, scores{}
	var ckmTime, proseTime time.Duration
	gold := 0
	for _, s := range sents {
		if err := ctx.Err(); err != nil {
			return err
		}
		text, spans := goldSpans(s, labels)
		gold += len(spans)
		t0 := time.Now()
		an, err := a.Analyze(ctx, ckm.Document{ID: "eval", Lang: *lang, Text: text})
		if err != nil {
			return err
		}
		t1 := time.Now()
		doc, err := prose.NewDocument(text)
		if err != nil {
			return fmt.Errorf("eval entities: prose: %w", err)
		}
		proseTime += time.Since(t1)
		ckmTime += t1.Sub(t0)
		var got []span
		for _, x := range an.Entities {
			got = append(got, span{x.Start, x.End, x.Label})
		}
		ckmScore.add(spans, got)
		got = got[:0]
		for _, x := range doc.Entities() {
			if l, ok := proseLabels[x.Label]; ok {
				got = append(got, span{x.Start, x.Start + len(x.Text), l})
			}
		}
		proseScore.add(spans, got)
	}
	fmt.Fprintf(e.stdout, "%s: %d sentences, %d gold entities (format %s); exact span and label match\n", fs.Arg(0), len(sents), gold, *format)
	printScores(e.stdout, ckmScore, proseScore)
	fmt.Fprintf(e.stdout, "time: ckm %.2fs, prose %.2fs\n", ckmTime.Seconds(), proseTime.Seconds())
	return nil
}

// span is an entity as byte offsets and a ckm label.
type span struct {
	start, end int
	label      string
}

// goldSpans joins a sentence's tokens with spaces and returns the text and
// its scored entities as byte spans.
func goldSpans(s conll.Sentence, labels map[string]string) (string, []span) {
	var b strings.Builder
	starts := make([]int, len(s.Tokens))
	for i, t := range s.Tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		starts[i] = b.Len()
		b.WriteString(t)
	}
	var out []span
	for _, sp := range conll.Spans(s.Tags) {
		if l, ok := labels[sp.Label]; ok {
			out = append(out, span{starts[sp.Start], starts[sp.End-1] + len(s.Tokens[sp.End-1]), l})
		}
	}
	return b.String(), out
}

// counts are true positives, false positives and false negatives.
type counts struct{ tp, fp, fn int }

// scores are counts per label; only labels that appear in the gold data
// are scored, so a system is not charged for labels the data lacks.
type scores map[string]*counts

func (sc scores) get(l string) *counts {
	if sc[l] == nil {
		sc[l] = &counts{}
	}
	return sc[l]
}

func (sc scores) add(gold, got []span) {
	want := map[span]bool{}
	for _, g := range gold {
		want[g] = true
	}
	for _, g := range got {
		if want[g] {
			sc.get(g.label).tp++
			delete(want, g)
		} else {
			sc.get(g.label).fp++
		}
	}
	for g := range want {
		sc.get(g.label).fn++
	}
}

func printScores(w io.Writer, ckmScore, proseScore scores) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "label\tgold\tckm P\tR\tF1\tprose P\tR\tF1\t")
	var ca, pa counts
	for _, l := range labelOrder {
		c, p := ckmScore[l], proseScore[l]
		if c == nil || c.tp+c.fn == 0 {
			continue // not in the gold data
		}
		if p == nil {
			p = &counts{fn: c.tp + c.fn}
		}
		ca.tp, ca.fp, ca.fn = ca.tp+c.tp, ca.fp+c.fp, ca.fn+c.fn
		pa.tp, pa.fp, pa.fn = pa.tp+p.tp, pa.fp+p.fp, pa.fn+p.fn
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", l, c.tp+c.fn, prf(*c), prf(*p))
	}
	fmt.Fprintf(tw, "all (micro)\t%d\t%s\t%s\t\n", ca.tp+ca.fn, prf(ca), prf(pa))
	tw.Flush()
}

// prf formats precision, recall and F1 as three tab-separated columns.
func prf(c counts) string {
	p, r := frac(c.tp, c.tp+c.fp), frac(c.tp, c.tp+c.fn)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return fmt.Sprintf("%.3f\t%.3f\t%.3f", p, r, f)
}

func frac(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

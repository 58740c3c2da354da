package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/conll"
	"github.com/ckmhq/ckm/nlp"
	"github.com/jdkato/prose/v3"
)

// goldLabels maps the entity types of the development files to ckm
// labels: WNUT-17's lowercase types, the CoNLL-2003 types of BTC, WikiGold
// and the SEC filings, and the Portuguese types of LeNER-Br and
// Paramopama. Types not listed (WNUT's creative-work, CoNLL's MISC) are
// not scored: MISC is never counted as PERSON, ORG or LOCATION.
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

// portugueseTypes are the gold types that mark a file as Portuguese when
// --lang is not given.
var portugueseTypes = map[string]bool{"PESSOA": true, "ORGANIZACAO": true, "LOCAL": true, "TEMPO": true}

// proseLabels maps prose's entity labels to ckm labels.
var proseLabels = map[string]string{
	"PERSON": nlp.LabelPerson, "ORG": nlp.LabelOrg, "GPE": nlp.LabelLocation, "LOC": nlp.LabelLocation,
	"FAC": nlp.LabelLocation, "PRODUCT": nlp.LabelProduct, "DATE": nlp.LabelDate,
}

// labelOrder is the order labels are printed in.
var labelOrder = []string{nlp.LabelPerson, nlp.LabelOrg, nlp.LabelLocation, nlp.LabelProduct, nlp.LabelDate, nlp.LabelReference}

// entityEval is what `ckm eval entities` does with each file.
type entityEval struct {
	a      *nlp.Analyzer
	format string // "", "conll" or "wnut": "" detects it per file
	lang   string // "" picks it per file
	prose  bool   // also score prose v3
	// documents analyses each document of a file with "-DOCSTART-"
	// marks as one text, its sentences a paragraph each.
	documents bool
}

func runEvalEntities(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlagSet("eval entities", e)
	c.gazetteerFlag(fs, e)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm eval entities [--format conll|wnut] [--lang en|pt] [--prose=false] [--documents] FILE.conll...\n\nScores ckm's entities and plain prose v3's (prose.NewDocument defaults) against\nCoNLL-format gold data (BIO, IOB1 or IO tags; WNUT-17 types): per-label precision,\nrecall and F1, exact spans, for each file.")
		fs.PrintDefaults()
	}
	format := fs.String("format", "", "gold labels: wnut (WNUT-17) or conll (BTC, WikiGold, SEC filings, LeNER-Br, Paramopama, CoNLL-2003); default: detected per file")
	lang := fs.String("lang", "", "language of the sentences (default pt for files with Portuguese types, else en)")
	withProse := fs.Bool("prose", true, "also score prose v3")
	documents := fs.Bool("documents", false, "analyse each document of a file with -DOCSTART- marks (WikiGold, SEC filings, CoNLL-2003) as one text, its sentences a paragraph each, as ckm analyses a document (default: every sentence alone)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, ok := goldLabels[*format]; (*format != "" && !ok) || fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	ncfg, err := c.nlpConfig()
	if err != nil {
		return err
	}
	a, err := nlp.New(ncfg)
	if err != nil {
		return err
	}
	ev := entityEval{a: a, format: *format, lang: *lang, prose: *withProse, documents: *documents}
	for i, path := range fs.Args() {
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		if err := ev.file(ctx, e.stdout, path); err != nil {
			return err
		}
	}
	return nil
}

// detect returns the label format and language of a file's sentences.
func detect(sents []conll.Sentence) (format, lang string) {
	format, lang = "conll", "en"
	for _, s := range sents {
		for _, sp := range conll.Spans(s.Tags) {
			if _, ok := goldLabels["wnut"][sp.Label]; ok {
				format = "wnut"
			}
			if portugueseTypes[sp.Label] {
				lang = "pt"
			}
		}
	}
	return format, lang
}

// file scores one gold file and prints its table.
func (ev entityEval) file(ctx context.Context, w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("eval entities: %w", err)
	}
	sents, err := conll.Read(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("eval entities: %s: %w", path, err)
	}
	// BTC's "@ user" is one mention, and mentions are not scored: BTC tags
	// them, WNUT-17 does not.
	sents = conll.UntagHandles(conll.JoinHandles(sents))
	format, lang := detect(sents)
	if ev.format != "" {
		format = ev.format
	}
	if ev.lang != "" {
		lang = ev.lang
	}
	labels := goldLabels[format]
	ckmScore, proseScore := scores{}, scores{}
	var ckmTime, proseTime time.Duration
	gold := 0
	for _, group := range ev.texts(sents) {
		if err := ctx.Err(); err != nil {
			return err
		}
		text, spans := goldText(group, labels)
		gold += len(spans)
		t0 := time.Now()
		an, err := ev.a.Analyze(ctx, ckm.Document{ID: "eval", Lang: lang, Text: text})
		if err != nil {
			return err
		}
		ckmTime += time.Since(t0)
		var got []span
		for _, x := range an.Entities {
			got = append(got, span{x.Start, x.End, x.Label})
		}
		ckmScore.add(spans, got)
		if !ev.prose {
			continue
		}
		t1 := time.Now()
		doc, err := prose.NewDocument(text)
		if err != nil {
			return fmt.Errorf("eval entities: prose: %w", err)
		}
		proseTime += time.Since(t1)
		got = got[:0]
		for _, x := range doc.Entities() {
			if l, ok := proseLabels[x.Label]; ok {
				got = append(got, span{x.Start, x.Start + len(x.Text), l})
			}
		}
		proseScore.add(spans, got)
	}
	fmt.Fprintf(w, "%s: %d sentences, %d gold entities (format %s, lang %s); exact span and label match\n", path, len(sents), gold, format, lang)
	printScores(w, ckmScore, proseScore, ev.prose)
	if ev.prose {
		fmt.Fprintf(w, "time: ckm %.2fs, prose %.2fs\n", ckmTime.Seconds(), proseTime.Seconds())
	} else {
		fmt.Fprintf(w, "time: ckm %.2fs\n", ckmTime.Seconds())
	}
	return nil
}

// texts returns the sentences analysed together: each alone, or, with
// ev.documents, those of one document of a file with document marks.
func (ev entityEval) texts(sents []conll.Sentence) [][]conll.Sentence {
	docs := ev.documents && slices.ContainsFunc(sents, func(s conll.Sentence) bool { return s.Doc > 0 })
	var out [][]conll.Sentence
	for i := 0; i < len(sents); {
		j := i + 1
		for docs && j < len(sents) && sents[j].Doc == sents[i].Doc {
			j++
		}
		out = append(out, sents[i:j])
		i = j
	}
	return out
}

// goldText joins sentences, a paragraph each, and returns the text and
// its scored entities as byte spans.
func goldText(sents []conll.Sentence, labels map[string]string) (string, []span) {
	var b strings.Builder
	var out []span
	for i, s := range sents {
		if i > 0 {
			b.WriteString("\n\n")
		}
		text, spans := goldSpans(s, labels)
		at := b.Len()
		for _, sp := range spans {
			out = append(out, span{sp.start + at, sp.end + at, sp.label})
		}
		b.WriteString(text)
	}
	return b.String(), out
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

// printScores writes the per-label table, with prose's columns when
// withProse is set.
func printScores(w io.Writer, ckmScore, proseScore scores, withProse bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(label string, gold int, c, p counts) {
		if withProse {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t\n", label, gold, prf(c), prf(p))
		} else {
			fmt.Fprintf(tw, "%s\t%d\t%s\t\n", label, gold, prf(c))
		}
	}
	if withProse {
		fmt.Fprintln(tw, "label\tgold\tckm P\tR\tF1\tprose P\tR\tF1\t")
	} else {
		fmt.Fprintln(tw, "label\tgold\tckm P\tR\tF1\t")
	}
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
		row(l, c.tp+c.fn, *c, *p)
	}
	row("all (micro)", ca.tp+ca.fn, ca, pa)
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

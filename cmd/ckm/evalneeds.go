package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// needDoc is one line of a labelled JSON Lines file: a document and its
// label. It is decoded by hand because the "at" field of published data
// sets is not always a time ckm.Document accepts, and evaluation does not
// need it.
type needDoc struct {
	ID      string     `json:"id"`
	Client  string     `json:"client"`
	Source  ckm.Source `json:"source"`
	Subject string     `json:"subject"`
	Lang    string     `json:"lang"`
	Text    string     `json:"text"`
	Turns   []ckm.Turn `json:"turns"`
	Label   string     `json:"label"`
}

// needVerdict is what the analysis said about one labelled document.
type needVerdict struct {
	doc       needDoc
	gold      bool
	predicted bool
	score     float64  // the highest confidence of a matching need, 0 without one
	best      nlp.Need // that need
}

// needQuery is which needs count as "the document contains a need".
type needQuery struct {
	kind          string // explicit, implied or any
	cues          []string
	minConfidence float64
}

// match returns the highest-confidence need of the query in a, affirmed
// and not spoken by an agent, whatever its confidence.
func (q needQuery) match(a *nlp.Analysis) (nlp.Need, bool) {
	var best nlp.Need
	found := false
	for _, n := range a.Needs {
		if n.Negated || n.Speaker == nlp.SpeakerAgent || (q.kind != "any" && n.Kind != q.kind) ||
			(len(q.cues) > 0 && !slices.Contains(q.cues, n.Cue)) {
			continue
		}
		if !found || n.Confidence > best.Confidence {
			best, found = n, true
		}
	}
	return best, found
}

func runEvalNeeds(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("ckm eval needs", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm eval needs FILE.jsonl --positive LABEL[,LABEL] [flags]\n\nAnalyses every document of a needDoc JSON Lines file (field \"label\") and prints the precision,\nrecall and F1 of \"the document contains a need of that kind\" against the positive labels,\na confusion table and the worst examples. Flags may come before or after FILE.")
		fs.PrintDefaults()
	}
	positive := fs.String("positive", "", "comma-separated `labels` that mean the document contains a need (required)")
	kind := fs.String("kind", "any", "need kind that counts: explicit, implied or any")
	cues := fs.String("cue", "", "comma-separated `cues` that count (default: every cue)")
	minConf := fs.Float64("min-confidence", 0.5, "lowest confidence of a need that counts")
	worst := fs.Int("worst", 5, "false positives and false negatives to show")
	files, err := parseNeedArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 || *positive == "" || (*kind != "explicit" && *kind != "implied" && *kind != "any") {
		fs.Usage()
		return errUsage
	}
	q := needQuery{kind: *kind, cues: needList(*cues), minConfidence: *minConf}
	docs, err := readNeedDocs(files[0])
	if err != nil {
		return err
	}
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return err
	}
	vs, err := judgeNeeds(ctx, a, docs, needList(*positive), q)
	if err != nil {
		return err
	}
	printNeedReport(e.stdout, files[0], *positive, q, vs, *worst)
	return nil
}

// parseNeedArgs parses flags that may follow positional arguments.
func parseNeedArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func needList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// readNeedDocs reads a labelled JSON Lines file; blank lines are skipped.
func readNeedDocs(name string) ([]needDoc, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("eval needs: %w", err)
	}
	defer f.Close()
	var docs []needDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var d needDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("eval needs: %s line %d: %w", name, n, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval needs: read %s: %w", name, err)
	}
	return docs, nil
}

// judgeNeeds analyses every document, in parallel, and compares the query
// with the gold label.
func judgeNeeds(ctx context.Context, a *nlp.Analyzer, docs []needDoc, positive []string, q needQuery) ([]needVerdict, error) {
	vs := make([]needVerdict, len(docs))
	errs := make([]error, len(docs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				d := docs[i]
				an, err := a.Analyze(ctx, ckm.Document{ID: d.ID, Client: d.Client, Source: d.Source, Subject: d.Subject, Lang: d.Lang, Text: d.Text, Turns: d.Turns})
				if err != nil {
					errs[i] = fmt.Errorf("eval needs: %s: %w", d.ID, err)
					continue
				}
				v := needVerdict{doc: d, gold: slices.Contains(positive, d.Label)}
				if n, ok := q.match(an); ok {
					v.best, v.score = n, n.Confidence
					v.predicted = n.Confidence >= q.minConfidence
				}
				vs[i] = v
			}
		})
	}
	for i := range docs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return vs, nil
}

func printNeedReport(w io.Writer, file, positive string, q needQuery, vs []needVerdict, worst int) {
	var tp, fp, fn, tn int
	for _, v := range vs {
		switch {
		case v.predicted && v.gold:
			tp++
		case v.predicted:
			fp++
		case v.gold:
			fn++
		default:
			tn++
		}
	}
	p, r, f1 := needPRF(tp, fp, fn)
	cues := "any"
	if len(q.cues) > 0 {
		cues = strings.Join(q.cues, ",")
	}
	fmt.Fprintf(w, "needs: %s\nkind %s, cues %s, min confidence %.2f, positive labels %s\n", file, q.kind, cues, q.minConfidence, positive)
	fmt.Fprintf(w, "documents %d, positive %d, predicted %d\n", len(vs), tp+fn, tp+fp)
	fmt.Fprintf(w, "precision %.3f  recall %.3f  F1 %.3f\n\n", p, r, f1)
	fmt.Fprintf(w, "%-12s %10s %10s\n", "", "predicted+", "predicted-")
	fmt.Fprintf(w, "%-12s %10d %10d\n", "label+", tp, fn)
	fmt.Fprintf(w, "%-12s %10d %10d\n", "label-", fp, tn)
	fps := filterVerdicts(vs, func(v needVerdict) bool { return v.predicted && !v.gold })
	slices.SortStableFunc(fps, func(a, b needVerdict) int { return needCmp(b.score, a.score) })
	fns := filterVerdicts(vs, func(v needVerdict) bool { return !v.predicted && v.gold })
	slices.SortStableFunc(fns, func(a, b needVerdict) int { return needCmp(a.score, b.score) })
	fmt.Fprintf(w, "\nfalse positives, highest confidence first:\n")
	printVerdicts(w, fps[:min(worst, len(fps))])
	fmt.Fprintf(w, "\nfalse negatives, lowest confidence first:\n")
	printVerdicts(w, fns[:min(worst, len(fns))])
}

func filterVerdicts(vs []needVerdict, keep func(needVerdict) bool) []needVerdict {
	var out []needVerdict
	for _, v := range vs {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

func needCmp(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func printVerdicts(w io.Writer, vs []needVerdict) {
	if len(vs) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	for _, v := range vs {
		span := v.doc.Text
		if v.best.Cue != "" {
			span = fmt.Sprintf("%s/%s %q: %s", v.best.Kind, v.best.Cue, v.best.Theme, v.best.Text)
		}
		fmt.Fprintf(w, "  %.2f %s [%s] %s\n", v.score, v.doc.ID, v.doc.Label, needClip(span, 160))
	}
}

// needClip shortens s to at most n runes on one line.
func needClip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func needPRF(tp, fp, fn int) (p, r, f1 float64) {
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1
}

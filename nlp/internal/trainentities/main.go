// Command trainner trains the entity taggers that nlp embeds: English on
// WNUT-17's training split, Portuguese on LeNER-Br's, and writes them to
// nlp/data/ner-en.bin and nlp/data/ner-pt.bin. Training is deterministic:
// the same data and flags give the same files. Run it from the module root:
//
//	go run ./nlp/internal/trainner
//
// It prints each model's span F1 on the matching development split (model
// alone, on the gold tokens); `ckm eval entities` measures the full
// analysis.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm/internal/conll"
	"github.com/ckmhq/ckm/nlp/internal/tagger"
)

// corpus is one model to train: where its data is and how its tags map to
// the model's entity types ("" drops a tag).
type corpus struct {
	name, train, dev, out string
	types                 map[string]string
	// text is unlabelled text in the language (JSON Lines with a "text"
	// field) that, with the training tokens, tells which words are
	// usually written in lowercase.
	text []string
}

var corpora = []corpus{
	{"en", "ner/wnut17-train.conll", "ner/wnut17-dev.conll", "ner-en.bin", map[string]string{
		"person": "PERSON", "location": "LOCATION", "group": "ORG", "corporation": "ORG",
		"product": "PRODUCT", "creative-work": "WORK"},
		[]string{"intents/banking77.jsonl", "needs/requirements.jsonl", "needs/app-reviews.jsonl", "needs/github-issues.jsonl"}},
	{"pt", "ner/lener-br-train.conll", "ner/lener-br-dev.conll", "ner-pt.bin", map[string]string{
		"PESSOA": "PERSON", "ORGANIZACAO": "ORG", "LOCAL": "LOCATION", "TEMPO": "DATE",
		"LEGISLACAO": "LAW", "JURISPRUDENCIA": "CASE"},
		[]string{"pt/reclamacoes.jsonl"}},
}

func main() {
	data := flag.String("data", "../shared/data", "the shared data `directory`")
	out := flag.String("out", "nlp/data", "where to write the models")
	epochs := flag.Int("epochs", 12, "passes over the training data")
	flag.Parse()
	for _, c := range corpora {
		if err := trainOne(c, *data, *out, *epochs, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "trainner:", err)
			os.Exit(1)
		}
	}
}

func trainOne(c corpus, data, outDir string, epochs int, log io.Writer) error {
	train, err := readCorpus(filepath.Join(data, c.train))
	if err != nil {
		return err
	}
	classes := classesOf(c.types)
	examples := make([]tagger.Example, 0, len(train))
	for _, s := range train {
		examples = append(examples, tagger.Example{Tokens: s.Tokens, Classes: encode(s.Tags, c.types, classes)})
	}
	vocab, err := lowercaseVocabulary(data, c.text, train)
	if err != nil {
		return err
	}
	bias, heldOut := chooseOutsideBias(classes, examples, vocab, epochs)
	fmt.Fprintf(log, "%s: outside bias %.2f (span F1 %.3f on a held-out fifth of train)\n", c.name, bias, heldOut)
	m := tagger.Train(classes, examples, vocab, epochs, 1)
	m.SetOutsideBias(bias)
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		return err
	}
	path := filepath.Join(outDir, c.out)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	m, err = tagger.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		return err
	}
	dev, err := readCorpus(filepath.Join(data, c.dev))
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "%s: %d sentences, %d bytes in %s\n", c.name, len(train), buf.Len(), path)
	report(log, m, dev, c.types)
	return nil
}

// chooseOutsideBias trains on four fifths of examples and returns the bias
// on the "O" class that gives the best span F1 on the last fifth.
func chooseOutsideBias(classes []string, examples []tagger.Example, vocab map[uint64]bool, epochs int) (float32, float64) {
	cut := len(examples) * 4 / 5
	m := tagger.Train(classes, examples[:cut], vocab, epochs, 1)
	best, bestF := float32(0), -1.0
	for b := float32(0); b >= -10; b -= 0.5 {
		m.SetOutsideBias(b)
		var c count
		for _, ex := range examples[cut:] {
			c.add(spansOf(classes, ex.Classes), spansOf(classes, m.Tag(ex.Tokens, nil)))
		}
		if f := c.f1(); f > bestF+1e-9 {
			best, bestF = b, f
		}
	}
	return best, bestF
}

func spansOf(classes []string, cs []int) []conll.Span {
	tags := make([]string, len(cs))
	for i, c := range cs {
		tags[i] = classes[c]
	}
	return conll.Spans(tags)
}

type count struct{ tp, fp, fn int }

func (c *count) add(gold, got []conll.Span) {
	want := map[conll.Span]bool{}
	for _, g := range gold {
		want[g] = true
	}
	for _, g := range got {
		if want[g] {
			c.tp++
			delete(want, g)
		} else {
			c.fp++
		}
	}
	c.fn += len(want)
}

func (c count) f1() float64 {
	if c.tp == 0 {
		return 0
	}
	p, r := float64(c.tp)/float64(c.tp+c.fp), float64(c.tp)/float64(c.tp+c.fn)
	return 2 * p * r / (p + r)
}

// lowercaseVocabulary returns the LowerKey of words written in lowercase
// at least twice as often as capitalised (away from a sentence's start),
// at least three times, in the training tokens and the unlabelled files.
func lowercaseVocabulary(data string, files []string, train []conll.Sentence) (map[uint64]bool, error) {
	lower, upper := map[string]int{}, map[string]int{}
	see := func(words []string) {
		for i, w := range words {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsLower(r):
				lower[w]++
			case unicode.IsUpper(r) && i > 0:
				upper[strings.ToLower(w)]++
			}
		}
	}
	for _, s := range train {
		see(s.Tokens)
	}
	for _, name := range files {
		f, err := os.Open(filepath.Join(data, name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var doc struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &doc) == nil {
				see(strings.FieldsFunc(doc.Text, func(r rune) bool { return !unicode.IsLetter(r) }))
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	vocab := map[uint64]bool{}
	for w, n := range lower {
		if n >= 3 && n >= 2*upper[w] {
			vocab[tagger.LowerKey(w)] = true
		}
	}
	return vocab, nil
}

func readCorpus(path string) ([]conll.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return conll.Read(f)
}

// classesOf returns "O" and a B-/I- pair per type, in a fixed order.
func classesOf(types map[string]string) []string {
	seen := map[string]bool{}
	classes := []string{"O"}
	for _, t := range []string{"PERSON", "ORG", "LOCATION", "PRODUCT", "WORK", "DATE", "LAW", "CASE"} {
		for _, v := range types {
			if v == t && !seen[t] {
				seen[t] = true
				classes = append(classes, "B-"+t, "I-"+t)
			}
		}
	}
	return classes
}

// encode maps a sentence's gold tags to class indexes, BIO-normalised.
func encode(tags []string, types map[string]string, classes []string) []int {
	idx := map[string]int{}
	for i, c := range classes {
		idx[c] = i
	}
	out := make([]int, len(tags))
	for _, sp := range conll.Spans(tags) {
		t := types[sp.Label]
		if t == "" {
			continue
		}
		out[sp.Start] = idx["B-"+t]
		for i := sp.Start + 1; i < sp.End; i++ {
			out[i] = idx["I-"+t]
		}
	}
	return out
}

// report prints span precision, recall and F1 per type on dev.
func report(w io.Writer, m *tagger.Model, dev []conll.Sentence, types map[string]string) {
	type count struct{ tp, fp, fn int }
	counts := map[string]*count{}
	get := func(l string) *count {
		if counts[l] == nil {
			counts[l] = &count{}
		}
		return counts[l]
	}
	classes := m.Classes()
	for _, s := range dev {
		gold := map[conll.Span]bool{}
		for _, sp := range conll.Spans(s.Tags) {
			if t := types[sp.Label]; t != "" {
				sp.Label = t
				gold[sp] = true
			}
		}
		pred := m.Tag(s.Tokens, nil)
		tags := make([]string, len(pred))
		for i, c := range pred {
			tags[i] = classes[c]
		}
		for _, sp := range conll.Spans(tags) {
			if gold[sp] {
				get(sp.Label).tp++
				delete(gold, sp)
			} else {
				get(sp.Label).fp++
			}
		}
		for sp := range gold {
			get(sp.Label).fn++
		}
	}
	var all count
	for _, t := range []string{"PERSON", "ORG", "LOCATION", "PRODUCT", "WORK", "DATE", "LAW", "CASE"} {
		c, ok := counts[t]
		if !ok {
			continue
		}
		all.tp, all.fp, all.fn = all.tp+c.tp, all.fp+c.fp, all.fn+c.fn
		fmt.Fprintf(w, "  %-9s %s\n", t, prf(c.tp, c.fp, c.fn))
	}
	fmt.Fprintf(w, "  %-9s %s\n", "all", prf(all.tp, all.fp, all.fn))
}

func prf(tp, fp, fn int) string {
	p, r := ratio(tp, tp+fp), ratio(tp, tp+fn)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", p, r, f, tp, fp, fn)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

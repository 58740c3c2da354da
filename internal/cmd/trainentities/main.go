// Command trainentities trains the entity taggers that nlp embeds and
// writes them to nlp/data/ner-en.bin and nlp/data/ner-pt.bin:
//
//   - English on the training splits of BTC (tweets), WNUT-17 (tweets) and
//     SEC filings (contracts), and on WikiGold (Wikipedia);
//   - Portuguese on LeNER-Br's training split (legal text) and Paramopama
//     (Wikipedia and news).
//
// The taggers' lexicon also marks the words of the product lists
// (nlp/data/products*.txt), and the first names and place names of
// lists/firstnames.txt and lists/places.txt (written by buildnames from
// public, licensed sources named in their headers), whether a place's
// name is one word (for nlp: Model.WholePlace), and, in English, the words
// of WordNet's organisations, people and places (lists/wordnet-*.txt,
// written by buildwordnet; -wordnet=false leaves them out).
//
// Each tagger also knows a word cluster for the words of unlabelled text
// in its language (the needs, intents and transcripts files for English,
// the complaints for Portuguese) and of its training tokens: a binary
// hierarchy learned by bisecting spherical k-means over the words' left
// and right neighbours (clusters.go), whose paths at several lengths are
// features, so that names never seen labelled borrow from names seen in
// the same contexts. -clusters=false leaves them out; -clusters-out
// writes them as text for reading.
//
// Label sets are mapped to the models' types as each corpus means them:
// CoNLL's MISC and WNUT's creative-work become MISC, a type the taggers
// learn so that nationalities, events and titles are not forced into
// PERSON, ORG or LOCATION, and that nlp drops. Training is deterministic:
// the same data and flags give the same files. Run it from the module
// root (`make train` does):
//
//	go run ./internal/cmd/trainentities -data ../shared/data -out nlp/data
//
// It prints each model's span precision, recall and F1 per type (the
// tagger alone, on the gold tokens) on every split it was not trained on:
// the dev and test splits, and 5-fold cross-validation on the files that
// have no split (WikiGold, Paramopama). In files with documents
// ("-DOCSTART-": WikiGold, SEC filings) each document's tags are made
// consistent first, as nlp does (tagger.Propagate; -propagate).
// `ckm eval entities` measures the full analysis.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/ckmhq/ckm/internal/conll"
	"github.com/ckmhq/ckm/internal/tagger"
)

// Label maps from each corpus's tags to the models' types; a tag not
// listed is outside every entity.
var (
	wnutTypes = map[string]string{
		"person": "PERSON", "location": "LOCATION", "group": "ORG", "corporation": "ORG",
		"product": "PRODUCT", "creative-work": "MISC"}
	conllTypes = map[string]string{"PER": "PERSON", "ORG": "ORG", "LOC": "LOCATION", "MISC": "MISC"}
	ptTypes    = map[string]string{
		"PESSOA": "PERSON", "ORGANIZACAO": "ORG", "LOCAL": "LOCATION", "TEMPO": "DATE",
		"LEGISLACAO": "LAW", "JURISPRUDENCIA": "CASE"}
)

// source is one CoNLL file and how its tags map to the model's types.
type source struct {
	path  string
	types map[string]string
	// repeat is how many times its sentences are trained on (0 means
	// once): the small files of edited text (Wikipedia, contracts) are
	// weighed against the larger ones of tweets.
	repeat int
}

// corpus is one model to train.
type corpus struct {
	name, out string
	train     []source // trained on
	folds     []source // trained on, and scored by 5-fold cross-validation
	eval      []source // never trained on: scored
	// text is unlabelled text in the language (JSON Lines with a "text"
	// field) that, with the training tokens, tells which words are
	// usually written in lowercase.
	text []string
	// unlabelled is more text in the language (globs of JSON or JSON
	// Lines files, every string read) that, with the training tokens,
	// the word clusters are learned from.
	unlabelled []string
	// wordLists are name lists of the language whose capitalised words
	// get a lexicon bit (written by buildwordnet).
	wordLists []wordList
}

// wordList is a file of names, one a line, whose capitalised words the
// tagger knows with bit.
type wordList struct {
	file string
	bit  uint8
}

// wordnetLists are WordNet's organisations, people and places
// (internal/cmd/buildwordnet), for English.
var wordnetLists = []wordList{
	{"internal/cmd/trainentities/lists/wordnet-orgs.txt", tagger.OrgBit},
	{"internal/cmd/trainentities/lists/wordnet-people.txt", tagger.PersonBit},
	{"internal/cmd/trainentities/lists/wordnet-places.txt", tagger.PlaceBit},
}

var corpora = []corpus{
	{
		name: "en", out: "ner-en.bin",
		train:      []source{{"ner/btc-train.conll", conllTypes, 1}, {"ner/wnut17-train.conll", wnutTypes, 1}, {"ner/sec-filings-train.conll", conllTypes, 2}},
		folds:      []source{{"ner/wikigold.conll", conllTypes, 3}},
		eval:       []source{{"ner/btc-dev.conll", conllTypes, 0}, {"ner/btc-test.conll", conllTypes, 0}, {"ner/sec-filings-test.conll", conllTypes, 0}, {"ner/wnut17-dev.conll", wnutTypes, 0}},
		text:       []string{"intents/banking77.jsonl", "needs/requirements.jsonl", "needs/app-reviews.jsonl", "needs/github-issues.jsonl"},
		unlabelled: []string{"intents/banking77.jsonl", "intents/dstc11/*.jsonl", "needs/*.jsonl", "transcripts/*.json"},
		wordLists:  wordnetLists,
	},
	{
		name: "pt", out: "ner-pt.bin",
		train:      []source{{"ner/lener-br-train.conll", ptTypes, 1}},
		folds:      []source{{"ner/paramopama.conll", ptTypes, 2}},
		eval:       []source{{"ner/lener-br-dev.conll", ptTypes, 0}},
		text:       []string{"pt/reclamacoes.jsonl"},
		unlabelled: []string{"pt/*.jsonl"},
	},
}

// typeOrder is the order of the models' types, and so of their classes.
var typeOrder = []string{"PERSON", "ORG", "LOCATION", "PRODUCT", "MISC", "DATE", "LAW", "CASE"}

// unscored are the types learned but never scored: nlp drops them.
var unscored = map[string]bool{"MISC": true}

func main() {
	data := flag.String("data", "../shared/data", "the shared data `directory`")
	out := flag.String("out", "nlp/data", "where to write the models")
	epochs := flag.Int("epochs", 10, "passes over the training data")
	cv := flag.Bool("cv", true, "score 5-fold cross-validation on the files without a split")
	prune := flag.Float64("prune", 0.05, "drop weights under this magnitude from the written models")
	lists := flag.String("lists", "nlp/data/products.txt,nlp/data/products-curated.txt", "comma-separated name lists (name⇥alias|alias a line) whose words the taggers know as listed")
	names := flag.String("names", "internal/cmd/trainentities/lists/firstnames.txt", "first names, one a line, whose words the taggers know as first names (written by buildnames)")
	places := flag.String("places", "internal/cmd/trainentities/lists/places.txt", "place names, one a line, whose capitalised words the taggers know as parts of places (written by buildnames)")
	only := flag.String("only", "", "train only this model (en or pt)")
	beam := flag.Int("beam", 2, "train and tag with beam search of this width (1: greedy); nlp tags with the width its nerBeam says")
	bias := flag.Float64("bias", math.NaN(), "use this outside bias instead of choosing it on held-out training sentences (for quicker experiments)")
	final := flag.Bool("final", true, "train and write the final models (false: only the cross-validation, for experiments)")
	report := flag.String("report-epochs", "", "comma-separated epoch counts below -epochs whose cross-validation is printed too")
	biases := flag.String("report-biases", "", "comma-separated outside biases whose cross-validation is printed too")
	parallel := flag.Int("parallel", 1, "cross-validation folds trained at once (each holds a model in memory)")
	repeat := flag.String("repeat", "", "comma-separated path=n overriding how many times a source is trained on (for experiments)")
	clustersOut := flag.String("clusters-out", "", "write the word clusters as text to this `prefix` plus -en.txt or -pt.txt (for reading)")
	clusters := flag.Bool("clusters", true, "learn word clusters from unlabelled text and the training tokens, and use them as features")
	propagate := flag.Int("propagate", 7, "make each document's tags consistent (tagger.Propagation bits: 1 fill untagged mentions of a tagged name, 2 relabel to the name's majority type, 4 surnames of a person)")
	reportProp := flag.String("report-propagation", "", "comma-separated -propagate values whose cross-validation is printed too")
	wordnet := flag.Bool("wordnet", true, "mark the words of WordNet's organisations, people and places (lists/wordnet-*.txt) in the English tagger's lexicon")
	flag.Parse()
	for _, c := range corpora {
		if *only != "" && c.name != *only {
			continue
		}
		o := options{epochs: *epochs, cv: *cv, prune: float32(*prune), lists: strings.Split(*lists, ","), names: *names, places: *places, beam: *beam,
			bias: *bias, final: *final, parallel: *parallel, clusters: *clusters, clustersOut: *clustersOut, prop: tagger.Propagation(*propagate)}
		for _, e := range strings.Split(*reportProp, ",") {
			if n, err := strconv.Atoi(e); err == nil {
				o.props = append(o.props, tagger.Propagation(n))
			}
		}
		for _, e := range strings.Split(*report, ",") {
			if n, err := strconv.Atoi(e); err == nil {
				o.report = append(o.report, n)
			}
		}
		for _, e := range strings.Split(*biases, ",") {
			if b, err := strconv.ParseFloat(e, 32); err == nil {
				o.biases = append(o.biases, float32(b))
			}
		}
		for _, r := range strings.Split(*repeat, ",") {
			path, n, ok := strings.Cut(r, "=")
			k, err := strconv.Atoi(n)
			if ok && err == nil {
				c = c.withRepeat(path, k)
			}
		}
		if !*wordnet {
			c.wordLists = nil
		}
		if err := trainOne(c, *data, *out, o, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "trainentities:", err)
			os.Exit(1)
		}
	}
}

// set is the examples of one source.
type set struct {
	src      source
	sents    []conll.Sentence
	examples []tagger.Example
}

func load(data string, srcs []source, classes []string) ([]set, error) {
	var out []set
	for _, src := range srcs {
		sents, err := readCorpus(filepath.Join(data, src.path))
		if err != nil {
			return nil, err
		}
		s := set{src: src, sents: sents}
		for _, st := range sents {
			s.examples = append(s.examples, tagger.Example{Tokens: st.Tokens, Classes: encode(st.Tags, src.types, classes)})
		}
		out = append(out, s)
	}
	return out, nil
}

// options are the training settings shared by every model.
type options struct {
	epochs int
	cv     bool
	prune  float32
	lists  []string  // gazetteer files whose names' words get ListedBit
	names  string    // a file of first names, which get FirstNameBit
	places string    // a file of place names, whose capitalised words get PlaceBit
	beam   int       // beam width in training and tagging; 1 is greedy
	bias   float64   // the outside bias; NaN: chosen on held-out training sentences
	final  bool      // train and write the final model
	report []int     // epoch counts whose cross-validation is printed too
	biases []float32 // outside biases whose cross-validation is printed too
	// parallel is how many cross-validation folds train at once.
	parallel int
	clusters bool // learn word clusters and use them as features
	// clustersOut, when set, is where the clusters are written as text
	// (with "-en.txt" or "-pt.txt" added), for reading.
	clustersOut string
	prop        tagger.Propagation   // how each document's tags are made consistent
	props       []tagger.Propagation // propagations whose cross-validation is printed too
}

// withRepeat returns c with the source at path trained on n times.
func (c corpus) withRepeat(path string, n int) corpus {
	for _, l := range []*[]source{&c.train, &c.folds} {
		*l = slices.Clone(*l)
		for i := range *l {
			if (*l)[i].path == path {
				(*l)[i].repeat = n
			}
		}
	}
	return c
}

// compact writes m pruned and reads it back: the model nlp would load,
// and its size.
func compact(m *tagger.Model, prune float32) (*tagger.Model, []byte, error) {
	var buf bytes.Buffer
	if err := m.WritePruned(&buf, prune); err != nil {
		return nil, nil, err
	}
	m, err := tagger.Read(bytes.NewReader(buf.Bytes()))
	return m, buf.Bytes(), err
}

func trainOne(c corpus, data, outDir string, o options, log io.Writer) error {
	epochs := o.epochs
	classes := classesOf(append(append(slicesOf(c.train), slicesOf(c.folds)...), slicesOf(c.eval)...))
	train, err := load(data, c.train, classes)
	if err != nil {
		return err
	}
	folds, err := load(data, c.folds, classes)
	if err != nil {
		return err
	}
	eval, err := load(data, c.eval, classes)
	if err != nil {
		return err
	}
	var all []tagger.Example
	var sents []conll.Sentence
	for _, s := range append(append([]set{}, train...), folds...) {
		all = appendRepeated(all, s.examples, s.src.repeat)
		sents = append(sents, s.sents...)
	}
	vocab, err := lowercaseVocabulary(data, c.text, sents)
	if err != nil {
		return err
	}
	if err := addListed(vocab, o.lists); err != nil {
		return err
	}
	if err := addWords(vocab, o.names, tagger.FirstNameBit); err != nil {
		return err
	}
	if err := addWords(vocab, o.places, tagger.PlaceBit); err != nil {
		return err
	}
	for _, l := range c.wordLists {
		if err := addWords(vocab, l.file, l.bit); err != nil {
			return err
		}
	}
	for _, file := range placeFiles(o.places, c.wordLists) {
		if err := addWholeNames(vocab, file, tagger.WholePlaceBit); err != nil {
			return err
		}
	}
	lex := tagger.Lexicon{Bits: vocab}
	if o.clusters {
		seqs, err := readText(data, c.unlabelled)
		if err != nil {
			return err
		}
		for _, s := range sents {
			low := make([]string, len(s.Tokens))
			for i, t := range s.Tokens {
				low[i] = strings.ToLower(t)
			}
			seqs = append(seqs, low)
		}
		paths := wordClusters(seqs)
		lex.Clusters = make(map[uint64]uint16, len(paths))
		for w, p := range paths {
			lex.Clusters[tagger.LowerKey(w)] = p
		}
		fmt.Fprintf(log, "%s: %d words clustered from %d sequences\n", c.name, len(paths), len(seqs))
		if o.clustersOut != "" {
			if err := writeClusters(o.clustersOut+"-"+c.name+".txt", paths); err != nil {
				return err
			}
		}
	}
	bias := float32(o.bias)
	if math.IsNaN(o.bias) {
		var heldOut float64
		bias, heldOut = chooseOutsideBias(classes, append(append([]set{}, train...), folds...), lex, epochs, o.beam)
		fmt.Fprintf(log, "%s: outside bias %.2f (span F1 %.3f on every fifth training sentence held out)\n", c.name, bias, heldOut)
	}
	if o.cv {
		for i, f := range folds {
			if err := crossValidate(log, c.name, classes, train, folds, i, f, lex, o, bias); err != nil {
				return err
			}
		}
	}
	if !o.final {
		return nil
	}
	m := tagger.TrainBeam(classes, all, lex, epochs, 1, o.beam)
	m.SetOutsideBias(bias)
	m, b, err := compact(m, o.prune)
	if err != nil {
		return err
	}
	m.SetBeam(o.beam)
	path := filepath.Join(outDir, c.out)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(log, "%s: %d sentences, %d bytes in %s\n", c.name, len(all), len(b), path)
	for _, e := range eval {
		var sc scores
		tagDocuments(m, e, 0, len(e.examples), o.prop, func(ex tagger.Example, got []int) { sc.add(classes, ex.Classes, got) })
		fmt.Fprintf(log, "%s held out, %d sentences:\n", e.src.path, len(e.examples))
		sc.print(log, e.src.types)
	}
	return nil
}

// crossValidate scores folds[at] by 5-fold cross-validation: each fifth
// (contiguous, so a document's sentences stay together) is tagged by a
// model trained on everything else.
func crossValidate(log io.Writer, name string, classes []string, train, folds []set, at int, f set, lex tagger.Lexicon, o options, bias float32) error {
	n := len(f.examples)
	var settings []setting // the model's first, then the ones o reports
	for _, e := range append([]int{o.epochs}, o.report...) {
		for _, b := range append([]float32{bias}, o.biases...) {
			for _, p := range append([]tagger.Propagation{o.prop}, o.props...) {
				if s := (setting{e, b, p}); !slices.Contains(settings, s) {
					settings = append(settings, s)
				}
			}
		}
	}
	perFold := make([]map[setting]*scores, 5)
	errs := make([]error, 5)
	sem := make(chan struct{}, max(o.parallel, 1))
	var wg sync.WaitGroup
	for k := range 5 {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			perFold[k], errs[k] = scoreFold(classes, train, folds, at, n*k/5, n*(k+1)/5, lex, o, settings)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, st := range settings {
		var sc scores
		var each []string
		for _, bySetting := range perFold {
			sc.merge(*bySetting[st])
			each = append(each, fmt.Sprintf("%.3f", bySetting[st].total(f.src.types).f1()))
		}
		if i == 0 {
			fmt.Fprintf(log, "%s 5-fold cross-validation (%s), %d sentences (F1 per fold %s):\n", f.src.path, name, n, strings.Join(each, " "))
		} else {
			fmt.Fprintf(log, "%s 5-fold cross-validation (%s), %d epochs, outside bias %.2f, propagation %d (F1 per fold %s):\n", f.src.path, name, st.epochs, st.bias, st.prop, strings.Join(each, " "))
		}
		sc.print(log, f.src.types)
	}
	return nil
}

// setting is what a cross-validation is scored with: the passes over the
// data and the outside bias.
type setting struct {
	epochs int
	bias   float32
	prop   tagger.Propagation
}

// scoreFold trains on everything but folds[at]'s examples [lo, hi) and
// scores them with each setting.
func scoreFold(classes []string, train, folds []set, at, lo, hi int, lex tagger.Lexicon, o options, settings []setting) (map[setting]*scores, error) {
	var ex []tagger.Example
	for _, s := range train {
		ex = appendRepeated(ex, s.examples, s.src.repeat)
	}
	for j, s := range folds {
		if j != at {
			ex = appendRepeated(ex, s.examples, s.src.repeat)
			continue
		}
		ex = appendRepeated(ex, s.examples[:lo], s.src.repeat)
		ex = appendRepeated(ex, s.examples[hi:], s.src.repeat)
	}
	sc := map[setting]*scores{}
	var err error
	tagger.TrainEpochs(classes, ex, lex, o.epochs, 1, o.beam, func(epoch int, m *tagger.Model) {
		var c *tagger.Model // m as nlp would load it
		for _, st := range settings {
			if st.epochs != epoch || err != nil {
				continue
			}
			if c == nil {
				if c, _, err = compact(m, o.prune); err != nil {
					return
				}
			}
			c.SetBeam(o.beam)
			c.SetOutsideBias(st.bias)
			sc[st] = &scores{}
			tagDocuments(c, folds[at], lo, hi, st.prop, func(ex tagger.Example, got []int) { sc[st].add(classes, ex.Classes, got) })
		}
	})
	return sc, err
}

// tagDocuments tags the examples [lo, hi) of s with m, makes each
// document's tags consistent as prop says, and calls fn with each example
// and its classes, in order. A file without document marks is a document
// per sentence (a tweet each).
func tagDocuments(m *tagger.Model, s set, lo, hi int, prop tagger.Propagation, fn func(tagger.Example, []int)) {
	docs := slices.ContainsFunc(s.sents, func(st conll.Sentence) bool { return st.Doc > 0 })
	for i := lo; i < hi; {
		j := i + 1
		for docs && j < hi && s.sents[j].Doc == s.sents[i].Doc {
			j++
		}
		var toks [][]string
		var got [][]int
		for _, ex := range s.examples[i:j] {
			toks = append(toks, ex.Tokens)
			got = append(got, m.Tag(ex.Tokens, nil))
		}
		m.Propagate(toks, got, prop)
		for k, ex := range s.examples[i:j] {
			fn(ex, got[k])
		}
		i = j
	}
}

// chooseOutsideBias trains on four in five sentences of each set
// (repeated as the set says) and returns the bias on the "O" class that
// gives the best span F1 on the fifth.
func chooseOutsideBias(classes []string, sets []set, lex tagger.Lexicon, epochs, beam int) (float32, float64) {
	var fit, held []tagger.Example
	for _, s := range sets {
		var part []tagger.Example
		for i, ex := range s.examples {
			if i%5 == 4 {
				held = append(held, ex)
			} else {
				part = append(part, ex)
			}
		}
		fit = appendRepeated(fit, part, s.src.repeat)
	}
	m := tagger.TrainBeam(classes, fit, lex, epochs, 1, beam)
	m.SetBeam(beam)
	best, bestF := float32(0), -1.0
	for b := float32(0); b >= -6; b -= 0.5 {
		m.SetOutsideBias(b)
		var sc scores
		for _, ex := range held {
			sc.add(classes, ex.Classes, m.Tag(ex.Tokens, nil))
		}
		if f := sc.total(nil).f1(); f > bestF+1e-9 {
			best, bestF = b, f
		}
	}
	return best, bestF
}

// appendRepeated appends examples to dst n times (at least once).
func appendRepeated(dst, examples []tagger.Example, n int) []tagger.Example {
	for range max(n, 1) {
		dst = append(dst, examples...)
	}
	return dst
}

func slicesOf(srcs []source) []map[string]string {
	var out []map[string]string
	for _, s := range srcs {
		out = append(out, s.types)
	}
	return out
}

// lowercaseVocabulary returns the LowerKey of words written in lowercase
// at least twice as often as capitalised (away from a sentence's start),
// at least three times, in the training tokens and the unlabelled files.
func lowercaseVocabulary(data string, files []string, train []conll.Sentence) (map[uint64]uint8, error) {
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
	vocab := map[uint64]uint8{}
	for w, n := range lower {
		if n >= 3 && n >= 2*upper[w] {
			vocab[tagger.LowerKey(w)] |= tagger.UsuallyLowerBit
		}
	}
	return vocab, nil
}

// addListed marks with ListedBit every word of the names and aliases in
// the list files (one name a line, aliases after a tab separated by "|",
// # comments).
func addListed(lex map[uint64]uint8, files []string) error {
	for _, name := range files {
		err := eachLine(name, func(line string) {
			for _, n := range strings.FieldsFunc(line, func(r rune) bool { return r == '\t' || r == '|' }) {
				for _, w := range strings.Fields(n) {
					lex[tagger.LowerKey(w)] |= tagger.ListedBit
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// addWords marks with bit every capitalised word of the names in file (one
// a line, # comments).
func addWords(lex map[uint64]uint8, file string, bit uint8) error {
	return eachLine(file, func(line string) {
		for _, w := range strings.Fields(line) {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
				lex[tagger.LowerKey(w)] |= bit
			}
		}
	})
}

// placeFiles returns the place list and those of lists that give PlaceBit.
func placeFiles(places string, lists []wordList) []string {
	out := []string{places}
	for _, l := range lists {
		if l.bit == tagger.PlaceBit {
			out = append(out, l.file)
		}
	}
	return out
}

// addWholeNames marks with bit the names of file (one a line, # comments)
// made of one capitalised word.
func addWholeNames(lex map[uint64]uint8, file string, bit uint8) error {
	return eachLine(file, func(line string) {
		w := strings.TrimSpace(line)
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && !strings.ContainsFunc(w, unicode.IsSpace) {
			lex[tagger.LowerKey(w)] |= bit
		}
	})
}

// eachLine calls fn with every line of file but # comments; an empty file
// name has none.
func eachLine(file string, fn func(string)) error {
	if file == "" {
		return nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "#") {
			fn(line)
		}
	}
	return nil
}

func readCorpus(path string) ([]conll.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sents, err := conll.Read(f)
	return conll.UntagHandles(conll.JoinHandles(sents)), err
}

// classesOf returns "O" and a B-/I- pair per type any map yields, in
// typeOrder.
func classesOf(maps []map[string]string) []string {
	classes := []string{"O"}
	for _, t := range typeOrder {
		found := false
		for _, m := range maps {
			for _, v := range m {
				found = found || v == t
			}
		}
		if found {
			classes = append(classes, "B-"+t, "I-"+t)
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

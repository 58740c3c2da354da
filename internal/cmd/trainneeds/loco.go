package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// channel is one source of text for the leave-one-channel-out measure:
// its documents and, for each, whether it holds a need of any kind.
type channel struct {
	name   string
	docs   []ckm.Document
	needs  []bool
	labels []string // the file's own labels, when it has them
	feats  [][]string
}

// explicitLabels are the labels of an explicit need in the channels that
// have them: what the general head is trained on.
var explicitLabels = map[string]string{"app-reviews": "FEATURE", "github-issues": "feature"}

// maxChannelDocs bounds a channel's documents (a seeded sample of
// Banking77's 10,003), so that no channel outweighs the others.
const maxChannelDocs = 3000

// loadChannels reads the six channels of the development data with their
// "holds a need" labels: app reviews (any label but OTHER), GitHub issues
// (bug or feature; a question is not a need of the product), requirements
// (every line), the DSTC11 call-centre requests (every utterance states a
// request), Banking77 chats (every query) and the Portuguese complaint
// sentences hand-labelled in ptLabels (label other than none).
func loadChannels(dataDir, ptLabels string) ([]*channel, error) {
	var chs []*channel
	add := func(name string, read func() (*channel, error)) error {
		c, err := read()
		if err != nil {
			return fmt.Errorf("trainneeds: channel %s: %w", name, err)
		}
		c.name = name
		chs = append(chs, c)
		return nil
	}
	labelled := func(path string, positive func(string) bool) func() (*channel, error) {
		return func() (*channel, error) { return readLabelled(filepath.Join(dataDir, path), positive) }
	}
	steps := []struct {
		name string
		read func() (*channel, error)
	}{
		{"app-reviews", labelled("needs/app-reviews.jsonl", func(l string) bool { return l != "OTHER" })},
		{"github-issues", labelled("needs/github-issues.jsonl", func(l string) bool { return l == "bug" || l == "feature" })},
		{"requirements", labelled("needs/requirements.jsonl", func(string) bool { return true })},
		{"dstc11-calls", func() (*channel, error) { return readDSTC(filepath.Join(dataDir, "intents", "dstc11")) }},
		{"banking77", labelled("intents/banking77.jsonl", func(string) bool { return true })},
		{"pt-complaints", func() (*channel, error) {
			return readPTComplaints(filepath.Join(dataDir, "pt", "reclamacoes.jsonl"), ptLabels)
		}},
	}
	for _, s := range steps {
		if err := add(s.name, s.read); err != nil {
			return nil, err
		}
	}
	for i, c := range chs {
		if len(c.docs) > maxChannelDocs {
			keep := rand.New(rand.NewPCG(uint64(i)+1, 13)).Perm(len(c.docs))[:maxChannelDocs]
			slices.Sort(keep)
			var docs []ckm.Document
			var needs []bool
			var labels []string
			for _, k := range keep {
				docs, needs = append(docs, c.docs[k]), append(needs, c.needs[k])
				if c.labels != nil {
					labels = append(labels, c.labels[k])
				}
			}
			c.docs, c.needs, c.labels = docs, needs, labels
		}
	}
	return chs, nil
}

func readLabelled(path string, positive func(string) bool) (*channel, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c := &channel{}
	labels, err := readLabels(f, &c.docs)
	if err != nil {
		return nil, err
	}
	for _, l := range labels {
		c.needs = append(c.needs, positive(l))
	}
	c.labels = labels
	return c, nil
}

// readDSTC reads every utterance of the DSTC11 files as a call-centre
// customer turn.
func readDSTC(dir string) (*channel, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no utterance files in %s (%v)", dir, err)
	}
	c := &channel{}
	for _, path := range files {
		err := eachLine(path, func(b []byte) error {
			var u struct {
				Utterance string `json:"utterance"`
				ID        string `json:"utterance_id"`
			}
			if err := json.Unmarshal(b, &u); err != nil {
				return err
			}
			c.docs = append(c.docs, ckm.Document{ID: u.ID, Source: ckm.SourceCall, Lang: "en", Text: u.Utterance})
			c.needs = append(c.needs, true)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return c, nil
}

// readPTComplaints reads the hand-labelled complaint sentences of labels
// (nlp/testdata/needs_pt.jsonl: document id and byte offsets into the
// shared complaints file, label explicit, implied or none).
func readPTComplaints(path, labels string) (*channel, error) {
	texts := map[string]string{}
	err := eachLine(path, func(b []byte) error {
		var d struct{ ID, Text string }
		if err := json.Unmarshal(b, &d); err != nil {
			return err
		}
		texts[d.ID] = d.Text
		return nil
	})
	if err != nil {
		return nil, err
	}
	c := &channel{}
	err = eachLine(labels, func(b []byte) error {
		var l struct {
			ID, Doc, Label string
			Start, End     int
		}
		if err := json.Unmarshal(b, &l); err != nil {
			return err
		}
		if l.Doc == "" {
			return nil // a sentence written for the set, not a complaint
		}
		t, ok := texts[l.Doc]
		if !ok || l.Start < 0 || l.End > len(t) || l.Start >= l.End {
			return fmt.Errorf("%s: %s[%d:%d] is not in %s", l.ID, l.Doc, l.Start, l.End, path)
		}
		c.docs = append(c.docs, ckm.Document{ID: l.ID, Source: ckm.SourceTicket, Lang: "pt", Text: t[l.Start:l.End]})
		c.needs = append(c.needs, l.Label != "none")
		return nil
	})
	return c, err
}

func eachLine(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

// featurize computes every channel's need features in parallel.
func featurize(ctx context.Context, a *nlp.Analyzer, chs []*channel) error {
	type job struct{ c, i int }
	for _, c := range chs {
		c.feats = make([][]string, len(c.docs))
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan job)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				fs, err := a.NeedFeatures(ctx, chs[j.c].docs[j.i])
				if err != nil {
					mu.Lock()
					first = cmpErr(first, err)
					mu.Unlock()
				}
				chs[j.c].feats[j.i] = fs
			}
		})
	}
	for ci, c := range chs {
		for i := range c.docs {
			next <- job{ci, i}
		}
	}
	close(next)
	wg.Wait()
	return first
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// generalPrefixes are the features a channel-agnostic head keeps: words, bigrams, first-sentence words, cues
// (affirmed, negated, hedged, phrase), the question mark and the length;
// not the source, nor a ticket's template and title features, which name
// the channel rather than the need.
var generalPrefixes = []string{"w:", "b:", "t:", "c:", "n:", "h:", "p:", "q", "len:"}

// cuePrefixes are the features of the cue-only head: what the rules found,
// the question mark and the length, and no word at all.
var cuePrefixes = []string{"c:", "n:", "h:", "p:", "q", "len:"}

func keep(fs []string, prefixes []string) []string {
	var out []string
	for _, f := range fs {
		for _, p := range prefixes {
			if strings.HasPrefix(f, p) && (p != "q" || f == "q") {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// ruleDecision is the cue rules' decision for a document: a cue phrase
// found affirmed and not hedged in the customer's words.
func ruleDecision(fs []string) bool {
	return slices.ContainsFunc(fs, func(f string) bool { return strings.HasPrefix(f, "c:") })
}

// locoSystem is one decision the leave-one-channel-out measure scores.
type locoSystem struct {
	name     string
	prefixes []string // nil: the rules alone
	orRules  bool     // positive when the rules or the model say so
	balance  bool     // weigh the two classes alike in training
	veto     bool     // the rules, their explicit needs vetoed by a head (see trainVeto)
	vetoAll  bool     // the veto head learns from every English channel, not only the feature-labelled ones
}

var locoSystems = []locoSystem{
	{name: "rules"},
	{name: "rules+feature-veto", veto: true},
	{name: "rules+general-veto", veto: true, vetoAll: true},
	{name: "cues-model", prefixes: cuePrefixes},
	{name: "words+cues-model", prefixes: generalPrefixes},
	{name: "rules-or-words+cues", prefixes: generalPrefixes, orRules: true},
	{name: "words+cues-balanced", prefixes: generalPrefixes, balance: true},
	{name: "rules-or-words+cues-balanced", prefixes: generalPrefixes, orRules: true, balance: true},
}

// trainGeneral fits a channel-agnostic head on every channel but skip
// (-1: all), each channel weighed alike by repeating the smaller ones.
func trainGeneral(chs []*channel, skip int, sys locoSystem, cfg config) *logreg.Model {
	prefixes := sys.prefixes
	largest := 0
	for i, c := range chs {
		if i != skip {
			largest = max(largest, len(c.docs))
		}
	}
	var x [][]string
	var y []bool
	for i, c := range chs {
		if i == skip {
			continue
		}
		reps := max(1, (largest+len(c.docs)/2)/len(c.docs))
		for range reps {
			for j, fs := range c.feats {
				x, y = append(x, keep(fs, prefixes)), append(y, c.needs[j])
			}
		}
	}
	if sys.balance {
		x, y = balanced(x, y)
	}
	return trainBags(x, y, cfg)
}

// trainVeto fits a head for "the document holds an explicit need" on the
// channels whose labels tell one (app reviews and GitHub issues, where it
// is a feature request: FEATURE, feature) except skip, and with all set on
// the other English channels too (call-centre, banking and requirements,
// where every document is one).
func trainVeto(chs []*channel, skip int, all bool, cfg config) *logreg.Model {
	var x [][]string
	var y []bool
	for i, c := range chs {
		pos, labelled := explicitLabels[c.name]
		if i == skip || c.name == "pt-complaints" || (!labelled && !all) {
			continue
		}
		for j, fs := range c.feats {
			x, y = append(x, keep(fs, generalPrefixes)), append(y, !labelled || c.labels[j] == pos)
		}
	}
	return trainBags(x, y, cfg)
}

// impliedCue reports whether the rules found an implied need.
func impliedCue(fs []string) bool {
	return slices.ContainsFunc(fs, func(f string) bool {
		return strings.HasPrefix(f, "c:") && !slices.Contains(explicitCues, f)
	})
}

// balanced repeats the examples of the rarer class so that both classes
// weigh about alike.
func balanced(x [][]string, y []bool) ([][]string, []bool) {
	pos := 0
	for _, v := range y {
		if v {
			pos++
		}
	}
	neg := len(y) - pos
	if pos == 0 || neg == 0 {
		return x, y
	}
	rare, reps := false, (pos+neg/2)/neg
	if neg > pos {
		rare, reps = true, (neg+pos/2)/pos
	}
	n := len(y)
	for range reps - 1 {
		for i := range n {
			if y[i] == rare {
				x, y = append(x, x[i]), append(y, y[i])
			}
		}
	}
	return x, y
}

// runLOCO prints the leave-one-channel-out matrix: for each system and
// each channel, precision, recall and F1 of "the document holds a need"
// when the model is trained on the other five channels only, and the mean
// F1 over the channels.
func runLOCO(ctx context.Context, dataDir, ptLabels string, only []string, cfg config, w io.Writer) error {
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return err
	}
	chs, err := loadChannels(dataDir, ptLabels)
	if err != nil {
		return err
	}
	if err := featurize(ctx, a, chs); err != nil {
		return err
	}
	fmt.Fprintf(w, "leave-one-channel-out: \"the document holds a need\", decision p >= 0.5\n\n")
	fmt.Fprintf(w, "| system | channel | n | needs | P | R | F1 |\n|---|---|---|---|---|---|---|\n")
	for _, sys := range locoSystems {
		if len(only) > 0 && !slices.Contains(only, sys.name) {
			continue
		}
		sum := 0.0
		for ci, c := range chs {
			var m, veto *logreg.Model
			if sys.prefixes != nil {
				m = trainGeneral(chs, ci, sys, cfg)
			}
			if sys.veto && c.name != "pt-complaints" {
				veto = trainVeto(chs, ci, sys.vetoAll, cfg) // as a veto in nlp would run: in English documents only
			}
			var k counts
			pos := 0
			for j, fs := range c.feats {
				pred := ruleDecision(fs)
				if veto != nil {
					pred = impliedCue(fs) || (hasExplicitCue(fs) && veto.Prob(keep(fs, generalPrefixes)) >= generalVeto)
				}
				if m != nil {
					pred = (sys.orRules && pred) || m.Prob(keep(fs, sys.prefixes)) >= modelThreshold
				}
				k.add(pred, c.needs[j])
				if c.needs[j] {
					pos++
				}
			}
			p, r, f1 := k.prf()
			sum += f1
			fmt.Fprintf(w, "| %s | %s | %d | %d | %.3f | %.3f | %.3f |\n", sys.name, c.name, k.n(), pos, p, r, f1)
		}
		fmt.Fprintf(w, "| %s | **mean** | | | | | **%.3f** |\n", sys.name, sum/float64(len(chs)))
	}
	if len(only) == 0 || slices.Contains(only, "rules+general-veto") || slices.Contains(only, "rules+feature-veto") {
		explicitLOCO(chs, cfg, w)
	}
	return nil
}

// explicitLOCO prints, for the channels whose labels tell an explicit need
// (a feature request) from the rest, the rules' explicit decision alone and
// vetoed by either veto head trained without the channel.
func explicitLOCO(chs []*channel, cfg config, w io.Writer) {
	fmt.Fprintf(w, "\nexplicit needs (feature requests), the veto heads trained without the channel\n\n")
	fmt.Fprintf(w, "| decision | channel | n | explicit | P | R | F1 |\n|---|---|---|---|---|---|---|\n")
	for ci, c := range chs {
		label, ok := explicitLabels[c.name]
		if !ok {
			continue
		}
		feature, general := trainVeto(chs, ci, false, cfg), trainVeto(chs, ci, true, cfg)
		var rules, byFeature, byGeneral counts
		for j, fs := range c.feats {
			gold, r := c.labels[j] == label, hasExplicitCue(fs)
			rules.add(r, gold)
			byFeature.add(r && feature.Prob(keep(fs, generalPrefixes)) >= generalVeto, gold)
			byGeneral.add(r && general.Prob(keep(fs, generalPrefixes)) >= generalVeto, gold)
		}
		for _, row := range []struct {
			name string
			k    counts
		}{{"rules-explicit", rules}, {"rules-explicit+feature-veto", byFeature}, {"rules-explicit+general-veto", byGeneral}} {
			p, r, f1 := row.k.prf()
			fmt.Fprintf(w, "| %s | %s | %d | %d | %.3f | %.3f | %.3f |\n", row.name, c.name, row.k.n(), row.k.tp+row.k.fn, p, r, f1)
		}
	}
}

// modelThreshold is nlp's decision threshold for a need model.
const modelThreshold = 0.5

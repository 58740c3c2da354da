package nlp

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/logreg"
)

// kindVetoData holds the kind veto's weights, written by `go run
// ./internal/cmd/trainneeds` (make train/needs) from ../shared/data.
//
//go:embed data/kindveto.txt
var kindVetoData string

// kindVetoThreshold is the probability of an explicit need under which the
// kind veto turns the rules' explicit needs into pain (trainneeds'
// generalVeto).
const kindVetoThreshold = 0.15

// kindVetoSentence is the probability under which the kind veto, having
// read a document as a fault report, reads one of its sentences as part of
// the report: a sentence scored on its own words above it is a request
// told beside the fault and stays one.
const kindVetoSentence = 0.5

// kindVetoGroups are the one-letter groups of the features the kind veto
// reads ("w:invoic", "b:we_need"): words, bigrams, first-sentence words,
// cues affirmed, negated and hedged, and cue phrases; with the question
// mark ("q") and the length ("len:5"). Not the source nor a ticket's raw
// text, which name the channel rather than the need (trainneeds'
// generalPrefixes).
const kindVetoGroups = "wbtcnhp"

// parseKindVeto reads data/kindveto.txt: one head, "kind-veto".
func parseKindVeto(data string) (*logreg.Model, error) {
	ms, err := logreg.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("nlp: kind veto: %w", err)
	}
	m := ms["kind-veto"]
	if m == nil {
		return nil, fmt.Errorf("nlp: kind veto: no head %q", "kind-veto")
	}
	return m, nil
}

// kindVeto reads a document the need model does not (a forum post, an
// email, a call) that reports a fault (see faultSentences) as a fault
// report or a question rather than a suggestion when a head trained on
// feature requests against bug reports and questions (app reviews'
// FEATURE, GitHub's feature) gives its words less than kindVetoThreshold:
// the explicit requests and wishes of its English sentences then become
// pain ("Login fails with error 500. Can you help me?"); a capability
// question stays one ("there's no cell coverage on site. Is there any way
// to fill in forms without a connection?"): it asks what the product
// can do whatever fault stands beside it (on the development sets no
// figure moved when questions stopped flipping). No
// need is removed, so a document keeps its count of needs; only their kind
// changes. Left alone are a document that reports no fault, so that
// service requests stay explicit ("I need a quote for my car", "The system
// shall refresh the display"); a sentence the head reads as a request on
// its own words (see kindVetoSentence); the sentence that tells the fault
// when it is the only one, as expectations does; "we need", an
// organisation's requirement ("We need the project number on invoices.
// Exporting takes forever"); the answer to a form's question of what the
// writer would like (see quoted); and documents mostly not in English,
// whose words the head does not know.
func (a *Analyzer) kindVeto(doc *ckm.Document, ss []sentenceNeeds) {
	explicit := false
	for _, s := range ss {
		for _, r := range s.rules {
			explicit = explicit || (r.Kind == KindExplicit && !r.Negated && r.Speaker != SpeakerAgent)
		}
	}
	if !explicit || !mostlyEnglish(ss) {
		return
	}
	faults := faultSentences(ss)
	if len(faults) == 0 || a.kindVetoModel.Prob(vetoFeatures(doc, ss)) >= kindVetoThreshold {
		return
	}
	flips := func(r *ruleNeed) bool {
		return r.Kind == KindExplicit && !r.Negated && r.Speaker != SpeakerAgent && r.phrase != "we need" && r.Cue != "question"
	}
	for i := range ss {
		if len(faults) == 1 && faults[0] == i {
			continue // a request that gives the fault as its reason ("the export crashes, it should keep the filters")
		}
		if ss[i].wanted {
			continue // the answer to a form's "the solution you'd like"
		}
		if ss[i].sent.Language != English || !slices.ContainsFunc(ss[i].rules, func(r ruleNeed) bool { return flips(&r) }) ||
			a.kindVetoModel.Prob(vetoFeatures(doc, ss[i:i+1])) >= kindVetoSentence {
			continue
		}
		for j := range ss[i].rules {
			if r := &ss[i].rules[j]; flips(r) {
				r.Cue, r.Kind = "pain", KindImplied
			}
		}
		ss[i].rules = onePerTheme(ss[i].rules)
	}
}

// vetoFeatures returns the need features of ss that the kind veto reads
// (see kindVetoPrefixes).
func vetoFeatures(doc *ckm.Document, ss []sentenceNeeds) []string {
	fs := needFeatures(doc, ss)
	feats := fs[:0]
	for _, f := range fs {
		if f == "q" || len(f) > 2 && f[1] == ':' && strings.IndexByte(kindVetoGroups, f[0]) >= 0 || strings.HasPrefix(f, "len:") {
			feats = append(feats, f)
		}
	}
	return feats
}

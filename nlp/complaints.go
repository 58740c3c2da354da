package nlp

import (
	"context"
	_ "embed"
	"fmt"
	"math/bits"
	"slices"
	"strconv"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/logreg"
)

// complaintData holds the complaint head's weights, written by `go run
// ./internal/cmd/trainneeds` (make train/needs) from ../shared/data.
//
//go:embed data/complaint.txt
var complaintData string

// complaintThreshold is the probability the complaint head must give a
// sentence, and its document, for the sentence to be read as pain when the
// cue rules found no need in it. Chosen on Banking77 queries that neither
// trained the head nor are its held-out proxy (lines NR%3==2), against the
// false needs it adds to ordinary tweets, app reviews and GitHub issues
// (EVALUATION.md, "A learned complaint head").
const complaintThreshold = 0.6

// complaintMaxWords bounds the customer's words in a document the
// complaint head reads: complaint messages, forum posts and chat queries
// are a sentence or a few; a long email or call has its complaints told in
// cue words often enough, and scoring it would cost every document's
// analysis time.
const complaintMaxWords = 64

// parseComplaintHead reads data/complaint.txt: one head, "complaint".
func parseComplaintHead(data string) (*logreg.Model, error) {
	ms, err := logreg.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("nlp: complaint head: %w", err)
	}
	m := ms["complaint"]
	if m == nil {
		return nil, fmt.Errorf("nlp: complaint head: no head %q", "complaint")
	}
	return m, nil
}

// complaintFeatures returns the features the complaint head reads from one
// customer sentence: word stems and bigrams, the cues the rules found (see
// sentenceFeatures), the question mark, and the sentence's opening word
// and pair of words ("o:my", "o2:my_card"). No source and no document
// layout: what carries from one channel to another.
func complaintFeatures(s sentenceNeeds) []string {
	var fb featureBuf
	fb.sentence(s, true)
	var open [2]string
	n := 0
	for _, t := range s.toks {
		if t.Stem != "" && hasLetter(t.Text) {
			open[n] = t.Stem
			if n++; n == 2 {
				break
			}
		}
	}
	if n > 0 {
		fb.add("o:", open[0], "", "")
	}
	if n > 1 {
		fb.add("o2:", open[0], "_", open[1])
	}
	fs := fb.strings(nil)
	slices.Sort(fs)
	return slices.Compact(fs)
}

// complaintDocument returns the features of the customer sentences of ss
// (those within the first maxModelWords words) joined, with the length,
// sorted and de-duplicated.
func complaintDocument(ss []sentenceNeeds) []string {
	return complaintDocumentOf(ss, make([][]string, len(ss)))
}

// complaintDocumentOf is complaintDocument with the features of sentence i
// in feats[i] when it is not nil, as complaintFeatures returned them.
func complaintDocumentOf(ss []sentenceNeeds, feats [][]string) []string {
	var doc []string
	words := 0
	for i, s := range ss {
		if s.speaker == SpeakerAgent || words >= maxModelWords {
			continue
		}
		if feats[i] == nil {
			feats[i] = complaintFeatures(s)
		}
		doc = append(doc, feats[i]...)
		for _, t := range s.toks {
			if t.Stem != "" {
				words++
			}
		}
	}
	doc = append(doc, "len:"+strconv.Itoa(bits.Len(uint(words))))
	slices.Sort(doc)
	return slices.Compact(doc)
}

// ComplaintFeatures returns the features the complaint head scores for doc
// as a whole (see complaintFeatures), read from the cues of the rules
// before the kind veto and the reading of fault reports change them. It
// is what the training command fits the head to; it runs the analysis
// without entities and returns ctx.Err() when the context ends. The
// caller owns the slice.
func (a *Analyzer) ComplaintFeatures(ctx context.Context, doc ckm.Document) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return complaintDocument(a.cueReading(&doc)), nil
}

// cueReading runs the cue rules over every sentence of doc, without
// entities and before any head reads them: what the training commands fit
// the heads to.
func (a *Analyzer) cueReading(doc *ckm.Document) []sentenceNeeds {
	text := doc.Text
	var sents []Sentence
	for _, s := range segmentSentences(a.seg, text, doc.Turns) {
		sents = append(sents, Sentence{Text: text[s.start:s.end], Start: s.start, End: s.end})
	}
	lang := assignLanguages(text, ParseLanguage(doc.Lang), sents)
	toks := tokenizeText(a.tok, text)
	ranges := sentenceTokens(sents, toks, lang)
	return a.sentenceNeeds(doc, sents, toks, ranges, nil)
}

// complaintCandidates returns the sentences of ss that the complaint head
// reads as pain: English sentences of the customer in which the cue rules
// found no need (affirmed or not), when the customer writes mostly English,
// the document is short (see complaintMaxWords) and the head gives the
// sentence and the document complaintThreshold or more. It reads the
// rules' cues as found, before the kind veto changes them, as the head was
// trained. The sentences are scored first and the document only when one
// of them passes, which spares most documents the document's features.
func (a *Analyzer) complaintCandidates(ss []sentenceNeeds) map[int]float64 {
	open := func(s sentenceNeeds) bool {
		return len(s.rules) == 0 && s.speaker != SpeakerAgent && s.sent.Language == English && hasLetter(s.sent.Text)
	}
	if !slices.ContainsFunc(ss, open) || customerWords(ss) > complaintMaxWords || !mostlyEnglish(ss) {
		return nil
	}
	var out map[int]float64
	feats := make([][]string, len(ss)) // each sentence's, read again for the document's
	for i, s := range ss {
		if !open(s) {
			continue
		}
		feats[i] = complaintFeatures(s)
		if p := a.complaintModel.Prob(feats[i]); p >= complaintThreshold {
			if out == nil {
				out = map[int]float64{}
			}
			out[i] = p
		}
	}
	if out == nil {
		return nil
	}
	pd := a.complaintModel.Prob(complaintDocumentOf(ss, feats))
	if pd < complaintThreshold {
		return nil
	}
	for i, p := range out {
		out[i] = min(p, pd)
	}
	return out
}

// complaints adds a pain need to each sentence of found (see
// complaintCandidates) that still holds no need, with the head's
// probability as its confidence and its theme read from the start of the
// sentence, where a complaint names what failed ("I pulled cash from the
// ATM earlier" → "cash from the ATM earlier"; the word the head weighs most
// is the complaint's, "earlier", "pending", not its object): "I ordered my
// card but it still isn't here", "the exchange rate was incorrect".
func (a *Analyzer) complaints(ss []sentenceNeeds, found map[int]float64) {
	for i, p := range found {
		s := &ss[i]
		if len(s.rules) > 0 {
			continue
		}
		theme, key := themeOf(s.sent.Language, s.toks, 0, 0)
		s.rules = append(s.rules, ruleNeed{Need: Need{
			Kind: KindImplied, Cue: "pain", Theme: theme, ThemeKey: key,
			Text: s.sent.Text, Start: s.sent.Start, End: s.sent.End, Speaker: s.speaker,
			Confidence: roundConf(p),
		}})
	}
}

// customerWords counts the words of the customer's sentences of ss.
func customerWords(ss []sentenceNeeds) int {
	n := 0
	for _, s := range ss {
		if s.speaker != SpeakerAgent {
			n += len(s.toks)
		}
	}
	return n
}

package nlp

import (
	"context"
	_ "embed"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/logreg"
)

// needModelData holds the need model's weights, written by
// `go run ./internal/cmd/trainneeds` (make train) from ../shared/data.
//
//go:embed data/needmodel.txt
var needModelData string

// The heads of the need model, one pair per source it knows: whether a
// document holds an explicit request (trained on FEATURE reviews, feature
// issues) and whether it holds implied pain (BUG, PERFORMANCE, USABILITY,
// ENERGY and SECURITY reviews, bug issues). A head is named KIND-SOURCE
// ("explicit-review").
const (
	headExplicit = "explicit"
	headImplied  = "implied"
)

// modelSources are the channels the need model was trained on: app reviews
// and issue tickets, each with its own heads. Its probabilities hold there
// and only there (on other text they carry the base rates and vocabulary of
// reviews and GitHub issues), so documents from other channels, and
// documents mostly not in English, keep the cue phrases' own confidences.
var modelSources = []ckm.Source{ckm.SourceReview, ckm.SourceTicket}

// modelThreshold is the probability from which the model reports a need:
// the document-level decision that `ckm eval needs` measures. Each head's
// bias is shifted by the training command so that its F1-maximising
// threshold, chosen by cross-validation on the training data, falls here.
const modelThreshold = 0.5

// needHeads is the explicit and implied head for one source.
type needHeads struct{ explicit, implied *logreg.Model }

// needModel is the parsed need model: the heads of each source in
// modelSources.
type needModel map[ckm.Source]needHeads

// parseNeedModel reads data/needmodel.txt. A head missing for a source of
// modelSources is an error, like a malformed line.
func parseNeedModel(data string) (needModel, error) {
	ms, err := logreg.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("nlp: need model: %w", err)
	}
	out := needModel{}
	for _, src := range modelSources {
		var h [2]*logreg.Model
		for i, kind := range []string{headExplicit, headImplied} {
			name := kind + "-" + string(src)
			if h[i] = ms[name]; h[i] == nil {
				return nil, fmt.Errorf("nlp: need model: no head %q", name)
			}
		}
		out[src] = needHeads{explicit: h[0], implied: h[1]}
	}
	return out, nil
}

// sentenceNeeds is one sentence with its tokens, speaker and rule needs.
type sentenceNeeds struct {
	sent     Sentence
	toks     []Token
	speaker  string
	rules    []ruleNeed
	wanted   bool // an answer to a form's question of what the writer would like
	answered bool // a question the agent answered with the product as it is (see answeredQuestions)
}

// modelKind is what the model decides for one need kind: which cues it
// recalibrates and which cue it names when no rule found the need.
type modelKind struct {
	kind       string
	cues       []string
	defaultCue string
}

var modelKinds = []modelKind{
	{KindExplicit, []string{"request", "question", "wish"}, "request"},
	{KindImplied, []string{"pain"}, "pain"},
}

// documentNeeds returns the needs of a document: the cue phrases' needs of
// every sentence and, in the channels the need model knows (see
// modelSources), the confidence of requests, questions, wishes and pain
// set by the model from the whole customer side of the document, plus a
// need the model finds where no cue phrase did, on the sentence that
// scores highest.
func (a *Analyzer) documentNeeds(doc *ckm.Document, sents []Sentence, toks []Token, ranges [][2]int, ents []Entity) []Need {
	ss := a.sentenceNeeds(doc, sents, toks, ranges, ents)
	if len(ss) == 0 || !slices.Contains(modelSources, doc.Source) || !mostlyEnglish(ss) || supportThread(ss) {
		found := a.complaintCandidates(ss) // before the veto, as the complaint head was trained
		a.kindVeto(doc, ss)                // before reportedNeeds: the head reads the cues it was trained on
		a.reportedNeeds(ss)
		echoedNeeds(ss)
		expectations(ss)
		a.complaints(ss, found)
		consequenceThemes(ss, turnStart(doc))
		workaroundThemes(ss, turnStart(doc))
		askerThemes(ss, turnStart(doc))
		return flatten(ss, nil)
	}
	feats := needFeatures(doc, ss)
	heads := a.needs[doc.Source]
	extra := map[int][]Need{}
	for _, k := range modelKinds {
		m, fs := heads.explicit, feats
		if k.kind == KindImplied {
			m, fs = heads.implied, WithoutClusters(feats)
		}
		p := m.Prob(fs)
		found := false
		for i := range ss {
			for j := range ss[i].rules {
				n := &ss[i].rules[j].Need
				if slices.Contains(k.cues, n.Cue) && !n.Negated && n.Speaker != SpeakerAgent {
					n.Confidence = roundConf(p)
					found = true
				}
			}
		}
		if !found && p >= modelThreshold {
			if i, n, ok := modelNeed(ss, m, k, p); ok {
				extra[i] = append(extra[i], n)
			}
		}
	}
	a.reportedNeeds(ss)
	echoedNeeds(ss)
	consequenceThemes(ss, turnStart(doc))
	workaroundThemes(ss, turnStart(doc))
	askerThemes(ss, turnStart(doc))
	return flatten(ss, extra)
}

// supportThread reports whether a document has an agent's turn: a
// support ticket answered in it ("Support (Leah) replied: …") is a
// conversation, as an e-mail is, not the issue report the model's ticket
// heads were trained on (GitHub issues, whose base rates put "We really
// need those four bays handled properly" at 0.24).
func supportThread(ss []sentenceNeeds) bool {
	return slices.ContainsFunc(ss, func(s sentenceNeeds) bool { return s.speaker == SpeakerAgent })
}

// sentenceNeeds runs the cue phrases over each sentence. The document's
// entities, when known, tell a switch to a rival from a move to a place or
// a time (see namesRival).
func (a *Analyzer) sentenceNeeds(doc *ckm.Document, sents []Sentence, toks []Token, ranges [][2]int, ents []Entity) []sentenceNeeds {
	ss := make([]sentenceNeeds, len(sents))
	quoted := quotedSpans(doc.Text)
	for i, s := range sents {
		s, st := withoutLabel(doc, s, toks[ranges[i][0]:ranges[i][1]])
		ss[i] = sentenceNeeds{sent: s, toks: st, speaker: speakerAt(doc, s.Start), rules: a.findNeeds(doc, s, st, ents), wanted: inSpans(quoted.wanted, s.Start)}
		ss[i].rules = slices.DeleteFunc(ss[i].rules, func(r ruleNeed) bool { return !quoted.keep(s.Start, r.Kind) })
	}
	a.answerNeeds(ss)
	solicitedNeeds(ss)
	listedNeeds(ss)
	refusedNeeds(ss)
	answeredQuestions(ss)
	anaphoricThemes(ss, turnStart(doc))
	contractThemes(ss)
	return ss
}

// contractThemes files a churn risk that names nothing, and points back
// to nothing, under the renewal topic: "we are going to cancel", "o
// contrato vence em 31/01" are about the contract.
func contractThemes(ss []sentenceNeeds) {
	t, ok := topicByKey("renewal")
	if !ok {
		return
	}
	for i := range ss {
		for j := range ss[i].rules {
			if n := &ss[i].rules[j].Need; n.Cue == "churn-risk" && n.ThemeKey == "" {
				n.Theme, n.ThemeKey = t.label, t.key
			}
		}
	}
}

// turnStart returns a function giving the start of the turn of doc that
// holds a byte offset, or -1 when none does.
func turnStart(doc *ckm.Document) func(off int) int {
	return func(off int) int {
		if t, ok := doc.TurnAt(off); ok {
			return t.Start
		}
		return -1
	}
}

// flatten lists the needs of every sentence and the model's extra ones,
// leaving out the explicit needs of a service request (see
// serviceRequest) and an extra need of a theme a cue phrase already gave
// the sentence (a sentence is one mention of a theme: "I'm building the
// owners' pack by hand" is a workaround, not also the model's pain).
// They are left out here, after the need model has read the sentences'
// cues, so that its features stay what it was trained on.
func flatten(ss []sentenceNeeds, extra map[int][]Need) []Need {
	needs := []Need{}
	for i, s := range ss {
		service := len(s.rules)+len(extra[i]) > 0 && (s.answered || serviceRequest(s.toks))
		errand := service && billErrandSentence(s.toks) // its pain is the bill's: "não recebi a fatura, pode mandar a segunda via?"
		drop := func(n Need) bool { return service && n.Kind == KindExplicit || errand && n.Cue == "pain" }
		start := len(needs)
		for _, n := range ruleNeeds(s.rules) {
			if !drop(n) {
				needs = append(needs, n)
			}
		}
		kept := needs[start:] // the sentence's cue needs
		for _, n := range extra[i] {
			if !drop(n) && (n.ThemeKey == "" || !slices.ContainsFunc(kept, func(r Need) bool { return r.ThemeKey == n.ThemeKey })) {
				needs = append(needs, n)
			}
		}
	}
	return needs
}

// ruleNeeds returns the needs of rules.
func ruleNeeds(rules []ruleNeed) []Need {
	out := make([]Need, len(rules))
	for i, r := range rules {
		out[i] = r.Need
	}
	return out
}

// modelNeed places a need the model found on the customer's sentence whose
// own features score highest, with the theme read after its strongest word.
func modelNeed(ss []sentenceNeeds, m *logreg.Model, k modelKind, p float64) (int, Need, bool) {
	best, bestZ := -1, 0.0
	for i, s := range ss {
		if s.speaker == SpeakerAgent || !hasLetter(s.sent.Text) {
			continue
		}
		z := m.Logit(sentenceFeatures(s, true))
		if best < 0 || z > bestZ {
			best, bestZ = i, z
		}
	}
	if best < 0 || courtesy(ss[best]) {
		return 0, Need{}, false // "Done, thanks for the quick answer.": the thread's ask was answered
	}
	s := ss[best]
	top, topW := -1, 0.0
	for j, t := range s.toks {
		if w := m.Weights["w:"+t.Stem]; t.Stem != "" && w > topW {
			top, topW = j, w
		}
	}
	theme, key := themeOf(s.sent.Language, s.toks, max(top, 0), top+1)
	return best, Need{
		Kind: k.kind, Cue: k.defaultCue, Theme: theme, ThemeKey: key,
		Text: s.sent.Text, Start: s.sent.Start, End: s.sent.End, Speaker: s.speaker,
		Confidence: roundConf(p),
	}, true
}

// courtesy reports whether a sentence opens by accepting an answer or
// thanking ("Done, thanks for the quick answer.", "Thanks so much!",
// "Valeu, deu certo"): when the need model's strongest sentence of a
// document is one, no sentence of it says the need the model found.
func courtesy(s sentenceNeeds) bool {
	words := sentenceWords(s.sent.Language, s.sent.Language, s.toks, nil)
	words = words[pastLabel(words, s.toks):] // "Carla Jimenez: Done, thanks"
	return len(words) > 0 && (thanksWords[words[0].lower] || phraseAt(lowers(words), 0, acceptances) > 0)
}

// thanksWords open a sentence of thanks (folded lowercase).
var thanksWords = map[string]bool{
	"thanks": true, "thank": true, "thx": true, "cheers": true, "obrigado": true, "obrigada": true, "valeu": true, "brigado": true, "brigada": true,
}

// mostlyEnglish reports whether most words of the customer's sentences are
// in English sentences, the language the model's word weights know.
func mostlyEnglish(ss []sentenceNeeds) bool {
	en, all := 0, 0
	for _, s := range ss {
		if s.speaker == SpeakerAgent {
			continue
		}
		all += len(s.toks)
		if s.sent.Language == English {
			en += len(s.toks)
		}
	}
	return all > 0 && 2*en >= all
}

// needFeatures returns the features the need model scores for a document,
// from the sentences not spoken by an agent: word stems ("w:invoic"),
// bigrams ("b:project_number") of the first maxModelWords words, the
// stems of the first sentence, the title of a ticket ("t:export"), cues
// found affirmed ("c:request" and the phrase, "p:we_need"), negated
// ("n:request") or hedged ("h:request"), a question mark ("q"), the source
// ("src:review") and the length ("len:5", the bit length of the word
// count), plus a ticket's raw-text features (see ticketFeatures), sorted
// and de-duplicated.
func needFeatures(doc *ckm.Document, ss []sentenceNeeds) []string {
	var full []string
	words, first := 0, true
	for _, s := range ss {
		if s.speaker == SpeakerAgent {
			continue
		}
		if words < maxModelWords {
			full = append(full, sentenceFeatures(s, true)...)
		} else {
			full = append(full, sentenceFeatures(s, false)...)
		}
		for _, t := range s.toks {
			if t.Stem != "" {
				words++
				if first {
					full = append(full, "t:"+t.Stem)
				}
			}
		}
		first = first && !hasLetter(s.sent.Text)
	}
	full = append(full, "src:"+string(doc.Source), "len:"+strconv.Itoa(bits.Len(uint(words))))
	full = append(full, textFeatures(doc)...)
	slices.Sort(full)
	return slices.Compact(full)
}

// textFeatures returns the features read from a ticket's raw text rather
// than its analysed sentences (none for other sources): see
// ticketFeatures.
func textFeatures(doc *ckm.Document) []string {
	if doc.Source != ckm.SourceTicket {
		return nil
	}
	return ticketFeatures(doc.Subject, doc.Text)
}

// rawWords splits s at every rune that is not a letter and returns the
// lower-cased words of two letters or more.
func rawWords(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	out := f[:0]
	for _, w := range f {
		if len(w) >= 2 {
			out = append(out, w)
		}
	}
	return out
}

// WithoutClusters returns fs without the word clusters of a ticket's
// title ("ec:17"): the features of the implied heads, which were trained
// without them. The title's clusters measured no gain there, and they
// carry the complaint words of app reviews ("keep", "freez", "annoy")
// onto requests ("The dispatchers keep asking for: a map of open jobs").
// fs is not modified.
func WithoutClusters(fs []string) []string {
	if !slices.ContainsFunc(fs, isCluster) {
		return fs
	}
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		if !isCluster(f) {
			out = append(out, f)
		}
	}
	return out
}

func isCluster(f string) bool { return strings.HasPrefix(f, "ec:") }

// LetterStems returns the English stems of the words of s split at every
// rune that is not a letter (words of two letters or more, lower-cased):
// how the need model reads a ticket's title, and how the training command
// reads the unlabelled text its word clusters learn from.
func LetterStems(s string) []string {
	ws := rawWords(s)
	for i, w := range ws {
		ws[i] = Stem(English, w)
	}
	return ws
}

// ticketFeatures returns a ticket's features read from its raw text: the
// first one or two words of its title, the subject or else the first
// non-blank line ("tf:add",
// "tf:add_support"), a question mark there ("tq"), the stems and bigrams of
// the title ("ti:add", "tb:add_support"), the topical clusters of the
// title's stems ("ec:17", see data/wordclusters.txt), the stems and bigrams
// of its first maxModelWords words split at every non-letter, so that
// template markers such as "feature_request_template" count ("r:featur",
// "rb:featur_request"), the short answers under template headings
// ("!v:featur_request") and the shape of the text: a code fence
// ("!s:code"), stack-trace lines ("!s:trace"). The last two groups are
// pinned (logreg.NormPinned): a template's answer weighs as much in a long
// ticket as in a short one.
func ticketFeatures(subject, text string) []string {
	var fs []string
	lines := strings.Split(text, "\n")
	title := subject
	for _, l := range lines {
		if title != "" {
			break
		}
		title = strings.TrimSpace(l)
	}
	if tw := rawWords(title); len(tw) > 0 {
		fs = append(fs, "tf:"+Stem(English, tw[0]))
		if len(tw) > 1 {
			fs = append(fs, "tf:"+Stem(English, tw[0])+"_"+Stem(English, tw[1]))
		}
	}
	if strings.Contains(title, "?") {
		fs = append(fs, "tq")
	}
	prev := ""
	clusters := lists().wordClusters
	for _, w := range rawWords(title) {
		st := Stem(English, w)
		fs = append(fs, "ti:"+st)
		if c, ok := clusters[st]; ok {
			fs = append(fs, c)
		}
		if prev != "" {
			fs = append(fs, "tb:"+prev+"_"+st)
		}
		prev = st
	}
	prev = ""
	for i, w := range rawWords(text) {
		if i >= maxModelWords {
			break
		}
		st := Stem(English, w)
		fs = append(fs, "r:"+st)
		if prev != "" {
			fs = append(fs, "rb:"+prev+"_"+st)
		}
		prev = st
	}
	heading := false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		isHead := strings.HasPrefix(l, "#") || (strings.HasPrefix(l, "**") && strings.HasSuffix(l, "**"))
		if heading && !isHead {
			if ws := rawWords(l); len(ws) > 0 && len(ws) <= 3 {
				for i, w := range ws {
					ws[i] = Stem(English, w)
				}
				fs = append(fs, "!v:"+strings.Join(ws, "_"))
			}
		}
		heading = isHead
		switch {
		case strings.HasPrefix(l, "```"):
			fs = append(fs, "!s:code")
		case strings.HasPrefix(l, "at ") || strings.HasPrefix(l, "File \"") || strings.HasPrefix(l, "Traceback"):
			fs = append(fs, "!s:trace")
		}
	}
	return fs
}

// maxModelWords bounds the words whose stems the model sees: a long
// ticket's opening says what it is about; its logs and stack traces do not.
const maxModelWords = 300

// sentenceFeatures returns one sentence's features (see needFeatures),
// with the words and bigrams when words is set.
func sentenceFeatures(s sentenceNeeds, words bool) []string {
	var fb featureBuf
	fb.sentence(s, words)
	return fb.strings(nil)
}

// sentence adds the features of sentenceFeatures(s, words).
func (fb *featureBuf) sentence(s sentenceNeeds, words bool) {
	if words && fb.buf == nil { // room for a word and a bigram a token, most of the time
		fb.buf = make([]byte, 0, 24*len(s.toks)+32)
		fb.ends = make([]int, 0, 2*len(s.toks)+8)
	}
	prev := ""
	for _, t := range s.toks {
		if !words || t.Stem == "" || !hasLetter(t.Text) {
			if !isWord(t.Text) {
				prev = ""
			}
			continue
		}
		fb.add("w:", t.Stem, "", "")
		if prev != "" {
			fb.add("b:", prev, "_", t.Stem)
		}
		prev = t.Stem
	}
	for _, r := range s.rules {
		switch {
		case r.Negated:
			fb.add("n:", r.Cue, "", "")
		case r.Hedged:
			fb.add("h:", r.Cue, "", "")
		default:
			fb.add("c:", r.Cue, "", "")
			fb.buf = append(fb.buf, "p:"...)
			for i := 0; i < len(r.phrase); i++ {
				c := r.phrase[i]
				if c == ' ' {
					c = '_'
				}
				fb.buf = append(fb.buf, c)
			}
			fb.ends = append(fb.ends, len(fb.buf))
		}
	}
	if isQuestion(s.sent.Text) {
		fb.add("q", "", "", "")
	}
}

// featureBuf builds a sentence's feature names in one buffer, so that
// they cost one string between them rather than one each.
type featureBuf struct {
	buf  []byte
	ends []int // where each feature ends in buf
}

// add appends one feature, the concatenation of a, b, c and d.
func (fb *featureBuf) add(a, b, c, d string) {
	fb.buf = append(append(append(append(fb.buf, a...), b...), c...), d...)
	fb.ends = append(fb.ends, len(fb.buf))
}

// strings appends the features added to fs, in the order added.
func (fb *featureBuf) strings(fs []string) []string {
	if len(fb.ends) == 0 {
		return fs
	}
	all, start := string(fb.buf), 0
	fs = slices.Grow(fs, len(fb.ends))
	for _, end := range fb.ends {
		fs = append(fs, all[start:end])
		start = end
	}
	return fs
}

// NeedFeatures returns the features the need model scores for doc: word
// stems and bigrams, the first sentence's stems and the cues found, named
// as in data/needmodel.txt ("w:invoic", "c:request"). It is what the
// training command fits the model to; it runs the analysis without
// entities and returns ctx.Err() when the context ends. The caller owns the
// slice.
func (a *Analyzer) NeedFeatures(ctx context.Context, doc ckm.Document) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return needFeatures(&doc, a.cueReading(&doc)), nil
}

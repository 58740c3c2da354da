package nlp

import (
	"slices"
	"strings"
	"unicode"

	"github.com/ckmhq/ckm"
)

// withoutLabel returns the sentence and its tokens without the speaker
// label that opens its turn ("Customer: Both, ideally." becomes "Both,
// ideally."), so that a need's evidence is the speaker's own words.
func withoutLabel(doc *ckm.Document, s Sentence, toks []Token) (Sentence, []Token) {
	end, ok := labelEnd(doc, s.Start)
	if !ok || s.Start >= end || s.End <= end {
		return s, toks
	}
	k := 0
	for k < len(toks) && toks[k].Start < end {
		k++
	}
	s.Text, s.Start = doc.Text[end:s.End], end
	return s, toks[k:]
}

// labelEnd returns the offset just after the speaker label ("Customer: ")
// of the turn that holds off, when the turn opens with one.
func labelEnd(doc *ckm.Document, off int) (int, bool) {
	t, ok := doc.TurnAt(off)
	if !ok || t.Speaker == "" {
		return 0, false
	}
	head := doc.Text[t.Start:min(t.End, len(doc.Text))]
	i := strings.Index(head, t.Speaker)
	j := i + len(t.Speaker)
	if i < 0 || j >= len(head) || head[j] != ':' {
		return 0, false
	}
	end := t.Start + j + 1
	for end < len(doc.Text) && (doc.Text[end] == ' ' || doc.Text[end] == '\t') {
		end++
	}
	return end, true
}

// confirmations open a customer's answer that says yes to an agent's
// question: "Both, ideally.", "Sim, seria ótimo." (folded lowercase).
var confirmations = map[string]bool{
	"yes": true, "yeah": true, "yep": true, "yup": true, "sure": true, "both": true, "definitely": true,
	"absolutely": true, "exactly": true, "correct": true, "please": true, "ideally": true, "indeed": true,
	"sim": true, "claro": true, "exato": true, "exatamente": true, "isso": true, "ambos": true, "ambas": true,
	"certamente": true, "perfeito": true, "seria": true,
}

// askWords are the words after which an agent's question names what it
// offers: "Do you need it on the invoice?", "Você quer receber alertas?".
var askWords = map[string]bool{
	"need": true, "want": true, "like": true, "use": true, "require": true, "interested": true, "prefer": true, "have": true,
	"precisa": true, "precisam": true, "quer": true, "querem": true, "gostaria": true, "gostariam": true,
	"usar": true, "usa": true, "usam": true, "prefere": true, "interessa": true,
}

// answerNeeds turns a customer's yes to an agent's question into the
// customer's need, with the theme of the agent's question: after "Agent:
// Do you need it on the invoice as well?", "Customer: Both, ideally." is a
// customer need themed by the invoice. The answer's own needs without a
// theme take the question's theme; a bare confirmation becomes a request.
// A denial ("No, not really.") or a yes with a negation ("Yes, but not
// now.") gives nothing, and the answer's own needs stay as the cues found
// them (negated where they say so).
func (a *Analyzer) answerNeeds(ss []sentenceNeeds) {
	for i := 1; i < len(ss); i++ {
		q, ans := ss[i-1], &ss[i]
		if q.speaker != SpeakerAgent || ans.speaker != SpeakerCustomer || !isQuestion(q.sent.Text) {
			continue
		}
		words := sentenceWords(ans.sent.Language, ans.sent.Language, ans.toks, nil)
		if len(words) == 0 || len(words) > 12 || !confirmations[words[0].lower] || slices.ContainsFunc(words, func(w word) bool { return w.neg }) {
			continue // not a plain yes: "No, not really.", "Yes, but not now."
		}
		theme, key := askedTheme(q)
		if key == "" {
			continue
		}
		themed := false
		for j := range ans.rules {
			n := &ans.rules[j].Need
			if n.ThemeKey == "" && !n.Negated {
				n.Theme, n.ThemeKey = theme, key
				n.Confidence = roundConf(max(n.Confidence, answerConfidence))
			}
			themed = themed || n.ThemeKey == key
		}
		if !themed {
			ans.rules = append(ans.rules, ruleNeed{Need: Need{
				Kind: KindExplicit, Cue: "request", Theme: theme, ThemeKey: key,
				Text: ans.sent.Text, Start: ans.sent.Start, End: ans.sent.End,
				Speaker: SpeakerCustomer, Confidence: answerConfidence,
			}, phrase: "answer"})
		}
	}
}

// answerConfidence is the confidence of a need confirmed in answer to an
// agent's question: the customer said yes to a named capability.
const answerConfidence = 0.7

// askedTheme returns the theme of an agent's question: read after its
// first ask word ("need", "quer"), else from its first word.
func askedTheme(q sentenceNeeds) (theme, key string) {
	at := -1
	for i, t := range q.toks {
		if askWords[lowerKey(t.Text)] {
			at = i
			break
		}
	}
	if at < 0 {
		for i, t := range q.toks {
			if strings.IndexFunc(t.Text, unicode.IsLetter) >= 0 {
				at = i
				break
			}
		}
	}
	if at < 0 {
		return "", ""
	}
	return themeOf(q.sent.Language, q.toks, at, at+1)
}

// Package conll reads token-per-line named-entity data in the CoNLL style
// (WNUT-17, LeNER-Br, CoNLL-2003, BTC, WikiGold, SEC filings, Paramopama):
// one token and its BIO, IOB1 or IO tag a line, separated by a tab or
// spaces, sentences separated by blank lines.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Sentence is one sentence: its tokens and their tags, of equal length.
type Sentence struct {
	Tokens []string
	Tags   []string
	// Doc numbers the sentence's document in its file: 0 until the
	// first "-DOCSTART-" line that follows a sentence, then one more at
	// each.
	Doc int
}

// Span is an entity of a tagged sentence: tokens [Start, End) and the type
// of its tags without the B-/I- prefix.
type Span struct {
	Start, End int
	Label      string
}

// maxLine bounds one line of input, in bytes.
const maxLine = 1 << 20

// Read reads every sentence of r. A line's first field is the token and its
// last the tag; lines with one field and extra blank lines are skipped;
// "-DOCSTART-" lines start a new document (Sentence.Doc). Read fails only when r does.
func Read(r io.Reader) ([]Sentence, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	var out []Sentence
	var cur Sentence
	doc := 0
	flush := func() {
		if len(cur.Tokens) > 0 {
			cur.Doc = doc
			out = append(out, cur)
		}
		cur = Sentence{}
	}
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 0:
			flush()
		case strings.HasPrefix(f[0], "-DOCSTART-"):
			flush()
			if len(out) > 0 && out[len(out)-1].Doc == doc {
				doc++
			}
		case len(f) == 1:
			continue
		default:
			cur.Tokens = append(cur.Tokens, f[0])
			cur.Tags = append(cur.Tags, f[len(f)-1])
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		return out, fmt.Errorf("conll: read: %w", err)
	}
	return out, nil
}

// Spans returns the entities of a BIO, IOB1 or IO tag sequence, in order.
// An I- tag that does not continue an entity of its type starts one; a
// bare tag such as "PESSOA" (IO, as Paramopama writes them) reads as
// I-PESSOA. "O" and malformed tags ("B-", "X-PER") are outside every
// entity.
func Spans(tags []string) []Span {
	var out []Span
	open := -1
	for i, t := range tags {
		prefix, label, ok := split(t)
		if open >= 0 && (!ok || prefix == 'B' || label != out[open].Label) {
			open = -1
		}
		if !ok {
			continue
		}
		if open >= 0 {
			out[open].End = i + 1
			continue
		}
		out = append(out, Span{Start: i, End: i + 1, Label: label})
		open = len(out) - 1
	}
	return out
}

// split splits "B-person" into 'B' and "person", and a bare IO tag
// "PESSOA" into 'I' and "PESSOA".
func split(tag string) (byte, string, bool) {
	if tag != "O" && tag != "" && !strings.Contains(tag, "-") {
		return 'I', tag, true
	}
	if len(tag) < 3 || tag[1] != '-' || (tag[0] != 'B' && tag[0] != 'I') {
		return 0, "", false
	}
	return tag[0], tag[2:], true
}

// JoinHandles merges each lone "@" token with the token after it, as BTC
// writes user mentions ("@" B-PER, "colgo" B-PER), into one token
// "@colgo" with the second token's tag: one mention, one entity, as
// tokenizers and WNUT-17 write it. It changes sents in place and returns
// them.
func JoinHandles(sents []Sentence) []Sentence {
	for k, s := range sents {
		toks, tags := s.Tokens[:0:0], s.Tags[:0:0]
		for i := 0; i < len(s.Tokens); i++ {
			if s.Tokens[i] == "@" && i+1 < len(s.Tokens) {
				toks = append(toks, "@"+s.Tokens[i+1])
				tags = append(tags, s.Tags[i+1])
				i++
				continue
			}
			toks = append(toks, s.Tokens[i])
			tags = append(tags, s.Tags[i])
		}
		sents[k] = Sentence{Tokens: toks, Tags: tags, Doc: s.Doc}
	}
	return sents
}

// UntagHandles marks every user mention ("@colgo") outside all entities
// and returns sents: BTC tags mentions as people and organisations,
// WNUT-17 leaves them untagged, so neither training nor scoring counts
// them. It changes sents in place.
func UntagHandles(sents []Sentence) []Sentence {
	for _, s := range sents {
		for i, t := range s.Tokens {
			if IsHandle(t) {
				s.Tags[i] = "O"
			}
		}
	}
	return sents
}

// IsHandle reports whether a token is a user mention: "@" and more.
func IsHandle(tok string) bool { return len(tok) > 1 && tok[0] == '@' }

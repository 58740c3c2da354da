package tagger

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Propagation says what Propagate does with the names a document's
// sentences were tagged with.
type Propagation uint8

const (
	// PropagateFill tags the untagged, capitalised occurrences of a name
	// tagged elsewhere in the document with its type (the type it was
	// tagged with most often): "Kiss" tagged ORG once labels its other
	// mentions.
	PropagateFill Propagation = 1 << iota
	// PropagateRelabel gives every tagged occurrence of a name the type it
	// was tagged with most often in the document, when that type won
	// more often than the occurrence's own.
	PropagateRelabel
	// PropagateSurname tags an untagged, capitalised word alone that ends
	// a PERSON name of two words or more elsewhere in the document as
	// PERSON: "Smith" after "John Smith".
	PropagateSurname
)

// Propagate makes the classes of one document's sentences (as Tag gave
// them, one slice per sentence of sents) consistent across the document,
// as how says, in place: a name tagged once is a name everywhere in the
// document. Words the model knows as usually written in lowercase are
// never tagged by it alone. A document of one sentence is left as it is
// (within one sentence it cost ckm's analysis of SEC filings test 0.739 →
// 0.718 F1, the sentences alone).
func (m *Model) Propagate(sents [][]string, classes [][]int, how Propagation) {
	if how == 0 || len(sents) < 2 || !slices.ContainsFunc(classes, func(cs []int) bool { return !outside(cs) }) {
		return // one sentence, or nothing tagged
	}
	nc := len(m.classes)
	typeOf := make([]int, nc) // class → type number (its B- class), 0 for "O"
	for c, name := range m.classes {
		if len(name) > 2 && name[1] == '-' {
			b := c
			if name[0] == 'I' {
				b = c - 1
			}
			typeOf[c] = b
		}
	}
	names := map[string]map[int]int{} // name → type → times tagged
	surnames := map[string]bool{}
	person := m.classIndex("B-PERSON")
	maxLen := 0
	var key strings.Builder
	join := func(toks []string) string {
		key.Reset()
		for i, t := range toks {
			if i > 0 {
				key.WriteByte(' ')
			}
			key.WriteString(t)
		}
		return key.String()
	}
	spans := func(cs []int, fn func(i, j, typ int)) {
		for i := 0; i < len(cs); {
			if typeOf[cs[i]] == 0 {
				i++
				continue
			}
			j := i + 1
			for j < len(cs) && typeOf[cs[j]] == typeOf[cs[i]] && cs[j] != typeOf[cs[i]] {
				j++
			}
			fn(i, j, typeOf[cs[i]])
			i = j
		}
	}
	for s, cs := range classes {
		spans(cs, func(i, j, typ int) {
			k := join(sents[s][i:j])
			if names[k] == nil {
				names[k] = map[int]int{}
			}
			names[k][typ]++
			maxLen = max(maxLen, j-i)
			if typ == person && j-i > 1 {
				surnames[sents[s][j-1]] = true
			}
		})
	}
	if len(names) == 0 {
		return
	}
	majority := func(k string) (int, int) {
		best, n := 0, 0
		for typ, c := range names[k] {
			if c > n || c == n && typ < best {
				best, n = typ, c
			}
		}
		return best, n
	}
	for s, cs := range classes {
		toks := sents[s]
		if how&PropagateRelabel != 0 {
			spans(cs, func(i, j, typ int) {
				k := join(toks[i:j])
				if best, n := majority(k); best != typ && n > names[k][typ] {
					cs[i] = best
					for x := i + 1; x < j; x++ {
						cs[x] = best + 1
					}
				}
			})
		}
		if how&(PropagateFill|PropagateSurname) == 0 {
			continue
		}
		for i := 0; i < len(cs); i++ {
			if cs[i] != 0 || !m.nameWord(toks[i]) {
				continue
			}
			if how&PropagateFill != 0 {
				filled := false
				for n := min(maxLen, len(cs)-i); n > 0 && !filled; n-- {
					if !outside(cs[i : i+n]) {
						continue
					}
					k := join(toks[i : i+n])
					if _, ok := names[k]; !ok {
						continue
					}
					best, _ := majority(k)
					cs[i] = best
					for x := i + 1; x < i+n; x++ {
						cs[x] = best + 1
					}
					i += n - 1
					filled = true
				}
				if filled {
					continue
				}
			}
			if how&PropagateSurname != 0 && person > 0 && surnames[toks[i]] && (i+1 == len(cs) || cs[i+1] == 0) {
				cs[i] = person
			}
		}
	}
}

// nameWord reports whether w may be a name on its own: capitalised and not
// a word the model knows as usually written in lowercase.
func (m *Model) nameWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && utf8.RuneCountInString(w) > 1 && m.lex.Bits[LowerKey(w)]&UsuallyLowerBit == 0
}

// outside reports whether every class of cs is "O".
func outside(cs []int) bool {
	for _, c := range cs {
		if c != 0 {
			return false
		}
	}
	return true
}

// classIndex returns the index of class name, or -1.
func (m *Model) classIndex(name string) int {
	for i, c := range m.classes {
		if c == name {
			return i
		}
	}
	return -1
}

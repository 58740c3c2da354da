package tagger

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// word is what the features read of one token, hashed once per sentence.
type word struct {
	lower, exact, shape, suffix3, suffix4, prefix3 uint64
	suffix2, prefix2, prefix4, short               uint64
	flags                                          uint64
	// cluster is the word's cluster path (Lexicon.Clusters), 1 for a
	// word without one and 0 when the model has no clusters;
	// cluster4 to cluster10 are its first 4 to 10 steps.
	cluster, cluster4, cluster8 uint64
	cluster6, cluster10         uint64
}

// Token flags, mixed into the flag feature.
const (
	flagCap = 1 << iota
	flagAllCaps
	flagDigit
	flagPunct
	flagFirst
	flagHyphen
	flagKnownLower // the word is usually written in lowercase
	flagListed     // the word is part of a name in a list (a gazetteer)
	flagFirstName  // the word is a first name in a list
	flagPlace      // the word is part of a place name in a list
	_              // 1 << 10 marks the sentence's start (bos)
	_              // 1 << 11 marks its end (eos)
	flagOrg        // the word is part of an organisation's name in a list
	flagPerson     // the word is part of a person's name in a list
)

// flagsKnown are the flags of what the lists and the lowercase vocabulary
// say of a word, with its capitalisation.
const flagsKnown = flagCap | flagKnownLower | flagListed | flagFirstName | flagPlace | flagOrg | flagPerson

// Lexicon bits: what a model knows of a word, keyed by LowerKey.
const (
	// UsuallyLowerBit marks a word usually written in lowercase.
	UsuallyLowerBit = 1 << iota
	// ListedBit marks a word of a name in a gazetteer, such as the
	// built-in product lists.
	ListedBit
	// FirstNameBit marks a first name.
	FirstNameBit
	// PlaceBit marks a word of a place name: a city, a country, a region.
	PlaceBit
	// OrgBit marks a word of an organisation's name.
	OrgBit
	// PersonBit marks a word of a person's name (a surname, mostly).
	PersonBit
	// WholePlaceBit marks a word that is a place's whole name ("Phoenix",
	// not "Harbor" of "Oak Harbor"). No feature reads it: it is for
	// the callers (Model.WholePlace).
	WholePlaceBit
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix combines hashes into one feature key.
func mix(h ...uint64) uint64 {
	x := uint64(fnvOffset)
	for _, v := range h {
		x ^= v
		x *= fnvPrime
		x ^= x >> 29
	}
	return x
}

func hashString(s string) uint64 {
	x := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime
	}
	return x
}

// LowerKey is the key of a word's lowercase form in a vocabulary of words
// usually written in lowercase.
func LowerKey(w string) uint64 {
	x := uint64(fnvOffset)
	for _, r := range w {
		x = hashRune(x, unicode.ToLower(r))
	}
	return x
}

// Lexicon is what a model knows of words besides its weights, keyed by
// LowerKey: the lexicon bits (UsuallyLowerBit, ListedBit, FirstNameBit,
// PlaceBit) and word clusters learned from unlabelled text. It is stored
// with the model.
type Lexicon struct {
	Bits map[uint64]uint8
	// Clusters holds each word's place in a binary hierarchy of word
	// clusters: 1 followed by the path's bits from the root (0 left, 1
	// right), as in a heap; words of similar contexts share long
	// prefixes. At most 15 steps.
	Clusters map[uint64]uint16
}

// clusterPrefix returns the first n steps of cluster path c (c itself
// when it is shorter).
func clusterPrefix(c uint16, n int) uint64 {
	if depth := bits.Len16(c) - 1; depth > n {
		c >>= depth - n
	}
	return uint64(c)
}

// Sentinel words before the first and after the last token.
var (
	bos = word{lower: hashString("<s>"), exact: hashString("<s>"), shape: hashString("<s>"), flags: 1 << 10}
	eos = word{lower: hashString("</s>"), exact: hashString("</s>"), shape: hashString("</s>"), flags: 1 << 11}
)

// describe hashes the parts of w the features use, without allocating.
func describe(w string, first bool, lex *Lexicon) word {
	var d word
	lower, exact, shape := uint64(fnvOffset), uint64(fnvOffset), uint64(fnvOffset)
	var last rune = -1
	n, caps, letters := 0, 0, 0
	var runes [4]rune // the first four lowercase runes
	var tail [4]rune  // the last four lowercase runes, a ring
	for _, r := range w {
		lr := unicode.ToLower(r)
		exact = hashRune(exact, r)
		lower = hashRune(lower, lr)
		var c rune
		switch {
		case unicode.IsUpper(r):
			c, caps, letters = 'X', caps+1, letters+1
		case unicode.IsLetter(r):
			c, letters = 'x', letters+1
		case unicode.IsDigit(r):
			c = 'd'
			d.flags |= flagDigit
		default:
			c = r
			if r == '-' {
				d.flags |= flagHyphen
			}
		}
		if c != last {
			shape = hashRune(shape, c)
			last = c
		}
		if n < 4 {
			runes[n] = lr
		}
		tail[n%4] = lr
		n++
	}
	d.lower, d.exact, d.shape = lower, exact, shape
	d.short = mix(shape, uint64(min(n, 8)))
	d.prefix2 = hashRunes(runes[:min(n, 2)])
	d.prefix3 = hashRunes(runes[:min(n, 3)])
	d.prefix4 = hashRunes(runes[:min(n, 4)])
	d.suffix2 = hashTail(tail, n, 2)
	d.suffix3 = hashTail(tail, n, 3)
	d.suffix4 = hashTail(tail, n, 4)
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		d.flags |= flagCap
	}
	if caps > 1 && caps == letters {
		d.flags |= flagAllCaps
	}
	if letters == 0 && d.flags&flagDigit == 0 {
		d.flags |= flagPunct
	}
	if first {
		d.flags |= flagFirst
	}
	if len(lex.Clusters) > 0 {
		c := lex.Clusters[lower]
		if c == 0 {
			c = 1 // a word without a cluster: the root, known to hold nothing
		}
		d.cluster, d.cluster4, d.cluster8 = uint64(c), clusterPrefix(c, 4), clusterPrefix(c, 8)
		d.cluster6, d.cluster10 = clusterPrefix(c, 6), clusterPrefix(c, 10)
	}
	if b := lex.Bits[lower]; b != 0 {
		if b&UsuallyLowerBit != 0 {
			d.flags |= flagKnownLower
		}
		if b&ListedBit != 0 {
			d.flags |= flagListed
		}
		if b&FirstNameBit != 0 {
			d.flags |= flagFirstName
		}
		if b&PlaceBit != 0 {
			d.flags |= flagPlace
		}
		if b&OrgBit != 0 {
			d.flags |= flagOrg
		}
		if b&PersonBit != 0 {
			d.flags |= flagPerson
		}
	}
	return d
}

func hashRune(x uint64, r rune) uint64 {
	x ^= uint64(r)
	x *= fnvPrime
	return x
}

func hashRunes(rs []rune) uint64 {
	x := uint64(fnvOffset)
	for _, r := range rs {
		x = hashRune(x, r)
	}
	return x
}

func hashTail(tail [4]rune, n, k int) uint64 {
	k = min(k, n)
	x := uint64(fnvOffset)
	for i := n - k; i < n; i++ {
		x = hashRune(x, tail[i%4])
	}
	return x
}

// Feature templates.
const (
	fBias = iota + 1
	fLower
	fLowerPrev
	fLowerNext
	fLowerPrev2
	fLowerNext2
	fShape
	fShapePrevCur
	fShapeCurNext
	fShape3
	fSuffix3
	fSuffix4
	fPrefix3
	fExact
	fFlags
	fFlagsPrevNext
	fPrev
	fPrevShape
	fPrevLower
	fPrev2Prev
	fBigramPrev
	fBigramNext
	fLowerPrevShape
	fShapeLowerNext
	fPrefix2
	fPrefix4
	fSuffix2
	fSuffixPrev
	fSuffixNext
	fShortShape
	fFlagsPrev2Next2
	fPrevNextLower
	fPrevFlags
	fShapeNext2
	fStyleShape
	fStyleLower
	fStyleFlags
	fPosition
	fStylePrev
	fKnown
	fKnownPrevCur
	fCluster
	fCluster4
	fCluster8
	fClusterCap
	fClusterPrev
	fClusterNext
	fCluster6
	fCluster10
	fClusterPrevFull
	fClusterNextFull
	fClusterBigramPrev
	fClusterBigramNext
)

// describeSentence appends the words of tokens to ws and returns them with
// the sentence's style: whether it reads like a post (an @mention, a
// #hashtag or a link) and whether most of its words are in capitals (a
// heading, a legal caption). Features conjoined with the style let one
// model weigh capitalisation differently in tweets, headings and prose.
func describeSentence(ws []word, tokens []string, lex *Lexicon) ([]word, uint64) {
	informal, caps, words := false, 0, 0
	for i, t := range tokens {
		d := describe(t, i == 0, lex)
		ws = append(ws, d)
		if strings.HasPrefix(t, "@") || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "http") {
			informal = true
		}
		if d.flags&(flagPunct|flagDigit) == 0 {
			words++
			if d.flags&flagAllCaps != 0 {
				caps++
			}
		}
	}
	style := uint64(1)
	if informal {
		style |= 2
	}
	if words >= 3 && caps*2 > words {
		style |= 4
	}
	return ws, style
}

// position buckets a token's index in its sentence: 0, 1, 2, 3-5, 6 on.
func position(i int) uint64 {
	switch {
	case i < 3:
		return uint64(i)
	case i < 6:
		return 3
	}
	return 4
}

// features appends the feature keys of token i given the classes of the two
// tokens before it (-1 outside the sentence) and the sentence's style.
func features(out []uint64, ws []word, i, prev, prev2 int, style uint64) []uint64 {
	return historyFeatures(staticFeatures(out, ws, i, style), &ws[i], prev, prev2, style)
}

// historyFeatures appends the feature keys of word w that read the classes
// of the two tokens before it.
func historyFeatures(out []uint64, w *word, prev, prev2 int, style uint64) []uint64 {
	pc, p2c := uint64(prev+1), uint64(prev2+1)
	return append(out,
		mix(fPrev, pc),
		mix(fPrevShape, pc, w.shape),
		mix(fPrevLower, pc, w.lower),
		mix(fPrev2Prev, p2c, pc),
		mix(fPrevFlags, pc, w.flags),
		mix(fStylePrev, style, pc, w.shape),
		mix(fKnownPrevCur, pc, w.flags&flagsKnown),
	)
}

// staticFeatures appends the feature keys of token i that do not depend on
// the classes chosen before it.
func staticFeatures(out []uint64, ws []word, i int, style uint64) []uint64 {
	at := func(j int) *word {
		switch {
		case j < 0:
			return &bos
		case j >= len(ws):
			return &eos
		}
		return &ws[j]
	}
	w, p, n, p2, n2 := at(i), at(i-1), at(i+1), at(i-2), at(i+2)
	out = append(out,
		mix(fBias),
		mix(fLower, w.lower),
		mix(fLowerPrev, p.lower),
		mix(fLowerNext, n.lower),
		mix(fLowerPrev2, p2.lower),
		mix(fLowerNext2, n2.lower),
		mix(fShape, w.shape),
		mix(fShapePrevCur, p.shape, w.shape),
		mix(fShapeCurNext, w.shape, n.shape),
		mix(fShape3, p.shape, w.shape, n.shape),
		mix(fSuffix3, w.suffix3),
		mix(fSuffix4, w.suffix4),
		mix(fPrefix3, w.prefix3),
		mix(fExact, w.exact),
		mix(fFlags, w.flags),
		mix(fFlagsPrevNext, p.flags, w.flags, n.flags),
		mix(fBigramPrev, p.lower, w.lower),
		mix(fBigramNext, w.lower, n.lower),
		mix(fLowerPrevShape, p.lower, w.shape),
		mix(fShapeLowerNext, w.shape, n.lower),
		mix(fPrefix2, w.prefix2),
		mix(fPrefix4, w.prefix4),
		mix(fSuffix2, w.suffix2),
		mix(fSuffixPrev, p.suffix3, w.flags),
		mix(fSuffixNext, n.suffix3, w.flags),
		mix(fShortShape, w.short),
		mix(fFlagsPrev2Next2, p2.flags, p.flags, w.flags, n.flags, n2.flags),
		mix(fPrevNextLower, p.lower, n.lower),
		mix(fShapeNext2, w.shape, n.shape, n2.shape),
		mix(fStyleShape, style, p.shape, w.shape, n.shape),
		mix(fStyleLower, style, w.lower),
		mix(fStyleFlags, style, p.flags, w.flags, n.flags),
		mix(fPosition, position(i), w.flags),
		mix(fKnown, p.flags&flagsKnown, w.flags&flagsKnown, n.flags&flagsKnown),
	)
	if w.cluster == 0 { // the model has no clusters
		return out
	}
	return append(out,
		mix(fCluster, w.cluster),
		mix(fCluster4, w.cluster4),
		mix(fCluster8, w.cluster8),
		mix(fClusterCap, w.cluster8, w.flags&(flagCap|flagFirst|flagAllCaps)),
		mix(fClusterPrev, p.cluster8, w.flags&flagCap),
		mix(fClusterNext, n.cluster8, w.flags&flagCap),
		mix(fCluster6, w.cluster6),
		mix(fCluster10, w.cluster10),
		mix(fClusterPrevFull, p.cluster),
		mix(fClusterNextFull, n.cluster),
		mix(fClusterBigramPrev, p.cluster8, w.cluster8),
		mix(fClusterBigramNext, w.cluster8, n.cluster8),
	)
}

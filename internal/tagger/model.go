// Package tagger is an averaged-perceptron sequence tagger for named
// entities: hashed lexical, shape, context and word-cluster features
// (Lexicon), BIO classes, a
// greedy or a beam-search decoder (trained as it decodes: structured
// updates for the beam), and a compact binary form of its weights. It is
// trained by the trainentities command and used by nlp.
package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
)

// Model is a trained tagger. It is immutable and safe for concurrent use.
type Model struct {
	classes []string
	index   map[uint64]int32 // feature key → row of weights, in training
	table   rowTable         // feature key → row of weights, once Read
	weights []float32        // rows × len(classes)
	allowed []bool           // allowed[(prev+1)*nc+c]: may class c follow prev?
	lex     Lexicon          // what is known of words: bits and clusters
	outside float32          // added to the score of "O": below 0 favours recall
	beam    int              // hypotheses kept per token; 1 or less is greedy
}

// SetBeam sets how many hypotheses Tag keeps per token: 1 (the default)
// chooses each class left to right; more search the sequence of classes
// with the best total score, keeping the k best per token, of which at
// most one per pair of last two classes.
func (m *Model) SetBeam(k int) { m.beam = k }

// SetOutsideBias sets what is added to the score of class "O" (class 0)
// when tagging; a negative bias finds more entities, less precisely.
func (m *Model) SetOutsideBias(b float32) { m.outside = b }

// Classes returns the model's classes: "O", then "B-X" and "I-X" pairs.
// The caller must not modify the slice.
func (m *Model) Classes() []string { return m.classes }

// newModel returns an empty model over classes.
func newModel(classes []string) *Model {
	m := &Model{classes: classes, index: make(map[uint64]int32), lex: Lexicon{Bits: map[uint64]uint8{}, Clusters: map[uint64]uint16{}}}
	nc := len(classes)
	m.allowed = make([]bool, (nc+1)*nc)
	for p := -1; p < nc; p++ {
		for c, name := range classes {
			ok := !strings.HasPrefix(name, "I-")
			if !ok && p >= 0 {
				prev := classes[p]
				ok = len(prev) > 2 && prev[2:] == name[2:]
			}
			m.allowed[(p+1)*nc+c] = ok
		}
	}
	return m
}

// scratch is the per-call working space of Tag, pooled.
type scratch struct {
	words  []word
	feats  []uint64
	scores []float32
	static []float32
	hyps   []hyp // beam search: k a token
}

// hyp is a partial sequence of classes in beam search: its score, its last
// two classes and the index of the hypothesis it extends.
type hyp struct {
	score       float32
	prev, prev2 int
	parent      int
	gold        bool // in training: the hypothesis is a prefix of the gold classes
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// Tag appends to out the class index of each token of one sentence,
// chosen left to right or by beam search (SetBeam), and returns it. I-X
// never follows anything but B-X or I-X.
func (m *Model) Tag(tokens []string, out []int) []int {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	var style uint64
	s.words, style = describeSentence(s.words[:0], tokens, &m.lex)
	nc := len(m.classes)
	if cap(s.scores) < nc {
		s.scores = make([]float32, nc)
	}
	scores := s.scores[:nc]
	if m.beam > 1 {
		return m.tagBeam(s, len(tokens), style, out)
	}
	base := len(out)
	for i := range tokens {
		prev, prev2 := -1, -1
		if i > 0 {
			prev = out[base+i-1]
		}
		if i > 1 {
			prev2 = out[base+i-2]
		}
		s.feats = features(s.feats[:0], s.words, i, prev, prev2, style)
		m.score(s.feats, scores)
		scores[0] += m.outside
		out = append(out, m.best(scores, prev))
	}
	return out
}

// tagBeam appends the classes of the n words in s by beam search.
func (m *Model) tagBeam(s *scratch, n int, style uint64, out []int) []int {
	nc, k := len(m.classes), m.beam
	if cap(s.static) < nc {
		s.static = make([]float32, nc)
	}
	static, scores := s.static[:nc], s.scores[:nc]
	s.hyps = append(s.hyps[:0], make([]hyp, (n+1)*k)...)
	hyps := s.hyps
	hyps[0] = hyp{prev: -1, prev2: -1, parent: -1}
	count := 1 // hypotheses at the current token
	for i := range n {
		s.feats = staticFeatures(s.feats[:0], s.words, i, style)
		m.score(s.feats, static)
		static[0] += m.outside
		cur, next := hyps[i*k:i*k+count], hyps[(i+1)*k:(i+2)*k]
		kept := 0
		for hi, h := range cur {
			s.feats = historyFeatures(s.feats[:0], &s.words[i], h.prev, h.prev2, style)
			m.score(s.feats, scores)
			allowed := m.allowed[(h.prev+1)*nc : (h.prev+2)*nc]
			for c := range nc {
				if allowed[c] {
					kept = keep(next, kept, hyp{score: h.score + static[c] + scores[c], prev: c, prev2: h.prev, parent: hi})
				}
			}
		}
		count = kept
	}
	base := len(out)
	out = append(out, make([]int, n)...)
	at := 0 // the best hypothesis at the last token: the first
	for i := n; i > 0; i-- {
		h := hyps[i*k+at]
		out[base+i-1] = h.prev
		at = h.parent
	}
	return out
}

// keep inserts h into the best-first hypotheses next[:kept] (at most
// len(next)), replacing one with the same last two classes when h is
// better, and returns how many there are.
func keep(next []hyp, kept int, h hyp) int {
	for j := range kept {
		if next[j].prev == h.prev && next[j].prev2 == h.prev2 {
			if next[j].score >= h.score {
				return kept
			}
			copy(next[j:kept-1], next[j+1:kept])
			kept--
			break
		}
	}
	j := kept
	for j > 0 && next[j-1].score < h.score {
		j--
	}
	if j == len(next) {
		return kept
	}
	if kept < len(next) {
		kept++
	}
	copy(next[j+1:kept], next[j:kept-1])
	next[j] = h
	return kept
}

// score sets scores to the sum of the weight rows of feats, in their
// order. A model that was Read looks rows up in its table, one in training
// in its map.
func (m *Model) score(feats []uint64, scores []float32) {
	clear(scores)
	nc := len(scores)
	if m.table.slots != nil {
		// Load every key's first slot before probing any: these loads,
		// free of branches, wait for memory together, and the probes
		// then mostly find their slots in the cache (BenchmarkTagLookup,
		// median map÷table: en 1.64 → 1.99, pt 1.38 → 1.67). sum keeps the compiler from dropping
		// the loads; it is never MinInt32+1, rows being −1 or more, and
		// adding 0 would change no score anyway.
		t := &m.table
		var sum int32
		for _, f := range feats {
			sum |= t.slots[t.slot(f)].row
		}
		if sum == math.MinInt32+1 {
			scores[0] += 0
		}
		for _, f := range feats {
			row := m.table.get(f)
			if row < 0 {
				continue
			}
			w := m.weights[int(row)*nc : int(row)*nc+nc]
			for c := range scores {
				scores[c] += w[c]
			}
		}
		return
	}
	for _, f := range feats {
		row, ok := m.index[f]
		if !ok {
			continue
		}
		w := m.weights[int(row)*nc : int(row)*nc+nc]
		for c := range scores {
			scores[c] += w[c]
		}
	}
}

func (m *Model) best(scores []float32, prev int) int {
	nc := len(scores)
	allowed := m.allowed[(prev+1)*nc : (prev+2)*nc]
	best, bestScore := 0, float32(math.Inf(-1))
	for c, v := range scores {
		if allowed[c] && v > bestScore {
			best, bestScore = c, v
		}
	}
	return best
}

const magic = "ckm-ner-4\n"

// WriteTo writes the model in its compact form: gzip over the classes and,
// per feature, its key and its non-zero weights quantised to 16 bits.
// Weights under prune in magnitude are dropped.
func (m *Model) write(w io.Writer, prune float32) error {
	zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	nc := len(m.classes)
	var maxAbs float32
	for _, v := range m.weights {
		maxAbs = max(maxAbs, float32(math.Abs(float64(v))))
	}
	scale := maxAbs / math.MaxInt16
	if scale == 0 {
		scale = 1
	}
	index := m.index
	if index == nil { // a model that was Read
		index = m.table.toMap()
	}
	keys := make([]uint64, 0, len(index))
	for k := range index {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var kept []uint64
	for _, k := range keys {
		row := m.weights[int(index[k])*nc:][:nc]
		if slices.ContainsFunc(row, func(v float32) bool { return v >= prune || v <= -prune }) {
			kept = append(kept, k)
		}
	}
	bw.WriteString(magic)
	put := func(v any) { binary.Write(bw, binary.LittleEndian, v) }
	put(uint16(nc))
	for _, c := range m.classes {
		put(uint8(len(c)))
		bw.WriteString(c)
	}
	put(m.outside)
	vocab := slices.Sorted(maps.Keys(m.lex.Bits))
	put(uint32(len(vocab)))
	put(vocab)
	for _, k := range vocab {
		put(m.lex.Bits[k])
	}
	words := slices.Sorted(maps.Keys(m.lex.Clusters))
	put(uint32(len(words)))
	put(words)
	for _, k := range words {
		put(m.lex.Clusters[k])
	}
	put(scale)
	put(uint32(len(kept)))
	for _, k := range kept {
		row := m.weights[int(index[k])*nc:][:nc]
		put(k)
		var nz uint8
		for _, v := range row {
			if q := math.Round(float64(v / scale)); q != 0 && (v >= prune || v <= -prune) {
				nz++
			}
		}
		put(nz)
		for c, v := range row {
			if q := math.Round(float64(v / scale)); q != 0 && (v >= prune || v <= -prune) {
				put(uint8(c))
				put(int16(q))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("tagger: write: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("tagger: write: %w", err)
	}
	return nil
}

// Write writes m in the form Read reads, dropping weights under 0.01 in
// magnitude.
func (m *Model) Write(w io.Writer) error { return m.write(w, 0.01) }

// WritePruned writes m in the form Read reads, dropping weights under
// prune in magnitude: a larger prune gives a smaller file.
func (m *Model) WritePruned(w io.Writer, prune float32) error { return m.write(w, prune) }

var errFormat = errors.New("not a tagger model")

// maxFeatures bounds the feature rows Read accepts.
const maxFeatures = 1 << 22

// Read reads a model written by Write.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tagger: read: %w", err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic))
	if _, err := io.ReadFull(br, head); err != nil || string(head) != magic {
		return nil, fmt.Errorf("tagger: read: %w", errFormat)
	}
	var rerr error
	get := func(v any) {
		if rerr == nil {
			rerr = binary.Read(br, binary.LittleEndian, v)
		}
	}
	var nc uint16
	get(&nc)
	if rerr != nil || nc == 0 || nc > 255 {
		return nil, fmt.Errorf("tagger: read classes: %w", errFormat)
	}
	classes := make([]string, nc)
	for i := range classes {
		var n uint8
		get(&n)
		b := make([]byte, n)
		if rerr == nil {
			_, rerr = io.ReadFull(br, b)
		}
		classes[i] = string(b)
	}
	var outside float32
	var nv uint32
	get(&outside)
	get(&nv)
	if rerr != nil || nv > maxFeatures {
		return nil, fmt.Errorf("tagger: read vocabulary: %w", errFormat)
	}
	vocab := make([]uint64, nv)
	get(vocab)
	bits := make([]uint8, nv)
	get(bits)
	var nw uint32
	get(&nw)
	if rerr != nil || nw > maxFeatures {
		return nil, fmt.Errorf("tagger: read clusters: %w", errFormat)
	}
	words := make([]uint64, nw)
	get(words)
	paths := make([]uint16, nw)
	get(paths)
	var scale float32
	var count uint32
	get(&scale)
	get(&count)
	if rerr != nil {
		return nil, fmt.Errorf("tagger: read: %w", rerr)
	}
	if count > maxFeatures {
		return nil, fmt.Errorf("tagger: read: %d features: %w", count, errFormat)
	}
	m := newModel(classes)
	m.outside = outside
	for i, k := range vocab {
		m.lex.Bits[k] = bits[i]
	}
	for i, k := range words {
		m.lex.Clusters[k] = paths[i]
	}
	m.index = nil
	m.table = newRowTable(int(count))
	m.weights = make([]float32, 0, int(count)*int(nc))
	for i := uint32(0); i < count && rerr == nil; i++ {
		var k uint64
		var nz uint8
		get(&k)
		get(&nz)
		row := make([]float32, nc)
		for range nz {
			var c uint8
			var q int16
			get(&c)
			get(&q)
			if int(c) < len(row) {
				row[c] = float32(q) * scale
			}
		}
		m.table.put(k, int32(len(m.weights)/int(nc)))
		m.weights = append(m.weights, row...)
	}
	if rerr != nil {
		return nil, fmt.Errorf("tagger: read weights: %w", rerr)
	}
	return m, nil
}

// UsuallyLower reports whether w is a word usually written in lowercase
// in the text the model was trained with ("Agent", "Next" are; "Priya" is
// not).
func (m *Model) UsuallyLower(w string) bool { return m.lex.Bits[LowerKey(w)]&UsuallyLowerBit != 0 }

// FirstName reports whether w is a first name of the list the model was
// trained with ("Renata", "Priya").
func (m *Model) FirstName(w string) bool { return m.lex.Bits[LowerKey(w)]&FirstNameBit != 0 }

// WholePlace reports whether w alone is the whole name of a place of the
// lists the model was trained with ("Phoenix", "Lisboa"; not "Harbor").
func (m *Model) WholePlace(w string) bool { return m.lex.Bits[LowerKey(w)]&WholePlaceBit != 0 }

package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/ckmhq/ckm/internal/vecmath"
)

// Word clusters: a binary hierarchy of the words of unlabelled text, by
// the words seen next to them, learned by bisecting spherical k-means
// over positive-PMI context vectors. Each word's path from the root is a
// tagger feature at several lengths, so that a name never seen labelled
// can borrow from the names it shares contexts with (Brown-style cluster
// features, as in Ratinov and Roth 2009 and Turian et al. 2010). Every
// step is deterministic: words and contexts are sorted, initial centroids
// chosen by rule, not by chance.
const (
	clusterMinCount = 3    // a word seen fewer times gets no cluster
	clusterContexts = 1000 // the most frequent words that serve as contexts
	clusterDepth    = 12   // the deepest path (4,096 leaves at most)
	clusterMinSize  = 4    // a node with fewer words is not split
	clusterRounds   = 10   // k-means iterations per split
	clusterPower    = 12   // power iterations for a split's principal direction
	clusterSmooth   = 0.75 // contexts' counts are raised to this power in PMI
)

// readText returns the token sequences of the unlabelled files (every
// string in JSON or JSON Lines, one sequence a string), lowercased.
func readText(data string, files []string) ([][]string, error) {
	var out [][]string
	for _, name := range files {
		paths, err := filepath.Glob(filepath.Join(data, name))
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			return nil, fmt.Errorf("clusters: no file matches %s", name)
		}
		slices.Sort(paths)
		for _, p := range paths {
			if out, err = readJSONText(p, out); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// readJSONText appends the token sequences of every string value in the
// JSON values of file (one or many a file).
func readJSONText(file string, out [][]string) ([][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("clusters: %s: %w", file, err)
		}
		out = appendStrings(out, v)
	}
}

func appendStrings(out [][]string, v any) [][]string {
	switch v := v.(type) {
	case string:
		if t := textTokens(v); len(t) > 0 {
			out = append(out, t)
		}
	case []any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = appendStrings(out, v[k])
		}
	}
	return out
}

// textTokens splits s into lowercase words (letters, digits and marks,
// with inner apostrophes and hyphens) and single punctuation marks.
func textTokens(s string) []string {
	var out []string
	rs := []rune(s)
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case word(r):
			j := i + 1
			for j < len(rs) && (word(rs[j]) || (rs[j] == '\'' || rs[j] == '-') && j+1 < len(rs) && word(rs[j+1])) {
				j++
			}
			out = append(out, strings.ToLower(string(rs[i:j])))
			i = j
		default:
			out = append(out, string(r))
			i++
		}
	}
	return out
}

// wordClusters learns the clusters of the words of seqs (lowercase token
// sequences) and returns each word's path.
func wordClusters(seqs [][]string) map[string]uint16 {
	vocab, index := vecmath.Vocabulary(seqs, clusterMinCount)
	// Contexts: the most frequent words and the sentence bounds, left and
	// right: dimension 2*c+side.
	nctx := min(clusterContexts, len(vocab)) + 1 // + the bound
	ctxOf := func(w string) int {
		if w == "" {
			return nctx - 1
		}
		if i, ok := index[w]; ok && i < nctx-1 {
			return i
		}
		return -1
	}
	pairs := make([]map[int32]float64, len(vocab))
	for i := range pairs {
		pairs[i] = map[int32]float64{}
	}
	ctxTotal := make([]float64, 4*nctx)
	total := 0.0
	for _, s := range seqs {
		for i, w := range s {
			wi, ok := index[w]
			if !ok {
				continue
			}
			var l, r string
			if i > 0 {
				l = s[i-1]
			}
			if i+1 < len(s) {
				r = s[i+1]
			}
			if c := ctxOf(l); c >= 0 {
				pairs[wi][int32(2*c)]++
				ctxTotal[2*c]++
				total++
			}
			if c := ctxOf(r); c >= 0 {
				pairs[wi][int32(2*c+1)]++
				ctxTotal[2*c+1]++
				total++
			}
			if i > 1 {
				if c := ctxOf(s[i-2]); c >= 0 {
					pairs[wi][int32(2*nctx+2*c)]++
					ctxTotal[2*nctx+2*c]++
				}
			}
			if i+2 < len(s) {
				if c := ctxOf(s[i+2]); c >= 0 {
					pairs[wi][int32(2*nctx+2*c+1)]++
					ctxTotal[2*nctx+2*c+1]++
				}
			}
		}
	}
	// Positive PMI with the contexts' counts smoothed (Levy et al. 2015),
	// each word's vector of unit length.
	var smoothTotal float64
	for d, n := range ctxTotal {
		ctxTotal[d] = math.Pow(n, clusterSmooth)
		smoothTotal += ctxTotal[d]
	}
	vecs := make([]sparse, len(vocab))
	for wi, ps := range pairs {
		var wTotal float64
		for _, n := range ps {
			wTotal += n
		}
		dims := make([]int32, 0, len(ps))
		for d := range ps {
			dims = append(dims, d)
		}
		slices.Sort(dims)
		var v sparse
		for _, d := range dims {
			if pmi := math.Log(ps[d] / wTotal * smoothTotal / ctxTotal[d]); pmi > 0 {
				v.dims = append(v.dims, d)
				v.vals = append(v.vals, pmi)
			}
		}
		v.normalise()
		vecs[wi] = v
	}
	paths := make([]uint16, len(vocab))
	members := make([]int, len(vocab))
	for i := range members {
		members[i] = i
	}
	bisect(vecs, members, 1, 0, 4*nctx, paths)
	out := make(map[string]uint16, len(vocab))
	for i, w := range vocab {
		if len(vecs[i].dims) > 0 {
			out[w] = paths[i]
		}
	}
	return out
}

// sparse is a vector by its non-zero dimensions, in increasing order.
type sparse struct {
	dims []int32
	vals []float64
}

func (v *sparse) normalise() {
	var n float64
	for _, x := range v.vals {
		n += x * x
	}
	if n == 0 {
		return
	}
	n = math.Sqrt(n)
	for i := range v.vals {
		v.vals[i] /= n
	}
}

func (v *sparse) dot(c []float64) float64 {
	var s float64
	for i, d := range v.dims {
		s += v.vals[i] * c[d]
	}
	return s
}

// bisect gives the words of members (indexes into vecs, most frequent
// first) the path code, and splits them in two by spherical 2-means
// until clusterDepth or clusterMinSize.
func bisect(vecs []sparse, members []int, code uint16, depth, dims int, paths []uint16) {
	for _, m := range members {
		paths[m] = code
	}
	if depth >= clusterDepth || len(members) < clusterMinSize {
		return
	}
	// Initial halves: the sides of the members' principal direction
	// (power iteration from a fixed start), refined by 2-means.
	mean := make([]float64, dims)
	for _, m := range members {
		for j, d := range vecs[m].dims {
			mean[d] += vecs[m].vals[j]
		}
	}
	for d := range mean {
		mean[d] /= float64(len(members))
	}
	dir := make([]float64, dims)
	for d := range dir {
		dir[d] = float64(d%7) - 3 + 0.5
	}
	vecmath.Unit(dir)
	next := make([]float64, dims)
	for range clusterPower {
		clear(next)
		md := vecmath.Dot(mean, dir)
		for _, m := range members {
			p := vecs[m].dot(dir) - md
			for j, d := range vecs[m].dims {
				next[d] += p * vecs[m].vals[j]
			}
		}
		// (x-μ)(x-μ)ᵀ summed: the sum above adds x·p, remove μ·Σp = 0.
		vecmath.Unit(next)
		dir, next = next, dir
	}
	md := vecmath.Dot(mean, dir)
	a, b := make([]float64, dims), make([]float64, dims)
	for _, m := range members {
		c := a
		if vecs[m].dot(dir) > md {
			c = b
		}
		for j, d := range vecs[m].dims {
			c[d] += vecs[m].vals[j]
		}
	}
	vecmath.Unit(a)
	vecmath.Unit(b)
	side := make([]bool, len(members)) // true: b's
	for range clusterRounds {
		changed := false
		for i, m := range members {
			right := vecs[m].dot(b) > vecs[m].dot(a)
			changed = changed || right != side[i]
			side[i] = right
		}
		clear(a)
		clear(b)
		for i, m := range members {
			c := a
			if side[i] {
				c = b
			}
			for j, d := range vecs[m].dims {
				c[d] += vecs[m].vals[j]
			}
		}
		vecmath.Unit(a)
		vecmath.Unit(b)
		if !changed {
			break
		}
	}
	var left, right []int
	for i, m := range members {
		if side[i] {
			right = append(right, m)
		} else {
			left = append(left, m)
		}
	}
	if len(left) == 0 || len(right) == 0 {
		return
	}
	bisect(vecs, left, code<<1, depth+1, dims, paths)
	bisect(vecs, right, code<<1|1, depth+1, dims, paths)
}

// writeClusters writes each word's path as bits, a word a line, sorted by
// path then word: for reading what the clusters hold.
func writeClusters(file string, paths map[string]uint16) error {
	words := slices.Sorted(maps.Keys(paths))
	slices.SortStableFunc(words, func(a, b string) int { return cmp.Compare(pathString(paths[a]), pathString(paths[b])) })
	var sb strings.Builder
	for _, w := range words {
		fmt.Fprintf(&sb, "%s\t%s\n", pathString(paths[w]), w)
	}
	return os.WriteFile(file, []byte(sb.String()), 0o644)
}

// pathString is a cluster path's bits from the root.
func pathString(c uint16) string {
	s := strconv.FormatUint(uint64(c), 2)
	return s[1:]
}

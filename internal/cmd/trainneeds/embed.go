package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ckmhq/ckm/internal/vecmath"
	"github.com/ckmhq/ckm/nlp"
)

// embedding is a table of word vectors learned from unlabelled text:
// positive PMI of co-occurrence within a window, reduced by truncated SVD.
type embedding struct {
	dim   int
	index map[string]int
	vecs  [][]float64
}

const (
	embMinCount = 5
	embContexts = 3000
	embWindow   = 5
	embDim      = 48
)

// unlabelledSeqs returns the stemmed word sequences of the text fields of
// the JSON Lines files matching globs under dataDir.
func unlabelledSeqs(dataDir string, globs []string) ([][]string, error) {
	var out [][]string
	for _, g := range globs {
		paths, err := filepath.Glob(filepath.Join(dataDir, g))
		if err != nil {
			return nil, err
		}
		slices.Sort(paths)
		for _, p := range paths {
			f, err := os.Open(p)
			if err != nil {
				return nil, err
			}
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 1<<20), 16<<20)
			for sc.Scan() {
				var l struct{ Subject, Text string }
				if json.Unmarshal(sc.Bytes(), &l) != nil {
					continue
				}
				for _, t := range []string{l.Subject, l.Text} {
					ws := nlp.LetterStems(t)
					if len(ws) > 0 {
						out = append(out, ws)
					}
				}
			}
			f.Close()
		}
	}
	return out, nil
}

func learnEmbedding(seqs [][]string, dim int) *embedding {
	vocab, index := vecmath.Vocabulary(seqs, embMinCount)
	nctx := min(embContexts, len(vocab))
	rows := make([]map[int32]float64, len(vocab))
	for i := range rows {
		rows[i] = map[int32]float64{}
	}
	for _, s := range seqs {
		for i, w := range s {
			wi, ok := index[w]
			if !ok {
				continue
			}
			for j := max(0, i-embWindow); j <= min(len(s)-1, i+embWindow); j++ {
				if j == i {
					continue
				}
				if c, ok := index[s[j]]; ok && c < nctx {
					rows[wi][int32(c)] += 1 / float64(abs(j-i))
				}
			}
		}
	}
	// Positive PMI with the contexts' counts smoothed (Levy et al. 2015);
	// every sum runs over sorted dimensions, so the same text gives the
	// same bits.
	counts := make([]sparse, len(vocab))
	for wi, r := range rows {
		dims := make([]int32, 0, len(r))
		for d := range r {
			dims = append(dims, d)
		}
		slices.Sort(dims)
		for _, d := range dims {
			counts[wi].dims = append(counts[wi].dims, d)
			counts[wi].vals = append(counts[wi].vals, r[d])
		}
	}
	ctx := make([]float64, nctx)
	for _, v := range counts {
		for j, d := range v.dims {
			ctx[d] += v.vals[j]
		}
	}
	var smooth float64
	for c := range ctx {
		ctx[c] = math.Pow(ctx[c], 0.75)
		smooth += ctx[c]
	}
	m := make([]sparse, len(vocab))
	for wi, v := range counts {
		var wt float64
		for _, n := range v.vals {
			wt += n
		}
		for j, d := range v.dims {
			if pmi := math.Log(v.vals[j] / wt * smooth / ctx[d]); pmi > 0 {
				m[wi].dims = append(m[wi].dims, d)
				m[wi].vals = append(m[wi].vals, pmi)
			}
		}
	}
	u, s := truncatedSVD(m, nctx, dim)
	e := &embedding{dim: dim, index: index, vecs: make([][]float64, len(vocab))}
	for i := range vocab {
		v := make([]float64, dim)
		for k := range dim {
			v[k] = u[i][k] * math.Sqrt(s[k])
		}
		vecmath.Unit(v)
		e.vecs[i] = v
	}
	return e
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

type sparse struct {
	dims []int32
	vals []float64
}

// truncatedSVD returns the top-k left singular vectors (rows × k) and
// singular values of the sparse matrix m (rows × cols), by randomised
// subspace iteration from a seeded start.
func truncatedSVD(m []sparse, cols, k int) ([][]float64, []float64) {
	p := k + 16
	r := rand.New(rand.NewPCG(1, 2))
	// Y = M Ω, Ω cols × p
	omega := make([][]float64, cols)
	for i := range omega {
		omega[i] = make([]float64, p)
		for j := range omega[i] {
			omega[i][j] = r.NormFloat64()
		}
	}
	mul := func(x [][]float64) [][]float64 { // M x: rows × p
		y := make([][]float64, len(m))
		for i, row := range m {
			y[i] = make([]float64, p)
			for j, d := range row.dims {
				for c := range p {
					y[i][c] += row.vals[j] * x[d][c]
				}
			}
		}
		return y
	}
	mulT := func(y [][]float64) [][]float64 { // Mᵀ y: cols × p
		x := make([][]float64, cols)
		for i := range x {
			x[i] = make([]float64, p)
		}
		for i, row := range m {
			for j, d := range row.dims {
				for c := range p {
					x[d][c] += row.vals[j] * y[i][c]
				}
			}
		}
		return x
	}
	q := orthonormal(mul(omega))
	for range 4 {
		q = orthonormal(mul(orthonormal(mulT(q))))
	}
	// B = Qᵀ M (p × cols); B Bᵀ = Qᵀ M Mᵀ Q
	bt := mulT(q) // cols × p = Bᵀ
	g := make([][]float64, p)
	for a := range p {
		g[a] = make([]float64, p)
		for b := range p {
			var s float64
			for _, row := range bt {
				s += row[a] * row[b]
			}
			g[a][b] = s
		}
	}
	vals, vecs := jacobiEigen(g)
	order := make([]int, p)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(vals[b], vals[a]) })
	u := make([][]float64, len(m))
	for i := range u {
		u[i] = make([]float64, k)
		for kk := range k {
			var s float64
			for a := range p {
				s += q[i][a] * vecs[a][order[kk]]
			}
			u[i][kk] = s
		}
	}
	sv := make([]float64, k)
	for kk := range k {
		sv[kk] = math.Sqrt(max(vals[order[kk]], 0))
	}
	// fix signs: largest-magnitude component positive
	for kk := range k {
		best := 0.0
		for i := range u {
			if math.Abs(u[i][kk]) > math.Abs(best) {
				best = u[i][kk]
			}
		}
		if best < 0 {
			for i := range u {
				u[i][kk] = -u[i][kk]
			}
		}
	}
	return u, sv
}

// orthonormal returns the columns of y orthonormalised (modified
// Gram-Schmidt).
func orthonormal(y [][]float64) [][]float64 {
	if len(y) == 0 {
		return y
	}
	p := len(y[0])
	for c := range p {
		for prev := range c {
			var d float64
			for i := range y {
				d += y[i][c] * y[i][prev]
			}
			for i := range y {
				y[i][c] -= d * y[i][prev]
			}
		}
		var n float64
		for i := range y {
			n += y[i][c] * y[i][c]
		}
		n = math.Sqrt(n)
		if n > 0 {
			for i := range y {
				y[i][c] /= n
			}
		}
	}
	return y
}

// jacobiEigen returns the eigenvalues and eigenvectors (columns) of the
// symmetric matrix a, by cyclic Jacobi rotations.
func jacobiEigen(a [][]float64) ([]float64, [][]float64) {
	n := len(a)
	v := make([][]float64, n)
	for i := range v {
		v[i] = make([]float64, n)
		v[i][i] = 1
	}
	for sweep := 0; sweep < 100; sweep++ {
		var off float64
		for i := range n {
			for j := i + 1; j < n; j++ {
				off += a[i][j] * a[i][j]
			}
		}
		if off < 1e-18 {
			break
		}
		for pp := range n {
			for qq := pp + 1; qq < n; qq++ {
				if math.Abs(a[pp][qq]) < 1e-15 {
					continue
				}
				theta := (a[qq][qq] - a[pp][pp]) / (2 * a[pp][qq])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				c := 1 / math.Sqrt(t*t+1)
				s := t * c
				for k := range n {
					akp, akq := a[k][pp], a[k][qq]
					a[k][pp], a[k][qq] = c*akp-s*akq, s*akp+c*akq
				}
				for k := range n {
					apk, aqk := a[pp][k], a[qq][k]
					a[pp][k], a[qq][k] = c*apk-s*aqk, s*apk+c*aqk
				}
				for k := range n {
					vkp, vkq := v[k][pp], v[k][qq]
					v[k][pp], v[k][qq] = c*vkp-s*vkq, s*vkp+c*vkq
				}
			}
		}
	}
	vals := make([]float64, n)
	for i := range n {
		vals[i] = a[i][i]
	}
	return vals, v
}

// kmeans clusters the first n vectors of e (most frequent first) into k
// spherical clusters, starting from every (n/k)-th word, and returns each
// word's cluster.
func (e *embedding) kmeans(k, rounds int) map[string]int {
	n := len(e.vecs)
	cent := make([][]float64, k)
	for c := range k {
		cent[c] = slices.Clone(e.vecs[c*n/k])
	}
	assign := make([]int, n)
	for range rounds {
		for i, v := range e.vecs {
			best, bd := 0, -2.0
			for c, ce := range cent {
				var d float64
				for j, x := range v {
					d += x * ce[j]
				}
				if d > bd {
					best, bd = c, d
				}
			}
			assign[i] = best
		}
		for c := range cent {
			clear(cent[c])
		}
		for i, v := range e.vecs {
			for j, x := range v {
				cent[assign[i]][j] += x
			}
		}
		for c := range cent {
			vecmath.Unit(cent[c])
		}
	}
	out := map[string]int{}
	for w, i := range e.index {
		out[w] = assign[i]
	}
	return out
}

// Topical word clusters for the need model (nlp/data/wordclusters.txt).
const (
	clusterCount  = 256 // clusters of the stems
	clusterRounds = 10  // k-means iterations
)

// unlabelledFiles are the files whose text the word clusters learn from,
// their labels unused: every channel of the development data in English.
var unlabelledFiles = []string{"needs/*.jsonl", "intents/banking77.jsonl", "intents/dstc11/*.jsonl"}

// writeWordClusters learns the topical word clusters from the unlabelled
// text under dataDir and writes them to out, a "STEM CLUSTER" line per
// stem, sorted by stem.
func writeWordClusters(dataDir, out string, w io.Writer) error {
	seqs, err := unlabelledSeqs(dataDir, unlabelledFiles)
	if err != nil {
		return err
	}
	e := learnEmbedding(seqs, embDim)
	cl := e.kmeans(clusterCount, clusterRounds)
	var b strings.Builder
	b.WriteString("# nlp word clusters: written by `go run ./internal/cmd/trainneeds -clusters-only`\n")
	b.WriteString("# (make train/needs) from the unlabelled text of ../shared/data; do not edit.\n")
	fmt.Fprintf(&b, "# Lines: STEM CLUSTER (%d clusters of %d-dimensional PPMI-SVD vectors). Bump nlp.Version when this file changes.\n", clusterCount, embDim)
	for _, st := range slices.Sorted(maps.Keys(cl)) {
		fmt.Fprintf(&b, "%s %d\n", st, cl[st])
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("trainneeds: write word clusters: %w", err)
	}
	fmt.Fprintf(w, "wrote %s (%d bytes, %d stems from %d sequences); retrain the need model now\n", out, b.Len(), len(cl), len(seqs))
	return nil
}

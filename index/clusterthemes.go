package index

import (
	"context"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ckmhq/ckm/nlp"
)

// clusterThemes joins a client's themes whose sentences are about the
// same thing, by average linkage over their mentions' sentences. nlp keys
// a mention by the phrase its cue governs, and one need is worded many
// ways ("the tip-out", "gratuities come in as a manual earning line",
// "someone has to key the amounts for the split"): the phrases differ,
// but the sentences share words that are rare in the whole index.
//
// Each sentence is a vector of its content words' cognate keys
// (nlp.ContentWords, nlp.Cognate: "emergência" and "emergency" are one
// dimension; the client's common stems left out, and for one client's
// hints the words more than clientCommonShare of its documents hold,
// "carga" and "caminhão" for a freight client) weighted by their
// inverse document frequency over all documents, counted by the terms the
// index holds for the words; two themes' similarity is the mean cosine of their sentences
// taken in pairs from different documents (the newest maxClusterMentions
// mentions of each); the most similar pair of themes is joined, the
// stronger keeping its key and label, while that mean is at least
// minThemeSimilarity. Average linkage does not chain: a theme whose
// sentences are about many things is near none of them. Two seed topics
// or names are never joined to each other, and a theme an admin split,
// merged or labelled is never joined at all. An index of fewer than
// minClusterDocuments documents joins nothing. With lexicon, a sentence's
// vector also holds the themes of nlp's lexicon it says (topics and the
// search glossary, in either language: "MFA", "verificação em duas
// etapas"), each weighed by its phrase's rarest word, so that sentences
// in two languages can meet; a client's hints leave it off, where it
// joined too much (EVALUATION.md).
func (ix *Index) clusterThemes(ctx context.Context, cands []candidate, table *ThemeTable, now time.Time, common map[string]bool, cache texts, lexicon bool, client string) ([]candidate, error) {
	if len(cands) < 2 {
		return cands, nil
	}
	n, err := ix.count(ctx, termQuery(fieldType, typeDocument))
	if err != nil || n < minClusterDocuments {
		return cands, err
	}
	var ev []Evidence
	for _, c := range cands {
		for _, m := range newestMentions(c) {
			ev = append(ev, toEvidence(m))
		}
	}
	if err := ix.fillCached(ctx, ev, cache); err != nil {
		return nil, err
	}
	var everyday *clientWords
	if client != "" {
		docs, err := ix.documentCount(ctx, client, nil, time.Time{}, time.Time{})
		if err != nil {
			return nil, err
		}
		if docs >= minCommonDocs {
			everyday = &clientWords{client: client, limit: int(clientCommonShare * float64(docs)), seen: map[string]bool{}}
		}
	}
	sents, err := ix.sentenceVectors(ctx, cands, n, common, everyday, cache, lexicon)
	if err != nil {
		return nil, err
	}
	return joinThemes(cands, sents, table, now), nil
}

// minClusterDocuments is the fewest documents the index must hold for
// clusterThemes to weigh words by how rare they are: in a handful of
// documents every word is rare.
const minClusterDocuments = 50

// maxClusterMentions bounds the mentions of each theme whose sentences
// clusterThemes compares, the newest first: a theme's words show in its
// recent sentences, and the pairs to compare grow with the square.
const maxClusterMentions = 12

// minThemeSimilarity is the least mean cosine between two themes'
// sentences for clusterThemes to join them. It was chosen on the
// development scenarios (EVALUATION.md, "Themes joined by their
// sentences").
const minThemeSimilarity = 0.1

// clientWords is what sentenceVectors needs to leave a client's everyday
// words out of its sentences: a word held by more than limit of the
// client's documents ("carga" and "caminhão" for a freight client), which
// most of its sentences share whatever they are about. seen memoises the
// test by index term.
type clientWords struct {
	client string
	limit  int
	seen   map[string]bool
}

// newestMentions returns the mentions of c that clusterThemes compares.
func newestMentions(c candidate) []mention { return c.ms[:min(len(c.ms), maxClusterMentions)] }

// sentenceVector is one mention's sentence as clusterThemes compares it: its
// document and its unit vector of stem weights, as dimensions in sorted
// order and their weights, so that a cosine sums in the same order on
// every run (over a map, the last bits of a sum followed the iteration
// order, and a pair at the threshold or tied with another joined on one
// run and not the next).
type sentenceVector struct {
	doc  string
	dims []string
	ws   []float64
}

// newSentenceVector returns the sentence vector of doc with the weights v.
func newSentenceVector(doc string, v map[string]float64) sentenceVector {
	dims := slices.Sorted(maps.Keys(v))
	ws := make([]float64, len(dims))
	for i, d := range dims {
		ws[i] = v[d]
	}
	return sentenceVector{doc: doc, dims: dims, ws: ws}
}

// sentenceVectors returns, for each candidate, the vectors of its newest
// mentions' distinct sentences (texts in cache), each stem weighted by
// log((n+1)/(df+1)), n being the documents of the index and df those that
// hold the stem, and with lexicon the lexicon's themes they say (see
// clusterThemes).
func (ix *Index) sentenceVectors(ctx context.Context, cands []candidate, n int, common map[string]bool, everyday *clientWords, cache texts, lexicon bool) ([][]sentenceVector, error) {
	r, err := readerOf(ix.bleve)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// termDF is the documents holding a term of the text fields: n
	// (everywhere) when it cannot be read.
	termDF := func(term string) uint64 { return min(textFreq(ctx, r, term), uint64(n)) }
	var countErr error
	// ordinary reports whether a content word is everyday vocabulary of
	// the client (see clientWords), by commonStems' test without its
	// count of needs.
	ordinary := func(cw nlp.ContentWord) bool {
		if everyday == nil {
			return false
		}
		for _, term := range ix.wordTerms(cw) {
			is, ok := everyday.seen[term]
			if !ok {
				c, err := ix.clientDocsWith(ctx, r, everyday.client, term, everyday.limit)
				if err != nil && countErr == nil {
					countErr = err
				}
				is = c > everyday.limit
				everyday.seen[term] = is
			}
			if is {
				return true
			}
		}
		return false
	}
	idf := map[string]float64{} // by dimension
	weigh := func(key string, docs func() uint64) float64 {
		w, ok := idf[key]
		if !ok {
			w = math.Log(float64(n+1) / float64(docs()+1))
			idf[key] = w
		}
		return w
	}
	vec := func(text string) map[string]float64 {
		v := map[string]float64{}
		norm := 0.0
		add := func(s string, w float64) {
			if w > 0 {
				v[s] = w
				norm += w * w
			}
		}
		for _, cw := range nlp.ContentWords(text) {
			s := nlp.Cognate(cw)
			if _, ok := v[s]; ok || common[cw.Stem] || ordinary(cw) {
				continue
			}
			add(s, weigh(s, func() uint64 {
				terms := ix.wordTerms(cw)
				if len(terms) == 0 {
					return uint64(n) // an analyzer's stop word: everywhere
				}
				var f uint64
				for _, term := range terms {
					f = max(f, termDF(term))
				}
				return f
			}))
		}
		for _, lm := range lexiconThemes(text, lexicon) {
			// A theme of the lexicon the sentence says, in whichever
			// wording or language, weighs as its phrase's rarest word
			// the index holds.
			s := "\x00" + lm.Theme
			if _, ok := v[s]; ok {
				continue
			}
			add(s, weigh(s+"\x00"+lm.Phrase.Text, func() uint64 {
				rarest := uint64(n)
				for _, word := range strings.Fields(lm.Phrase.Text) {
					for _, term := range ix.wordTerms(nlp.ContentWord{Word: word, Lang: lm.Phrase.Lang}) {
						if f := termDF(term); f > 0 { // none: stemmed apart
							rarest = min(rarest, f)
						}
					}
				}
				return rarest
			}))
		}
		for s := range v {
			v[s] /= math.Sqrt(norm)
		}
		return v
	}
	out := make([][]sentenceVector, len(cands))
	for i, c := range cands {
		seen := map[string]bool{}
		for _, m := range newestMentions(c) {
			t := cache[m.id].Text
			if t == "" || seen[m.docID+"\x00"+t] {
				continue
			}
			seen[m.docID+"\x00"+t] = true
			if v := vec(t); len(v) > 0 {
				out[i] = append(out[i], newSentenceVector(m.docID, v))
			}
		}
	}
	if countErr != nil {
		return nil, countErr
	}
	return out, ctx.Err()
}

// wordTerms returns the terms the index holds for a content word, under
// the analyzer of its sentence's language, so that its document frequency
// is the index's own: "clientes" is the term "client" in Portuguese text,
// whatever concept stem it keys. A word the analyzer drops has none.
func (ix *Index) wordTerms(w nlp.ContentWord) []string {
	analyzer := analyzerEN
	if w.Lang == nlp.Portuguese {
		analyzer = analyzerPT
	}
	a := ix.bleve.Mapping().AnalyzerNamed(analyzer)
	if a == nil {
		return []string{w.Stem}
	}
	var out []string
	for _, t := range a.Analyze([]byte(w.Word)) {
		out = append(out, string(t.Term))
	}
	return out // none for a stop word of the analyzer
}

// joinThemes joins cands by average linkage over sents (see
// clusterThemes) and returns what is left.
func joinThemes(cands []candidate, sents [][]sentenceVector, table *ThemeTable, now time.Time) []candidate {
	g := len(cands)
	sum := make([][]float64, g) // sum of the cosines of every pair across two themes
	pairs := make([][]int, g)   // and how many pairs
	for i := range g {
		sum[i] = make([]float64, g)
		pairs[i] = make([]int, g)
	}
	for i := range g {
		for j := i + 1; j < g; j++ {
			for _, a := range sents[i] {
				for _, b := range sents[j] {
					if a.doc != b.doc {
						sum[i][j] += cosine(a, b)
						pairs[i][j]++
					}
				}
			}
			sum[j][i], pairs[j][i] = sum[i][j], pairs[i][j]
		}
	}
	out := append([]candidate(nil), cands...)
	alive := make([]bool, g)
	for i := range alive {
		alive[i] = true
	}
	for {
		bi, bj, best := -1, -1, minThemeSimilarity
		for i := range g {
			for j := i + 1; j < g; j++ {
				if !alive[i] || !alive[j] || pairs[i][j] == 0 || !mayJoin(out[i], out[j], table) {
					continue
				}
				if s := sum[i][j] / float64(pairs[i][j]); s >= best {
					bi, bj, best = i, j, s
				}
			}
		}
		if bi < 0 {
			break
		}
		into, from := bi, bj
		if stronger(out[bj], out[bi]) > 0 {
			into, from = bj, bi
		}
		out[into].absorb(out[from], now)
		alive[from] = false
		for k := range g {
			if k != into && k != from {
				sum[into][k] += sum[from][k]
				pairs[into][k] += pairs[from][k]
				sum[k][into], pairs[k][into] = sum[into][k], pairs[into][k]
			}
		}
	}
	kept := out[:0]
	for i, c := range out {
		if alive[i] {
			kept = append(kept, c)
		}
	}
	return kept
}

// cosine is the dot product of two unit vectors, summed over their shared
// dimensions in sorted order.
func cosine(a, b sentenceVector) float64 {
	d := 0.0
	for i, j := 0, 0; i < len(a.dims) && j < len(b.dims); {
		switch c := strings.Compare(a.dims[i], b.dims[j]); {
		case c < 0:
			i++
		case c > 0:
			j++
		default:
			d += a.ws[i] * b.ws[j]
			i++
			j++
		}
	}
	return d
}

// mayJoin reports whether clusterThemes may join two themes: neither was
// corrected by an admin (split, merged or labelled), and they are not both
// specific seed topics or names, nor two seed topics of any kind, which
// are distinct themes by definition ("erros de valor" of manual typing,
// keyed integration, and "deu erro", keyed reliability, share a word,
// not a subject).
func mayJoin(a, b candidate, table *ThemeTable) bool {
	if table.corrected(a.key, a.keys) || table.corrected(b.key, b.keys) {
		return false
	}
	if seedKey(a.key) && seedKey(b.key) {
		return false
	}
	return !definite(a) || !definite(b)
}

// seedKey reports whether key is a seed topic's, generic or specific.
func seedKey(key string) bool {
	_, seed := nlp.SeedTheme(key)
	return seed
}

// definite reports whether a theme is a specific seed topic or is labelled
// with a name.
func definite(c candidate) bool {
	if specificSeed(c.key) {
		return true
	}
	return named(c.h.Label)
}

// lexiconThemes returns the themes of nlp's lexicon that text says
// (nlp.SentenceThemes), when on.
func lexiconThemes(text string, on bool) []nlp.LexiconMatch {
	if !on {
		return nil
	}
	return nlp.SentenceThemes(text)
}

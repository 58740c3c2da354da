// Package bench measures ckm on this machine against baselines taken in
// the same run: analysis throughput against prose v3, end-to-end ingest
// against Bleve's batch indexing alone and against a naive prose v2
// pipeline, search latency against SQLite FTS5 and PostgreSQL full-text
// search, index size and memory. Every figure it returns comes with the
// baseline it is compared with, so no number is compared across runs.
//
// It is the library behind internal/cmd/loadtest (`make loadtest`),
// internal/cmd/report (`make report`) and internal/cmd/scale (`make
// scale`); it starts its own redis-server, ckm
// serve, sqlite3 and psql processes as children and stops them, and writes
// only under the directories it is given.
package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ckmhq/ckm"
)

// CorpusFiles are the development files, relative to the data folder,
// whose documents make the benchmark corpus.
var CorpusFiles = []string{
	"needs/app-reviews.jsonl",
	"needs/github-issues.jsonl",
	"needs/requirements.jsonl",
	"intents/banking77.jsonl",
	"pt/reclamacoes.jsonl",
}

// LoadBase reads every document of CorpusFiles under data and shuffles them
// with a fixed seed, so that any prefix mixes all files in proportion. A
// line that does not decode as a ckm.Document (for example an "at" in a
// format ckm rejects) is read again without its "at", so no file loses its
// documents.
func LoadBase(data string) ([]ckm.Document, error) {
	var base []ckm.Document
	for _, f := range CorpusFiles {
		b, err := os.ReadFile(filepath.Join(data, f))
		if err != nil {
			return nil, fmt.Errorf("bench: corpus: %w", err)
		}
		for line := range bytes.Lines(b) {
			d, err := decodeLenient(line)
			if err != nil {
				continue
			}
			base = append(base, d)
		}
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("bench: corpus: no documents under %s", data)
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(base), func(i, j int) { base[i], base[j] = base[j], base[i] })
	return base, nil
}

func decodeLenient(line []byte) (ckm.Document, error) {
	d, err := ckm.DecodeDocument(line)
	if err == nil {
		return d, nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(line, &m) != nil {
		return d, err
	}
	delete(m, "at")
	b, _ := json.Marshal(m)
	return ckm.DecodeDocument(b)
}

// Cycle returns n documents taken from base in order, starting over at
// its end; each copy gets a unique ID ("ID~round").
func Cycle(base []ckm.Document, n int) []ckm.Document { return CycleRange(base, 0, n) }

// CycleRange returns documents lo to hi-1 of Cycle(base, hi), without
// making the ones before lo.
func CycleRange(base []ckm.Document, lo, hi int) []ckm.Document {
	docs := make([]ckm.Document, hi-lo)
	for i := range docs {
		d := base[(lo+i)%len(base)]
		d.ID = fmt.Sprintf("%s~%d", d.ID, (lo+i)/len(base))
		docs[i] = d
	}
	return docs
}

// ParseSizes reads a comma-separated list of corpus sizes ("10000,100000")
// and returns them in increasing order, each once. Every size must be a
// positive integer.
func ParseSizes(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bench: bad size %q in %q", f, s)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Corpus is Cycle(LoadBase(data), n).
func Corpus(data string, n int) ([]ckm.Document, error) {
	base, err := LoadBase(data)
	if err != nil {
		return nil, err
	}
	return Cycle(base, n), nil
}

// TextBytes is the total length of the documents' texts.
func TextBytes(docs []ckm.Document) int {
	n := 0
	for _, d := range docs {
		n += len(d.Text)
	}
	return n
}

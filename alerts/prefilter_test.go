package alerts

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/google/go-cmp/cmp"
)

// prefilterExtras widen benchQuery's saved searches with what the batch
// lacks and with every kind of term: absent words, phrases in and out of
// order, filters on held and absent values, stop words, negations.
var prefilterExtras = []string{"kubernetes", "fatura", "the", "we", "--", `"po number"`, `"number po"`, `"nota fiscal"`,
	`"zendex kubernetes"`, "client:acme", "client:nobody", "source:call", "lang:en", "kind:implied", "cue:churn-risk",
	"cue:competitor", "entity:zendex", "theme:renewal", "theme:invoice", "theme:export", "theme:\"po number\"", "after:2020", "before:2020", "-invoice", "-kubernetes", "invoices"}

// prefilterQuery is a random saved search: benchQuery's, or one to three
// terms drawn from both lists, sometimes joined by OR.
func prefilterQuery(rng *rand.Rand) string {
	if rng.IntN(3) == 0 {
		return benchQuery(rng)
	}
	pick := func() string {
		if rng.IntN(2) == 0 {
			return benchWords[rng.IntN(len(benchWords))]
		}
		return prefilterExtras[rng.IntN(len(prefilterExtras))]
	}
	parts := []string{pick()}
	for range rng.IntN(3) {
		if rng.IntN(3) == 0 {
			parts = append(parts, "OR")
		}
		parts = append(parts, pick())
	}
	return strings.Join(parts, " ")
}

// TestPrefilterKeepsEveryMatch matches many random saved searches over a
// generated batch twice: as matchDocuments does (parsed once,
// prefiltered on the batch's terms, one search per query, scope checked
// on the hits) and in full (Percolator.Match with the scope as a
// filter). The documents each subscription fires on must be identical.
func TestPrefilterKeepsEveryMatch(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Config{Path: filepath.Join(t.TempDir(), "ix")})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var batch []index.Record
	for i := range 40 { // few documents, so that many words and values are absent
		d := benchDoc(rng, fmt.Sprintf("d%d", i))
		d.Client = benchClients[rng.IntN(4)] // acme, globex, initech or hooli: never wayne
		a, err := an.Analyze(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, index.Record{Document: d, Analysis: *a, ContentHash: d.ContentHash(), IndexedAt: time.Now().UTC()})
	}
	clientOf := map[string]string{}
	for _, r := range batch {
		clientOf[r.Document.ID] = r.Document.Client
	}
	p, err := ix.Percolator(batch)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	scopes := [][]string{nil, {"acme"}, {"globex", "initech"}, {"wayne"}}
	matched, empty := 0, 0
	for i := range 600 {
		text := prefilterQuery(rng)
		if err := index.CheckQuery(text); err != nil {
			t.Fatalf("generated query %q: %v", text, err)
		}
		q, err := ix.SavedQuery(text)
		if err != nil {
			t.Fatal(err)
		}
		all, err := p.MatchSaved(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		scope := scopes[i%len(scopes)]
		got := slices.DeleteFunc(slices.Clone(all), func(id string) bool {
			return len(scope) > 0 && !slices.Contains(scope, clientOf[id])
		})
		want, err := p.Match(ctx, text, scope)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		slices.Sort(want)
		if diff := cmp.Diff(want, got, cmp.FilterValues(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 }, cmp.Ignore())); diff != "" {
			t.Errorf("%q in %v: prefiltered against full (-want +got):\n%s", text, scope, diff)
		}
		if len(want) > 0 {
			matched++
		}
		if len(all) == 0 {
			empty++
		}
	}
	// The comparison means something only when both happen often.
	if matched < 100 || empty < 100 {
		t.Errorf("of 600 searches %d matched and %d matched nothing; want at least 100 of each", matched, empty)
	}
}

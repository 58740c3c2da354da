package alerts

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

var (
	benchClients   = []string{"acme", "globex", "initech", "hooli", "umbrella", "wayne", "stark", "wonka", "tyrell", "cyberdyne"}
	benchSentences = []string{
		"We need the PO number on every invoice, our CFO keeps asking.",
		"The export to Excel takes forever and we fix the columns by hand.",
		"If this keeps happening we may not renew the contract.",
		"We are evaluating Zendex because their SSO works out of the box.",
		"Could the dashboard show the report by region?",
		"Precisamos da nota fiscal com o número do pedido.",
		"A integração com o ERP falha toda semana e perdemos pedidos.",
		"The mobile app logs us out every hour, it is frustrating.",
		"Thanks for the call yesterday, the onboarding went well.",
		"Our budget for next quarter depends on the API limits.",
	}
	benchWords = []string{"invoice", "export", "renew", "sso", "dashboard", "report", "nota", "pedido", "integração", "mobile",
		"api", "onboarding", "budget", "contract", "excel", "region", "erp", "frustrating", "zendex", "column"}
	benchFilters = []string{"cue:pain", "cue:churn-risk", "cue:competitor", "kind:implied", "kind:explicit", "source:email", "lang:pt", "theme:invoice"}
)

// benchQuery is a random saved search: two words, sometimes with a
// filter, an exclusion or an alternative.
func benchQuery(rng *rand.Rand) string {
	w := func() string { return benchWords[rng.IntN(len(benchWords))] }
	parts := []string{w(), w()}
	switch rng.IntN(4) {
	case 0:
		parts = append(parts, "OR", w())
	case 1:
		parts = append(parts, benchFilters[rng.IntN(len(benchFilters))])
	case 2:
		parts = append(parts, "-"+w())
	}
	return strings.Join(parts, " ")
}

// benchDoc is a random document of two or three sentences.
func benchDoc(rng *rand.Rand, id string) ckm.Document {
	var s []string
	for range 2 + rng.IntN(2) {
		s = append(s, benchSentences[rng.IntN(len(benchSentences))])
	}
	return ckm.Document{ID: id, Client: benchClients[rng.IntN(len(benchClients))], Source: ckm.SourceEmail,
		At: time.Now().UTC(), Text: strings.Join(s, " ")}
}

// BenchmarkIngestAndMatch measures, per batch of benchBatch new documents, the
// ingest (analysis and index commit, 16 at a time, as the worker does)
// and the match run of 0 or 1,000 saved searches over them. It reports
// ns per document of each and the match's share of the ingest in
// "match-%": the cost of alerts on top of ingest; "percolate-%" is the
// share of running the searches alone, without queueing the deliveries
// (deliveries/doc of them, one per subscription with events in a run).
func BenchmarkIngestAndMatch(b *testing.B) {
	for _, n := range []int{0, 1000} {
		b.Run(fmt.Sprintf("queries=%d", n), func(b *testing.B) {
			ctx := context.Background()
			rc := queues.Config{RedisAddr: testutil.Redis(b)}
			ix, err := index.Open(ctx, index.Config{Path: filepath.Join(b.TempDir(), "ix")})
			if err != nil {
				b.Fatal(err)
			}
			defer ix.Close()
			s := New(rc, Config{AllowPrivate: true})
			defer s.Close()
			rng := rand.New(rand.NewPCG(1, uint64(n)))
			for i := range n {
				owner := benchClients[i%len(benchClients)]
				sub := Subscription{Owner: owner, Clients: []string{owner}, Kind: KindQuery, Query: benchQuery(rng), URL: "https://hooks.example.com/x"}
				if i%10 == 0 {
					sub.Clients = nil // an admin's: every client
				}
				if _, err := s.Create(ctx, sub); err != nil {
					b.Fatal(err)
				}
			}
			an, err := nlp.New(nlp.Config{})
			if err != nil {
				b.Fatal(err)
			}
			watched := s.Watch(ix)
			var ingest, match, percolate time.Duration
			subs, err := s.all(ctx)
			if err != nil {
				b.Fatal(err)
			}
			docs, plans := 0, map[string]*index.SavedQuery{}
			for i := 0; b.Loop(); i++ {
				batch := make([]ckm.Document, benchBatch)
				for j := range batch {
					batch[j] = benchDoc(rng, fmt.Sprintf("d%d-%d", i, j))
				}
				start := time.Now()
				recs := ingestBatch(b, an, watched, batch)
				mid := time.Now()
				percolate += percolateAll(b, ix, recs, subs, plans)
				mid2 := time.Now()
				if err := s.Match(ctx, ix); err != nil {
					b.Fatal(err)
				}
				ingest, match = ingest+mid.Sub(start), match+time.Since(mid2)
				docs += len(batch)
			}
			b.ReportMetric(float64(ingest.Nanoseconds())/float64(docs), "ingest-ns/doc")
			b.ReportMetric(float64(match.Nanoseconds())/float64(docs), "match-ns/doc")
			b.ReportMetric(100*float64(match)/float64(ingest), "match-%")
			b.ReportMetric(100*float64(percolate)/float64(ingest), "percolate-%")
			n, err := queuedDeliveries(rc)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(n)/float64(docs), "deliveries/doc")
		})
	}
}

// percolateAll runs every subscription's search over recs, as Match
// does (each distinct search once, parsed in the first run and kept in
// plans) but without emitting, and returns how long it took.
func percolateAll(b *testing.B, ix *index.Index, recs []index.Record, subs []Subscription, plans map[string]*index.SavedQuery) time.Duration {
	start := time.Now()
	p, err := ix.Percolator(recs)
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	done := map[string]bool{}
	for _, sub := range subs {
		text := sub.query()
		if done[text] {
			continue
		}
		done[text] = true
		q, ok := plans[text]
		if !ok {
			if q, err = ix.SavedQuery(text); err != nil {
				b.Fatal(err)
			}
			plans[text] = q
		}
		if _, err := p.MatchSaved(context.Background(), q, nil); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// ingestBatch analyses and puts docs, 16 at a time, and returns their
// records.
func ingestBatch(b *testing.B, an *nlp.Analyzer, ix putter, docs []ckm.Document) []index.Record {
	ch := make(chan ckm.Document)
	var mu sync.Mutex
	var recs []index.Record
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for d := range ch {
				a, err := an.Analyze(context.Background(), d)
				if err != nil {
					b.Error(err)
					continue
				}
				a.Tokens = nil
				rec := index.Record{Document: d, Analysis: *a, ContentHash: d.ContentHash(), IndexedAt: time.Now().UTC()}
				if err := ix.Put(context.Background(), rec); err != nil {
					b.Error(err)
				}
				mu.Lock()
				recs = append(recs, rec)
				mu.Unlock()
			}
		})
	}
	for _, d := range docs {
		ch <- d
	}
	close(ch)
	wg.Wait()
	return recs
}

// queuedDeliveries counts the delivery tasks waiting on the index queue.
func queuedDeliveries(rc queues.Config) (int, error) {
	in := asynq.NewInspector(rc.RedisOpt())
	defer in.Close()
	names, err := in.Queues()
	if err != nil || !slices.Contains(names, queues.QueueIndex) {
		return 0, err
	}
	q, err := in.GetQueueInfo(queues.QueueIndex)
	if err != nil {
		return 0, err
	}
	return q.Pending, nil // the deliveries: no worker runs
}

// benchBatch is the documents of one match run in the benchmark: what
// 30 s of ingest (the default --alerts-every) brings at about 17
// documents a second.
const benchBatch = 500

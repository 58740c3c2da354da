// Command loadtest measures ckm end to end on this machine, every figure
// against a baseline taken in the same run:
//
//   - ingest: N documents from ../shared/data through enqueue → analyse →
//     index in a `ckm serve` child process, in documents per second, beside
//     the ceiling: the same documents, already analysed, written straight
//     into a fresh index with index.Put (Bleve's batch indexing alone);
//   - live latency: the time from POST /v1/documents (one document, the
//     critical queue) until it is searchable, p50 and p99, while idle and
//     while a forced re-analysis of all N documents runs.
//
// Run it with `make loadtest` (N=100000) or
//
//	go build -o bin/ckm ./cmd/ckm && go run ./internal/loadtest -n 100000
//
// It starts its own redis-server and writes nothing outside a temporary
// directory. It prints a Markdown report on stdout.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
)

func main() {
	n := flag.Int("n", 100000, "documents to ingest")
	probes := flag.Int("probes", 100, "live documents timed, idle and under re-analysis")
	bin := flag.String("bin", "bin/ckm", "the ckm binary to run")
	data := flag.String("data", "../shared/data", "the development data folder")
	flag.Parse()
	if err := run(*n, *probes, *bin, *data); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(n, probes int, bin, data string) error {
	docs, err := corpus(data, n)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "ckm-loadtest")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var bytesIn int
	for _, d := range docs {
		bytesIn += len(d.Text)
	}
	fmt.Printf("## End-to-end ingest (%d documents, %.1f MB of text, %d cores)\n\n", len(docs), float64(bytesIn)/1e6, runtime.NumCPU())

	ceiling, err := ceilingRate(dir, docs)
	if err != nil {
		return err
	}
	st, err := startStack(dir, bin)
	if err != nil {
		return err
	}
	defer st.stop()
	e2e, err := st.ingest(docs)
	if err != nil {
		return err
	}
	fmt.Printf("| path | docs/s |\n|---|---|\n| Bleve batch indexing of analysed documents (ceiling) | %.0f |\n| enqueue → analyse → index, `ckm serve` | %.0f |\n\nRatio end-to-end / ceiling: %.2f\n\n", ceiling, e2e, e2e/ceiling)

	idle, err := st.probe(probes, "idle")
	if err != nil {
		return err
	}
	if err := st.startReanalysis(); err != nil {
		return err
	}
	busy, err := st.probe(probes, "busy")
	if err != nil {
		return err
	}
	fmt.Printf("## Live ingest latency (POST → searchable, %d documents each)\n\n| while | p50 | p99 |\n|---|---|---|\n", probes)
	fmt.Printf("| idle | %s | %s |\n| re-analysing %d documents | %s | %s |\n\n", ms(pct(idle, 50)), ms(pct(idle, 99)), len(docs), ms(pct(busy, 50)), ms(pct(busy, 99)))
	fmt.Printf("Ratio busy / idle: p50 %.2f, p99 %.2f\n", float64(pct(busy, 50))/float64(pct(idle, 50)), float64(pct(busy, 99))/float64(pct(idle, 99)))
	return nil
}

// corpus returns n documents cycled from the development data, each with
// a unique ID.
func corpus(data string, n int) ([]ckm.Document, error) {
	var base []ckm.Document
	for _, f := range []string{"needs/app-reviews.jsonl", "needs/github-issues.jsonl", "needs/requirements.jsonl", "intents/banking77.jsonl", "pt/reclamacoes.jsonl"} {
		b, err := os.ReadFile(filepath.Join(data, f))
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		s := ckm.NewScanner(bytes.NewReader(b))
		for s.Scan() {
			if d, err := s.Document(); err == nil {
				base = append(base, d)
			}
		}
	}
	docs := make([]ckm.Document, n)
	for i := range docs {
		d := base[i%len(base)]
		d.ID = fmt.Sprintf("%s~%d", d.ID, i/len(base))
		docs[i] = d
	}
	return docs, nil
}

// ceilingRate analyses docs (untimed), then times index.Put of all of them
// into a fresh index from as many goroutines as the worker would use.
func ceilingRate(dir string, docs []ckm.Document) (float64, error) {
	ctx := context.Background()
	a, err := nlp.New(nlp.Config{})
	if err != nil {
		return 0, err
	}
	recs := make([]index.Record, len(docs))
	parallel(len(docs), runtime.NumCPU(), func(i int) {
		an, err := a.Analyze(ctx, docs[i])
		if err != nil {
			an = &nlp.Analysis{ID: docs[i].ID, Version: nlp.Version}
		}
		recs[i] = worker.Record(docs[i], an, time.Now())
	})
	ix, err := index.Open(ctx, index.Config{Path: filepath.Join(dir, "ceiling")})
	if err != nil {
		return 0, err
	}
	defer ix.Close()
	var failed atomic.Int64
	start := time.Now()
	parallel(len(recs), index.DefaultBatchSize, func(i int) { // enough callers to fill every batch
		if ix.Put(ctx, recs[i]) != nil {
			failed.Add(1)
		}
	})
	if f := failed.Load(); f > 0 {
		return 0, fmt.Errorf("ceiling: %d puts failed", f)
	}
	return float64(len(recs)) / time.Since(start).Seconds(), nil
}

func parallel(n, workers int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// stack is a private Redis and a `ckm serve` child process.
type stack struct {
	base      string
	redis     string
	stopRedis func()
	serve     *exec.Cmd
	queue     *queues.Client
}

func startStack(dir, bin string) (*stack, error) {
	addr, stopRedis, err := testutil.StartRedis(dir, nil)
	if err != nil {
		return nil, err
	}
	port, err := testutil.FreePort()
	if err != nil {
		return nil, err
	}
	st := &stack{base: "http://127.0.0.1:" + strconv.Itoa(port), redis: addr, stopRedis: stopRedis}
	st.serve = exec.Command(bin, "serve", "--data", filepath.Join(dir, "data"), "--redis", addr, "--http", "127.0.0.1:"+strconv.Itoa(port), "--log-level", "warn")
	st.serve.Stderr = os.Stderr
	if err := st.serve.Start(); err != nil {
		stopRedis()
		return nil, err
	}
	if st.queue, err = queues.NewClient(queues.Config{RedisAddr: addr}); err != nil {
		return nil, err
	}
	for range 300 {
		if resp, err := http.Get(st.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return st, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	st.stop()
	return nil, errors.New("ckm serve did not start")
}

func (st *stack) stop() {
	st.queue.Close()
	st.serve.Process.Signal(os.Interrupt)
	st.serve.Wait()
	st.stopRedis()
}

// ingest enqueues docs from 8 goroutines and waits until all are indexed.
func (st *stack) ingest(docs []ckm.Document) (float64, error) {
	ctx := context.Background()
	start := time.Now()
	var failed atomic.Int64
	parallel(len(docs), 8, func(i int) {
		if _, err := st.queue.Enqueue(ctx, docs[i]); err != nil {
			failed.Add(1)
		}
	})
	if f := failed.Load(); f > 0 {
		return 0, fmt.Errorf("ingest: %d enqueues failed", f)
	}
	for {
		n, err := st.count()
		if err != nil {
			return 0, err
		}
		if n >= len(docs) {
			return float64(len(docs)) / time.Since(start).Seconds(), nil
		}
		time.Sleep(250 * time.Millisecond)
	}
}

func (st *stack) count() (int, error) {
	resp, err := http.Get(st.base + "/v1/search?limit=1")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var r struct{ Total int }
	return r.Total, json.NewDecoder(resp.Body).Decode(&r)
}

// startReanalysis starts a forced re-analysis of everything and waits
// until its documents are queued behind the live ones.
func (st *stack) startReanalysis() error {
	resp, err := http.Post(st.base+"/v1/reanalyze", "application/json", bytes.NewReader([]byte(`{"force":true}`)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("reanalyze: %s: %s", resp.Status, b)
	}
	time.Sleep(3 * time.Second) // let the paging fill the batch queue
	return nil
}

// probe posts n documents one at a time and returns how long each took to
// become searchable.
func (st *stack) probe(n int, tag string) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for i := range n {
		id := fmt.Sprintf("probe-%s-%d", tag, i)
		body := fmt.Sprintf(`{"id":%q,"client":"probe","text":"We need the project number on every invoice, probe %d."}`, id, i)
		start := time.Now()
		resp, err := http.Post(st.base+"/v1/documents", "application/json", bytes.NewReader([]byte(body)))
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			return nil, fmt.Errorf("probe: %s", resp.Status)
		}
		for {
			r, err := http.Get(st.base + "/v1/documents/" + id)
			if err != nil {
				return nil, err
			}
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		out = append(out, time.Since(start))
		time.Sleep(20 * time.Millisecond)
	}
	return out, nil
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

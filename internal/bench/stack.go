package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/redisserver"
	"github.com/ckmhq/ckm/queues"
)

// Stack is a private redis-server and a `ckm serve` child process with its
// data directory under the directory given to StartStack.
type Stack struct {
	// DataDir is the serve process's data directory; its index is in
	// DataDir/index.
	DataDir   string
	base      string
	bin       string
	args      []string // serve's flags
	stopRedis func()
	serve     *exec.Cmd
	queue     *queues.Client
	// auth is what the stack's requests send as "Authorization: Bearer":
	// the admin token an open serve writes, or the admin key after
	// RestartWithKeys.
	auth    string
	cgroup  *memCgroup // nil: serve runs without a memory limit
	watch   *memWatch  // samples the running serve's memory
	workers []*exec.Cmd
}

// StackOptions change how StartStackWith runs ckm serve.
type StackOptions struct {
	// MemoryLimit, when above 0, runs serve in a memory cgroup of its own
	// limited to this many bytes, as a container would (it needs root).
	// Serve sets its Go memory limit from the cgroup's.
	MemoryLimit int64
	// Workers, when above 0, runs serve with --analyze=false beside that
	// many `ckm worker` processes, so serve only owns the index: the
	// deployment of README's "Beyond one machine".
	Workers int
}

// StartStack starts redis-server and `bin serve` with their files under
// dir and waits until the server answers /healthz.
func StartStack(dir, bin string) (*Stack, error) {
	return StartStackWith(dir, bin, StackOptions{})
}

// StartStackWith is StartStack with options.
func StartStackWith(dir, bin string, o StackOptions) (*Stack, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: stack: %w", err)
	}
	addr, stopRedis, err := redisserver.Start(dir, nil)
	if err != nil {
		return nil, fmt.Errorf("bench: stack: %w", err)
	}
	port, err := redisserver.FreePort()
	if err != nil {
		stopRedis()
		return nil, fmt.Errorf("bench: stack: %w", err)
	}
	st := &Stack{DataDir: filepath.Join(dir, "data"), base: "http://127.0.0.1:" + strconv.Itoa(port), stopRedis: stopRedis, bin: bin,
		args: []string{"serve", "--data", filepath.Join(dir, "data"), "--redis", addr, "--http", "127.0.0.1:" + strconv.Itoa(port), "--log-level", "warn"}}
	if st.queue, err = queues.NewClient(queues.Config{RedisAddr: addr}); err != nil {
		st.Stop()
		return nil, fmt.Errorf("bench: stack: %w", err)
	}
	if o.MemoryLimit > 0 {
		if st.cgroup, err = newMemCgroup(fmt.Sprintf("ckm-bench-%d-%d", os.Getpid(), port), o.MemoryLimit); err != nil {
			st.Stop()
			return nil, err
		}
	}
	if o.Workers > 0 {
		st.args = append(st.args, "--analyze=false")
		for range o.Workers {
			w := exec.Command(bin, "worker", "--redis", addr, "--log-level", "warn")
			w.Stderr = os.Stderr
			if err := w.Start(); err != nil {
				st.Stop()
				return nil, fmt.Errorf("bench: stack: worker: %w", err)
			}
			st.workers = append(st.workers, w)
		}
	}
	if err := st.startServe(st.args); err != nil {
		st.Stop()
		return nil, err
	}
	token, err := os.ReadFile(filepath.Join(st.DataDir, "admin-token")) // an open serve's admin token
	if err != nil {
		st.Stop()
		return nil, fmt.Errorf("bench: stack: %w", err)
	}
	st.auth = strings.TrimSpace(string(token))
	return st, nil
}

// startServe starts `bin args...` and waits until it answers /healthz.
func (st *Stack) startServe(args []string) error {
	name, argv := st.bin, args
	if st.cgroup != nil {
		name, argv = st.cgroup.command(st.bin, args)
	}
	st.serve = exec.Command(name, argv...)
	st.serve.Stderr = os.Stderr
	if err := st.serve.Start(); err != nil {
		return fmt.Errorf("bench: stack: %w", err)
	}
	st.watch = watchMemory(st.serve.Process.Pid)
	for range 600 {
		if resp, err := http.Get(st.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("bench: stack: ckm serve did not start")
}

// stopServe interrupts ckm serve and waits for it.
func (st *Stack) stopServe() {
	if st.serve != nil && st.serve.ProcessState == nil {
		st.serve.Process.Signal(os.Interrupt)
		st.serve.Wait()
	}
	if st.watch != nil {
		st.watch.close()
		st.watch = nil
	}
}

// get sends a GET with the stack's credentials.
func (st *Stack) get(ctx context.Context, path, bearer string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, st.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+bearer)
	return http.DefaultClient.Do(req)
}

// CPUProfile takes a CPU profile of ckm serve over d through its
// /debug/pprof/profile endpoint (as an admin) and writes it to path.
func (st *Stack) CPUProfile(ctx context.Context, d time.Duration, path string) error {
	return st.profile(ctx, fmt.Sprintf("profile?seconds=%d", max(1, int(d.Seconds()))), path)
}

// HeapProfile takes ckm serve's heap profile (as an admin) and writes it
// to path.
func (st *Stack) HeapProfile(ctx context.Context, path string) error {
	return st.profile(ctx, "heap", path)
}

// TrimPprof drops go tool pprof's preamble lines before "Showing nodes"
// (the binary, the build id, the time), leaving the listing.
func TrimPprof(s string) string {
	if i := strings.Index(s, "Showing nodes"); i >= 0 {
		return strings.TrimSpace(s[i:])
	}
	return strings.TrimSpace(s)
}

// profile fetches /debug/pprof/NAME (as an admin) into path.
func (st *Stack) profile(ctx context.Context, name, path string) error {
	resp, err := st.get(ctx, "/debug/pprof/"+name, st.auth)
	if err != nil {
		return fmt.Errorf("bench: profile: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("bench: profile: %s: %s", resp.Status, b)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("bench: profile: %w", err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return fmt.Errorf("bench: profile: %w", err)
	}
	return f.Close()
}

// Stop interrupts ckm serve, waits for it and stops Redis. It may be
// called more than once.
func (st *Stack) Stop() {
	if st.queue != nil {
		st.queue.Close()
		st.queue = nil
	}
	st.stopServe()
	for _, w := range st.workers {
		w.Process.Signal(os.Interrupt)
		w.Wait()
	}
	st.workers = nil
	if st.cgroup != nil {
		st.cgroup.remove()
		st.cgroup = nil
	}
	if st.stopRedis != nil {
		st.stopRedis()
		st.stopRedis = nil
	}
}

// PeakRSS is the peak resident set size of the ckm serve process so far
// (VmHWM in /proc/PID/status), in bytes.
func (st *Stack) PeakRSS() (int64, error) {
	return vmHWM(st.serve.Process.Pid)
}

// Memory is what the running ckm serve's memory peaked at so far: VmHWM,
// the sampled peaks of its own and its mapped-file memory, and its
// cgroup's peak when it runs in one.
func (st *Stack) Memory() (Memory, error) {
	var m Memory
	var err error
	if m.HWM, err = st.PeakRSS(); err != nil {
		return m, err
	}
	if st.watch != nil {
		m.Anon, m.File = st.watch.peaks()
	}
	for _, w := range st.workers {
		hwm, err := vmHWM(w.Process.Pid)
		if err != nil {
			return m, err
		}
		m.Workers = max(m.Workers, hwm)
	}
	if st.cgroup != nil {
		m.Limit = st.cgroup.limit
		if m.Cgroup, m.OOMKills, err = st.cgroup.peak(); err != nil {
			return m, err
		}
	}
	return m, nil
}

// PeakRSSOf is the peak resident set size of a running process (VmHWM).
// Unlike the Maxrss a parent reads from wait4, it does not count memory
// the child shared with its parent before exec.
func PeakRSSOf(pid int) (int64, error) { return vmHWM(pid) }

func vmHWM(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("bench: peak rss: %w", err)
	}
	kb, ok := statusField(b, "VmHWM")
	if !ok {
		return 0, errors.New("bench: peak rss: no VmHWM in /proc status")
	}
	return kb << 10, nil
}

// Ingest enqueues docs from 8 goroutines and waits until all are
// searchable. It returns, for each checkpoint and for len(docs), the time
// from the first enqueue until that many more documents than the index
// held at the start were searchable (polled every 100 ms).
func (st *Stack) Ingest(ctx context.Context, docs []ckm.Document, checkpoints []int) ([]Point, error) {
	held, err := st.count()
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var failed atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		Parallel(len(docs), 8, func(i int) {
			if _, err := st.queue.Enqueue(ctx, docs[i]); err != nil {
				failed.Add(1)
			}
		})
	}()
	cps := append(slices.Clone(checkpoints), len(docs))
	slices.Sort(cps)
	var points []Point
	for len(points) < len(cps) {
		select {
		case <-done:
			if f := failed.Load(); f > 0 {
				return nil, fmt.Errorf("bench: ingest: %d enqueues failed", f)
			}
		default:
		}
		n, err := st.count()
		if err != nil {
			return nil, err
		}
		n -= held
		for len(points) < len(cps) && n >= cps[len(points)] {
			c := cps[len(points)]
			points = append(points, Point{Docs: c, Bytes: TextBytes(docs[:c]), Elapsed: time.Since(start)})
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	<-done
	return points, nil
}

// count returns the number of documents ckm serve has committed, from its
// /metrics gauge ckm_index_documents: a count of one term's postings, so
// that polling it while documents are ingested costs the server next to
// nothing (a search for every document, as the page's empty query, sorts
// them all and took a seventh of ckm serve's CPU polled every 100 ms).
//
// The gauge is -1 when the server could not count within its five seconds
// (a 2-core machine under load, merging an index of 800,000 documents,
// did once and ended a `make scale` run of hours); such a reading is
// asked again, for up to countPatience.
func (st *Stack) count() (int, error) {
	deadline := time.Now().Add(countPatience)
	for {
		m, err := st.metrics("ckm_index_documents")
		if err != nil {
			return 0, fmt.Errorf("bench: count: %w", err)
		}
		n, ok := m["ckm_index_documents"]
		switch {
		case !ok:
			return 0, errors.New("bench: count: no ckm_index_documents in /metrics")
		case n >= 0:
			return int(n), nil
		case time.Now().After(deadline):
			return 0, fmt.Errorf("bench: count: ckm_index_documents was %v in /metrics for %s", n, countPatience)
		}
		time.Sleep(countRetry)
	}
}

// countPatience is how long count asks again while the server cannot
// count, countRetry how long it waits between asks.
const countPatience, countRetry = 2 * time.Minute, time.Second

// StartReanalysis starts a forced re-analysis of every document and waits
// until its documents are queued behind the live ones.
func (st *Stack) StartReanalysis() error {
	req, err := http.NewRequest(http.MethodPost, st.base+"/v1/reanalyze", bytes.NewReader([]byte(`{"force":true}`)))
	if err != nil {
		return fmt.Errorf("bench: reanalyze: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+st.auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("bench: reanalyze: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("bench: reanalyze: %s: %s", resp.Status, b)
	}
	time.Sleep(3 * time.Second) // let the paging fill the batch queue
	return nil
}

// Probe posts n documents one at a time and returns how long each took to
// become searchable (POST until GET /v1/documents/{id} answers 200).
func (st *Stack) Probe(n int, tag string) ([]time.Duration, error) {
	out := make([]time.Duration, 0, n)
	for i := range n {
		id := fmt.Sprintf("probe-%s-%d", tag, i)
		body := fmt.Sprintf(`{"id":%q,"client":"probe","text":"We need the project number on every invoice, probe %d."}`, id, i)
		start := time.Now()
		req, err := http.NewRequest(http.MethodPost, st.base+"/v1/documents", strings.NewReader(body))
		if err != nil {
			return nil, fmt.Errorf("bench: probe: %w", err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+st.auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, fmt.Errorf("bench: probe: %w", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			return nil, fmt.Errorf("bench: probe: %s", resp.Status)
		}
		for {
			r, err := st.get(context.Background(), "/v1/documents/"+id, st.auth)
			if err != nil {
				return nil, fmt.Errorf("bench: probe: %w", err)
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

// Batches reads ckm serve's count of committed index batches and of the
// records they held from its /metrics (ckm_index_batches_total,
// ckm_index_batched_records_total).
func (st *Stack) Batches() (batches, records int, err error) {
	m, err := st.metrics("ckm_index_batches_total", "ckm_index_batched_records_total")
	if err != nil {
		return 0, 0, err
	}
	return int(m["ckm_index_batches_total"]), int(m["ckm_index_batched_records_total"]), nil
}

// metrics returns the values of the named unlabelled series in ckm serve's
// /metrics.
func (st *Stack) metrics(names ...string) (map[string]float64, error) {
	resp, err := st.get(context.Background(), "/metrics", st.auth)
	if err != nil {
		return nil, fmt.Errorf("bench: metrics: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("bench: metrics: %s", resp.Status)
	}
	out := make(map[string]float64, len(names))
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok || !slices.Contains(names, name) {
			continue
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			out[name] = f
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: metrics: %w", err)
	}
	return out, nil
}

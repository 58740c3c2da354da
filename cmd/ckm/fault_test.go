package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

// The fault tests run `ckm serve` and `ckm worker` as child processes
// against a private redis-server, kill one of the three mid-run, restart
// it, and check the index against what was acknowledged: every document
// whose enqueue returned without error is indexed, exactly once.

// poisonMarker makes the faultinject build's analyser panic (the same
// string as PoisonMarker in faults_inject.go, which plain builds lack).
const poisonMarker = "CKM-FAULT-POISON"

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// ckmBinary builds ckm with fault injection (faults_inject.go) once.
func ckmBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ckm-fault-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "ckm")
		out, err := exec.Command("go", "build", "-tags", "faultinject", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is a child ckm process.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan struct{}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// cluster is a Redis, a data directory and the ckm processes using them.
type cluster struct {
	t         *testing.T
	bin       string
	redisDir  string
	redisPort int
	redisStop func()
	env       []string
	base      string
	procs     []*proc
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests kill and restart processes; skipped with -short")
	}
	c := &cluster{t: t, bin: ckmBinary(t), redisDir: t.TempDir()}
	var err error
	if c.redisPort, err = testutil.FreePort(); err != nil {
		t.Fatal(err)
	}
	c.startRedis()
	httpPort, err := testutil.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	c.base = "http://127.0.0.1:" + strconv.Itoa(httpPort)
	c.env = append(os.Environ(),
		"CKM_REDIS_ADDR=127.0.0.1:"+strconv.Itoa(c.redisPort),
		"CKM_DATA_DIR="+t.TempDir(),
		"CKM_HTTP_ADDR=127.0.0.1:"+strconv.Itoa(httpPort),
		"CKM_RETRY_MAX_DELAY=1s",
		"CKM_LOG_LEVEL=warn",
	)
	t.Cleanup(func() {
		for _, p := range c.procs {
			p.signal(syscall.SIGKILL)
		}
		c.redisStop()
		if t.Failed() {
			for _, p := range c.procs {
				t.Logf("--- %s log:\n%s", p.name, tail(p.log.String(), 3000))
			}
		}
	})
	return c
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// startRedis starts Redis with an append-only file synced on every write,
// so that an acknowledged enqueue survives a crash of Redis itself.
func (c *cluster) startRedis() {
	_, stop, err := testutil.StartRedisOn(c.redisDir, c.redisPort, []string{"--appendonly", "yes", "--appendfsync", "always"})
	if err != nil {
		c.t.Fatal(err)
	}
	c.redisStop = stop
}

func (c *cluster) start(name string, args ...string) *proc {
	c.t.Helper()
	p := &proc{name: name, cmd: exec.Command(c.bin, args...), log: &syncBuffer{}, done: make(chan struct{})}
	p.cmd.Env = c.env
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	c.procs = append(c.procs, p)
	return p
}

// serve starts `ckm serve` and waits until it answers.
func (c *cluster) serve(args ...string) *proc {
	c.t.Helper()
	p := c.start("serve", append([]string{"serve"}, args...)...)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(c.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return p
			}
		}
		select {
		case <-p.done:
			c.t.Fatalf("serve exited: %s", p.log.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	c.t.Fatalf("serve did not answer: %s", p.log.String())
	return nil
}

func (p *proc) signal(sig syscall.Signal) {
	if p.cmd.Process != nil {
		p.cmd.Process.Signal(sig)
	}
	select {
	case <-p.done:
	case <-time.After(60 * time.Second):
	}
}

// enqueue sends docs and returns the IDs whose enqueue was acknowledged.
func (c *cluster) enqueue(docs []ckm.Document) []string {
	c.t.Helper()
	qc, err := queues.NewClient(queues.Config{RedisAddr: "127.0.0.1:" + strconv.Itoa(c.redisPort)})
	if err != nil {
		c.t.Fatal(err)
	}
	defer qc.Close()
	var acked []string
	for _, d := range docs {
		if _, err := qc.Enqueue(context.Background(), d); err == nil {
			acked = append(acked, d.ID)
		}
	}
	return acked
}

// indexed returns the number of documents the server reports, or -1 when
// it does not answer.
func (c *cluster) indexed() int {
	resp, err := http.Get(c.base + "/v1/search?limit=1")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var r struct{ Total int }
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&r) != nil {
		return -1
	}
	return r.Total
}

// waitIndexed waits until at least n documents are indexed.
func (c *cluster) waitIndexed(n int, within time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(within)
	last := 0
	for time.Now().Before(deadline) {
		if last = c.indexed(); last >= n {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	c.t.Fatalf("%d documents indexed after %s, want %d", last, within, n)
}

// checkExactly checks that the index holds exactly the acknowledged
// documents: the total matches and each one is there.
func (c *cluster) checkExactly(acked []string) {
	c.t.Helper()
	if got := c.indexed(); got != len(acked) {
		c.t.Errorf("index holds %d documents, %d were acknowledged", got, len(acked))
	}
	for _, id := range acked {
		resp, err := http.Get(c.base + "/v1/documents/" + id)
		if err != nil {
			c.t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			c.t.Errorf("acknowledged document %s: %s", id, resp.Status)
		}
	}
}

// inFlight fails the test unless queue has tasks waiting or running: a
// fault injected then hits work in progress.
func (c *cluster) inFlight(queue string) {
	c.t.Helper()
	sizes := c.sizes()
	for _, s := range sizes {
		if s.Queue == queue && s.Pending+s.Active > 0 {
			c.t.Logf("fault injected with %d pending and %d active tasks in %s", s.Pending, s.Active, queue)
			return
		}
	}
	c.t.Fatalf("nothing in flight in %s when the fault was injected: %+v", queue, sizes)
}

// issues returns n GitHub issues from the dev data: long enough that
// analysis is still running when a fault is injected.
func issues(t *testing.T, n int) []ckm.Document {
	return devDocs(t, "needs/github-issues.jsonl", n)
}

// reviews returns n app reviews from the dev data.
func reviews(t *testing.T, n int) []ckm.Document {
	return devDocs(t, "needs/app-reviews.jsonl", n)
}

func devDocs(t *testing.T, file string, n int) []ckm.Document {
	t.Helper()
	f, err := os.Open(testutil.SharedData(t, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []ckm.Document
	s := ckm.NewScanner(bufio.NewReader(f))
	for s.Scan() && len(docs) < n {
		d, err := s.Document()
		if err != nil {
			t.Fatalf("%s:%d: %v", file, s.Line(), err)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestFaultWorkerKilled(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	c.serve("--analyze=false")
	w := c.start("worker-1", "worker", "--concurrency", "4")
	acked := c.enqueue(issues(t, 1500))
	c.waitIndexed(50, 2*time.Minute)
	c.inFlight(queues.QueueDefault)
	w.signal(syscall.SIGKILL)
	c.start("worker-2", "worker", "--concurrency", "4")
	c.waitIndexed(len(acked), 4*time.Minute)
	c.checkExactly(acked)
}

func TestFaultIndexOwnerKilled(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	owner := c.serve("--analyze=false")
	c.start("worker", "worker", "--concurrency", "4")
	acked := c.enqueue(issues(t, 1500))
	c.waitIndexed(50, 2*time.Minute)
	c.inFlight(queues.QueueDefault)
	owner.signal(syscall.SIGKILL) // analysed records wait in the index queue
	time.Sleep(time.Second)
	c.serve("--analyze=false")
	c.waitIndexed(len(acked), 4*time.Minute)
	c.checkExactly(acked)
}

func TestFaultRedisRestarted(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	c.serve("--concurrency", "4")
	acked := c.enqueue(issues(t, 1500))
	c.waitIndexed(50, 2*time.Minute)
	c.inFlight(queues.QueueDefault)
	c.redisStop() // SIGKILL: no clean shutdown, the AOF is all there is
	time.Sleep(2 * time.Second)
	c.startRedis()
	c.waitIndexed(len(acked), 4*time.Minute)
	c.checkExactly(acked)
}

func TestFaultPoisonedDocument(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	c.serve()
	docs := reviews(t, 20)
	poison := ckm.Document{ID: "poison-1", Client: "x", Text: "This one trips the analyser: " + poisonMarker}
	acked := c.enqueue(append(docs[:10:10], append([]ckm.Document{poison}, docs[10:]...)...))
	c.waitIndexed(len(acked)-1, 2*time.Minute)

	qc, err := queues.NewClient(queues.Config{RedisAddr: "127.0.0.1:" + strconv.Itoa(c.redisPort)})
	if err != nil {
		t.Fatal(err)
	}
	defer qc.Close()
	e := queues.Enqueued{ID: poison.ID, TaskID: queues.TaskID(normalized(poison)), Queue: queues.QueueDefault}
	deadline := time.Now().Add(time.Minute)
	var st queues.TaskState
	for time.Now().Before(deadline) {
		if st, err = qc.State(context.Background(), e); err != nil || st.State == queues.StateFailed {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if st.State != queues.StateFailed || !strings.Contains(st.Err, "panic") {
		t.Errorf("poisoned document: state %+v, %v; want failed (archived) with the panic as reason", st, err)
	}
	var good []string
	for _, id := range acked {
		if id != poison.ID {
			good = append(good, id)
		}
	}
	c.checkExactly(good)
}

func normalized(d ckm.Document) ckm.Document {
	d.Normalize()
	return d
}

func TestFaultGracefulShutdown(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	owner := c.serve("--concurrency", "4")
	acked := c.enqueue(issues(t, 1500))
	c.waitIndexed(50, 2*time.Minute)
	c.inFlight(queues.QueueDefault)
	owner.signal(syscall.SIGTERM)
	if code := owner.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("serve exited with %d after SIGTERM:\n%s", code, owner.log.String())
	}
	// Tasks in flight were finished or handed back, not left to a lease
	// expiry: the restarted server finishes well within the lease.
	c.serve("--concurrency", "4")
	c.waitIndexed(len(acked), 3*time.Minute)
	c.checkExactly(acked)
}

// TestFaultDiskFull puts the index on a small tmpfs that is full (below
// the index's free-space minimum) while documents arrive, checks that the
// server keeps answering and reports the fault, and that the documents
// wait well past their retry limit without being archived; then grows the
// disk and checks that every acknowledged document gets indexed exactly
// once with no manual step.
func TestFaultDiskFull(t *testing.T) {
	t.Parallel()
	c := newCluster(t)
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("mount tmpfs (CI runs as root): %v: %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (not root?): %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	c.env = append(c.env, "CKM_DATA_DIR="+dir)
	c.serve("--concurrency", "4")
	acked := c.enqueue(issues(t, 600))

	// The fault shows: /healthz is degraded with the reason, /metrics
	// counts the waiting documents and the free bytes.
	deadline := time.Now().Add(time.Minute)
	var health string
	var waiting float64
	for time.Now().Before(deadline) {
		health, waiting = c.healthz(), c.metric("ckm_worker_waiting_documents")
		if strings.Contains(health, "disk nearly full") && waiting > 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(health, `"status":"degraded"`) || !strings.Contains(health, "disk nearly full") || waiting <= 0 {
		t.Fatalf("with a full disk: healthz %s, waiting documents %v; want degraded, disk nearly full, > 0", health, waiting)
	}
	if free := c.metric("ckm_index_free_bytes"); free < 0 || free > 1<<20 {
		t.Errorf("ckm_index_free_bytes = %v, want the tmpfs's free space (0..1 MiB)", free)
	}
	// Each fault try is about CKM_RETRY_MAX_DELAY (1 s) apart: 15 s is
	// well past queues.AnalyzeMaxRetry tries, after which a counted
	// failure would be archived.
	time.Sleep(15 * time.Second)
	if n := c.indexed(); n >= len(acked) {
		t.Fatalf("all %d documents fit on a 1 MB disk; make the disk smaller", n)
	}
	if a := c.archived(); a != 0 {
		t.Fatalf("%d accepted documents archived while the disk was full", a)
	}
	if out, err := exec.Command("mount", "-o", "remount,size=512m", dir).CombinedOutput(); err != nil {
		t.Fatalf("grow the tmpfs: %v: %s", err, out)
	}
	c.waitIndexed(len(acked), 5*time.Minute)
	c.checkExactly(acked)
	if a := c.archived(); a != 0 {
		t.Errorf("%d documents archived", a)
	}
	if h := c.healthz(); !strings.Contains(h, `"status":"ok"`) {
		t.Errorf("healthz after the disk grew: %s, want ok", h)
	}
}

// healthz returns the body of /healthz ("" when it does not answer).
func (c *cluster) healthz() string {
	resp, err := http.Get(c.base + "/healthz")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// metric returns the value of an unlabelled metric from /metrics, -1 when
// it is absent.
func (c *cluster) metric(name string) float64 {
	resp, err := http.Get(c.base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// archived counts the archived tasks of every queue.
func (c *cluster) archived() int {
	c.t.Helper()
	n := 0
	for _, s := range c.sizes() {
		n += s.Archived
	}
	return n
}

// sizes returns the sizes of the queues.
func (c *cluster) sizes() []queues.QueueSize {
	c.t.Helper()
	qc, err := queues.NewClient(queues.Config{RedisAddr: "127.0.0.1:" + strconv.Itoa(c.redisPort)})
	if err != nil {
		c.t.Fatal(err)
	}
	defer qc.Close()
	sizes, err := qc.Sizes(context.Background())
	if err != nil {
		c.t.Fatal(err)
	}
	return sizes
}

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMain makes the test binary, run with CKM_BENCH_ALLOC=N, a child that
// holds N MiB of touched memory for a moment and prints its cgroup.
func TestMain(m *testing.M) {
	if v := os.Getenv("CKM_BENCH_ALLOC"); v != "" {
		mib, _ := strconv.Atoi(v)
		b := make([]byte, mib<<20)
		for i := range b {
			b[i] = byte(i)
		}
		cg, _ := os.ReadFile("/proc/self/cgroup")
		fmt.Print(string(cg))
		time.Sleep(time.Second) // let the sampler see it
		fmt.Println(b[len(b)-1] + 1)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestStatusField(t *testing.T) {
	status := []byte("Name:\tckm\nVmHWM:\t  834560 kB\nRssAnon:\t  301212 kB\nRssFile:\t   12 kB\n")
	events := []byte("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n")
	for _, tt := range []struct {
		in     []byte
		name   string
		want   int64
		wantOK bool
	}{
		{status, "VmHWM", 834560, true},
		{status, "RssAnon", 301212, true},
		{status, "RssFile", 12, true},
		{status, "RssShmem", 0, false},
		{status, "Name", 0, false},
		{events, "oom_kill", 3, true},
	} {
		if got, ok := statusField(tt.in, tt.name); got != tt.want || ok != tt.wantOK {
			t.Errorf("statusField(%q) = %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.wantOK)
		}
	}
}

// runInCgroup runs the test binary as a child allocating mib MiB inside a
// new memory cgroup limited to limit bytes.
func runInCgroup(t *testing.T, mib int, limit int64) (out string, exitErr error, c *memCgroup, anon int64) {
	t.Helper()
	c, err := newMemCgroup(fmt.Sprintf("ckm-bench-test-%d-%d", os.Getpid(), mib), limit)
	if err != nil {
		t.Skipf("no memory cgroup here (root and a writable /sys/fs/cgroup are needed): %v", err)
	}
	t.Cleanup(c.remove)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	name, argv := c.command(self, []string{"-test.run=^$"})
	cmd := exec.Command(name, argv...)
	cmd.Env = append(os.Environ(), "CKM_BENCH_ALLOC="+strconv.Itoa(mib))
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w := watchMemory(cmd.Process.Pid)
	exitErr = cmd.Wait()
	anon, _ = w.peaks()
	w.close()
	return stdout.String(), exitErr, c, anon
}

func TestMemCgroupHoldsAProcess(t *testing.T) {
	out, err, c, anon := runInCgroup(t, 64, 256<<20)
	if err != nil {
		t.Fatalf("child within its limit failed: %v\n%s", err, out)
	}
	if !strings.Contains(out, filepath.Base(c.dir)) {
		t.Errorf("child's /proc/self/cgroup does not name %s:\n%s", c.dir, out)
	}
	peak, kills, err := c.peak()
	if err != nil {
		t.Fatal(err)
	}
	if peak < 64<<20 || peak > 256<<20 {
		t.Errorf("cgroup peak %d MiB, want between the 64 MiB the child touched and the 256 MiB limit", peak>>20)
	}
	if kills != 0 {
		t.Errorf("%d OOM kills within the limit", kills)
	}
	if anon < 64<<20 {
		t.Errorf("sampled RssAnon peak %d MiB, want at least the 64 MiB the child touched", anon>>20)
	}
}

func TestMemCgroupKillsPastItsLimit(t *testing.T) {
	out, err, c, _ := runInCgroup(t, 256, 64<<20)
	if err == nil {
		t.Fatalf("a child touching 256 MiB under a 64 MiB limit exited cleanly:\n%s", out)
	}
	peak, kills, perr := c.peak()
	if perr != nil {
		t.Fatal(perr)
	}
	if kills < 1 {
		t.Errorf("OOM kills = %d after %v, want at least 1", kills, err)
	}
	// The kernel charges pages in per-CPU batches (64 pages each), so the
	// peak it records may pass memory.max by a batch or two before the
	// OOM killer acts; a child not held by the limit would reach 256 MiB.
	const slack = 1 << 20
	if peak > 64<<20+slack {
		t.Errorf("cgroup peak %d KiB above its 64 MiB limit and a 1 MiB charge slack", peak>>10)
	}
}

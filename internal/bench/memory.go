package bench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Memory is what a `ckm serve` process's memory peaked at while the stack
// watched it.
type Memory struct {
	// HWM is the kernel's peak resident set size of the process (VmHWM):
	// its own memory and the pages of files it maps (the index segments).
	HWM int64
	// Anon and File are the highest RssAnon (the process's own memory,
	// mostly the Go heap) and RssFile (mapped index pages, which the
	// kernel may drop and read again) seen by sampling, every
	// memorySampleEvery.
	Anon, File int64
	// Limit is the memory cgroup limit serve ran under, 0 for none; Cgroup
	// is that cgroup's peak charge (the process's memory and the page
	// cache it read) and OOMKills how many times the kernel killed in it.
	Limit, Cgroup int64
	OOMKills      int
	// Workers is the highest VmHWM of the stack's `ckm worker` processes,
	// 0 when serve analyses itself.
	Workers int64
}

// memorySampleEvery is how often a stack reads its serve's RssAnon and
// RssFile.
const memorySampleEvery = 250 * time.Millisecond

// memWatch samples one process's RssAnon and RssFile until stopped.
type memWatch struct {
	pid  int
	stop chan struct{}
	done chan struct{}

	mu         sync.Mutex
	anon, file int64
}

// watchMemory starts sampling pid's memory.
func watchMemory(pid int) *memWatch {
	w := &memWatch{pid: pid, stop: make(chan struct{}), done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *memWatch) loop() {
	defer close(w.done)
	t := time.NewTicker(memorySampleEvery)
	defer t.Stop()
	for {
		w.sample()
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
	}
}

func (w *memWatch) sample() {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", w.pid))
	if err != nil {
		return // the process has exited
	}
	anon, _ := statusField(b, "RssAnon")
	file, _ := statusField(b, "RssFile")
	anon, file = anon<<10, file<<10
	w.mu.Lock()
	w.anon, w.file = max(w.anon, anon), max(w.file, file)
	w.mu.Unlock()
}

// peaks returns the highest RssAnon and RssFile sampled so far, after
// one more sample.
func (w *memWatch) peaks() (anon, file int64) {
	w.sample()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.anon, w.file
}

// close stops the sampling and waits for it.
func (w *memWatch) close() {
	close(w.stop)
	<-w.done
}

// statusField reads the number of a "Name: 123 kB" line of
// /proc/PID/status, or a "name 123" line of a cgroup's memory.events or
// memory.oom_control; ok is false when the line is missing or not a
// number.
func statusField(b []byte, name string) (n int64, ok bool) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && strings.TrimSuffix(f[0], ":") == name {
			n, err := strconv.ParseInt(f[1], 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// memCgroup is a memory cgroup made for one stack's serve process, with a
// limit, as a container runtime would make it: v1's memory controller
// when it is mounted, else v2's unified hierarchy.
type memCgroup struct {
	dir   string
	v2    bool
	limit int64
}

// newMemCgroup creates a memory cgroup named name with a limit of limit
// bytes. It needs root and a writable cgroup filesystem.
func newMemCgroup(name string, limit int64) (*memCgroup, error) {
	c := &memCgroup{limit: limit}
	limitFile := "memory.limit_in_bytes"
	switch {
	case exists("/sys/fs/cgroup/memory/memory.limit_in_bytes"):
		c.dir = filepath.Join("/sys/fs/cgroup/memory", name)
	case controllerEnabled("/sys/fs/cgroup/cgroup.subtree_control", "memory"):
		c.dir, c.v2, limitFile = filepath.Join("/sys/fs/cgroup", name), true, "memory.max"
	default:
		return nil, errors.New("bench: memory cgroup: no v1 memory controller and no v2 memory controller enabled under /sys/fs/cgroup")
	}
	if err := os.Mkdir(c.dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench: memory cgroup: %w (it needs root)", err)
	}
	if err := os.WriteFile(filepath.Join(c.dir, limitFile), []byte(strconv.FormatInt(limit, 10)), 0o644); err != nil {
		c.remove()
		return nil, fmt.Errorf("bench: memory cgroup: limit: %w", err)
	}
	return c, nil
}

// command returns the argv that runs bin args... inside the cgroup: a
// shell moves itself into it and then becomes bin, so that the process
// starts, and reads its limit, already inside.
func (c *memCgroup) command(bin string, args []string) (string, []string) {
	procs := filepath.Join(c.dir, "cgroup.procs")
	return "/bin/sh", append([]string{"-c", `echo $$ > "$0" && exec "$@"`, procs, bin}, args...)
}

// peak returns the cgroup's peak charge and how many processes the kernel
// killed in it for lack of memory.
func (c *memCgroup) peak() (peak int64, oomKills int, err error) {
	peakFile, eventsFile := "memory.max_usage_in_bytes", "memory.oom_control"
	if c.v2 {
		peakFile, eventsFile = "memory.peak", "memory.events"
	}
	b, err := os.ReadFile(filepath.Join(c.dir, peakFile))
	if err != nil {
		return 0, 0, fmt.Errorf("bench: memory cgroup: %w", err)
	}
	if peak, err = strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err != nil {
		return 0, 0, fmt.Errorf("bench: memory cgroup: %w", err)
	}
	if b, err := os.ReadFile(filepath.Join(c.dir, eventsFile)); err == nil {
		n, _ := statusField(b, "oom_kill")
		oomKills = int(n)
	}
	return peak, oomKills, nil
}

// remove deletes the cgroup; its processes must have exited.
func (c *memCgroup) remove() {
	for range 50 { // the kernel frees an exited process's cgroup a little later
		if err := os.Remove(c.dir); err == nil || os.IsNotExist(err) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// controllerEnabled reports whether a cgroup v2 subtree_control file
// lists controller.
func controllerEnabled(file, controller string) bool {
	b, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	for _, f := range strings.Fields(string(b)) {
		if f == controller {
			return true
		}
	}
	return false
}

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"log/slog"
	"math"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
)

// memoryLimitShare is the part of a memory cgroup's limit that serve and
// worker give the Go heap when GOMEMLIMIT is unset. The rest is left to
// the kernel for the index's memory-mapped segments, which the cgroup is
// also charged for but can drop and read again.
const memoryLimitShare = 0.8

// applyMemoryLimit sets the Go runtime's soft memory limit of a process
// that analyses or owns the index from the memory cgroup it runs in, so a
// container with a memory limit collects garbage before the kernel kills
// it instead of after. GOMEMLIMIT, when set, wins: the runtime has
// already read it. root is the filesystem holding /proc and /sys (os.DirFS("/")
// in production).
func applyMemoryLimit(root fs.FS, getenv func(string) string, log *slog.Logger) {
	if getenv("GOMEMLIMIT") != "" {
		log.Info("memory limit from GOMEMLIMIT", "bytes", debug.SetMemoryLimit(-1))
		return
	}
	limit, where, err := cgroupMemoryLimit(root)
	if err != nil {
		log.Debug("no memory cgroup limit read", "err", err)
		return
	}
	if limit <= 0 {
		return
	}
	soft := int64(float64(limit) * memoryLimitShare)
	debug.SetMemoryLimit(soft)
	log.Info("memory limit from the cgroup", "cgroup", where, "cgroup_bytes", limit, "go_soft_limit_bytes", soft)
}

// cgroupMemoryLimit reads the memory limit of the cgroup the process runs
// in, from /proc/self/cgroup and the cgroup filesystem under root: cgroup
// v2's memory.max, or v1's memory.limit_in_bytes. A limit of 0 means
// none is set ("max", or v1's near-MaxInt64 default).
func cgroupMemoryLimit(root fs.FS) (limit int64, where string, err error) {
	self, err := fs.ReadFile(root, "proc/self/cgroup")
	if err != nil {
		return 0, "", fmt.Errorf("memory limit: %w", err)
	}
	var v1, v2 string
	sc := bufio.NewScanner(bytes.NewReader(self))
	for sc.Scan() {
		// hierarchy-ID:controller-list:cgroup-path
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case parts[0] == "0" && parts[1] == "":
			v2 = parts[2]
		case hasController(parts[1], "memory"):
			v1 = parts[2]
		}
	}
	// A v1 memory controller, when mounted, is the one that limits.
	if v1 != "" {
		file := path.Join("sys/fs/cgroup/memory", strings.TrimPrefix(v1, "/"), "memory.limit_in_bytes")
		if b, err := fs.ReadFile(root, file); err == nil {
			n, err := parseLimit(b)
			return n, "/" + file, err
		}
	}
	if v2 != "" {
		for _, mnt := range []string{"sys/fs/cgroup", "sys/fs/cgroup/unified"} {
			file := path.Join(mnt, strings.TrimPrefix(v2, "/"), "memory.max")
			if b, err := fs.ReadFile(root, file); err == nil {
				n, err := parseLimit(b)
				return n, "/" + file, err
			}
		}
	}
	return 0, "", fmt.Errorf("memory limit: no memory controller for this process under /sys/fs/cgroup")
}

// hasController reports whether a /proc/self/cgroup controller list, such
// as "cpu,cpuacct", names c.
func hasController(list, c string) bool {
	for name := range strings.SplitSeq(list, ",") {
		if name == c {
			return true
		}
	}
	return false
}

// parseLimit reads a cgroup memory limit file: bytes, or "max". v1 writes
// "no limit" as a page-rounded MaxInt64, so anything above 2^62 is none.
func parseLimit(b []byte) (int64, error) {
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return 0, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("memory limit: %q: %w", s, err)
	}
	if n > 1<<62 || n > math.MaxInt64 {
		return 0, nil
	}
	return int64(n), nil
}

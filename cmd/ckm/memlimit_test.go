package main

import (
	"bytes"
	"log/slog"
	"runtime/debug"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCgroupMemoryLimit(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		wantLimit int64
		wantWhere string
		wantErr   bool
	}{
		{
			name: "v1 memory controller with a limit",
			files: map[string]string{
				"proc/self/cgroup": "4:memory:/kubepods/pod1\n1:cpu,cpuacct:/\n0::/\n",
				"sys/fs/cgroup/memory/kubepods/pod1/memory.limit_in_bytes": "524288000\n",
			},
			wantLimit: 524288000,
			wantWhere: "/sys/fs/cgroup/memory/kubepods/pod1/memory.limit_in_bytes",
		},
		{
			name: "v1 without a limit is page-rounded MaxInt64",
			files: map[string]string{
				"proc/self/cgroup": "4:memory:/process_api/x\n0::/\n",
				"sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes": "9223372036854771712\n",
			},
			wantLimit: 0,
			wantWhere: "/sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes",
		},
		{
			name: "v2 unified hierarchy",
			files: map[string]string{
				"proc/self/cgroup": "0::/system.slice/ckm.service\n",
				"sys/fs/cgroup/system.slice/ckm.service/memory.max": "1073741824\n",
			},
			wantLimit: 1 << 30,
			wantWhere: "/sys/fs/cgroup/system.slice/ckm.service/memory.max",
		},
		{
			name: "v2 max is no limit",
			files: map[string]string{
				"proc/self/cgroup":         "0::/\n",
				"sys/fs/cgroup/memory.max": "max\n",
			},
			wantLimit: 0,
			wantWhere: "/sys/fs/cgroup/memory.max",
		},
		{
			name: "garbage in the limit file",
			files: map[string]string{
				"proc/self/cgroup":         "0::/\n",
				"sys/fs/cgroup/memory.max": "lots\n",
			},
			wantWhere: "/sys/fs/cgroup/memory.max",
			wantErr:   true,
		},
		{
			name:    "no cgroup file",
			files:   map[string]string{},
			wantErr: true,
		},
		{
			name:    "no memory controller mounted",
			files:   map[string]string{"proc/self/cgroup": "3:cpu:/\n"},
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(data)}
			}
			limit, where, err := cgroupMemoryLimit(fsys)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if limit != tt.wantLimit || where != tt.wantWhere {
				t.Errorf("got %d from %q, want %d from %q", limit, where, tt.wantLimit, tt.wantWhere)
			}
		})
	}
}

func TestApplyMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	fsys := fstest.MapFS{
		"proc/self/cgroup":             {Data: []byte("0::/ckm\n")},
		"sys/fs/cgroup/ckm/memory.max": {Data: []byte("500000000\n")},
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))

	applyMemoryLimit(fsys, func(string) string { return "" }, log)
	if got, want := debug.SetMemoryLimit(-1), int64(400000000); got != want {
		t.Errorf("soft limit from a 500 MB cgroup = %d, want %d", got, want)
	}
	if !strings.Contains(logs.String(), "go_soft_limit_bytes=400000000") {
		t.Errorf("log does not say the limit: %s", logs.String())
	}

	debug.SetMemoryLimit(before)
	applyMemoryLimit(fsys, func(k string) string {
		if k == "GOMEMLIMIT" {
			return "300MiB"
		}
		return ""
	}, log)
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("with GOMEMLIMIT set the limit moved to %d; the runtime's own reading (%d) must stand", got, before)
	}
}

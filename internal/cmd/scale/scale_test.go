package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm/internal/bench"
	"github.com/ckmhq/ckm/internal/chart"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, got, want string }{
		{"list one", list([]int{20000}), "20,000"},
		{"list three", list([]int{100000, 300000, 1000000}), "100,000, 300,000 and 1,000,000"},
		{"ms", ms(1500 * time.Microsecond), "1.50 ms"},
		{"mib", mib(500 << 20), "500 MiB"},
		{"ratio", ratio(3*time.Millisecond, 2*time.Millisecond), "1.50×"},
		{"ratio of nothing", ratio(time.Millisecond, 0), "–"},
		{"met below 1M", verdict(true, 200000), "met at this size; 1M not run"},
		{"missed below 1M", verdict(false, 200000), "**missed** already at this size"},
		{"met at 1M", verdict(true, 1000000), "met"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

// measured is a run at two sizes with made-up figures.
func measured(dir string) *results {
	lat := func(ckm, fts time.Duration) map[string][]time.Duration {
		return map[string][]time.Duration{engineCKM: {ckm, 2 * ckm}, engineCKMBare: {ckm / 2}, engineFTS5: {fts, 3 * fts}}
	}
	size := func(n int) sizeRun {
		return sizeRun{docs: n, added: n / 2, ingest: time.Duration(n) * time.Millisecond, textBytes: int64(n) * 300,
			indexBytes: int64(n) * 2000, fts5Bytes: int64(n) * 700, fts5Build: time.Second, mem: bench.Memory{HWM: 300 << 20, Anon: 200 << 20, File: 100 << 20}, qps: 40,
			warm: lat(2*time.Millisecond, 3*time.Millisecond), fresh: lat(5*time.Millisecond, 3*time.Millisecond), matched: map[string]int{engineCKM: 400}}
	}
	return &results{
		opts:    options{sizes: []int{20000, 50000, 100000}, out: filepath.Join(dir, "BENCHMARKS.md"), charts: dir, rounds: 5, fresh: 3, qpsClients: 4, qpsTime: 10 * time.Second},
		args:    "-sizes 20000,50000,100000",
		started: time.Now(), cores: 2, load: "1.0 1.0 1.0", commit: "abc1234",
		sizes:  []sizeRun{withHeap(size(20000), heapTop{err: "connection refused"}), withHeap(size(50000), heapTop{top: "Showing nodes accounting for 9MB, 90% of 10MB total"})},
		job:    &jobRun{job: bench.Job{ID: "j1", State: "done", Total: 50000, Done: 50000}, took: time.Minute, idle: []time.Duration{time.Millisecond}, busy: []time.Duration{time.Second}, mem: bench.Memory{HWM: 400 << 20, Anon: 250 << 20, File: 150 << 20, Limit: 500 << 20, Cgroup: 480 << 20}},
		phases: map[string]time.Duration{"ingest": time.Minute, "search": time.Minute},
	}
}

func withHeap(s sizeRun, h heapTop) sizeRun {
	s.heap = h
	return s
}

func TestMarkdown(t *testing.T) {
	t.Parallel()
	md := measured(t.TempDir()).markdown()
	for _, want := range []string{
		"Sizes run: **20,000 and 50,000 documents** (asked for 20,000, 50,000 and 100,000",
		"**this run's largest size is 50,000, so these are not figures at 1,000,000**",
		"nice -n 10 go run ./internal/cmd/scale -sizes 20000,50000,100000",
		"5.00 ms ÷ 3.00 ms = **1.67×** after a commit", // p50 with facets against FTS5's
		"**10.00 ms** (the worse of the two)",          // p99 of the after-a-commit rounds
		"**400 MiB** (VmHWM, ingest, search and re-analysis; own memory (RssAnon) peaked at 250 MiB, mapped index pages (RssFile) at 150 MiB; in a memory cgroup limited to 500 MiB, whose charge peaked at 480 MiB, with 0 OOM kills) | met at this size", // the job's peaks count
		"| 50,000 | 15.0 | 500 | 2,000 | 700 | 2.86× | 300 MiB (200 MiB + 100 MiB) | 40.0 |",
		"| 50,000 | 1m0s | 833 | 50,000 | 0 | 0 |",
		"At 20,000 documents: not taken (connection refused).",
		"At 50,000 documents:\n\n```text\nShowing nodes accounting for 9MB, 90% of 10MB total\n```",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestWriteKeepsOtherSections(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := measured(dir)
	report := "<!-- begin report -->\n# Benchmarks\nthe report\n<!-- end report -->\n"
	if err := os.WriteFile(r.opts.out, []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second write replaces the first's section
		if err := r.write(); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(r.opts.out)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if !strings.HasPrefix(doc, report) || strings.Count(doc, "<!-- begin scale -->") != 1 || !strings.HasSuffix(doc, "<!-- end scale -->\n") {
		t.Errorf("the file is not the report's section then one scale section:\n%s", doc)
	}
	for _, name := range []string{costPNG, latencyPNG} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != chart.Width || b.Dy() != chart.Height {
			t.Errorf("%s is %v", name, b)
		}
	}
}

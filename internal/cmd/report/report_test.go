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
	tests := []struct {
		name, got, want string
	}{
		{"thousands small", thousands(999), "999"},
		{"thousands", thousands(1234567), "1,234,567"},
		{"thousands negative", thousands(-1234), "-1,234"},
		{"sig small", sig(0.00123456), "0.00123"},
		{"sig large", sig(1234.5), "1,235"},
		{"memText", memText("24684096 kB"), "23.5 GiB"},
		{"memText unknown", memText("unknown"), "unknown"},
		{"ms", ms(1500 * time.Microsecond), "1.50 ms"},
		{"ms large", ms(26 * time.Millisecond), "26.0 ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}

const pprofTop = `Showing nodes accounting for 1.59s, 100% of 1.59s total
      flat  flat%   sum%        cum   cum%
         0     0%     0%      1.59s   100%  github.com/ckmhq/ckm/index.(*Index).Search
         0     0%     0%      0.62s 38.99%  github.com/blevesearch/bleve/v2/search/collector.(*TopNCollector).visitFieldTerms
         0     0%     0%      0.16s 10.06%  github.com/blevesearch/bleve/v2/search.(*FacetsBuilder).UpdateVisitor (inline)`

func TestProfileShare(t *testing.T) {
	tests := []struct {
		name, re string
		want     float64
		ok       bool
	}{
		{"found", `TopNCollector\)\.visitFieldTerms$`, 38.99, true},
		{"inline suffix", `UpdateVisitor`, 10.06, true},
		{"absent", `NewFuzzySearcher$`, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := profileShare(pprofTop, tt.re)
			if got != tt.want || ok != tt.ok {
				t.Errorf("profileShare = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
	if got := bench.TrimPprof("File: x\nType: cpu\n" + pprofTop); !strings.HasPrefix(got, "Showing nodes") {
		t.Errorf("TrimPprof kept the preamble: %q", got[:40])
	}
}

func TestCharts(t *testing.T) {
	dir := t.TempDir()
	r := &results{opts: options{charts: dir}, machine: machine{cores: 2}, ingestDocs: 2000,
		ceiling: []bench.Point{{Docs: 1000, Elapsed: time.Second}, {Docs: 2000, Elapsed: 2 * time.Second}},
		e2e:     []bench.Point{{Docs: 2000, Elapsed: 8 * time.Second}},
		search: []searchRun{{docs: 1000, engines: []bench.SearchResult{
			{Name: engineCKM, Latencies: []time.Duration{time.Millisecond, 3 * time.Millisecond}},
			{Name: engineCKMBare, Latencies: []time.Duration{600 * time.Microsecond, 2 * time.Millisecond}},
			{Name: engineCKMWords, Latencies: []time.Duration{400 * time.Microsecond, 800 * time.Microsecond}},
			{Name: engineFTS5, Latencies: []time.Duration{100 * time.Microsecond}},
			{Name: enginePostgres, Skipped: "no server"},
		}}},
		mixed: bench.MixedResult{SearchIdle: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}, SearchBusy: []time.Duration{15 * time.Millisecond, 50 * time.Millisecond},
			Posts: []time.Duration{300 * time.Millisecond}, PostedDocs: 200, IndexedDocs: 200},
	}
	if err := r.drawCharts(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{throughputPNG, latencyPNG} {
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
			t.Errorf("%s is %v, want %dx%d", name, b, chart.Width, chart.Height)
		}
	}
	md := r.markdown()
	for _, want := range []string{"## Search latency", "skipped: no server", "## Where ckm is behind",
		"### Mixed load", "p99 **2.50×**",
		"| search at 1,000 documents, cost of matching by meaning: ckm, facets=none ÷ ckm, facets=none, match=words, same index and queries, p50 / p99 | **1.50× / 2.50×** |",
		"Matching by meaning (the themes each word names, searched beside it) costs, against the same searches with `match=words` (both `facets=none`), p50 / p99 of 1.50× / 2.50× at 1,000 documents.", "| mixed load: p99 of a 200-document POST while 20 clients search | **300.0 ms** |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestWriteSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	scale := "<!-- begin scale -->\nS\n<!-- end scale -->\n"
	// A file from before sections: the old report goes, scale's section stays.
	if err := os.WriteFile(path, []byte("# Benchmarks\nold report\n\n"+scale), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, md := range []string{"# Benchmarks\nfirst\n", "# Benchmarks\nsecond\n"} {
		if err := writeSection(path, md); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := "<!-- begin report -->\n" + md + "<!-- end report -->\n" + scale
		if string(b) != want {
			t.Errorf("after writing %q the file is\n%s\nwant\n%s", md, b, want)
		}
	}
}

package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
)

func TestLoadBase(t *testing.T) {
	data := strings.TrimSuffix(testutil.SharedData(t, "README.md"), "README.md")
	base, err := LoadBase(data)
	if err != nil {
		t.Fatal(err)
	}
	perFile := map[string]int{}
	for _, d := range base {
		perFile[strings.SplitN(d.ID, "-", 2)[0]]++
	}
	t.Logf("%d documents: %v", len(base), perFile)
	// Every file contributes: github-issues' "at" and the odd client names
	// must not drop a file.
	for _, prefix := range []string{"nlbse", "banking77", "reclamacao"} {
		if perFile[prefix] == 0 {
			t.Errorf("no documents with id prefix %q", prefix)
		}
	}
	again, err := LoadBase(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ids(base[:20]), ids(again[:20])); diff != "" {
		t.Errorf("shuffle is not deterministic (-first +second):\n%s", diff)
	}
}

func ids(docs []ckm.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.ID
	}
	return out
}

func TestCycle(t *testing.T) {
	base := []ckm.Document{{ID: "a", Text: "x"}, {ID: "b", Text: "yy"}}
	got := Cycle(base, 5)
	want := []string{"a~0", "b~0", "a~1", "b~1", "a~2"}
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Errorf("Cycle ids (-want +got):\n%s", diff)
	}
	if n := TextBytes(got); n != 7 {
		t.Errorf("TextBytes = %d, want 7", n)
	}
}

func TestPct(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(101-i)*time.Millisecond)
	}
	tests := []struct {
		name string
		p    float64
		want time.Duration
	}{
		{"p50", 50, 50 * time.Millisecond},
		{"p99", 99, 99 * time.Millisecond},
		{"p100", 100, 100 * time.Millisecond},
		{"p0", 0, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Pct(ds, tt.p); got != tt.want {
				t.Errorf("Pct(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestVmHWM(t *testing.T) {
	got, err := vmHWM(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if got < 1<<20 {
		t.Errorf("peak RSS of this test = %d bytes, want at least 1 MiB", got)
	}
}

func TestParseSizes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []int
		err      bool
	}{
		{"one", "1000", []int{1000}, false},
		{"sorted, spaces, repeats", "1000000, 100000,300000,100000", []int{100000, 300000, 1000000}, false},
		{"zero", "0,10", nil, true},
		{"negative", "-5", nil, true},
		{"not a number", "100k", nil, true},
		{"empty", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseSizes(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("ParseSizes(%q) error = %v, want error %v", tt.in, err, tt.err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSizes(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestCycleRange(t *testing.T) {
	t.Parallel()
	base := []ckm.Document{{ID: "a", Text: "x"}, {ID: "b", Text: "y"}, {ID: "c", Text: "z"}}
	all := Cycle(base, 8)
	got := CycleRange(base, 5, 8)
	if diff := cmp.Diff(all[5:], got); diff != "" {
		t.Errorf("CycleRange(5, 8) (-Cycle[5:8] +got):\n%s", diff)
	}
	if got[0].ID != "c~1" {
		t.Errorf("document 5 is %q, want c~1", got[0].ID)
	}
}

// TestListingSeesAGrowingFile: settle must not take a merge that is still
// writing its segment for a quiet index.
func TestListingSeesAGrowingFile(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "000000000001.zap"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before := listing(dir)
	if _, err := f.Write([]byte("segment bytes")); err != nil {
		t.Fatal(err)
	}
	if after := listing(dir); after == before {
		t.Fatalf("listing unchanged after the file grew: %q", after)
	}
	if again := listing(dir); again != listing(dir) {
		t.Fatalf("listing of an unchanged directory differs: %q", again)
	}
}

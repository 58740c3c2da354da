package bench

import (
	"os"
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

package nlp

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the testdata/*.golden files from the current output")

// TestGolden analyses each testdata/*.input document (a JSON ckm.Document)
// and compares the Analysis, without its tokens, with testdata/*.golden.
// Refresh the goldens with go test ./nlp -update and review the diff.
func TestGolden(t *testing.T) {
	t.Parallel()
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.input"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no testdata/*.input files (%v)", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ckm.DecodeDocument(b)
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			a := analyze(t, doc)
			a.Tokens = nil
			got := marshalGolden(t, a)
			golden := strings.TrimSuffix(in, ".input") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./nlp -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs (-want +got); if the change is intended, run go test ./nlp -update and bump nlp.Version:\n%s", golden, diff)
			}
		})
	}
}

func marshalGolden(t *testing.T, a *Analysis) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// requirementsPath is the shared corpus of 625 requirement statements.
const requirementsPath = "../../shared/data/needs/requirements.jsonl"

// TestRequirementsInvariants analyses every line of the shared requirements
// corpus and checks the offset invariants.
func TestRequirementsInvariants(t *testing.T) {
	t.Parallel()
	f, err := os.Open(requirementsPath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent; the shared data set is not checked out here", requirementsPath)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		var line struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		analyze(t, ckm.Document{ID: line.ID, Text: line.Text})
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 625 {
		t.Errorf("analysed %d lines, want 625", n)
	}
}

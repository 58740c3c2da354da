package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
)

// TestAnalyzeRequirements runs `ckm analyze` over every requirement
// sentence and checks the contract: one valid JSON line per input line, in
// order, with offsets that slice the text exactly.
func TestAnalyzeRequirements(t *testing.T) {
	path := testutil.SharedData(t, "needs/requirements.jsonl")
	in, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ckm.Document
	s := ckm.NewScanner(bytes.NewReader(in))
	for s.Scan() {
		d, err := s.Document()
		if err != nil {
			t.Fatalf("line %d: %v", s.Line(), err)
		}
		docs = append(docs, d)
	}
	if len(docs) != 625 {
		t.Fatalf("read %d documents, want 625", len(docs))
	}

	var out bytes.Buffer
	err = run(context.Background(), []string{"analyze", path}, func(string) string { return "" }, nil, &out, io.Discard)
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(docs) {
		t.Fatalf("analyze printed %d lines, want %d", len(lines), len(docs))
	}
	needs := 0
	for i, l := range lines {
		var a analysisLine
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("line %d: %v: %q", i+1, err, l)
		}
		text := docs[i].Text
		if a.ID != docs[i].ID || a.Version == "" || a.Language == "" {
			t.Fatalf("line %d: id %q version %q language %q, want id %q", i+1, a.ID, a.Version, a.Language, docs[i].ID)
		}
		for _, e := range a.Entities {
			if e.Start < 0 || e.Start > e.End || e.End > len(text) || text[e.Start:e.End] != e.Text {
				t.Errorf("%s: entity %+v does not slice the text", a.ID, e)
			}
		}
		for _, n := range a.Needs {
			if n.Start < 0 || n.Start > n.End || n.End > len(text) || text[n.Start:n.End] != n.Text {
				t.Errorf("%s: need %+v does not slice the text", a.ID, n)
			}
		}
		needs += len(a.Needs)
	}
	if needs == 0 {
		t.Error("no needs found in 625 requirements")
	}
}

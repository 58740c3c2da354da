package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// evaluation is one quality command of EVALUATION.md, re-run.
type evaluation struct {
	title, command, output, err string
	took                        time.Duration
}

// requirementLabels are the labels of needs/requirements.jsonl that are
// requirements (all of them), as in EVALUATION.md.
const requirementLabels = "F,US,SE,O,PE,LF,A,SC,MN,L,FT,PO"

func runQuality(ctx context.Context, r *results, dir string) error {
	data, bin := r.opts.data, r.opts.bin
	held := filepath.Join(dir, "req-test.jsonl") // shown as /tmp/req-test.jsonl
	if err := heldOutRequirements(filepath.Join(data, "needs/requirements.jsonl"), held); err != nil {
		return err
	}
	specs := []struct {
		title, shown string
		argv         []string
		keep         func(string) string
	}{
		{"Entities, WNUT-17 dev (English)", bin + " eval entities --format wnut " + data + "/ner/wnut17-dev.conll",
			[]string{bin, "eval", "entities", "--format", "wnut", data + "/ner/wnut17-dev.conll"}, dropTiming},
		{"Entities, LeNER-Br dev (Portuguese)", bin + " eval entities --format conll --lang pt " + data + "/ner/lener-br-dev.conll",
			[]string{bin, "eval", "entities", "--format", "conll", "--lang", "pt", data + "/ner/lener-br-dev.conll"}, dropTiming},
		{"Needs model, 5-fold cross-validation (app reviews, GitHub issues)", "go run ./internal/cmd/trainneeds -data " + data + " -cv-only",
			[]string{"go", "run", "./internal/cmd/trainneeds", "-data", data, "-cv-only"}, fromLine("file ")},
		{"Needs, requirements held out (NR%5==0), explicit", "awk 'NR%5==0' " + data + "/needs/requirements.jsonl > /tmp/req-test.jsonl\n" + bin + " eval needs /tmp/req-test.jsonl --positive " + requirementLabels + " --kind explicit --worst 0",
			[]string{bin, "eval", "needs", held, "--positive", requirementLabels, "--kind", "explicit", "--worst", "0"}, untilLine("false positives")},
		{"Needs, Portuguese hand-labelled sentences", "go test ./nlp -run TestPortugueseNeeds -v -count=1",
			[]string{"go", "test", "./nlp", "-run", "TestPortugueseNeeds", "-v", "-count=1"}, grepLines(" sentences, tp ")},
		{"Search relevance (ckm against SQLite FTS5, 41 judged queries)", "go run ./internal/cmd/releval",
			[]string{"go", "run", "./internal/cmd/releval"}, fromLine("mean over")},
	}
	for _, s := range specs {
		ev := evaluation{title: s.title, command: s.shown}
		t0 := time.Now()
		cmd := exec.CommandContext(ctx, s.argv[0], s.argv[1:]...)
		out, err := cmd.Output()
		ev.took = time.Since(t0)
		if err != nil {
			msg := err.Error()
			if ee, ok := err.(*exec.ExitError); ok {
				msg += ": " + lastLines(ee.Stderr, 3)
			}
			ev.err = msg
		}
		ev.output = strings.TrimSpace(strings.ReplaceAll(s.keep(string(out)), held, "/tmp/req-test.jsonl"))
		if err != nil && strings.HasPrefix(ev.output, "(no line") {
			ev.output = ""
		}
		r.quality = append(r.quality, ev)
	}
	return nil
}

// heldOutRequirements writes every fifth line of src (awk 'NR%5==0') to dst.
func heldOutRequirements(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var out []string
	for i, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if (i+1)%5 == 0 {
			out = append(out, l)
		}
	}
	return os.WriteFile(dst, []byte(strings.Join(out, "\n")+"\n"), 0o644)
}

func dropTiming(s string) string {
	var keep []string
	for l := range strings.SplitSeq(s, "\n") {
		if !strings.HasPrefix(l, "time:") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func fromLine(prefix string) func(string) string {
	return func(s string) string {
		lines := strings.Split(s, "\n")
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), prefix) {
				return strings.Join(lines[i:], "\n")
			}
		}
		return s
	}
}

func untilLine(prefix string) func(string) string {
	return func(s string) string {
		if i := strings.Index(s, prefix); i >= 0 {
			return s[:i]
		}
		return s
	}
}

func grepLines(subs ...string) func(string) string {
	return func(s string) string {
		var keep []string
		for l := range strings.SplitSeq(s, "\n") {
			for _, sub := range subs {
				if strings.Contains(l, sub) {
					keep = append(keep, strings.TrimSpace(l))
					break
				}
			}
		}
		if len(keep) == 0 {
			return fmt.Sprintf("(no line with %q in the output)", subs)
		}
		return strings.Join(keep, "\n")
	}
}

package nlp

import (
	"strings"
	"testing"
)

// TestParseBuiltin shows that a corrupt embedded file is an error from the
// loader, naming the file, and never a silent fallback to less.
func TestParseBuiltin(t *testing.T) {
	t.Parallel()
	if _, err := parseBuiltin(embeddedFiles); err != nil {
		t.Fatalf("the embedded files: %v", err)
	}
	tests := []struct {
		name    string
		corrupt func(*builtinFiles)
		want    string // in the error
	}{
		{"need model line", func(f *builtinFiles) { f.needModel += "explicit-review word-x not-a-number\n" }, "need model"},
		{"need model head", func(f *builtinFiles) { f.needModel = dropLines(f.needModel, "implied-ticket ") }, `no head "implied-ticket"`},
		{"kind veto line", func(f *builtinFiles) { f.kindVeto += "kind-veto word-x not-a-number\n" }, "kind veto"},
		{"kind veto head", func(f *builtinFiles) { f.kindVeto = dropLines(f.kindVeto, "kind-veto ") }, `no head "kind-veto"`},
		{"word clusters line", func(f *builtinFiles) { f.wordClusters += "invoic not-a-cluster\n" }, "word clusters: line"},
		{"word clusters empty", func(f *builtinFiles) { f.wordClusters = "# nothing\n" }, "word clusters: empty"},
		{"entity tagger", func(f *builtinFiles) { f.nerEN = f.nerEN[:len(f.nerEN)/2] }, "ner-en.bin"},
		{"entity tagger header", func(f *builtinFiles) { f.nerPT = []byte("not a model") }, "ner-pt.bin"},
		{"cues", func(f *builtinFiles) { f.cues += "en request\n" }, "nlp: cues line"},
		{"topics", func(f *builtinFiles) { f.topics += "broken-topic|no phrases\n" }, "topics.txt line"},
		{"concepts", func(f *builtinFiles) { f.concepts += "invoice fatura\n" }, "concepts.txt line"},
		{"products", func(f *builtinFiles) { f.productsCurated += "Excel\tXL||MS Excel\n" }, "products-curated.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := embeddedFiles
			tt.corrupt(&f)
			b, err := parseBuiltin(f)
			if err == nil {
				t.Fatalf("parseBuiltin = %v, nil; want an error", b)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %q", err, tt.want)
			}
		})
	}
}

// dropLines returns s without the lines that start with prefix.
func dropLines(s, prefix string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if !strings.HasPrefix(line, prefix) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// TestNewLoadsBuiltin shows that New hands its Analyzers the parsed files:
// every head of the need model, both taggers, the topics and concepts.
func TestNewLoadsBuiltin(t *testing.T) {
	t.Parallel()
	a, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range modelSources {
		if h := a.needs[src]; h.explicit == nil || h.implied == nil {
			t.Errorf("need model heads for %s: %+v", src, h)
		}
	}
	if a.ner[English] == nil || a.ner[Portuguese] == nil {
		t.Errorf("taggers: %v", a.ner)
	}
	if len(a.topics) == 0 || len(a.queryTopics) != len(a.topics) || len(a.concepts) == 0 || len(a.seedAnchors) == 0 {
		t.Errorf("topics %d, query topics %d, concepts %d, seed anchors %d", len(a.topics), len(a.queryTopics), len(a.concepts), len(a.seedAnchors))
	}
}

package main

import (
	"path/filepath"
	"testing"

	"github.com/ckmhq/ckm"
)

// TestJudgeAll checks that a document's grade is, over its topics, the
// least of its grade and the query's, the most of those, and 0 outside
// the query's filter.
func TestJudgeAll(t *testing.T) {
	about := map[string]map[string]int{
		"a": {"sso": 2, "billing": 1},
		"b": {"sso": 1},
		"c": {},
	}
	docs := map[string]ckm.Document{
		"a": {ID: "a", Client: "acme", Source: ckm.SourceEmail},
		"b": {ID: "b", Client: "globex", Source: ckm.SourceTicket},
		"c": {ID: "c", Client: "acme", Source: ckm.SourceTicket},
	}
	tests := []struct {
		name string
		q    judgedQuery
		want map[string]int
	}{
		{"the least of the two grades", judgedQuery{ID: "q", Grades: map[string]int{"sso": 2}}, map[string]int{"a": 2, "b": 1, "c": 0}},
		{"the most over the topics", judgedQuery{ID: "q", Grades: map[string]int{"sso": 1, "billing": 2}}, map[string]int{"a": 1, "b": 1, "c": 0}},
		{"a client filter", judgedQuery{ID: "q", Grades: map[string]int{"sso": 2}, Filter: map[string]string{"client": "globex"}}, map[string]int{"a": 0, "b": 1, "c": 0}},
		{"a source filter", judgedQuery{ID: "q", Grades: map[string]int{"sso": 2}, Filter: map[string]string{"source": "email"}}, map[string]int{"a": 2, "b": 0, "c": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := judgeAll([]judgedQuery{tt.q}, about, docs)["q"]
			for id, g := range tt.want {
				if got[id] != g {
					t.Errorf("%s: grade %d, want %d", id, got[id], g)
				}
			}
		})
	}
}

// TestScenariosSet checks that the scenarios set judges every document of
// its corpora once, and that every query has a relevant document inside
// its filter and only topics some document is about.
func TestScenariosSet(t *testing.T) {
	dir, err := filepath.Abs("../../../index/testdata/relevance/scenarios")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../../..") // about.jsonl names the corpora from the module root
	docs, about, err := loadScenarios(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 386 {
		t.Errorf("%d documents, want the 386 of examples/scenario*", len(docs))
	}
	queries, err := loadJSONL[judgedQuery](filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(queries) != 40 {
		t.Errorf("%d queries, want 40", len(queries))
	}
	topics := map[string]bool{}
	for _, ts := range about {
		for tp := range ts {
			topics[tp] = true
		}
	}
	byID := map[string]ckm.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	grades := judgeAll(queries, about, byID)
	for _, q := range queries {
		for tp := range q.Grades {
			if !topics[tp] {
				t.Errorf("%s: topic %q is no document's", q.ID, tp)
			}
		}
		rel := 0
		for _, g := range grades[q.ID] {
			if g == 2 {
				rel++
			}
		}
		if rel == 0 {
			t.Errorf("%s %q: no relevant document", q.ID, q.Q)
		}
	}
}

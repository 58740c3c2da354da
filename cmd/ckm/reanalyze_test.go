package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// TestReanalyze indexes the sample as if an older nlp version had analysed
// it, runs `ckm reanalyze --wait`, and checks that every document now
// carries the current version and that the job's counts match the index.
func TestReanalyze(t *testing.T) {
	dir := t.TempDir()
	docs := oldSample(t, filepath.Join(dir, "index"))
	s := startStackIn(t, dir)

	out, errs, err := s.cli("", "reanalyze", "--wait")
	if err != nil {
		t.Fatalf("reanalyze: %v\n%s%s", err, out, errs)
	}
	m := regexp.MustCompile(`^job (\S+): done (\d+), failed 0, skipped 0 in [0-9.]+ s\n$`).FindStringSubmatch(out)
	if m == nil || m[2] != itoa(len(docs)) {
		t.Fatalf("reanalyze said %q, want done %d", out, len(docs))
	}
	for _, d := range docs {
		rec := s.getRecord(t, d.ID)
		if rec.Analysis.Version != nlp.Version {
			t.Errorf("%s: version %q after re-analysis, want %q", d.ID, rec.Analysis.Version, nlp.Version)
		}
	}
	var job jobInfo
	if err := (&config{server: s.base}).call(context.Background(), &env{getenv: s.getenv}, http.MethodGet, "/v1/jobs/"+m[1], nil, &job); err != nil {
		t.Fatal(err)
	}
	if job.State != "done" || job.Total != int64(len(docs)) || job.Enqueued != job.Done || job.Remaining != 0 {
		t.Errorf("job report %+v, want done with total = enqueued = done = %d", job, len(docs))
	}
	if r := s.search(t, nil); r.Total != len(docs) {
		t.Errorf("%d documents in the index after re-analysis, want %d", r.Total, len(docs))
	}

	// Nothing is stale now: a second job has nothing to do; --force redoes all.
	if out, _, err := s.cli("", "reanalyze", "--wait"); err != nil || !strings.Contains(out, ": done 0, failed 0, skipped 0") {
		t.Errorf("second reanalyze: %v: %q", err, out)
	}
	out, _, err = s.cli("", "reanalyze", "--wait", "--force", "--client", "globex")
	if err != nil || !strings.Contains(out, ": done "+itoa(countClient(docs, "globex"))+", failed 0") {
		t.Errorf("forced reanalyze of globex: %v: %q", err, out)
	}
}

// TestReanalyzeCancelMidRun cancels a job whose documents are all queued
// and none analysed yet (serve does not analyse, and no worker runs until
// after the cancel), then starts a worker: every queued document must be
// skipped, not analysed, and the job must say so. Resuming it then
// re-analyses them all.
func TestReanalyzeCancelMidRun(t *testing.T) {
	dir := t.TempDir()
	docs := oldSample(t, filepath.Join(dir, "index"))
	s := startStackIn(t, dir, "--analyze=false")

	out, errs, err := s.cli("", "reanalyze")
	if err != nil {
		t.Fatalf("reanalyze: %v\n%s%s", err, out, errs)
	}
	m := regexp.MustCompile(`^job (\S+) started`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("reanalyze said %q, want a job id", out)
	}
	id := m[1]
	// The job pages the index in the background; wait until every
	// document is queued.
	job := s.waitJob(t, id, func(j jobInfo) bool { return j.Enqueued == int64(len(docs)) })
	if job.State != "running" || job.Done != 0 {
		t.Fatalf("before the cancel: %+v, want running with nothing done (no analyser runs)", job)
	}
	if out, _, err := s.cli("", "jobs", "--cancel", id); err != nil || !strings.Contains(out, "cancelled") {
		t.Fatalf("jobs --cancel: %v: %q", err, out)
	}

	s.background(t, "worker")
	job = s.waitJob(t, id, func(j jobInfo) bool { return j.Skipped == int64(len(docs)) })
	if job.State != "cancelled" || job.Done != 0 || job.Failed != 0 {
		t.Errorf("after the cancel: %+v, want cancelled with every document skipped", job)
	}
	for _, d := range docs {
		if v := s.getRecord(t, d.ID).Analysis.Version; v != "0-old" {
			t.Errorf("%s: version %q after a cancelled job, want it untouched", d.ID, v)
		}
	}

	out, _, err = s.cli("", "jobs", "--resume", "--wait", id)
	if err != nil || !strings.Contains(out, ": done "+itoa(len(docs))+", failed 0, skipped 0") {
		t.Fatalf("jobs --resume --wait: %v: %q", err, out)
	}
	for _, d := range docs {
		if v := s.getRecord(t, d.ID).Analysis.Version; v != nlp.Version {
			t.Errorf("%s: version %q after the resumed job, want %q", d.ID, v, nlp.Version)
		}
	}
}

// waitJob polls job id until ok holds, for up to a minute.
func (s *stack) waitJob(t *testing.T, id string, ok func(jobInfo) bool) jobInfo {
	t.Helper()
	c := &config{server: s.base}
	var j jobInfo
	for deadline := time.Now().Add(time.Minute); ; {
		if err := c.call(context.Background(), &env{getenv: s.getenv}, http.MethodGet, "/v1/jobs/"+id, nil, &j); err != nil {
			t.Fatal(err)
		}
		if ok(j) {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s: %+v after a minute", id, j)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// oldSample writes examples/sample.jsonl into a new index at path as an
// older analyser would have: version "0-old", no needs.
func oldSample(t *testing.T, path string) []ckm.Document {
	t.Helper()
	f, err := os.Open("../../examples/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	ix, err := index.Open(ctx, index.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	var docs []ckm.Document
	sc := ckm.NewScanner(f)
	for sc.Scan() {
		d, err := sc.Document()
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
		a := nlp.Analysis{ID: d.ID, Language: nlp.English, Version: "0-old",
			Sentences: []nlp.Sentence{{Text: d.Text, End: len(d.Text), Language: nlp.English}}}
		if err := ix.Put(ctx, index.Record{Document: d, Analysis: a}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return docs
}

func (s *stack) getRecord(t *testing.T, id string) index.Record {
	t.Helper()
	resp, err := http.Get(s.base + "/v1/documents/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rec struct {
		Document ckm.Document `json:"document"`
		Analysis nlp.Analysis `json:"analysis"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&rec); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %s %v", id, resp.Status, err)
	}
	return index.Record{Document: rec.Document, Analysis: rec.Analysis}
}

func countClient(docs []ckm.Document, client string) int {
	n := 0
	for _, d := range docs {
		if d.Client == client {
			n++
		}
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestSweep checks that the scheduled sweep finds documents of an older
// version and re-analyses them without being asked.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	docs := oldSample(t, filepath.Join(dir, "index"))
	s := startStackIn(t, dir, "--sweep-interval", "1s")
	deadline := time.Now().Add(2 * time.Minute)
	for _, d := range docs {
		for s.getRecord(t, d.ID).Analysis.Version != nlp.Version {
			if time.Now().After(deadline) {
				t.Fatalf("%s still has the old version after the sweep", d.ID)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	out, _, err := s.cli("", "jobs")
	if err != nil || strings.Count(out, "\n") != 1 {
		t.Errorf("jobs after the sweep: %v\n%s\nwant exactly one job", err, out)
	}
}

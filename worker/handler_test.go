package worker

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
)

func TestNewRecord(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.FixedZone("BRT", -3*3600))
	doc := ckm.Document{ID: "a", Client: "globex", Text: "We need SSO."}
	tests := []struct {
		name string
		in   nlp.Analysis
	}{
		{
			name: "analysis kept whole (the codec drops the tokens)",
			in: nlp.Analysis{ID: "a", Language: nlp.English, Version: "v",
				Tokens: []nlp.Token{{Text: "We", End: 2}},
				Needs:  []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Text: "We need SSO.", End: 12}}},
		},
		{name: "empty", in: nlp.Analysis{ID: "a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := tt.in
			got := NewRecord(doc, &in, "hash", now)
			want := index.Record{Document: doc, Analysis: tt.in, ContentHash: "hash", IndexedAt: now.UTC()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("NewRecord (-want +got):\n%s", diff)
			}
			b, err := index.EncodeRecord(got)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := index.DecodeRecord(b)
			if err != nil {
				t.Fatal(err)
			}
			if dec.Analysis.Tokens != nil || len(dec.Analysis.Needs) != len(tt.in.Needs) {
				t.Errorf("encoded record: tokens %v, %d needs; want no tokens, %d needs", dec.Analysis.Tokens, len(dec.Analysis.Needs), len(tt.in.Needs))
			}
			if len(in.Tokens) != len(tt.in.Tokens) {
				t.Error("NewRecord or the codec changed the caller's analysis")
			}
		})
	}
}

// panicky is an analyser that panics: no real document reliably does.
type panicky struct{}

func (panicky) Analyze(context.Context, ckm.Document) (*nlp.Analysis, error) {
	panic("boom")
}

// brokenIndex fails every Put, as a full disk would.
type brokenIndex struct{ err error }

func (b brokenIndex) Put(context.Context, index.Record) error { return b.err }
func (b brokenIndex) Ready(context.Context) error             { return nil }

func openIndex(t *testing.T) *index.Index {
	t.Helper()
	ix, err := index.Open(context.Background(), index.Config{Path: t.TempDir() + "/ix"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func TestProcessTask(t *testing.T) {
	t.Parallel()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	good, err := queues.NewAnalyzeTask(ckm.Document{ID: "call-1", Client: "globex",
		Text: "Agent: Do you need SSO?\nCustomer: We need project numbers on invoices."})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		analyzer  analyzer
		index     indexer
		task      *asynq.Task
		skipRetry bool // archived at once, with its reason
		wantErr   bool
	}{
		{name: "indexed", analyzer: an, task: good},
		{name: "garbage payload", analyzer: an, task: asynq.NewTask(queues.TypeAnalyze, []byte("\xff")), wantErr: true, skipRetry: true},
		{name: "analyser panics", analyzer: panicky{}, task: good, wantErr: true, skipRetry: true},
		{name: "index fails", analyzer: an, index: brokenIndex{errors.New("no space left on device")}, task: good, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ix := tt.index
			var real *index.Index
			if ix == nil {
				real = openIndex(t)
				ix = real
			}
			err := NewAnalyzeHandler(tt.analyzer, IndexSink{Index: ix}, nil, nil).ProcessTask(context.Background(), tt.task)
			if (err != nil) != tt.wantErr || errors.Is(err, asynq.SkipRetry) != tt.skipRetry {
				t.Fatalf("ProcessTask error = %v, want error %v with SkipRetry %v", err, tt.wantErr, tt.skipRetry)
			}
			if real == nil {
				return
			}
			if tt.wantErr {
				if _, err := real.Get(context.Background(), "call-1"); !errors.Is(err, index.ErrNotFound) {
					t.Errorf("a failed task left a record: %v", err)
				}
				return
			}
			rec, err := real.Get(context.Background(), "call-1")
			if err != nil {
				t.Fatalf("Get after a successful task: %v", err)
			}
			if len(rec.Document.Turns) != 2 || rec.Document.Turns[1].Role != ckm.RoleCustomer {
				t.Errorf("turns not found from speaker labels: %+v", rec.Document.Turns)
			}
			for _, n := range rec.Analysis.Needs {
				if n.Speaker == nlp.SpeakerAgent && n.Cue == "request" {
					t.Errorf("the agent's question became a need: %+v", n)
				}
			}
			if len(rec.Analysis.Needs) == 0 {
				t.Error("no need found in the customer's request")
			}
		})
	}
}

func TestProcessTaskHonoursContext(t *testing.T) {
	t.Parallel()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	task, err := queues.NewAnalyzeTask(ckm.Document{ID: "x", Text: "We need SSO."})
	if err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = NewAnalyzeHandler(an, IndexSink{Index: ix}, nil, nil).ProcessTask(ctx, task)
	if !errors.Is(err, context.Canceled) || errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("error = %v, want a retryable context.Canceled", err)
	}
	if _, err := ix.Get(context.Background(), "x"); !errors.Is(err, index.ErrNotFound) {
		t.Errorf("a cancelled task was indexed: %v", err)
	}
}

package worker

import (
	"context"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// TestProcessTaskRedacts checks that a document queued in clear by a
// producer that does not redact is redacted before it is indexed, and that
// entity:cpf still finds it by its placeholder.
func TestProcessTaskRedacts(t *testing.T) {
	t.Parallel()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	red, err := nlp.NewRedactor(nlp.RedactConfig{})
	if err != nil {
		t.Fatal(err)
	}
	task, err := queues.NewAnalyzeTask(ckm.Document{ID: "pii-1", Client: "globex", Subject: "from ana@x.io",
		Text: "Customer: my CPF is 529.982.247-25 and my email ana@x.io; we need invoices with the PO number."})
	if err != nil {
		t.Fatal(err)
	}
	ix := openIndex(t)
	if err := NewAnalyzeHandler(an, IndexSink{Index: ix}, nil, nil).WithRedactor(red).ProcessTask(context.Background(), task); err != nil {
		t.Fatal(err)
	}
	rec, err := ix.Get(context.Background(), "pii-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, clear := range []string{"529.982.247-25", "52998224725", "ana@x.io"} {
		if strings.Contains(rec.Document.Text+rec.Document.Subject, clear) {
			t.Errorf("indexed document holds %q: %q", clear, rec.Document.Text)
		}
	}
	if want := "Customer: my CPF is [CPF] and my email [EMAIL]; we need invoices with the PO number."; rec.Document.Text != want {
		t.Errorf("text = %q, want %q", rec.Document.Text, want)
	}
	if len(rec.Analysis.Needs) == 0 {
		t.Error("no need found in the redacted text")
	}
	res, err := ix.Search(context.Background(), index.Query{Text: "entity:cpf"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].ID != "pii-1" {
		t.Errorf("entity:cpf found %d hits, want pii-1 alone", res.Total)
	}
}

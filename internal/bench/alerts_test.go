package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
)

// TestMeasureAlerts runs MeasureAlerts on a small generated corpus: the
// arm with saved searches must deliver events, at most one delivery per
// saved search and batch, and both arms must have cost something.
func TestMeasureAlerts(t *testing.T) {
	texts := []string{
		"The app crashes on login and I cannot see my account.",
		"Refund my payment, the card was charged twice.",
		"Meu cartão foi cobrado duas vezes e o atendimento não resolve.",
		"Please add an export of the report to Excel.",
	}
	var docs []ckm.Document
	for i := range 40 {
		docs = append(docs, ckm.Document{ID: fmt.Sprint("d", i), Client: fmt.Sprint("c", i%3), Source: ckm.SourceTicket, Text: texts[i%len(texts)]})
	}
	c, err := MeasureAlerts(context.Background(), t.TempDir(), docs, 50, 20)
	if err != nil {
		t.Fatal(err)
	}
	if c.Events == 0 || c.Deliveries == 0 || c.Deliveries > 2*50 || c.Deliveries > c.Events {
		t.Errorf("%d events in %d deliveries; want some, at most one delivery per saved search and batch (2 batches of 50 searches)", c.Events, c.Deliveries)
	}
	if c.Without.IngestCPU <= 0 || c.With.IngestCPU <= 0 || c.With.MatchCPU <= 0 || c.Without.Wall <= 0 || c.With.Wall <= 0 {
		t.Errorf("costs without %+v and with %+v; want positive", c.Without, c.With)
	}
}

// BenchmarkMeasureAlerts is the report's saved-search measurement
// (MeasureAlerts: 1,500 development documents, 1,000 saved searches,
// batches of 500) as a benchmark, to profile:
//
//	go test ./internal/bench -run '^$' -bench MeasureAlerts -benchtime 1x -cpuprofile cpu.out
func BenchmarkMeasureAlerts(b *testing.B) {
	data := strings.TrimSuffix(testutil.SharedData(b, "README.md"), "README.md")
	base, err := LoadBase(data)
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]ckm.Document, 1500)
	for i := range docs {
		docs[i] = base[i*len(base)/len(docs)]
	}
	for b.Loop() {
		c, err := MeasureAlerts(context.Background(), b.TempDir(), docs, 1000, 500)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(c.CPURatio(), "cpu-with/without")
		b.ReportMetric(c.RateRatio(), "docs/s-with/without")
		b.ReportMetric(float64(c.With.Match.Milliseconds())/float64(len(docs)), "match-ms/doc")
		b.ReportMetric(float64(c.Without.CPU().Microseconds())/1e3/float64(len(docs)), "cpu-ms/doc-without")
		b.ReportMetric(float64(c.With.CPU().Microseconds())/1e3/float64(len(docs)), "cpu-ms/doc-with")
		b.ReportMetric(100*c.MatchShare(), "match-cpu-%")
		b.ReportMetric(100*float64(c.Without.MatchCPU)/float64(c.Without.IngestCPU), "match-cpu-%-without")
	}
}

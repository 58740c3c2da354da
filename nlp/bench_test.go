package nlp

import (
	"context"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/jdkato/prose/v3"
)

// benchText is a call note of about 450 words, the size the design's
// measurements use.
var benchText = strings.Repeat(`Thanks for joining, Mark. Mostly fine, but honestly the invoice export is frustrating: it takes forever and we export to Excel and add the project number manually. We need the project number on invoices, ideally by March 31, 2026. Sarah Connor from Globex Corporation in New York asked about invoice #4521 and PO 88-1200, which came to $12,400.00. Our budget for this quarter was approved at USD 10,000. It would be great if invoices could be split automatically. We're planning to open a new office in Austin next quarter and we're hiring 40 people. If this keeps happening we may not renew the contract. Send the quote to mark.lee@acme.com or call +1 (415) 555-0100. `, 4)

func BenchmarkAnalyze(b *testing.B) {
	ctx := context.Background()
	doc := ckm.Document{ID: "bench", Text: benchText}
	if _, err := Analyze(ctx, doc); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(strings.Fields(benchText))), "words/op")
}

// BenchmarkProseFull is the baseline: prose's full pipeline (segmentation,
// tokens, tags and entities on every sentence) on the same text.
func BenchmarkProseFull(b *testing.B) {
	if _, err := prose.NewDocument(benchText); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prose.NewDocument(benchText); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeParallel measures throughput with every core busy.
func BenchmarkAnalyzeParallel(b *testing.B) {
	ctx := context.Background()
	doc := ckm.Document{ID: "bench", Text: benchText}
	b.SetBytes(int64(len(benchText)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Analyze(ctx, doc); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkRedactDocument measures redaction (rule kinds, the default) on
// the text of BenchmarkAnalyze: compare its ns/op with BenchmarkAnalyze's
// in the same run for the share of a document's work it adds.
func BenchmarkRedactDocument(b *testing.B) {
	ctx := context.Background()
	r, err := NewRedactor(RedactConfig{})
	if err != nil {
		b.Fatal(err)
	}
	doc := ckm.Document{ID: "bench", Text: benchText}
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Document(ctx, doc); err != nil {
			b.Fatal(err)
		}
	}
}

package worker

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// sampleRecords are the records of examples/sample.jsonl as an analysing
// worker delivers them.
func sampleRecords(b *testing.B) []index.Record {
	b.Helper()
	f, err := os.Open("../examples/sample.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	an, err := nlp.New(nlp.Config{})
	if err != nil {
		b.Fatal(err)
	}
	var recs []index.Record
	sc := ckm.NewScanner(bufio.NewReader(f))
	for sc.Scan() {
		d, err := sc.Document()
		if err != nil {
			b.Fatal(err)
		}
		d = ingest.InferTurns(d)
		a, err := an.Analyze(context.Background(), d)
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, NewRecord(d, a, d.ContentHash(), time.Now()))
	}
	return recs
}

// BenchmarkForwardCodec measures the forward hop's JSON work per record:
// the worker's encoding and envelope, the owner's decoding. "go-names" is
// the path before the one record codec (json.Marshal of index.Record,
// wrapped as a RawMessage, decoded into index.Record), "codec" the path
// now (EncodeRecord, copied into the envelope, DecodeRecord).
func BenchmarkForwardCodec(b *testing.B) {
	recs := sampleRecords(b)
	b.Run("go-names", func(b *testing.B) {
		size := 0
		for i := 0; b.Loop(); i++ {
			rec := recs[i%len(recs)]
			rec.Analysis.Tokens = nil
			raw, err := json.Marshal(rec)
			if err != nil {
				b.Fatal(err)
			}
			payload, err := json.Marshal(queues.IndexPayload{Record: raw})
			if err != nil {
				b.Fatal(err)
			}
			size += len(payload)
			var p queues.IndexPayload
			var got index.Record
			if json.Unmarshal(payload, &p) != nil || json.Unmarshal(p.Record, &got) != nil {
				b.Fatal("decode")
			}
		}
		b.ReportMetric(float64(size)/float64(b.N), "payload-B/op")
	})
	b.Run("codec", func(b *testing.B) {
		size := 0
		for i := 0; b.Loop(); i++ {
			rec := recs[i%len(recs)]
			raw, err := index.EncodeRecord(rec)
			if err != nil {
				b.Fatal(err)
			}
			t, err := queues.NewIndexTask(rec.Document.ID, "k", raw, queues.JobRef{})
			if err != nil {
				b.Fatal(err)
			}
			size += len(t.Payload())
			var p queues.IndexPayload
			if json.Unmarshal(t.Payload(), &p) != nil {
				b.Fatal("decode")
			}
			if _, err := index.DecodeRecord(p.Record); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(size)/float64(b.N), "payload-B/op")
	})
}

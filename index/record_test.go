package index

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// goldenRecord is the record whose JSON forms, as the code before the one
// record codec wrote them, are in testdata/record.
func goldenRecord() Record {
	text := "Agent: Do you need SSO?\nCustomer: Yes, and the project number on every invoice INV-42."
	return Record{
		Document: ckm.Document{ID: "golden-1", Client: "globex", Source: ckm.SourceCall,
			At: time.Date(2026, 10, 3, 14, 5, 6, 0, time.FixedZone("", -3*3600)), Subject: "Renewal", Lang: "en", Text: text,
			Turns: []ckm.Turn{{Speaker: "Agent", Role: ckm.RoleAgent, Start: 0, End: 24}, {Speaker: "Customer", Role: ckm.RoleCustomer, Start: 24, End: len(text)}},
			Meta:  map[string]string{"at_source": "field", "email.from": "[EMAIL]"}},
		Analysis: nlp.Analysis{ID: "golden-1", Language: nlp.English, Version: "2026.11.10",
			Sentences: []nlp.Sentence{{Text: text[:23], Start: 0, End: 23, Language: nlp.English}, {Text: text[24:], Start: 24, End: len(text), Language: nlp.English}},
			Tokens:    []nlp.Token{{Text: "Agent", Start: 0, End: 5, Stem: "agent"}},
			Entities:  []nlp.Entity{{Text: "INV-42", Label: nlp.LabelReference, Start: len(text) - 7, End: len(text) - 1, Kind: "invoice", Value: "INV-42", Source: "rule"}},
			Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "project number", ThemeKey: "project number", Text: text[24:], Start: 24, End: len(text),
				Speaker: nlp.SpeakerCustomer, Confidence: 0.8}}},
		ContentHash: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		IndexedAt:   time.Date(2026, 11, 2, 10, 0, 0, 123, time.UTC),
	}
}

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "record", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSpace(b)
}

// TestEncodeRecordMatchesStored checks that EncodeRecord writes, byte for
// byte, what the index stored before it existed: indexes written by
// earlier versions hold the same form, and Get reads them.
func TestEncodeRecordMatchesStored(t *testing.T) {
	t.Parallel()
	want := readGolden(t, "stored-2026.11.json")
	got, err := EncodeRecord(goldenRecord())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("EncodeRecord:\n got %s\nwant %s", got, want)
	}
}

func TestDecodeRecord(t *testing.T) {
	t.Parallel()
	want := goldenRecord()
	want.Analysis.Tokens = nil
	tests := []struct {
		name string
		file string
	}{
		{name: "stored by the index", file: "stored-2026.11.json"},
		{name: "forwarded by a worker before the one codec (Go field names)", file: "forwarded-2026.11.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := DecodeRecord(readGolden(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("DecodeRecord (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecordRoundTrip(t *testing.T) {
	t.Parallel()
	rec := goldenRecord()
	b, err := EncodeRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Analysis.Tokens == nil || rec.Analysis.Sentences[0].Text == "" {
		t.Fatal("EncodeRecord changed the caller's record")
	}
	got, err := DecodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	want := rec
	want.Analysis.Tokens = nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DecodeRecord(EncodeRecord(rec)) (-want +got):\n%s", diff)
	}
	if _, err := DecodeRecord([]byte(`{"document":{"text":"ab"},"analysis":{"needs":[{"start":1,"end":9}]},"span_text":true}`)); err == nil {
		t.Error("DecodeRecord accepted a span outside the text")
	}
}

// TestRecordEncodedOncePerPut checks that storing a record encodes it once.
func TestRecordEncodedOncePerPut(t *testing.T) {
	ix := newIndex(t, Config{})
	before := ix.RecordEncodings()
	if err := ix.Put(context.Background(), goldenRecord()); err != nil {
		t.Fatal(err)
	}
	if n := ix.RecordEncodings() - before; n != 1 {
		t.Errorf("Put encoded the record %d times, want 1", n)
	}
}

package index

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm/nlp"
)

// TestScanRecordText checks scanRecordText against encoding/json: on the
// records the index stores (every stored form) it reads them, and reads
// what encoding/json reads; on tricky and broken JSON it either gives up
// or reads what encoding/json reads, and never reads what encoding/json
// rejects.
func TestScanRecordText(t *testing.T) {
	t.Parallel()
	viaJSON := func(b []byte) (recordText, bool) {
		var s struct {
			Document struct {
				Text string `json:"text"`
				Lang string `json:"lang"`
			} `json:"document"`
			Analysis struct {
				Language  nlp.Language   `json:"language"`
				Sentences []nlp.Sentence `json:"sentences"`
			} `json:"analysis"`
			SpanText bool `json:"span_text"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			return recordText{}, false
		}
		return recordText{s.Document.Text, s.Document.Lang, s.Analysis.Language, s.Analysis.Sentences, s.SpanText}, true
	}
	opts := cmp.AllowUnexported(recordText{})
	var stored [][]byte
	recs := append(sampleRecords(12), goldenRecord())
	escaped := goldenRecord()
	escaped.Document.Text = "Agent: <b>\"SSO\"</b> & más\u2028\tok?\nCustomer: \U0001F600 yes, invoice INV-42."
	escaped.Analysis.Sentences = []nlp.Sentence{{Text: "Agent", Start: 0, End: 5, Language: nlp.English}}
	recs = append(recs, escaped)
	for _, rec := range recs {
		for _, form := range []storedForm{{}, {ownHash: true, keysInFields: true}, {inFields: true, ownHash: true, keysInFields: true}} {
			b, err := encodeStored(rec, form)
			if err != nil {
				t.Fatal(err)
			}
			stored = append(stored, b)
		}
	}
	for i, b := range stored {
		got, ok := scanRecordText(b)
		want, _ := viaJSON(b)
		if !ok {
			t.Errorf("stored record %d: not read:\n%s", i, b)
			continue
		}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("stored record %d (-json +scan):\n%s", i, diff)
		}
	}
	tests := []struct {
		name string
		in   string
		read bool // whether scanRecordText must read it
	}{
		{"plain", `{"document":{"text":"ab","lang":"en"},"analysis":{"language":"en","sentences":[{"text":"","start":0,"end":2,"language":"en"}]},"span_text":true}`, true},
		{"white space", " {\n \"document\" : { \"text\" : \"ab\" } , \"span_text\" : false }\t", true},
		{"escapes", `{"document":{"text":"a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800x"}}`, true},
		{"invalid UTF-8", "{\"document\":{\"text\":\"a\xffb\"}}", true},
		{"invalid UTF-8 and escapes", "{\"document\":{\"text\":\"a\xff\xc3\\n\xe2\x82b\"}}", true},
		{"surrogates", `{"document":{"text":"\ud83d\ude00 \ude00\ud83d \ud83d\u0041 \ud83d"}}`, true},
		{"every escape", `{"document":{"text":"\"\\\/\b\f\n\r\t\u0000\u001f\u00E9\uFFFF"}}`, true},
		{"other fields skipped", `{"x":[1,-2.5e3,true,false,null,{"a":[{}]},"s\u0041"],"document":{"meta":{"k":"v"},"text":"t"},"analysis":{"entities":[{"text":"x","start":1}],"sentences":[]}}`, true},
		{"empty", `{}`, true},
		{"name in another case", `{"Document":{"text":"ab"}}`, false},
		{"field in another case", `{"document":{"Text":"ab"}}`, false},
		{"sentence field in another case", `{"analysis":{"sentences":[{"Start":1}]}}`, false},
		{"repeated name", `{"document":{"text":"a","text":"b"}}`, false},
		{"repeated object", `{"document":{"text":"a"},"document":{"lang":"en"}}`, false},
		{"null text", `{"document":{"text":null}}`, false},
		{"null sentences", `{"analysis":{"sentences":null}}`, false},
		{"fraction", `{"analysis":{"sentences":[{"start":1.5}]}}`, false},
		{"exponent", `{"analysis":{"sentences":[{"start":1e2}]}}`, false},
		{"string start", `{"analysis":{"sentences":[{"start":"1"}]}}`, false},
		{"number text", `{"document":{"text":1}}`, false},
		{"escaped key", `{"docum\u0065nt":{"text":"ab"}}`, false},
		{"trailing", `{"document":{"text":"ab"}} x`, false},
		{"unterminated", `{"document":{"text":"ab"}`, false},
		{"bad escape", `{"document":{"text":"a\qb"}}`, false},
		{"bad skipped escape", `{"x":"a\qb","document":{"text":"ab"}}`, false},
		{"control character", "{\"document\":{\"text\":\"a\x01b\"}}", false},
		{"bad number", `{"x":01,"document":{"text":"ab"}}`, false},
		{"bad literal", `{"x":tru,"document":{"text":"ab"}}`, false},
		{"missing comma", `{"x":1 "document":{"text":"ab"}}`, false},
		{"trailing comma", `{"x":1,}`, false},
		{"deep", `{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, false},
		{"not an object", `[]`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := scanRecordText([]byte(tt.in))
			want, jsonOK := viaJSON([]byte(tt.in))
			if ok != tt.read {
				t.Errorf("read %v, want %v", ok, tt.read)
			}
			if ok && !jsonOK {
				t.Errorf("read what encoding/json rejects: %+v", got)
			}
			if ok {
				if diff := cmp.Diff(want, got, opts); diff != "" {
					t.Errorf("(-json +scan):\n%s", diff)
				}
			}
		})
	}
}

// FuzzScanRecordText checks that whatever scanRecordText reads,
// encoding/json reads the same, and that it reads the stored records.
//
//	go test ./index -run '^$' -fuzz FuzzScanRecordText -fuzztime 60s
func FuzzScanRecordText(f *testing.F) {
	for _, rec := range append(sampleRecords(3), goldenRecord()) {
		b, err := encodeStored(rec, storedForm{ownHash: true, keysInFields: true})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"document":{"text":"a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800x","lang":"pt"},"analysis":{"sentences":[{"start":0,"end":1}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, ok := scanRecordText(b)
		if !ok {
			return
		}
		var s struct {
			Document struct {
				Text string `json:"text"`
				Lang string `json:"lang"`
			} `json:"document"`
			Analysis struct {
				Language  nlp.Language   `json:"language"`
				Sentences []nlp.Sentence `json:"sentences"`
			} `json:"analysis"`
			SpanText bool `json:"span_text"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("read %q, which encoding/json rejects: %v", b, err)
		}
		want := recordText{s.Document.Text, s.Document.Lang, s.Analysis.Language, s.Analysis.Sentences, s.SpanText}
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(recordText{})); diff != "" {
			t.Fatalf("%q (-json +scan):\n%s", b, diff)
		}
	})
}

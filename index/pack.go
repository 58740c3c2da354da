package index

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
)

// The "record" field holds a record's stored form (encodeStored's JSON:
// EncodeRecord's, less what the document record's stored fields give
// back) compressed with DEFLATE
// against a fixed dictionary of that JSON's own names and common values
// (packRecord): about half the bytes that Bleve's per-document snappy
// leaves of the plain JSON. Indexes written before hold the plain JSON;
// unpackRecord reads both, so an existing index needs no rebuilding: its
// records are packed as they are written again.
//
// The first byte tells the forms apart: '{' is plain JSON, packedFlateV1
// is DEFLATE against recordDictV1, packedFlateV2 against recordDictV2. A
// dictionary can never change once records are written with it; a better
// one takes a new first byte. packRecord writes packedFlateV2.
const (
	packedFlateV1 = 0x01
	packedFlateV2 = 0x02
)

// recordDictV1 is the preset dictionary of packedFlateV1: the names of
// EncodeRecord's JSON in the order it writes them, with the values most
// records share. DEFLATE finds matches nearest the end cheapest, so the
// most frequent names come last.
var recordDictV1 = []byte(`{"document":{"id":"","client":"","source":"email","at":"","subject":"","lang":"pt","text":"","turns":[{"speaker":"","role":"agent","start":0,"end":0},{"speaker":"","role":"customer","start":0,"end":0}],"meta":{"at_source":"received","at_zone":"","email.attachments":"","email.direction":"inbound","email.from":"","email.in_reply_to":"","email.message_id":"","email.references":"","email.to":"","stripped.quote":"","stripped.signature":""}},` +
	`"analysis":{"id":"","language":"pt","version":"","sentences":[{"text":"","start":0,"end":0,"language":"pt"}],` +
	`"entities":[{"text":"","label":"ORG","start":0,"end":0,"kind":"competitor","value":"","source":"gazetteer"},{"text":"","label":"PERSON","start":0,"end":0,"source":"model"},{"text":"","label":"MONEY","start":0,"end":0,"value":"","source":"rule"}],` +
	`"needs":[{"kind":"implicit","cue":"pain","theme":"","theme_key":"","text":"","start":0,"end":0,"speaker":"agent","negated":true,"hedged":true,"confidence":0.5}]},"content_hash":"","indexed_at":"","span_text":true}` +
	`{"document":{"id":"","client":"","source":"call","text":""},"analysis":{"id":"","language":"en","version":"","sentences":[{"text":"","start":0,"end":0,"language":"en"},{"text":"","start":0,"end":0,"language":"en"}],"entities":[],` +
	`"needs":[{"kind":"explicit","cue":"request","theme":"","theme_key":"","text":"","start":0,"end":0,"speaker":"customer","negated":false,"confidence":0.9}]},"content_hash":"","indexed_at":"2026-01-01T00:00:00.000000000Z","span_text":true}`)

// recordDictV2 is the preset dictionary of packedFlateV2: recordDictV1
// followed by a record in the stored form (encodeStored), whose names
// and flags end every record, without the text, subject, id, client,
// source and hash the stored fields give back: about a third fewer bytes
// per record than recordDictV1 gives that form.
var recordDictV2 = append(slices.Clip(recordDictV1), `{"document":{"source":"chat","lang":"en","at":"2026-01-01T00:00:00Z","text":""},`+
	`"analysis":{"language":"en","version":"2026.11.30.","sentences":[{"text":"","start":0,"end":0,"language":"en"},{"text":"","start":0,"end":0,"language":"pt"},{"text":"","start":0,"end":0,"language":"en"}],"entities":[],`+
	`"needs":[{"kind":"explicit","cue":"request","theme":"","theme_key":"","text":"","start":0,"end":0,"speaker":"unknown","negated":false,"confidence":0.85}]},`+
	`"indexed_at":"2026-11-30T00:00:00.000000000Z","span_text":true,"in_fields":true,"text_gaps":["",""," ","\n",""],"own_hash":true,"keys_in_fields":true,"same_id":true}`...)

// flateWriters reuses DEFLATE writers with the dictionary: a new one
// allocates about a megabyte.
var flateWriters = sync.Pool{New: func() any {
	w, err := flate.NewWriterDict(io.Discard, flate.DefaultCompression, recordDictV2)
	if err != nil {
		panic(err) // only for an invalid level
	}
	return w
}}

// packRecord returns the stored form of EncodeRecord's bytes.
func packRecord(blob []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(blob)/2 + 16)
	buf.WriteByte(packedFlateV2)
	w := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(w)
	w.Reset(&buf)
	w.Write(blob) // writes to a bytes.Buffer do not fail
	w.Close()
	return buf.Bytes()
}

// unpackRecord returns EncodeRecord's bytes from their stored form, packed
// or, as indexes written before packing hold them, plain.
func unpackRecord(b []byte) ([]byte, error) {
	var dict []byte
	switch {
	case len(b) == 0:
		return b, nil
	case b[0] == packedFlateV1:
		dict = recordDictV1
	case b[0] == packedFlateV2:
		dict = recordDictV2
	default:
		return b, nil
	}
	src := bytes.NewReader(b[1:])
	r, _ := flateReaders.Get().(io.ReadCloser)
	if r == nil {
		r = flate.NewReaderDict(src, dict)
	} else if err := r.(flate.Resetter).Reset(src, dict); err != nil {
		return nil, fmt.Errorf("unpack stored record: %w", err)
	}
	defer flateReaders.Put(r)
	// The JSON is about four times its deflated size: one buffer of
	// that size, grown at most once or twice.
	out := bytes.NewBuffer(make([]byte, 0, 4*len(b)+512))
	if _, err := out.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("unpack stored record: %w", err)
	}
	if out.Len() == 0 {
		return nil, errors.New("unpack stored record: empty")
	}
	return out.Bytes(), nil
}

// flateReaders reuses DEFLATE readers (flate.Resetter): a new one
// allocates and clears its 32 KiB window and its tables, for records of
// a few hundred bytes.
var flateReaders sync.Pool // of io.ReadCloser

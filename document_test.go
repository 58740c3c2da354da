package ckm_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

func TestDecodeDocument(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		field string // "" = valid
		check func(t *testing.T, d ckm.Document)
	}{
		{name: "minimal", in: `{"text":"We need SSO."}`, check: func(t *testing.T, d ckm.Document) {
			if !strings.HasPrefix(d.ID, "h") || len(d.ID) != 24 {
				t.Errorf("ID = %q, want a content id", d.ID)
			}
		}},
		{name: "unix seconds", in: `{"id":"a","text":"x","at":1387756426}`, check: func(t *testing.T, d ckm.Document) {
			if want := time.Unix(1387756426, 0).UTC(); !d.At.Equal(want) {
				t.Errorf("At = %v, want %v", d.At, want)
			}
		}},
		{name: "rfc3339", in: `{"id":"a","text":"x","at":"2026-03-14T10:00:00-03:00"}`, check: func(t *testing.T, d ckm.Document) {
			if d.At.Hour() != 13 || d.At.Location() != time.UTC {
				t.Errorf("At = %v, want 13:00 UTC", d.At)
			}
		}},
		{name: "space-separated time without zone", in: `{"id":"a","text":"x","at":"2023-08-26 06:33:37"}`, check: func(t *testing.T, d ckm.Document) {
			if want := time.Date(2023, 8, 26, 6, 33, 37, 0, time.UTC); !d.At.Equal(want) {
				t.Errorf("At = %v, want %v", d.At, want)
			}
		}},
		{name: "unknown fields ignored", in: `{"id":"a","text":"x","label":"FEATURE","extra":{"n":1}}`, check: func(t *testing.T, d ckm.Document) {
			if d.ID != "a" {
				t.Errorf("ID = %q", d.ID)
			}
		}},
		{name: "normalized", in: `{"id":" a ","text":"x","source":" Email ","lang":"PT"}`, check: func(t *testing.T, d ckm.Document) {
			if d.ID != "a" || d.Source != ckm.SourceEmail || d.Lang != "pt" {
				t.Errorf("got %+v", d)
			}
		}},
		{name: "lang with a region", in: `{"id":"a","text":"x","lang":"pt-BR"}`, check: func(t *testing.T, d ckm.Document) {
			if d.Lang != "pt-br" {
				t.Errorf("Lang = %q, want pt-br", d.Lang)
			}
		}},
		{name: "lang und", in: `{"id":"a","text":"x","lang":"und"}`, check: func(t *testing.T, d ckm.Document) {}},
		{name: "client NFC and case-folded", in: `{"id":"a","text":"x","client":" CAFE\u0301 Ltd "}`, check: func(t *testing.T, d ckm.Document) {
			if d.Client != "caf\u00e9 ltd" {
				t.Errorf("Client = %q, want %q", d.Client, "caf\u00e9 ltd")
			}
		}},
		{name: "unix epoch", in: `{"id":"a","text":"x","at":0}`, check: func(t *testing.T, d ckm.Document) {
			if !d.At.Equal(time.Unix(0, 0)) {
				t.Errorf("At = %v, want the epoch", d.At)
			}
		}},
		{name: "unsupported lang", in: `{"text":"x","lang":"klingon"}`, field: "lang"},
		{name: "lang of another language", in: `{"text":"x","lang":"es"}`, field: "lang"},
		{name: "lang with a bad region", in: `{"text":"x","lang":"en-"}`, field: "lang"},
		{name: "zero time", in: `{"text":"x","at":"0001-01-01T00:00:00Z"}`, field: "at"},
		{name: "before 1970", in: `{"text":"x","at":"1969-12-31T23:59:59Z"}`, field: "at"},
		{name: "far future", in: `{"text":"x","at":"2999-01-01T00:00:00Z"}`, field: "at"},
		{name: "far future in seconds", in: `{"text":"x","at":99999999999}`, field: "at"},
		{name: "empty body", in: ``, field: "body"},
		{name: "whitespace body", in: " \n ", field: "body"},
		{name: "malformed", in: `{"text":`, field: "body"},
		{name: "not an object", in: `["text"]`, field: "body"},
		{name: "wrong type", in: `{"text": 5}`, field: "body"},
		{name: "invalid utf8", in: "{\"text\":\"caf\xe9\"}", field: "body"},
		{name: "missing text", in: `{"id":"a"}`, field: "text"},
		{name: "blank text", in: `{"id":"a","text":"  \n"}`, field: "text"},
		{name: "nul in text", in: `{"id":"a","text":"a\u0000b"}`, field: "text"},
		{name: "bad source", in: `{"text":"x","source":"fax"}`, field: "source"},
		{name: "bad time", in: `{"text":"x","at":"yesterday"}`, field: "at"},
		{name: "negative time", in: `{"text":"x","at":-5}`, field: "at"},
		{name: "control char in id", in: `{"id":"a\u0007","text":"x"}`, field: "id"},
		{name: "long client", in: `{"client":"` + strings.Repeat("c", ckm.MaxFieldBytes+1) + `","text":"x"}`, field: "client"},
		{name: "turn outside text", in: `{"text":"abc","turns":[{"start":0,"end":9}]}`, field: "turns[0]"},
		{name: "bad role", in: `{"text":"abc","turns":[{"start":0,"end":3,"role":"boss"}]}`, field: "turns[0].role"},
		{name: "too large", in: `{"text":"` + strings.Repeat("a", ckm.MaxDocumentBytes) + `"}`, field: "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := ckm.DecodeDocument([]byte(tt.in))
			if tt.field == "" {
				if err != nil {
					t.Fatalf("DecodeDocument: %v", err)
				}
				tt.check(t, d)
				return
			}
			var fe *ckm.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ckm.ErrInvalidDocument) {
				t.Fatalf("error = %v, want a FieldError wrapping ErrInvalidDocument", err)
			}
			if fe.Field != tt.field {
				t.Errorf("field = %q (%v), want %q", fe.Field, err, tt.field)
			}
		})
	}
}

func TestContentID(t *testing.T) {
	t.Parallel()
	a := ckm.Document{Client: "c", Text: "same"}
	b := ckm.Document{Client: "c", Text: "same"}
	c := ckm.Document{Client: "d", Text: "same"}
	if a.ContentID() != b.ContentID() {
		t.Error("same content, different ids")
	}
	if a.ContentID() == c.ContentID() {
		t.Error("different clients, same id")
	}
}

// TestContentHashLeavesOutReceivedTime checks that stamping a document
// with the time it arrived keeps its hash, and that any other date
// changes it.
func TestContentHashLeavesOutReceivedTime(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 8, 6, 15, 2, 0, 0, time.UTC)
	bare := ckm.Document{Client: "c", Text: "We need SSO."}
	tests := []struct {
		name string
		doc  ckm.Document
		same bool
	}{
		{"received now", ckm.Document{Client: "c", Text: "We need SSO.", At: at, Meta: map[string]string{ckm.MetaAtSource: ckm.AtReceived}}, true},
		{"received later", ckm.Document{Client: "c", Text: "We need SSO.", At: at.Add(time.Hour), Meta: map[string]string{ckm.MetaAtSource: ckm.AtReceived}}, true},
		{"dated by a header", ckm.Document{Client: "c", Text: "We need SSO.", At: at, Meta: map[string]string{ckm.MetaAtSource: "header"}}, false},
		{"dated, no source", ckm.Document{Client: "c", Text: "We need SSO.", At: at}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.doc.ContentHash() == bare.ContentHash(); got != tt.same {
				t.Errorf("same hash as the undated document = %v, want %v", got, tt.same)
			}
		})
	}
}

func FuzzDecodeDocument(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"We need SSO","at":1387756426,"turns":[{"start":0,"end":2}]}`))
	f.Add([]byte(`{"text":"x","at":"2026-01-01T00:00:00Z","source":"call"}`))
	f.Add([]byte("{\"text\":\"\xff\"}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ckm.DecodeDocument(b)
		if err != nil {
			if !errors.Is(err, ckm.ErrInvalidDocument) {
				t.Fatalf("error %v does not wrap ErrInvalidDocument", err)
			}
			return
		}
		if d.ID == "" || strings.TrimSpace(d.Text) == "" || !utf8.ValidString(d.Text) {
			t.Fatalf("accepted an invalid document: %+v", d)
		}
		for _, tr := range d.Turns {
			_ = d.Text[tr.Start:tr.End] // must not panic
		}
	})
}

package query

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       string // the parsed query written back
	}{
		{"words", "invoice  export", "invoice export"},
		{"phrase", `"project   number" invoice`, `"project number" invoice`},
		{"or", "invoice OR fatura csv", "invoice OR fatura csv"},
		{"and is the default", "invoice AND csv", "invoice csv"},
		{"lower-case or is a word", "invoice or fatura", "invoice or fatura"},
		{"negation", `-csv -"dark mode" -client:acme`, `-csv -"dark mode" -client:acme`},
		{"lone minus", "invoice - csv", "invoice csv"},
		{"filters", "Client:globex SOURCE:Call kind:IMPLIED cue:Pain lang:PT", "client:globex source:call kind:implied cue:pain lang:pt"},
		{"quoted value", `theme:"po  number" entity:"Acme Corp"`, `theme:"po number" entity:"Acme Corp"`},
		{"quoted value without spaces", `client:"globex"`, "client:globex"},
		{"client folded as stored", "client:Globex client:\"Cafe\u0301 Ltda\"", "client:globex client:\"café ltda\""},
		{"dates", "after:2026-01-01 before:2026-06", "after:2026-01-01 before:2026-06"},
		{"not a field", "Re: meeting at 10:30 https://x.io/a", "Re: meeting at 10:30 https://x.io/a"},
		{"quote ends a word", `foo"bar baz"`, `foo "bar baz"`},
		{"empty phrase", `"" invoice`, "invoice"},
		{"controls are spaces", "a\x00b\tc", "a b c"},
		{"negated OR", "-a OR b", "-a OR b"},
		{"blank", "   ", ""},
		{"the word OR", `OR"x"`, `OR"" "x"`},
		{"the word AND", `a AND"x"`, `a AND"" "x"`},
		{"negated OR is a word", "-OR", "-OR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pq, err := Parse(tt.text)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.text, err)
			}
			if got := pq.String(); got != tt.want {
				t.Errorf("Parse(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseTerms(t *testing.T) {
	t.Parallel()
	pq, err := Parse(`invoice OR -client:acme after:2026-02`)
	if err != nil {
		t.Fatal(err)
	}
	feb, mar := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	want := [][]Term{
		{{Kind: Word, Value: "invoice", Offset: 0}, {Kind: Filter, Field: "client", Value: "acme", Negated: true, Offset: 11}},
		{{Kind: Filter, Field: "after", Value: "2026-02", Offset: 24, From: feb, To: mar}},
	}
	if diff := cmp.Diff(want, pq.Clauses); diff != "" {
		t.Errorf("clauses (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, want string
	}{
		{"unknown field", "clinet:globex", `unknown field "clinet" at 0: did you mean client?`},
		{"unknown field far", "invoice color:red", `unknown field "color" at 8: fields are client, source, kind, cue, theme, entity, lang, after, before`},
		{"unterminated quote", `invoice export "project number`, "unterminated quote at 15: close the phrase with \""},
		{"unterminated value", `theme:"po number`, "unterminated quote at 6: close the phrase with \""},
		{"bad date", "after:2026-13-01", `bad date "2026-13-01" in after: at 6: want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"bad date text", "x before:yesterday", `bad date "yesterday" in before: at 9: want YYYY-MM-DD, YYYY-MM or YYYY`},
		{"missing value", "invoice client:", "missing value after client: at 15"},
		{"empty quoted value", `client:""`, "missing value after client: at 7"},
		{"unknown source", "source:cal", `unknown source "cal" at 7: did you mean call?`},
		{"unknown kind", "kind:hinted", `unknown kind "hinted" at 5: want one of explicit, implied`},
		{"bad lang", "lang:english", `bad language "english" in lang: at 5: want a code such as en, pt or und`},
		{"OR first", "OR invoice", `OR without a term before it at 0: write "a OR b"`},
		{"OR last", "invoice OR", `OR without a term after it at 8: write "a OR b"`},
		{"OR OR", "a OR OR b", `OR without a term before it at 5: write "a OR b"`},
		{"too many terms", strings.Repeat("w ", MaxTerms) + "x", "too many terms at 64: at most 32 words, phrases and filters"},
		{"too long", strings.Repeat("a", MaxBytes+1), "query of 1025 bytes is over the limit of 1024 at 1024"},
		{"invalid utf8", "inv\xffoice", "invalid UTF-8 at 3"},
		{"long word", "invoice " + strings.Repeat("a", MaxWordBytes+1), "word of 65 bytes is over the limit of 64 at 8: search for a shorter part of it"},
		{"long word in phrase", `-"the ` + strings.Repeat("é", 40) + `"`, "word of 80 bytes is over the limit of 64 at 6: search for a shorter part of it"},
		{"long theme", `theme:"` + strings.Repeat("ab ", 9) + `"`, "theme: has 9 words, over the limit of 8 at 6"},
		{"long negated word", "-" + strings.Repeat("b", 100), "word of 100 bytes is over the limit of 64 at 1: search for a shorter part of it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q) = %v, want a *Error", tt.text, err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("Parse(%q) error\n got %s\nwant %s", tt.text, got, tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, a, b string
		want       int
	}{
		{"equal", "client", "client", 0},
		{"one swap", "clinet", "client", 2},
		{"one insertion", "clent", "client", 1},
		{"runes, not bytes", "exportação", "exportacao", 2},
		{"empty", "", "cue", 3},
		{"too long", strings.Repeat("a", 65), "a", 64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := EditDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

// FuzzParse checks that Parse never panics, that it either fails with an
// *Error whose offset is inside the text or returns a bounded query of
// non-empty terms, and that the query written back parses to an equal
// query (its terms at other offsets) that writes the same text.
//
//	go test ./index/query -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"invoice export", `"project number" -csv`, "a OR b OR -c", "client:globex after:2026-01-01 before:2026-06",
		`theme:"po number" entity:4521`, "clinet:x", `"open`, "OR", "-", `client:"//x"`, "Re: 10:30", "lang:pt kind:implied",
		"source:call cue:pain", "\x00\xff", "é:é", `a"b"c`, "AND OR AND", `OR"x"`, `x OR"y"`, `client:"Cafe` + "\u0301" + ` Ltda"`, "--x", `-"" x`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := Parse(text)
		if err != nil {
			var qe *Error
			if !errors.As(err, &qe) {
				t.Fatalf("Parse(%q): %T %v, want *Error", text, err, err)
			}
			if qe.Offset < 0 || qe.Offset > len(text) {
				t.Fatalf("Parse(%q): offset %d outside [0, %d]", text, qe.Offset, len(text))
			}
			return
		}
		if n := q.Terms(); n > MaxTerms {
			t.Fatalf("Parse(%q): %d terms", text, n)
		}
		for _, c := range q.Clauses {
			for _, tm := range c {
				if tm.Value == "" || !utf8.ValidString(tm.Value) || tm.Offset < 0 || tm.Offset >= len(text) {
					t.Fatalf("Parse(%q): bad term %+v", text, tm)
				}
			}
		}
		s := q.String()
		again, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) wrote %q, which does not parse: %v", text, s, err)
		}
		if diff := cmp.Diff(q.Clauses, again.Clauses, cmpopts.IgnoreFields(Term{}, "Offset")); diff != "" {
			t.Fatalf("Parse(%q) wrote %q, which parses to another query (-first +again):\n%s", text, s, diff)
		}
		if s2 := again.String(); s2 != s {
			t.Fatalf("Parse(%q) wrote %q, which writes %q", text, s, s2)
		}
	})
}

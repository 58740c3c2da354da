package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
)

// addSamples seeds f with the hand-written samples whose name matches glob.
func addSamples(f *testing.F, glob string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "samples", glob))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// checkParsed holds for every parser: no document is invalid, and every
// error is bad input.
func checkParsed(t *testing.T, ps []Parsed, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, ckm.ErrInvalidDocument) {
		t.Fatalf("error %v does not wrap ckm.ErrInvalidDocument", err)
	}
	for _, p := range ps {
		checkTurns(t, p.Document)
	}
}

func one(p Parsed, err error) ([]Parsed, error) {
	if err != nil {
		return nil, err
	}
	return []Parsed{p}, nil
}

func FuzzParse(f *testing.F) {
	addSamples(f, "*")
	for _, dir := range []string{"dates", "excel"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("\x00\x01binary"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, name := range []string{"", "x.eml", "x.txt", "x.csv", "x.json"} {
			ps, err := Parse(b, name, "", sampleConfig)
			checkParsed(t, ps, err)
		}
	})
}

func FuzzParseEmail(f *testing.F) {
	addSamples(f, "*.eml")
	addSamples(f, "*.mbox")
	f.Add([]byte("From: a@b.c\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/html; charset=koi8-r\nContent-Transfer-Encoding: quoted-printable\n\n<p>=E1</p>\n--x--\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := one(ParseEmail(b, sampleConfig))
		checkParsed(t, ps, err)
		ps, err = ParseMbox(b, sampleConfig)
		checkParsed(t, ps, err)
	})
}

func FuzzStrip(f *testing.F) {
	f.Add("Hello\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Ana <a@b.c> wrote:\n> Hi\n\n-- \nBob")
	f.Add("Oi\n\nDe: Ana\nEnviado: hoje\nPara: Bob\n\nAtenciosamente,\nAna\n\nEsta mensagem é confidencial.")
	f.Fuzz(func(t *testing.T, text string) {
		kept, stripped := Strip(text)
		norm := strings.ReplaceAll(text, "\r\n", "\n")
		for _, l := range strings.Split(kept, "\n") {
			if !strings.Contains(norm, l) {
				t.Fatalf("kept line %q is not in the input", l)
			}
		}
		for _, s := range stripped {
			if s.Kind != "quote" && s.Kind != "signature" && s.Kind != "disclaimer" || s.Text == "" {
				t.Fatalf("bad stripped part %+v", s)
			}
		}
	})
}

func FuzzHTMLText(f *testing.F) {
	f.Add([]byte("<p>Hi<br>there</p><blockquote>quoted<blockquote>deeper</blockquote></blockquote><pre> a\n b</pre>"))
	f.Add([]byte("<style>p{}</style><o:p>x</o:p><ul><li>one<li>two</ul><table><tr><td>a<td>b</table>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		out := HTMLText(b)
		if utf8.Valid(b) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid input")
		}
		if strings.Contains(out, "\n\n\n") {
			t.Fatalf("more than one blank line in a row: %q", out)
		}
	})
}

func FuzzParseVTT(f *testing.F) {
	addSamples(f, "*.vtt")
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := one(ParseVTT(b, Config{}))
		checkParsed(t, ps, err)
	})
}

func FuzzParseSRT(f *testing.F) {
	addSamples(f, "*.srt")
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := one(ParseSRT(b, Config{}))
		checkParsed(t, ps, err)
	})
}

func FuzzParseTranscriptJSON(f *testing.F) {
	addSamples(f, "transcript*.json")
	f.Add([]byte(`[{"speaker":"A","content":"x {vocalsound}","start":"1:02"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := one(ParseTranscriptJSON(b, Config{}))
		checkParsed(t, ps, err)
	})
}

func FuzzParseTicketsJSON(f *testing.F) {
	addSamples(f, "*desk.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := ParseTicketsJSON(b, Config{})
		checkParsed(t, ps, err)
	})
}

func FuzzParseCSV(f *testing.F) {
	addSamples(f, "*.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		ps, err := ParseCSV(b, Config{Columns: map[string]string{"text": "body"}})
		checkParsed(t, ps, err)
	})
}

func FuzzFindDate(f *testing.F) {
	for _, s := range []string{"2026-08-06 15:02 UTC", "06/08/2026", "quarta-feira, 6 de agosto de 2026 às 15h02",
		"August 6, 2026 at 3:02 PM EDT", "6th Aug 2026, 15:02 GMT+1", "2026-08-06T15:02:12-03:00", "GMT20260806-150212_Recording.vtt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, order := range []DateOrder{DateAuto, DayFirst, MonthFirst} {
			if w, ok := findDate(s, order); ok {
				if !valid(w) || w.start < 0 || w.start > w.end || w.end > len(s) || w.hour > 23 || w.min > 59 || w.sec > 59 {
					t.Fatalf("findDate(%q) = %+v", s, w)
				}
				_ = w.in(nil)
			}
		}
		if w, ok := nameDate(s); ok && !valid(w) {
			t.Fatalf("nameDate(%q) = %+v", s, w)
		}
		if _, _, ok := splitHeader(s); ok {
			headerDate(s, DateAuto)
		}
		readPreamble(s, DateAuto)
	})
}

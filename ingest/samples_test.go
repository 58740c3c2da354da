package ingest

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

// sampleConfig treats acme.example as the company.
var sampleConfig = Config{CompanyDomains: []string{"acme.example"}, Received: received}

// TestSamplesGolden parses the hand-written samples in testdata/samples
// (WebVTT, SRT, speaker-labelled text in English and Portuguese, JSON
// turns, Zendesk and Freshdesk exports, CSV, mbox, base64 email) and
// compares each with its golden file.
func TestSamplesGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "samples", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := Parse(b, path, "", sampleConfig)
			if err != nil && !errors.Is(err, ckm.ErrInvalidDocument) {
				t.Errorf("error %v does not wrap ckm.ErrInvalidDocument", err)
			}
			if len(ps) == 0 {
				t.Errorf("no documents: %v", err)
			}
			for _, p := range ps {
				checkTurns(t, p.Document)
			}
			checkGolden(t, filepath.Join("samples-golden", filepath.Base(path)+".golden"), render(ps, err))
		})
	}
}

// checkTurns fails unless d is valid and its turns are ordered spans of
// its text.
func checkTurns(t *testing.T, d ckm.Document) {
	t.Helper()
	if err := d.Validate(); err != nil {
		t.Errorf("invalid document: %v", err)
	}
	prev := 0
	for _, turn := range d.Turns {
		if turn.Start < prev || turn.End < turn.Start || turn.End > len(d.Text) {
			t.Errorf("turn %+v out of order or outside the text (%d bytes)", turn, len(d.Text))
		}
		prev = turn.End
	}
}

func TestTranscriptRolesAndOffsets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want []ckm.Turn // speaker, role and offset only
	}{
		{"call-en.vtt", []ckm.Turn{
			{Speaker: "Bob Reyes", Role: ckm.RoleAgent, Offset: time.Second},
			{Speaker: "Dana Whitfield", Role: ckm.RoleCustomer, Offset: 4500 * time.Millisecond},
			{Speaker: "Bob Reyes", Role: ckm.RoleAgent, Offset: 12500 * time.Millisecond},
		}},
		{"chamada-pt.vtt", []ckm.Turn{
			{Speaker: "Atendente", Role: ckm.RoleAgent, Offset: 500 * time.Millisecond},
			{Speaker: "Cliente", Role: ckm.RoleCustomer, Offset: 3200 * time.Millisecond},
			{Speaker: "Atendente", Role: ckm.RoleAgent, Offset: 62 * time.Second},
		}},
		{"call-en.srt", []ckm.Turn{
			{Speaker: "Agent", Role: ckm.RoleAgent, Offset: time.Second},
			{Speaker: "Customer", Role: ckm.RoleCustomer, Offset: 3600 * time.Millisecond},
			{Speaker: "Agent", Role: ckm.RoleAgent, Offset: 7200 * time.Millisecond},
		}},
		{"transcript-turns.json", []ckm.Turn{
			{Speaker: "Ana", Role: ckm.RoleAgent, Offset: 500 * time.Millisecond},
			{Speaker: "Marcus", Role: ckm.RoleCustomer, Offset: 4250 * time.Millisecond},
			{Speaker: "Ana", Role: ckm.RoleUnknown, Offset: 15 * time.Second},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join("testdata", "samples", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			ps, err := Parse(b, tt.file, "", Config{})
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			var got []ckm.Turn
			for _, turn := range ps[0].Document.Turns {
				got = append(got, ckm.Turn{Speaker: turn.Speaker, Role: turn.Role, Offset: turn.Offset})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("turns (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQMSumTranscripts reads every QMSum meeting in shared/data/transcripts
// as JSON turns: one turn per change of speaker, each turn's text the
// speaker's words without a label, and every speaker of the file present.
func TestQMSumTranscripts(t *testing.T) {
	dir := testutil.SharedData(t, "transcripts")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) < 10 {
		t.Fatalf("found %d transcripts, want 12", len(files))
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var raw struct {
				Turns []struct{ Speaker, Content string } `json:"meeting_transcripts"`
			}
			if err := json.Unmarshal(b, &raw); err != nil {
				t.Fatal(err)
			}
			if got := Detect(path, "", b); got != FormatTranscriptJSON {
				t.Fatalf("Detect = %q, want %q", got, FormatTranscriptJSON)
			}
			ps, err := Parse(b, path, "", Config{Client: "qmsum"})
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			d := ps[0].Document
			checkTurns(t, d)
			wantTurns, speakers := 0, map[string]bool{}
			prev := "\x00"
			for _, r := range raw.Turns {
				if strings.TrimSpace(annotation.ReplaceAllString(r.Content, "")) == "" {
					continue
				}
				speakers[r.Speaker] = true
				if r.Speaker != prev {
					wantTurns++
				}
				prev = r.Speaker
			}
			if len(d.Turns) != wantTurns {
				t.Errorf("%d turns, want %d (one per change of speaker)", len(d.Turns), wantTurns)
			}
			got := map[string]bool{}
			for _, turn := range d.Turns {
				got[turn.Speaker] = true
				if strings.HasPrefix(d.Text[turn.Start:turn.End], turn.Speaker+":") {
					t.Fatalf("turn %+v starts with its speaker's label: %.40q", turn, d.Text[turn.Start:])
				}
			}
			if diff := cmp.Diff(speakers, got); diff != "" {
				t.Errorf("speakers (-want +got):\n%s", diff)
			}
			if strings.Contains(d.Text, "{vocalsound}") || d.Client != "qmsum" || d.Source != ckm.SourceCall {
				t.Errorf("annotations left in the text, or client %q / source %q wrong", d.Client, d.Source)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, ct, body string
		want                 Format
	}{
		{"vtt by content", "a.txt", "", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi", FormatVTT},
		{"srt by content", "a", "", "1\n00:00:01,000 --> 00:00:02,000\nhi", FormatSRT},
		{"email by content", "x.bin", "", "From: a@b.c\nSubject: hi\n\nbody", FormatEmail},
		{"mbox by content", "", "", "From a@b.c Mon Jan  1 00:00:00 2026\nFrom: a@b.c\nTo: d@e.f\n\nbody", FormatMbox},
		{"qmsum json", "m.json", "", `{"meeting_transcripts":[{"speaker":"A","content":"x"}]}`, FormatTranscriptJSON},
		{"ticket json", "t.json", "", `{"subject":"x","description":"y"}`, FormatTicketJSON},
		{"csv by extension", "t.csv", "", "id,text\n1,hello", FormatCSV},
		{"csv saved as txt", "export.txt", "", "Assunto;Descrição;Cliente\nSSO;Precisamos de SSO, já;globex\n", FormatCSV},
		{"tsv by extension", "t.tsv", "", "a\tb\n1\t2", FormatCSV},
		{"a note with commas is not csv", "n.txt", "", "Notes, from the call\nThey need SSO, MFA and audit logs.\n", FormatText},
		{"text by content type", "", "text/plain; charset=utf-8", "Agent: hi", FormatText},
		{"html by content", "", "", "<html><body>hi</body></html>", FormatHTML},
		{"binary", "a.eml", "", "\x00\x01\x02PK\x03\x04", FormatUnknown},
		{"latin-1 junk", "a.txt", "", "\xff\xfe\xfd", FormatUnknown},
		{"empty", "a.txt", "", " \n", FormatUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Detect(tt.file, tt.ct, []byte(tt.body)); got != tt.want {
				t.Errorf("Detect(%q, %q) = %q, want %q", tt.file, tt.ct, got, tt.want)
			}
		})
	}
}

func TestRejectedInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, body string
		want             error
	}{
		{"binary junk", "x.eml", "\x00\x9f\x92\x96junk", ErrUnknownFormat},
		{"truncated mime", "x.eml", "From: a@b.c\nTo: d@e.f\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\ncut", ErrMalformed},
		{"bad base64", "x.eml", "From: a@b.c\nTo: d@e.f\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!", ErrMalformed},
		{"only a quote", "x.eml", "From: a@b.c\nTo: d@e.f\n\nOn Mon, Jan 1, 2026 at 9:00 AM Bob wrote:\n> hi", ErrEmpty},
		{"broken json", "x.json", `{"turns": [`, ErrMalformed},
		{"csv without text", "x.csv", "a,b\n1,2", ErrMalformed},
		{"vtt without cues", "x.vtt", "WEBVTT\n\nNOTE nothing", ErrEmpty},
		{"too large", "x.txt", strings.Repeat("a", MaxInputBytes+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps, err := Parse([]byte(tt.body), tt.file, "", Config{})
			if !errors.Is(err, tt.want) || !errors.Is(err, ckm.ErrInvalidDocument) || len(ps) != 0 {
				t.Errorf("Parse = %d documents, %v; want an error wrapping %v and ckm.ErrInvalidDocument", len(ps), err, tt.want)
			}
		})
	}
}

// TestMboxKeepsGoodMessages checks that one broken message in an mbox is
// reported by number and the others are returned.
func TestMboxKeepsGoodMessages(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "samples", "thread.mbox"))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := ParseMbox(b, sampleConfig)
	if len(ps) != 2 || err == nil || !strings.Contains(err.Error(), "message 3:") {
		t.Fatalf("ParseMbox = %d documents, %v; want 2 and an error naming message 3", len(ps), err)
	}
	want := []string{Inbound, Outbound}
	for i, p := range ps {
		if p.Direction != want[i] || p.Document.Client != "globex.example" {
			t.Errorf("message %d: direction %q client %q, want %q globex.example", i+1, p.Direction, p.Document.Client, want[i])
		}
	}
	if ps[1].Thread.InReplyTo != ps[0].Thread.MessageID || len(ps[1].Attachments) != 1 {
		t.Errorf("reply thread %+v, attachments %+v", ps[1].Thread, ps[1].Attachments)
	}
}

// TestLongQuoteFitsMeta checks that a reply above a quoted history larger
// than ckm.MaxMetaBytes still makes a valid document, the history cut with
// a note of how much was cut.
func TestLongQuoteFitsMeta(t *testing.T) {
	t.Parallel()
	quote := strings.Repeat("> an old line of the thread that goes on and on\n", 6000)
	msg := "From: Ana <ana@globex.example>\nTo: help@acme.example\nSubject: Re: export\n\nStill broken, please call me.\n\nOn Mon, Jan 5, 2026 at 9:00 AM Help <help@acme.example> wrote:\n" + quote
	p, err := ParseEmail([]byte(msg), sampleConfig)
	if err != nil {
		t.Fatal(err)
	}
	if p.Document.Text != "Still broken, please call me." || p.Direction != Inbound {
		t.Errorf("text %q direction %q", p.Document.Text, p.Direction)
	}
	q := p.Document.Meta["stripped.quote"]
	if !strings.HasSuffix(q, " bytes cut]") || len(q) > ckm.MaxMetaBytes {
		t.Errorf("stripped.quote is %d bytes, ends %q", len(q), q[max(0, len(q)-40):])
	}
	if len(p.Stripped) != 1 || len(p.Stripped[0].Text) < len(quote)-100 {
		t.Errorf("Parsed.Stripped lost the quote")
	}
}

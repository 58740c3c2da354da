package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata" // the zone database, wherever the tests run

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// saoPaulo is the zone of times that name none in these tests.
func saoPaulo(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Sao_Paulo")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// dating is what a test expects of a document's date.
type dating struct {
	At     string // RFC 3339, UTC
	Source string // meta at_source
	Zone   string // meta at_zone: the zone assumed, "" when the source named one
}

func datingOf(d ckm.Document) dating {
	return dating{At: d.At.UTC().Format(time.RFC3339), Source: d.Meta[ckm.MetaAtSource], Zone: d.Meta[MetaAtZone]}
}

// TestDateSources reads each fixture of testdata/dates, named as
// recorders name their files, and checks the date, where it came from
// and the zone assumed, in English and Portuguese.
func TestDateSources(t *testing.T) {
	t.Parallel()
	sp := saoPaulo(t)
	tests := []struct {
		name, file string
		at         string // Config.At
		order      DateOrder
		want       dating
	}{
		{"zoom file name, UTC", "GMT20260806-150212_Recording.vtt", "", "", dating{"2026-08-06T15:02:12Z", AtFilename, ""}},
		{"vtt NOTE, English", "note-recorded-en.vtt", "", "", dating{"2026-08-06T15:02:00Z", AtNote, ""}},
		{"vtt NOTE, Portuguese month name", "nota-gravado-pt.vtt", "", "", dating{"2026-08-06T18:02:00Z", AtNote, "America/Sao_Paulo"}},
		{"teams file name", "Weekly sync with Mercy Ridge 2026-08-06.vtt", "", "", dating{"2026-08-06T03:00:00Z", AtFilename, "America/Sao_Paulo"}},
		{"meet file name with zone", "Mercy Ridge renewal (2026-08-06 at 15:02 GMT-3) - Transcript.txt", "", "", dating{"2026-08-06T18:02:00Z", AtFilename, ""}},
		{"YYYYMMDD-HHMMSS file name", "chamada-20260806-150212.srt", "", "", dating{"2026-08-06T18:02:12Z", AtFilename, "America/Sao_Paulo"}},
		{"text header, English, day first", "header-date-en.txt", "", "", dating{"2026-08-06T03:00:00Z", AtHeader, "America/Sao_Paulo"}},
		{"text header, English, --date-format mm/dd/yyyy", "header-date-en.txt", "", MonthFirst, dating{"2026-06-08T03:00:00Z", AtHeader, "America/Sao_Paulo"}},
		{"text header, Portuguese", "cabecalho-data-pt.txt", "", "", dating{"2026-08-06T18:02:00Z", AtHeader, "America/Sao_Paulo"}},
		{"text header, English month name and zone", "recorded-on-en.txt", "", "", dating{"2026-08-06T19:02:00Z", AtHeader, ""}},
		{"srt header, Portuguese abbreviation", "data-cabecalho-pt.srt", "", "", dating{"2026-08-06T03:00:00Z", AtHeader, "America/Sao_Paulo"}},
		{"--at without a zone", "undated.vtt", "2026-08-06 15:02", "", dating{"2026-08-06T18:02:00Z", AtFlag, "America/Sao_Paulo"}},
		{"--at with a zone", "undated.vtt", "2026-08-06T15:02:00Z", "", dating{"2026-08-06T15:02:00Z", AtFlag, ""}},
		{"--at loses to the file's own date", "note-recorded-en.vtt", "2020-01-01", "", dating{"2026-08-06T15:02:00Z", AtNote, ""}},
		{"nothing: the time received", "undated.vtt", "", "", dating{"2026-09-01T12:00:00Z", AtReceived, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join("testdata", "dates", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			cfg := Config{Location: sp, Received: received, At: tt.at, DateOrder: tt.order, Client: "mercy-ridge"}
			ps, err := Parse(b, tt.file, "", cfg)
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			d := ps[0].Document
			if diff := cmp.Diff(tt.want, datingOf(d)); diff != "" {
				t.Errorf("date (-want +got):\n%s", diff)
			}
			if d.Source != ckm.SourceCall || len(d.Turns) < 2 {
				t.Errorf("source %q with %d turns, want a call with its turns", d.Source, len(d.Turns))
			}
		})
	}
}

// TestHeaderLinesLeaveTheText checks that a transcript's header block
// becomes meta, subject and client, and that its turns stay turns.
func TestHeaderLinesLeaveTheText(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "dates", "cabecalho-data-pt.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Parse(b, "cabecalho-data-pt.txt", "", Config{Received: received})
	if err != nil {
		t.Fatal(err)
	}
	d := ps[0].Document
	got := []string{d.Client, d.Meta["header"], d.Turns[0].Speaker, string(d.Turns[1].Role)}
	want := []string{"padaria são joão", "Data da chamada: 06/08/2026 15:02\nEmpresa: Padaria São João", "Atendente", "customer"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("client, header, first speaker, second role (-want +got):\n%s", diff)
	}
}

// TestFindDate reads the date forms of headers and NOTE lines.
func TestFindDate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		order    DateOrder
		want     string // RFC 3339 in UTC, or "" for no date
		zoned    bool
	}{
		{"iso with zone", "2026-08-06 15:02 UTC", "", "2026-08-06T15:02:00Z", true},
		{"rfc 3339 offset", "2026-08-06T15:02:12-03:00", "", "2026-08-06T18:02:12Z", true},
		{"day first by default", "06/08/2026", "", "2026-08-06T00:00:00Z", false},
		{"month first when told", "06/08/2026", MonthFirst, "2026-06-08T00:00:00Z", false},
		{"day over 12 decides", "08/25/2026 9:15 AM", "", "2026-08-25T09:15:00Z", false},
		{"english month, pm", "August 6, 2026 at 3:02 PM", "", "2026-08-06T15:02:00Z", false},
		{"english day month", "6th Aug 2026, 15:02 GMT+1", "", "2026-08-06T14:02:00Z", true},
		{"portuguese long", "quarta-feira, 6 de agosto de 2026 às 15h02", "", "2026-08-06T15:02:00Z", false},
		{"portuguese abbreviation", "6 de set. de 2026 09:00 BRT", "", "2026-09-06T12:00:00Z", true},
		{"portuguese março", "10 de março de 2026", "", "2026-03-10T00:00:00Z", false},
		{"dotted", "06.08.2026 15:02:09", "", "2026-08-06T15:02:09Z", false},
		{"two-digit year", "25/12/26", "", "2026-12-25T00:00:00Z", false},
		{"no such day", "31/02/2026", "", "", false},
		{"no date", "call with Globex about invoices", "", "", false},
		{"version number", "v1.2.3", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, ok := findDate(tt.in, tt.order)
			got := ""
			if ok {
				got = w.in(time.UTC).Format(time.RFC3339)
			}
			if got != tt.want || ok && (w.zone != nil) != tt.zoned {
				t.Errorf("findDate(%q) = %q zoned %v, want %q zoned %v", tt.in, got, ok && w.zone != nil, tt.want, tt.zoned)
			}
		})
	}
}

// TestNameDate reads recorders' file names.
func TestNameDate(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, want string }{
		{"GMT20260806-150212_Recording.vtt", "2026-08-06T15:02:12Z"},
		{"/calls/2026/GMT20260806-150212_Recording.transcript.vtt", "2026-08-06T15:02:12Z"},
		{"Weekly sync-20260806_150212-Meeting Recording.vtt", "2026-08-06T15:02:12Z"},
		{"Reunião Globex 2026-08-06 15.02.12.txt", "2026-08-06T15:02:12Z"},
		{"call_2026-08-06_15-02.srt", "2026-08-06T15:02:00Z"},
		{"abc-defg-hij (2026-08-06 at 15:02 GMT-3) - Transcript.txt", "2026-08-06T18:02:00Z"},
		{"export-20260806.csv", "2026-08-06T00:00:00Z"},
		{"Mercy Ridge call 06-08-2026.txt", "2026-08-06T00:00:00Z"},
		{"Mercy Ridge - Aug 6, 2026.vtt", "2026-08-06T00:00:00Z"},
		{"ticket-123456.json", ""},
		{"call.vtt", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			w, ok := nameDate(tt.name)
			got := ""
			if ok {
				got = w.in(time.UTC).Format(time.RFC3339)
			}
			if got != tt.want {
				t.Errorf("nameDate(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}

// TestPreambleShapes covers the other header blocks of text and SRT
// transcripts: a dated title line, a title above Portuguese headers with
// a participants line that gives roles, a WebVTT first line, and SRT
// header lines right above the first cue.
func TestPreambleShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, body string
		want             dating
		subject          string
		roles            []ckm.Role
	}{
		{"dated title", "c.txt", "Call with Mercy Ridge — 6 August 2026\n\nAgent: Hello.\nCustomer: We need MFA.\n",
			dating{"2026-08-06T00:00:00Z", AtHeader, "UTC"}, "Call with Mercy Ridge — 6 August 2026", []ckm.Role{ckm.RoleAgent, ckm.RoleCustomer}},
		{"title, headers, participants", "c.txt", "Transcrição da chamada\nData: 06/08/2026 às 15h02\nParticipantes: Maria (cliente), Paula (atendente)\n\nPaula: Bom dia.\nMaria: Precisamos de MFA.\n",
			dating{"2026-08-06T15:02:00Z", AtHeader, "UTC"}, "Transcrição da chamada", []ckm.Role{ckm.RoleAgent, ckm.RoleCustomer}},
		{"webvtt first line", "c.vtt", "WEBVTT - Recorded 2026-08-06 15:02 UTC\n\n00:00:01.000 --> 00:00:02.000\nCustomer: We need MFA.\n\n00:00:03.000 --> 00:00:04.000\nAgent: Ok.\n",
			dating{"2026-08-06T15:02:00Z", AtHeader, ""}, "", []ckm.Role{ckm.RoleCustomer, ckm.RoleAgent}},
		{"chat log stamps with dates", "c.txt", "[06/08/2026, 15:02] Agent: Hello.\n[06/08/2026, 15:03] Customer: We need MFA.\n",
			dating{"2026-08-06T15:02:00Z", AtHeader, "UTC"}, "", []ckm.Role{ckm.RoleAgent, ckm.RoleCustomer}},
		{"title above a date line", "c.txt", "Mercy Ridge renewal - Transcript\nAug 6, 2026\n\nKate Mills: We need MFA.\nKate Mills: Soon.\n",
			dating{"2026-08-06T00:00:00Z", AtHeader, "UTC"}, "Mercy Ridge renewal - Transcript", []ckm.Role{ckm.RoleUnknown}},
		{"date and time on two lines", "c.txt", "Date: 06/08/2026\nTime: 3:02 PM BRT\n\nAgent: Hello.\nCustomer: We need MFA.\n",
			dating{"2026-08-06T18:02:00Z", AtHeader, ""}, "", []ckm.Role{ckm.RoleAgent, ckm.RoleCustomer}},
		{"srt header above the first cue", "c.srt", "Date: 06/08/2026\n1\n00:00:01,000 --> 00:00:02,000\nCustomer: We need MFA.\n\n2\n00:00:03,000 --> 00:00:04,000\nAgent: Ok.\n",
			dating{"2026-08-06T00:00:00Z", AtHeader, "UTC"}, "", []ckm.Role{ckm.RoleCustomer, ckm.RoleAgent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps, err := Parse([]byte(tt.body), tt.file, "", Config{Received: received})
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			d := ps[0].Document
			var roles []ckm.Role
			for _, turn := range d.Turns {
				roles = append(roles, turn.Role)
			}
			if diff := cmp.Diff(tt.want, datingOf(d)); diff != "" {
				t.Errorf("date (-want +got):\n%s", diff)
			}
			if d.Subject != tt.subject || !cmp.Equal(tt.roles, roles) {
				t.Errorf("subject %q, roles %v; want %q, %v", d.Subject, roles, tt.subject, tt.roles)
			}
		})
	}
}

// TestAmbiguousHeaderFollowsFileName checks that a header date that reads
// both ways takes the reading its file name confirms.
func TestAmbiguousHeaderFollowsFileName(t *testing.T) {
	t.Parallel()
	b := []byte("Date: 08/06/2026\n\nAgent: Hello.\nCustomer: We need exports.\nAgent: Noted.\n")
	ps, err := Parse(b, "GMT20260806-150212_Recording.txt", "", Config{Received: received})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dating{"2026-08-06T00:00:00Z", AtHeader, "UTC"}, datingOf(ps[0].Document)); diff != "" {
		t.Errorf("date (-want +got):\n%s", diff)
	}
}

// TestParseTime reads user-given times and refuses others.
func TestParseTime(t *testing.T) {
	t.Parallel()
	sp := saoPaulo(t)
	for _, tt := range []struct {
		in, want string
		zoned    bool
	}{
		{"2026-08-06", "2026-08-06T03:00:00Z", false},
		{"2026-08-06T15:02:00+01:00", "2026-08-06T14:02:00Z", true},
		{"06/08/2026 15:02", "2026-08-06T18:02:00Z", false},
	} {
		got, zoned, err := ParseTime(tt.in, sp, DateAuto)
		if err != nil || got.Format(time.RFC3339) != tt.want || zoned != tt.zoned {
			t.Errorf("ParseTime(%q) = %s zoned %v, %v; want %s zoned %v", tt.in, got.Format(time.RFC3339), zoned, err, tt.want, tt.zoned)
		}
	}
	if _, _, err := ParseTime("last tuesday", sp, DateAuto); err == nil {
		t.Errorf("ParseTime(\"last tuesday\") gave no error")
	}
}

// TestFieldDates reads the time fields of JSON exports: nested metadata,
// Unix seconds, offsets without a colon.
func TestFieldDates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       dating
	}{
		{"transcript metadata", `{"metadata": {"recorded_at": "2026-08-06T15:02:00-03:00"}, "turns": [{"speaker": "Kate", "text": "We need MFA."}]}`,
			dating{"2026-08-06T18:02:00Z", AtField, ""}},
		{"ticket in unix seconds", `{"id": 1, "subject": "MFA", "description": "We need MFA.", "created_at": 1786028520}`,
			dating{"2026-08-06T15:02:00Z", AtField, ""}},
		{"ticket offset without colon", `{"id": 2, "subject": "MFA", "description": "We need MFA.", "created": "2026-08-06T15:02:00.000-0300"}`,
			dating{"2026-08-06T18:02:00Z", AtField, ""}},
		{"ticket without a zone", `{"id": 3, "subject": "MFA", "description": "We need MFA.", "created_at": "2026-08-06 15:02:00"}`,
			dating{"2026-08-06T15:02:00Z", AtField, "UTC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps, err := Parse([]byte(tt.body), "x.json", "", Config{Received: received})
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			if diff := cmp.Diff(tt.want, datingOf(ps[0].Document)); diff != "" {
				t.Errorf("date (-want +got):\n%s", diff)
			}
		})
	}
}

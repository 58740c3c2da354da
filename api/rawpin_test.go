package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// rawCase is one raw POST whose whole answer is pinned.
type rawCase struct {
	name, ct, query, body string
	maxLines              int // 0: the default server
}

// rawAnswer is a pinned answer: its status and its JSON body.
type rawAnswer struct {
	Name   string          `json:"name"`
	Status int             `json:"status"`
	Body   json.RawMessage `json:"body"`
}

// csvBody is a CSV export of rows of text,client (and more columns when
// header names them).
func csvBody(header string, rows ...string) string {
	return header + "\n" + strings.Join(rows, "\n") + "\n"
}

// mboxMsg is one message of an mbox.
func mboxMsg(headers, body string) string {
	return "From a@x.example Mon Nov  2 10:00:00 2026\n" + headers + "\n\n" + body + "\n\n"
}

// TestRawUploadAnswers pins the whole answer (status, IDs, task IDs,
// lines, error messages and fields) to raw-format POSTs that date, encode
// and reject documents in every way ingest and the queue client can:
// content IDs must not depend on a date the upload added or on the
// encoding the body was converted from; a document invalid as read is
// rejected under its item ("row 3: ...", line 0), one that only the
// added date made invalid under its line; ?id= never rescues an invalid
// document; MaxLines and the ?id= rule count the documents valid as read.
// Refresh with -update.
func TestRawUploadAnswers(t *testing.T) {
	long := strings.Repeat("x", 600)
	huge := strings.Repeat("word ", 1<<18+10)
	cases := []rawCase{
		{name: "text received", ct: "text/plain", query: "client=Globex&source=note", body: "We need the invoice export by Friday, please."},
		{name: "text dated by at", ct: "text/plain", query: "client=Globex&source=note&at=2026-08-06", body: "The invoice export keeps timing out."},
		{name: "text dated by name", ct: "text/plain", query: "client=Globex&name=call-2026-08-06.txt", body: "Agent: Hello.\nCustomer: The export fails every night."},
		{name: "text with id", ct: "text/plain", query: "client=Globex&id=note-7", body: "SSO with Okta would save us hours."},
		{name: "text at in the future", ct: "text/plain", query: "client=Globex&at=2099-01-01", body: "We cannot log in since Monday."},
		{name: "text at in the future with id", ct: "text/plain", query: "client=Globex&at=2099-01-01&id=n8", body: "We cannot log in since Tuesday."},
		{name: "email dated", ct: "message/rfc822", query: "client=globex", body: sample(t, "pt-base64.eml")},
		{name: "email undated without id", ct: "message/rfc822", query: "client=globex", body: "From: a@globex.example\nTo: b@acme.example\nSubject: export\n\nThe export is broken again."},
		{name: "email in the future", ct: "message/rfc822", query: "client=globex", body: "From: a@globex.example\nTo: b@acme.example\nDate: Mon, 2 Jan 2099 10:00:00 +0000\nSubject: later\n\nThe dashboard is slow."},
		{name: "email long message-id", ct: "message/rfc822", query: "client=globex", body: "From: a@globex.example\nMessage-ID: <" + long + "@x>\nSubject: long\n\nThe report is empty."},
		{name: "email long message-id with id", ct: "message/rfc822", query: "client=globex&id=good", body: "From: a@globex.example\nMessage-ID: <" + long + "@y>\nSubject: long\n\nThe report is blank."},
		{name: "csv windows-1252", ct: "text/csv", query: "client=globex", body: "Descri\xe7\xe3o;Assunto\nN\xe3o consigo emitir a nota fiscal;nota\nO relat\xf3rio n\xe3o abre;relat\xf3rio\n"},
		{name: "csv mixed", ct: "text/csv", query: "", body: csvBody("text,client,created_at",
			"Exports time out every night,Globex,2026-08-06",
			"The app crashes on login,Bad\x01Client,2026-08-06",
			"Billing page shows the wrong total,Initech,2099-01-01",
			"We would like dark mode,Initech,")},
		{name: "csv at in the future", ct: "text/csv", query: "at=2099-01-01&client=globex", body: csvBody("text,client",
			"Search ignores accents,Globex",
			"Search is slow,Bad\x01Client",
			huge+",Globex")},
		{name: "csv one valid with id", ct: "text/csv", query: "id=x1", body: csvBody("text,client",
			"Reports are empty on Mondays,Bad\x01Client",
			"Reports are empty on Fridays,Globex")},
		{name: "csv two valid with id", ct: "text/csv", query: "id=x2", body: csvBody("text,client",
			"Reports lag by a day,Globex",
			"Reports lag by a week,Globex")},
		{name: "csv bad id with id", ct: "text/csv", query: "id=x3&client=globex", body: csvBody("id,text", "a\x01b,The invoice PDF is blank")},
		{name: "mbox mixed", ct: "application/mbox", query: "client=globex",
			body: mboxMsg("From: a@globex.example\nSubject: quote\nMessage-ID: <q1@globex.example>", "On Mon, Jan 1, 2026 at 9:00 AM Bob wrote:\n> hi") +
				mboxMsg("From: a@globex.example\nSubject: long\nMessage-ID: <"+long+"@z>", "The exports are late.") +
				mboxMsg("From: a@globex.example\nSubject: good\nMessage-ID: <g1@globex.example>", "The exports are early.")},
		{name: "csv repeated row", ct: "text/csv", query: "client=globex", body: csvBody("text", "Same words twice", "Same words twice")},
		{name: "vtt", ct: "text/vtt", query: "client=globex", body: sample(t, "call-en.vtt")},
		{name: "csv over the limit", ct: "text/csv", query: "client=globex", maxLines: 2, body: csvBody("text",
			"One: the export", "Two: the export", "Three: the export")},
		{name: "csv at the limit after rejects", ct: "text/csv", query: "", maxLines: 2, body: csvBody("text,client",
			"One: the import,Globex", "Two: the import,Bad\x01Client", "Three: the import,Globex")},
	}
	envs := map[int]*env{}
	var got []rawAnswer
	for _, c := range cases {
		e := envs[c.maxLines]
		if e == nil {
			e = newEnv(t, Config{MaxLines: c.maxLines})
			envs[c.maxLines] = e
		}
		r := e.do(t, http.MethodPost, "/v1/documents?"+c.query, c.ct, strings.NewReader(c.body))
		var b bytes.Buffer
		if err := json.Indent(&b, r.Raw, "  ", "  "); err != nil {
			t.Fatal(err)
		}
		got = append(got, rawAnswer{Name: c.name, Status: r.Status, Body: b.Bytes()})
	}
	out, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, '\n')
	golden := filepath.Join("testdata", "raw_uploads.golden")
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(out)); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

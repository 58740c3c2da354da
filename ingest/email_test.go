package ingest

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// goldenConfig treats mailgun.org, the receiving side of most of the
// fixtures, as the company.
var goldenConfig = Config{CompanyDomains: []string{"mailgun.org"}, Received: received}

// received is the receiving time of the golden tests.
var received = time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)

// render writes what Parse made of an input in a form a reviewer can read:
// the metadata, then the kept text and each stripped part under a rule.
func render(ps []Parsed, err error) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n=== next document\n")
		}
		d := p.Document
		fmt.Fprintf(&b, "format: %s\nid: %s\nclient: %s\nsource: %s\nsubject: %s\n", p.Format, d.ID, d.Client, d.Source, d.Subject)
		if !d.At.IsZero() {
			fmt.Fprintf(&b, "at: %s (%s", d.At.Format("2006-01-02T15:04:05Z07:00"), d.Meta[ckm.MetaAtSource])
			if z := d.Meta[MetaAtZone]; z != "" {
				fmt.Fprintf(&b, ", no zone: read in %s", z)
			}
			b.WriteString(")\n")
		}
		if p.Direction != "" {
			fmt.Fprintf(&b, "direction: %s\n", p.Direction)
		}
		keys := make([]string, 0, len(p.Headers))
		for k := range p.Headers {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p.Headers[k] != "" {
				fmt.Fprintf(&b, "header %s: %s\n", k, p.Headers[k])
			}
		}
		if t := p.Thread; t.MessageID != "" || t.InReplyTo != "" || len(t.References) > 0 {
			fmt.Fprintf(&b, "thread: id=%s in-reply-to=%s references=%s\n", t.MessageID, t.InReplyTo, strings.Join(t.References, " "))
		}
		for _, a := range p.Attachments {
			fmt.Fprintf(&b, "attachment: %q %s %d bytes\n", a.Name, a.Type, a.Size)
		}
		for _, t := range d.Turns {
			fmt.Fprintf(&b, "turn: %q %s %d..%d at %s\n", t.Speaker, t.Role, t.Start, t.End, t.Offset)
		}
		fmt.Fprintf(&b, "--- text\n%s\n", d.Text)
		for _, s := range p.Stripped {
			fmt.Fprintf(&b, "--- %s\n%s\n", s.Kind, s.Text)
		}
	}
	if err != nil {
		fmt.Fprintf(&b, "--- error\n%v\n", err)
	}
	return b.String()
}

// checkGolden compares got with testdata/name, rewriting it under -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestEmailGolden parses every file of the shared email fixtures (plain
// replies, MIME messages from many clients, HTML bodies, signatures) and
// compares the kept text, what was stripped and the headers with
// testdata/email/*.golden.
func TestEmailGolden(t *testing.T) {
	root := testutil.SharedData(t, "email")
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 60 {
		t.Fatalf("found %d email fixtures, want the 72 of shared/data/email", len(files))
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := Parse(b, path, "", goldenConfig)
			if err != nil && !errors.Is(err, ckm.ErrInvalidDocument) {
				t.Errorf("error %v does not wrap ckm.ErrInvalidDocument", err)
			}
			for _, p := range ps {
				if err := p.Document.Validate(); err != nil {
					t.Errorf("invalid document: %v", err)
				}
			}
			checkGolden(t, filepath.Join("email", strings.ReplaceAll(rel, string(filepath.Separator), "__")+".golden"), render(ps, err))
		})
	}
}

// TestEmailKeepsOnlyTheReply checks, for the fixtures whose reply is
// known, that the kept text is exactly the reply and that quotes went to
// Stripped.
func TestEmailKeepsOnlyTheReply(t *testing.T) {
	tests := []struct {
		file, want string
	}{
		{"mime/standard_replies/android.eml", "Hello"},
		{"mime/standard_replies/aol.eml", "Hello"},
		{"mime/standard_replies/apple_mail.eml", "Hello"},
		{"mime/standard_replies/apple_mail_2.eml", "Hello"},
		{"mime/standard_replies/comcast.eml", "Hello"},
		{"mime/standard_replies/gmail.eml", "Hello"},
		{"mime/standard_replies/hotmail.eml", "Hello"},
		{"mime/standard_replies/iphone.eml", "Hello"},
		{"mime/standard_replies/outlook.eml", "Hello"},
		{"mime/standard_replies/sparrow.eml", "Hello"},
		{"mime/standard_replies/thunderbird.eml", "Hello"},
		{"mime/standard_replies/yahoo.eml", "Hello"},
		{"mime/html_replies/gmail.html", "Hi. I am fine."},
		{"mime/html_replies/thunderbird.html", "Hi. I am fine."},
		{"mime/reply-separated-by-hr.html", "Hi\nthere\nBob"},
		{"mime/OLK_SRC_BODY_SECTION.html", "Reply"},
		{"reply-parser/email_1_4.txt", "Awesome! I haven't had another problem with it."},
		{"reply-parser/email_iPhone.txt", "Here is another email"},
		{"reply-parser/email_BlackBerry.txt", "Here is another email"},
		{"reply-parser/correct_sig.txt", "this is an email with a correct -- signature."},
		{"reply-parser/email_2_2.txt", "Outlook with a reply directly above line"},
		{"reply-parser/email_headers_no_delimiter.txt", "And another reply!"},
		{"reply-parser/email_sent_from_my_not_signature.txt", "Here is another email\n\nSent from my desk, is much easier then my mobile phone."},
		{"reply-parser/email_sig_delimiter_in_middle_of_line.txt", "Hi there!\n\nStuff happened.\n\nAnd here is a fix -- this is not a signature.\n\nkthxbai"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := testutil.SharedData(t, filepath.Join("email", tt.file))
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			ps, err := Parse(b, path, "", goldenConfig)
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			if diff := cmp.Diff(tt.want, ps[0].Document.Text); diff != "" {
				t.Errorf("kept text (-want +got):\n%s", diff)
			}
		})
	}
}

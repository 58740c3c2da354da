package main

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportMixedFolder imports a folder that mixes every format (the
// ingest samples) with broken files, and checks that every good document
// is indexed and every bad file or item is named with a reason.
func TestImportMixedFolder(t *testing.T) {
	dir := t.TempDir()
	samples, err := filepath.Glob(filepath.Join("..", "..", "ingest", "testdata", "samples", "*"))
	if err != nil || len(samples) < 10 {
		t.Fatalf("samples: %v (%d)", err, len(samples))
	}
	for _, p := range samples {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "good", filepath.Base(p)), b)
	}
	// A WebVTT transcript saved with the wrong extension is read by content.
	write(t, filepath.Join(dir, "good", "nested", "call.csv"), []byte("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCustomer: The mobile app logs us out every hour.\n\n00:00:03.000 --> 00:00:04.000\nAgent: I will raise it with the mobile team.\n"))
	write(t, filepath.Join(dir, "bad", "truncated.eml"), []byte("From: a@globex.example\nTo: b@acme.example\nSubject: cut\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\nthe message stops here"))
	write(t, filepath.Join(dir, "bad", "photo.eml"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"))
	write(t, filepath.Join(dir, "bad", "junk.bin"), []byte{0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0xfe})
	write(t, filepath.Join(dir, "bad", "empty.txt"), nil)
	big := filepath.Join(dir, "bad", "huge.txt")
	write(t, big, nil)
	if err := os.Truncate(big, 20<<20+1); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, ".hidden", "skip.txt"), []byte("Agent: hidden\nCustomer: folder"))

	s := startStack(t)
	out, errs, err := s.cli("", "import", "--wait", "--client", "fallback", "--company-domains", "acme.example", dir)
	if !errors.Is(err, errFailed) {
		t.Fatalf("import: err %v, want errFailed for the rejected files\n%s%s", err, out, errs)
	}
	const wantDocs = 15 // 12 sample files: 2 from the mbox, 2 from the CSV; plus call.csv
	if want := "imported 15, skipped 0 as duplicates, rejected 9 from 18 files; indexed 15, failed 0"; !strings.HasPrefix(out, want) {
		t.Errorf("import said %q, want it to start %q\nstderr:\n%s", out, want, errs)
	}
	for _, want := range []string{
		"rejected " + filepath.Join(dir, "bad", "truncated.eml") + ": email: ingest: malformed input: truncated or broken MIME",
		"rejected " + filepath.Join(dir, "bad", "photo.eml") + ": ingest: unknown format: binary data",
		"rejected " + filepath.Join(dir, "bad", "junk.bin") + ": ingest: unknown format: binary data",
		"rejected " + filepath.Join(dir, "bad", "empty.txt") + ": ingest: unknown format: the input is empty",
		"rejected " + big + ": 20971521 bytes is over the limit of 20971520; not read",
		"rejected " + filepath.Join(dir, "good", "thread.mbox") + ": message 3: ",
		"rejected " + filepath.Join(dir, "good", "tickets.csv") + ": row 4: ",
		"rejected " + filepath.Join(dir, "good", "zendesk.json") + ": ticket 2: ",
		"rejected " + filepath.Join(dir, "good", "zendesk.json") + ": ticket 3: ",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr does not say %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(errs, "import: 18/18 files, 15 documents, ") {
		t.Errorf("no progress line for a non-terminal in stderr:\n%s", errs)
	}
	if strings.Contains(errs+out, "skip.txt") {
		t.Errorf("hidden folder was imported")
	}
	if r := s.search(t, url.Values{"limit": {"1"}}); r.Total != wantDocs {
		t.Errorf("index holds %d documents, want %d", r.Total, wantDocs)
	}
	// A ticket's or transcript's own client wins over --client; mail, whose
	// client is only guessed from its domain, takes the flag.
	for client, min := range map[string]int{"globex": 2, "initech": 2, "acme-saude": 1, "fallback": 10} {
		if r := s.search(t, url.Values{"client": {client}, "limit": {"1"}}); r.Total < min {
			t.Errorf("client %s: %d documents, want at least %d", client, r.Total, min)
		}
	}
	if r := s.search(t, url.Values{"q": {"faturas"}}); r.Total == 0 {
		t.Errorf("the Portuguese call is not searchable")
	}

	out, errs, err = s.cli("", "import", "--client", "fallback", "--company-domains", "acme.example", filepath.Join(dir, "good"))
	if !errors.Is(err, errFailed) || !strings.HasPrefix(out, "imported 0, skipped 15 as duplicates, rejected 4 from 13 files") {
		t.Errorf("second import: %v: %q\n%s", err, out, errs)
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jhillyerd/enmime"

	"github.com/ckmhq/ckm/ingest"
)

// compareEmail parses every .eml of data/email with ckm's ingest and with
// enmime (whose text then goes through the same ingest.Strip), and checks
// each against the expected reply text where the corpus has one
// (NAME_reply_text beside NAME.eml).
func compareEmail(data string) error {
	var files []string
	err := filepath.WalkDir(filepath.Join(data, "email"), func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".eml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	type score struct {
		parsed, withRef, refFound, bad int
		took                           time.Duration
	}
	var ours, lib score
	const rounds = 50
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		ref := readRef(strings.TrimSuffix(f, ".eml") + "_reply_text")
		start := time.Now()
		var text string
		var perr error
		for range rounds {
			var p ingest.Parsed
			p, perr = ingest.ParseEmail(b, ingest.Config{})
			text = p.Document.Text
		}
		ours.took += time.Since(start)
		tally(&ours.parsed, &ours.withRef, &ours.refFound, &ours.bad, perr, text, ref)

		start = time.Now()
		for range rounds {
			var env *enmime.Envelope
			env, perr = enmime.ReadEnvelope(bytes.NewReader(b))
			text = ""
			if perr == nil {
				text = env.Text
				if strings.TrimSpace(text) == "" {
					text = ingest.HTMLText([]byte(env.HTML))
				}
				text, _ = ingest.Strip(text)
			}
		}
		lib.took += time.Since(start)
		tally(&lib.parsed, &lib.withRef, &lib.refFound, &lib.bad, perr, text, ref)
	}
	n := len(files)
	fmt.Printf("\n### MIME email: %d .eml files of data/email (talon's fixtures), %d rounds each\n\n", n, rounds)
	fmt.Println("| parser | parsed | reply kept, quote dropped (of files with a reference) | text with U+FFFD or invalid UTF-8 | time per file |")
	fmt.Println("|---|---|---|---|---|")
	for _, r := range []struct {
		name string
		s    score
	}{{"ckm ingest.ParseEmail", ours}, {"enmime v1.3.0 + ingest.Strip", lib}} {
		fmt.Printf("| %s | %d/%d | %d/%d | %d | %s |\n", r.name, r.s.parsed, n, r.s.refFound, r.s.withRef, r.s.bad,
			(r.s.took / time.Duration(n*rounds)).Round(time.Microsecond))
	}
	return nil
}

// readRef reads an expected reply text, or "" when there is none.
func readRef(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

// tally counts one parse: success, the reference reply text found in the
// text (whitespace folded), and broken characters.
func tally(parsed, withRef, found, bad *int, err error, text, ref string) {
	if err != nil {
		return
	}
	*parsed++
	if !utf8.ValidString(text) || strings.ContainsRune(text, utf8.RuneError) {
		*bad++
	}
	if ref == "" {
		return
	}
	*withRef++
	// The reply kept (its first line) and the quote dropped (not much
	// more text than the reply itself, whose signature may go too).
	first, _, _ := strings.Cut(strings.TrimSpace(ref), "\n")
	if strings.Contains(fold(text), fold(first)) && len(fold(text)) <= len(fold(ref))+20 {
		*found++
	}
}

func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

package main

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// TestImportAnswers pins what ckm import says and indexes for files that
// date, encode and reject documents in every way: the IDs of the indexed
// documents (content IDs must not depend on a date the import added or on
// the encoding a file was converted from), the summary, and every
// rejection in order: a document invalid as read under its file and item
// ("row 3: ..."), one that only the added date (--at) made invalid under
// its file and ID, after them. Refresh with -update.
func TestImportAnswers(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a/note.txt":              "We need the invoice export by Friday, please.",
		"a/call-2026-08-06.txt":   "Agent: Hello.\nCustomer: The export fails every night.",
		"a/latin.csv":             "Descri\xe7\xe3o;Assunto\nN\xe3o consigo emitir a nota fiscal;nota\nO relat\xf3rio n\xe3o abre;relat\xf3rio\n",
		"a/mixed.csv":             "text,client,created_at\nExports time out every night,Globex,2026-08-06\nThe app crashes on login,Bad\x01Client,2026-08-06\nBilling page shows the wrong total,Initech,2099-01-01\nWe would like dark mode,Initech,\n",
		"b/undated.txt":           "Search ignores accents in names.",
		"b/call-2026-08-07.txt":   "Agent: Hi.\nCustomer: Search is slow on Mondays.",
		"b/mixed.csv":             "text,client,created_at\nDashboards load slowly,Globex,2026-08-06\nDashboards are blank,Bad\x01Client,\nDashboards time out,Globex,\n",
		"b/thread-2026-08-08.eml": "From: a@globex.example\nTo: b@acme.example\nSubject: export\n\nThe export is broken again.",
	}
	for name, body := range files {
		write(t, filepath.Join(dir, filepath.FromSlash(name)), []byte(body))
	}
	s := startStack(t)
	var got strings.Builder
	for _, args := range [][]string{
		{"import", "--wait", "--client", "Fallback", filepath.Join(dir, "a")},
		{"import", "--wait", "--client", "Fallback", "--at", "2099-01-01", filepath.Join(dir, "b")},
	} {
		out, errs, _ := s.cli("", args...)
		got.WriteString("$ ckm " + strings.Join(args[:len(args)-1], " ") + " " + filepath.Base(args[len(args)-1]) + "\n")
		summary, _, _ := strings.Cut(out, " in ")
		got.WriteString(summary + "\n")
		for _, l := range strings.Split(errs, "\n") {
			if strings.HasPrefix(l, "rejected ") || strings.HasPrefix(l, "failed ") {
				got.WriteString(strings.ReplaceAll(l, dir+string(filepath.Separator), "") + "\n")
			}
		}
	}
	r := s.search(t, url.Values{"limit": {"100"}})
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	got.WriteString("indexed:\n" + strings.Join(ids, "\n") + "\n")

	golden := filepath.Join("testdata", "import_answers.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got.String()); diff != "" {
		t.Errorf("import (-want +got):\n%s", diff)
	}
}

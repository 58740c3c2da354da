package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm/index"
)

// TestUndatedCallInHintsAndEmerging imports a call that carries no date
// at all, beside a ticket another client raised the same need in two
// months before, and checks that the call is in its client's hints and
// in emerging, dated by when it was imported.
func TestUndatedCallInHintsAndEmerging(t *testing.T) {
	s := startStack(t)
	dir := t.TempDir()
	const need = "We need MFA for every clinic login before the audit."
	old := time.Now().UTC().AddDate(0, 0, -60).Format("02/01/2006")
	write(t, filepath.Join(dir, "tickets.csv"), []byte("Organização;Data de criação;Descrição\nglobex;"+old+" 10:00;"+need+"\n"))
	write(t, filepath.Join(dir, "call.vtt"), []byte("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nCustomer: "+need+"\n\n00:00:05.000 --> 00:00:07.000\nAgent: I will raise it.\n"))

	before := time.Now().UTC().Truncate(time.Second)
	out, errs, err := s.cli("", "import", "--wait", "--client", "mercy-ridge", "--date-format", "dd/mm/yyyy", "--tz", "America/Sao_Paulo", dir)
	after := time.Now().UTC()
	if err != nil || !strings.Contains(out, "imported 2,") || !strings.Contains(out, "failed 0") {
		t.Fatalf("import: %v\n%s%s", err, out, errs)
	}
	if want := "dates: field 1, received 1; 1 times had no zone and were read in America/Sao_Paulo (--tz)"; !strings.Contains(out, want) {
		t.Errorf("import summary %q does not say %q", out, want)
	}
	receivedAt := func(at time.Time) bool { return !at.Before(before) && !at.After(after) }

	out, errs, err = s.cli("", "hints", "mercy-ridge", "--json")
	if err != nil {
		t.Fatalf("hints: %v\n%s", err, errs)
	}
	var h index.Hints
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("hints answer: %v\n%s", err, out)
	}
	var key string
	for _, x := range h.Hints {
		for _, e := range x.Evidence {
			if strings.Contains(e.Text, "MFA") && receivedAt(e.At) && receivedAt(x.LastSeen) {
				key = x.Key
			}
		}
	}
	if key == "" {
		t.Fatalf("no hint of mercy-ridge quotes the call at its received time (%s .. %s):\n%s", before, after, out)
	}

	out, errs, err = s.cli("", "emerging", "--json")
	if err != nil {
		t.Fatalf("emerging: %v\n%s", err, errs)
	}
	var em index.Emerging
	if err := json.Unmarshal([]byte(out), &em); err != nil {
		t.Fatalf("emerging answer: %v\n%s", err, out)
	}
	var found []string
	for _, n := range em.NewToClient {
		if n.Client == "mercy-ridge" && n.Key == key && receivedAt(n.FirstSeen) && len(n.RaisedBy) == 1 && n.RaisedBy[0].Client == "globex" {
			found = append(found, fmt.Sprintf("%s first seen %s", n.Key, n.FirstSeen))
		}
	}
	if len(found) != 1 || em.RecentDocuments != 1 || em.BaselineDocuments != 1 {
		t.Errorf("emerging: %d documents in the window, %d before; theme %q new to mercy-ridge at its received time: %q\n%s",
			em.RecentDocuments, em.BaselineDocuments, key, found, out)
	}
}

// TestImportBrazilianExcel imports the Brazilian Excel export fixture
// through `ckm import` and finds every row under its client, dated in
// São Paulo time.
func TestImportBrazilianExcel(t *testing.T) {
	s := startStack(t)
	fixture := filepath.Join("..", "..", "ingest", "testdata", "excel", "chamados-excel-br.csv")
	out, errs, err := s.cli("", "import", "--wait", "--tz", "America/Sao_Paulo", fixture)
	if err != nil || !strings.HasPrefix(out, "imported 5, skipped 0 as duplicates, rejected 0 from 1 files; indexed 5, failed 0") {
		t.Fatalf("import: %v\n%s%s", err, out, errs)
	}
	if want := "dates: field 5; 5 times had no zone and were read in America/Sao_Paulo (--tz)"; !strings.Contains(out, want) {
		t.Errorf("import summary %q does not say %q", out, want)
	}
	for client, n := range map[string]int{"Mercy Ridge Saúde": 2, "Padaria São João": 2, "Construtora Ômega": 1} {
		if r := s.search(t, url.Values{"client": {client}, "limit": {"1"}}); r.Total != n {
			t.Errorf("client %s: %d documents, want %d", client, r.Total, n)
		}
	}
	hits := datedHits(t, s, url.Values{"q": {"férias"}})
	want := time.Date(2026, 8, 2, 11, 5, 0, 0, time.UTC)
	if len(hits) != 1 || !hits[0].At.Equal(want) || hits[0].Client != "padaria são joão" {
		t.Errorf("the row of 02/08/2026 08:05 in São Paulo: %+v, want one hit of Padaria São João at %s", hits, want)
	}
}

// TestImportFlagsRefuseBadValues checks that a bad --tz, --at,
// --date-format or --csv-map stops the import before anything is read.
func TestImportFlagsRefuseBadValues(t *testing.T) {
	s := startStack(t)
	dir := t.TempDir()
	for _, tt := range []struct{ flag, value, want string }{
		{"--tz", "Mars/Olympus", "--tz \"Mars/Olympus\": want an IANA zone name"},
		{"--at", "last tuesday", "at: ingest: time \"last tuesday\""},
		{"--date-format", "yyyy/dd/mm", "--date-format: ingest: date format \"yyyy/dd/mm\""},
		{"--csv-map", "Descrição", "--csv-map: ingest: columns \"Descrição\": want field=header"},
		{"--csv-map", "body=Descrição", "column for \"body\": want one of text, subject"},
	} {
		_, _, err := s.cli("", "import", tt.flag, tt.value, dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("import %s %q: %v, want an error saying %q", tt.flag, tt.value, err, tt.want)
		}
	}
}

// datedHit is a search hit's client and time.
type datedHit struct {
	ID     string    `json:"id"`
	Client string    `json:"client"`
	At     time.Time `json:"at"`
}

// datedHits searches and returns the hits' clients and times.
func datedHits(t *testing.T, s *stack, params url.Values) []datedHit {
	t.Helper()
	resp, err := http.Get(s.base + "/v1/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct {
		Hits []datedHit `json:"hits"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

// TestImportAt checks that --at dates a call that carries no date, read
// in --tz, and that a call with its own NOTE date keeps it.
func TestImportAt(t *testing.T) {
	s := startStack(t)
	dir := t.TempDir()
	for name, file := range map[string]string{"undated.vtt": "undated.vtt", "noted.vtt": "note-recorded-en.vtt"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "ingest", "testdata", "dates", file))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, name), b)
	}
	out, errs, err := s.cli("", "import", "--wait", "--client", "mercy-ridge", "--at", "2026-08-06 15:02", "--tz", "America/Sao_Paulo", dir)
	if err != nil || !strings.Contains(out, "imported 2,") || !strings.Contains(out, "dates: flag 1, note 1; 1 times had no zone") {
		t.Fatalf("import: %v\n%s%s", err, out, errs)
	}
	got := map[string]string{}
	for _, h := range datedHits(t, s, url.Values{"client": {"mercy-ridge"}}) {
		got[h.At.UTC().Format(time.RFC3339)] = h.Client
	}
	want := map[string]string{"2026-08-06T18:02:00Z": "mercy-ridge", "2026-08-06T15:02:00Z": "mercy-ridge"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("documents' times (-want +got):\n%s", diff)
	}
}

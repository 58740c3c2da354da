package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

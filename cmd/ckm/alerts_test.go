package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ckmhq/ckm/alerts"
)

// TestAlertsCLI saves a search with `ckm alerts add`, checks the sample
// event of `ckm alerts test` and the event of a matching document at a
// webhook started by the test, then removes the alert.
func TestAlertsCLI(t *testing.T) {
	var mu sync.Mutex
	var got []alerts.Body
	secret := ""
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := alerts.Verify(secret, r.Header, body, time.Now(), time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var b alerts.Body
		if err := json.Unmarshal(body, &b); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		got = append(got, b)
	}))
	defer hook.Close()
	s := startStackIn(t, t.TempDir(), "--alerts-allow-private", "--alerts-every", "1s")

	out, errs, err := s.cli("", "alerts", "add", "--url", hook.URL, "--query", "invoice", "--client", "globex")
	m := regexp.MustCompile(`alert (\w+) saved; its webhook secret \(shown once\): (\w+)`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("alerts add: %v\n%s%s", err, out, errs)
	}
	id := m[1]
	mu.Lock()
	secret = m[2]
	mu.Unlock()
	if out, _, err := s.cli("", "alerts", "list"); err != nil || !strings.Contains(out, id) || !strings.Contains(out, "invoice") {
		t.Errorf("alerts list = %v\n%s", err, out)
	}
	if out, errs, err := s.cli("", "alerts", "test", id); err != nil || !strings.Contains(out, "sample event") {
		t.Fatalf("alerts test: %v\n%s%s", err, out, errs)
	}
	for _, d := range []string{
		`{"id":"acme-inv","client":"acme","text":"We need the PO number on every invoice."}`,
		`{"id":"globex-inv","client":"globex","text":"We need the PO number on every invoice."}`,
		`{"id":"globex-other","client":"globex","text":"Thanks for the demo."}`,
	} {
		if code, ans := s.post(t, "application/json", strings.NewReader(d)); code != http.StatusAccepted {
			t.Fatalf("POST: %d %v", code, ans)
		}
	}
	deadline := time.Now().Add(90 * time.Second)
	var kinds []string
	for time.Now().Before(deadline) {
		mu.Lock()
		kinds = kinds[:0]
		for _, b := range got {
			for _, ev := range b.Events {
				if ev.Test {
					kinds = append(kinds, "test")
				} else {
					kinds = append(kinds, ev.Client+"/"+ev.Document.ID)
				}
			}
		}
		mu.Unlock()
		if len(kinds) >= 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if strings.Join(kinds, ",") != "test,globex/globex-inv" && strings.Join(kinds, ",") != "globex/globex-inv,test" {
		t.Errorf("webhook received %v, want the sample event and globex-inv (acme is outside the alert's client)", kinds)
	}
	if out, errs, err := s.cli("", "alerts", "rm", id); err != nil || !strings.Contains(out, "deleted") {
		t.Errorf("alerts rm: %v\n%s%s", err, out, errs)
	}
	if out, _, _ := s.cli("", "alerts", "list"); strings.Contains(out, id) {
		t.Errorf("alert %s still listed after rm:\n%s", id, out)
	}
}

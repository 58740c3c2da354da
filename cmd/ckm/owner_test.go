package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/queues"
)

// TestWriteUnderAnotherClientsIDOutsideHTTP covers the write paths that do
// not pass the API's check: `ckm import` and the Go client enqueue
// straight to Redis, and the index writer refuses the record. The task
// fails for good with the reason, and globex's documents are unchanged.
func TestWriteUnderAnotherClientsIDOutsideHTTP(t *testing.T) {
	s := startStack(t)
	owned := map[string]string{
		"globex-1":   `{"id":"globex-1","client":"globex","text":"Globex: the zanzibar export fails."}`,
		"ticket:T-9": `{"id":"ticket:T-9","client":"globex","text":"Globex ticket: SSO for zanzibar."}`,
	}
	for id, body := range owned {
		resp, err := http.Post(s.base+"/v1/documents", "application/json", strings.NewReader(body))
		if err != nil || resp.StatusCode != http.StatusAccepted {
			t.Fatalf("post %s: %v %v", id, err, resp)
		}
		resp.Body.Close()
	}
	before := map[string]string{}
	for id := range owned {
		before[id] = s.waitDocument(t, id)
	}

	t.Run("import", func(t *testing.T) {
		dir := t.TempDir()
		write(t, filepath.Join(dir, "tickets.csv"), []byte("Ticket ID,Organization,Subject,Description,Created,Requester Email,Tags\nT-9,acme,SSO,\"acme overwrites this ticket\",2026-11-02,ana@acme.example,\n"))
		out, errs, err := s.cli("", "import", "--wait", "--timeout", "2m", dir)
		if !errors.Is(err, errFailed) || !strings.Contains(out, "indexed 0, failed 1") || !strings.Contains(errs, "owned by another client") {
			t.Errorf("import: %v\n%s%s\nwant 1 failed, owned by another client", err, out, errs)
		}
	})
	t.Run("Go client", func(t *testing.T) {
		qc, err := queues.NewClient(queues.Config{RedisAddr: s.env["CKM_REDIS_ADDR"]})
		if err != nil {
			t.Fatal(err)
		}
		defer qc.Close()
		e, err := qc.Enqueue(context.Background(), ckm.Document{ID: "globex-1", Client: "acme", Text: "acme overwrites this"})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		res, err := qc.Wait(ctx, []queues.Enqueued{e}, 50*time.Millisecond)
		if err != nil || res.Failed != 1 || !strings.Contains(res.Errors["globex-1"], "owned by another client") {
			t.Errorf("Go client: %+v, %v; want failed, owned by another client", res, err)
		}
	})
	for id, want := range before {
		if got := s.waitDocument(t, id); got != want {
			t.Errorf("globex's %s changed:\nbefore %s\nafter  %s", id, want, got)
		}
	}
}

// waitDocument waits until GET /v1/documents/id answers 200 and returns
// the body.
func (s *stack) waitDocument(t *testing.T, id string) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		resp, err := http.Get(s.base + "/v1/documents/" + id)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not indexed: %s %s", id, resp.Status, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

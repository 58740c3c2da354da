package api

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/queues"
)

// Ownership tests: a document ID belongs to the client that first wrote
// it. The acme key sends documents under IDs globex owns, through every
// write path of the API; each is refused with 409 id_owned_by_other_client,
// nothing is queued and globex's documents read back byte for byte as
// before.

const (
	rawEmail = "From: Ana <ana@acme.example>\r\nTo: help@ckm.example\r\nSubject: export\r\nMessage-ID: <m1@acme.example>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nThe export fails every night, please help.\r\n"
	rawMbox  = "From ana@acme.example Mon Nov  2 10:00:00 2026\nFrom: Ana <ana@acme.example>\nSubject: one\nMessage-ID: <m2@acme.example>\n\nThe first message about invoices.\n\nFrom bo@acme.example Mon Nov  2 11:00:00 2026\nFrom: Bo <bo@acme.example>\nSubject: two\nMessage-ID: <m3@acme.example>\n\nThe second message about invoices.\n"
	rawVTT   = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>The invoice export fails.\n"
	rawSRT   = "1\n00:00:01,000 --> 00:00:04,000\nAna: The invoice export fails.\n"
)

// rawIDs are the IDs ingest gives the documents of a raw body.
func rawIDs(t *testing.T, body, contentType string) []string {
	t.Helper()
	docs, err := ingest.Parse([]byte(body), "", contentType, ingest.Config{Client: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range docs {
		ids = append(ids, p.Document.ID)
	}
	return ids
}

func TestWriteUnderAnotherClientsID(t *testing.T) {
	ks := mustKeys(t, keyLine("acme-bot", "key-acme", false, "acme"), keyLine("globex-bot", "key-globex", false, "globex"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1})
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	owned := []string{"globex-1"}
	owned = append(owned, rawIDs(t, rawEmail, "message/rfc822")...)
	owned = append(owned, rawIDs(t, rawMbox, "application/mbox")...)
	for _, id := range owned {
		putAccessDoc(t, e.ix, id, "globex", "Globex: the zanzibar export fails, reference G-777.", "zanzibar", "G-777", day)
	}
	before := map[string][]byte{}
	for _, id := range owned {
		r := e.call(t, http.MethodGet, "/v1/documents/"+id, "key-globex", "", "")
		if r.Status != 200 {
			t.Fatalf("globex reads its %s: %d %s", id, r.Status, r.Raw)
		}
		before[id] = r.Raw
	}

	paths := []struct {
		name, path, contentType, body string
		batch                         bool // answered with accepted/rejected lists
	}{
		{name: "JSON", path: "/v1/documents", contentType: "application/json",
			body: `{"id":"globex-1","client":"acme","text":"acme overwrites this"}`},
		{name: "JSON, client in another case", path: "/v1/documents", contentType: "application/json",
			body: `{"id":"globex-1","client":"ACME","text":"acme overwrites this"}`},
		{name: "JSON Lines", path: "/v1/documents", contentType: "application/x-ndjson", batch: true,
			body: `{"id":"globex-1","client":"acme","text":"acme overwrites this"}` + "\n"},
		{name: "text", path: "/v1/documents?client=acme&id=globex-1", contentType: "text/plain",
			body: "acme overwrites this"},
		{name: "WebVTT", path: "/v1/documents?client=acme&id=globex-1", contentType: "text/vtt", body: rawVTT},
		{name: "SRT", path: "/v1/documents?client=acme&id=globex-1", contentType: "application/x-subrip", body: rawSRT},
		{name: "email with the id given", path: "/v1/documents?client=acme&id=globex-1", contentType: "message/rfc822", body: rawEmail},
		{name: "email with its Message-ID", path: "/v1/documents?client=acme", contentType: "message/rfc822", body: rawEmail},
		{name: "mbox", path: "/v1/documents?client=acme", contentType: "application/mbox", body: rawMbox, batch: true},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			r := e.call(t, http.MethodPost, p.path, "key-acme", p.contentType, p.body)
			if !p.batch {
				if r.Status != http.StatusConflict || r.errCode() != CodeIDOwned {
					t.Fatalf("got %d %s, want 409 %s", r.Status, r.Raw, CodeIDOwned)
				}
			} else {
				rej, _ := r.Body["rejected"].([]any)
				acc, _ := r.Body["accepted"].([]any)
				if r.Status != http.StatusBadRequest || len(acc) != 0 || len(rej) == 0 {
					t.Fatalf("got %d %s, want 400 with every document rejected", r.Status, r.Raw)
				}
				for _, x := range rej {
					code := x.(map[string]any)["error"].(map[string]any)["code"]
					if code != CodeIDOwned {
						t.Errorf("rejected with %v, want %s: %s", code, CodeIDOwned, r.Raw)
					}
				}
			}
			sizes, err := e.q.Sizes(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range sizes {
				if s.Pending+s.Active+s.Retry > 0 {
					t.Errorf("queue %s holds tasks after a refused write: %+v", s.Queue, s)
				}
			}
			for _, id := range owned {
				got := e.call(t, http.MethodGet, "/v1/documents/"+id, "key-globex", "", "")
				if diff := cmp.Diff(string(before[id]), string(got.Raw)); diff != "" {
					t.Errorf("globex's %s changed (-before +after):\n%s", id, diff)
				}
			}
		})
	}

	// The same IDs under globex's own key are accepted.
	r := e.call(t, http.MethodPost, "/v1/documents", "key-globex", "application/json", `{"id":"globex-1","client":"globex","text":"globex updates its own"}`)
	if r.Status != http.StatusAccepted {
		t.Errorf("globex updating its own document: %d %s", r.Status, r.Raw)
	}
	// A new ID is the first writer's.
	r = e.call(t, http.MethodPost, "/v1/documents", "key-acme", "application/json", `{"id":"fresh-1","client":"acme","text":"a new one"}`)
	if r.Status != http.StatusAccepted {
		t.Errorf("acme writing a new id: %d %s", r.Status, r.Raw)
	}
	if n := queued(t, e.q); n != 2 {
		t.Errorf("%d tasks queued, want 2", n)
	}
}

func queued(t *testing.T, q *queues.Client) int {
	t.Helper()
	sizes, err := q.Sizes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range sizes {
		n += s.Pending + s.Active + s.Retry
	}
	return n
}

// TestReadOfAnotherClientsID checks by structure that a forbidden ID is
// answered before any record is read: the index's record-load counter does
// not move, and the answer is the missing ID's, byte for byte (with the ID
// swapped).
func TestReadOfAnotherClientsID(t *testing.T) {
	e := accessEnv(t)
	big := strings.Repeat("The zanzibar export fails again. ", 12000) // ~400 KB
	putAccessDoc(t, e.ix, "globex-big", "globex", big, "zanzibar", "zanzibar", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name, path string
		page       bool
	}{
		{name: "API", path: "/v1/documents/"},
		{name: "page", path: "/documents/", page: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			get := func(id string) (int, string) {
				req, _ := http.NewRequest(http.MethodGet, e.srv.URL+tc.path+id, nil)
				req.Header.Set("Authorization", "Bearer key-acme")
				if tc.page {
					req.Header.Set("Accept", "text/html")
				}
				res, err := e.srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res.StatusCode, strings.ReplaceAll(string(b), id, "ID")
			}
			reads := e.ix.RecordReads()
			fStatus, forbidden := get("globex-big")
			if n := e.ix.RecordReads() - reads; n != 0 {
				t.Errorf("another client's document: %d records read, want 0", n)
			}
			mStatus, missing := get("no-such-id")
			if fStatus != http.StatusNotFound || mStatus != fStatus {
				t.Errorf("status: another client's %d, missing %d; want both 404", fStatus, mStatus)
			}
			if diff := cmp.Diff(missing, forbidden); diff != "" {
				t.Errorf("answers differ (-missing +another client's):\n%s", diff)
			}
			reads = e.ix.RecordReads()
			if s, _ := get("acme-a"); s != http.StatusOK || e.ix.RecordReads()-reads != 1 {
				t.Errorf("own document: %d with %d record reads, want 200 with 1", s, e.ix.RecordReads()-reads)
			}
		})
	}
}

// TestClientNamesNormalised: a key file, a posted document and the client
// parameters name one client whatever the case and Unicode form.
func TestClientNamesNormalised(t *testing.T) {
	ks := mustKeys(t, keyLine("cafe-bot", "key-cafe", false, "Café"))
	e := newEnv(t, Config{Keys: ks, RateLimit: -1})
	putAccessDoc(t, e.ix, "cafe-1", "café", "The invoice export fails, reference C-1.", "invoic export", "C-1", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	tests := []struct {
		name, method, path, contentType, body string
		status                                int
	}{
		{"post as NFD upper case", http.MethodPost, "/v1/documents", "application/json", `{"id":"cafe-2","client":"CAFE\u0301","text":"We need SSO."}`, http.StatusAccepted},
		{"read", http.MethodGet, "/v1/documents/cafe-1", "", "", http.StatusOK},
		{"search by another form", http.MethodGet, "/v1/search?client=CAF%C3%89", "", "", http.StatusOK},
		{"hints by another form", http.MethodGet, "/v1/clients/Cafe%CC%81/hints", "", "", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.call(t, tc.method, tc.path, "key-cafe", tc.contentType, tc.body)
			if r.Status != tc.status {
				t.Fatalf("%d %s, want %d", r.Status, r.Raw, tc.status)
			}
			if strings.HasPrefix(tc.path, "/v1/search") && r.Body["total"] != float64(1) {
				t.Errorf("total %v, want 1: %s", r.Body["total"], r.Raw)
			}
		})
	}
}

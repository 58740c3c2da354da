package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/api"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/ckmhq/ckm/worker"
	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
)

// TestImportNormalizedOncePerSide follows the documents of ckm import
// (a text file, an email and a CSV export of two rows) through a server
// and real Redis to the worker's handler, counting normalisations on
// each side of each hop: the importer normalises and validates each
// document once (its one Prepare, ingest.Finish, gets it as read: ingest
// does not), the server once (its queue client's Prepare, which gets it
// as the importer sent it, its ID already filled from the content as
// read), and the worker once.
func TestImportNormalizedOncePerSide(t *testing.T) {
	addr := testutil.Redis(t)
	qc, err := queues.NewClient(queues.Config{RedisAddr: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qc.Close() })
	ix, err := index.Open(context.Background(), index.Config{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	q := &testutil.SeenQueue{Client: qc}
	srv := httptest.NewServer(api.New(api.Config{}, q, ix).Handler())
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	write(t, filepath.Join(dir, "note.txt"), []byte("We need SSO with Okta."))
	write(t, filepath.Join(dir, "mail.eml"), []byte("From: a@globex.example\nTo: b@acme.example\nSubject: sso\n\nWe need SCIM as well.\n"))
	write(t, filepath.Join(dir, "tickets.csv"), []byte("text,client\nExports time out,Initech\nExports are late,Initech\n"))
	const n = 4

	var asRead []ckm.Document
	var sent []ckm.Document
	imp := importer{
		up: &uploader{server: srv.URL, queue: "default", client: srv.Client(), attempts: 1,
			backoff: func(int) time.Duration { return 0 }, notice: func(string, ...any) {}},
		cfg: ingest.Config{Client: "  Globex "}, maxSize: ingest.MaxInputBytes,
		prepare: func(p *ingest.Parsed, complete func(*ckm.Document)) error {
			asRead = append(asRead, p.Document)
			err := ingest.Finish(p, complete)
			sent = append(sent, p.Document)
			return err
		},
	}
	before := qc.Stats()
	st := &importStats{}
	files, _ := collectFiles([]string{dir})
	for _, f := range files {
		if err := imp.file(context.Background(), f, st); err != nil {
			t.Fatal(err)
		}
	}
	if err := imp.up.flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(st.rejected)+len(imp.up.rejected) != 0 || len(imp.up.accepted) != n {
		t.Fatalf("accepted %d, rejected %v %v; want %d accepted", len(imp.up.accepted), st.rejected, imp.up.rejected, n)
	}
	if len(asRead) != n {
		t.Errorf("the importer normalised %d times for %d documents, want once each", len(asRead), n)
	}
	for _, d := range asRead {
		if d.ID != "" || (d.Client != "  Globex " && d.Client != "Initech") {
			t.Errorf("the importer's Prepare got ID %q, client %q; want the document as read (ingest normalised it first)", d.ID, d.Client)
		}
	}
	if got := qc.Stats(); got.Normalized-before.Normalized != n || got.Encoded-before.Encoded != n {
		t.Errorf("the server normalised %d and encoded %d times for %d documents, want once each",
			got.Normalized-before.Normalized, got.Encoded-before.Encoded, n)
	}
	ids := func(ds []ckm.Document) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.ID+" "+d.Client)
		}
		slices.Sort(out)
		return out
	}
	if diff := cmp.Diff(ids(sent), ids(q.Seen())); diff != "" {
		t.Errorf("the server's Prepare did not get the documents as the importer normalised them (-sent +got):\n%s", diff)
	}

	an, err := nlp.New(nlp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := worker.NewAnalyzeHandler(an, worker.IndexSink{Index: ix}, nil, nil)
	insp := asynq.NewInspector(asynq.RedisClientOpt{Addr: addr})
	t.Cleanup(func() { insp.Close() })
	tasks, err := insp.ListPendingTasks(queues.QueueDefault)
	if err != nil || len(tasks) != n {
		t.Fatalf("%d pending tasks (%v), want %d", len(tasks), err, n)
	}
	for _, ti := range tasks {
		if err := h.ProcessTask(context.Background(), asynq.NewTask(ti.Type, ti.Payload)); err != nil {
			t.Fatal(err)
		}
	}
	if got := h.Normalized(); got != n {
		t.Errorf("the worker normalised %d times for %d documents, want once each", got, n)
	}
	for _, d := range sent {
		rec, err := ix.Get(context.Background(), d.ID)
		if err != nil || rec.Document.Client != ckm.NormalizeClient(d.Client) {
			t.Errorf("stored %q: client %q, %v; want %q", d.ID, rec.Document.Client, err, ckm.NormalizeClient(d.Client))
		}
	}
}

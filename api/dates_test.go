package api

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
)

// queuedDocument finds the pending document id on queue.
func queuedDocument(t *testing.T, insp *asynq.Inspector, queue, id string) ckm.Document {
	t.Helper()
	tasks, err := insp.ListPendingTasks(queue, asynq.PageSize(1000))
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range tasks {
		p, err := queues.ParseAnalyze(asynq.NewTask(ti.Type, ti.Payload))
		if err == nil && p.Document.ID == id {
			return p.Document
		}
	}
	t.Fatalf("document %q is not pending on %s", id, queue)
	return ckm.Document{}
}

// TestPostDates checks ?at= and ?tz= on raw and JSON bodies: a body's own
// date wins, ?at= dates the rest, and a document with neither is dated by
// the time it was received, marked so.
func TestPostDates(t *testing.T) {
	addr := testutil.Redis(t)
	e := newEnvAt(t, Config{}, addr)
	insp := asynq.NewInspector(asynq.RedisClientOpt{Addr: addr})
	t.Cleanup(func() { insp.Close() })
	uniq := fmt.Sprint(time.Now().UnixNano())
	vtt := "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nCustomer: We need MFA " + uniq + ".\n\n00:00:04.000 --> 00:00:05.000\nAgent: Noted.\n"
	noted := strings.Replace(vtt, "WEBVTT\n", "WEBVTT\n\nNOTE Recorded 2026-08-06 15:02 UTC\n", 1)
	json := func(at string) string {
		s := `{"id":"j` + at + uniq + `","client":"globex","text":"We need SSO."`
		if at != "" {
			s += `,"at":"` + at + `"`
		}
		return s + "}"
	}
	tests := []struct {
		name, query, ct, body, id string
		wantAt, wantSource        string // wantAt "" means the time received
	}{
		{"vtt ?at= with zone", "at=2026-08-06T15:02:00Z&id=a" + uniq, "text/vtt", vtt, "a" + uniq, "2026-08-06T15:02:00Z", "flag"},
		{"vtt ?at= read in ?tz=", "at=2026-08-06+15:02&tz=America/Sao_Paulo&id=b" + uniq, "text/vtt", vtt, "b" + uniq, "2026-08-06T18:02:00Z", "flag"},
		{"vtt NOTE wins over ?at=", "at=2020-01-01&id=c" + uniq, "text/vtt", noted, "c" + uniq, "2026-08-06T15:02:00Z", "note"},
		{"?name= of a Zoom recording", "name=GMT20260806-150212_Recording.vtt&id=d" + uniq, "text/vtt", vtt, "d" + uniq, "2026-08-06T15:02:12Z", "filename"},
		{"vtt with nothing", "id=e" + uniq, "text/vtt", vtt, "e" + uniq, "", "received"},
		{"text header read by ?date_format=", "date_format=mm/dd/yyyy&id=f" + uniq, "text/plain", "Date: 06/08/2026\n\nAgent: Hello.\nCustomer: We need MFA " + uniq + ".\n", "f" + uniq, "2026-06-08T00:00:00Z", "header"},
		{"json ?at=", "at=2026-08-06", "application/json", json(""), "j" + uniq, "2026-08-06T00:00:00Z", "flag"},
		{"json own at wins", "at=2020-01-01", "application/json", json("2026-08-07T10:00:00Z"), "j2026-08-07T10:00:00Z" + uniq, "2026-08-07T10:00:00Z", "field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := time.Now().UTC().Truncate(time.Second)
			r := e.do(t, http.MethodPost, "/v1/documents?"+tt.query, tt.ct, strings.NewReader(tt.body))
			if r.Status != http.StatusAccepted {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
			d := queuedDocument(t, insp, queues.QueueCritical, tt.id)
			got := []string{d.At.UTC().Format(time.RFC3339), d.Meta[ckm.MetaAtSource]}
			want := []string{tt.wantAt, tt.wantSource}
			if tt.wantAt == "" {
				if d.At.Before(before) || d.At.After(time.Now()) {
					t.Errorf("received at %s, want between %s and now", d.At, before)
				}
				want[0] = got[0]
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("at, at_source (-want +got):\n%s", diff)
			}
		})
	}
	for _, q := range []string{"at=last+tuesday", "tz=Mars/Olympus", "date_format=yyyy"} {
		for _, ct := range []string{"text/vtt", "application/json"} {
			if strings.HasPrefix(q, "date_format") && ct == "application/json" {
				continue // raw formats only
			}
			r := e.do(t, http.MethodPost, "/v1/documents?"+q, ct, strings.NewReader(vtt))
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Raw), strings.Split(q, "=")[0]) {
				t.Errorf("%s %s: status %d %s, want 400 naming the parameter", ct, q, r.Status, r.Raw)
			}
		}
	}
}

// TestPostCSV posts the Brazilian Excel export as text/csv, then a CSV
// whose text column only ?csv_map= names: every row is queued, dated
// from its own column in ?tz=.
func TestPostCSV(t *testing.T) {
	addr := testutil.Redis(t)
	e := newEnvAt(t, Config{}, addr)
	insp := asynq.NewInspector(asynq.RedisClientOpt{Addr: addr})
	t.Cleanup(func() { insp.Close() })
	b, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "excel", "chamados-excel-br.csv"))
	if err != nil {
		t.Fatal(err)
	}
	r := e.do(t, http.MethodPost, "/v1/documents?tz=America/Sao_Paulo", "text/csv; charset=windows-1252", bytes.NewReader(b))
	if r.Status != http.StatusAccepted {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	acc, _ := r.Body["accepted"].([]any)
	if len(acc) != 5 {
		t.Fatalf("%d rows accepted, want 5: %s", len(acc), r.Raw)
	}
	first, _ := acc[0].(map[string]any)
	id, _ := first["id"].(string)
	d := queuedDocument(t, insp, queues.QueueDefault, id)
	if got := []string{d.Client, d.At.Format(time.RFC3339), d.Meta[ckm.MetaAtSource]}; !cmp.Equal(got, []string{"mercy ridge saúde", "2026-08-06T18:02:00Z", "field"}) {
		t.Errorf("first row: client, at, at_source = %q", got)
	}

	body := "Cliente;Quando;Relato do cliente\nGlobex;2026-08-06 15:02;Precisamos de SSO " + fmt.Sprint(time.Now().UnixNano()) + ".\n"
	r = e.do(t, http.MethodPost, "/v1/documents?csv_map="+url.QueryEscape("text=Relato do cliente,at=Quando"), "text/csv", strings.NewReader(body))
	if id, _ := r.Body["id"].(string); r.Status != http.StatusAccepted || id == "" { // one row: answered as one document
		t.Errorf("mapped csv: status %d: %s", r.Status, r.Raw)
	}
	r = e.do(t, http.MethodPost, "/v1/documents", "text/csv", strings.NewReader(body))
	if r.Status != http.StatusBadRequest || !strings.Contains(r.errMessage(), `"Cliente", "Quando", "Relato do cliente"`) {
		t.Errorf("unmapped csv: status %d %s, want 400 naming the columns", r.Status, r.Raw)
	}
}

// FuzzIngestQuery checks that any query string of a raw POST either
// reads into a valid configuration or is a queryError naming the
// parameter; it never panics.
func FuzzIngestQuery(f *testing.F) {
	for _, s := range []string{"", "client=globex&at=2026-08-06", "at=06/08/2026+15:02&tz=America/Sao_Paulo&date_format=dd/mm/yyyy",
		"csv_map=text%3DDescri%C3%A7%C3%A3o,at%3DData", "csv_map=body%3Dx", "tz=Local", "at=%FF", "name=GMT20260806-150212_Recording.vtt", "date_format=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		cfg, _, _, err := ingestQuery(raw)
		if err != nil {
			var qe *queryError
			if !errors.As(err, &qe) {
				t.Fatalf("ingestQuery(%q): %v is not a queryError", raw, err)
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("ingestQuery(%q) accepted an invalid config: %v", raw, err)
		}
	})
}

package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

// FuzzSearchParams sends arbitrary raw query strings to /v1/search on a
// real index: the answer is never a 5xx and always a JSON object.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{
		"", "q=invoice", "q=invoice&client=globex,acme&source=email&limit=5&offset=1",
		"q=%FF", "q=a%00", "limit=0", "offset=-1", "clinet=x", "q=%zz", "q=a;b",
		"q=" + "((((((((((", `q=%22invoice`, "q=*", "q=%5C", "q=%3Cscript%3E",
		"q=client:globex+AND+text:x^2~", "source=fax", "client=" + "a,,b, ,c",
		"facets=none", "facets=client,cue", "facets=none,client", "facets=%FF", "facets=,,",
	} {
		f.Add(s)
	}
	q, err := queues.NewClient(queues.Config{RedisAddr: testutil.Redis(f)})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { q.Close() })
	ix, err := index.Open(context.Background(), index.Config{Path: f.TempDir()})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ix.Close() })
	for _, d := range []ckm.Document{
		{ID: "f1", Client: "globex", Source: ckm.SourceEmail, Text: "Please put the project number on every invoice."},
		{ID: "f2", Client: "acme", Source: ckm.SourceCall, Text: "A exportação das faturas falha."},
	} {
		put(f, ix, d)
	}
	h := New(Config{}, q, ix).Handler()

	f.Fuzz(func(t *testing.T, raw string) {
		req := httptest.NewRequest(http.MethodGet, "/v1/search", nil)
		req.URL.RawQuery = raw
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("%q: status %d: %s", raw, w.Code, w.Body)
		}
		var body map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("%q: body is not a JSON object: %v: %s", raw, err, w.Body)
		}
	})
}

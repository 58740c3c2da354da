package api

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// BenchmarkPostCSV posts a CSV export of 500 tickets, each with an email
// address and a phone number to redact, to a server whose queue client
// redacts (as ckm serve's does by default), on real Redis.
func BenchmarkPostCSV(b *testing.B) {
	red, err := nlp.NewRedactor(nlp.RedactConfig{})
	if err != nil {
		b.Fatal(err)
	}
	e := newEnvAt(b, Config{}, testutil.Redis(b), queues.WithRedactor(red))
	for i := 0; b.Loop(); i++ {
		var body strings.Builder
		body.WriteString("text,client\n")
		for r := range 500 {
			fmt.Fprintf(&body, "\"Run %d row %d: the export to Salesforce fails every night; write to dana.ortiz%d@globex.example or call +1 415 555 %04d. We tried twice.\",Globex\n", i, r, r, r)
		}
		resp, err := http.Post(e.srv.URL+"/v1/documents", "text/csv", strings.NewReader(body.String()))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

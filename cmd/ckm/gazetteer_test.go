package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm/nlp"
)

// TestGazetteerAPI edits the gazetteer through the API and checks that the
// analysing process picks it up: a new competitor is labelled as such.
func TestGazetteerAPI(t *testing.T) {
	s := startStack(t)
	put := func(body string) (int, string) {
		req, _ := http.NewRequest(http.MethodPut, s.base+"/v1/gazetteer", strings.NewReader(body))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Authorization", "Bearer "+s.adminToken(t)) // an open server's admin action
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if st, body := put("Zendex\tnot-a-label\n"); st != http.StatusBadRequest || !strings.Contains(body, "invalid_gazetteer") {
		t.Fatalf("bad gazetteer: %d %s", st, body)
	}
	if st, body := put("Zendex\tcompetitor\tZendex CRM\n"); st != http.StatusOK || !strings.Contains(body, `"entries":1`) {
		t.Fatalf("good gazetteer: %d %s", st, body)
	}

	deadline := time.Now().Add(30 * time.Second)
	for i := 0; ; i++ {
		id := fmt.Sprintf("gaz-%d", i)
		if st, m := s.post(t, "application/json", strings.NewReader(fmt.Sprintf(
			`{"id":%q,"client":"acme","text":"We are evaluating Zendex CRM because it is cheaper."}`, id))); st != http.StatusAccepted {
			t.Fatalf("post: %d %v", st, m)
		}
		s.waitIndexed(t, id)
		for _, e := range s.getRecord(t, id).Analysis.Entities {
			if e.Kind == nlp.KindCompetitor && e.Source == nlp.SourceGazetteer {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stored gazetteer was not used within 30 s: %+v", s.getRecord(t, id).Analysis.Entities)
		}
		time.Sleep(time.Second)
	}
}

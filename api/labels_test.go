package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// TestSearchRelabelsStaleThemeLabels checks that a search whose theme
// facet has a stale cached label answers it at once and has it labelled
// again in the background, so that the next search shows the wording the
// index holds now.
func TestSearchRelabelsStaleThemeLabels(t *testing.T) {
	ix, err := index.Open(context.Background(), index.Config{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	const key, wording = "invoic number project", "project number on each invoice"
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		id, text := fmt.Sprintf("acme-%d", i), "Please show the project number on each invoice."
		if err := ix.Put(context.Background(), themedRecord(id, ckm.SourceEmail, at, text, wording, key)); err != nil {
			t.Fatal(err)
		}
	}
	s := New(Config{}, nil, ix)
	// A label cached long ago, in another wording.
	s.web.labels.put(nil, map[string]string{key: "old wording"}, time.Now().Add(-2*labelTTL))
	label := func() string {
		t.Helper()
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/search?q=invoice", nil))
		if w.Code != http.StatusOK {
			t.Fatalf("search = %d %s", w.Code, w.Body)
		}
		var res searchResult
		if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Facets[index.FacetTheme] {
			if f.Term == key {
				return f.Label
			}
		}
		t.Fatalf("theme facet lacks %q: %s", key, w.Body)
		return ""
	}
	if got := label(); got != "old wording" {
		t.Errorf("first search's label = %q, want the stale one answered at once", got)
	}
	// The background relabelling replaces it (it holds the scope until
	// it is done).
	deadline := time.Now().Add(30 * time.Second)
	for {
		l, ok, stale := s.web.labels.get(nil, key, time.Now())
		if ok && !stale && l == wording {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("cached label = %q (stale %v), never relabelled to %q", l, stale, wording)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := label(); got != wording {
		t.Errorf("label after the relabelling = %q, want %q", got, wording)
	}
}

// themedRecord is a document of client acme holding one customer request,
// the whole text, with the given theme and key.
func themedRecord(id string, src ckm.Source, at time.Time, text, theme, key string) index.Record {
	return index.Record{
		Document: ckm.Document{ID: id, Client: "acme", Source: src, At: at, Text: text},
		Analysis: nlp.Analysis{ID: id, Language: "en", Version: "t",
			Sentences: []nlp.Sentence{{Text: text, End: len(text), Language: "en"}},
			Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: theme, ThemeKey: key, Text: text, End: len(text),
				Speaker: nlp.SpeakerCustomer, Confidence: 0.9}}},
	}
}

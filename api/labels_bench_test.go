package api

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// BenchmarkSearchThemeLabels measures GET /v1/search with every facet over
// 300 documents in 30 themes: with the theme labels cached (a client
// polling the search), with each call labelling afresh, and with no
// labeller at all (the baseline: the answer before the labels).
// Compare the ns/op of the three in one run.
func BenchmarkSearchThemeLabels(b *testing.B) {
	ix, err := index.Open(context.Background(), index.Config{Path: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		key := fmt.Sprintf("theme%02d", i%30)
		text := "We need " + key + " soon."
		id := fmt.Sprintf("doc-%d", i)
		rec := themedRecord(id, ckm.SourceCall, at.Add(time.Duration(i)*time.Hour), text, key+" label", key)
		if err := ix.Put(context.Background(), rec); err != nil {
			b.Fatal(err)
		}
	}
	run := func(b *testing.B, h http.Handler, reset func()) {
		for b.Loop() {
			if reset != nil {
				reset()
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/v1/search?limit=1", nil))
			if w.Code != http.StatusOK {
				b.Fatalf("search = %d %s", w.Code, w.Body)
			}
		}
	}
	b.Run("cached", func(b *testing.B) {
		s := New(Config{}, nil, ix)
		run(b, s.Handler(), nil)
	})
	b.Run("uncached", func(b *testing.B) {
		s := New(Config{}, nil, ix)
		run(b, s.Handler(), func() { s.web.labels = labelCache{} })
	})
	b.Run("no-labels", func(b *testing.B) {
		s := New(Config{}, nil, searchOnly{ix})
		run(b, s.Handler(), nil)
	})
}

// searchOnly is the index without theme labels: its ThemeLabels knows
// none, so the page shows the keys.
type searchOnly struct{ *index.Index }

func (searchOnly) ThemeLabels(context.Context, []string, []string) (map[string]string, error) {
	return nil, nil
}

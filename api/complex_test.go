package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestNoQueryIs500 sends queries that the engine refuses as too big (a
// typo automaton of a very long word, a long theme pattern): each is a
// 4xx that names q, never a 500.
func TestNoQueryIs500(t *testing.T) {
	e := accessEnv(t)
	tests := []struct{ name, q string }{
		{"long word", strings.Repeat("invoice", 100)},
		{"long word beside a short one", "export " + strings.Repeat("abcdefghij", 70)},
		{"long theme", "theme:" + strings.Repeat("x", 500)},
		{"long phrase", `"` + strings.Repeat("invoice export ", 60) + `"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/v1/search?q=", "/?q="} {
				req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path+url.QueryEscape(tc.q), nil)
				req.Header.Set("Authorization", "Bearer key-acme")
				req.Header.Set("Accept", "text/html")
				start := time.Now()
				res, err := e.srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode >= 500 {
					t.Errorf("%s: %d after %s, want a 4xx or 200", path, res.StatusCode, time.Since(start))
				}
			}
		})
	}
}

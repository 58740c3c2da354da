package api

import (
	"net/http"
	"strings"
	"testing"
)

func TestQueryCost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		q    string
		want int
	}{
		{"empty", "", 1},
		{"short word", "sso", 2},
		{"one-edit word", "login", 5},
		{"two-edit word", "invoices", 9},
		{"filter", "client:acme", 2},
		{"theme filter", "theme:invoice", 6},
		{"phrase", `"invoice export fails"`, 7},
		{"capped", strings.Repeat("extraordinary ", 20), DefaultQueryBudget},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := queryCost(tc.q, DefaultQueryBudget); got != tc.want {
				t.Errorf("queryCost(%q) = %d, want %d", tc.q, got, tc.want)
			}
		})
	}
}

// TestQueryBudgetPerKey spends the acme key's budget, as its expensive
// searches in flight would: acme's next search is a 429 with Retry-After,
// while another key's cheap search runs; once acme's searches finish, its
// own run again.
func TestQueryBudgetPerKey(t *testing.T) {
	base := accessEnv(t)
	ks := mustKeys(t, keyLine("acme-bot", "key-acme", false, "acme"), keyLine("ops", "key-ops", true, "*"))
	s := New(Config{Keys: ks, RateLimit: -1}, base.q, base.ix)
	e := &env{srv: newServer(t, s), q: base.q, ix: base.ix}

	if !s.budgets.acquire("acme-bot", DefaultQueryBudget) {
		t.Fatal("could not take acme's budget")
	}
	for _, path := range []string{"/v1/search?q=invoice", "/?q=invoice"} {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer key-acme")
		req.Header.Set("Accept", "text/html")
		res, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("acme over budget, %s: %d Retry-After %q; want 429 with Retry-After", path, res.StatusCode, res.Header.Get("Retry-After"))
		}
	}
	if r := e.call(t, http.MethodGet, "/v1/search?q=invoice", "key-ops", "", ""); r.Status != http.StatusOK {
		t.Errorf("another key while acme is over budget: %d %s, want 200", r.Status, r.Raw)
	}
	s.budgets.release("acme-bot", DefaultQueryBudget)
	r := e.call(t, http.MethodGet, "/v1/search?q=invoice", "key-acme", "", "")
	if r.Status != http.StatusOK {
		t.Errorf("acme after its searches finished: %d %s, want 200", r.Status, r.Raw)
	}
	if n := len(s.budgets.inUse); n != 0 {
		t.Errorf("budget still charged after the searches: %v", s.budgets.inUse)
	}
}

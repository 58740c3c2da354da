package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestAdminTokenOnOpenServer checks that a server without keys but with
// an admin token shows everything to anyone and takes admin actions only
// with the token.
func TestAdminTokenOnOpenServer(t *testing.T) {
	const token = "0123456789abcdef"
	e := newEnv(t, Config{AdminToken: token})
	tests := []struct {
		name, method, path, auth string
		wantForbidden            bool
	}{
		{"re-analysis without the token", http.MethodPost, "/v1/reanalyze", "", true},
		{"re-analysis with a wrong token", http.MethodPost, "/v1/reanalyze", "Bearer nope", true},
		{"re-analysis with the token", http.MethodPost, "/v1/reanalyze", "Bearer " + token, false},
		{"gazetteer change without the token", http.MethodPut, "/v1/gazetteer", "", true},
		{"job cancel without the token", http.MethodPost, "/v1/jobs/x/cancel", "", true},
		{"reading jobs needs no token", http.MethodGet, "/v1/jobs", "", false},
		{"searching needs no token", http.MethodGet, "/v1/search?q=x", "", false},
		{"posting documents needs no token", http.MethodPost, "/v1/documents", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, e.srv.URL+tt.path, strings.NewReader(`{"text":"We need SSO.","client":"c"}`))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if forbidden := res.StatusCode == http.StatusForbidden; forbidden != tt.wantForbidden {
				t.Errorf("%s %s = %d, want forbidden %v", tt.method, tt.path, res.StatusCode, tt.wantForbidden)
			}
		})
	}
	// Without a token an open server keeps every caller an admin.
	open := newEnv(t, Config{})
	if r := open.do(t, http.MethodPost, "/v1/reanalyze", "application/json", strings.NewReader(`{}`)); r.Status == http.StatusForbidden {
		t.Errorf("open server without a token: POST /v1/reanalyze = %d %s", r.Status, r.Raw)
	}
}

package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzSafeNext checks that whatever next a login link carries, the
// redirect it produces stays on this site, as a browser would resolve it:
// after dropping the tabs and newlines browsers drop and turning
// backslashes into slashes, the Location resolves against the site's URL
// to the same host; and safeNext returns next itself or "/".
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{
		"/", "/clients/acme?now=1", "//evil.example", "/\\evil.example", "/\t/evil.example/p",
		"/%09/evil.example", "https://evil.example", "/%2F%2Fevil", "/a\r\nx", "javascript:x",
		"/./../..//evil", "/\u3000/x", "/%5C%5Cevil", "/a?next=//evil", "/#//evil",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://ckm.example/login")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither next nor /", next, got)
		}
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "https://ckm.example/login", nil)
		http.Redirect(rec, req, got, http.StatusSeeOther)
		loc := rec.Header().Get("Location")
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
		u, err := base.Parse(browser)
		if err != nil {
			t.Fatalf("safeNext(%q) = %q: Location %q does not parse: %v", next, got, loc, err)
		}
		if u.Host != "ckm.example" || u.Scheme != "https" || u.User != nil {
			t.Fatalf("safeNext(%q) = %q: Location %q leads to %s://%s", next, got, loc, u.Scheme, u.Host)
		}
	})
}

package alerts

import (
	"net"
	"net/url"
	"testing"
	"time"
)

// FuzzValidate checks that validating a subscription never panics and
// that an accepted one names no private address literally and has an ID
// and a secret.
func FuzzValidate(f *testing.F) {
	f.Add("query", "invoice cue:pain", "acme", "https://hooks.example.com/x", "")
	f.Add("need", "", "", "http://169.254.169.254/latest", "day")
	f.Add("query", `"po number" OR -client:x`, "", "https://[::1]:8080/", "hour")
	f.Add("emerging", "", "", "ftp://x", "week")
	f.Fuzz(func(t *testing.T, kind, query, client, rawURL, digest string) {
		s := Subscription{Kind: kind, Query: query, Client: client, URL: rawURL, Digest: digest, Clients: []string{"acme"}}
		if err := s.validate(time.Now(), false); err != nil {
			return
		}
		u, err := url.Parse(s.URL)
		if err != nil {
			t.Fatalf("accepted URL %q does not parse: %v", s.URL, err)
		}
		if ip := net.ParseIP(u.Hostname()); ip != nil && !publicIP(ip) {
			t.Fatalf("accepted private address %q", s.URL)
		}
		if s.ID == "" || len(s.Secret) < 32 {
			t.Fatalf("accepted without an ID or secret: %+v", s)
		}
	})
}

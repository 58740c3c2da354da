package alerts

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ckmhq/ckm/index"
)

// Kinds of subscription.
const (
	// KindQuery fires when a new document matches a saved search.
	KindQuery = "query"
	// KindEmerging fires when a theme starts emerging (index.Emerging's
	// significant themes) for a client in scope.
	KindEmerging = "emerging"
	// KindNeed fires when a new document from a client in scope holds a
	// churn-risk or competitor need (NeedQuery).
	KindNeed = "need"
)

// NeedQuery is the saved search behind KindNeed.
const NeedQuery = "cue:churn-risk OR cue:competitor"

// Digest periods. An empty Digest delivers each event on its own.
const (
	DigestHour = "hour"
	DigestDay  = "day"
)

// ErrInvalid is wrapped by every validation error of a subscription.
var ErrInvalid = errors.New("invalid subscription")

// ErrNotFound is returned for a subscription that does not exist or is
// not the caller's.
var ErrNotFound = errors.New("alerts: no such subscription")

// Subscription is a saved search or a watch, delivered to a webhook.
type Subscription struct {
	ID    string `json:"id"`
	Owner string `json:"owner"` // the API key's name
	// Clients is the owner's scope when the subscription was saved;
	// empty means every client. Nothing outside it is ever matched or
	// delivered.
	Clients []string `json:"clients,omitempty"`
	Kind    string   `json:"kind"`
	Query   string   `json:"query,omitempty"`  // KindQuery: the query language
	Client  string   `json:"client,omitempty"` // narrows the scope to one client
	URL     string   `json:"url"`
	// Secret signs the deliveries (see Sign); it is shown once, when
	// the subscription is created.
	Secret  string    `json:"secret,omitempty"`
	Digest  string    `json:"digest,omitempty"` // "", DigestHour or DigestDay
	Created time.Time `json:"created"`
}

// Scope is the clients the subscription may fire on; nil means all.
func (s Subscription) Scope() []string {
	if s.Client != "" {
		return []string{s.Client}
	}
	return s.Clients
}

// query is the saved search of a query or need subscription.
func (s Subscription) query() string {
	if s.Kind == KindNeed {
		return NeedQuery
	}
	return s.Query
}

// Public returns s without its secret, for listings.
func (s Subscription) Public() Subscription {
	s.Secret = ""
	return s
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, a...))
}

// validate checks a new subscription and fills its ID, secret and time.
func (s *Subscription) validate(now time.Time, allowPrivate bool) error {
	switch s.Kind {
	case KindQuery:
		if strings.TrimSpace(s.Query) == "" {
			return invalid("query: a saved search needs a query")
		}
		if err := index.CheckQuery(s.Query); err != nil {
			return invalid("query: %v", err)
		}
	case KindEmerging, KindNeed:
		if s.Query != "" {
			return invalid("query: only kind %q takes a query", KindQuery)
		}
	default:
		return invalid("kind: %q is not %s, %s or %s", s.Kind, KindQuery, KindEmerging, KindNeed)
	}
	if s.Client != "" && len(s.Clients) > 0 && !slices.Contains(s.Clients, s.Client) {
		return invalid("client: %q is outside the key's clients", s.Client)
	}
	if s.Digest != "" && s.Digest != DigestHour && s.Digest != DigestDay {
		return invalid("digest: %q is not %s or %s", s.Digest, DigestHour, DigestDay)
	}
	if err := checkURL(s.URL, allowPrivate); err != nil {
		return err
	}
	s.ID, s.Secret, s.Created = randomHex(8), randomHex(24), now.UTC()
	return nil
}

// checkURL accepts an absolute http or https URL; one naming a private
// address is refused unless allowPrivate. Addresses are checked again,
// after DNS resolution, at every delivery (see dialer).
func checkURL(raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return invalid("url: %q is not an http or https URL without credentials", raw)
	}
	if ip := net.ParseIP(u.Hostname()); ip != nil && !allowPrivate && !publicIP(ip) {
		return invalid("url: %s is a loopback, private or link-local address", ip)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

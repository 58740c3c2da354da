package queues

import (
	"context"

	"github.com/ckmhq/ckm"
)

// Redactor removes personal data from a document; *nlp.Redactor is one.
// Redacting a redacted document must change nothing.
type Redactor interface {
	Document(ctx context.Context, d ckm.Document) (ckm.Document, error)
}

// ClientOption configures a Client.
type ClientOption func(*Client)

// WithRedactor makes the Client redact every document before it is
// enqueued, so that Redis (its memory, RDB snapshots and AOF) never holds
// the personal data in clear. A nil r redacts nothing.
func WithRedactor(r Redactor) ClientOption {
	return func(c *Client) { c.redactor = r }
}

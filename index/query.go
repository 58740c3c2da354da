package index

import (
	"time"

	qlang "github.com/ckmhq/ckm/index/query"
)

// The query language is package index/query: Query.Text is parsed there,
// and the builder (build.go) turns what it parses into Bleve queries.
// These are its names that the index's callers meet.

// QueryError is query text that does not parse: Search, CheckQuery and
// SavedQuery return errors that wrap one. It is query.Error.
type QueryError = qlang.Error

// Limits of Query.Text, from the query language.
const (
	// MaxQueryTerms bounds the words, phrases and filters of one query.
	MaxQueryTerms = qlang.MaxTerms
	// MaxWordBytes bounds one word of a query, alone or inside a phrase.
	MaxWordBytes = qlang.MaxWordBytes
)

// indexable reports whether t fits Bleve's datetime range (int64 Unix
// nanoseconds); other times are kept in the record but not indexed, and
// after: and before: take only such dates.
func indexable(t time.Time) bool { return qlang.Indexable(t) }

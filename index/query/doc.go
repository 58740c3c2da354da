// Package query is ckm's query language: what people type into a search,
// parsed into a Query the index turns into Bleve queries. It is pure: no
// Bleve, no I/O, no goroutines; user text never reaches Bleve's own
// query-string parser.
//
//	invoice export          both words (AND is the default between terms)
//	"project number"        a phrase
//	invoice OR fatura       either term; OR binds the two terms beside it
//	-csv  -client:acme      exclude a word, a phrase or a filter
//	client:globex source:call kind:implied cue:pain theme:invoice
//	entity:4521 lang:pt after:2026-01-01 before:2026-06-30
//
// Field values with spaces are quoted: theme:"po number". There is no
// grouping with parentheses: they are ordinary characters, which the
// analyzers drop.
//
// Parse returns a *Query or an *Error that says where the text went wrong
// and what to do about it; Query.String writes a query back, and parsing
// that gives the same query again:
//
//	q, err := query.Parse(`invoice OR fatura -client:acme after:2026-02`)
//	if err != nil { ... } // an *Error: `unknown field "clinet" at 0: did you mean client?`
//	for _, clause := range q.Clauses { ... } // each a disjunction of Terms
package query

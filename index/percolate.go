package index

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// CheckQuery reports whether text parses in the query language; the error
// is a *QueryError. Saved searches are checked with it when saved.
func CheckQuery(text string) error {
	if _, err := parseQuery(strings.TrimSpace(text)); err != nil {
		return fmt.Errorf("index: check query: %w", err)
	}
	return nil
}

// Matching returns which of the documents ids match the query text, within
// clients (empty: all), in no particular order. It is the percolator of
// saved searches: run over the documents indexed since the last run, it
// costs one search restricted to those IDs, whatever the index's size.
func (ix *Index) Matching(ctx context.Context, text string, clients, ids []string) ([]string, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: matching: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	pq, err := parseQuery(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("index: matching: %w", err)
	}
	b := &builder{tokens: ix.tokens, known: ix.known}
	filters := []query.Query{termQuery(fieldType, typeDocument), bleve.NewDocIDQuery(ids)}
	if len(clients) > 0 {
		filters = append(filters, anyTerm(fieldClient, clients))
	}
	req := bleve.NewSearchRequestOptions(b.build(pq).query(filters...), len(ids), 0, false)
	req.Score = "none"
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: matching: %w", ix.mapErr(err))
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out, nil
}

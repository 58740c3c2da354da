package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// ScanQuery selects documents to page through in ID order, as re-analysis
// does. The zero value selects every document.
type ScanQuery struct {
	Client       string    // only this client's documents; "" = all
	Since, Until time.Time // only documents with At in [Since, Until); zero = open
	NotVersion   string    // only documents whose analysis has another version; "" = any
	After        string    // the last ID of the previous page; "" = from the start
	Limit        int       // page size; default 500, at most 10000
}

// Scan returns the IDs of the next page of documents matching q, in ID
// order, and how many documents match in all (not only after q.After).
// Paging by ID is stable while documents are added or replaced: each
// document is seen at most once, and every document that matched before
// the scan started and still matches is seen.
func (ix *Index) Scan(ctx context.Context, q ScanQuery) (ids []string, total uint64, err error) {
	if err := ix.check(ctx); err != nil {
		return nil, 0, fmt.Errorf("index: scan: %w", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 500
	}
	limit = min(limit, 10000)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(termQuery(fieldType, typeDocument))
	if q.Client != "" {
		bq.AddMust(termQuery(fieldClient, q.Client))
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		bq.AddMust(ix.layout.atRange(q.Since, q.Until))
	}
	if q.NotVersion != "" {
		bq.AddMustNot(termQuery(fieldVersion, q.NotVersion))
	}
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	req.SortBy([]string{"_id"})
	if q.After != "" {
		req.SearchAfter = []string{q.After}
	}
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, fmt.Errorf("index: scan: %w", ix.mapErr(err))
	}
	ids = make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids, res.Total, nil
}

package index

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// CheckQuery reports whether text parses in the query language; the error
// wraps a *QueryError. Saved searches are checked with it when saved.
func CheckQuery(text string) error {
	if _, err := parseQuery(strings.TrimSpace(text)); err != nil {
		return fmt.Errorf("index: check query: %w", err)
	}
	return nil
}

// Percolator matches saved searches against a batch of new records: it
// holds them in a small in-memory index with the index's mapping, so each
// search costs what the batch costs, not what the index does. Words
// match as Search matches them (stems, both languages) but without typo
// variants. Close it when done; it is safe for concurrent use.
type Percolator struct {
	ix  *Index
	mem bleve.Index
}

// Percolator returns a Percolator over recs (their document records).
func (ix *Index) Percolator(recs []Record) (*Percolator, error) {
	if err := ix.check(context.Background()); err != nil {
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	mem, err := bleve.NewUsing("", newMapping(), scorch.Name, scorch.Name, nil) // scorch without a path: in memory
	if err != nil {
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	b := mem.NewBatch()
	for i := range recs {
		rec := recs[i]
		fields, err := documentFields(&rec)
		if err == nil {
			err = b.Index(rec.Document.ID, fields)
		}
		if err != nil {
			mem.Close()
			return nil, fmt.Errorf("index: percolator: %q: %w", rec.Document.ID, err)
		}
	}
	if err := mem.Batch(b); err != nil {
		mem.Close()
		return nil, fmt.Errorf("index: percolator: %w", err)
	}
	return &Percolator{ix: ix, mem: mem}, nil
}

// Match returns the IDs of the batch's documents that the query text
// matches within clients (empty: all), in no particular order.
func (p *Percolator) Match(ctx context.Context, text string, clients []string) ([]string, error) {
	pq, err := parseQuery(strings.TrimSpace(text))
	if err != nil {
		return nil, fmt.Errorf("index: percolate: %w", err)
	}
	b := &builder{tokens: p.ix.tokens} // no typo variants: a saved search is deliberate
	filters := []query.Query{termQuery(fieldType, typeDocument)}
	if len(clients) > 0 {
		filters = append(filters, anyTerm(fieldClient, clients))
	}
	n, err := p.mem.DocCount()
	if err != nil {
		return nil, fmt.Errorf("index: percolate: %w", err)
	}
	req := bleve.NewSearchRequestOptions(b.build(pq).query(filters...), int(n), 0, false)
	req.Score = "none"
	res, err := p.mem.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("index: percolate: %w", err)
	}
	out := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out, nil
}

// Close releases the batch's in-memory index.
func (p *Percolator) Close() error { return p.mem.Close() }

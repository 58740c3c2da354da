package index

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// The first page by relevance without sorting every match by id. Hits are
// ordered by score, then by id, so that a cursor (score and id) continues
// exactly where its page ended. Asking Bleve for that order loads the id
// of every match, to compare the ties: at 100,000 documents a sixth of a
// search. The first page asks instead for the best by score alone, with
// tieRoom more, and orders them by id itself: every match that ties the
// page's last hit is among them when the last of them scores less. When
// it does not (a tie longer than tieRoom), the search runs once more with
// tieGrowth times the room, and only when the tie is longer still is it
// run sorted by id. A later page (a cursor or an offset) is always sorted
// by id. Long ties are common: short texts that say the same ("my card
// was declined") score alike, and at 100,000 documents "card", matched
// by meaning too, tied 152 documents at its tenth hit; sorting its
// 18,704 matches by id made that search cost five times its words-only
// twin.
const (
	tieRoom   = 48
	tieGrowth = 8
)

// byScore reports whether p's page can be sorted by score alone
// (settleTies): the first page by relevance of words or phrases (without
// them every match scores the same, one long tie).
func (p *plan) byScore() bool {
	return p.sort == SortRelevance && p.parts.scored && p.cur == nil && p.offset == 0
}

// search runs req, a request of p, and returns its result with the hits
// in p's order; its first search counts the facets of pass, when not nil
// (the others find the same matches).
func (ix *Index) search(ctx context.Context, p *plan, req *bleve.SearchRequest, pass *facetPass) (*bleve.SearchResult, error) {
	counting := ctx
	if pass != nil {
		counting = pass.in(ctx)
	}
	if !p.byScore() {
		res, err := ix.bleve.SearchInContext(counting, req)
		if err != nil {
			return nil, ix.mapErr(err)
		}
		return res, nil
	}
	quick := *req
	quick.Size = req.Size + tieRoom
	quick.SortBy([]string{"-_score"})
	res, err := ix.bleve.SearchInContext(counting, &quick)
	if err != nil {
		return nil, ix.mapErr(err)
	}
	if hits, ok := settleTies(res.Hits, req.Size, quick.Size); ok {
		res.Hits = hits
		return res, nil
	}
	wider := quick
	wider.Facets = nil // counted already
	wider.Size = quick.Size * tieGrowth
	more, err := ix.bleve.SearchInContext(ctx, &wider)
	if err != nil {
		return nil, ix.mapErr(err)
	}
	if hits, ok := settleTies(more.Hits, req.Size, wider.Size); ok {
		res.Hits = hits
		return res, nil
	}
	again := *req
	again.Facets = nil // counted already
	sorted, err := ix.bleve.SearchInContext(ctx, &again)
	if err != nil {
		return nil, ix.mapErr(err)
	}
	res.Hits = sorted.Hits
	return res, nil
}

// settleTies orders hits, the best of asked matches by score (best first),
// by score and then id, and returns the first n, or false when a match
// left out may tie the n-th: when all asked came and the last scores as
// much as the n-th.
func settleTies(hits search.DocumentMatchCollection, n, asked int) (search.DocumentMatchCollection, bool) {
	if len(hits) == asked && len(hits) > n && hits[len(hits)-1].Score >= hits[n-1].Score {
		return nil, false
	}
	slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return hits[:min(n, len(hits))], true
}

package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// Compaction. Bleve merges an index's segments in the background as
// batches arrive, but leaves up to ten segments of each size tier: 18 at
// 100,000 documents. A search looks each of its terms up in every
// segment and walks each segment's postings on its own, so fewer segments
// answer faster: the report's queries took 0.62× the time at 100,000
// documents merged into two. Merging costs CPU and disk writes that would
// slow ingest, so the index merges further only once no batch has been
// committed for Config.CompactAfter: down to one segment per tier
// (compactPlan), so a quiet period after a few new documents merges the
// small segments, and the large ones only when a tier fills.

// compactPlan is Bleve's default merge plan with one segment per tier.
var compactPlan = func() mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentsPerTier = 1
	return o
}()

// compactPasses bounds the merge plans run per quiet period: one plan can
// leave a tier with more than one segment.
const compactPasses = 3

// Compact merges the index's segments down to one per size tier now,
// as the index does by itself once idle for Config.CompactAfter, and
// returns when done. Searches and Puts go on meanwhile.
func (ix *Index) Compact(ctx context.Context) error {
	if err := ix.check(ctx); err != nil {
		return fmt.Errorf("index: compact: %w", err)
	}
	if err := ix.compact(ctx); err != nil {
		return fmt.Errorf("index: compact: %w", ix.mapErr(err))
	}
	return nil
}

// compact runs compactPlan, one merge at a time (Bleve refuses a second
// while one is under way).
func (ix *Index) compact(ctx context.Context) error {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	ix.compacting.Lock()
	defer ix.compacting.Unlock()
	for range compactPasses {
		if err := sc.ForceMerge(ctx, &compactPlan); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// segments is how many segments the index's current snapshot has.
func (ix *Index) segments() (int, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return 0, err
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	if s, ok := r.(*scorch.IndexSnapshot); ok {
		return len(s.Segments()), nil
	}
	return 0, nil
}

// compactor compacts the index each time it has been idle for after
// since its last commit (and once after Open). It returns when ix.quit is
// closed; Close cancels a merge under way.
func (ix *Index) compactor(ctx context.Context, after time.Duration) {
	defer close(ix.compacted)
	tick := time.NewTicker(min(after, time.Second))
	defer tick.Stop()
	last, since := ix.counts.gen.Load(), time.Now()
	merged, any := last, false
	for {
		select {
		case <-ix.quit:
			return
		case <-tick.C:
		}
		g := ix.counts.gen.Load()
		switch {
		case g != last:
			last, since = g, time.Now()
			continue
		case any && g == merged, time.Since(since) < after:
			continue
		}
		start := time.Now()
		err := ix.compact(ctx)
		ix.log.Debug("index: compacted", "took", time.Since(start), "err", err)
		merged, any = g, true
	}
}

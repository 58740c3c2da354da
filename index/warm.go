package index

import (
	"context"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Warming the facet tables. A commit adds a segment and Bleve's merges
// replace segments with larger ones, in the background; the first search
// that counts facets over a new segment reads its tables (facetvalues.go),
// which for a merged segment of 100,000 documents takes tens to hundreds
// of milliseconds. Bleve tells of each new segment through the index's
// event callback (scorch.RegistryEventCallbacks, a registry of names read
// when an index opens); the index then reads the new segments' tables in
// the background, so that the search after a commit or a merge finds them
// read. It reads none until a search has counted facets.

// eventCallbackName names onScorchEvent in Bleve's registry; an index is
// opened with it in its runtime configuration, never written to disk.
const eventCallbackName = "ckm_warm_facets"

// warmers maps each open index's Bleve scorch index to its warm function:
// the callback is registered by name, once per process, and Bleve gives it
// the scorch index only.
var warmers sync.Map // *scorch.Scorch → func()

func init() {
	scorch.RegistryEventCallbacks[eventCallbackName] = onScorchEvent
}

// onScorchEvent asks the index of e to warm its tables when e introduced
// segments. It never blocks Bleve.
func onScorchEvent(e scorch.Event) bool {
	switch e.Kind {
	case scorch.EventKindBatchIntroduction, scorch.EventKindMergeTaskIntroduction, scorch.EventKindPersisterProgress:
		if warm, ok := warmers.Load(e.Scorch); ok {
			warm.(func())()
		}
	}
	return true
}

// startWarming registers ix for Bleve's events and starts the goroutine
// that warms its tables, until ctx ends; stopWarming unregisters it.
func (ix *Index) startWarming(ctx context.Context) {
	ix.warmSignal = make(chan struct{}, 1)
	ix.warmed = make(chan struct{})
	adv, err := ix.bleve.Advanced()
	sc, ok := adv.(*scorch.Scorch)
	if err != nil || !ok {
		close(ix.warmed)
		return
	}
	ix.warmScorch = sc
	warmers.Store(sc, ix.signalWarm)
	go ix.warm(ctx)
}

// stopWarming unregisters ix and waits for its warming to end; ctx of
// startWarming must be done.
func (ix *Index) stopWarming() {
	if ix.warmScorch != nil {
		warmers.Delete(ix.warmScorch)
	}
	<-ix.warmed
}

// signalWarm asks for the tables to be warmed, without waiting.
func (ix *Index) signalWarm() {
	select {
	case ix.warmSignal <- struct{}{}:
	default: // a warming is due already
	}
}

// warm reads the tables of the current snapshot's segments each time it
// is signalled, once a search has counted facets.
func (ix *Index) warm(ctx context.Context) {
	defer close(ix.warmed)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ix.warmSignal:
		}
		if ctx.Err() != nil {
			return
		}
		if !ix.facetTables.wanted() {
			continue
		}
		r, err := ix.warmScorch.Reader()
		if err != nil {
			continue // closing
		}
		if snap, ok := r.(*scorch.IndexSnapshot); ok {
			if _, err := ix.facetTables.of(snap, false); err != nil {
				ix.log.Warn("index: warm facet tables", "err", err)
			}
			ix.warmings.Add(1)
		}
		r.Close()
	}
}

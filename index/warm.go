package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv16 "github.com/blevesearch/zapx/v16"
	zapv17 "github.com/blevesearch/zapx/v17"
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

// A merge is different: Bleve's merges replace segments with ones of
// hundreds of thousands of documents at a million, whose tables take
// seconds to read, and the first search over the merged segment would wait
// that long. Bleve tells of a merge before it introduces the merged
// segment (scorch.EventKindMergeTaskIntroductionStart), on the merger's
// goroutine, with the segment's file complete; the index then reads the
// table from that file before the callback returns. The merge becomes
// visible that much later, which changes no result: searches go on over
// the segments it replaces, whose tables are read.

// warmers maps each open index's Bleve scorch index to the index: the
// callback is registered by name, once per process, and Bleve gives it the
// scorch index only.
var warmers sync.Map // *scorch.Scorch → *Index

func init() {
	scorch.RegistryEventCallbacks[eventCallbackName] = onScorchEvent
}

// onScorchEvent asks the index of e to warm its tables when e introduced
// segments. It never blocks Bleve.
// A merge's tables are read before it is introduced, on Bleve's merger.
func onScorchEvent(e scorch.Event) bool {
	v, ok := warmers.Load(e.Scorch)
	if !ok {
		return true
	}
	ix := v.(*Index)
	switch e.Kind {
	case scorch.EventKindBatchIntroduction, scorch.EventKindMergeTaskIntroduction, scorch.EventKindPersisterProgress:
		ix.signalWarm()
	case scorch.EventKindMergeTaskIntroductionStart:
		if err := ix.readMerged(); err != nil {
			ix.log.Warn("index: read a merged segment's facet table", "err", err)
		}
	}
	return true
}

// startWarming registers ix for Bleve's events and starts the goroutine
// that warms its tables, until ctx ends; stopWarming unregisters it.
func (ix *Index) startWarming(ctx context.Context) {
	ix.warmSignal = make(chan struct{}, 1)
	ix.warmed = make(chan struct{})
	ix.facetTables.firstAsked = ix.signalWarm
	adv, err := ix.bleve.Advanced()
	sc, ok := adv.(*scorch.Scorch)
	if err != nil || !ok {
		close(ix.warmed)
		return
	}
	ix.warmScorch = sc
	warmers.Store(sc, ix)
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

// readMerged reads the facet tables of the segment files in ix's store
// that it has neither read nor seen in a snapshot: at the start of a
// merge's introduction, the merged segments. It reads none until a search
// has counted facets.
func (ix *Index) readMerged() error {
	if !ix.facetTables.wanted() {
		return nil
	}
	dir := filepath.Join(ix.cfg.Path, "store")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	onDisk := make(map[uint64]bool, len(entries))
	for _, e := range entries {
		var id uint64
		if n, err := fmt.Sscanf(e.Name(), "%x.zap", &id); n == 1 && err == nil && strings.HasSuffix(e.Name(), ".zap") {
			onDisk[id] = true
		}
	}
	for _, id := range ix.facetTables.unknown(onDisk) {
		v, err := readSegmentFile(filepath.Join(dir, fmt.Sprintf("%012x.zap", id)))
		if errors.Is(err, errIncomplete) {
			continue // a segment the persister is still writing: read when a snapshot has it
		}
		if err != nil {
			return err
		}
		ix.facetTables.put(id, v)
	}
	return nil
}

// errIncomplete is the error of a segment file whose footer's checksum
// does not match its contents: one still being written.
var errIncomplete = errors.New("segment file not complete")

// readSegmentFile reads the facet values of the segment file at path,
// opened on its own: the merger holds Bleve's opening of it. The store
// holds, beside the merged segments, those the persister is writing at the
// same moment; such a file's footer is not yet written, and reading it
// took garbage for a document count (an allocation of terabytes), so a
// file is read only when the CRC-32 its footer ends with is that of
// everything before it, as zap writes it.
func readSegmentFile(path string) (*segmentValues, error) {
	complete, err := checksummed(path)
	if err != nil {
		return nil, err
	}
	if !complete {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), errIncomplete)
	}
	var seg segment.Segment
	for _, p := range segmentPlugins {
		if seg, err = p.Open(path); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", filepath.Base(path), err)
	}
	defer seg.Close()
	return readSegmentValues(seg)
}

// checksummed reports whether the file at path ends with the big-endian
// CRC-32 (IEEE) of everything before it, read in a stream so that a large
// merged segment is not held in memory.
func checksummed(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	if fi.Size() < 4 {
		return false, nil
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, fi.Size()-4); err != nil {
		return false, err
	}
	var tail [4]byte
	if _, err := io.ReadFull(f, tail[:]); err != nil {
		return false, err
	}
	return h.Sum32() == binary.BigEndian.Uint32(tail[:]), nil
}

// segmentPlugins open segment files: the version Bleve writes first, then
// the one before it.
var segmentPlugins = []interface {
	Open(path string) (segment.Segment, error)
}{&zapv17.ZapPlugin{}, &zapv16.ZapPlugin{}}

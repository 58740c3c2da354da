package index

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/ckmhq/ckm"
)

// putRequest is one Put waiting for its batch. The writer sends exactly one
// value on reply (buffered, so the writer never blocks on a gone caller).
type putRequest struct {
	rec    Record
	reply  chan error
	urgent bool // committed FlushInterval after it arrives (Urgent)
}

// urgentKey marks a context whose Puts are urgent.
type urgentKey struct{}

// Urgent returns a context whose Puts are committed without waiting for
// their batch to grow: FlushInterval after they arrive at most, as a lone
// Put is. Documents posted live are urgent; a stream of re-analysed ones
// is not, and fills batches up to MaxBatchWait.
func Urgent(ctx context.Context) context.Context {
	return context.WithValue(ctx, urgentKey{}, true)
}

// Put indexes rec, replacing any earlier record of the same document and
// all of that document's need records. A document ID belongs to the client
// of the first record committed under it: a record of another client is
// refused with an *OwnerError (ErrOwnedByOther) and nothing is written. It returns once the batch holding
// rec is committed to disk, so a returned Put is searchable; or when ctx
// ends (the record may still be committed) or the index is closed.
//
// An empty ContentHash is filled with rec.Document.ContentHash() and a zero
// IndexedAt with the current time. A document dated only by when it was
// received keeps the received time of its earlier record.
func (ix *Index) Put(ctx context.Context, rec Record) error {
	id := rec.Document.ID
	if id == "" || strings.Contains(id, "/need/") {
		return fmt.Errorf("index: put %q: invalid document id", id)
	}
	if err := ix.check(ctx); err != nil {
		return fmt.Errorf("index: put %q: %w", id, err)
	}
	if rec.ContentHash == "" {
		rec.ContentHash = rec.Document.ContentHash()
	}
	if rec.IndexedAt.IsZero() {
		rec.IndexedAt = time.Now().UTC()
	}
	ix.keepReceived(ctx, &rec)
	r := &putRequest{rec: rec, reply: make(chan error, 1), urgent: ctx.Value(urgentKey{}) != nil}
	select {
	case ix.reqs <- r:
	case <-ix.quit:
		return fmt.Errorf("index: put %q: %w", id, ErrClosed)
	case <-ctx.Done():
		return fmt.Errorf("index: put %q: %w", id, ctx.Err())
	}
	select {
	case err := <-r.reply:
		if err != nil {
			return fmt.Errorf("index: put %q: %w", id, err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("index: put %q: %w", id, ctx.Err())
	}
}

// keepReceived keeps the first received time of a document dated only by
// when ckm received it (ckm.AtReceived): sending it again later must not
// make it recent again.
func (ix *Index) keepReceived(ctx context.Context, rec *Record) {
	d := &rec.Document
	if d.Meta[ckm.MetaAtSource] != ckm.AtReceived {
		return
	}
	old, err := ix.Get(ctx, d.ID)
	if err == nil && old.Document.Meta[ckm.MetaAtSource] == ckm.AtReceived && !old.Document.At.IsZero() && old.Document.At.Before(d.At) {
		d.At = old.Document.At
	}
}

// write is the writer goroutine: it groups requests into batches of up to
// BatchSize, committed once FlushInterval passes without a new request,
// MaxBatchWait after the first or FlushInterval after the first urgent
// one, commits each and answers every waiter. After quit it drains what
// was sent and returns.
func (ix *Index) write() {
	defer close(ix.done)
	var pending []*putRequest
	var first, urgentDue time.Time // pending's first request; when its first urgent one is due
	timer := time.NewTimer(ix.cfg.FlushInterval)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case r := <-ix.reqs:
			pending = append(pending, r)
			now := time.Now()
			if len(pending) == 1 {
				first, urgentDue = now, time.Time{}
			}
			if r.urgent && urgentDue.IsZero() {
				urgentDue = now.Add(ix.cfg.FlushInterval)
			}
			wait := min(ix.cfg.FlushInterval, first.Add(ix.cfg.MaxBatchWait).Sub(now))
			if !urgentDue.IsZero() {
				wait = min(wait, urgentDue.Sub(now))
			}
			timer.Reset(wait)
			if len(pending) >= ix.cfg.BatchSize {
				timer.Stop()
				pending = ix.flush(pending)
			}
		case <-timer.C:
			pending = ix.flush(pending)
		case <-ix.quit:
			for {
				select {
				case r := <-ix.reqs:
					pending = append(pending, r)
					if len(pending) >= ix.cfg.BatchSize {
						pending = ix.flush(pending)
					}
					continue
				default:
				}
				break
			}
			ix.flush(pending)
			return
		}
	}
}

// flush commits the pending requests as one batch, replies to each and
// returns pending emptied for reuse.
func (ix *Index) flush(pending []*putRequest) []*putRequest {
	if len(pending) == 0 {
		return pending
	}
	start := time.Now()
	failed, err := ix.commit(pending)
	ix.batches.Add(1)
	ix.batched.Add(uint64(len(pending)))
	for i, r := range pending {
		if failed[i] != nil {
			r.reply <- failed[i]
		} else {
			r.reply <- err
		}
		pending[i] = nil
	}
	ix.log.Debug("index: batch committed", "records", len(pending), "took", time.Since(start), "err", err)
	return pending[:0]
}

// commit builds one Bleve batch for the requests and executes it. A
// request under a document ID another client owns is refused (see claim);
// of the others, the last request of a document in the batch wins. failed[i] is set for requests
// whose record could not be mapped; err is the batch's own error.
func (ix *Index) commit(reqs []*putRequest) (failed []error, err error) {
	failed = make([]error, len(reqs))
	if err := ix.checkSpace(); err != nil {
		return failed, err
	}
	seen := make(map[string]bool, len(reqs))
	var all []string
	for _, r := range reqs {
		if id := r.rec.Document.ID; !seen[id] {
			seen[id] = true
			all = append(all, id)
		}
	}
	refused, err := ix.claim(reqs, all)
	if err != nil {
		return failed, err
	}
	last := make(map[string]int, len(reqs)) // document id → index of its last request its owner made
	var ids []string
	for i, r := range reqs {
		if refused[i] != nil {
			failed[i] = refused[i]
			continue
		}
		id := r.rec.Document.ID
		if _, ok := last[id]; !ok {
			ids = append(ids, id)
		}
		last[id] = i
	}
	if len(ids) == 0 {
		return failed, nil
	}
	old, err := ix.needCounts(ids)
	if err != nil {
		return failed, err
	}
	b := ix.bleve.NewBatch()
	for _, id := range ids {
		i := last[id]
		rb, err := ix.recordBatch(&reqs[i].rec, old[id])
		if err != nil {
			for j, r := range reqs {
				if r.rec.Document.ID == id && failed[j] == nil {
					failed[j] = err
				}
			}
			continue
		}
		b.Merge(rb)
	}
	if b.Size() == 0 {
		return failed, nil
	}
	return failed, ix.apply(b) // every write goes through apply: kept counts depend on it
}

// recordBatch returns the operations that replace one document's records:
// its document record, its need records 0..n-1, and the deletion of the
// need records n..old-1 left by an earlier version.
func (ix *Index) recordBatch(rec *Record, old int) (*bleve.Batch, error) {
	b := ix.bleve.NewBatch()
	ix.encodes.Add(1)
	fields, err := documentFields(rec, ix.layout)
	if err != nil {
		return nil, err
	}
	id := rec.Document.ID
	if err := b.Index(id, fields); err != nil {
		return nil, err
	}
	n := len(rec.Analysis.Needs)
	for i := range n {
		if err := b.Index(needID(id, i), needFields(rec, i, ix.layout)); err != nil {
			return nil, err
		}
	}
	for i := n; i < old; i++ {
		b.Delete(needID(id, i))
	}
	return b, nil
}

// needCounts returns the stored need count of each existing document.
func (ix *Index) needCounts(ids []string) (map[string]int, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{fieldNeedCount}
	res, err := ix.bleve.SearchInContext(context.Background(), req)
	if err != nil {
		return nil, fmt.Errorf("read need counts: %w", err)
	}
	out := make(map[string]int, len(res.Hits))
	for _, h := range res.Hits {
		if f, ok := h.Fields[fieldNeedCount].(float64); ok {
			out[h.ID] = int(f)
		}
	}
	if res.Total > uint64(len(res.Hits)) {
		return nil, errors.New("read need counts: incomplete result")
	}
	return out, nil
}

// Ready reports whether a Put could be committed now: ErrClosed after
// Close, an error wrapping ErrDiskFull while the disk is nearly full. It
// is cheap (one statfs) and lets callers wait for a fault to clear before
// doing work whose result they could not write.
func (ix *Index) Ready(ctx context.Context) error {
	if err := ix.check(ctx); err != nil {
		return fmt.Errorf("index: ready: %w", err)
	}
	if err := ix.checkSpace(); err != nil {
		return fmt.Errorf("index: ready: %w", err)
	}
	return nil
}

// FreeBytes returns the free disk space under the index's directory, and
// false where the platform cannot tell.
func (ix *Index) FreeBytes() (int64, bool) { return freeBytes(ix.cfg.Path) }

// checkSpace refuses a batch when the disk is nearly full.
func (ix *Index) checkSpace() error {
	if ix.cfg.MinFreeBytes < 0 {
		return nil
	}
	free, ok := freeBytes(ix.cfg.Path)
	if ok && free < ix.cfg.MinFreeBytes {
		return fmt.Errorf("%w: %d MiB free under %s, %d MiB needed", ErrDiskFull, free>>20, ix.cfg.Path, ix.cfg.MinFreeBytes>>20)
	}
	return nil
}

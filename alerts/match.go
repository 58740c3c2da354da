package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// Event is one thing a subscription reports. ID is its idempotency key:
// the same event always has the same ID, in whichever delivery it comes.
type Event struct {
	ID           string       `json:"id"`
	Subscription string       `json:"subscription"`
	Kind         string       `json:"kind"`
	At           time.Time    `json:"at"`
	Client       string       `json:"client"`
	Test         bool         `json:"test,omitempty"`
	Document     *DocumentRef `json:"document,omitempty"`
	Theme        *ThemeRef    `json:"theme,omitempty"`
}

// DocumentRef is the document an event is about, and its needs (for a
// need subscription, the churn-risk and competitor ones).
type DocumentRef struct {
	ID      string    `json:"id"`
	Subject string    `json:"subject,omitempty"`
	Source  string    `json:"source,omitempty"`
	At      time.Time `json:"at,omitzero"`
	Needs   []NeedRef `json:"needs,omitempty"`
}

// NeedRef is one need of a DocumentRef.
type NeedRef struct {
	Cue   string `json:"cue"`
	Theme string `json:"theme"`
	Text  string `json:"text"`
}

// ThemeRef is the emerging theme an event is about.
type ThemeRef struct {
	Key      string  `json:"key"`
	Label    string  `json:"label"`
	Recent   int     `json:"recent"`
	Baseline int     `json:"baseline"`
	Lift     float64 `json:"lift"`
	Q        float64 `json:"q"`
}

// BodyVersion is the Version of the Body this package sends. Version 2:
// a delivery carries the events of one match run (or one digest) for one
// subscription, each with its own ID, and its own Delivery ID.
const BodyVersion = 2

// Body is the JSON body of a delivery: the events one match run found for
// one subscription (at most MaxDeliveryEvents), or a digest's.
type Body struct {
	Version int `json:"version"`
	// Delivery is the delivery's ID, also sent as HeaderDelivery: every
	// attempt of a delivery, and a match run retried over the same
	// documents, sends the same value.
	Delivery     string  `json:"delivery"`
	Subscription string  `json:"subscription"`
	Digest       string  `json:"digest,omitempty"`
	Events       []Event `json:"events"`
}

// TypeMatch is the task type of a match run: new documents against the
// saved searches, emerging themes (at most every EmergingEvery) and due
// digests. It runs on the index owner's queue.
const TypeMatch = "alert:match"

// NewMatchTask is the periodic match run, unique for most of interval.
func NewMatchTask(interval time.Duration) (*asynq.Task, []asynq.Option) {
	return asynq.NewTask(TypeMatch, nil), []asynq.Option{asynq.Queue(queues.QueueIndex), asynq.MaxRetry(3),
		asynq.Timeout(5 * time.Minute), asynq.Unique(max(interval*9/10, time.Second))}
}

// matchIndex is what matching needs of the index.
type matchIndex interface {
	Percolator(recs []index.Record) (*index.Percolator, error)
	SavedQuery(text string) (*index.SavedQuery, error)
	Get(ctx context.Context, id string) (index.Record, error)
	Emerging(ctx context.Context, q index.EmergingQuery) (*index.Emerging, error)
}

// Handlers returns the task handlers of alerts, keyed by type, for the
// process that owns ix.
func (s *Store) Handlers(ix matchIndex) map[string]asynq.Handler {
	return map[string]asynq.Handler{
		TypeMatch:   asynq.HandlerFunc(func(ctx context.Context, _ *asynq.Task) error { return s.Match(ctx, ix) }),
		TypeDeliver: &DeliverHandler{store: s, client: s.http, now: s.now},
	}
}

// Match runs the subscriptions over the documents indexed since the last
// run, checks emerging themes when due, and sends due digests. A run that
// fails leaves the documents queued for the next; events already emitted
// are not emitted again.
func (s *Store) Match(ctx context.Context, ix matchIndex) error {
	ids, err := s.rdb.LRange(ctx, keyPending, 0, int64(s.cfg.MatchBatch-1)).Result()
	if err != nil {
		return fmt.Errorf("alerts: read new documents: %w", err)
	}
	saved, err := s.all(ctx)
	if err != nil {
		return err
	}
	subs := make([]Subscription, 0, len(saved))
	for _, sub := range saved {
		if sub, ok := s.current(sub); ok {
			subs = append(subs, sub)
		}
	}
	var docs, emerging outbox
	if err := s.matchDocuments(ctx, ix, subs, ids, &docs); err != nil {
		return err
	}
	if err := s.send(ctx, &docs); err != nil {
		return err
	}
	if err := s.checkEmerging(ctx, ix, subs, &emerging); err != nil {
		return err
	}
	if err := s.send(ctx, &emerging); err != nil {
		return err
	}
	if err := s.flushDigests(ctx, subs); err != nil {
		return err
	}
	if len(ids) > 0 {
		return s.rdb.LTrim(ctx, keyPending, int64(len(ids)), -1).Err()
	}
	return nil
}

// current narrows sub to what its owner may see now (Config.Owners); ok
// is false when that is nothing, or the owner is gone.
func (s *Store) current(sub Subscription) (Subscription, bool) {
	if s.cfg.Owners == nil {
		return sub, true
	}
	clients, all, ok := s.cfg.Owners(sub.Owner)
	switch {
	case !ok:
		return sub, false
	case all:
		return sub, true
	case len(sub.Clients) == 0: // saved by a key that saw every client
		sub.Clients = clients
	default:
		sub.Clients = slices.DeleteFunc(slices.Clone(sub.Clients), func(c string) bool { return !slices.Contains(clients, c) })
	}
	if len(sub.Clients) == 0 || (sub.Client != "" && !slices.Contains(sub.Clients, sub.Client)) {
		return sub, false // empty would mean every client
	}
	return sub, true
}

// matchDocuments adds to out an event for each document of ids that a
// query or need subscription matches within its scope.
func (s *Store) matchDocuments(ctx context.Context, ix matchIndex, subs []Subscription, ids []string, out *outbox) error {
	if len(ids) == 0 || !slices.ContainsFunc(subs, func(s Subscription) bool { return s.Kind != KindEmerging }) {
		return nil
	}
	recs := make(map[string]index.Record, len(ids))
	batch := make([]index.Record, 0, len(ids))
	for _, id := range ids {
		rec, err := ix.Get(ctx, id)
		if errors.Is(err, index.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if _, dup := recs[id]; !dup {
			recs[id] = rec
			batch = append(batch, rec)
		}
	}
	p, err := ix.Percolator(batch)
	if err != nil {
		return err
	}
	defer p.Close()
	clients := map[string]bool{}
	for _, rec := range batch {
		clients[rec.Document.Client] = true
	}
	byQuery := map[string][]string{} // the hits of each search, run once over the whole batch
	used := map[string]*index.SavedQuery{}
	defer s.plans.keep(used)
	for _, sub := range subs {
		scope := sub.Scope()
		if sub.Kind == KindEmerging || (len(scope) > 0 && !slices.ContainsFunc(scope, func(c string) bool { return clients[c] })) {
			continue // no document of the batch is in its scope
		}
		hits, seen := byQuery[sub.query()]
		if !seen {
			hits, err = s.search(ctx, ix, p, sub.query(), used)
			if err := ctx.Err(); err != nil {
				return err
			}
			if err != nil { // one broken search must not stop the others
				s.cfg.Logger.Error("alerts: match", "subscription", sub.ID, "err", err)
				continue
			}
			slices.Sort(hits)
			byQuery[sub.query()] = hits
		}
		for _, id := range hits {
			if len(scope) > 0 && !slices.Contains(scope, recs[id].Document.Client) {
				continue // as the search's client filter would
			}
			out.add(sub, docEvent(sub, recs[id]))
		}
	}
	return nil
}

// search runs the saved search text over the batch in p, without a
// client filter, parsing it only when no earlier run has; used collects
// the parsed searches of this run.
func (s *Store) search(ctx context.Context, ix matchIndex, p *index.Percolator, text string, used map[string]*index.SavedQuery) ([]string, error) {
	q, ok := s.plans.get(text)
	if !ok {
		var err error
		if q, err = ix.SavedQuery(text); err != nil {
			return nil, err
		}
	}
	used[text] = q
	return p.MatchSaved(ctx, q, nil)
}

// plans keeps the saved searches parsed, by text, from one match run to
// the next; a search no run used is dropped. Safe for concurrent use.
type plans struct {
	mu sync.Mutex
	m  map[string]*index.SavedQuery
}

func (p *plans) get(text string) (*index.SavedQuery, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	q, ok := p.m[text]
	return q, ok
}

// keep replaces the kept searches with used, unless used is empty (a
// run that matched nothing keeps the last).
func (p *plans) keep(used map[string]*index.SavedQuery) {
	if len(used) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m = used
}

// docEvent is the event of sub matching rec.
func docEvent(sub Subscription, rec index.Record) Event {
	d := rec.Document
	ref := &DocumentRef{ID: d.ID, Subject: d.Subject, Source: string(d.Source), At: d.At}
	for _, n := range rec.Analysis.Needs {
		if n.Negated || n.Speaker == nlp.SpeakerAgent || (sub.Kind == KindNeed && n.Cue != "churn-risk" && n.Cue != "competitor") {
			continue
		}
		if len(ref.Needs) < 5 {
			ref.Needs = append(ref.Needs, NeedRef{Cue: n.Cue, Theme: n.Theme, Text: n.Text})
		}
	}
	return Event{ID: eventID(sub.ID, "doc", d.ID), Subscription: sub.ID, Kind: sub.Kind, At: rec.IndexedAt, Client: d.Client, Document: ref}
}

func eventID(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(strconv.Itoa(len(p)) + ":" + p))
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// checkEmerging adds to out, at most every EmergingEvery, an event per
// theme significantly emerging for a client in each emerging
// subscription's scope; one theme and client fire once per day.
func (s *Store) checkEmerging(ctx context.Context, ix matchIndex, subs []Subscription, out *outbox) error {
	var due []Subscription
	for _, sub := range subs {
		if sub.Kind == KindEmerging {
			due = append(due, sub)
		}
	}
	if len(due) == 0 {
		return nil
	}
	ok, err := s.rdb.SetNX(ctx, keyEmerged, "1", s.cfg.EmergingEvery).Result()
	if err != nil || !ok {
		return err
	}
	now := s.now().UTC()
	for _, sub := range due {
		if err := s.emergingFor(ctx, ix, sub, now, out); err != nil {
			return err
		}
	}
	return nil
}

// emergingFor adds sub's events to out: the themes significantly emerging for
// each client in its scope. Across several clients, the index flags only
// what more than one raises; so the clients behind the flagged and rising
// themes across the scope are each asked about on their own.
func (s *Store) emergingFor(ctx context.Context, ix matchIndex, sub Subscription, now time.Time, out *outbox) error {
	clients := []string{sub.Client}
	if sub.Client == "" {
		em, err := ix.Emerging(ctx, index.EmergingQuery{Clients: sub.Clients, Now: now})
		if err != nil {
			return fmt.Errorf("alerts: emerging for %s: %w", sub.ID, err)
		}
		clients = nil
		for _, t := range append(em.Themes, em.Rising...) {
			for _, c := range t.Clients {
				if !slices.Contains(clients, c) && (len(sub.Clients) == 0 || slices.Contains(sub.Clients, c)) {
					clients = append(clients, c)
				}
			}
		}
		slices.Sort(clients)
	}
	for _, c := range clients {
		em, err := ix.Emerging(ctx, index.EmergingQuery{Client: c, Clients: sub.Clients, Now: now})
		if errors.Is(err, index.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("alerts: emerging for %s: %w", sub.ID, err)
		}
		for _, t := range em.Themes {
			ev := Event{ID: eventID(sub.ID, "emerging", t.Key, c, now.Format(time.DateOnly)), Subscription: sub.ID, Kind: KindEmerging,
				At: now, Client: c, Theme: &ThemeRef{Key: t.Key, Label: t.Label, Recent: t.Recent, Baseline: t.Baseline, Lift: t.Lift, Q: t.Q}}
			out.add(sub, ev)
		}
	}
	return nil
}

package alerts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
	"github.com/redis/go-redis/v9"
)

// Event is one thing a subscription reports. ID is its idempotency key,
// sent as HeaderEvent.
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

// Body is the JSON body of a delivery: one event, or a digest's.
type Body struct {
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
	if err := s.matchDocuments(ctx, ix, subs, ids); err != nil {
		return err
	}
	if err := s.checkEmerging(ctx, ix, subs); err != nil {
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

// matchDocuments emits an event for each document of ids that a query or
// need subscription matches within its scope.
func (s *Store) matchDocuments(ctx context.Context, ix matchIndex, subs []Subscription, ids []string) error {
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
			if err := s.emit(ctx, sub, docEvent(sub, recs[id])); err != nil {
				return err
			}
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

// checkEmerging emits, at most every EmergingEvery, an event per theme
// significantly emerging for a client in each emerging subscription's
// scope; one theme and client fire once per day.
func (s *Store) checkEmerging(ctx context.Context, ix matchIndex, subs []Subscription) error {
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
		if err := s.emergingFor(ctx, ix, sub, now); err != nil {
			return err
		}
	}
	return nil
}

// emergingFor emits sub's events: the themes significantly emerging for
// each client in its scope. Across several clients, the index flags only
// what more than one raises; so the clients behind the flagged and rising
// themes across the scope are each asked about on their own.
func (s *Store) emergingFor(ctx context.Context, ix matchIndex, sub Subscription, now time.Time) error {
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
			if err := s.emit(ctx, sub, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

// emit sends ev, or keeps it for sub's digest, unless it was emitted
// before: an event's delivery task has the event's ID and is retained a
// week after delivery, and a digest's events are remembered for firedTTL.
func (s *Store) emit(ctx context.Context, sub Subscription, ev Event) error {
	if sub.Digest == "" { // the delivery's task ID is the event's: Asynq drops a repeat
		return s.enqueue(ctx, sub, ev.ID, []Event{ev}, "")
	}
	first, err := s.rdb.SetNX(ctx, keyFired+ev.ID, "1", firedTTL).Result()
	if err != nil || !first {
		return err
	}
	b, _ := json.Marshal(ev)
	if err := s.rdb.RPush(ctx, keyDigest+sub.ID, b).Err(); err != nil {
		s.rdb.Del(ctx, keyFired+ev.ID)
		return fmt.Errorf("alerts: keep %s for the digest: %w", ev.ID, err)
	}
	return s.rdb.SetNX(ctx, keyDue+sub.ID, nextPeriod(s.now(), sub.Digest).Unix(), 0).Err()
}

// nextPeriod is the start of the digest period after the one holding t.
func nextPeriod(t time.Time, digest string) time.Time {
	if digest == DigestHour {
		return t.UTC().Truncate(time.Hour).Add(time.Hour)
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// flushDigests sends the events kept for each digest subscription whose
// period has ended.
func (s *Store) flushDigests(ctx context.Context, subs []Subscription) error {
	now := s.now()
	for _, sub := range subs {
		if sub.Digest == "" {
			continue
		}
		due, err := s.rdb.Get(ctx, keyDue+sub.ID).Int64()
		if errors.Is(err, redis.Nil) || (err == nil && now.Unix() < due) {
			continue
		}
		if err != nil {
			return err
		}
		raw, err := s.rdb.LRange(ctx, keyDigest+sub.ID, 0, -1).Result()
		if err != nil {
			return err
		}
		events := make([]Event, 0, len(raw))
		for _, r := range raw {
			var ev Event
			if json.Unmarshal([]byte(r), &ev) == nil {
				events = append(events, ev)
			}
		}
		if len(events) == 0 {
			s.rdb.Del(ctx, keyDue+sub.ID)
			continue
		}
		id := eventID(sub.ID, "digest", strconv.FormatInt(due, 10))
		if err := s.enqueue(ctx, sub, id, events, sub.Digest); err != nil {
			return err
		}
		if err := s.rdb.LTrim(ctx, keyDigest+sub.ID, int64(len(raw)), -1).Err(); err != nil {
			return err
		}
		s.rdb.Del(ctx, keyDue+sub.ID)
	}
	return nil
}

// enqueue queues the delivery of events to sub as event id; an id already
// queued or delivered (within Asynq's retention) is not queued again.
func (s *Store) enqueue(ctx context.Context, sub Subscription, id string, events []Event, digest string) error {
	body, err := json.Marshal(Body{Subscription: sub.ID, Digest: digest, Events: events})
	if err != nil {
		return fmt.Errorf("alerts: encode %s: %w", id, err)
	}
	t, err := newDeliverTask(queues.QueueIndex, sub.ID, id, body)
	if err != nil {
		return err
	}
	_, err = s.q.EnqueueContext(ctx, t)
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("alerts: queue %s: %w", id, err)
	}
	s.cfg.Logger.Info("alert queued", "subscription", sub.ID, "event", id, "events", len(events), "client", events[0].Client)
	return nil
}

package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// outbox gathers the events of a match run per subscription, in the order
// they were found; send delivers them.
type outbox struct {
	subs   []Subscription
	events map[string][]Event // by subscription ID
}

// add keeps ev of sub for send.
func (o *outbox) add(sub Subscription, ev Event) {
	if o.events == nil {
		o.events = map[string][]Event{}
	}
	if _, ok := o.events[sub.ID]; !ok {
		o.subs = append(o.subs, sub)
	}
	o.events[sub.ID] = append(o.events[sub.ID], ev)
}

// MaxDeliveryEvents is the most events one delivery carries; a match run
// that finds more for one subscription sends several.
const MaxDeliveryEvents = 100

// send delivers the events of o that were not emitted before: one
// delivery per subscription (of at most MaxDeliveryEvents events), or the
// events kept for its digest; then it remembers them as emitted, for
// firedTTL. A run that stops between the two sends the same deliveries
// again when it is retried over the same documents, and their task IDs
// (deliveryID) make Asynq drop them; over other documents, an event may be
// delivered twice, and the receiver drops it by its ID.
func (s *Store) send(ctx context.Context, o *outbox) error {
	var ids []string
	for _, sub := range o.subs {
		for _, ev := range o.events[sub.ID] {
			ids = append(ids, ev.ID)
		}
	}
	fired, err := s.fired(ctx, ids)
	if err != nil {
		return err
	}
	var sent []string
	for _, sub := range o.subs {
		fresh := slices.DeleteFunc(o.events[sub.ID], func(ev Event) bool { return fired[ev.ID] })
		if len(fresh) == 0 {
			continue
		}
		if sub.Digest != "" {
			err = s.keep(ctx, sub, fresh)
		} else {
			err = s.deliverEvents(ctx, sub, fresh)
		}
		if err != nil {
			return errors.Join(err, s.markFired(ctx, sent))
		}
		for _, ev := range fresh {
			sent = append(sent, ev.ID)
		}
	}
	return s.markFired(ctx, sent)
}

// firedChunk is the most keys one MGET or pipeline of send reads or
// writes.
const firedChunk = 1000

// fired returns which of ids were emitted before (within firedTTL).
func (s *Store) fired(ctx context.Context, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for chunk := range slices.Chunk(ids, firedChunk) {
		keys := make([]string, len(chunk))
		for i, id := range chunk {
			keys[i] = keyFired + id
		}
		vals, err := s.rdb.MGet(ctx, keys...).Result()
		if err != nil {
			return nil, fmt.Errorf("alerts: read emitted events: %w", err)
		}
		for i, v := range vals {
			if v != nil {
				out[chunk[i]] = true
			}
		}
	}
	return out, nil
}

// markFired remembers ids as emitted, for firedTTL.
func (s *Store) markFired(ctx context.Context, ids []string) error {
	for chunk := range slices.Chunk(ids, firedChunk) {
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, id := range chunk {
				p.Set(ctx, keyFired+id, "1", firedTTL)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("alerts: remember emitted events: %w", err)
		}
	}
	return nil
}

// deliverEvents queues the deliveries of events to sub, MaxDeliveryEvents
// at a time.
func (s *Store) deliverEvents(ctx context.Context, sub Subscription, events []Event) error {
	for chunk := range slices.Chunk(events, MaxDeliveryEvents) {
		if err := s.enqueue(ctx, sub, deliveryID(sub.ID, chunk), chunk, ""); err != nil {
			return err
		}
	}
	return nil
}

// deliveryID is the ID of the delivery of events to sub: the same events
// always make the same delivery, so a match run retried after a failure
// queues nothing new.
func deliveryID(sub string, events []Event) string {
	parts := make([]string, 0, len(events)+2)
	parts = append(parts, sub, "delivery")
	for _, ev := range events {
		parts = append(parts, ev.ID)
	}
	return eventID(parts...)
}

// keep keeps events for sub's digest, sent when its period ends.
func (s *Store) keep(ctx context.Context, sub Subscription, events []Event) error {
	vals := make([]any, len(events))
	for i, ev := range events {
		b, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("alerts: encode %s: %w", ev.ID, err)
		}
		vals[i] = b
	}
	if err := s.rdb.RPush(ctx, keyDigest+sub.ID, vals...).Err(); err != nil {
		return fmt.Errorf("alerts: keep %d events for the digest of %s: %w", len(events), sub.ID, err)
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
// period has ended, each event once.
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
		seen := map[string]bool{} // a run retried after keeping its events keeps them again
		for _, r := range raw {
			var ev Event
			if json.Unmarshal([]byte(r), &ev) == nil && !seen[ev.ID] {
				seen[ev.ID] = true
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

// enqueue queues the delivery id of events to sub; an id already queued
// or delivered (within Asynq's retention) is not queued again.
func (s *Store) enqueue(ctx context.Context, sub Subscription, id string, events []Event, digest string) error {
	body, err := json.Marshal(Body{Version: BodyVersion, Delivery: id, Subscription: sub.ID, Digest: digest, Events: events})
	if err != nil {
		return fmt.Errorf("alerts: encode %s: %w", id, err)
	}
	_, err = s.q.EnqueueContext(ctx, newDeliverTask(queues.QueueIndex, id, body))
	if errors.Is(err, asynq.ErrTaskIDConflict) || errors.Is(err, asynq.ErrDuplicateTask) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("alerts: queue %s: %w", id, err)
	}
	s.cfg.Logger.Info("alert queued", "subscription", sub.ID, "delivery", id, "events", len(events), "client", events[0].Client)
	return nil
}

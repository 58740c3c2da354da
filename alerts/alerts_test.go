package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
	"github.com/google/go-cmp/cmp"
	"github.com/hibiken/asynq"
)

// receiver is a webhook receiver started by a test: it verifies every
// delivery's signature and body version, fails the first failFirst
// attempts of each delivery, and records what it accepted.
type receiver struct {
	t         *testing.T
	srv       *httptest.Server
	failFirst int

	mu       sync.Mutex
	secrets  map[string]string // subscription → secret
	attempts map[string]int    // delivery → attempts
	accepted []Body            // bodies answered 2xx, in order
	bad      int               // deliveries with a bad signature, version or delivery ID
}

func newReceiver(t *testing.T, failFirst int) *receiver {
	r := &receiver{t: t, failFirst: failFirst, secrets: map[string]string{}, attempts: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	var b Body
	if err := json.Unmarshal(body, &b); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := Verify(r.secrets[b.Subscription], req.Header, body, time.Now(), 5*time.Minute); err != nil {
		r.bad++
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	id := req.Header.Get(HeaderDelivery)
	if b.Version != BodyVersion || b.Delivery != id || len(b.Events) == 0 {
		r.bad++
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	r.attempts[id]++
	if r.attempts[id] <= r.failFirst {
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	r.accepted = append(r.accepted, b)
}

// delivered returns, per subscription, the IDs of the events accepted,
// with repeats, and the documents they name.
func (r *receiver) delivered() (events map[string][]string, docs map[string][]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	events, docs = map[string][]string{}, map[string][]string{}
	for _, b := range r.accepted {
		for _, ev := range b.Events {
			events[b.Subscription] = append(events[b.Subscription], ev.ID)
			if ev.Document != nil {
				docs[b.Subscription] = append(docs[b.Subscription], ev.Client+"/"+ev.Document.ID)
			}
		}
	}
	for _, l := range docs {
		slices.Sort(l)
	}
	return events, docs
}

// fixture is a Redis, an index, a store and the documents of two clients.
type fixture struct {
	rc    queues.Config
	ix    *index.Index
	store *Store
	qc    *queues.Client
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	rc := queues.Config{RedisAddr: testutil.Redis(t)}
	ix, err := index.Open(context.Background(), index.Config{Path: filepath.Join(t.TempDir(), "ix")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	s := New(rc, cfg)
	t.Cleanup(func() { s.Close() })
	qc, err := queues.NewClient(rc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qc.Close() })
	return &fixture{rc: rc, ix: ix, store: s, qc: qc}
}

// put analyses and indexes a document through the store's watch.
func (f *fixture) put(t *testing.T, id, client, text string) {
	t.Helper()
	doc := ckm.Document{ID: id, Client: client, Source: ckm.SourceEmail, Text: text, At: time.Now().UTC()}
	a, err := nlp.Analyze(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	rec := index.Record{Document: doc, Analysis: *a, ContentHash: doc.ContentHash(), IndexedAt: time.Now().UTC()}
	if err := f.store.Watch(f.ix).Put(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
}

// runWorker processes alert tasks, retrying failures after 20ms, until
// the returned function stops it.
func (f *fixture) runWorker(t *testing.T) (stop func()) {
	t.Helper()
	srv := asynq.NewServer(f.rc.RedisOpt(), asynq.Config{
		Concurrency: 4, Queues: map[string]int{queues.QueueIndex: 1}, TaskCheckInterval: 20 * time.Millisecond,
		LogLevel: asynq.FatalLevel, ShutdownTimeout: time.Second, DelayedTaskCheckInterval: 50 * time.Millisecond,
		RetryDelayFunc: func(int, error, *asynq.Task) time.Duration { return 20 * time.Millisecond },
	})
	mux := asynq.NewServeMux()
	for typ, h := range f.store.Handlers(f.ix) {
		mux.Handle(typ, h)
	}
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	return srv.Shutdown
}

// drain waits until the index queue has nothing pending, running or
// waiting to retry.
func (f *fixture) drain(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		sizes, err := f.qc.Sizes(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		busy := 0
		for _, s := range sizes {
			if s.Queue == queues.QueueIndex {
				busy = s.Pending + s.Active + s.Retry
			}
		}
		if busy == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("alert tasks still queued after 30s")
}

func TestWebhookDelivery(t *testing.T) {
	f := newFixture(t, Config{AllowPrivate: true}) // the receiver is on loopback
	rcv := newReceiver(t, 2)
	ctx := context.Background()
	create := func(owner string, clients []string, kind, query string) Subscription {
		sub, err := f.store.Create(ctx, Subscription{Owner: owner, Clients: clients, Kind: kind, Query: query, URL: rcv.srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		rcv.mu.Lock()
		rcv.secrets[sub.ID] = sub.Secret
		rcv.mu.Unlock()
		return sub
	}
	acme := create("acme-key", []string{"acme"}, KindQuery, "invoice")
	globex := create("globex-key", []string{"globex"}, KindQuery, "invoice")
	churn := create("acme-key", []string{"acme"}, KindNeed, "")
	globexChurn := create("globex-key", []string{"globex"}, KindNeed, "")

	f.put(t, "acme-1", "acme", "We need the PO number on every invoice, our CFO keeps asking.")
	f.put(t, "globex-1", "globex", "The invoice export is broken again. If this keeps happening we may not renew the contract.")
	f.put(t, "acme-2", "acme", "Thanks for the call yesterday.")
	if err := f.store.Match(ctx, f.ix); err != nil {
		t.Fatal(err)
	}
	stop := f.runWorker(t)
	f.drain(t)
	stop()

	events, docs := rcv.delivered()
	want := map[string][]string{acme.ID: {"acme/acme-1"}, globex.ID: {"globex/globex-1"}, globexChurn.ID: {"globex/globex-1"}}
	if diff := cmp.Diff(want, docs); diff != "" {
		t.Errorf("documents delivered per subscription (-want +got):\n%s", diff)
	}
	if len(events[churn.ID]) != 0 {
		t.Errorf("acme's churn watch fired on %v; only globex, outside its scope, threatened to leave", events[churn.ID])
	}
	rcv.mu.Lock()
	if len(rcv.attempts) != 3 {
		t.Errorf("%d deliveries, want 3: one per subscription with events in the run", len(rcv.attempts))
	}
	for id, n := range rcv.attempts {
		if n != 3 {
			t.Errorf("delivery %s: %d attempts, want 3 (two failures, then accepted)", id, n)
		}
	}
	if rcv.bad != 0 {
		t.Errorf("%d deliveries had a bad signature or body", rcv.bad)
	}
	rcv.mu.Unlock()

	// Restart: two of the documents queued again for matching (as
	// re-sending them would), with a new one, and a new worker. Nothing is
	// delivered twice: the events keep their IDs, and the ones emitted
	// are remembered, so acme's delivery holds only the new document.
	requeue := func(ids ...string) {
		t.Helper()
		for _, id := range ids {
			if err := f.store.rdb.RPush(ctx, keyPending, id).Err(); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.store.Match(ctx, f.ix); err != nil {
			t.Fatal(err)
		}
		stop := f.runWorker(t)
		f.drain(t)
		stop()
	}
	f.put(t, "acme-3", "acme", "The invoice total is wrong again.")
	requeue("acme-1", "globex-1")
	want[acme.ID] = []string{"acme/acme-1", "acme/acme-3"}
	again, docs := rcv.delivered()
	if diff := cmp.Diff(want, docs); diff != "" {
		t.Errorf("documents delivered after a restart (-want +got):\n%s", diff)
	}
	// A crash after queueing the last run's deliveries and before
	// remembering its events: the retried run, over the same documents,
	// makes the same delivery, whose task ID Asynq drops.
	if err := f.store.rdb.Del(ctx, keyFired+eventID(acme.ID, "doc", "acme-3")).Err(); err != nil {
		t.Fatal(err)
	}
	requeue("acme-3", "acme-1", "globex-1")
	retried, _ := rcv.delivered()
	if diff := cmp.Diff(again, retried); diff != "" {
		t.Errorf("events delivered after a retried run (-before +after):\n%s", diff)
	}
	for sub, ids := range retried {
		if len(ids) != len(slices.Compact(slices.Sorted(slices.Values(ids)))) {
			t.Errorf("subscription %s received an event twice: %v", sub, ids)
		}
	}

	// The test endpoint's sample event arrives signed, after the same
	// two failures.
	id, err := f.store.Test(ctx, "acme-key", acme.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.Test(ctx, "globex-key", acme.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("testing another key's subscription: err = %v, want ErrNotFound", err)
	}
	stop = f.runWorker(t)
	f.drain(t)
	stop()
	final, _ := rcv.delivered()
	if got := final[acme.ID]; !slices.Contains(got, id) {
		t.Errorf("sample event %s not delivered: %v", id, got)
	}
}

func TestWebhookPrivateAddressRefused(t *testing.T) {
	f := newFixture(t, Config{})
	rcv := newReceiver(t, 0)
	ctx := context.Background()
	if _, err := f.store.Create(ctx, Subscription{Owner: "k", Kind: KindNeed, URL: rcv.srv.URL}); !errors.Is(err, ErrInvalid) {
		t.Errorf("saving a loopback URL: err = %v, want ErrInvalid", err)
	}
	// A name is only resolved at delivery: localhost passes the save and
	// is refused when dialled.
	_, port, _ := splitHostPort(rcv.srv.URL)
	sub, err := f.store.Create(ctx, Subscription{Owner: "k", Kind: KindNeed, URL: "http://localhost:" + port + "/hook"})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(Body{Version: BodyVersion, Delivery: "e1", Subscription: sub.ID, Events: []Event{{ID: "e1", Kind: KindNeed}}})
	err = f.store.Handlers(f.ix)[TypeDeliver].ProcessTask(ctx, newDeliverTask(queues.QueueIndex, "e1", body))
	if !errors.Is(err, ErrRefusedAddress) || !errors.Is(err, asynq.SkipRetry) {
		t.Errorf("delivery to localhost: err = %v, want ErrRefusedAddress without retry", err)
	}
	if rcv.attempts["e1"] != 0 {
		t.Error("the receiver on loopback was called")
	}
}

// splitHostPort splits the host and port of a URL.
func splitHostPort(raw string) (host, port string, err error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", err
	}
	return u.Hostname(), u.Port(), nil
}

// needDoc is a hand-built record of client at time at with one customer
// need of theme key.
func needDoc(id, client string, at time.Time, key string) index.Record {
	text := "We need " + key + "."
	return index.Record{
		Document: ckm.Document{ID: id, Client: client, Source: ckm.SourceCall, At: at, Text: text},
		Analysis: nlp.Analysis{ID: id, Language: nlp.English, Version: nlp.Version,
			Sentences: []nlp.Sentence{{Text: text, End: len(text), Language: nlp.English}},
			Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: key, ThemeKey: key, Text: text, End: len(text),
				Speaker: nlp.SpeakerCustomer, Confidence: 0.9}}},
		IndexedAt: at,
	}
}

// TestEmergingAlerts plants SSO emerging at acme in the last 30 days and
// checks that acme's watch and an every-client watch fire once for it, and
// globex's watch does not.
func TestEmergingAlerts(t *testing.T) {
	f := newFixture(t, Config{AllowPrivate: true})
	rcv := newReceiver(t, 0)
	ctx := context.Background()
	now := time.Now().UTC()
	for i := range 10 {
		for _, c := range []string{"acme", "globex"} {
			rec := needDoc(fmt.Sprintf("%s-old-%d", c, i), c, now.AddDate(0, 0, -60-10*i), "report")
			if err := f.ix.Put(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 8 {
		if err := f.ix.Put(ctx, needDoc(fmt.Sprintf("acme-sso-%d", i), "acme", now.AddDate(0, 0, -1-3*i), "sso")); err != nil {
			t.Fatal(err)
		}
	}
	subs := map[string]string{}
	for _, scope := range [][]string{{"acme"}, {"globex"}, nil} {
		sub, err := f.store.Create(ctx, Subscription{Owner: fmt.Sprint(scope), Clients: scope, Kind: KindEmerging, URL: rcv.srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		rcv.secrets[sub.ID] = sub.Secret
		subs[sub.ID] = fmt.Sprint(scope)
	}
	for range 2 { // the second run is within EmergingEvery: nothing new
		if err := f.store.Match(ctx, f.ix); err != nil {
			t.Fatal(err)
		}
	}
	stop := f.runWorker(t)
	f.drain(t)
	stop()
	got := map[string][]string{}
	rcv.mu.Lock()
	for _, b := range rcv.accepted {
		for _, ev := range b.Events {
			got[subs[b.Subscription]] = append(got[subs[b.Subscription]], ev.Client+"/"+ev.Theme.Key)
		}
	}
	rcv.mu.Unlock()
	want := map[string][]string{"[acme]": {"acme/sso"}, "[]": {"acme/sso"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("emerging events per watch scope (-want +got):\n%s", diff)
	}
}

func TestCurrentScope(t *testing.T) {
	t.Parallel()
	owners := map[string][]string{"acme-key": {"acme"}, "two": {"acme", "initech"}, "admin": {"*"}}
	s := &Store{cfg: Config{Owners: func(o string) ([]string, bool, bool) {
		c, ok := owners[o]
		if len(c) == 1 && c[0] == "*" {
			return nil, true, true
		}
		return c, false, ok
	}}}
	tests := []struct {
		name    string
		sub     Subscription
		want    []string
		matches bool
	}{
		{"unchanged", Subscription{Owner: "acme-key", Clients: []string{"acme"}}, []string{"acme"}, true},
		{"key lost a client", Subscription{Owner: "two", Clients: []string{"acme", "globex"}}, []string{"acme"}, true},
		{"key lost every client of the alert", Subscription{Owner: "acme-key", Clients: []string{"globex"}}, nil, false},
		{"key was all, now scoped", Subscription{Owner: "two"}, []string{"acme", "initech"}, true},
		{"narrowed client outside", Subscription{Owner: "acme-key", Clients: []string{"acme", "globex"}, Client: "globex"}, nil, false},
		{"key gone", Subscription{Owner: "gone", Clients: []string{"acme"}}, nil, false},
		{"admin", Subscription{Owner: "admin"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := s.current(tt.sub)
			if ok != tt.matches {
				t.Fatalf("current ok = %v, want %v", ok, tt.matches)
			}
			if ok {
				if diff := cmp.Diff(tt.want, got.Scope()); diff != "" {
					t.Errorf("scope (-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestDeliverQueuedBeforeVersion2 delivers a task queued by an earlier
// version, whose payload wrapped the body: the receiver gets the body and
// the delivery ID, signed.
func TestDeliverQueuedBeforeVersion2(t *testing.T) {
	f := newFixture(t, Config{AllowPrivate: true})
	ctx := context.Background()
	var gotBody []byte
	var gotHeader http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotBody, _ = io.ReadAll(r.Body)
		gotHeader = r.Header.Clone()
	}))
	defer srv.Close()
	sub, err := f.store.Create(ctx, Subscription{Owner: "k", Kind: KindNeed, URL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"subscription":"` + sub.ID + `","events":[{"id":"old1","kind":"need"}]}`)
	payload, _ := json.Marshal(map[string]any{"subscription": sub.ID, "event": "old1", "body": json.RawMessage(body)})
	task := asynq.NewTask(TypeDeliver, payload)
	if err := f.store.Handlers(f.ix)[TypeDeliver].ProcessTask(ctx, task); err != nil {
		t.Fatal(err)
	}
	if string(gotBody) != string(body) || gotHeader.Get(HeaderDelivery) != "old1" {
		t.Errorf("delivered %s with %s %q; want %s with %q", gotBody, HeaderDelivery, gotHeader.Get(HeaderDelivery), body, "old1")
	}
	if err := Verify(sub.Secret, gotHeader, gotBody, time.Now(), time.Minute); err != nil {
		t.Error(err)
	}
}

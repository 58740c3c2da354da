package worker

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/nlp"
	"github.com/ckmhq/ckm/queues"
)

// pollersRunning counts the goroutines that run a poller now.
func pollersRunning() int {
	buf := make([]byte, 64<<10)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Count(string(buf[:n]), "worker.(*poller).run(")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// waitFor calls ok until it holds, failing the test when ctx ends first.
func waitFor(ctx context.Context, t *testing.T, what string, ok func() bool) {
	t.Helper()
	for !ok() {
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %v", what, ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stopJoins stops a started component and checks that its goroutine is
// gone when stop returns, and that stopping again returns too.
func stopJoins(t *testing.T, p *poller, stop func()) {
	t.Helper()
	if n := pollersRunning(); n != 1 {
		t.Fatalf("%d poller goroutines before Stop, want 1", n)
	}
	stop()
	select {
	case <-p.done:
	default:
		t.Fatal("Stop returned before the goroutine did")
	}
	if n := pollersRunning(); n != 0 {
		t.Fatalf("%d poller goroutines after Stop, want 0", n)
	}
	stop()
}

// TestLiveAnalyzer follows a gazetteer stored in a real Redis while
// started, and Stop ends its goroutine.
func TestLiveAnalyzer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store := queues.NewGazetteerStore(queues.Config{RedisAddr: testutil.Redis(t)})
	defer store.Close()
	l, err := NewLiveAnalyzer(ctx, nlp.Config{}, store, 10*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	l.Stop() // before Start: returns at once
	doc := ckm.Document{ID: "d1", Client: "acme", Text: "We are evaluating Zendex CRM because it is cheaper."}
	competitor := func() bool {
		a, err := l.Analyze(ctx, doc)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range a.Entities {
			if e.Kind == nlp.KindCompetitor && e.Source == "gazetteer" {
				return true
			}
		}
		return false
	}
	if competitor() {
		t.Fatal("a gazetteer competitor before any gazetteer is stored")
	}
	l.Start(ctx)
	if _, err := store.SetGazetteer(ctx, []byte("Zendex\tcompetitor\tZendex CRM\n")); err != nil {
		t.Fatal(err)
	}
	waitFor(ctx, t, "the stored gazetteer was not followed", competitor)
	stopJoins(t, &l.poller, l.Stop)
}

// themeRecorder is an index that hands on each correction it is given.
type themeRecorder struct {
	*index.Index
	got chan index.ThemeCorrections
}

func (r themeRecorder) SetThemeCorrections(c index.ThemeCorrections) {
	r.Index.SetThemeCorrections(c)
	r.got <- c
}

// TestThemeFollower applies the corrections stored in a real Redis to a
// real index, at once and then as they change, and Stop ends its
// goroutine.
func TestThemeFollower(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store := queues.NewThemeStore(queues.Config{RedisAddr: testutil.Redis(t)})
	defer store.Close()
	if _, err := store.SetThemeCorrections(ctx, []byte(`{"split":["netsuit"]}`)); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(ctx, index.Config{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rec := themeRecorder{Index: ix, got: make(chan index.ThemeCorrections, 4)}
	f, err := NewThemeFollower(ctx, store, rec, 10*time.Millisecond, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c := <-rec.got; len(c.Split) != 1 || c.Split[0] != "netsuit" {
		t.Fatalf("applied at once: %+v, want the split of netsuit", c)
	}
	f.Start(ctx)
	if _, err := store.SetThemeCorrections(ctx, []byte(`{"labels":{"audit-log":"Audit trail"}}`)); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-rec.got:
		if c.Labels["audit-log"] != "Audit trail" {
			t.Fatalf("followed: %+v, want the audit-log label", c)
		}
	case <-ctx.Done():
		t.Fatal("the changed corrections were not followed")
	}
	stopJoins(t, &f.poller, f.Stop)
}

// TestPollerEndsWithContext: a poller whose context ends returns on its
// own, and Stop still joins it.
func TestPollerEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan struct{}, 1)
	p := &poller{what: "test", interval: time.Millisecond, poll: func(context.Context) error {
		select {
		case calls <- struct{}{}:
		default:
		}
		return nil
	}}
	p.start(ctx)
	p.start(ctx) // a second start does nothing
	<-calls
	cancel()
	<-p.done
	if n := pollersRunning(); n != 0 {
		t.Fatalf("%d poller goroutines after the context ended, want 0", n)
	}
	p.shutdown()
}

// TestServerRunJoinsReclaimer: Run returns only after the reclaimer's
// goroutine has.
func TestServerRunJoinsReclaimer(t *testing.T) {
	wait, stop := context.WithTimeout(context.Background(), time.Minute)
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	s := NewServer(Config{}, queues.Config{RedisAddr: testutil.Redis(t)}, Handlers{})
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitFor(wait, t, "the reclaimer did not start", func() bool { return pollersRunning() == 1 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := pollersRunning(); n != 0 {
		t.Fatalf("%d poller goroutines after Run returned, want 0", n)
	}
}

package queues_test

import (
	"context"
	"testing"

	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

func TestGazetteerStore(t *testing.T) {
	ctx := context.Background()
	s := queues.NewGazetteerStore(queues.Config{RedisAddr: testutil.Redis(t)})
	defer s.Close()
	body, v, err := s.Gazetteer(ctx)
	if err != nil || body != nil || v != 0 {
		t.Fatalf("empty store: %q, %d, %v", body, v, err)
	}
	for i, want := range []string{"Globex\tclient\n", "Zendex\tcompetitor\n"} {
		v, err := s.SetGazetteer(ctx, []byte(want))
		if err != nil || v != int64(i+1) {
			t.Fatalf("set %d: version %d, %v", i, v, err)
		}
		body, got, err := s.Gazetteer(ctx)
		if err != nil || string(body) != want || got != v {
			t.Fatalf("read back: %q version %d, %v; want %q version %d", body, got, err, want, v)
		}
		if pv, err := s.GazetteerVersion(ctx); err != nil || pv != v {
			t.Fatalf("polled version %d, %v; want %d", pv, err, v)
		}
	}
}

// TestThemeStore also stores a gazetteer on the same Redis: the two are
// versioned apart.
func TestThemeStore(t *testing.T) {
	ctx := context.Background()
	cfg := queues.Config{RedisAddr: testutil.Redis(t)}
	s := queues.NewThemeStore(cfg)
	defer s.Close()
	g := queues.NewGazetteerStore(cfg)
	defer g.Close()
	body, v, err := s.ThemeCorrections(ctx)
	if err != nil || body != nil || v != 0 {
		t.Fatalf("empty store: %q, %d, %v", body, v, err)
	}
	if _, err := g.SetGazetteer(ctx, []byte("Globex\tclient\n")); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{`{"split":["netsuit"]}`, `{"labels":{"audit-log":"Audit trail"}}`} {
		v, err := s.SetThemeCorrections(ctx, []byte(want))
		if err != nil || v != int64(i+1) {
			t.Fatalf("set %d: version %d, %v (the gazetteer's version must not count)", i, v, err)
		}
		body, got, err := s.ThemeCorrections(ctx)
		if err != nil || string(body) != want || got != v {
			t.Fatalf("read back: %q version %d, %v; want %q version %d", body, got, err, want, v)
		}
		if pv, err := s.ThemeCorrectionsVersion(ctx); err != nil || pv != v {
			t.Fatalf("polled version %d, %v; want %d", pv, err, v)
		}
	}
	if body, _, err := g.Gazetteer(ctx); err != nil || string(body) != "Globex\tclient\n" {
		t.Errorf("gazetteer after theme corrections: %q, %v", body, err)
	}
}

package api

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/index"
)

// TestAdmission checks the bounds: one search runs, one waits, a third is
// refused at once; the waiter gets the place when the first leaves; and a
// waiter whose context ends leaves the line.
func TestAdmission(t *testing.T) {
	t.Parallel()
	a := newAdmission(1, 1)
	leave, err := a.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error)
	go func() {
		l, err := a.enter(context.Background())
		if err == nil {
			l()
		}
		got <- err
	}()
	for a.waiting.Load() != 1 {
		runtime.Gosched()
	}
	if _, err := a.enter(context.Background()); !errors.Is(err, errBusy) {
		t.Errorf("a search past the waiting line: %v, want errBusy", err)
	}
	leave()
	if err := <-got; err != nil {
		t.Errorf("the waiter: %v, want the place", err)
	}
	leave, err = a.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { _, err := a.enter(ctx); got <- err }()
	for a.waiting.Load() != 1 {
		runtime.Gosched()
	}
	cancel()
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled waiter: %v, want context.Canceled", err)
	}
	if n := a.waiting.Load(); n != 0 {
		t.Errorf("%d still waiting after the cancel", n)
	}
}

// TestSearchingWhenEveryPlaceIsTaken checks what analysis yields to: all
// the search places taken, not one search running.
func TestSearchingWhenEveryPlaceIsTaken(t *testing.T) {
	t.Parallel()
	s := &Server{admission: newAdmission(2, 1)}
	if s.Searching() {
		t.Error("Searching() with no search")
	}
	var leaves []func()
	for taken, want := range []bool{false, true} {
		l, err := s.admission.enter(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		leaves = append(leaves, l)
		if got := s.Searching(); got != want {
			t.Errorf("with %d of 2 places taken: Searching() = %v, want %v", taken+1, got, want)
		}
	}
	leaves[0]()
	if s.Searching() {
		t.Error("Searching() with a place free again")
	}
	leaves[1]()
}

// TestHeavyEndpointsTakeAPlace checks that hints, emerging, compare and
// the pages built on them wait for a search place like a search: with the
// one place taken and the waiting line full each is a 503 busy, and once
// the place is free each answers 200.
func TestHeavyEndpointsTakeAPlace(t *testing.T) {
	ix, err := index.Open(context.Background(), index.Config{Path: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	seedNeeds(t, ix)
	s := New(Config{MaxSearches: 1, MaxQueuedSearches: 1}, nil, ix)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	paths := []string{
		"/v1/clients/globex/hints?until=2026-11-25",
		"/v1/clients/globex/compare?until=2026-11-25",
		"/v1/emerging?now=2026-11-25",
		"/clients/globex?now=2026-11-25",
		"/emerging?now=2026-11-25",
	}
	get := func(path string) (int, string) {
		res, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	leave, err := s.admission.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan func())
	go func() {
		l, err := s.admission.enter(context.Background())
		if err != nil {
			t.Error(err)
			l = func() {}
		}
		waited <- l
	}()
	for s.admission.waiting.Load() != 1 {
		runtime.Gosched()
	}
	for _, p := range paths {
		if status, body := get(p); status != http.StatusServiceUnavailable || !strings.Contains(body, "busy") {
			t.Errorf("GET %s with every place taken: %d %.200s, want 503 busy", p, status, body)
		}
	}
	leave()
	(<-waited)()
	for _, p := range paths {
		if status, body := get(p); status != http.StatusOK {
			t.Errorf("GET %s with a place free: %d %.200s, want 200", p, status, body)
		}
	}
}

package api

import (
	"context"
	"errors"
	"runtime"
	"testing"
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

package index

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

func TestPutRefusesAnotherClientsID(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		first  string // client of the committed record
		second string // client of the later Put
		refuse bool
	}{
		{name: "same client", first: "globex", second: "globex"},
		{name: "other client", first: "globex", second: "acme", refuse: true},
		{name: "no client, then a client", first: "", second: "acme", refuse: true},
		{name: "case and NFD of the owner", first: "Café", second: "CAFE\u0301"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix := newIndex(t, Config{})
			orig := withNeeds(record("x-1", tc.first, ckm.SourceEmail, t0, sentence{nlp.English, "the original words"}), 2)
			put(t, ix, orig)
			next := withNeeds(record("x-1", tc.second, ckm.SourceChat, t0, sentence{nlp.English, "replacement words"}), 1)
			err := ix.Put(ctx, next)
			var oe *OwnerError
			if got := errors.As(err, &oe) && errors.Is(err, ErrOwnedByOther); got != tc.refuse {
				t.Fatalf("Put: %v; refused %v, want %v", err, got, tc.refuse)
			}
			want := next
			if tc.refuse {
				want = orig
			}
			got, err := ix.Get(ctx, "x-1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.Document.Text, got.Document.Text); diff != "" {
				t.Errorf("stored text (-want +got):\n%s", diff)
			}
			if n, _ := ix.NeedCount(ctx, "x-1"); int(n) != len(want.Analysis.Needs) {
				t.Errorf("need records %d, want %d", n, len(want.Analysis.Needs))
			}
			owner, err := ix.Owner(ctx, "x-1")
			if err != nil || owner != want.Document.Client {
				t.Errorf("Owner = %q, %v; want %q", owner, err, want.Document.Client)
			}
		})
	}
}

// TestPutRaceForNewID sends Puts of one new ID from two clients into the
// same batches: exactly one client ends up owning it, and every Put of the
// other is refused.
func TestPutRaceForNewID(t *testing.T) {
	ctx := context.Background()
	for round := range 5 {
		ix := newIndex(t, Config{FlushInterval: 50 * time.Millisecond})
		var mu sync.Mutex
		okBy := map[string]int{}
		var wg sync.WaitGroup
		for i := range 20 {
			client := []string{"acme", "globex"}[(i+round)%2]
			wg.Go(func() {
				err := ix.Put(ctx, record("new-1", client, ckm.SourceNote, t0, sentence{nlp.English, client + " wrote this"}))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					okBy[client]++
				case !errors.Is(err, ErrOwnedByOther):
					t.Errorf("Put: %v", err)
				}
			})
		}
		wg.Wait()
		if len(okBy) != 1 {
			t.Fatalf("round %d: Puts accepted by client %v; want exactly one client", round, okBy)
		}
		owner, err := ix.Owner(ctx, "new-1")
		if _, won := okBy[owner]; err != nil || !won {
			t.Errorf("round %d: owner %q (%v), accepted %v", round, owner, err, okBy)
		}
		got, _ := ix.Get(ctx, "new-1")
		if got.Document.Client != owner {
			t.Errorf("round %d: stored record of %q, owner %q", round, got.Document.Client, owner)
		}
	}
}

func TestOwnerReadsNoRecord(t *testing.T) {
	ctx := context.Background()
	ix := newIndex(t, Config{})
	put(t, ix, withNeeds(record("doc-1", "globex", ckm.SourceNote, t0, sentence{nlp.English, "some words"}), 2))
	tests := []struct {
		name, id, want string
		err            error
	}{
		{name: "document", id: "doc-1", want: "globex"},
		{name: "missing", id: "nope", err: ErrNotFound},
		{name: "need record", id: "doc-1/need/0", err: ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := ix.RecordReads()
			got, err := ix.Owner(ctx, tc.id)
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Errorf("Owner(%q) = %q, %v; want %q, %v", tc.id, got, err, tc.want, tc.err)
			}
			if n := ix.RecordReads() - before; n != 0 {
				t.Errorf("Owner read %d records, want 0", n)
			}
		})
	}
	if _, err := ix.Get(ctx, "doc-1"); err != nil {
		t.Fatal(err)
	}
	if ix.RecordReads() != 1 {
		t.Errorf("RecordReads after one Get = %d, want 1", ix.RecordReads())
	}
}

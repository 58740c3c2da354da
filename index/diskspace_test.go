package index

import (
	"context"
	"errors"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

func TestPutRefusedWhenDiskNearlyFull(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/ix"
	free, ok := freeBytes(t.TempDir())
	if !ok {
		t.Skip("free space is unknown on this system")
	}
	rec := Record{Document: ckm.Document{ID: "a", Text: "text"}, Analysis: nlp.Analysis{ID: "a", Version: "v"}}

	full, err := Open(ctx, Config{Path: path, MinFreeBytes: free * 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := full.Put(ctx, rec); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("Put with less free space than required: %v, want ErrDiskFull", err)
	}
	if n, _ := full.Count(ctx); n != 0 {
		t.Fatalf("a refused Put left %d documents", n)
	}
	full.Close()

	ix, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(ctx, rec); err != nil {
		t.Fatalf("Put once space is there: %v", err)
	}
}

package api

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/testutil"
	"github.com/ckmhq/ckm/queues"
)

// TestHealthzDiskFull runs /healthz against a real index that asks for
// more free space than any disk has: the service is degraded (200, it
// still takes documents) and says why.
func TestHealthzDiskFull(t *testing.T) {
	tests := []struct {
		name     string
		minFree  int64
		status   string
		inReason string
	}{
		{name: "room", minFree: -1, status: "ok"},
		{name: "disk nearly full", minFree: 1 << 62, status: "degraded", inReason: "disk nearly full"},
	}
	q, err := queues.NewClient(queues.Config{RedisAddr: testutil.Redis(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := index.Open(context.Background(), index.Config{Path: filepath.Join(t.TempDir(), "ix"), MinFreeBytes: tc.minFree})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			e := &env{srv: newServer(t, New(Config{Health: []func(context.Context) error{ix.Ready}}, q, ix))}
			r := e.get(t, "/healthz")
			reasons, _ := r.Body["reasons"].([]any)
			if r.Status != http.StatusOK || r.Body["status"] != tc.status {
				t.Fatalf("healthz = %d %s, want 200 %s", r.Status, r.Raw, tc.status)
			}
			if tc.inReason != "" && (len(reasons) != 1 || !strings.Contains(reasons[0].(string), tc.inReason)) {
				t.Errorf("reasons %v, want one saying %q", reasons, tc.inReason)
			}
			if tc.inReason == "" && len(reasons) != 0 {
				t.Errorf("reasons %v, want none", reasons)
			}
		})
	}
}

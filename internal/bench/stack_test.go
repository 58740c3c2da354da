package bench

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// TestCountAsksAgainWhenTheServerCannotCount: a gauge of -1 (ckm serve
// could not count in time) is asked again instead of ending the run. A
// fake /metrics stands in for ckm serve, which cannot be made to time out
// its count on purpose.
func TestCountAsksAgainWhenTheServerCannotCount(t *testing.T) {
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := "-1"
		if asked.Add(1) > 1 {
			n = "1234"
		}
		fmt.Fprintf(w, "# TYPE ckm_index_documents gauge\nckm_index_documents %s\n", n)
	}))
	defer srv.Close()
	st := &Stack{base: srv.URL}
	n, err := st.count()
	if err != nil {
		t.Fatal(err)
	}
	if n != 1234 || asked.Load() != 2 {
		t.Fatalf("count = %d after %d asks, want 1234 after 2", n, asked.Load())
	}
}

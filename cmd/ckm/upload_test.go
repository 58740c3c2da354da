package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
)

// flakyServer answers POST /v1/documents with the answers given in turn
// (each a status, Retry-After and how many of the sent lines it handles,
// from the first) and records the IDs each request carried.
type flakyServer struct {
	mu      sync.Mutex
	answers []flakyAnswer
	got     [][]string
}

type flakyAnswer struct {
	status     int
	retryAfter string
	handle     int // lines accepted, from the first; -1 all
}

func (f *flakyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	sc := bufio.NewScanner(r.Body)
	for sc.Scan() {
		var d ckm.Document
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		ids = append(ids, d.ID)
	}
	f.got = append(f.got, ids)
	a := f.answers[0]
	if len(f.answers) > 1 {
		f.answers = f.answers[1:]
	}
	n := a.handle
	if n < 0 || n > len(ids) {
		n = len(ids)
	}
	var res batchAnswer
	for i := range n {
		res.Accepted = append(res.Accepted, struct {
			Line int `json:"line"`
			sent
		}{i + 1, sent{ID: ids[i], TaskID: "doc:" + ids[i], Queue: r.URL.Query().Get("queue")}})
	}
	if a.status/100 != 2 {
		res.Error = &apiError{Code: "busy", Message: fmt.Sprintf("status %d", a.status)}
	}
	if a.retryAfter != "" {
		w.Header().Set("Retry-After", a.retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(a.status)
	json.NewEncoder(w).Encode(res)
}

func TestUploaderRetries(t *testing.T) {
	tests := []struct {
		name     string
		answers  []flakyAnswer
		want     [][]string // IDs per request
		accepted int
		notices  []string
		err      string
	}{
		{
			name:     "429 then 503 midway then accepted",
			answers:  []flakyAnswer{{429, "0", 0}, {503, "", 1}, {202, "", -1}},
			want:     [][]string{{"a", "b", "c"}, {"a", "b", "c"}, {"b", "c"}},
			accepted: 3,
			notices:  []string{"3 documents left", "2 documents left"},
		},
		{
			name:     "Retry-After is honoured",
			answers:  []flakyAnswer{{503, "1", 0}, {202, "", -1}},
			want:     [][]string{{"a", "b", "c"}, {"a", "b", "c"}},
			accepted: 3,
			notices:  []string{"retrying in 1s"},
		},
		{
			name:    "a 403 is not retried",
			answers: []flakyAnswer{{403, "", 0}},
			want:    [][]string{{"a", "b", "c"}},
			err:     "status 403",
		},
		{
			name:     "gives up after the last try",
			answers:  []flakyAnswer{{503, "", 0}},
			want:     [][]string{{"a", "b", "c"}, {"a", "b", "c"}, {"a", "b", "c"}},
			accepted: 0,
			err:      "gave up after 3 tries",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &flakyServer{answers: tt.answers}
			srv := httptest.NewServer(f)
			defer srv.Close()
			var notices []string
			u := &uploader{server: srv.URL, queue: "batch", client: srv.Client(), attempts: 3,
				backoff: func(int) time.Duration { return time.Millisecond },
				notice:  func(format string, args ...any) { notices = append(notices, fmt.Sprintf(format, args...)) }}
			ctx := context.Background()
			for _, id := range []string{"a", "b", "c"} {
				if err := u.add(ctx, id, ckm.Document{ID: id, Text: "text of " + id}); err != nil {
					t.Fatal(err)
				}
			}
			err := u.flush(ctx)
			if (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("flush error = %v, want one with %q", err, tt.err)
			}
			if diff := cmp.Diff(tt.want, f.got); diff != "" {
				t.Errorf("requests (-want +got):\n%s", diff)
			}
			if len(u.accepted) != tt.accepted {
				t.Errorf("accepted %d documents (%v), want %d", len(u.accepted), u.accepted, tt.accepted)
			}
			for i, n := range tt.notices {
				if i >= len(notices) || !strings.Contains(notices[i], n) {
					t.Errorf("notice %d = %q, want one with %q (all: %q)", i, notices, n, notices)
				}
			}
		})
	}
}

func TestUploaderServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	tries := 0
	u := &uploader{server: url, client: http.DefaultClient, attempts: 2,
		backoff: func(int) time.Duration { tries++; return time.Millisecond },
		notice:  func(string, ...any) {}}
	if err := u.add(context.Background(), "a", ckm.Document{ID: "a", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	err := u.flush(context.Background())
	if err == nil || !strings.Contains(err.Error(), "gave up after 2 tries") || tries != 1 {
		t.Errorf("flush to a closed port: %v after %d pauses, want it to give up after 2 tries", err, tries)
	}
	if rerr := reachable(context.Background(), &config{server: url}); rerr == nil || !strings.Contains(rerr.Error(), "is `make run` or `ckm serve` running?") {
		t.Errorf("reachable = %v, want the hint", rerr)
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name string
		h    string
		want time.Duration
	}{
		{"none", "", 0},
		{"seconds", "3", 3 * time.Second},
		{"capped", "86400", 5 * time.Minute},
		{"past date", "Wed, 21 Oct 2015 07:28:00 GMT", 0},
		{"junk", "soon", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryAfter(tt.h); got != tt.want {
				t.Errorf("retryAfter(%q) = %v, want %v", tt.h, got, tt.want)
			}
		})
	}
}

package bench

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ckmhq/ckm"
)

// RestartWithKeys restarts ckm serve on the same index and Redis with a
// keys file: an admin key for every client, which the stack's own
// requests send from then on, and one key per name in clients scoped to
// that client alone. It returns the clients' keys in order.
func (st *Stack) RestartWithKeys(clients []string) ([]string, error) {
	dir := filepath.Dir(st.DataDir)
	var lines bytes.Buffer
	line := func(name, key string, scope []string, admin bool) {
		sum := sha256.Sum256([]byte(key))
		b, _ := json.Marshal(map[string]any{"name": name, "sha256": hex.EncodeToString(sum[:]), "clients": scope, "admin": admin})
		lines.Write(append(b, '\n'))
	}
	admin := randomKey()
	line("bench-admin", admin, []string{"*"}, true)
	keys := make([]string, len(clients))
	for i, c := range clients {
		keys[i] = randomKey()
		line(fmt.Sprintf("bench-client-%d", i), keys[i], []string{c}, false)
	}
	path := filepath.Join(dir, "keys.jsonl")
	if err := os.WriteFile(path, lines.Bytes(), 0o600); err != nil {
		return nil, fmt.Errorf("bench: keys: %w", err)
	}
	st.stopServe()
	if err := st.startServe(append(slices.Clone(st.args), "--keys-file", path)); err != nil {
		return nil, err
	}
	st.auth = admin
	return keys, nil
}

// RestartOpen restarts ckm serve without keys, as StartStack started it.
func (st *Stack) RestartOpen() error {
	st.stopServe()
	if err := st.startServe(st.args); err != nil {
		return err
	}
	token, err := os.ReadFile(filepath.Join(st.DataDir, "admin-token"))
	if err != nil {
		return fmt.Errorf("bench: stack: %w", err)
	}
	st.auth = strings.TrimSpace(string(token))
	return nil
}

func randomKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Mixed configures a mixed-load run (Stack.Mixed).
type Mixed struct {
	// Keys are the searching clients' keys, one client each.
	Keys []string
	// Queries are the search texts the clients take in turn.
	Queries []string
	// Docs are posted, PostSize to a POST of JSON Lines, one POST every
	// PostEvery (or as soon as the previous one is answered, when later);
	// their ids must be new to the index.
	Docs      []ckm.Document
	PostSize  int
	PostEvery time.Duration
	// Phase is how long each phase lasts.
	Phase time.Duration
	// Warm is how long the clients search, untimed, before the timed
	// phases; 0 means a third of Phase.
	Warm time.Duration
	// SearchEvery is the least time between the starts of one client's
	// searches (under a key's rate limit); 0 means back to back.
	SearchEvery time.Duration
	// Profile, when set, is called at the start of the mixed phase (in
	// its own goroutine) to take ckm serve's CPU profile meanwhile.
	Profile func(ctx context.Context, d time.Duration)
}

// MixedResult is what a mixed-load run measured.
type MixedResult struct {
	// SearchIdle and SearchBusy are the searches' latencies with no
	// ingest and while documents are posted and indexed.
	SearchIdle, SearchBusy []time.Duration
	// Posts are the POSTs' latencies (each of PostSize documents), while
	// the clients search.
	Posts []time.Duration
	// PostedDocs were accepted during the mixed phase and IndexedDocs of
	// them (or of the backlog) were indexed before it ended.
	PostedDocs, IndexedDocs int
	// Refused counts answers other than 200 and 202 (429, 503) by phase.
	RefusedIdle, RefusedBusy int
}

// Mixed runs len(Keys) clients searching with their own keys for a third
// of m.Phase untimed (a warm-up), for m.Phase alone, then for m.Phase
// while one poster sends m.Docs in POSTs of m.PostSize, and returns the
// latencies of the two timed phases.
func (st *Stack) Mixed(ctx context.Context, m Mixed) (MixedResult, error) {
	var res MixedResult
	// Warm up, untimed, for a third of a phase: right after a restart
	// the first searches of a large index load its files and doc values.
	warm := m
	warm.Phase = cmp.Or(m.Warm, m.Phase/3)
	if _, _, err := st.searchers(ctx, warm, nil); err != nil {
		return res, err
	}
	var err error
	if res.SearchIdle, res.RefusedIdle, err = st.searchers(ctx, m, nil); err != nil {
		return res, err
	}
	before, err := st.count()
	if err != nil {
		return res, err
	}
	posting := func(ctx context.Context) error {
		var err error
		res.Posts, res.PostedDocs, err = st.poster(ctx, m)
		return err
	}
	if m.Profile != nil {
		go m.Profile(ctx, m.Phase)
	}
	if res.SearchBusy, res.RefusedBusy, err = st.searchers(ctx, m, posting); err != nil {
		return res, err
	}
	after, err := st.count()
	if err != nil {
		return res, err
	}
	res.IndexedDocs = after - before
	return res, nil
}

// searchers runs the searching clients for m.Phase, and also during(ctx)
// when not nil, cancelling its context when the phase ends. It returns
// the latencies of the searches answered 200 and the count refused (429,
// 503).
func (st *Stack) searchers(ctx context.Context, m Mixed, during func(context.Context) error) ([]time.Duration, int, error) {
	ctx, cancel := context.WithTimeout(ctx, m.Phase)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var refused atomic.Int64
	var firstErr error
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil && ctx.Err() == nil {
			firstErr = err
		}
	}
	var wg sync.WaitGroup
	if during != nil {
		wg.Go(func() {
			if err := during(ctx); err != nil {
				fail(err)
			}
		})
	}
	for i, key := range m.Keys {
		wg.Go(func() {
			for n := i; ctx.Err() == nil; n += len(m.Keys) {
				d, status, err := st.search(ctx, key, m.Queries[n%len(m.Queries)])
				switch {
				case err != nil:
					fail(err)
					return
				case status == http.StatusOK:
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
					refused.Add(1)
				default:
					fail(fmt.Errorf("bench: search %q: status %d", m.Queries[n%len(m.Queries)], status))
					return
				}
				sleep(ctx, m.SearchEvery-d)
			}
		})
	}
	wg.Wait()
	return lat, int(refused.Load()), firstErr
}

// search sends one search with key and returns how long it took and its
// status.
func (st *Stack) search(ctx context.Context, key, q string) (time.Duration, int, error) {
	t0 := time.Now()
	resp, err := st.get(ctx, "/v1/search?limit=10&q="+url.QueryEscape(q), key)
	if err != nil {
		return 0, 0, fmt.Errorf("bench: search: %w", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return time.Since(t0), resp.StatusCode, nil
}

// sleep waits d (nothing when d ≤ 0) or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// poster posts m.Docs in POSTs of m.PostSize until ctx ends or the
// documents run out, and returns each POST's latency and the documents
// accepted.
func (st *Stack) poster(ctx context.Context, m Mixed) ([]time.Duration, int, error) {
	var lat []time.Duration
	accepted := 0
	for start := 0; start < len(m.Docs) && ctx.Err() == nil; start += m.PostSize {
		var body bytes.Buffer
		for _, d := range m.Docs[start:min(start+m.PostSize, len(m.Docs))] {
			b, _ := json.Marshal(d)
			body.Write(append(b, '\n'))
		}
		t0 := time.Now()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, st.base+"/v1/documents", &body)
		if err != nil {
			return lat, accepted, err
		}
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+st.auth)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			return lat, accepted, fmt.Errorf("bench: post: %w", err)
		}
		var r struct{ Accepted []json.RawMessage }
		err = json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || err != nil {
			return lat, accepted, fmt.Errorf("bench: post: %s (%v)", resp.Status, err)
		}
		lat = append(lat, time.Since(t0))
		accepted += len(r.Accepted)
		sleep(ctx, m.PostEvery-time.Since(t0))
	}
	return lat, accepted, nil
}

// SearchTexts are Queries as a searcher types them (a phrase in quotes),
// without their client and source filters: a client's key scopes its
// searches.
func SearchTexts() []string {
	out := make([]string, len(Queries))
	for i, q := range Queries {
		out[i] = q.Words
		if q.Phrase {
			out[i] = `"` + q.Words + `"`
		}
	}
	return out
}

// TopClients returns the n clients with the most documents in docs, most
// first (fewer when docs have fewer).
func TopClients(docs []ckm.Document, n int) []string {
	count := map[string]int{}
	for _, d := range docs {
		count[d.Client]++
	}
	var cs []string
	for c := range count {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	return cs[:min(n, len(cs))]
}

package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ckmhq/ckm/index"
)

// httpSearcher searches a Stack's ckm serve through GET /v1/search, as a
// user of the API does: top 10 with highlighted fragments, the exact
// total, and every facet unless facets is "none".
type httpSearcher struct {
	st     *Stack
	token  string
	facets string
}

// Searcher returns a Searcher over the stack's ckm serve through its HTTP
// API, asking for every facet, or for none when facets is false. It holds
// nothing to close.
func (st *Stack) Searcher(facets bool) (Searcher, error) {
	token, err := st.token()
	if err != nil {
		return nil, err
	}
	s := httpSearcher{st: st, token: token}
	if !facets {
		s.facets = index.FacetNone
	}
	return s, nil
}

func (s httpSearcher) Search(ctx context.Context, q Query) (int, error) {
	v := url.Values{"limit": {"10"}}
	v.Set("q", q.Words)
	if q.Phrase {
		v.Set("q", `"`+q.Words+`"`)
	}
	if q.Client != "" {
		v.Set("client", q.Client)
	}
	if q.Source != "" {
		v.Set("source", q.Source)
	}
	if s.facets != "" {
		v.Set("facets", s.facets)
	}
	var r struct{ Total int }
	if err := s.st.call(ctx, s.token, http.MethodGet, "/v1/search?"+v.Encode(), nil, http.StatusOK, &r); err != nil {
		return 0, fmt.Errorf("bench: search %q: %w", q, err)
	}
	return r.Total, nil
}

func (httpSearcher) Close() error { return nil }

// Job is what GET /v1/jobs/{id} says of a re-analysis job.
type Job struct {
	ID       string
	State    string
	Total    int
	Done     int
	Failed   int
	Skipped  int
	Created  time.Time
	Finished time.Time
}

// StartJob starts a forced re-analysis of every document through POST
// /v1/reanalyze, as an admin, and returns the job.
func (st *Stack) StartJob(ctx context.Context) (Job, error) {
	var j Job
	token, err := st.token()
	if err != nil {
		return j, err
	}
	if err := st.call(ctx, token, http.MethodPost, "/v1/reanalyze", []byte(`{"force":true}`), http.StatusAccepted, &j); err != nil {
		return j, fmt.Errorf("bench: reanalyze: %w", err)
	}
	return j, nil
}

// Job reads the job called id through GET /v1/jobs/{id}.
func (st *Stack) Job(ctx context.Context, id string) (Job, error) {
	var j Job
	token, err := st.token()
	if err != nil {
		return j, err
	}
	if err := st.call(ctx, token, http.MethodGet, "/v1/jobs/"+url.PathEscape(id), nil, http.StatusOK, &j); err != nil {
		return j, fmt.Errorf("bench: job %s: %w", id, err)
	}
	return j, nil
}

// token is the admin token an open ckm serve writes in its data directory.
func (st *Stack) token() (string, error) {
	b, err := os.ReadFile(filepath.Join(st.DataDir, "admin-token"))
	if err != nil {
		return "", fmt.Errorf("bench: admin token: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

// call sends a request to ckm serve with token as its bearer, checks the
// status and decodes the JSON answer into out.
func (st *Stack) call(ctx context.Context, token, method, path string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, st.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("%s: %s", resp.Status, b)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// Settle waits until the files under dir and their sizes have not
// changed for quiet, or until limit has passed: until an index's
// background merges are over, before its size is read.
func Settle(dir string, quiet, limit time.Duration) { settle(dir, quiet, limit) }

package api

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/ckmhq/ckm/index"
)

// DefaultQueryBudget is the cost a key's searches may have in flight at
// once (Config.QueryBudget). A plain one-word search costs 2; see
// queryCost.
const DefaultQueryBudget = 24

// CodeBudgetExceeded is a 429: the key's searches in flight already cost
// its budget.
const CodeBudgetExceeded = "query_budget_exceeded"

// queryCost estimates what a query costs the engine, in units of a plain
// short word: 1 for the request, per word 1, plus 3 for a word long enough
// for typo tolerance (one edit) and 7 for one of two edits (a Levenshtein
// automaton walked over the term dictionary), plus 1 per word of a phrase
// (positions are read) and 4 per theme: filter (a pattern). It never
// exceeds max, so that one query always runs when its key runs nothing
// else.
func queryCost(q string, max int) int {
	cost := 1
	inPhrase := false
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		quotes := strings.Count(f, `"`)
		word := strings.Trim(f, `"()-+`)
		lower := strings.ToLower(word)
		switch {
		case inPhrase || strings.HasPrefix(f, `"`):
			cost += 2
		case strings.HasPrefix(lower, "theme:"):
			cost += 5
		case strings.Contains(word, ":"):
			cost++
		default:
			cost += 1 + fuzzyCost(word)
		}
		if quotes%2 == 1 {
			inPhrase = !inPhrase
		}
	}
	return min(cost, max)
}

// fuzzyCost is the extra cost of a word's typo tolerance: 3 for a word
// the index lets differ by one edit, 7 for two (index.Fuzziness).
func fuzzyCost(word string) int {
	switch index.Fuzziness(word) {
	case 2:
		return 7
	case 1:
		return 3
	}
	return 0
}

// budgets holds each key's query cost in flight. A key whose searches in
// flight plus a new one would cost more than the budget gets a 429: one
// key's expensive queries take that key's share and no other's.
type budgets struct {
	max   int
	mu    sync.Mutex
	inUse map[string]int
}

func newBudgets(max int) *budgets {
	return &budgets{max: max, inUse: map[string]int{}}
}

// acquire charges cost to key, or reports false when it does not fit. The
// caller must call release with the same cost when the search is done.
func (b *budgets) acquire(key string, cost int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inUse[key]+cost > b.max {
		return false
	}
	b.inUse[key] += cost
	return true
}

func (b *budgets) release(key string, cost int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inUse[key] -= cost; b.inUse[key] <= 0 {
		delete(b.inUse, key)
	}
}

// chargeQuery charges the search text q to the caller's key budget, then
// takes a place among the searches that run at once (admission.go). It
// returns the release function, or an *apiError: a 429 with Retry-After
// when the key's budget is spent, a 503 when the server's searches are
// at their bound. Callers of a server without keys are not charged to a
// key, but do take a place.
func (s *Server) chargeQuery(w http.ResponseWriter, r *http.Request, q string) (func(), error) {
	release, err := s.chargeKey(w, r, q)
	if err != nil {
		return nil, err
	}
	leave, err := s.admitSearch(w, r)
	if err != nil {
		release()
		return nil, err
	}
	return func() { leave(); release() }, nil
}

// chargeKey charges q to the caller's key budget (see chargeQuery).
func (s *Server) chargeKey(w http.ResponseWriter, r *http.Request, q string) (func(), error) {
	sc := scopeFrom(r.Context())
	if s.cfg.Keys == nil || s.cfg.QueryBudget < 0 {
		return func() {}, nil
	}
	cost := queryCost(q, s.budgets.max)
	if !s.budgets.acquire(sc.key, cost) {
		w.Header().Set("Retry-After", "1")
		return nil, &apiError{Status: http.StatusTooManyRequests, Code: CodeBudgetExceeded,
			Message: fmt.Sprintf("the searches of key %q in flight use its query budget of %d (this one costs %d); retry in 1 s", sc.key, s.budgets.max, cost)}
	}
	return func() { s.budgets.release(sc.key, cost) }, nil
}

package index

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ckmhq/ckm/nlp"
)

// Themes new in the window, joined by their sentences. A theme that
// several clients start raising at once is worded by each in its own way
// and language ("MFA enforced for every login", "verificação em duas
// etapas", "salary bands", "o relatório de transparência salarial"), and
// nlp keys each wording apart: each key then holds one or two clients,
// and no theme is new across three. Before the surge test, across
// clients, the themes that no client in scope raised before the window
// are joined as a client's hints join theirs (clusterThemes, with nlp's
// lexicon in the vectors so that the two languages meet). A joined group
// is kept only where it widens a theme two clients already raise under
// one key to at least minNewAcrossClients: one client's wordings added
// up would make a surge of one conversation, and new themes of one
// client each, joined by one shared rare word, were noise on the
// development scenarios (EVALUATION.md). The themes raised before the
// window (but the broad seed topics, frames such as "reports and
// dashboards") are clustered with them, and a group that takes one in is
// not kept either: some client said it before in other words, so it is
// not new. A kept group is one theme, one hypothesis of the test, with
// its clients counted together.

// maxJoinedNew bounds the new themes joinNew reads and compares, and the
// themes raised before the window it compares them with, the most
// mentioned first.
const maxJoinedNew = 60

// mostMentioned returns at most maxJoinedNew of keys, the most mentioned
// in counts first.
func mostMentioned(keys []string, counts map[string]int) []string {
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(a, b)) })
	return keys[:min(len(keys), maxJoinedNew)]
}

// joinNew returns table with the themes of recent that have no mention in
// base (all history before the window) joined by their sentences (the
// caller regroups its counts by it); window and before select the need
// records of the window and of the history before it. Themes an admin
// corrected are never joined (mayJoin). It returns table itself when
// nothing joins.
func (ix *Index) joinNew(ctx context.Context, table *ThemeTable, window, before query.Query, now time.Time, recent, base map[string]int) (*ThemeTable, error) {
	var fresh []string
	for k, n := range recent {
		if n > 0 && base[k] == 0 {
			fresh = append(fresh, k)
		}
	}
	if fresh = mostMentioned(fresh, recent); len(fresh) < 2 {
		return table, nil
	}
	cache := texts{}
	cands, err := ix.themeCandidates(ctx, table, window, fresh, recent, now)
	if err != nil {
		return nil, err
	}
	joined, err := ix.clusterThemes(ctx, cands, table, now, nil, cache, true, "")
	if err != nil {
		return nil, err
	}
	var olds []candidate // read once, when a group widens
	t := table           // cloned at the first group kept
	for _, c := range joined {
		if !widens(c, cands) {
			continue
		}
		if olds == nil {
			var old []string
			for k, n := range base {
				if n > 0 && !nlp.IsGenericSeed(k) {
					old = append(old, k)
				}
			}
			if olds, err = ix.themeCandidates(ctx, table, before, mostMentioned(old, base), base, now); err != nil {
				return nil, err
			}
		}
		said, err := ix.saidBefore(ctx, c, olds, table, now, cache)
		if err != nil {
			return nil, err
		}
		if said {
			continue // some client raised it before the window in other words
		}
		if t == table {
			t = table.clone()
		}
		for _, from := range fresh {
			if from == c.key || !slices.Contains(c.keys, table.Members(from)[0]) {
				continue
			}
			t.join(c.key, from, "joined with "+c.key+" by its sentences, new in the window")
		}
	}
	return t, nil
}

// themeCandidates returns the canonical themes keys of table as
// candidates of clusterThemes: the newest maxClusterMentions mentions of
// each that scope matches, and its count in counts.
func (ix *Index) themeCandidates(ctx context.Context, table *ThemeTable, scope query.Query, keys []string, counts map[string]int, now time.Time) ([]candidate, error) {
	cands := make([]candidate, 0, len(keys))
	for _, key := range keys {
		members := table.Members(key)
		ms, _, err := ix.mentions(ctx, and(scope, anyTerm(fieldThemeKey, members)), maxClusterMentions, false)
		if err != nil {
			return nil, err
		}
		c := candidate{key: key, keys: slices.Clone(members), count: counts[key], ms: ms}
		c.h = summarize(key, c.count, ms, now)
		cands = append(cands, c)
	}
	return cands, nil
}

// saidBefore reports whether the joined theme c joins, by its sentences,
// one of the themes olds raised before the window.
func (ix *Index) saidBefore(ctx context.Context, c candidate, olds []candidate, table *ThemeTable, now time.Time, cache texts) (bool, error) {
	if len(olds) == 0 {
		return false, nil
	}
	joined, err := ix.clusterThemes(ctx, append([]candidate{c}, olds...), table, now, nil, cache, true, "")
	if err != nil {
		return false, err
	}
	for _, g := range joined {
		if slices.Contains(g.keys, c.keys[0]) {
			return slices.ContainsFunc(olds, func(o candidate) bool { return slices.Contains(g.keys, o.keys[0]) }), nil
		}
	}
	return false, nil
}

// clone returns a copy of t that can be changed without changing t.
func (t *ThemeTable) clone() *ThemeTable {
	c := &ThemeTable{canon: maps.Clone(t.canon), members: make(map[string][]string, len(t.members)),
		why: maps.Clone(t.why), labels: maps.Clone(t.labels), fixed: maps.Clone(t.fixed),
		records: maps.Clone(t.records), recordFrom: maps.Clone(t.recordFrom)}
	for k, m := range t.members {
		c.members[k] = slices.Clone(m)
	}
	return c
}

// join files every candidate key of the canonical theme from under into.
func (t *ThemeTable) join(into, from, why string) {
	if _, ok := t.members[into]; !ok {
		t.file(into, into, "own theme")
	}
	for _, k := range slices.Clone(t.Members(from)) {
		t.file(k, into, why)
	}
	slices.Sort(t.members[into])
}

// widens reports whether the joined theme c is raised by at least
// minNewAcrossClients clients, more than any theme of cands it took in:
// the join is kept only where it finds a theme spreading across clients.
// Joined within fewer clients, one client's differently worded mentions
// would only add up to a surge of a few clients' own wording.
func widens(c candidate, cands []candidate) bool {
	n := len(mentionClients(c.ms))
	most := 0
	for _, o := range cands {
		if slices.Contains(c.keys, o.keys[0]) {
			most = max(most, len(mentionClients(o.ms)))
		}
	}
	return most >= minEmergingClients && n >= minNewAcrossClients && n > most
}

// mentionClients returns the clients of ms.
func mentionClients(ms []mention) map[string]bool {
	out := map[string]bool{}
	for _, m := range ms {
		if m.client != "" {
			out[m.client] = true
		}
	}
	return out
}

package index

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/ckmhq/ckm/nlp"
)

// This file groups the candidate theme keys that nlp gives need mentions
// into canonical themes, learned from the need records the index holds.
//
// nlp keys a mention by a seed topic ("audit-log"), a product or company
// name ("whatsapp") or the sorted concept stems of its noun phrase
// ("higher limit", "netsuit piec"). The index then files every candidate
// key under one canonical theme:
//
//  1. A seed topic key is its own theme.
//  2. A key of stems picks an anchor: of its stems that are neither weak
//     (nlp.IsWeakStem: "data", "user") nor common (in more than
//     maxAnchorShare of all keys), one shared with one or two other keys
//     before one shared with more, then the one shared with the most
//     keys, weighted by their mentions: a stem in many keys is the
//     client's domain word ("carrier" in "carrier download" and "carrier
//     statement match"), one in two or three is what they are about
//     (anchorRank); a stem that belongs to
//     the multi-word phrases of one seed topic ("limit": rate limit,
//     request limit) counts as shared with that topic. The key is filed
//     under the topic, or under the anchor stem, which is then the
//     canonical key of every key that picked it ("netsuit" for "netsuit
//     piec" and "job list netsuit").
//  3. A key with no shared stem is its own theme.
//  4. An admin's corrections (ThemeCorrections) apply last.
//
// Each key picks one anchor, so grouping does not chain; it is
// deterministic (ties go to the smaller stem), and ThemeTable.Why says for
// each key why it was filed where it is.

// maxAnchorShare is the largest share of all candidate keys a stem may
// appear in and still anchor a theme; commoner stems say little.
const maxAnchorShare = 0.125

// minVagueKeys is the fewest keys a stem must appear in before it can be
// too common to anchor.
const minVagueKeys = 5

// KeyCount is one candidate theme key and how many mentions have it.
type KeyCount struct {
	Key      string
	Mentions int
}

// ThemeTable maps candidate theme keys to canonical themes. It is
// immutable once built and safe for concurrent use.
type ThemeTable struct {
	canon   map[string]string   // candidate key → canonical key
	members map[string][]string // canonical key → candidate keys, sorted
	why     map[string]string   // candidate key → reason
	labels  map[string]string   // canonical key → admin's label
	fixed   map[string]bool     // candidate keys an admin split or merged
	// records are need records filed under a canonical theme one by one,
	// apart from their key: the mentions of a broad seed topic whose
	// label holds a word new in the window (see Index.newWords). Only
	// emerging files them.
	records    map[string][]string
	recordFrom map[string]string // record → the canonical theme of its key
	// everywhere are the stems that (nearly) every client in scope
	// writes (see Index.everydayStems): they key no client's hint alone
	// and join none.
	everywhere map[string]bool
}

// Canonical returns the canonical theme of a candidate key; a key the
// table has not seen is its own theme.
func (t *ThemeTable) Canonical(key string) string {
	if c, ok := t.canon[key]; ok {
		return c
	}
	return key
}

// Members returns the candidate keys filed under a canonical theme, sorted;
// a theme the table does not hold has itself as its only member. The
// caller must not modify the slice.
func (t *ThemeTable) Members(canonical string) []string {
	if m, ok := t.members[canonical]; ok {
		return m
	}
	return []string{canonical}
}

// Canonicals returns the canonical themes of the table, sorted.
func (t *ThemeTable) Canonicals() []string { return slices.Sorted(maps.Keys(t.members)) }

// Why says why a candidate key is filed under its canonical theme.
func (t *ThemeTable) Why(key string) string {
	if w, ok := t.why[key]; ok {
		return w
	}
	return "own theme"
}

// Label returns the admin's label of a canonical theme, if one was set.
func (t *ThemeTable) Label(canonical string) (string, bool) {
	l, ok := t.labels[canonical]
	return l, ok
}

// corrected reports whether an admin labelled the canonical theme or
// split or merged one of its candidate keys.
func (t *ThemeTable) corrected(canonical string, keys []string) bool {
	if _, ok := t.labels[canonical]; ok {
		return true
	}
	return slices.ContainsFunc(keys, func(k string) bool { return t.fixed[k] })
}

// Group sums counts of candidate keys by canonical theme.
func (t *ThemeTable) Group(counts map[string]int) map[string]int {
	out := make(map[string]int, len(counts))
	for k, n := range counts {
		out[t.Canonical(k)] += n
	}
	return out
}

// LearnThemes builds the theme table of the candidate keys in counts (with
// their mentions) and applies the corrections c. It is pure and
// deterministic.
func LearnThemes(counts []KeyCount, c ThemeCorrections) *ThemeTable {
	return learnThemes(counts, nil, c)
}

// learnThemes is LearnThemes with the stems that some client writes as
// everyday vocabulary (see Index.everydayStems), which anchor nothing: a
// vendor's domain word ("manutenção", "depot") shared by two clients'
// keys does not make their needs one theme.
func learnThemes(counts []KeyCount, everyday map[string]bool, c ThemeCorrections) *ThemeTable {
	t := &ThemeTable{canon: map[string]string{}, members: map[string][]string{}, why: map[string]string{}, labels: map[string]string{}, fixed: map[string]bool{}}
	keysWith := map[string]int{} // stem → keys holding it
	weightOf := map[string]int{} // stem → mentions of keys holding it
	stemsOf := map[string][]string{}
	for _, kc := range counts {
		if _, seed := nlp.SeedTheme(kc.Key); seed || kc.Key == "" {
			continue
		}
		stems := strings.Fields(kc.Key)
		stemsOf[kc.Key] = stems
		for _, s := range stems {
			keysWith[s]++
			weightOf[s] += max(kc.Mentions, 1)
		}
	}
	vagueAt := max(minVagueKeys, int(maxAnchorShare*float64(len(stemsOf))))
	for _, kc := range counts {
		k := kc.Key
		if k == "" {
			continue
		}
		if _, seed := nlp.SeedTheme(k); seed {
			t.file(k, k, "seed topic")
			continue
		}
		anchor, seed := "", ""
		var best [3]int // the anchor's rank (see anchorRank)
		for _, s := range stemsOf[k] {
			if keysWith[s] > vagueAt || nlp.IsWeakStem(s) || everyday[s] {
				continue
			}
			topic, isSeed := nlp.SeedAnchor(s, stemsOf[k])
			r := anchorRank(keysWith[s], weightOf[s], isSeed)
			if c := slices.Compare(r[:], best[:]); c > 0 || (c == 0 && r != [3]int{} && s < anchor) {
				anchor, best, seed = s, r, ""
				if isSeed {
					seed = topic
				}
			}
		}
		switch {
		case seed != "":
			t.file(k, seed, fmt.Sprintf("%q is a word of seed topic %s", anchor, seed))
		case anchor != "":
			t.file(k, anchor, fmt.Sprintf("shares %q with %d other keys", anchor, keysWith[anchor]-1))
		default:
			t.file(k, k, "own theme")
		}
	}
	t.correct(c)
	for c := range t.members {
		slices.Sort(t.members[c])
		t.members[c] = slices.Compact(t.members[c])
	}
	return t
}

// fewSharers is the most keys a stem may be shared by and still rank
// above the stems shared by more: two or three keys sharing a stem are
// about it, more share the client's domain word.
const fewSharers = 3

// anchorRank ranks a stem of a key as its anchor, higher first: a seed
// topic's word outranks corpus evidence; then a stem shared by two to
// fewSharers keys, then one shared by more, then one in no other key
// (rank 0: no anchor); within a rank, the more keys and mentions.
func anchorRank(keys, mentions int, seed bool) [3]int {
	var r [3]int
	if seed {
		r[0] = 1
	}
	switch {
	case keys >= 2 && keys <= fewSharers:
		r[1] = 2
	case keys > fewSharers:
		r[1] = 1
	}
	if r[0]+r[1] > 0 {
		r[2] = keys*1000 + mentions
	}
	return r
}

func (t *ThemeTable) file(key, canonical, why string) {
	if old, ok := t.canon[key]; ok {
		t.members[old] = slices.DeleteFunc(t.members[old], func(m string) bool { return m == key })
		if len(t.members[old]) == 0 {
			delete(t.members, old)
		}
	}
	t.canon[key] = canonical
	t.members[canonical] = append(t.members[canonical], key)
	t.why[key] = why
}

// correct applies an admin's corrections: splits first, then merges, then
// labels.
func (t *ThemeTable) correct(c ThemeCorrections) {
	for _, k := range c.Split {
		if _, ok := t.canon[k]; ok {
			t.file(k, k, "split by an admin")
			t.fixed[k] = true
		}
	}
	for _, m := range c.Merge {
		for _, from := range m.From {
			for _, k := range slices.Sorted(maps.Keys(t.canon)) {
				if k == from || t.canon[k] == from {
					t.file(k, m.Into, fmt.Sprintf("merged into %s by an admin", m.Into))
					t.fixed[k] = true
				}
			}
		}
	}
	for k, l := range c.Labels {
		t.labels[k] = l
	}
}

// ThemeCorrections are an admin's corrections to the learned themes. They
// name candidate keys (as need records and Hint.Keys show them) or
// canonical keys (Hint.Key). The zero value corrects nothing.
type ThemeCorrections struct {
	// Merge files every key of From, and every key filed under a
	// canonical key of From, under Into.
	Merge []ThemeMerge `json:"merge,omitempty"`
	// Split makes each listed candidate key its own theme again (before
	// merges apply).
	Split []string `json:"split,omitempty"`
	// Labels renames canonical themes: canonical key → label.
	Labels map[string]string `json:"labels,omitempty"`
}

// ThemeMerge is one merge of ThemeCorrections.
type ThemeMerge struct {
	From []string `json:"from"`
	Into string   `json:"into"`
}

// Limits of ThemeCorrections.
const (
	maxCorrections = 10000
	maxKeyBytes    = 512
)

// ParseThemeCorrections decodes and checks corrections in JSON, as PUT
// /v1/themes/corrections takes them. Unknown fields are an error.
func ParseThemeCorrections(b []byte) (ThemeCorrections, error) {
	var c ThemeCorrections
	if len(strings.TrimSpace(string(b))) == 0 {
		return c, nil
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return ThemeCorrections{}, fmt.Errorf("index: theme corrections: %w", err)
	}
	if err := c.Validate(); err != nil {
		return ThemeCorrections{}, err
	}
	return c, nil
}

// Validate reports what is wrong with c: an empty or overlong key or
// label, a merge without keys, or too many corrections.
func (c ThemeCorrections) Validate() error {
	n := len(c.Split) + len(c.Labels)
	check := func(what, s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("index: theme corrections: empty %s", what)
		}
		if len(s) > maxKeyBytes {
			return fmt.Errorf("index: theme corrections: %s longer than %d bytes", what, maxKeyBytes)
		}
		return nil
	}
	for _, m := range c.Merge {
		if len(m.From) == 0 {
			return errors.New("index: theme corrections: merge into " + fmt.Sprintf("%q", m.Into) + " has no keys")
		}
		if err := check("merge target", m.Into); err != nil {
			return err
		}
		for _, f := range m.From {
			if err := check("merge key", f); err != nil {
				return err
			}
		}
		n += len(m.From)
	}
	for _, s := range c.Split {
		if err := check("split key", s); err != nil {
			return err
		}
	}
	for k, l := range c.Labels {
		if err := check("label key", k); err != nil {
			return err
		}
		if err := check("label", l); err != nil {
			return err
		}
	}
	if n > maxCorrections {
		return fmt.Errorf("index: theme corrections: %d corrections, at most %d", n, maxCorrections)
	}
	return nil
}

// themeCorrections holds the corrections in force; see SetThemeCorrections.
type themeCorrections struct {
	p atomic.Pointer[ThemeCorrections]
}

// SetThemeCorrections replaces the admin's theme corrections the index
// applies when it groups themes (hints, emerging, ThemesOf). `ckm serve`
// calls it whenever the corrections stored in Redis change.
func (ix *Index) SetThemeCorrections(c ThemeCorrections) {
	ix.corrections.p.Store(&c)
}

// ThemeCorrections returns the corrections in force.
func (ix *Index) ThemeCorrections() ThemeCorrections {
	if c := ix.corrections.p.Load(); c != nil {
		return *c
	}
	return ThemeCorrections{}
}

// Themes returns the theme table learned from the need records of the
// given clients (all when empty) that are not negated and not an agent's,
// with the corrections in force.
func (ix *Index) Themes(ctx context.Context, clients []string) (*ThemeTable, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: themes: %w", err)
	}
	t, err := ix.themes(ctx, clients)
	if err != nil {
		return nil, fmt.Errorf("index: themes: %w", err)
	}
	return t, nil
}

func (ix *Index) themes(ctx context.Context, clients []string) (*ThemeTable, error) {
	counts, _, err := ix.termCounts(ctx, needScope("", clients), fieldThemeKey, maxThemeTerms)
	if err != nil {
		return nil, err
	}
	kc := keyCounts(counts)
	everyday, everywhere, err := ix.everydayStems(ctx, kc, clients)
	if err != nil {
		return nil, err
	}
	t := learnThemes(kc, everyday, ix.ThemeCorrections())
	t.everywhere = everywhere
	return t, nil
}

// ThemeMatch is a canonical theme a phrase belongs to.
type ThemeMatch struct {
	// Key is the canonical theme; Keys the candidate keys filed under it,
	// which need records carry in theme_key.
	Key  string   `json:"key"`
	Keys []string `json:"keys"`
}

// ThemesOf returns the canonical themes a phrase (a search query, a label
// typed by an admin) belongs to, in either language: the themes its
// candidate keys (nlp.CandidateThemeKeys) are filed under in the table
// learned from the given clients' needs (all when empty), those holding
// the most candidate keys first. Only
// themes that some need record has are returned. Search uses it to match
// queries by meaning: a query "change history" finds the needs of the
// audit-log theme, "trilha de auditoria" and "who edited what" among them.
func (ix *Index) ThemesOf(ctx context.Context, phrase string, clients []string) ([]ThemeMatch, error) {
	t, err := ix.Themes(ctx, clients)
	if err != nil {
		return nil, err
	}
	var out []ThemeMatch
	for _, k := range nlp.CandidateThemeKeys(phrase) {
		c := t.Canonical(k)
		if _, known := t.members[c]; !known || slices.ContainsFunc(out, func(m ThemeMatch) bool { return m.Key == c }) {
			continue
		}
		out = append(out, ThemeMatch{Key: c, Keys: slices.Clone(t.Members(c))})
	}
	slices.SortStableFunc(out, func(a, b ThemeMatch) int { return cmp.Compare(len(b.Keys), len(a.Keys)) })
	return out, nil
}

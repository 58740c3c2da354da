package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// Limits of EmergingQuery.
const (
	DefaultWindow        = 30 * 24 * time.Hour
	MaxWindow            = 366 * 24 * time.Hour
	DefaultEmergingLimit = 20
	MaxEmergingLimit     = 100
	// maxNewCandidates bounds the recent themes checked for being new to
	// a client, the most frequent first.
	maxNewCandidates = 200
	// maxRaisedBy bounds the earlier clients listed for a theme new to a
	// client.
	maxRaisedBy = 5
	// maxWindowMentions bounds the mentions read to label a theme and
	// pick its evidence.
	maxWindowMentions = 200
	// maxClientsFacet bounds the clients counted per theme.
	maxClientsFacet = 1000
)

// EmergingQuery asks which themes are rising.
type EmergingQuery struct {
	// Client restricts everything to one client's needs and documents;
	// empty means every client in scope.
	Client string
	// Window is the recent period, [Now−Window, Now): 0 means
	// DefaultWindow, at most MaxWindow.
	Window time.Duration
	// Baseline is how far the baseline period reaches back before the
	// window: 0 means all the history before it.
	Baseline time.Duration
	// Now ends the window; zero means the current time.
	Now time.Time
	// Clients is the caller's scope, empty for all. A Client outside it
	// is ErrNotFound; clients outside it are never counted or named.
	Clients []string
	// Limit is the most themes in each list of the answer: 0 means
	// DefaultEmergingLimit, at most MaxEmergingLimit.
	Limit int
	// Alpha and MinCount are AssessSurges' parameters; 0 means
	// DefaultAlpha and DefaultMinCount.
	Alpha    float64
	MinCount int
}

// Emerging is the answer of Index.Emerging.
type Emerging struct {
	Client        string    `json:"client,omitempty"`
	Window        string    `json:"window"` // e.g. "30d"
	Now           time.Time `json:"now"`
	WindowStart   time.Time `json:"window_start"`
	BaselineStart time.Time `json:"baseline_start,omitzero"` // zero: all history
	// RecentDocuments and BaselineDocuments are the exposures: documents
	// in scope in the window and in the baseline period.
	RecentDocuments   int     `json:"recent_documents"`
	BaselineDocuments int     `json:"baseline_documents"`
	Alpha             float64 `json:"alpha"`
	MinCount          int     `json:"min_count"`
	// Tested is how many themes had enough mentions to be tested (the
	// number of hypotheses the adjustment accounts for).
	Tested int `json:"tested"`
	// Themes are the flagged themes: the significant surges, smallest
	// adjusted p-value first, then, without a Client, the themes new
	// across clients (EmergingTheme.NewAcross). Without a Client, a
	// surge raised by one client only is not flagged but listed under
	// Rising.
	Themes []EmergingTheme `json:"themes"`
	// Rising are themes with more recent mentions than their baseline
	// predicts (lift > 1, at least 2 recent) that are not significant:
	// worth watching, not yet a signal.
	Rising []EmergingTheme `json:"rising"`
	// NewToClient are themes a client raised for the first time in the
	// window that other clients in scope had raised before the window.
	NewToClient []NewTheme `json:"new_to_client"`
}

// EmergingTheme is one theme's surge; see AssessSurges for the statistic.
type EmergingTheme struct {
	// Key is the canonical theme; Keys the candidate keys filed under it
	// (see ThemeTable).
	Key         string   `json:"key"`
	Keys        []string `json:"keys"`
	Label       string   `json:"label"`
	Recent      int      `json:"recent"`             // as tested: the Received ones count half, rounded up
	Received    int      `json:"received,omitempty"` // window mentions dated only by when ckm received them
	Baseline    int      `json:"baseline"`
	Lift        float64  `json:"lift"`
	P           float64  `json:"p"`
	Q           float64  `json:"q"`
	Tested      bool     `json:"tested"` // false: too few mentions to test (P and Q are 1)
	Significant bool     `json:"significant"`
	// NewAcross: flagged because at least minNewAcrossClients clients
	// raised it in the window and no client in scope ever had before,
	// though too few mentions for the test to call it significant.
	NewAcross bool       `json:"new_across,omitempty"`
	Clients   []string   `json:"clients"` // the clients raising it in the window
	Evidence  []Evidence `json:"evidence"`
	// docs are the documents of the window that raise it (describe, or
	// the documents that hold a name: newNames), and written those and
	// the window's documents that write its key's words (addWrittenDocs),
	// for foldTold.
	docs, written []string
}

// NewTheme is a theme new to Client that others raised before.
type NewTheme struct {
	Client    string     `json:"client"`
	Key       string     `json:"key"`
	Keys      []string   `json:"keys"` // the candidate keys filed under Key (see ThemeTable)
	Label     string     `json:"label"`
	FirstSeen time.Time  `json:"first_seen"` // the client's first mention
	Recent    int        `json:"recent"`     // the client's mentions in the window
	RaisedBy  []RaisedBy `json:"raised_by"`  // earlier clients, most mentions first (at most 5)
	Clients   int        `json:"clients"`    // how many other clients raised it before the window
	Evidence  []Evidence `json:"evidence"`   // the client's first mention
}

// RaisedBy is another client's history with a theme before the window.
type RaisedBy struct {
	Client    string    `json:"client"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	Count     int       `json:"count"`
}

// Emerging returns the themes whose rate in the window is significantly
// above their baseline, the rising ones that are not (yet), and the themes
// new to a client. Mentions are need records that are not negated and not
// an agent's; exposures are document counts in scope; see AssessSurges.
// Counting is two facet queries over theme_key; only the reported themes
// are read mention by mention.
func (ix *Index) Emerging(ctx context.Context, q EmergingQuery) (*Emerging, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: emerging: %w", err)
	}
	if q.Client != "" && len(q.Clients) > 0 && !slices.Contains(q.Clients, q.Client) {
		return nil, fmt.Errorf("index: emerging of %q: %w", q.Client, ErrNotFound)
	}
	e, err := ix.emerging(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("index: emerging: %w", err)
	}
	return e, nil
}

func (ix *Index) emerging(ctx context.Context, q EmergingQuery) (*Emerging, error) {
	w := cmp.Or(q.Window, DefaultWindow)
	w = min(max(w, time.Hour), MaxWindow)
	limit := min(max(cmp.Or(q.Limit, DefaultEmergingLimit), 1), MaxEmergingLimit)
	now := q.Now
	if now.IsZero() {
		now = time.Now().UTC()
	}
	out := &Emerging{Client: q.Client, Window: formatWindow(w), Now: now, WindowStart: now.Add(-w),
		Alpha: cmp.Or(q.Alpha, DefaultAlpha), MinCount: cmp.Or(q.MinCount, DefaultMinCount),
		Themes: []EmergingTheme{}, Rising: []EmergingTheme{}, NewToClient: []NewTheme{}}
	if q.Baseline > 0 {
		out.BaselineStart = out.WindowStart.Add(-q.Baseline)
	}
	scope := needScope(q.Client, q.Clients)
	table, err := ix.learned.get(ctx, ix, q.Clients, 0)
	if err != nil {
		return nil, err
	}
	raw, err := ix.keyCounts(ctx, scope, out.WindowStart, now, out.BaselineStart)
	if err != nil {
		return nil, err
	}
	recent, received, base := raw.group(table)
	var words map[string][]string // themes of a word new in the window, and the clients writing it
	if q.Client == "" && q.Baseline == 0 && !ix.apart {
		window, before := and(scope, ix.within(out.WindowStart, now)), and(scope, ix.within(time.Time{}, out.WindowStart))
		if table, err = ix.joinNew(ctx, table, window, before, now, recent, base); err != nil {
			return nil, err
		}
		if table, words, err = ix.newWords(ctx, table, window, raw.recent, raw.base, q.Clients, out.WindowStart, now); err != nil {
			return nil, err
		}
		recent, received, base = raw.group(table) // as the joins filed the keys
		table.countRecords(recent)
	}
	if out.RecentDocuments, err = ix.documentCount(ctx, q.Client, q.Clients, out.WindowStart, now); err != nil {
		return nil, err
	}
	if out.BaselineDocuments, err = ix.documentCount(ctx, q.Client, q.Clients, out.BaselineStart, out.WindowStart); err != nil {
		return nil, err
	}
	if err := ix.surges(ctx, out, table, scope, q.Clients, recent, received, base, words, limit); err != nil {
		return nil, err
	}
	if q.Client == "" && q.Baseline == 0 && !ix.apart && len(out.Themes) < limit {
		named, err := ix.newNames(ctx, out.Themes, q.Clients, out.WindowStart, now)
		if err != nil {
			return nil, err
		}
		out.Themes = append(out.Themes, named[:min(len(named), limit-len(out.Themes))]...)
	}
	if out.Themes, err = ix.dropOldWords(ctx, out, q.Clients); err != nil {
		return nil, err
	}
	if err := ix.addWrittenDocs(ctx, out.Themes, q.Clients, out.WindowStart, now); err != nil {
		return nil, err
	}
	out.Themes = foldTold(foldTold(out.Themes, raising), writing)
	if q.Baseline > 0 { // "new" means new over all history, not only the baseline
		if raw, err = ix.keyCounts(ctx, scope, out.WindowStart, now, time.Time{}); err != nil {
			return nil, err
		}
		_, _, base = raw.group(table)
	}
	return out, ix.newToClient(ctx, out, q, table, recent, base, limit)
}

// candidateCounts are the mentions of each candidate theme key in scope
// in the window, those of them dated only by when ckm received them, and
// those in the baseline.
type candidateCounts struct{ recent, received, base map[string]int }

// keyCounts counts the mentions of each candidate theme key in scope in
// the window [windowStart, now) and in the baseline [baselineStart,
// windowStart): three facet queries.
func (ix *Index) keyCounts(ctx context.Context, scope query.Query, windowStart, now, baselineStart time.Time) (candidateCounts, error) {
	window := and(scope, ix.within(windowStart, now))
	qs := []query.Query{window, and(window, termQuery(fieldAtSource, ckm.AtReceived)), and(scope, ix.within(baselineStart, windowStart))}
	out := make([]map[string]int, len(qs))
	for i, q := range qs {
		c, _, err := ix.termCounts(ctx, q, fieldThemeKey, maxThemeTerms)
		if err != nil {
			return candidateCounts{}, err
		}
		out[i] = c
	}
	return candidateCounts{out[0], out[1], out[2]}, nil
}

// group sums c by the canonical themes of table: recent, received and
// base as emerging tests them.
func (c candidateCounts) group(table *ThemeTable) (recent, received, base map[string]int) {
	return table.Group(c.recent), table.Group(c.received), table.Group(c.base)
}

// countRecords moves the need records filed one by one (all in the
// window) from the counts of their keys' themes to those of the themes
// they are filed under.
func (t *ThemeTable) countRecords(recent map[string]int) {
	for canon, ids := range t.records {
		recent[canon] += len(ids)
		for _, id := range ids {
			if from := t.recordFrom[id]; recent[from] > 0 {
				recent[from]--
			}
		}
	}
}

// themeQuery matches the need records of a canonical theme of table:
// those of its candidate keys and those filed under it one by one.
func themeQuery(table *ThemeTable, key string) query.Query {
	keys := anyTerm(fieldThemeKey, table.Members(key))
	if ids := table.records[key]; len(ids) > 0 {
		return bleve.NewDisjunctionQuery(keys, bleve.NewDocIDQuery(ids))
	}
	return keys
}

// surges tests every theme and fills out.Themes and out.Rising. Of the
// window's mentions, those dated only by when ckm received them
// (received) count half, rounded up: a backfill of undated calls must not
// pass for a surge. words are the themes of a word new in the window
// (newWords), rising with a single mention.
func (ix *Index) surges(ctx context.Context, out *Emerging, table *ThemeTable, scope query.Query, clients []string, recent, received, base map[string]int, words map[string][]string, limit int) error {
	keys := make([]string, 0, len(recent)+len(base))
	for k := range recent {
		keys = append(keys, k)
	}
	for k := range base {
		if _, ok := recent[k]; !ok {
			keys = append(keys, k)
		}
	}
	own := accountWords()
	keys = slices.DeleteFunc(keys, func(k string) bool { return accountTopics[k] || own[k] })
	slices.Sort(keys)
	s := make([]Surge, len(keys))
	for i, k := range keys {
		s[i] = Surge{Recent: recent[k] - received[k]/2, Baseline: base[k],
			RecentExposure: float64(out.RecentDocuments), BaselineExposure: float64(out.BaselineDocuments)}
	}
	AssessSurges(s, out.Alpha, out.MinCount)
	for i, k := range keys {
		x := s[i]
		if x.Tested {
			out.Tested++
		}
		t := EmergingTheme{Key: k, Recent: x.Recent, Received: received[k], Baseline: x.Baseline, Lift: round3(x.Lift), P: x.P, Q: x.Q, Tested: x.Tested, Significant: x.Significant}
		switch {
		case x.Significant:
			out.Themes = append(out.Themes, t)
		case x.Lift > 1 && (x.Recent >= 2 || words[k] != nil):
			out.Rising = append(out.Rising, t)
		}
	}
	byStrength := func(a, b EmergingTheme) int {
		return cmp.Or(cmp.Compare(newAcrossRank(a), newAcrossRank(b)), cmp.Compare(a.Q, b.Q), cmp.Compare(a.P, b.P), cmp.Compare(b.Lift, a.Lift), cmp.Compare(a.Key, b.Key))
	}
	if out.Client == "" && out.BaselineStart.IsZero() {
		var err error
		if out.Rising, err = ix.newAcross(ctx, out, table, scope, clients, words); err != nil {
			return err
		}
	}
	slices.SortFunc(out.Themes, byStrength)
	slices.SortFunc(out.Rising, byStrength)
	out.Themes = out.Themes[:min(len(out.Themes), limit)]
	out.Rising = out.Rising[:min(len(out.Rising), limit)]
	for _, list := range [][]EmergingTheme{out.Themes, out.Rising} {
		for i := range list {
			if err := ix.describe(ctx, &list[i], table, and(scope, ix.within(out.WindowStart, out.Now)), out.Now); err != nil {
				return err
			}
		}
	}
	if out.Client == "" { // across clients, one client's burst is not a trend
		var kept []EmergingTheme
		for _, t := range out.Themes {
			if len(t.Clients) >= minEmergingClients {
				kept = append(kept, t)
				continue
			}
			t.Significant = false
			out.Rising = append(out.Rising, t)
		}
		out.Themes = append([]EmergingTheme{}, kept...)
		slices.SortFunc(out.Rising, byStrength)
	}
	return nil
}

// accountTopics are the seed topics of a client's account rather than of
// what it needs of the product: its contract and renewal, and what it
// pays. They come round with the calendar (renewals fall due, budgets are
// set), so a wave of them across clients is no new subject; they are not
// tested, and hints still rank them (churn risk, spend pressure).
var accountTopics = map[string]bool{renewalTopic: true, "pricing": true}

// accountWords returns the account topics' own words (stems). A word new
// in the window (see newWords) that is one of them is left out like the
// topics: an insurer's "policy renewal" or a client's own renewals are
// keyed by the word, not by the seed topic, and come round with the
// calendar all the same.
func accountWords() map[string]bool {
	out := map[string]bool{}
	for t := range accountTopics {
		maps.Copy(out, nlp.SeedWordStems(t))
	}
	return out
}

// renewalTopic is the key of the seed topic of a client's contract and
// its renewal.
const renewalTopic = "renewal"

// minNewAcrossClients is the fewest clients that must raise a theme in
// the window, when no client in scope raised it before, for it to be
// flagged as new across clients whatever its count of mentions.
//
// The surge test counts mentions: with a 30-day window over four months
// (p0 ≈ 0.3), three mentions all in the window have p ≈ 0.03, which no
// honest adjustment can flag at 0.01. But a manager asking what is
// emerging asks about a subject several clients bring up that nobody
// brought up before, and clients are the independent evidence: one
// client's five mentions are one conversation; three clients' first
// mentions are three. So such a theme is flagged as what it is, new
// across clients (NewAcross), with its p and q as the test gave them and
// Significant false: a rule stated plainly, not a test claimed.
const minNewAcrossClients = 3

// newAcrossRank orders the themes new across clients after the
// significant surges.
func newAcrossRank(t EmergingTheme) int {
	if t.NewAcross {
		return 1
	}
	return 0
}

// newAcross moves from rising to out.Themes the themes raised in the
// window by at least minNewAcrossClients clients and by none before it
// (out's baseline is all history), and returns the rest of rising. A
// client raises a theme by a need filed under it or, when at least
// minEmergingClients clients did so, by a document in the window whose
// text holds every specific word of the theme's key ("Google" in "a
// agência perguntou de novo sobre o Google", which states no need of its
// own): the subject is spreading, whatever each client's wording of the
// need was. Two mentions suffice, from two clients, when a third client
// writes the subject in the window. Whatever the count, no more than
// maxEarlierDocs documents in scope may have written the subject before
// the window (for a learned
// theme, the words all its keys share, themeText, each also by the words
// of its concept: "budget" was written "orçamento"; for a seed
// topic, one of its phrases: "LGPD" for data-privacy; a generic seed or
// a key of weak stems cannot be checked and is not new): a theme keyed
// by an everyday word of the clients' trade ("car" in garages' calls, the
// "orders" of box offices) is no new subject because three clients
// raised it this month. nlp files a seed topic's needs under its key, so
// the new-word join (newWords) never reaches it. scope is the need
// records', clients the caller's.
func (ix *Index) newAcross(ctx context.Context, out *Emerging, table *ThemeTable, scope query.Query, clients []string, words map[string][]string) ([]EmergingTheme, error) {
	window := and(scope, ix.within(out.WindowStart, out.Now))
	var rest []EmergingTheme
	for _, t := range out.Rising {
		if w := words[t.Key]; w != nil && t.Baseline == 0 {
			t.NewAcross, t.Clients = true, w
			out.Themes = append(out.Themes, t)
			continue
		}
		if t.Baseline > 0 || t.Recent < minEmergingClients {
			rest = append(rest, t)
			continue
		}
		raised, _, err := ix.termCounts(ctx, and(window, themeQuery(table, t.Key)), fieldClient, maxClientsFacet)
		if err != nil {
			return nil, err
		}
		said := keyText(t.Key, textTerm)
		if said != nil && len(raised) >= minEmergingClients && len(raised) < minNewAcrossClients {
			if err := ix.writtenBy(ctx, raised, said, clients, out.WindowStart, out.Now); err != nil {
				return nil, err
			}
		}
		if len(raised) < minNewAcrossClients {
			rest = append(rest, t)
			continue
		}
		told := themeText(table, t.Key, stemText) // "budget" was written "orçamento"
		var earlier uint64
		if told != nil {
			var err error
			if earlier, err = ix.writtenDocs(ctx, told, clients, time.Time{}, out.WindowStart); err != nil {
				return nil, err
			}
		}
		if told == nil || earlier > maxEarlierDocs {
			rest = append(rest, t)
			continue
		}
		t.NewAcross = true
		t.Clients = slices.Sorted(maps.Keys(raised))
		out.Themes = append(out.Themes, t)
	}
	return rest, nil
}

// writtenBy adds to raised the clients in scope (all when clients is
// empty) whose documents in [since, until) match said, the text of a
// theme's key (keyText).
func (ix *Index) writtenBy(ctx context.Context, raised map[string]int, said query.Query, clients []string, since, until time.Time) error {
	qs := []query.Query{termQuery(fieldType, typeDocument), ix.within(since, until), said}
	if len(clients) > 0 {
		qs = append(qs, anyTerm(fieldClient, clients))
	}
	docs, _, err := ix.termCounts(ctx, and(qs...), fieldClient, maxClientsFacet)
	if err != nil {
		return err
	}
	for c := range docs {
		if _, ok := raised[c]; !ok {
			raised[c] = 0
		}
	}
	return nil
}

// writtenDocs counts the documents in scope (all clients when clients
// is empty) in [since, until) whose text matches said.
func (ix *Index) writtenDocs(ctx context.Context, said query.Query, clients []string, since, until time.Time) (uint64, error) {
	qs := []query.Query{termQuery(fieldType, typeDocument), ix.within(since, until), said}
	if len(clients) > 0 {
		qs = append(qs, anyTerm(fieldClient, clients))
	}
	_, n, err := ix.termCounts(ctx, and(qs...), fieldClient, maxClientsFacet)
	return n, err
}

// maxEarlierDocs is the most documents in scope that may have written a
// subject before the window for it still to be new across clients: an
// aside ("we pay the energy tax with the rent", once, in July) does not
// make a subject old, but an everyday word of the clients' trade is
// written again and again. Measured on the example corpora (EVALUATION.md,
// forty-first pass): with 1, 2, 3 or 5 earlier documents no more themes
// are flagged falsely than with none, with 10 four more; 3 keeps a margin.
const maxEarlierDocs = 3

// themeText matches the documents whose text says what a theme of table
// names: for a learned theme whose member keys all share more than its
// anchor, every one of those shared stems that is no weak word, two-letter
// ones included ("qr" and "code" of "etiqueta com QR code" and "QR code
// colado na porta", where "code" alone is also the tax code of a July
// email), each read by term; keyText of key otherwise.
func themeText(table *ThemeTable, key string, term func(string) query.Query) query.Query {
	members := table.Members(key)
	if _, seed := nlp.SeedTheme(key); seed || len(members) < 2 {
		return keyText(key, term)
	}
	shared := strings.Fields(members[0])
	for _, m := range members[1:] {
		stems := strings.Fields(m)
		shared = slices.DeleteFunc(shared, func(s string) bool { return !slices.Contains(stems, s) })
	}
	shared = slices.DeleteFunc(shared, func(s string) bool { return nlp.IsWeakStem(s) || len(s) < 2 })
	if len(shared) < 2 {
		return keyText(key, term)
	}
	qs := make([]query.Query, len(shared))
	for i, s := range shared {
		qs[i] = term(s)
	}
	return and(qs...)
}

// keyText matches the documents whose text says what key names: every
// specific stem of a learned key, read by term (textTerm: in either
// language; stemText: also by the words of its concept, "budget" in
// "orçamento"), or every stem of
// one phrase of a specific seed topic, in the phrase's language ("LGPD",
// "dados pessoais" for data-privacy); nil when key has neither (a
// generic seed, or only weak stems).
func keyText(key string, term func(string) query.Query) query.Query {
	if stems := specificStems(key, nil); len(stems) > 0 {
		qs := make([]query.Query, len(stems))
		for i, s := range stems {
			qs[i] = term(s)
		}
		return and(qs...)
	}
	var phrases []query.Query
	for lang, ps := range nlp.SeedPhrases(key) {
		for _, p := range ps {
			qs := make([]query.Query, len(p))
			for i, s := range p {
				qs[i] = termQuery(langFields[lang][0], s)
			}
			phrases = append(phrases, and(qs...))
		}
	}
	if len(phrases) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(phrases...)
}

// minEmergingClients is the fewest clients that must raise a theme in the
// window for it to be flagged when the query spans clients: a burst from
// one client (an outage, one long thread) is listed as rising instead.
const minEmergingClients = 2

// describe fills the label, clients and evidence of t from its mentions
// matching window.
func (ix *Index) describe(ctx context.Context, t *EmergingTheme, table *ThemeTable, window query.Query, now time.Time) error {
	ms, _, err := ix.mentions(ctx, and(window, themeQuery(table, t.Key)), maxWindowMentions, false)
	if err != nil {
		return err
	}
	t.Label = themeLabel(table, ms, t.Key)
	t.Keys = slices.Clone(table.Members(t.Key))
	t.Clients = slices.Clone(t.Clients) // newAcross's, with those raising it in writing only
	if t.Clients == nil {
		t.Clients = []string{}
	}
	for _, m := range ms {
		if m.client != "" && !slices.Contains(t.Clients, m.client) {
			t.Clients = append(t.Clients, m.client)
		}
	}
	slices.Sort(t.Clients)
	t.docs = slices.Collect(maps.Keys(documentsOf(ms)))
	ev, err := ix.provingAcross(ctx, ms, t.Label, now)
	t.Evidence = ev
	return err
}

// maxProving bounds the mentions whose sentences provingAcross reads; a
// theme with more has evidence enough, and takes pickAcross's.
const maxProving = 200

// provingAcross is pickAcross with texts, each client's first evidence a
// sentence that names the theme, when the client wrote one: a mention
// whose sentence's content stems (evidenceStems) share one with the
// label's (labelStems) comes before
// one whose sentence only points back to the theme or answers a question
// about it ("Put her down.", "Vocês vão ter essa opção?"), which comes
// only when the client has no other.
func (ix *Index) provingAcross(ctx context.Context, ms []mention, label string, now time.Time) ([]Evidence, error) {
	if len(ms) > maxProving {
		ev := pickAcross(ms, now)
		return ev, ix.fillText(ctx, ev)
	}
	all := evidenceOf(ms)
	if err := ix.fillText(ctx, all); err != nil {
		return nil, err
	}
	want := labelStems(label)
	said := &evidenceStems{}
	text := make(map[string]string, len(all))
	var proving, other []mention
	for i, e := range all {
		text[e.ID] = e.Text
		if anyShared(said.of(all[i:i+1]), want) {
			proving = append(proving, ms[i])
		} else {
			other = append(other, ms[i])
		}
	}
	ordered := bestPerDocument(proving, now)
	named := documentsOf(ordered)
	for _, m := range bestPerDocument(other, now) {
		if !named[m.docID] {
			ordered = append(ordered, m)
		}
	}
	ev := clientsFirst(ordered)
	for i := range ev {
		ev[i].Text = text[ev[i].ID]
	}
	return ev, nil
}

// pickAcross picks the evidence of a theme flagged across clients: as
// pickEvidence, but each client's best mention before any client's
// second, for what the answer claims is that several clients raise it.
func pickAcross(ms []mention, now time.Time) []Evidence {
	return clientsFirst(bestPerDocument(ms, now))
}

// clientsFirst returns the evidence of up to maxEvidence of ms, taken in
// order, each client's first mention before any client's second.
func clientsFirst(ms []mention) []Evidence {
	var first, again []mention
	shown := map[string]bool{}
	for _, m := range ms {
		if shown[m.client] {
			again = append(again, m)
			continue
		}
		shown[m.client] = true
		first = append(first, m)
	}
	picked := append(first, again...)
	return evidenceOf(picked[:min(len(picked), maxEvidence)])
}

// moreThanHalfIn reports whether more than half of ids are in docs.
func moreThanHalfIn(ids []string, docs map[string]bool) bool { return 2*countIn(ids, docs) > len(ids) }

// raising and writing are the documents foldTold compares: those that
// raise a theme, and those that raise it or write its key's words.
func raising(t EmergingTheme) []string { return t.docs }
func writing(t EmergingTheme) []string { return t.written }

// foldTold leaves out of flagged each theme more than half of whose
// documents (docsOf) are documents of another flagged theme with more of
// them, or of a specific seed topic's (data/topics.txt before "@generic")
// with as many or fewer: the same clients telling one new subject, read
// under two keys or as a theme and a name ("diesel" in the documents
// that ask for a carbon footprint, "Google Earth" in those that ask for
// field boundaries, the "Microsoft" of "Microsoft Authenticator" beside
// two-factor login). A seed topic names its subject; a word new in the
// window can be written in more of the subject's documents than the
// topic's phrases are ("estimated" in every request for "kWh per
// machine" and "consumo de energia"). The order of the themes kept is
// flagged's.
func foldTold(flagged []EmergingTheme, docsOf func(EmergingTheme) []string) []EmergingTheme {
	order := make([]int, len(flagged))
	for i := range order {
		order[i] = i
	}
	seed := func(t EmergingTheme) int {
		if specificSeed(t.Key) {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := flagged[a], flagged[b]
		return cmp.Or(cmp.Compare(seed(y), seed(x)), cmp.Compare(len(docsOf(y)), len(docsOf(x))))
	})
	told := make([]bool, len(flagged))
	var kept []map[string]bool // the documents of each theme kept, larger first
	for _, i := range order {
		ids := docsOf(flagged[i])
		if len(ids) > 0 && slices.ContainsFunc(kept, func(docs map[string]bool) bool { return moreThanHalfIn(ids, docs) }) {
			told[i] = true
			continue
		}
		docs := make(map[string]bool, len(ids))
		for _, id := range ids {
			docs[id] = true
		}
		kept = append(kept, docs)
	}
	out := flagged[:0:0]
	for i, t := range flagged {
		if !told[i] {
			out = append(out, t)
		}
	}
	return out
}

// newToClient fills out.NewToClient from the window's theme counts
// (recent) and all the history before the window (earlier), both of the
// query's scope.
func (ix *Index) newToClient(ctx context.Context, out *Emerging, q EmergingQuery, table *ThemeTable, recent, earlier map[string]int, limit int) error {
	everyone := needScope("", q.Clients)
	window := ix.within(out.WindowStart, out.Now)
	before := ix.within(time.Time{}, out.WindowStart)
	for _, key := range topKeys(recent, maxNewCandidates) {
		if q.Client != "" && earlier[key] > 0 {
			continue // the client raised it before
		}
		theme := themeQuery(table, key)
		prior, _, err := ix.termCounts(ctx, and(everyone, theme, before), fieldClient, maxClientsFacet)
		if err != nil {
			return err
		}
		if len(prior) == 0 {
			continue
		}
		current, _, err := ix.termCounts(ctx, and(needScope(q.Client, q.Clients), theme, window), fieldClient, maxClientsFacet)
		if err != nil {
			return err
		}
		for _, c := range slices.Sorted(maps.Keys(current)) {
			if prior[c] > 0 {
				continue
			}
			nt, err := ix.newTheme(ctx, c, key, current[c], prior, theme, window, before)
			nt.Keys = slices.Clone(table.Members(key))
			if l, ok := table.Label(key); ok {
				nt.Label = l
			}
			if err != nil {
				return err
			}
			out.NewToClient = append(out.NewToClient, nt)
		}
	}
	slices.SortFunc(out.NewToClient, func(a, b NewTheme) int {
		return cmp.Or(cmp.Compare(b.Clients, a.Clients), cmp.Compare(b.Recent, a.Recent), b.FirstSeen.Compare(a.FirstSeen),
			cmp.Compare(a.Client, b.Client), cmp.Compare(a.Key, b.Key))
	})
	out.NewToClient = out.NewToClient[:min(len(out.NewToClient), limit)]
	return nil
}

// newTheme describes theme key as new to client c, raised before by the
// clients of prior (with their counts).
func (ix *Index) newTheme(ctx context.Context, c, key string, recent int, prior map[string]int, theme, window, before query.Query) (NewTheme, error) {
	nt := NewTheme{Client: c, Key: key, Recent: recent, Clients: len(prior), RaisedBy: []RaisedBy{}}
	first, _, err := ix.mentions(ctx, and(needScope(c, nil), theme, window), 1, true)
	if err != nil {
		return nt, err
	}
	nt.Label = phraseLabel(first, key)
	if len(first) == 1 {
		nt.FirstSeen = first[0].at
		nt.Evidence = []Evidence{toEvidence(first[0])}
		if err := ix.fillText(ctx, nt.Evidence); err != nil {
			return nt, err
		}
	}
	for _, o := range topKeys(prior, maxRaisedBy) {
		ms, _, err := ix.mentions(ctx, and(needScope(o, nil), theme, before), 1, true)
		if err != nil {
			return nt, err
		}
		rb := RaisedBy{Client: o, Count: prior[o]}
		if len(ms) == 1 {
			rb.FirstSeen = ms[0].at
		}
		nt.RaisedBy = append(nt.RaisedBy, rb)
	}
	return nt, nil
}

// themeLabel is the admin's label of a canonical theme, else the label
// its mentions ms suggest.
func themeLabel(table *ThemeTable, ms []mention, key string) string {
	if l, ok := table.Label(key); ok {
		return l
	}
	return phraseLabel(ms, key)
}

// formatWindow writes d as whole days ("30d") when it is, else as Go
// writes a duration.
func formatWindow(d time.Duration) string {
	const day = 24 * time.Hour
	if d > 0 && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	return d.String()
}

// maxWrittenDocs bounds the window documents read per flagged theme that
// write its key's words (addWrittenDocs).
const maxWrittenDocs = 50

// addWrittenDocs sets the written documents of each theme of flagged: its
// own documents and, for a theme new across clients, the window's
// documents whose text holds its key's words (keyText, at most
// maxWrittenDocs): such a theme counts the clients that write it, and
// foldTold compares what they wrote.
func (ix *Index) addWrittenDocs(ctx context.Context, flagged []EmergingTheme, clients []string, since, until time.Time) error {
	for i := range flagged {
		t := &flagged[i]
		said := keyText(t.Key, textTerm)
		if !t.NewAcross || said == nil {
			t.written = t.docs
			continue
		}
		qs := []query.Query{termQuery(fieldType, typeDocument), ix.within(since, until), said}
		if len(clients) > 0 {
			qs = append(qs, anyTerm(fieldClient, clients))
		}
		req := bleve.NewSearchRequestOptions(and(qs...), maxWrittenDocs, 0, false)
		req.SortBy([]string{"-" + fieldAt, "_id"})
		res, err := ix.bleve.SearchInContext(ctx, req)
		if err != nil {
			return ix.mapErr(err)
		}
		t.written = slices.Clone(t.docs)
		for _, hit := range res.Hits {
			if !slices.Contains(t.written, hit.ID) {
				t.written = append(t.written, hit.ID)
			}
		}
		if err := ix.addWrittenEvidence(ctx, t, res.Hits); err != nil {
			return err
		}
	}
	return nil
}

// addWrittenEvidence gives t, a theme new across clients, evidence from
// the clients that only wrote its words in the window (hits, newest
// first): in each one's newest document, the customer's need that holds
// the key's words, else needHolding's ("First, the remote jobs." then
// "Where should I put the Zoom link?"). They come
// after each client's first mention and before any client's second: the
// answer claims several clients raise the subject, and shows each.
func (ix *Index) addWrittenEvidence(ctx context.Context, t *EmergingTheme, hits search.DocumentMatchCollection) error {
	stems := specificStems(t.Key, nil)
	if len(stems) == 0 {
		return nil
	}
	shown := map[string]bool{}
	var first, again []Evidence
	for _, e := range t.Evidence {
		if shown[e.Client] {
			again = append(again, e)
			continue
		}
		shown[e.Client] = true
		first = append(first, e)
	}
	var written []Evidence
	for _, hit := range hits {
		if len(first)+len(written) >= maxEvidence {
			break
		}
		rec, err := ix.Get(ctx, hit.ID)
		if errors.Is(err, ErrNotFound) {
			continue // deleted since the search
		}
		if err != nil {
			return err
		}
		c := rec.Document.Client
		if shown[c] {
			continue
		}
		n, ok := needHolding(rec.Analysis.Needs, rec.Document.Text, stems)
		if !ok {
			continue
		}
		shown[c] = true
		need := rec.Analysis.Needs[n]
		written = append(written, Evidence{ID: needID(rec.Document.ID, n), DocID: rec.Document.ID, Client: c,
			Source: string(rec.Document.Source), Speaker: need.Speaker, Kind: need.Kind, Cue: need.Cue,
			Text: need.Text, Context: need.Context, At: rec.Document.At, Confidence: need.Confidence})
	}
	if len(written) == 0 {
		return nil
	}
	ev := append(append(first, written...), again...)
	t.Evidence = ev[:min(len(ev), maxEvidence)]
	return nil
}

// needHolding returns the customer need of needs whose text holds every
// one of stems, else the one that holds the first word of text holding
// one of them, else the one nearest after that word (needNear).
func needHolding(needs []nlp.Need, text string, stems []string) (int, bool) {
	for i, n := range needs {
		if usableNeed(n) && stemsHeld(n.Text, stems) == len(stems) {
			return i, true
		}
	}
	at := -1
	for i, w := range wordSpans(text) {
		if i > maxStemScan {
			break
		}
		if stemsHeld(text[w[0]:w[1]], stems) > 0 {
			at = w[0]
			break
		}
	}
	if at < 0 {
		return 0, false
	}
	return needAt(needs, at)
}

// stemsHeld counts the stems of stems that a word of s has, stemmed as
// English or as Portuguese.
func stemsHeld(s string, stems []string) int {
	held := map[string]bool{}
	for _, w := range wordSpans(s) {
		word := strings.ToLower(s[w[0]:w[1]])
		held[nlp.Stem(nlp.English, word)] = true
		held[nlp.Stem(nlp.Portuguese, word)] = true
	}
	n := 0
	for _, st := range stems {
		if held[st] {
			n++
		}
	}
	return n
}

// maxStemScan bounds the words of a document needHolding reads.
const maxStemScan = 2000

// wordSpans returns the byte spans of the letter-and-digit runs of s.
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-'
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

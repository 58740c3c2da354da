package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/ckmhq/ckm/nlp"
)

// Limits and weights of Hints.
const (
	DefaultHintsLimit = 10
	MaxHintsLimit     = 50
	// HalfLife is how long it takes a mention to lose half its weight in a
	// hint's score. Sixty days keeps a need raised all quarter above a
	// remark of last week (30 days ranked worse on the scenario corpora:
	// EVALUATION.md, fifteenth pass).
	HalfLife = 60 * 24 * time.Hour
	// TrendWindow is the recent period a hint's trend compares with what
	// came before it.
	TrendWindow = 30 * 24 * time.Hour
	// maxThemeMentions bounds the mentions of one theme read for its
	// score, newest first; older ones weigh little after the decay.
	maxThemeMentions = 2000
	// maxEvidence is the most evidence sentences per theme.
	maxEvidence = 3
	// defaultConfidence stands in for a need record without a confidence
	// (indexed before records carried one).
	defaultConfidence = 0.5
	// unknownSpeakerWeight discounts needs whose speaker is not known to
	// be the customer; agents' needs are left out altogether.
	unknownSpeakerWeight = 0.8
	// sourceSpreadBonus is the score bonus for each kind of source beyond
	// the first that raised a theme.
	sourceSpreadBonus = 0.25
	// receivedWeight discounts the recency of a mention whose document is
	// dated only by when ckm received it (ckm.AtReceived): that time is an
	// upper bound on when the customer spoke, so the mention counts as one
	// half-life older than its date.
	receivedWeight = 0.5
	// cuePain is the cue of an implied problem (nlp's cue phrases).
	cuePain = "pain"
)

// HintsQuery asks what one client is hinting at.
type HintsQuery struct {
	// Client is the client; required.
	Client string
	// Since and Until bound the time of the needs considered, [Since,
	// Until); zero is open. Recency and the trend are measured from Until,
	// or from now when it is zero.
	Since, Until time.Time
	// Limit is the most themes returned: 0 means DefaultHintsLimit, at
	// most MaxHintsLimit.
	Limit int
	// Clients is the caller's scope: the clients it may see, empty for
	// all. A Client outside it is ErrNotFound.
	Clients []string
}

// Hints are a client's themes, strongest first.
type Hints struct {
	Client string    `json:"client"`
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	// Now is the time recency and trends are measured from.
	Now time.Time `json:"now"`
	// Mentions is how many needs (not negated, not an agent's) with a
	// theme the client has in the period; Themes how many themes.
	Mentions int    `json:"mentions"`
	Themes   int    `json:"themes"`
	Hints    []Hint `json:"hints"`
}

// Hint is one theme of a client's needs.
//
// Score = Σ over the documents raising the theme of (the strongest
// mention's confidence × speaker weight × 2^(−age / HalfLife)) × (1 +
// 0.25 × (kinds of source − 1)). The speaker weight is 1 for the customer
// and 0.8 for an unknown speaker; an agent's needs are not counted. Age is
// measured from Hints.Now; a document without a time counts as one
// half-life old, and one dated only by when ckm received it as one
// half-life older than that date (its recency is halved).
//
// A theme raised in a single document counts 0.7 of that, and 0.49 when
// its label is also one word that is not a name (see singleness).
//
// A one-off incident, a theme raised in a single document only as pain
// whose words do not say it recurs ("I can't attach a PDF over 10 MB",
// "o sistema está fora do ar?"), is not a hint: one complaint is for
// support to answer, not what the client is hinting at. Nor is a remark,
// a theme raised in a single document only as a plan, growth or budget
// (see remark). Their mentions still count in Mentions and Themes, for
// search and for emerging.
type Hint struct {
	// Key is the canonical theme (see ThemeTable); Keys are the candidate
	// keys of the client's mentions filed under it.
	Key       string         `json:"key"`
	Keys      []string       `json:"keys"`
	Label     string         `json:"label"`
	Score     float64        `json:"score"`
	Count     int            `json:"count"`     // mentions
	Documents int            `json:"documents"` // distinct documents among the newest 2000 mentions
	Kinds     map[string]int `json:"kinds"`
	Cues      map[string]int `json:"cues"`
	Sources   map[string]int `json:"sources"`
	FirstSeen time.Time      `json:"first_seen,omitzero"`
	LastSeen  time.Time      `json:"last_seen,omitzero"`
	Trend     Trend          `json:"trend"`
	Evidence  []Evidence     `json:"evidence"`
}

// Trend compares a theme's mentions in the TrendWindow before Hints.Now
// with those before that window, relative to the client's documents in
// each (AssessSurges' lift and exact binomial p-value, not adjusted).
// Direction is "new" (only recent mentions), "rising" (lift ≥ 1.5 and at
// least 2 recent mentions), "falling" (lift ≤ 1/1.5) or "steady".
type Trend struct {
	Direction string  `json:"direction"`
	Recent    int     `json:"recent"`
	Before    int     `json:"before"`
	Lift      float64 `json:"lift"`
	P         float64 `json:"p"`
}

// Hints returns the themes of q.Client's needs ranked by score (see Hint).
// Counts come from a facet over the client's need records; only the
// strongest candidates (three times the limit, at least 30, by count) are
// read mention by mention, and only the evidence sentences' text is
// loaded.
func (ix *Index) Hints(ctx context.Context, q HintsQuery) (*Hints, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: hints: %w", err)
	}
	if q.Client == "" {
		return nil, errors.New("index: hints: no client")
	}
	if len(q.Clients) > 0 && !slices.Contains(q.Clients, q.Client) {
		return nil, fmt.Errorf("index: hints of %q: %w", q.Client, ErrNotFound)
	}
	h, err := ix.hints(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("index: hints of %q: %w", q.Client, err)
	}
	return h, nil
}

func (ix *Index) hints(ctx context.Context, q HintsQuery) (*Hints, error) {
	limit := cmp.Or(q.Limit, DefaultHintsLimit)
	limit = min(max(limit, 1), MaxHintsLimit)
	now := q.Until
	if now.IsZero() {
		now = time.Now().UTC()
	}
	out := &Hints{Client: q.Client, Since: q.Since, Until: q.Until, Now: now, Hints: []Hint{}}
	base := and(needScope(q.Client, nil), ix.within(q.Since, q.Until))
	raw, _, err := ix.termCounts(ctx, base, fieldThemeKey, maxThemeTerms)
	if err != nil {
		return nil, err
	}
	table, err := ix.learned.get(ctx, ix, q.Clients, 0)
	if err != nil {
		return nil, err
	}
	counts := table.Group(raw)
	for _, n := range counts {
		out.Mentions += n
	}
	out.Themes = len(counts)
	recentStart := now.Add(-TrendWindow)
	docsRecent, err := ix.documentCount(ctx, q.Client, nil, maxTime(q.Since, recentStart), now)
	if err != nil {
		return nil, err
	}
	docsBefore, err := ix.documentCount(ctx, q.Client, nil, q.Since, recentStart)
	if err != nil {
		return nil, err
	}
	var cands []candidate
	top := topKeys(counts, max(3*limit, 30))
	var topCounts []KeyCount
	for _, key := range top {
		for _, k := range present(table.Members(key), raw) {
			topCounts = append(topCounts, KeyCount{Key: k, Mentions: raw[k]})
		}
	}
	common, err := ix.commonStems(ctx, topCounts, q.Client)
	if err != nil {
		return nil, err
	}
	if len(table.everywhere) > 0 {
		common = maps.Clone(common)
		if common == nil {
			common = map[string]bool{}
		}
		maps.Copy(common, table.everywhere)
	}
	for _, key := range top {
		keys := present(table.Members(key), raw)
		ms, _, err := ix.mentions(ctx, and(base, anyTerm(fieldThemeKey, keys)), maxThemeMentions, false)
		if err != nil {
			return nil, err
		}
		c := candidate{key: key, keys: keys, count: counts[key], ms: ms, shown: phraseLabel(ms, key)}
		c.h = summarize(key, c.count, ms, now)
		if _, fixed := table.Label(key); !fixed && ((vagueKeys(keys, common) && (!named(c.h.Label) || vagueKeys(keys, table.everywhere))) || ownName(keys, q.Client, common)) {
			continue // the client's everyday words ("job", "shift change") or its own name
		}
		cands = append(cands, c)
	}
	cache := texts{}
	if !ix.apart {
		cands, err = ix.clusterThemes(ctx, cands, table, now, common, cache, false, q.Client)
		if err != nil {
			return nil, err
		}
	}
	cands, err = ix.foldSentences(ctx, cands, table, now, cache)
	if err != nil {
		return nil, err
	}
	kept, err := ix.foldNamed(ctx, foldCandidates(cands, table, common, now), table, now, common, cache)
	if err != nil {
		return nil, err
	}
	docsOf := map[string]map[string]bool{} // each hint's documents, by key
	msOf := map[string][]mention{}         // each hint's mentions, by key
	for _, c := range kept {
		h := c.h
		h.Keys = c.keys
		h.Label = cmp.Or(c.shown, h.Label)
		h.Label = c.joinedLabel(h.Label)
		h.Label = c.toolLabel(h.Label)
		if l, ok := table.Label(c.key); ok {
			h.Label = l
		}
		h.Trend = trend(c.ms, recentStart, docsRecent, docsBefore)
		if c.count > len(c.ms) { // the oldest mentions were not read
			first, _, err := ix.mentions(ctx, and(base, anyTerm(fieldThemeKey, c.keys)), 1, true)
			if err != nil {
				return nil, err
			}
			if len(first) == 1 && !first[0].at.IsZero() {
				h.FirstSeen = first[0].at
			}
		}
		h.Evidence = pickEvidence(c.ms, now) // mentions for now; text below
		if remark(h) {
			continue // context said once, no need
		}
		if incident(h) {
			if err := ix.fillCached(ctx, h.Evidence, cache); err != nil {
				return nil, err
			}
			if !slices.ContainsFunc(h.Evidence, func(e Evidence) bool { return nlp.StatesRecurrence(e.Text) }) {
				continue // a one-off incident
			}
		}
		out.Hints = append(out.Hints, h)
		docsOf[h.Key] = documentsOf(c.ms)
		msOf[h.Key] = c.ms
	}
	for i := range out.Hints {
		out.Hints[i].Score = round3(out.Hints[i].Score * singleness(out.Hints[i]) * breadth(out.Hints[i]) * renewalWeight(out.Hints[i]))
	}
	slices.SortStableFunc(out.Hints, func(a, b Hint) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key))
	})
	out.Hints = diversify(out.Hints, docsOf)
	if len(out.Hints) > limit {
		out.Hints = out.Hints[:limit]
	}
	for i := range out.Hints {
		ev, err := ix.coherentEvidence(ctx, msOf[out.Hints[i].Key], now, common, cache)
		if err != nil {
			return nil, err
		}
		if ev != nil {
			out.Hints[i].Evidence = ev
		}
		if err := ix.fillCached(ctx, out.Hints[i].Evidence, cache); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// candidate is one canonical theme of a client before folding: its
// candidate keys, mention count, newest mentions and summary. The
// summary's label is the one folds compare (label); shown is the label
// the hint gets (phraseLabel of the candidate's own mentions), kept when
// it absorbs others.
type candidate struct {
	key   string
	keys  []string
	count int
	ms    []mention
	h     Hint
	shown string
	// own is the label of the strongest theme that is not a seed topic
	// folded into the candidate, with its score (see toolLabel).
	own      string
	ownScore float64
}

// foldCandidates folds a client's weaker theme into a stronger one when
// the words of one label are all words of the other ("lojas" into
// "relatório por loja"), or when the weaker one was raised in a single
// document that also raises the stronger ("the budget committee meets on
// November 20" in the email that asks for a summary to justify the spend)
// by no explicit need unless the stronger is a specific seed topic (a
// call about bills that also asks for a waiver log raises two needs; "we
// need that trail visible" is the audit log the call is about) and is not
// a seed topic folding into a learned theme, or when the two
// were raised in mostly the same documents (coRaised: "relatório único das
// três filiais" and "visão consolidada", asked for in the same emails and
// calls), so that the top
// hints do not repeat a theme the learned table split or an aspect of one. Words are compared as theme-key stems in
// either language (nlp.CandidateThemeKeys), weak stems left out; an
// admin's label or split stands. Candidates are taken strongest first.
// Documents are compared with the stronger theme's own mentions, not
// those it took in: a theme that absorbed another's documents does not
// draw in every theme of those documents too (scenario137's
// recipient-created tax invoices were folded into the invoices through
// a document the invoices had taken in; EVALUATION.md, sixtieth pass).
func foldCandidates(cands []candidate, table *ThemeTable, common map[string]bool, now time.Time) []candidate {
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(b.h.Score, a.h.Score), cmp.Compare(b.count, a.count), cmp.Compare(a.key, b.key))
	})
	var kept, cores []candidate
	var words []map[string]bool
	for _, c := range cands {
		w := labelStems(c.h.Label)
		_, fixed := table.Label(c.key)
		into := -1
		for i := range kept {
			if !fixed && (subset(w, words[i]) || subset(words[i], w) || sharesStem(c.keys, kept[i].keys, common) || sameDocuments(c, cores[i])) {
				into = i
				break
			}
		}
		if into < 0 {
			kept = append(kept, c)
			cores = append(cores, c)
			words = append(words, w)
			continue
		}
		kept[into].absorb(c, now)
	}
	return kept
}

// accountCues reports whether c was raised only as pressure on the
// account: a competitor, a budget, a churn risk ("o concorrente cobra
// menos" in the renewal call is the renewal's story).
func accountCues(c candidate) bool {
	for cue := range c.h.Cues {
		if cue != "competitor" && cue != "budget" && cue != "churn-risk" {
			return false
		}
	}
	return len(c.h.Cues) > 0
}

// sameDocuments reports whether the weaker candidate c folds into the
// stronger k by the documents that raise them (see foldCandidates): c
// raised only in one document of k's by no explicit need, or into a
// specific seed topic; or the two raised in mostly the same documents.
// Nothing but pricing and what only presses on the account (accountCues)
// folds into the renewal this way: a renewal is when the client says
// what it lacks, so the renewal's documents raise the
// client's other needs ("the system only knows on hire or off hire" in
// the call "about the renewal in December"), which are what the hints
// are for; the renewal is the pressure on them. Measured on the example
// corpora (EVALUATION.md, forty-first pass): recall@5 0.831 → 0.833, and
// the same rule for pricing lost more than it won.
func sameDocuments(c, k candidate) bool {
	if k.key == renewalTopic && !accountTopics[c.key] && !accountCues(c) {
		return false
	}
	within := onlyWithin(c.ms, k.ms) && (c.h.Kinds[nlp.KindExplicit] == 0 || specificSeed(k.key))
	return (within || coRaised(c.ms, k.ms)) && mayFold(c, k.key)
}

// toolLabel returns the label a candidate is shown with instead of label:
// the strongest specific theme folded into it when it is filed under the
// tool topic, or under another broad seed topic and label is one word
// ("relatório", "bill"). The spreadsheet is how the client copes; what it
// copes without ("security filing deadline") says what the hint is about,
// whatever the spreadsheet's own label says ("Juliana mantém planilha
// paralela" is shown as "peso total", the weighings it was folded with),
// and so do the sheets a report is asked for ("fichas" over "relatório")
// when more than one document raises the topic (in one, what was folded
// in is an aside of the same message). Measured over the scenario corpora
// (EVALUATION.md, forty-eighth and fifty-ninth passes).
func (k *candidate) toolLabel(label string) string {
	if k.own != "" && (k.key == nlp.ToolTopic || nlp.IsGenericSeed(k.key) && k.h.Documents > 1 && len(strings.Fields(label)) == 1) {
		return k.own
	}
	return label
}

// joinedLabel returns the label a candidate that absorbed others is shown
// with instead of label: when label is one lowercase word and the key no
// seed topic, the most representative label of all its mentions
// (phraseLabel), if that one is a phrase: "state of charge for electric
// vehicles" over "drops", "mile allowance" over "suspects". The stronger
// theme keeps its key, but a lone word of one sentence seldom says what
// the sentences joined to it are about. A name ("Okta", "PO") and a seed
// topic's own words ("renewal", "preço") stay, and so does the word when
// no mention has a phrase. Chosen over all 101 scenario corpora
// (EVALUATION.md, forty-sixth pass).
func (k *candidate) joinedLabel(label string) string {
	if _, seed := nlp.SeedTheme(k.key); seed || len(k.keys) < 2 || len(strings.Fields(label)) != 1 || named(label) {
		return label
	}
	if l := phraseLabel(k.ms, k.key); len(strings.Fields(l)) > 1 {
		return l
	}
	return label
}

// absorb folds c into k, which keeps its key and label.
func (k *candidate) absorb(c candidate, now time.Time) {
	if _, seed := nlp.SeedTheme(c.key); !seed && c.h.Score > k.ownScore {
		k.own, k.ownScore = cmp.Or(c.shown, c.h.Label), c.h.Score
	}
	if c.own != "" && c.ownScore > k.ownScore {
		k.own, k.ownScore = c.own, c.ownScore
	}
	k.keys = append(k.keys, c.keys...)
	k.count += c.count
	k.ms = mergeMentions(k.ms, c.ms)
	k.h = tally(k.key, k.h.Label, k.count, k.ms, now)
}

// foldNamed folds a learned theme raised in a single document into a
// stronger one its evidence ties it to: a theme labelled with a name
// ("CareDesk") into the strongest theme whose evidence sentences name it
// ("I need a one-page summary ... to justify keeping it alongside
// CareDesk"), the name being part of that theme's story; and a theme
// without a name into the strongest specific seed topic its own evidence
// names ("written confirmation that backups also stay in a Canadian
// region" into data residency); and a context-only theme of one document
// (see contextOnly; not a specific seed topic) into the stronger theme its
// evidence shares words with (see evidenceStems.related): "Owen also
// showed the spreadsheet finance uses to split costs by depot", a
// workaround, into "Owen wants cost reporting split by depot". cands are
// strongest first, as foldCandidates returns them; an admin's label
// stands. The evidence text of every candidate is loaded in one search
// (what cache lacks).
func (ix *Index) foldNamed(ctx context.Context, cands []candidate, table *ThemeTable, now time.Time, common map[string]bool, cache texts) ([]candidate, error) {
	var ev []Evidence
	bounds := make([][2]int, len(cands)) // each candidate's evidence in ev
	for i, c := range cands {
		bounds[i][0] = len(ev)
		ev = append(ev, pickEvidence(c.ms, now)...)
		bounds[i][1] = len(ev)
	}
	if err := ix.fillCached(ctx, ev, cache); err != nil {
		return nil, err
	}
	var kept []candidate
	var texts [][]Evidence
	words := &evidenceStems{common: common}
	for i, c := range cands {
		own := ev[bounds[i][0]:bounds[i][1]]
		into := -1
		_, fixed := table.Label(c.key)
		_, seed := nlp.SeedTheme(c.key)
		switch {
		case fixed || seed || c.h.Documents != 1:
		case named(c.h.Label) && aside(c):
			into = slices.IndexFunc(texts, func(es []Evidence) bool {
				return slices.ContainsFunc(es, func(e Evidence) bool { return holdsPhrase(e.Text, c.h.Label) })
			})
		case !named(c.h.Label):
			var topics []string
			for _, e := range own {
				topics = append(topics, nlp.SpecificTopics(e.Text)...)
			}
			into = slices.IndexFunc(kept, func(k candidate) bool {
				return slices.ContainsFunc(k.keys, func(key string) bool { return slices.Contains(topics, key) })
			})
		}
		if into < 0 && c.h.Documents == 1 && contextOnly(c, table) && (!seed || nlp.IsGenericSeed(c.key)) {
			into = words.related(own, kept, texts)
		}
		if into < 0 {
			kept = append(kept, c)
			texts = append(texts, own)
			continue
		}
		kept[into].absorb(c, now)
	}
	return kept, nil
}

// aside reports whether a theme is only context: not a seed topic, and
// raised by no explicit need (a competitor, a tool in use, a churn risk),
// so that a name the client asks for ("we need SAML SSO", "a Slack
// integration") stays a theme of its own wherever else it is named.
func aside(c candidate) bool {
	if _, seed := nlp.SeedTheme(c.key); seed {
		return false
	}
	return c.h.Kinds[nlp.KindExplicit] == 0
}

// holdsPhrase reports whether text holds phrase as whole words, case and
// accents ignored.
func holdsPhrase(text, phrase string) bool {
	t, p := nlp.Fold(strings.ToLower(text)), nlp.Fold(strings.ToLower(strings.TrimSpace(phrase)))
	for i := 0; p != ""; {
		j := strings.Index(t[i:], p)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(p)
		if (at == 0 || !wordByte(t[at-1])) && (end == len(t) || !wordByte(t[end])) {
			return true
		}
		i = at + 1
	}
	return false
}

// wordByte reports whether b is an ASCII letter or digit, or part of a
// multi-byte rune (a letter, once folded).
func wordByte(b byte) bool {
	return b >= 0x80 || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
}

// incident reports whether a theme may be a one-off problem rather than a
// need: raised in a single document, and there only as pain, with no
// request, wish, question, workaround, plan or risk beside it ("I can't
// attach a PDF over 10 MB", "o sistema está fora do ar?"), and not filed
// under a specific seed topic, a known need area where one complaint is
// a signal (rate limits, offline mode, data residency). What a client
// keeps running into comes back in other documents, or its words say so
// ("again", "de novo": see nlp.StatesRecurrence, checked by Hints on the
// evidence), and what it wants it asks for.
func incident(h Hint) bool {
	if specificSeed(h.Key) {
		return false // a known need area ("HTTP 429 on the nightly sync": rate limits)
	}
	return h.Documents == 1 && len(h.Cues) == 1 && h.Cues[cuePain] > 0
}

// remark reports whether a theme is context said once rather than a
// need: raised in a single document, and there only as a plan, growth or
// budget ("We'll send the timesheets by the 21st", "Price is higher than
// yours", "budget sign-off happens in mid-January"), and not filed under
// a specific seed topic. Such a sentence says when or how much, not what
// the client wants; beside a request or a pain, or in a second document,
// it does count. On the scenario corpora 1 of 15 such hints in a top ten
// matched a planted theme (EVALUATION.md, fifteenth pass).
func remark(h Hint) bool {
	if specificSeed(h.Key) || h.Documents != 1 || len(h.Cues) == 0 {
		return false
	}
	for c := range h.Cues {
		if !contextCues[c] {
			return false
		}
	}
	return true
}

// specificSeed reports whether key is a specific seed topic (not one of
// nlp's generic ones).
func specificSeed(key string) bool { return nlp.IsSpecificSeed(key) }

// contextCues are the cues that say when or how much, not what.
var contextCues = map[string]bool{"plan": true, "growth": true, "budget": true}

// sharesStem reports whether theme a shares specific stems with theme b:
// stems that are not weak, not common in the client's documents and
// longer than two letters, at least half of a's ("sal" of "status da
// sala" and "ordens de manutenção das salas"). One shared word among
// many of a's is not enough: "freez holiday individu member" does not
// fold into a theme keyed "member" of a gym's client, where most themes
// say it. Seed topic keys have no stems.
func sharesStem(a, b []string, common map[string]bool) bool {
	inB := map[string]bool{}
	for _, k := range b {
		for _, s := range specificStems(k, common) {
			inB[s] = true
		}
	}
	own := map[string]bool{}
	shared := 0
	for _, k := range a {
		for _, s := range specificStems(k, common) {
			if !own[s] {
				own[s] = true
				if inB[s] {
					shared++
				}
			}
		}
	}
	return shared > 0 && 2*shared >= len(own)
}

// specificStems returns the stems of a candidate key that are neither
// weak nor in common, nor of a seed topic's key.
func specificStems(key string, common map[string]bool) []string {
	if _, seed := nlp.SeedTheme(key); seed {
		return nil
	}
	return slices.DeleteFunc(strings.Fields(key), func(s string) bool { return common[s] || nlp.IsWeakStem(s) || len(s) <= 2 })
}

// labelStems returns the theme-key stems of a label's words in either
// language, weak stems and seed topic keys left out.
func labelStems(l string) map[string]bool {
	out := map[string]bool{}
	for _, k := range nlp.CandidateThemeKeys(l) {
		for _, s := range strings.Fields(k) {
			if _, seed := nlp.SeedTheme(s); !seed && !nlp.IsWeakStem(s) && len(s) > 2 {
				out[s] = true
			}
		}
	}
	return out
}

// mayFold reports whether a one-document theme may fold into another of
// its document: a seed topic ("offline") never folds into a theme learned
// from stems ("mechanics at the Leeds depot"), except a broad one raised
// only as pain, the side of a stronger theme ("se o atendimento do
// técnico resolveu o problema", support, in the sentence that asks to
// survey the receptionists; see nlp.IsGenericSeed); and a specific seed
// topic never folds into a broad one, the frame of what it names ("kWh
// per machine" asked for in the email that asks for a price list).
func mayFold(weaker candidate, stronger string) bool {
	if specificSeed(weaker.key) && nlp.IsGenericSeed(stronger) {
		return false
	}
	_, weakSeed := nlp.SeedTheme(weaker.key)
	_, strongSeed := nlp.SeedTheme(stronger)
	painOnly := len(weaker.h.Cues) == 1 && weaker.h.Cues[cuePain] > 0
	return !weakSeed || strongSeed || (nlp.IsGenericSeed(weaker.key) && painOnly)
}

// onlyWithin reports whether the mentions ms come from one document, and
// one that some mention of in also comes from.
func onlyWithin(ms, in []mention) bool {
	if len(ms) == 0 {
		return false
	}
	doc := ms[0].docID
	for _, m := range ms {
		if m.docID != doc {
			return false
		}
	}
	return slices.ContainsFunc(in, func(m mention) bool { return m.docID == doc })
}

// coRaised reports whether the mentions ms and in come from mostly the
// same documents: at least two shared, and the shared ones half or more
// of each side's documents. Two themes a client keeps raising together
// are most often one need in two wordings; a broad theme raised in many
// documents does not take in a narrower one that shares a few of them.
// Measured on the scenario corpora (EVALUATION.md, thirteenth pass).
func coRaised(ms, in []mention) bool {
	own, other := map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		own[m.docID] = true
	}
	for _, m := range in {
		other[m.docID] = true
	}
	shared := 0
	for d := range own {
		if other[d] {
			shared++
		}
	}
	return shared >= 2 && 2*shared >= len(own) && 2*shared >= len(other)
}

// subset reports whether a is a non-empty subset of b.
func subset(a, b map[string]bool) bool {
	if len(a) == 0 {
		return false
	}
	for s := range a {
		if !b[s] {
			return false
		}
	}
	return true
}

// mergeMentions merges two lists of mentions, newest first.
func mergeMentions(a, b []mention) []mention {
	out := append(slices.Clone(a), b...)
	slices.SortStableFunc(out, func(x, y mention) int { return y.at.Compare(x.at) })
	return out
}

// summarize computes a hint's label, counts, first and last seen and
// score from its newest mentions ms (newest first).
func summarize(key string, count int, ms []mention, now time.Time) Hint {
	return tally(key, label(ms, key), count, ms, now)
}

// tally is summarize with the label given: a folded theme keeps the label
// it had, and choosing a label reads every mention's evidence.
func tally(key, lbl string, count int, ms []mention, now time.Time) Hint {
	h := Hint{Key: key, Label: lbl, Count: count,
		Kinds: map[string]int{}, Cues: map[string]int{}, Sources: map[string]int{}}
	best := map[string]float64{} // per document: the strongest weight
	for _, m := range ms {
		h.Kinds[m.kind]++
		h.Cues[m.cue]++
		h.Sources[m.source]++
		if !m.at.IsZero() {
			if h.FirstSeen.IsZero() || m.at.Before(h.FirstSeen) {
				h.FirstSeen = m.at
			}
			if m.at.After(h.LastSeen) {
				h.LastSeen = m.at
			}
		}
		best[m.docID] = max(best[m.docID], weight(m, now))
	}
	delete(h.Kinds, "")
	delete(h.Cues, "")
	delete(h.Sources, "")
	h.Documents = len(best)
	sum := 0.0
	for _, w := range best {
		sum += w
	}
	spread := 1 + sourceSpreadBonus*float64(max(len(h.Sources)-1, 0))
	h.Score = math.Round(sum*spread*1000) / 1000
	return h
}

// genericSeedWeight is the factor of the score of a hint filed under a
// broad seed topic (see breadth).
const genericSeedWeight = 0.7

// breadth is the factor of a hint's score for how broad its theme is: a
// hint filed under a broad seed topic (invoices and billing, exports and
// spreadsheets, reports and dashboards, price and discounts) weighs
// genericSeedWeight. Such a theme names an area, and gathers what a client
// said about it in passing ("I keep a spreadsheet", "the invoices go out
// on the 15th"), while a specific theme names the need. Chosen on the
// development scenarios among 0.5, 0.6, 0.7 and 0.8 (recall@5 0.831 →
// 0.841 at 0.7), then checked once on the blind and held-out ones
// (EVALUATION.md).
func breadth(h Hint) float64 {
	if nlp.IsGenericSeed(h.Key) {
		return genericSeedWeight
	}
	return 1
}

// coveredWeight is the factor of a hint's score when every one of its
// documents is a document of a stronger hint (see diversify).
const coveredWeight = 0.5

// diversify orders hs, sorted by score, so that each next hint is the one
// whose score is highest once it is discounted for the documents the
// hints before it already hold: by 1 − (1 − coveredWeight) × the share of
// its documents they hold. The discounted score becomes the hint's score,
// so the order still follows the scores. Two hints drawn from the same
// few emails and calls are most often two aspects of one need (the
// manifest and the CT-e of one freight client's tax documents); the
// second makes room for a need the client raised elsewhere. Chosen on
// the development scenarios (recall@5 0.812 → 0.831, redundancy 0.161 →
// 0.146 at 0.5; 0.4, 0.6 and 1.0 measured too), then checked once on the
// blind and held-out ones (EVALUATION.md). docs are each hint's
// documents, by key.
func diversify(hs []Hint, docs map[string]map[string]bool) []Hint {
	rest := slices.Clone(hs)
	shown := map[string]bool{}
	out := make([]Hint, 0, len(hs))
	for len(rest) > 0 {
		best, bestScore := 0, -1.0
		for i, h := range rest {
			if s := h.Score * covered(docs[h.Key], shown); s > bestScore {
				best, bestScore = i, s
			}
		}
		h := rest[best]
		h.Score = round3(bestScore)
		out = append(out, h)
		for id := range docs[h.Key] {
			shown[id] = true
		}
		rest = slices.Delete(rest, best, best+1)
	}
	return out
}

// covered is the factor of diversify for a hint of documents ds when the
// hints before it hold the documents shown.
func covered(ds, shown map[string]bool) float64 {
	if len(ds) == 0 {
		return 1
	}
	n := 0
	for id := range ds {
		if shown[id] {
			n++
		}
	}
	return 1 - (1-coveredWeight)*float64(n)/float64(len(ds))
}

// documentsOf returns the documents of ms.
func documentsOf(ms []mention) map[string]bool {
	out := make(map[string]bool, len(ms))
	for _, m := range ms {
		out[m.docID] = true
	}
	return out
}

// Weights of a theme raised in one document (see singleness).
const (
	singleDocumentWeight = 0.7
	vagueLabelWeight     = 0.7
)

// singleness is the factor of a hint's score for how little backs it: a
// theme raised in a single document weighs singleDocumentWeight, and
// vagueLabelWeight more when its label is also one word that names
// nothing ("pronto", "mobile", "rows"; not "Okta"). One sentence is
// weaker evidence of what a client hints at than several documents, and
// a one-word label is most often a theme the analysis could not pin down.
// Chosen on the development scenarios (recall@5 0.694 → 0.721), then
// checked on two held out (0.656 → 0.730); EVALUATION.md.
func singleness(h Hint) float64 {
	if h.Documents != 1 {
		return 1
	}
	if l := strings.TrimSpace(h.Label); !strings.ContainsAny(l, " \t") && !named(l) {
		return singleDocumentWeight * vagueLabelWeight
	}
	return singleDocumentWeight
}

// renewalWeight is the factor of a hint's score when it is filed under
// the renewal topic: the renewal is the pressure on a client's needs,
// not a need of its own ("Renewal call with Mick (contract ends 30 Nov)",
// "vamos renovar por mais um ano"), and its other needs are what the
// hints are for (see sameDocuments). It still shows, lower. Measured over
// scenario3-133 and six new blind corpora (EVALUATION.md, fifty-second
// pass): precision@5 0.795 → 0.797.
func renewalWeight(h Hint) float64 {
	if h.Key != renewalTopic {
		return 1
	}
	return renewalHintWeight
}

// renewalHintWeight: see renewalWeight.
const renewalHintWeight = 0.5

// weight is one mention's contribution to a score: confidence × speaker
// weight × recency.
func weight(m mention, now time.Time) float64 {
	c := m.conf
	if c < 0 {
		c = defaultConfidence
	}
	if m.speaker != nlp.SpeakerCustomer {
		c *= unknownSpeakerWeight
	}
	if m.received {
		c *= receivedWeight
	}
	return c * recency(m.at, now)
}

// recency halves every HalfLife before now; a zero time counts as one
// half-life old, and a time after now as now.
func recency(at, now time.Time) float64 {
	if at.IsZero() {
		return 0.5
	}
	age := max(now.Sub(at), 0)
	return math.Exp2(-float64(age) / float64(HalfLife))
}

// trend compares the mentions at or after recentStart with those before,
// against the client's documents in each period.
func trend(ms []mention, recentStart time.Time, docsRecent, docsBefore int) Trend {
	var t Trend
	for _, m := range ms {
		if !m.at.IsZero() && !m.at.Before(recentStart) {
			t.Recent++
		} else {
			t.Before++
		}
	}
	s := []Surge{{Recent: t.Recent, Baseline: t.Before, RecentExposure: float64(docsRecent), BaselineExposure: float64(docsBefore)}}
	AssessSurges(s, 1, 1)
	t.Lift, t.P = round3(s[0].Lift), s[0].P
	switch {
	case t.Recent > 0 && t.Before == 0:
		t.Direction = "new"
	case t.Recent == 0 && t.Before > 0 && docsRecent > 0:
		t.Direction = "falling"
	case s[0].Lift >= 1.5 && t.Recent >= 2:
		t.Direction = "rising"
	case s[0].Lift > 0 && s[0].Lift <= 1/1.5:
		t.Direction = "falling"
	default:
		t.Direction = "steady"
	}
	return t
}

// pickEvidence chooses up to maxEvidence mentions, one per document, with
// the highest weights; the result has no text yet.
func pickEvidence(ms []mention, now time.Time) []Evidence {
	best := bestPerDocument(ms, now)
	return evidenceOf(best[:min(len(best), maxEvidence)])
}

// evidencePool is how many of a hint's documents, strongest first, its
// evidence is chosen among (coherentEvidence).
const evidencePool = 12

// sentencesPerDocument is how many of a document's mentions of a hint,
// strongest first, coherentEvidence weighs against the other documents.
const sentencesPerDocument = 4

// coherentEvidence chooses a hint's evidence among the mentions of its
// evidencePool strongest documents, one sentence per document: the
// sentences that share specific words with more of the other documents
// come first, each mention's weight raised by the share of the other
// documents it shares a stem with, and in each document the sentence
// so raised most stands for it. A hint's proof is then what most of its
// documents say, not an aside its weight alone put on top ("She's
// frustrated it's now September" over "the number got typed wrong in the
// kWh column"), and a document that says the need in one sentence and
// points back to it in the next ("Does Campix have any way of doing that
// part on its own?") is shown by the sentence that says it. A yes to an
// agent's question (answerEvidenceWeight) and a sentence that holds no
// word of its own theme (echoEvidenceWeight) weigh less. The strongest
// document's sentence is shown first, and after it a sentence that shares
// a stem with those shown weighs more (evidenceCoherence): a hint that
// took in the documents of two needs is shown by the sentences of one
// (a parish's Mass intentions asked for on the site, then "o padre quer
// a lista impressa organizada por horário de missa", not "vamos reforçar
// o balcão com duas voluntárias"). A sentence that holds no word of its
// theme is left out when two others are shown (withoutEchoes). Nil when
// the hint has a single document.
func (ix *Index) coherentEvidence(ctx context.Context, ms []mention, now time.Time, common map[string]bool, cache texts) ([]Evidence, error) {
	best := bestPerDocument(ms, now)
	if len(best) < 2 {
		return nil, nil
	}
	best = best[:min(len(best), evidencePool)]
	docOf := map[string]int{} // document → its place in best
	for i, m := range best {
		docOf[m.docID] = i
	}
	var cands []mention
	perDoc := make([]int, len(best))
	ordered := slices.Clone(ms)
	slices.SortStableFunc(ordered, strongerFirst(now))
	for _, m := range ordered {
		if d, ok := docOf[m.docID]; ok && perDoc[d] < sentencesPerDocument {
			perDoc[d]++
			cands = append(cands, m)
		}
	}
	ev := evidenceOf(cands)
	if err := ix.fillCached(ctx, ev, cache); err != nil {
		return nil, err
	}
	words := &evidenceStems{common: common}
	stems := make([]map[string]bool, len(ev))
	for i := range ev {
		stems[i] = words.of(ev[i : i+1])
	}
	pick := make([]int, len(best)) // each document's chosen mention in cands
	score := make([]float64, len(best))
	for i := range pick {
		pick[i] = -1
	}
	shared := make([]bool, len(best))  // the other documents a mention shares a stem with
	echoes := make([]bool, len(cands)) // the mentions whose sentence holds no word of their theme
	for i, m := range cands {
		clear(shared)
		n := 0
		for j, o := range cands {
			if d := docOf[o.docID]; o.docID != m.docID && !shared[d] && anyShared(stems[i], stems[j]) {
				shared[d] = true
				n++
			}
		}
		sc := weight(m, now) * (1 + float64(n)/float64(len(best)-1))
		if ev[i].Context != "" {
			sc *= answerEvidenceWeight
		}
		if echoes[i] = !words.says(m.theme, ev[i].Text); echoes[i] {
			sc *= echoEvidenceWeight
		}
		if d := docOf[m.docID]; pick[d] < 0 || sc > score[d] {
			pick[d], score[d] = i, sc
		}
	}
	picked := make([]map[string]bool, len(best)) // the stems of each document's sentence
	for d, i := range pick {
		if i >= 0 {
			picked[d] = stems[i]
		}
	}
	out := make([]Evidence, 0, maxEvidence)
	var echo []bool
	for _, d := range coherentPicks(score, picked, maxEvidence) {
		out = append(out, ev[pick[d]])
		echo = append(echo, echoes[pick[d]])
	}
	return withoutEchoes(out, echo), nil
}

// withoutEchoes drops from a hint's evidence the sentences that hold no
// word of their own theme (echo, by sentence) when at least two others
// remain: "Takes her the best part of two days." proves the job costing
// said in the sentence before it only beside that sentence, so two
// sentences that name the need are shown rather than three of which one
// says nothing by itself. Its document still counts for the hint.
func withoutEchoes(ev []Evidence, echo []bool) []Evidence {
	var named []Evidence
	for i, e := range ev {
		if !echo[i] {
			named = append(named, e)
		}
	}
	if len(named) < 2 {
		return ev
	}
	return named
}

// coherentPicks returns up to n documents by score, the strongest first:
// after it, a document whose sentence shares a stem with those chosen
// (stems, by document; nil for a document without one) weighs
// 1+evidenceCoherence times its score. Ties go to the earlier document.
func coherentPicks(score []float64, stems []map[string]bool, n int) []int {
	var out []int
	chosen := make([]bool, len(score))
	said := map[string]bool{}
	for range min(len(score), n) {
		bd, bs := -1, 0.0
		for d, sc := range score {
			if chosen[d] || stems[d] == nil {
				continue
			}
			if anyShared(stems[d], said) {
				sc *= 1 + evidenceCoherence
			}
			if bd < 0 || sc > bs {
				bd, bs = d, sc
			}
		}
		if bd < 0 {
			break
		}
		chosen[bd] = true
		maps.Copy(said, stems[bd])
		out = append(out, bd)
	}
	return out
}

// evidenceCoherence is how much more than its score a document's
// sentence weighs, once a hint's first evidence is chosen, when it shares
// a specific stem with the evidence chosen so far (coherentEvidence): 1
// over 0.5 and 3 on the scenario corpora (EVALUATION.md, sixty-seventh
// pass).
const evidenceCoherence = 1.0

// answerEvidenceWeight scales, when a hint's evidence is chosen, a yes
// to an agent's question ("Yeah.", "Isso.", "Both, ideally."): the
// customer confirmed the need, but a sentence in the customer's own words
// proves it better, and one of its other documents is shown first. Over
// the example corpora the top five hints' evidence held such a bare yes
// about 150 times (EVALUATION.md, fifty-third pass).
const answerEvidenceWeight = 0.5

// echoEvidenceWeight scales, when a hint's evidence is chosen, a mention
// whose sentence holds no content word of its own theme's label: it took
// its theme from the sentences around it ("A tag is better than my
// spreadsheet I guess." after "what I really want is the expiry date on
// the vendor"), and a sentence that names the need proves it better.
// Measured over the scenario corpora (EVALUATION.md, sixty-first pass).
const echoEvidenceWeight = 0.5

// anyShared reports whether a and b hold a stem in common.
func anyShared(a, b map[string]bool) bool {
	for s := range a {
		if b[s] {
			return true
		}
	}
	return false
}

// bestPerDocument returns the strongest mention of each document of ms,
// strongest first (then newest).
func bestPerDocument(ms []mention, now time.Time) []mention {
	byDoc := map[string]mention{}
	for _, m := range ms {
		if b, ok := byDoc[m.docID]; !ok || weight(m, now) > weight(b, now) {
			byDoc[m.docID] = m
		}
	}
	best := make([]mention, 0, len(byDoc))
	for _, m := range byDoc {
		best = append(best, m)
	}
	slices.SortFunc(best, strongerFirst(now))
	return best
}

// strongerFirst orders mentions by weight, strongest first, then newest,
// then by id.
func strongerFirst(now time.Time) func(a, b mention) int {
	return func(a, b mention) int {
		return cmp.Or(cmp.Compare(weight(b, now), weight(a, now)), b.at.Compare(a.at), cmp.Compare(a.id, b.id))
	}
}

// evidenceOf turns mentions into evidence, text not yet loaded.
func evidenceOf(ms []mention) []Evidence {
	out := make([]Evidence, len(ms))
	for i, m := range ms {
		out[i] = toEvidence(m)
	}
	return out
}

// keyCounts lists counts as KeyCounts, sorted by key.
func keyCounts(counts map[string]int) []KeyCount {
	out := make([]KeyCount, 0, len(counts))
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, KeyCount{Key: k, Mentions: counts[k]})
	}
	return out
}

// vagueKeys reports whether every key of keys is made of stems that are
// weak or in common: a seed topic's key never is.
func vagueKeys(keys []string, common map[string]bool) bool {
	for _, k := range keys {
		if _, seed := nlp.SeedTheme(k); seed {
			return false
		}
		if slices.ContainsFunc(strings.Fields(k), func(s string) bool { return !common[s] && !nlp.IsWeakStem(s) }) {
			return false
		}
	}
	return len(keys) > 0
}

// ownName reports whether every key names the client itself: its stems
// are words of the client's ID ("contato plus" of contato-plus, from an
// e-mail signature), and at least one is, the others being legal forms
// ("ltd", "llc") or the client's everyday words (common) ("Support note,
// Hollis Precision" of hollis-precision, a machine shop, where notes are
// everyday), or the key is a registered name that holds a word of the
// ID ("Hollis Precision Machining LLC", "Coral Coast Beauty Pty Ltd").
// That is no theme of the client's.
func ownName(keys []string, client string, common map[string]bool) bool {
	words := map[string]bool{}
	slug := strings.FieldsFunc(strings.ToLower(client), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range slug {
		for _, k := range nlp.CandidateThemeKeys(w) {
			words[k] = true
		}
		words[nlp.Stem(nlp.English, w)] = true
	}
	named := false
	for _, k := range keys {
		stems := strings.Fields(k)
		if joinedName(stems, slug) {
			named = true // the name written apart in the client's id: "Lone Star" of lonestar-language
			continue
		}
		if slices.ContainsFunc(stems, func(s string) bool { return words[s] }) && slices.ContainsFunc(stems, func(s string) bool { return legalForms[s] }) {
			named = true // the client's registered name: "Hollis Precision Machining LLC"
			continue
		}
		for _, s := range stems {
			switch {
			case words[s]:
				named = true
			case !legalForms[s] && !common[s]:
				return false
			}
		}
	}
	return named
}

// joinedName reports whether two or three stems, written together in
// some order (keys sort their stems), start a word of a client's id and
// have at least minJoinedName letters.
func joinedName(stems, slug []string) bool {
	if len(stems) < 2 || len(stems) > 3 || len(strings.Join(stems, "")) < minJoinedName {
		return false
	}
	orders := [][]int{{0, 1}, {1, 0}}
	if len(stems) == 3 {
		orders = [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}
	}
	for _, o := range orders {
		var b strings.Builder
		for _, i := range o {
			b.WriteString(stems[i])
		}
		if slices.ContainsFunc(slug, func(w string) bool { return strings.HasPrefix(w, b.String()) }) {
			return true
		}
	}
	return false
}

// minJoinedName is the fewest letters of a key's stems written together
// that ownName compares with the words of a client's id.
const minJoinedName = 6

// legalForms are the stems of company legal forms that follow a name
// ("Ltd", "LLC", "Pty", "Ltda", "ME").
var legalForms = map[string]bool{
	"ltd": true, "llc": true, "inc": true, "pti": true, "pty": true, "plc": true, "corp": true, "co": true, "gmbh": true,
	"ltda": true, "me": true, "eireli": true, "sa": true, "s/a": true, "epp": true,
}

// named reports whether a label holds a name or acronym ("WhatsApp",
// "ERP"): a name is specific however often a client writes it.
func named(label string) bool { return strings.ContainsFunc(label, unicode.IsUpper) }

// present returns the keys that counts holds.
func present(keys []string, counts map[string]int) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if counts[k] > 0 {
			out = append(out, k)
		}
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

package index

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits of CompareQuery.
const (
	DefaultCompareLimit = 20
	MaxCompareLimit     = 100
)

// Families of the features a Comparison tests.
const (
	FamilyTheme  = "theme"
	FamilyCue    = "cue"
	FamilyEntity = "entity"
)

// CompareQuery asks what sets one client apart from the other clients in
// scope.
type CompareQuery struct {
	// Client is the client compared; required.
	Client string
	// Clients is the caller's scope, empty for all. A Client outside it is
	// ErrNotFound; clients outside it are never counted or named.
	Clients []string
	// Since and Until bound the period compared, [Since, Until); zero
	// bounds are open. "Never raised" (Comparison.Missing) looks at all of
	// the client's history whatever the period.
	Since, Until time.Time
	// Limit is the most features in each list: 0 means
	// DefaultCompareLimit, at most MaxCompareLimit.
	Limit int
	// Alpha and MinCount are AssessSurges' parameters; 0 means
	// DefaultAlpha and DefaultMinCount.
	Alpha    float64
	MinCount int
}

// Comparison is the answer of Index.Compare.
type Comparison struct {
	Client string    `json:"client"`
	Since  time.Time `json:"since,omitzero"`
	Until  time.Time `json:"until,omitzero"`
	// Documents and OtherDocuments are the exposures: the client's
	// documents in the period and those of the other clients in scope;
	// OtherClients counts those clients.
	Documents      int     `json:"documents"`
	OtherDocuments int     `json:"other_documents"`
	OtherClients   int     `json:"other_clients"`
	Alpha          float64 `json:"alpha"`
	MinCount       int     `json:"min_count"`
	// Tested is how many features (themes, cues and entities together)
	// had enough mentions to be tested: the number of hypotheses the
	// Benjamini–Hochberg adjustment accounts for.
	Tested int `json:"tested"`
	// Themes, Cues and Entities are the features the client raises
	// significantly more than the others, smallest adjusted p-value first.
	Themes   []Distinct `json:"themes"`
	Cues     []Distinct `json:"cues"`
	Entities []Distinct `json:"entities"`
	// Missing are themes other clients raise that this client never has,
	// the most widely raised first.
	Missing []MissingTheme `json:"missing"`
}

// Distinct is one feature a client raises more than the others; see
// Index.Compare for the statistic.
type Distinct struct {
	Family string  `json:"family"`
	Key    string  `json:"key"`
	Label  string  `json:"label"`
	Count  int     `json:"count"`  // the client's mentions (documents, for entities)
	Others int     `json:"others"` // the other clients' mentions (documents, for entities)
	Lift   float64 `json:"lift"`   // smoothed rate ratio, client over others, per document
	P      float64 `json:"p"`
	Q      float64 `json:"q"`
}

// MissingTheme is a theme other clients raise that the client never has.
type MissingTheme struct {
	Key     string `json:"key"`
	Label   string `json:"label"`
	Others  int    `json:"others"`  // mentions by other clients in the period
	Clients int    `json:"clients"` // how many other clients raise it
}

// Compare returns the themes, cues and entities q.Client raises
// significantly more than the other clients in scope, and the themes the
// others raise that it never has.
//
// The statistic is AssessSurges' with the client in place of the window
// and the other clients in place of the baseline: conditional on a
// feature's n mentions in scope, each falls to the client with probability
// p0 = D_c / (D_c + D_o), its share of the documents; the p-value is the
// exact one-sided binomial tail P(X ≥ k), X ~ Binomial(n, p0), for the
// client's k mentions. Features with n ≥ MinCount are tested, the p-values
// of all three families adjusted together with Benjamini–Hochberg; a
// feature is reported when its adjusted p-value is below Alpha, its lift
// above 1 and k ≥ MinCount. Themes and cues are counted over need records
// that are not negated and not an agent's (as Emerging does); entities
// over documents, each counting once per entity value, leaving out values
// with digits, e-mail addresses and URLs (numbers, dates and amounts are
// one client's own by nature).
func (ix *Index) Compare(ctx context.Context, q CompareQuery) (*Comparison, error) {
	if err := ix.check(ctx); err != nil {
		return nil, fmt.Errorf("index: compare: %w", err)
	}
	if q.Client == "" || (len(q.Clients) > 0 && !slices.Contains(q.Clients, q.Client)) {
		return nil, fmt.Errorf("index: compare %q: %w", q.Client, ErrNotFound)
	}
	c, err := ix.compare(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("index: compare %q: %w", q.Client, err)
	}
	return c, nil
}

// featureCounts are one family's counts: the client's and everyone's in
// scope.
type featureCounts struct {
	family         string
	mine, everyone map[string]int
}

func (ix *Index) compare(ctx context.Context, q CompareQuery) (*Comparison, error) {
	out := &Comparison{Client: q.Client, Since: q.Since, Until: q.Until,
		Alpha: cmp.Or(q.Alpha, DefaultAlpha), MinCount: cmp.Or(q.MinCount, DefaultMinCount),
		Themes: []Distinct{}, Cues: []Distinct{}, Entities: []Distinct{}, Missing: []MissingTheme{}}
	limit := min(max(cmp.Or(q.Limit, DefaultCompareLimit), 1), MaxCompareLimit)
	period := ix.within(q.Since, q.Until)
	docs := and(termQuery(fieldType, typeDocument), period)
	if len(q.Clients) > 0 {
		docs = and(docs, anyTerm(fieldClient, q.Clients))
	}
	perClient, total, err := ix.termCounts(ctx, docs, fieldClient, maxClientsFacet)
	if err != nil {
		return nil, err
	}
	out.Documents = perClient[q.Client]
	out.OtherDocuments = int(total) - out.Documents
	out.OtherClients = len(perClient)
	if out.Documents > 0 {
		out.OtherClients--
	}
	families, err := ix.compareCounts(ctx, q, period, docs)
	if err != nil {
		return nil, err
	}
	ix.assessFamilies(out, families, limit)
	if err := ix.labelDistinct(ctx, out.Themes, q.Clients); err != nil {
		return nil, err
	}
	return out, ix.missing(ctx, out, q, period, families[0], limit)
}

// compareCounts counts the themes, cues and entities of the client and of
// everyone in scope, in that order.
func (ix *Index) compareCounts(ctx context.Context, q CompareQuery, period, docs query.Query) ([]featureCounts, error) {
	specs := []struct {
		family, field string
		mine, all     query.Query
	}{
		{FamilyTheme, fieldThemeKey, and(needScope(q.Client, q.Clients), period), and(needScope("", q.Clients), period)},
		{FamilyCue, fieldCue, and(needScope(q.Client, q.Clients), period), and(needScope("", q.Clients), period)},
		{FamilyEntity, fieldEntValue, and(docs, termQuery(fieldClient, q.Client)), docs},
	}
	var out []featureCounts
	for _, s := range specs {
		mine, _, err := ix.termCounts(ctx, s.mine, s.field, maxThemeTerms)
		if err != nil {
			return nil, err
		}
		all, _, err := ix.termCounts(ctx, s.all, s.field, maxThemeTerms)
		if err != nil {
			return nil, err
		}
		if s.family == FamilyEntity {
			dropIdentifiers(mine)
			dropIdentifiers(all)
		}
		out = append(out, featureCounts{family: s.family, mine: mine, everyone: all})
	}
	return out, nil
}

// dropIdentifiers removes entity values that name one thing of one client
// by nature: values with digits, e-mail addresses and URLs.
func dropIdentifiers(counts map[string]int) {
	for v := range counts {
		if strings.ContainsAny(v, "0123456789@") || strings.Contains(v, "://") {
			delete(counts, v)
		}
	}
}

// assessFamilies tests every feature of every family at once and fills
// out's lists with the significant ones.
func (ix *Index) assessFamilies(out *Comparison, families []featureCounts, limit int) {
	type feature struct{ family, key string }
	var fs []feature
	var s []Surge
	for _, f := range families {
		for _, k := range slices.Sorted(maps.Keys(f.everyone)) {
			fs = append(fs, feature{f.family, k})
			s = append(s, Surge{Recent: f.mine[k], Baseline: f.everyone[k] - f.mine[k],
				RecentExposure: float64(out.Documents), BaselineExposure: float64(out.OtherDocuments)})
		}
	}
	AssessSurges(s, out.Alpha, out.MinCount)
	lists := map[string]*[]Distinct{FamilyTheme: &out.Themes, FamilyCue: &out.Cues, FamilyEntity: &out.Entities}
	for i, x := range s {
		if x.Tested {
			out.Tested++
		}
		if !x.Significant {
			continue
		}
		l := lists[fs[i].family]
		*l = append(*l, Distinct{Family: fs[i].family, Key: fs[i].key, Label: fs[i].key, Count: x.Recent, Others: x.Baseline,
			Lift: round3(x.Lift), P: x.P, Q: x.Q})
	}
	for _, l := range lists {
		slices.SortFunc(*l, func(a, b Distinct) int {
			return cmp.Or(cmp.Compare(a.Q, b.Q), cmp.Compare(a.P, b.P), cmp.Compare(b.Lift, a.Lift), cmp.Compare(a.Key, b.Key))
		})
		*l = (*l)[:min(len(*l), limit)]
	}
}

// labelDistinct gives each theme its most used label.
func (ix *Index) labelDistinct(ctx context.Context, ds []Distinct, clients []string) error {
	if len(ds) == 0 {
		return nil
	}
	keys := make([]string, len(ds))
	for i, d := range ds {
		keys[i] = d.Key
	}
	labels, err := ix.ThemeLabels(ctx, keys, clients)
	if err != nil {
		return err
	}
	for i := range ds {
		ds[i].Label = cmp.Or(labels[ds[i].Key], ds[i].Key)
	}
	return nil
}

// missing fills out.Missing: themes of at least MinCount mentions by
// others in the period that the client never raised, at any time.
func (ix *Index) missing(ctx context.Context, out *Comparison, q CompareQuery, period query.Query, themes featureCounts, limit int) error {
	ever, _, err := ix.termCounts(ctx, needScope(q.Client, q.Clients), fieldThemeKey, maxThemeTerms)
	if err != nil {
		return err
	}
	others := map[string]int{}
	for k, n := range themes.everyone {
		if ever[k] == 0 && n >= out.MinCount {
			others[k] = n
		}
	}
	scope := needScope("", q.Clients)
	for _, k := range topKeys(others, 3*limit) {
		clients, _, err := ix.termCounts(ctx, and(scope, period, termQuery(fieldThemeKey, k)), fieldClient, maxClientsFacet)
		if err != nil {
			return err
		}
		out.Missing = append(out.Missing, MissingTheme{Key: k, Label: k, Others: others[k], Clients: len(clients)})
	}
	slices.SortFunc(out.Missing, func(a, b MissingTheme) int {
		return cmp.Or(cmp.Compare(b.Clients, a.Clients), cmp.Compare(b.Others, a.Others), cmp.Compare(a.Key, b.Key))
	})
	out.Missing = out.Missing[:min(len(out.Missing), limit)]
	keys := make([]string, len(out.Missing))
	for i, m := range out.Missing {
		keys[i] = m.Key
	}
	if len(keys) == 0 {
		return nil
	}
	labels, err := ix.ThemeLabels(ctx, keys, q.Clients)
	if err != nil {
		return err
	}
	for i := range out.Missing {
		out.Missing[i].Label = cmp.Or(labels[out.Missing[i].Key], out.Missing[i].Key)
	}
	return nil
}

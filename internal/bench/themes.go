package bench

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/ckmhq/ckm/index"
)

// ThemeTiming is how long the theme steps run at query time took on one
// ckm index: learning the theme table from every client's needs
// (index.Themes), one client's hints (grouping, folding and the
// commonness of the candidates' words in the client's documents), and the
// emerging themes of all clients. Each is the median of its rounds.
type ThemeTiming struct {
	Clients                 int
	Themes, Hints, Emerging time.Duration
}

// ThemeLatency times the theme steps of the ckm searcher s, rounds times
// each, hints asked for the client with the most documents in recs.
func ThemeLatency(ctx context.Context, s Searcher, recs []index.Record, rounds int) (ThemeTiming, error) {
	c, ok := s.(ckmSearcher)
	if !ok {
		return ThemeTiming{}, fmt.Errorf("bench: themes: %T is not a ckm searcher", s)
	}
	docs := map[string]int{}
	for _, r := range recs {
		docs[r.Document.Client]++
	}
	clients := slices.Sorted(maps.Keys(docs))
	if len(clients) == 0 {
		return ThemeTiming{}, fmt.Errorf("bench: themes: no records")
	}
	top := slices.MaxFunc(clients, func(a, b string) int { return docs[a] - docs[b] })
	t := ThemeTiming{Clients: len(clients)}
	steps := []struct {
		d  *time.Duration
		fn func() error
	}{
		{&t.Themes, func() error { _, err := c.ix.Themes(ctx, nil); return err }},
		{&t.Hints, func() error { _, err := c.ix.Hints(ctx, index.HintsQuery{Client: top}); return err }},
		{&t.Emerging, func() error { _, err := c.ix.Emerging(ctx, index.EmergingQuery{}); return err }},
	}
	for _, st := range steps {
		lat := make([]time.Duration, 0, max(rounds, 1))
		for range max(rounds, 1) {
			t0 := time.Now()
			if err := st.fn(); err != nil {
				return ThemeTiming{}, fmt.Errorf("bench: themes: %w", err)
			}
			lat = append(lat, time.Since(t0))
		}
		*st.d = Pct(lat, 50)
	}
	return t, nil
}

package index

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// dropOldWords returns the flagged themes of out less those that a name
// labels (every word capitalised) and that are keyed only by words
// everyone wrote before the window: each stem of the key in the documents
// of at least everywhereShare of the clients with documents then, when
// there are minEverywhereClients or more. The vendor's own name
// ("Hireloop"), which clients write from the first day, may key a few of
// one month's questions, but it is no new subject; an everyday word keying
// a new subject ("payment" for "pagar no Pix") stays. The dropped themes
// join Rising, not significant. One facet over clients per stem of a
// flagged name.
func (ix *Index) dropOldWords(ctx context.Context, out *Emerging, clients []string) ([]EmergingTheme, error) {
	if out.Client != "" {
		return out.Themes, nil
	}
	docs := []query.Query{termQuery(fieldType, typeDocument), ix.within(out.BaselineStart, out.WindowStart)}
	if len(clients) > 0 {
		docs = append(docs, anyTerm(fieldClient, clients))
	}
	var docsOf map[string]int
	old := func(stem string) (bool, error) {
		if docsOf == nil {
			var err error
			if docsOf, _, err = ix.termCounts(ctx, and(docs...), fieldClient, maxClientsFacet); err != nil {
				return false, err
			}
		}
		if len(docsOf) < minEverywhereClients {
			return false, nil
		}
		written, _, err := ix.termCounts(ctx, and(append(slices.Clone(docs), stemText(stem))...), fieldClient, maxClientsFacet)
		return float64(len(written)) >= everywhereShare*float64(len(docsOf)), err
	}
	kept := out.Themes[:0:0]
	for _, t := range out.Themes {
		stems := strings.Fields(t.Key)
		allOld := len(stems) > 0 && isName(t.Label)
		for i := 0; allOld && i < len(stems); i++ {
			o, err := old(stems[i])
			if err != nil {
				return nil, err
			}
			allOld = o
		}
		if !allOld {
			kept = append(kept, t)
			continue
		}
		t.Significant, t.NewAcross = false, false
		out.Rising = append(out.Rising, t)
	}
	return kept, nil
}

// isName reports whether every word of a label starts with a capital
// letter: "Hireloop", "Google Earth", not "pagar no Pix".
func isName(label string) bool {
	words := strings.Fields(label)
	for _, w := range words {
		if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) {
			return false
		}
	}
	return len(words) > 0
}

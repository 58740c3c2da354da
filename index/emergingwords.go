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

	"github.com/ckmhq/ckm/nlp"
)

// Themes new in the window, found by their words. A subject that starts
// spreading across clients ("carbon per load", "a pegada de carbono do
// transporte", "CO2e by month") is often stated as a need by one client
// only, under a key nlp reads from that client's wording ("carbon
// deliveri footprint"), while the others mention it in passing, in a
// question whose theme nlp read elsewhere, or in an account note. What
// they share is a word: one that no document in scope ever held before
// the window, and that the documents of minNewAcrossClients clients hold
// in it. newWords finds such words among the stems of the window's need
// keys and files every window key holding the word under one theme, the
// word itself; newAcross then flags it as new across clients, counting
// the clients whose documents say it. The earlier documents are the test
// that keeps this honest: everyday words, names of the vendor's own
// features and anything a client said before the window have been
// written before.

// minNewWordNeeds is the fewest clients that must raise a new word's
// theme as a need (the others may only write the word).
const minNewWordNeeds = 1

// minNewLabelNeeds is the fewest clients that must raise a new word's
// theme as a need when only the labels of broad seed topics hold the word
// (seedLabelStems): a label's words are looser than a key's ("a discount
// in recognition", "a proposta").
const minNewLabelNeeds = 2

// newWords returns table with the need keys of the window that hold a new
// word filed under that word, and for each such theme the clients whose
// documents in [since, until) hold it. window selects the need records of
// the window; inWindow and earlier count them by candidate key, in the
// window and in all the history before it; clients is the caller's scope.
// Keys filed under a seed topic or a theme an admin corrected are left
// where they are. It returns table itself when no word is new.
func (ix *Index) newWords(ctx context.Context, table *ThemeTable, window query.Query, inWindow, earlier map[string]int, clients []string, since, until time.Time) (*ThemeTable, map[string][]string, error) {
	old := map[string]bool{}
	for k := range earlier {
		for _, s := range strings.Fields(k) {
			old[s] = true
		}
	}
	keysOf, mentions := map[string][]string{}, map[string]int{}
	for k, n := range inWindow {
		canon := table.Canonical(k)
		if _, seed := nlp.SeedTheme(canon); seed || table.corrected(canon, table.Members(canon)) {
			continue // a seed topic's keys are one theme already
		}
		for _, s := range specificStems(k, nil) {
			if !old[s] {
				keysOf[s] = append(keysOf[s], k)
				mentions[s] += n
			}
		}
	}
	labelled, err := ix.seedLabelStems(ctx, table, window, inWindow, old, mentions)
	if err != nil {
		return nil, nil, err
	}
	stems := slices.Collect(maps.Keys(keysOf))
	for s := range labelled {
		if _, ok := keysOf[s]; !ok {
			stems = append(stems, s)
		}
	}
	slices.SortFunc(stems, func(a, b string) int { return cmp.Or(cmp.Compare(mentions[b], mentions[a]), cmp.Compare(a, b)) })
	stems = stems[:min(len(stems), maxJoinedNew)]
	t, words := table, map[string][]string{}
	moved := map[string]bool{}
	for _, s := range stems {
		raised := map[string]int{}
		if len(keysOf[s]) > 0 {
			if raised, _, err = ix.termCounts(ctx, and(window, anyTerm(fieldThemeKey, keysOf[s])), fieldClient, maxClientsFacet); err != nil {
				return nil, nil, err
			}
		}
		for _, m := range labelled[s] {
			raised[m.client]++
		}
		if len(raised) < minNewWordNeeds || (len(keysOf[s]) == 0 && len(raised) < minNewLabelNeeds) {
			continue
		}
		said, err := ix.docClients(ctx, s, clients, time.Time{}, since)
		if err != nil {
			return nil, nil, err
		}
		if len(said) > 0 {
			continue // written before the window
		}
		if said, err = ix.docClients(ctx, s, clients, since, until); err != nil {
			return nil, nil, err
		}
		if len(keysOf[s]) == 0 && len(said) < minNewLabelNeeds {
			continue // a label's word the documents do not hold as written ("relatório" read as English)
		}
		maps.Copy(said, raised)
		if len(said) < minNewAcrossClients {
			continue
		}
		if t == table {
			t = table.clone()
		}
		why := fmt.Sprintf("new in the window: %q is in no earlier document and in those of %d clients", s, len(said))
		for _, k := range keysOf[s] {
			if !moved[k] {
				moved[k] = true
				t.file(k, s, why)
			}
		}
		for _, m := range labelled[s] {
			if _, ok := t.recordFrom[m.id]; !ok {
				if t.records == nil {
					t.records, t.recordFrom = map[string][]string{}, map[string]string{}
				}
				t.records[s] = append(t.records[s], m.id)
				t.recordFrom[m.id] = m.seed
				if len(keysOf[s]) == 0 && t.why[s] == "" {
					t.why[s] = why
				}
			}
		}
		words[s] = slices.Sorted(maps.Keys(said))
	}
	return t, words, nil
}

// seedMention is a window mention of a broad seed topic.
type seedMention struct {
	mention
	seed string // its theme's canonical key
}

// seedLabelStems returns the window's mentions of broad seed topics by
// the stems of their labels that no earlier key holds (old), adding them
// to mentions. A broad seed topic files every wording of its area under
// one key ("carbon report" and "relatório de emissões" are both
// reporting), so a subject new in the window that clients ask a report,
// an export or an invoice line for shows only in the labels.
func (ix *Index) seedLabelStems(ctx context.Context, table *ThemeTable, window query.Query, inWindow map[string]int, old map[string]bool, mentions map[string]int) (map[string][]seedMention, error) {
	keysOf := map[string][]string{} // broad seed topic → its keys in the window
	for k := range inWindow {
		canon := table.Canonical(k)
		if nlp.IsGenericSeed(canon) && !table.corrected(canon, table.Members(canon)) {
			keysOf[canon] = append(keysOf[canon], k)
		}
	}
	out := map[string][]seedMention{}
	for _, canon := range slices.Sorted(maps.Keys(keysOf)) {
		ms, _, err := ix.mentions(ctx, and(window, anyTerm(fieldThemeKey, keysOf[canon])), maxWindowMentions, false)
		if err != nil {
			return nil, err
		}
		own := nlp.SeedWordStems(canon) // "a discount in recognition" is pricing's own word
		for _, m := range ms {
			for _, s := range slices.Sorted(maps.Keys(labelStems(m.theme))) {
				if !old[s] && !own[s] {
					out[s] = append(out[s], seedMention{m, canon})
					mentions[s]++
				}
			}
		}
	}
	return out, nil
}

// docClients returns the clients in scope (all when clients is empty)
// whose documents dated in [since, until) hold the stem in their text,
// in either language: the stem itself, or, for a concept's stem, the
// stem of any of its words in their language (nlp.ConceptForms).
func (ix *Index) docClients(ctx context.Context, stem string, clients []string, since, until time.Time) (map[string]int, error) {
	qs := []query.Query{termQuery(fieldType, typeDocument), ix.within(since, until), stemText(stem)}
	if len(clients) > 0 {
		qs = append(qs, anyTerm(fieldClient, clients))
	}
	out, _, err := ix.termCounts(ctx, and(qs...), fieldClient, maxClientsFacet)
	return out, err
}

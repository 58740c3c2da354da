package index

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/ckmhq/ckm/nlp"
)

// texts caches the evidence of need records, text and context, by record
// ID for one hints answer, so that the folds and the evidence read each
// document once.
type texts map[string]Evidence

// fillCached sets the Text and Context of ev from the cache, loading what
// it lacks in one fillText.
func (ix *Index) fillCached(ctx context.Context, ev []Evidence, cache texts) error {
	var missing []Evidence
	for _, e := range ev {
		if _, ok := cache[e.ID]; !ok {
			missing = append(missing, e)
		}
	}
	if len(missing) > 0 {
		if err := ix.fillText(ctx, missing); err != nil {
			return err
		}
		for _, e := range missing {
			cache[e.ID] = e
		}
	}
	for i := range ev {
		c := cache[ev[i].ID]
		ev[i].Text, ev[i].Context = c.Text, c.Context
	}
	return nil
}

// foldSentences folds a theme that is only context into the need its
// sentences state: a candidate raised only by implied cues (a budget, a
// renewal, pain) in at most maxEvidence documents, every mention of which
// is in a sentence that also gives an explicit need of another candidate
// or a mention of a stronger one, folds into such a candidate (one with an
// explicit need first, then the strongest), which keeps its key and label.
// "Their contract is up in June and he'll have to justify the spend" is a
// renewal said in the e-mail that asks for a spend summary; "Harbor wants
// facial recognition at clock-in; the GM will not sign off on next year's
// budget without it" is a request for facial recognition, the budget
// being why. One sentence then gives the client's hints one theme,
// however many cues it holds. An admin's label or split stands. The text
// of the mentions in the documents concerned is loaded into cache, in one
// search.
func (ix *Index) foldSentences(ctx context.Context, cands []candidate, table *ThemeTable, now time.Time, cache texts) ([]candidate, error) {
	docs := map[string]bool{}
	for _, c := range cands {
		if contextOnly(c, table) {
			for _, m := range c.ms {
				docs[m.docID] = true
			}
		}
	}
	if len(docs) == 0 {
		return cands, nil
	}
	var ev []Evidence
	seen := map[string]bool{}
	for _, c := range cands {
		for _, m := range c.ms {
			if docs[m.docID] && !seen[m.id] {
				seen[m.id] = true
				ev = append(ev, toEvidence(m))
			}
		}
	}
	if err := ix.fillCached(ctx, ev, cache); err != nil {
		return nil, err
	}
	sentence := func(m mention) string {
		if cache[m.id].Text == "" {
			return "" // no text (the document was deleted): covers nothing
		}
		return m.docID + "\x00" + cache[m.id].Text
	}
	out := slices.Clone(cands)
	gone := make([]bool, len(out))
	order := make([]int, len(out)) // weakest first, so that what folds may fold again
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return stronger(out[b], out[a]) })
	for _, i := range order {
		c := out[i]
		if !contextOnly(c, table) {
			continue
		}
		into := -1
		for j, k := range out {
			if j == i || gone[j] || (k.h.Kinds[nlp.KindExplicit] == 0 && !outranks(k, c)) || !coversSentences(k.ms, c.ms, sentence) {
				continue
			}
			if into < 0 || foldTarget(k, out[into]) {
				into = j
			}
		}
		if into >= 0 {
			out[into].absorb(c, now)
			gone[i] = true
		}
	}
	kept := out[:0]
	for i, c := range out {
		if !gone[i] {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// stronger compares two candidates by score, then mentions: positive
// when a is the stronger.
func stronger(a, b candidate) int {
	return cmp.Or(cmp.Compare(a.h.Score, b.h.Score), cmp.Compare(a.count, b.count))
}

// outranks reports whether a theme without an explicit need may take in
// c, a context-only theme of the same sentences: when it is stronger, or
// as strong and c is a seed topic while it is not, a seed topic being the
// broad frame of a sentence ("renewal" in "their contract is up in June
// and he asked why they pay for us and for CareDesk") and a learned theme
// or a name what it is about.
func outranks(k, c candidate) bool {
	switch d := stronger(k, c); {
	case d != 0:
		return d > 0
	default:
		_, kSeed := nlp.SeedTheme(k.key)
		_, cSeed := nlp.SeedTheme(c.key)
		return cSeed && !kSeed
	}
}

// foldTarget reports whether k is a better theme to fold into than best:
// one with an explicit need over one without, then the stronger.
func foldTarget(k, best candidate) bool {
	if ke, be := k.h.Kinds[nlp.KindExplicit] > 0, best.h.Kinds[nlp.KindExplicit] > 0; ke != be {
		return ke
	}
	return stronger(k, best) > 0
}

// contextOnly reports whether a candidate may fold into the need its
// sentences state (see foldSentences): raised by no explicit need, in at
// most maxEvidence documents, and not labelled or split by an admin.
func contextOnly(c candidate, table *ThemeTable) bool {
	if _, fixed := table.Label(c.key); fixed {
		return false
	}
	return c.h.Kinds[nlp.KindExplicit] == 0 && c.h.Documents <= maxEvidence && len(c.ms) > 0
}

// coversSentences reports whether every mention of ms is in a sentence
// that some mention of in is also in.
func coversSentences(in, ms []mention, sentence func(mention) string) bool {
	have := map[string]bool{}
	for _, m := range in {
		if s := sentence(m); s != "" {
			have[s] = true
		}
	}
	for _, m := range ms {
		if s := sentence(m); s == "" || !have[s] {
			return false
		}
	}
	return true
}

// evidenceStems compares the evidence of a client's themes by their
// content words (nlp.ContentStems), leaving out the client's common stems
// (see Index.commonStems). Stems are computed once per evidence text.
type evidenceStems struct {
	common map[string]bool
	memo   map[string]map[string]bool
	all    map[string][]string // text → all its content stems
}

// stems returns all the content stems of text, common or not.
func (w *evidenceStems) stems(text string) []string {
	if w.all == nil {
		w.all = map[string][]string{}
	}
	st, ok := w.all[text]
	if !ok {
		st = nlp.ContentStems(text)
		w.all[text] = st
	}
	return st
}

// says reports whether text holds a content stem of a mention's theme
// label, common or not; a mention without a label says it trivially.
func (w *evidenceStems) says(label, text string) bool {
	ls := w.stems(label)
	if len(ls) == 0 {
		return true
	}
	ts := w.stems(text)
	return slices.ContainsFunc(ls, func(s string) bool { return slices.Contains(ts, s) })
}

// of returns the specific content stems of the evidence es.
func (w *evidenceStems) of(es []Evidence) map[string]bool {
	if w.memo == nil {
		w.memo = map[string]map[string]bool{}
	}
	out := map[string]bool{}
	for _, e := range es {
		st, ok := w.memo[e.Text]
		if !ok {
			st = map[string]bool{}
			for _, s := range w.stems(e.Text) {
				if !w.common[s] {
					st[s] = true
				}
			}
			w.memo[e.Text] = st
		}
		for s := range st {
			out[s] = true
		}
	}
	return out
}

// minSharedStems is how many specific content stems a context-only theme's
// evidence must share with a stronger theme's evidence to fold into it,
// when none of them is a stem of that theme's keys.
const minSharedStems = 2

// related returns the index into kept of the theme whose evidence (texts,
// parallel to kept) the evidence own is most about: one a specific stem
// of whose learned keys own holds ("saldo de horas numa planilha
// separada" and a theme keyed "bank sald"), or whose evidence shares at
// least minSharedStems specific content stems with own ("split", "cost"
// in "the spreadsheet finance uses to split costs by depot" and "cost
// reporting split by depot"). The most shared stems win, a key's stem
// counting as minSharedStems; ties go to the stronger theme. -1 when none
// is related.
func (w *evidenceStems) related(own []Evidence, kept []candidate, texts [][]Evidence) int {
	mine := w.of(own)
	if len(mine) == 0 {
		return -1
	}
	best, bestN := -1, 0
	for j, k := range kept {
		n := 0
		for s := range w.of(texts[j]) {
			if mine[s] {
				n++
			}
		}
		if slices.ContainsFunc(k.keys, func(key string) bool {
			return slices.ContainsFunc(specificStems(key, w.common), func(s string) bool { return mine[s] })
		}) {
			n += minSharedStems
		}
		if n >= minSharedStems && n > bestN {
			best, bestN = j, n
		}
	}
	return best
}

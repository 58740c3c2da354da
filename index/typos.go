package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/ckmhq/ckm/nlp"
)

// Typo tolerance. A query word that none of the caller's documents holds
// (exactly or by stem) is looked up, as typed, in the dictionary of the
// words people wrote (fieldWords, not stems): words of at least
// fuzzyMin1 letters tolerate one edit, of at least fuzzyMin2 letters two,
// and the first letter must match. The few nearest candidates that occur in
// the caller's documents are searched as extra words weighted fuzzyBoost,
// so that exact and stemmed matches rank first, and the answer lists them
// (Result.Expansions).
//
// Every decision sees only the caller's clients: whether a word is known,
// and which variants exist. A scoped caller thus learns nothing about the
// words of other clients' documents.
const (
	fuzzyMin1  = 5
	fuzzyMin2  = 8
	fuzzyBoost = 0.2
	// fuzzyMax is the longest word (in letters) that tolerates typos:
	// building the automaton of a longer word costs out of proportion
	// (about 100 ms at 64 letters), and no real word needs it.
	fuzzyMax = 24
	// maxTypoVariants is the most variants one word expands to.
	maxTypoVariants = 4
	// maxTypoChecks bounds the candidates checked against the scope.
	maxTypoChecks = 16
	// maxTypoCandidates bounds the dictionary entries read per word.
	maxTypoCandidates = 512
	// minTypoTerm is the fewest letters of a variant: one edit from a
	// word of fuzzyMin1 letters, two from one of fuzzyMin2, leave at
	// least min(fuzzyMin1-1, fuzzyMin2-2). fieldWords holds no shorter
	// word, the commonest ones, whose postings would be most of its
	// size.
	minTypoTerm = min(fuzzyMin1-1, fuzzyMin2-2)
)

// Fuzziness is the edit distance a query word tolerates as typed: 0 for
// short and very long words and words with anything but letters
// (numbers, references), 1 from five letters, 2 from eight. The API
// prices a query's cost with it.
func Fuzziness(w string) int {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return 0
		}
	}
	switch n := utf8.RuneCountInString(w); {
	case n > fuzzyMax:
		return 0
	case n >= fuzzyMin2:
		return 2
	case n >= fuzzyMin1:
		return 1
	}
	return 0
}

// typos returns the variants of word w in the documents that scope
// selects, nearest first, or nil when those documents hold w itself
// (known) or w tolerates no typo. Two neighbouring letters swapped count
// one edit (nlp.TypoDistance): "audti" finds "audit".
func (ix *Index) typos(ctx context.Context, scope []query.Query, w string) (variants []string, known bool, err error) {
	fz := Fuzziness(w)
	if fz == 0 {
		return nil, false, nil
	}
	if ok, err := ix.holds(ctx, scope, w); err != nil || ok {
		return nil, ok, err
	}
	key := nlp.Fold(strings.ToLower(w))
	cands, err := ix.fuzzyTerms(key, fz)
	if err != nil {
		return nil, false, err
	}
	type variant struct {
		word    string
		dist, n int
	}
	var found []variant
	for i, c := range cands {
		if i == maxTypoChecks {
			break
		}
		n, err := ix.countIn(ctx, scope, termQuery(fieldWords, c))
		if err != nil {
			return nil, false, err
		}
		if n > 0 {
			found = append(found, variant{c, nlp.TypoDistance(key, c), int(n)})
		}
	}
	slices.SortStableFunc(found, func(a, b variant) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(b.n, a.n), strings.Compare(a.word, b.word))
	})
	var out []string
	for _, v := range found[:min(len(found), maxTypoVariants)] {
		out = append(out, v.word)
	}
	return out, false, nil
}

// fuzzyTerms returns the terms of fieldWords within fz edits of key that
// start with its first letter, nearest first. An index without fieldWords
// has none.
func (ix *Index) fuzzyTerms(key string, fz int) ([]string, error) {
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, ix.mapErr(err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, ix.mapErr(err)
	}
	defer r.Close()
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return nil, fmt.Errorf("typos: index reader %T has no fuzzy dictionary", r)
	}
	first, _ := utf8.DecodeRuneInString(key)
	d, err := fr.FieldDictFuzzy(fieldWords, key, fz, string(first))
	if err != nil {
		return nil, fmt.Errorf("typos: %w", err)
	}
	defer d.Close()
	var out []string
	for len(out) < maxTypoCandidates {
		e, err := d.Next()
		if err != nil {
			return nil, fmt.Errorf("typos: %w", err)
		}
		if e == nil {
			break
		}
		if e.Term != key {
			out = append(out, e.Term)
		}
	}
	// A swap of two letters is one typo but two edits to the automaton.
	// Asking it for two edits reads far more of the dictionary, and its
	// first maxTypoCandidates entries may then hold no one-edit word, so
	// a word of one edit looks up its swaps instead: at most a word's
	// length of exact lookups.
	if fz == 1 {
		for _, sw := range swaps(key) {
			if slices.Contains(out, sw) {
				continue
			}
			tr, err := r.TermFieldReader(context.Background(), []byte(sw), fieldWords, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("typos: %w", err)
			}
			if tr.Count() > 0 {
				out = append(out, sw)
			}
			tr.Close()
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(nlp.TypoDistance(key, a), nlp.TypoDistance(key, b)) })
	return out, nil
}

// swaps returns key with each pair of neighbouring letters swapped,
// keeping the first letter in place (fuzzyTerms' candidates share it).
func swaps(key string) []string {
	rs := []rune(key)
	var out []string
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == rs[i+1] {
			continue
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
		out = append(out, string(rs))
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	return out
}

// holds reports whether a document record within scope holds w in a
// search field (wordQuery). A search of every document asks the term
// dictionaries alone, when w is one term in every field (only document
// records have search fields, and a dictionary's counts leave deleted
// records out); a scoped one, or a word of several terms, is searched.
func (ix *Index) holds(ctx context.Context, scope []query.Query, w string) (bool, error) {
	if len(scope) != 1 { // more than the record type
		return ix.anyIn(ctx, scope, wordQuery(w, nil))
	}
	terms := make(map[string]string, len(searchFields))
	for _, f := range searchFields {
		switch ts := ix.tokens(fieldAnalyzers[f], w); len(ts) {
		case 0:
		case 1:
			terms[f] = ts[0]
		default:
			return ix.anyIn(ctx, scope, wordQuery(w, nil))
		}
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return false, ix.mapErr(err)
	}
	r, err := adv.Reader()
	if err != nil {
		return false, ix.mapErr(err)
	}
	defer r.Close()
	for _, f := range searchFields {
		t, ok := terms[f]
		if !ok {
			continue
		}
		tr, err := r.TermFieldReader(ctx, []byte(t), f, false, false, false)
		if err != nil {
			return false, fmt.Errorf("typos: %w", err)
		}
		n := tr.Count()
		tr.Close()
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}

// countIn counts the document records that q matches within scope.
func (ix *Index) countIn(ctx context.Context, scope []query.Query, q query.Query) (uint64, error) {
	res, err := ix.bleve.SearchInContext(ctx, bleve.NewSearchRequestOptions(scoped(scope, q), 0, 0, false))
	if err != nil {
		return 0, ix.mapErr(err)
	}
	return res.Total, nil
}

// anyIn reports whether q matches a document record within scope. It
// stops at the first match (unscored, Bleve's early stop), where countIn
// reads them all: a common word has thousands.
func (ix *Index) anyIn(ctx context.Context, scope []query.Query, q query.Query) (bool, error) {
	req := bleve.NewSearchRequestOptions(scoped(scope, q), 1, 0, false)
	req.Score = bleve.ScoreNone
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return false, ix.mapErr(err)
	}
	return len(res.Hits) > 0, nil
}

// scoped is q filtered by scope.
func scoped(scope []query.Query, q query.Query) query.Query {
	bq := query.NewBooleanQuery([]query.Query{q}, nil, nil)
	bq.Filter = bleve.NewConjunctionQuery(scope...)
	return bq
}

package index

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Highlighting without term vectors. Bleve's highlighter marks the
// locations its term searchers read from the index's term vectors, which
// makes every search decode the locations of every match and every index
// keep them. Only the page's hits are shown, so the text fields keep no
// term vectors: the stored text of each hit shown is analysed again, and
// the locations Bleve would have read are found in it: every term of a
// word's clause (all of them, as the clause requires), and the terms of a
// phrase where the whole phrase occurs. Bleve's html highlighter then
// picks and formats the fragment from those locations, as it did from
// the index's.

// highlightTerms are the terms a query matches in each text field.
type highlightTerms struct {
	// all are groups of terms that match only together (a word's
	// clause: each of its terms is required); phrases are sequences of
	// terms by relative position, a nil slot matching any term.
	all     map[string][][]string
	phrases map[string][][][]string
}

// highlightTermsOf walks q as Bleve runs it: the required and optional
// clauses of boolean queries, every clause of conjunctions and
// disjunctions; never excluded clauses or filters, whose searchers read
// no locations.
func (ix *Index) highlightTermsOf(q query.Query) *highlightTerms {
	ht := &highlightTerms{all: map[string][][]string{}, phrases: map[string][][][]string{}}
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.BooleanQuery:
			if q.Must != nil {
				walk(q.Must)
			}
			if q.Should != nil {
				walk(q.Should)
			}
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		case *query.DisjunctionQuery:
			for _, d := range q.Disjuncts {
				walk(d)
			}
		case *query.MatchQuery:
			if ts := ix.analyzeField(q.FieldVal, q.Match); len(ts) > 0 {
				terms := make([]string, 0, len(ts))
				for _, t := range ts {
					terms = append(terms, string(t.Term))
				}
				if q.Operator != query.MatchQueryOperatorAnd {
					for _, t := range terms {
						ht.all[q.FieldVal] = append(ht.all[q.FieldVal], []string{t})
					}
				} else {
					ht.all[q.FieldVal] = append(ht.all[q.FieldVal], terms)
				}
			}
		case *query.MatchPhraseQuery:
			if ts := ix.analyzeField(q.FieldVal, q.MatchPhrase); len(ts) > 0 {
				ht.phrases[q.FieldVal] = append(ht.phrases[q.FieldVal], phraseOf(ts))
			}
		case *query.TermQuery:
			if _, ok := fieldAnalyzers[q.FieldVal]; ok {
				ht.all[q.FieldVal] = append(ht.all[q.FieldVal], []string{q.Term})
			}
		}
	}
	walk(q)
	return ht
}

// analyzeField analyses text as field f is analysed; nil for a field
// that is not a text field.
func (ix *Index) analyzeField(f, text string) analysis.TokenStream {
	name, ok := fieldAnalyzers[f]
	if !ok {
		return nil
	}
	a := ix.bleve.Mapping().AnalyzerNamed(name)
	if a == nil {
		return nil
	}
	return a.Analyze([]byte(text))
}

// phraseOf is Bleve's phrase of a token stream: terms by position from
// the first, nil where a stop word was.
func phraseOf(ts analysis.TokenStream) [][]string {
	first, last := ts[0].Position, ts[0].Position
	for _, t := range ts {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range ts {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// fragments returns the highlighted fragment of each text field of hit,
// in textFields order, as Bleve's html highlighter writes them.
func (ix *Index) fragments(ht *highlightTerms, hit *search.DocumentMatch) ([]string, error) {
	hl, err := bleve.Config.Cache.HighlighterNamed(html.Name)
	if err != nil {
		return nil, err
	}
	texts, err := hitTexts(hit)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range textFields {
		text := texts[f]
		if text == "" {
			continue
		}
		frags := fieldFragments(hl, f, text, ix.analyzeField(f, text), ht)
		out = append(out, frags...)
	}
	return out, nil
}

// hitTexts returns the text of each text field of hit: stored, in indexes
// created before the text fields were not, else what indexedFields made
// of the record's text (in hit.Fields).
func hitTexts(hit *search.DocumentMatch) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range textFields {
		if text, _ := hit.Fields[f].(string); text != "" {
			out[f] = text
		}
	}
	stored, _ := hit.Fields[fieldRecord].(string)
	if len(out) > 0 || stored == "" {
		return out, nil
	}
	rec, err := decodeText([]byte(stored))
	if err != nil {
		return nil, fmt.Errorf("highlight %q: %w", hit.ID, err)
	}
	for lang, text := range textByLanguage(&rec) {
		out[textFieldFor(lang)] = text
	}
	return out, nil
}

// fieldFragments highlights the text of field f, whose tokens are ts.
// Bleve highlights every field asked for that has stored text, with or
// without a match (a fragment from its start then).
func fieldFragments(hl highlight.Highlighter, f, text string, ts analysis.TokenStream, ht *highlightTerms) []string {
	// Only the tokens of the query's terms are kept.
	wanted := map[string]bool{}
	for _, group := range ht.all[f] {
		for _, term := range group {
			wanted[term] = true
		}
	}
	for _, ph := range ht.phrases[f] {
		for _, terms := range ph {
			for _, term := range terms {
				wanted[term] = true
			}
		}
	}
	byTerm := map[string][]*analysis.Token{}
	byPos := map[int]*analysis.Token{}
	for _, t := range ts {
		if wanted[string(t.Term)] {
			byTerm[string(t.Term)] = append(byTerm[string(t.Term)], t)
			byPos[t.Position] = t
		}
	}
	tlm := search.TermLocationMap{}
	seen := map[*analysis.Token]bool{}
	add := func(t *analysis.Token) {
		if !seen[t] {
			seen[t] = true
			tlm.AddLocation(string(t.Term), &search.Location{Pos: uint64(t.Position), Start: uint64(t.Start), End: uint64(t.End)})
		}
	}
	for _, group := range ht.all[f] {
		if !slices.ContainsFunc(group, func(term string) bool { return len(byTerm[term]) == 0 }) {
			for _, term := range group {
				for _, t := range byTerm[term] {
					add(t)
				}
			}
		}
	}
	for _, ph := range ht.phrases[f] {
		for _, start := range ts {
			if byPos[start.Position] != start {
				continue // not a term of the query
			}
			if match := phraseAt(ph, start.Position, byPos); match != nil {
				for _, t := range match {
					add(t)
				}
			}
		}
	}
	dm := &search.DocumentMatch{Locations: search.FieldTermLocationMap{f: tlm}}
	doc := document.NewDocument("")
	doc.AddField(document.NewTextField(f, nil, []byte(text)))
	return hl.BestFragmentsInField(dm, doc, f, 1)
}

// phraseAt returns the tokens of phrase ph when it occurs from position
// pos, or nil.
func phraseAt(ph [][]string, pos int, byPos map[int]*analysis.Token) []*analysis.Token {
	var out []*analysis.Token
	for i, terms := range ph {
		if len(terms) == 0 {
			continue
		}
		t := byPos[pos+i]
		if t == nil || !slices.Contains(terms, string(t.Term)) {
			return nil
		}
		out = append(out, t)
	}
	return out
}

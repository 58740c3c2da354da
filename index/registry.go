package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/token/length"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/ckmhq/ckm/nlp"
)

// This file is the one place that registers ckm's analysis components with
// Bleve's global registry. The names are written into every index's mapping
// on disk, so they must never change meaning: a change to what they produce
// needs a re-index.

// Names of the registered token filters and analyzers.
const (
	filterStemEN = "ckm_stem_en" // nlp.Stem(nlp.English, term)
	filterStemPT = "ckm_stem_pt" // nlp.Stem(nlp.Portuguese, term)
	filterFold   = "ckm_fold"    // nlp.Stem(nlp.Unknown, term): lowercase and fold
	filterTypo   = "ckm_typo"    // terms of at least minTypoTerm letters

	analyzerEN    = "ckm_en"    // unicode → to_lower → stop_en → ckm_stem_en
	analyzerPT    = "ckm_pt"    // unicode → to_lower → stop_pt → ckm_stem_pt
	analyzerUnd   = "ckm_und"   // unicode → to_lower → ckm_fold
	analyzerWords = "ckm_words" // unicode → to_lower → ckm_fold → ckm_typo
)

func init() {
	must(registry.RegisterTokenFilter(filterStemEN, stemFilterConstructor(nlp.English)))
	must(registry.RegisterTokenFilter(filterStemPT, stemFilterConstructor(nlp.Portuguese)))
	must(registry.RegisterTokenFilter(filterFold, stemFilterConstructor(nlp.Unknown)))
	must(registry.RegisterAnalyzer(analyzerEN, analyzerConstructor(en.StopName, filterStemEN)))
	must(registry.RegisterAnalyzer(analyzerPT, analyzerConstructor(pt.StopName, filterStemPT)))
	must(registry.RegisterAnalyzer(analyzerUnd, analyzerConstructor(filterFold)))
	must(registry.RegisterTokenFilter(filterTypo, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return length.NewLengthFilter(minTypoTerm, 0), nil
	}))
	must(registry.RegisterAnalyzer(analyzerWords, analyzerConstructor(filterFold, filterTypo)))
}

func must(err error) {
	if err != nil {
		panic(fmt.Sprintf("index: register analysis component: %v", err))
	}
}

// stemFilter replaces every term by nlp.Stem of it in one language, the
// same function nlp uses, so index and query keys agree with the analysis.
// Terms that stem to nothing are dropped.
type stemFilter struct {
	lang nlp.Language
}

func (f stemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		s := nlp.Stem(f.lang, string(tok.Term)) // nlp.Stem remembers frequent words
		if s == "" {
			continue
		}
		tok.Term = []byte(s)
		out = append(out, tok)
	}
	return out
}

func stemFilterConstructor(lang nlp.Language) registry.TokenFilterConstructor {
	return func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{lang: lang}, nil
	}
}

// analyzerConstructor builds unicode tokenizer → to_lower → filters.
func analyzerConstructor(filters ...string) registry.AnalyzerConstructor {
	return func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, err
		}
		lower, err := cache.TokenFilterNamed(lowercase.Name)
		if err != nil {
			return nil, err
		}
		a := &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{lower}}
		for _, name := range filters {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		return a, nil
	}
}

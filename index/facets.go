package index

import (
	"fmt"
	"slices"
	"strings"
)

// Facet names, the keys of Result.Facets.
const (
	FacetClient   = "client"
	FacetSource   = "source"
	FacetLanguage = "language"
	FacetKind     = "kind"   // need kinds: explicit, implied
	FacetCue      = "cue"    // need cues: request, pain, ...
	FacetTheme    = "theme"  // need theme keys, usable in theme:
	FacetEntity   = "entity" // entity values, usable in entity:
	// FacetNone, as the only name in Query.Facets, counts no facet.
	FacetNone = "none"
)

// FacetNames are the facets a search can count, in display order.
var FacetNames = []string{FacetClient, FacetSource, FacetLanguage, FacetKind, FacetCue, FacetTheme, FacetEntity}

// facetFields maps each facet to the document field it counts.
var facetFields = map[string]string{
	FacetClient: fieldClient, FacetSource: fieldSource, FacetLanguage: fieldLanguage,
	FacetKind: fieldNeedKind, FacetCue: fieldNeedCue, FacetTheme: fieldNeedTheme, FacetEntity: fieldEntValue,
}

// FacetCount is how many matching documents have a term.
type FacetCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// ResolveFacets returns the facets Query.Facets names asks for,
// de-duplicated, in the order given: all of them (FacetNames) when names is
// empty, none for FacetNone alone. An unknown name, or FacetNone with
// others, is an error that says so.
func ResolveFacets(names []string) ([]string, error) {
	switch {
	case len(names) == 0:
		return FacetNames, nil
	case slices.Contains(names, FacetNone):
		if len(names) > 1 {
			return nil, fmt.Errorf("%s cannot be combined with facet names", FacetNone)
		}
		return nil, nil
	}
	var out []string
	for _, n := range names {
		if _, ok := facetFields[n]; !ok {
			return nil, fmt.Errorf("%q is not one of %s, or %s", n, strings.Join(FacetNames, ", "), FacetNone)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

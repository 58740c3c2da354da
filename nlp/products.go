package nlp

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/jdkato/prose/v3/tokenize"
)

// The built-in product lists: products.txt is generated from Simple Icons
// (CC0-1.0) by `go run ./internal/cmd/buildproducts`; products-curated.txt
// is kept by hand.
var (
	//go:embed data/products.txt
	productsData string
	//go:embed data/products-curated.txt
	productsCuratedData string
)

// SourceList marks an entity found in one of ckm's built-in lists (the
// software and service names behind PRODUCT).
const SourceList = "list"

// productLists are the built-in product gazetteers: curated names win over
// the taggers, listed ones only fill what the taggers left.
type productLists struct {
	curated, listed *Gazetteer
}

// parseProducts parses the curated and the listed product names, tokenized
// by tk.
func parseProducts(tk *tokenize.Tokenizer, curatedData, listedData string) (*productLists, error) {
	curated, err := productGazetteer(tk, "products-curated.txt", curatedData)
	if err != nil {
		return nil, err
	}
	listed, err := productGazetteer(tk, "products.txt", listedData)
	if err != nil {
		return nil, err
	}
	listed.acronymsInCaps = true // the generated list's "ANA" and "PAYBACK" are no "Ana" or "Payback"
	return &productLists{curated: curated, listed: listed}, nil
}

// productGazetteer parses a product list: one name a line, aliases after a
// tab separated by "|", # comments. An empty alias is an error.
func productGazetteer(tk *tokenize.Tokenizer, name, data string) (*Gazetteer, error) {
	var entries []GazetteerEntry
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, "\t", 2)
		e := GazetteerEntry{Name: f[0], Label: LabelProduct}
		if len(f) == 2 {
			e.Aliases = strings.Split(f[1], "|")
			if slices.Contains(e.Aliases, "") {
				return nil, fmt.Errorf("nlp: product list %s: empty alias in %q", name, line)
			}
		}
		entries = append(entries, e)
	}
	g, err := newGazetteer(tk, entries)
	if err != nil {
		return nil, fmt.Errorf("nlp: product list %s: %w", name, err)
	}
	return g, nil
}

// listEntities returns g's mentions in text marked as coming from a
// built-in list.
func listEntities(g *Gazetteer, text string, toks []Token) []Entity {
	es := g.find(text, toks)
	for i := range es {
		es[i].Source = SourceList
	}
	return es
}

// productPairs returns the names and aliases of gs made of two words,
// lowercase and joined by a space.
func productPairs(gs ...*Gazetteer) map[string]bool {
	out := map[string]bool{}
	for _, g := range gs {
		for _, e := range g.Entries() {
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if f := strings.Fields(strings.ToLower(n)); len(f) == 2 {
					out[f[0]+" "+f[1]] = true
				}
			}
		}
	}
	return out
}

// productWords returns the names and aliases of g made of one word,
// lowercase, except those a topic phrase holds: "Excel" keys the exports
// topic, "Protheus" is a name of its own.
func productWords(g *Gazetteer, topics []topic) map[string]bool {
	inTopic := map[string]bool{}
	for _, t := range topics {
		for i, p := range t.phrases {
			for _, s := range p {
				inTopic[plainStem(t.langs[i], s)] = true
			}
		}
	}
	out := map[string]bool{}
	for _, e := range g.Entries() {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			w := strings.ToLower(n)
			if strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
				continue
			}
			if !inTopic[Stem(English, w)] && !inTopic[Stem(Portuguese, w)] && !inTopic[w] {
				out[w] = true
			}
		}
	}
	return out
}

package nlp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/jdkato/prose/v3/tokenize"
)

// GazetteerEntry is one name a deployment knows: a client, a product, a
// competitor. Label is the entity label its mentions get (ORG when empty);
// Kind its role (KindClient, KindCompetitor, or empty); Aliases other ways
// it is written. Name is the mention's normalised Value.
type GazetteerEntry struct {
	Name    string   `json:"name"`
	Label   string   `json:"label,omitempty"`
	Kind    string   `json:"kind,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
}

// roles are the shorthand labels of a gazetteer file: a role stands for a
// label and a kind.
var roles = map[string]GazetteerEntry{
	"client":     {Label: LabelOrg, Kind: KindClient},
	"customer":   {Label: LabelOrg, Kind: KindClient},
	"competitor": {Label: LabelOrg, Kind: KindCompetitor},
	"product":    {Label: LabelProduct},
	"org":        {Label: LabelOrg},
	"person":     {Label: LabelPerson},
	"location":   {Label: LabelLocation},
}

// Gazetteer finds the names of its entries in text, whatever their case
// and accents, on word boundaries; the longest name wins. A name written
// with capitals matches only where the text capitalises its first word, so
// "Slack" the product is not found in "some slack". A Gazetteer is
// immutable and safe for concurrent use.
type Gazetteer struct {
	entries []GazetteerEntry
	byFirst map[string][]phrase // keyed by the folded first word
	// acronymsInCaps makes a name whose first word is an acronym
	// ("ANA", "ACM") match only where the text writes it in capitals:
	// the generated product list, where "Ana" is a person.
	acronymsInCaps bool
}

// phrase is one name or alias, split into folded lowercase words.
type phrase struct {
	words []string
	entry int
	caps  bool // the name has a capital: its first word must too
	// acronym: the name's first word is written in capitals only.
	acronym bool
}

// NewGazetteer checks entries (a non-empty Name, a known Label) and
// indexes their names and aliases. Labels are upper-cased; a role such as
// "competitor" or "client" in Label sets Label and Kind.
func NewGazetteer(entries []GazetteerEntry) (*Gazetteer, error) {
	b, err := loadBuiltin()
	if err != nil {
		return nil, err
	}
	return newGazetteer(b.tok, entries)
}

// newGazetteer is NewGazetteer with names tokenized by tk.
func newGazetteer(tk *tokenize.Tokenizer, entries []GazetteerEntry) (*Gazetteer, error) {
	g := &Gazetteer{byFirst: map[string][]phrase{}}
	for i, e := range entries {
		e, err := normalizeEntry(e)
		if err != nil {
			return nil, fmt.Errorf("nlp: gazetteer entry %d: %w", i+1, err)
		}
		g.entries = append(g.entries, e)
		for _, name := range append([]string{e.Name}, e.Aliases...) {
			var words []string
			for _, t := range tokenizeText(tk, name) {
				words = append(words, Fold(strings.ToLower(t.Text)))
			}
			if len(words) == 0 {
				continue
			}
			first, _, _ := strings.Cut(name, " ")
			p := phrase{words: words, entry: len(g.entries) - 1, caps: strings.IndexFunc(name, unicode.IsUpper) >= 0, acronym: isAcronym(first)}
			g.byFirst[words[0]] = append(g.byFirst[words[0]], p)
		}
	}
	for _, ps := range g.byFirst {
		sort.SliceStable(ps, func(i, j int) bool { return len(ps[i].words) > len(ps[j].words) })
	}
	return g, nil
}

func normalizeEntry(e GazetteerEntry) (GazetteerEntry, error) {
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" {
		return e, errors.New("empty name")
	}
	if r, ok := roles[strings.ToLower(strings.TrimSpace(e.Label))]; ok {
		e.Label = r.Label
		if e.Kind == "" {
			e.Kind = r.Kind
		}
	}
	e.Label = strings.ToUpper(strings.TrimSpace(e.Label))
	switch e.Label {
	case "":
		e.Label = LabelOrg
	case LabelOrg, LabelPerson, LabelLocation, LabelProduct:
	default:
		return e, fmt.Errorf("label %q: want client, competitor, product, ORG, PERSON, LOCATION or PRODUCT", e.Label)
	}
	return e, nil
}

// LoadGazetteer reads a gazetteer from r: one entry a line, either a JSON
// object with the fields of GazetteerEntry or tab-separated name, label and
// aliases (separated by "|"). Blank lines and lines starting with # are
// skipped. For example:
//
//	Globex Corporation	client	Globex|Globex Corp
//	{"name": "Initech", "label": "competitor", "aliases": ["Initech CRM"]}
func LoadGazetteer(r io.Reader) (*Gazetteer, error) {
	var entries []GazetteerEntry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var e GazetteerEntry
		if strings.HasPrefix(line, "{") {
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				return nil, fmt.Errorf("nlp: gazetteer line %d: %w", n, err)
			}
		} else {
			f := strings.Split(line, "\t")
			e.Name = f[0]
			if len(f) > 1 {
				e.Label = f[1]
			}
			if len(f) > 2 {
				for _, a := range strings.Split(f[2], "|") {
					if a = strings.TrimSpace(a); a != "" {
						e.Aliases = append(e.Aliases, a)
					}
				}
			}
		}
		if _, err := normalizeEntry(e); err != nil {
			return nil, fmt.Errorf("nlp: gazetteer line %d: %w", n, err)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("nlp: gazetteer: read: %w", err)
	}
	return NewGazetteer(entries)
}

// Entries returns the gazetteer's entries, normalised. The caller must not
// modify them.
func (g *Gazetteer) Entries() []GazetteerEntry { return g.entries }

// find returns the mentions of the gazetteer's names among toks, in order
// and without overlaps. A period glued to a name's last word ("Globex.")
// is not part of the mention.
func (g *Gazetteer) find(text string, toks []Token) []Entity {
	var out []Entity
	for i := 0; i < len(toks); i++ {
		key := foldLower(toks[i].Text)
		ps, ok := g.byFirst[key]
		if !ok {
			ps = g.byFirst[strings.TrimSuffix(key, ".")]
		}
		for _, p := range ps {
			if i+len(p.words) > len(toks) || (p.caps && !isCapitalised(toks[i].Text)) || (g.acronymsInCaps && p.acronym && !isAcronym(toks[i].Text)) {
				continue
			}
			end, ok := matchWords(toks[i:], p.words)
			if !ok {
				continue
			}
			start := toks[i].Start
			if !bounded(text, start, end) {
				continue
			}
			e := g.entries[p.entry]
			out = append(out, Entity{Text: text[start:end], Label: e.Label, Start: start, End: end, Kind: e.Kind, Value: e.Name, Source: SourceGazetteer})
			i += len(p.words) - 1
			break
		}
	}
	return out
}

// matchWords reports whether toks start with words and returns the end
// offset of the match.
func matchWords(toks []Token, words []string) (int, bool) {
	for j, w := range words {
		t := foldLower(toks[j].Text)
		switch {
		case t == w:
		case j == len(words)-1 && strings.TrimSuffix(t, ".") == w:
			return toks[j].End - 1, true
		default:
			return 0, false
		}
	}
	return toks[len(words)-1].End, true
}

// foldLower is Fold(strings.ToLower(s)) without allocating for lowercase
// ASCII.
func foldLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return Fold(strings.ToLower(s))
		}
	}
	return s
}

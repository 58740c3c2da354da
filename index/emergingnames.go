package index

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/ckmhq/ckm/nlp"
)

// Subjects new in the window, found by their names. A subject spreading
// across clients is often a name: a drug their members started taking
// ("Mounjaro", "Ozempic"), a marketplace ("TikTok Shop"), a regulation, a
// partner's new product. Each client writes it as context ("a real jump
// in new members who are on Ozempic or Mounjaro") and states the need in
// its own words in the next sentence ("we'd love to record the InBody
// readings in the app"; "queremos registrar a bioimpedância no perfil"),
// words that share nothing across clients or languages, so no theme of
// needs gathers them. The name does. newNames flags a name that the
// entity tagger found in the window, in one document at least (it misses
// names it has not seen in some of the others: "AI Act" tagged in one
// email of three), as an organisation, product or place, never a person
// or a date, that the documents of minNewAcrossClients
// clients hold in the window and no document in scope held before it, and
// that comes with a customer's need in the documents of at least
// minEmergingClients of them. Its evidence is, per document, the need
// whose sentence holds the name, else the need nearest after it. As for words (newWords), the earlier documents
// keep it honest: the vendor's own product, the clients' tools and
// everyday capitalised words have all been written before.

const (
	// maxNameCandidates bounds the entity values of the window read.
	maxNameCandidates = 200
	// maxNameDocuments bounds the window documents read per name.
	maxNameDocuments = 20
	// maxNameChecks bounds the names whose text is searched in the
	// window and before it, the most written first.
	maxNameChecks = 30
	// maxNameWords bounds the words of a name: longer values are phrases
	// the tagger took for a name.
	maxNameWords = 4
)

// nameLabels are the entity labels that can name a subject.
var nameLabels = map[string]bool{nlp.LabelOrg: true, nlp.LabelProduct: true, nlp.LabelLocation: true}

// newNames returns the subjects new across clients by their names (see
// above), not already told by a theme of flagged (one whose label or
// evidence names it, or whose evidence documents are the name's), most
// clients first. clients is the caller's scope.
func (ix *Index) newNames(ctx context.Context, flagged []EmergingTheme, clients []string, since, until time.Time) ([]EmergingTheme, error) {
	docs := []query.Query{termQuery(fieldType, typeDocument), ix.within(since, until)}
	if len(clients) > 0 {
		docs = append(docs, anyTerm(fieldClient, clients))
	}
	values, _, err := ix.termCounts(ctx, and(docs...), fieldEntValue, maxNameCandidates)
	if err != nil {
		return nil, err
	}
	names := slices.Collect(maps.Keys(values))
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(values[b], values[a]), cmp.Compare(a, b)) })
	earlier := []query.Query{termQuery(fieldType, typeDocument), ix.within(time.Time{}, since)}
	if len(clients) > 0 {
		earlier = append(earlier, anyTerm(fieldClient, clients))
	}
	var out []EmergingTheme
	told := map[string]bool{} // documents of the names flagged so far
	checked := 0
	for _, name := range names {
		if !nameLike(name) || tells(flagged, name) {
			continue
		}
		// The tagger found it before the window: not new. One term
		// lookup, before the text searches below.
		if n, err := ix.count(ctx, and(append(slices.Clone(earlier), termQuery(fieldEntValue, name))...)); err != nil {
			return nil, err
		} else if n > 0 {
			continue
		}
		if checked++; checked > maxNameChecks {
			break
		}
		said := ix.nameText(name)
		if said == nil {
			continue
		}
		raised := map[string]int{}
		if err := ix.writtenBy(ctx, raised, said, clients, since, until); err != nil {
			return nil, err
		}
		if len(raised) < minNewAcrossClients {
			continue
		}
		before := map[string]int{}
		if err := ix.writtenBy(ctx, before, said, clients, time.Time{}, since); err != nil {
			return nil, err
		}
		if len(before) > 0 {
			continue
		}
		t, held, ok, err := ix.nameTheme(ctx, name, and(append(slices.Clone(docs), said)...))
		if err != nil {
			return nil, err
		}
		if !ok || len(t.Clients) < minEmergingClients || mostlyIn(held, told) || sharesEvidence(t, flagged) {
			continue
		}
		t.Clients = slices.Sorted(maps.Keys(raised))
		t.docs = held
		for _, id := range held {
			told[id] = true
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b EmergingTheme) int { return cmp.Compare(len(b.Clients), len(a.Clients)) })
	return out, nil
}

// nameLike reports whether an entity value can be a subject's name: a few
// words, with a capital letter.
func nameLike(v string) bool {
	words := strings.Fields(v)
	return len(words) > 0 && len(words) <= maxNameWords && strings.ContainsFunc(v, unicode.IsUpper)
}

// tells reports whether a flagged theme already names name, in its label
// or its evidence.
func tells(flagged []EmergingTheme, name string) bool {
	return slices.ContainsFunc(flagged, func(t EmergingTheme) bool {
		return holdsPhrase(t.Label, name) || slices.ContainsFunc(t.Evidence, func(e Evidence) bool { return holdsPhrase(e.Text, name) })
	})
}

// mostlyIn reports whether half or more of ids are in docs: a name
// written in the same documents as one flagged before it ("Ozempic" with
// "Mounjaro") tells the same subject.
func mostlyIn(ids []string, docs map[string]bool) bool { return 2*countIn(ids, docs) >= len(ids) }

// countIn returns how many of ids are in docs.
func countIn(ids []string, docs map[string]bool) int {
	n := 0
	for _, id := range ids {
		if docs[id] {
			n++
		}
	}
	return n
}

// sharesEvidence reports whether half or more of t's evidence documents
// are evidence documents of a flagged theme: the theme tells the same
// story.
func sharesEvidence(t EmergingTheme, flagged []EmergingTheme) bool {
	docs := map[string]bool{}
	for _, f := range flagged {
		for _, e := range f.Evidence {
			docs[e.DocID] = true
		}
	}
	ids := make([]string, len(t.Evidence))
	for i, e := range t.Evidence {
		ids[i] = e.DocID
	}
	return mostlyIn(ids, docs)
}

// nameText matches the documents whose text or subject holds every word
// of name, as the language's analyzer indexed it; nil when name has no
// word the analyzers keep.
func (ix *Index) nameText(name string) query.Query {
	var langs []query.Query
	for _, lang := range []nlp.Language{nlp.English, nlp.Portuguese} {
		for _, f := range langFields[lang] {
			terms := ix.tokens(fieldAnalyzers[f], name)
			if len(terms) == 0 {
				continue
			}
			qs := make([]query.Query, len(terms))
			for i, term := range terms {
				qs[i] = termQuery(f, term)
			}
			langs = append(langs, and(qs...))
		}
	}
	if len(langs) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(langs...)
}

// nameTheme reads the window's documents that hold name (docs, newest
// first, at most maxNameDocuments) and returns the theme they make: its
// evidence is, per document, the customer's need nearest after the name
// (else the last before it), one per client; held are the documents
// read. ok is false when the tagger called name a person, a date or
// anything but an organisation, product or place in any of them.
func (ix *Index) nameTheme(ctx context.Context, name string, docs query.Query) (t EmergingTheme, held []string, ok bool, err error) {
	req := bleve.NewSearchRequestOptions(docs, maxNameDocuments, 0, false)
	req.SortBy([]string{"-" + fieldAt, "_id"})
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return EmergingTheme{}, nil, false, ix.mapErr(err)
	}
	t = EmergingTheme{Key: cmp.Or(nlp.NameKey(name), strings.ToLower(name)), Label: name, NewAcross: true,
		P: 1, Q: 1, Clients: []string{}, Evidence: []Evidence{}}
	t.Keys = []string{t.Key}
	for _, hit := range res.Hits {
		rec, err := ix.Get(ctx, hit.ID)
		if errors.Is(err, ErrNotFound) {
			continue // deleted since the search
		}
		if err != nil {
			return EmergingTheme{}, nil, false, err
		}
		t.Recent++
		held = append(held, hit.ID)
		at := -1
		for _, e := range rec.Analysis.Entities {
			if e.Text == name || e.Value == name {
				if !nameLabels[e.Label] {
					return EmergingTheme{}, nil, false, nil
				}
				if at < 0 {
					at = e.Start
				}
			}
		}
		if at < 0 {
			at = max(indexFold(rec.Document.Text, name), 0)
		}
		n, ok := needAt(rec.Analysis.Needs, at)
		if !ok || slices.Contains(t.Clients, rec.Document.Client) {
			continue
		}
		need := rec.Analysis.Needs[n]
		t.Clients = append(t.Clients, rec.Document.Client)
		e := Evidence{ID: needID(rec.Document.ID, n), DocID: rec.Document.ID, Client: rec.Document.Client,
			Source: string(rec.Document.Source), Speaker: need.Speaker, Kind: need.Kind, Cue: need.Cue,
			Text: need.Text, Context: need.Context, At: rec.Document.At, Confidence: need.Confidence}
		t.Evidence = append(t.Evidence, e)
	}
	return t, held, len(t.Evidence) > 0, nil
}

// needAt returns the customer need of needs (not negated, not an
// agent's) whose sentence holds offset at ("por causa do AI Act, toda
// tradução precisa vir com uma informação sobre uso de IA"), else
// needNear's.
func needAt(needs []nlp.Need, at int) (int, bool) {
	for i, n := range needs {
		if usableNeed(n) && n.Start <= at && at < n.End {
			return i, true
		}
	}
	return needNear(needs, at)
}

// usableNeed reports whether n can be evidence of a customer's need: not
// negated, not an agent's, not empty.
func usableNeed(n nlp.Need) bool {
	return !n.Negated && n.Speaker != nlp.SpeakerAgent && strings.TrimSpace(n.Text) != ""
}

// needNear returns the customer need of needs (not negated, not an
// agent's) that starts nearest after offset at, else the last that starts
// before it.
func needNear(needs []nlp.Need, at int) (int, bool) {
	after, before := -1, -1
	for i, n := range needs {
		if !usableNeed(n) {
			continue
		}
		if n.Start >= at {
			if after < 0 || n.Start < needs[after].Start {
				after = i
			}
		} else if before < 0 || n.Start > needs[before].Start {
			before = i
		}
	}
	if after >= 0 {
		return after, true
	}
	return before, before >= 0
}

// indexFold is the byte offset of the first occurrence of sub in s,
// ASCII case ignored; -1 when there is none.
func indexFold(s, sub string) int {
	if sub == "" {
		return -1
	}
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

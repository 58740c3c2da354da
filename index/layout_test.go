package index

import (
	"cmp"
	"context"
	"encoding/json"
	"github.com/blevesearch/bleve/v2/search/query"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	gocmp "github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// TestStoredRecordWithoutText checks that the stored record leaves out the
// text and subject only where the stored fields give them back, and that
// decodeStored rebuilds them.
func TestStoredRecordWithoutText(t *testing.T) {
	t.Parallel()
	mixed := "  Hi, please resend\ninvoice INV-42.\n\nPrecisamos da exportação.  Thanks! "
	sent := func(text string, start, end int, lang nlp.Language) nlp.Sentence {
		return nlp.Sentence{Text: text[start:end], Start: start, End: end, Language: lang}
	}
	tests := []struct {
		name     string
		text     string
		lang     nlp.Language
		ss       []nlp.Sentence
		inFields bool
		// otherID is an analysis ID other than the document's.
		otherID string
	}{
		{name: "mixed languages, gaps before, between and after", text: mixed, lang: nlp.English,
			ss: []nlp.Sentence{sent(mixed, 2, 35, nlp.English), sent(mixed, 37, 62, nlp.Portuguese), sent(mixed, 64, 71, "")}, inFields: true},
		{name: "no sentences", text: "just text", lang: nlp.Portuguese, inFields: true},
		{name: "unknown language", text: "ok ok", lang: nlp.Language("fr"), ss: []nlp.Sentence{sent("ok ok", 0, 2, "fr"), sent("ok ok", 3, 5, "")}, inFields: true},
		{name: "overlapping sentences keep the text", text: "abcdef", lang: nlp.English,
			ss: []nlp.Sentence{sent("abcdef", 0, 4, nlp.English), sent("abcdef", 2, 6, nlp.English)}},
		{name: "sentence text not its span keeps the text", text: "abc def", lang: nlp.English,
			ss: []nlp.Sentence{{Text: "abd", Start: 0, End: 3, Language: nlp.English}}},
		{name: "empty text", lang: nlp.English},
		{name: "analysis of another id", text: "just text", lang: nlp.English, inFields: true, otherID: "older-id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := Record{
				Document: ckm.Document{ID: "d", Client: "acme", Source: ckm.SourceEmail, Subject: "Re: invoice", Text: tt.text},
				Analysis: nlp.Analysis{ID: cmp.Or(tt.otherID, "d"), Language: tt.lang, Version: nlp.Version, Sentences: tt.ss},
			}
			rec.ContentHash = rec.Document.ContentHash()
			b, err := encodeStored(rec, storedForm{inFields: true, ownHash: true, keysInFields: true})
			if err != nil {
				t.Fatal(err)
			}
			var s stored
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatal(err)
			}
			if !s.OwnHash || s.ContentHash != "" {
				t.Errorf("own_hash %v, content_hash %q; want the hash left out", s.OwnHash, s.ContentHash)
			}
			if s.InFields != tt.inFields || (s.InFields && (s.Document.Text != "" || s.Document.Subject != "")) {
				t.Errorf("in_fields %v, text %q, subject %q; want in_fields %v without them", s.InFields, s.Document.Text, s.Document.Subject, tt.inFields)
			}
			if s.Document.ID != "" || s.Document.Client != "" || s.Document.Source != "" || s.Analysis.ID != tt.otherID {
				t.Errorf("stored id %q, client %q, source %q, analysis id %q; want them left out", s.Document.ID, s.Document.Client, s.Document.Source, s.Analysis.ID)
			}
			fields := map[string]string{fieldSubject: rec.Document.Subject, fieldID: "d", fieldClient: "acme", fieldSource: string(ckm.SourceEmail)}
			for lang, text := range textByLanguage(&rec) {
				fields[textFieldFor(lang)] = text
			}
			got, err := decodeStored(b, fields)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(rec, got); diff != "" {
				t.Errorf("decodeStored (-want +got):\n%s", diff)
			}
			if _, err := DecodeRecord(b); err == nil {
				t.Error("DecodeRecord read a record that the index's fields complete")
			}
		})
	}
}

// olderMapping is the mapping of indexes created before this layout: need
// confidences as numbers, times as Bleve dates, and (as indexes created
// while highlighting re-analysed the text) text fields not stored.
func olderMapping() *mapping.IndexMappingImpl {
	im := newMapping()
	asDates(im)
	conf := bleve.NewNumericFieldMapping()
	conf.Store, conf.IncludeInAll, conf.DocValues = false, false, true
	im.TypeMapping[typeNeed].Properties[fieldConf].Fields = []*mapping.FieldMapping{conf}
	for _, f := range textFields {
		im.TypeMapping[typeDocument].Properties[f].Fields[0].Store = false
	}
	withFacetDocValues(im)
	return im
}

// withFacetDocValues changes im to keep doc values on the facet fields of
// document records, as indexes created before facetvalues.go do.
func withFacetDocValues(im *mapping.IndexMappingImpl) *mapping.IndexMappingImpl {
	for _, f := range facetDocFields {
		im.TypeMapping[typeDocument].Properties[f].Fields[0].DocValues = true
	}
	return im
}

// createIndex creates a Bleve index of mapping im at a new path, for
// Open to open in its layout, and returns the path.
func createIndex(t *testing.T, im *mapping.IndexMappingImpl) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "idx")
	b, err := bleve.New(path, im)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// withStoredText changes im to store the text fields, as indexes created
// before highlighting read the text from the record (highlight.go) do.
func withStoredText(im *mapping.IndexMappingImpl) *mapping.IndexMappingImpl {
	for _, f := range textFields {
		im.TypeMapping[typeDocument].Properties[f].Fields[0].Store = true
	}
	return im
}

// asDates changes im to hold record times as Bleve dates, as indexes
// created before time keys do: stored in documents, with doc values.
func asDates(im *mapping.IndexMappingImpl) {
	for typ, store := range map[string]bool{typeDocument: true, typeNeed: false} {
		dm := im.TypeMapping[typ]
		delete(dm.Properties, fieldAtDay)
		fm := bleve.NewDateTimeFieldMapping()
		fm.Store, fm.IncludeInAll, fm.DocValues = store, false, true
		dm.Properties[fieldAt].Fields = []*mapping.FieldMapping{fm}
	}
}

// newOlderIndex creates an empty index with the mapping of an earlier
// release (olderMapping) and returns its path, closed.
func newOlderIndex(t *testing.T) string {
	t.Helper()
	return createIndex(t, olderMapping())
}

// TestOlderLayout checks that an index created with the older mapping is
// still written and read in its own layout: records keep their text, and
// need confidences are read as numbers.
func TestOlderLayout(t *testing.T) {
	ctx := context.Background()
	path := newOlderIndex(t)
	for _, tt := range []struct {
		name string
		path string
		want layout
	}{
		{name: "older", path: path, want: layout{confNumber: true, keysStored: true, atDate: true, facetDocValues: true}},
		{name: "stored text", path: createIndex(t, withStoredText(newMapping())), want: layout{textStored: true, keysStored: true}},
		{name: "new", path: filepath.Join(t.TempDir(), "idx"), want: layout{keysStored: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := newIndex(t, Config{Path: tt.path})
			if ix.layout != tt.want {
				t.Fatalf("layout %+v, want %+v", ix.layout, tt.want)
			}
			rec := withNeeds(record("doc-1", "acme", ckm.SourceCall, t0, sentence{nlp.English, "Please resend the invoice."}, sentence{nlp.Portuguese, "Precisamos da fatura."}), 2)
			rec.Document.Subject = "Invoice"
			rec.Analysis.Needs[1].Confidence = 0.65
			put(t, ix, rec)
			got, err := ix.Get(ctx, "doc-1")
			if err != nil {
				t.Fatal(err)
			}
			if got.Document.Text != rec.Document.Text || got.Document.Subject != rec.Document.Subject {
				t.Errorf("Get: text %q subject %q, want %q %q", got.Document.Text, got.Document.Subject, rec.Document.Text, rec.Document.Subject)
			}
			ms, _, err := ix.mentions(ctx, needScope("acme", nil), 10, false)
			if err != nil {
				t.Fatal(err)
			}
			confs := map[string]float64{}
			for _, m := range ms {
				confs[m.id] = m.conf
			}
			want := map[string]float64{needID("doc-1", 0): 0.9, needID("doc-1", 1): 0.65}
			if diff := gocmp.Diff(want, confs); diff != "" {
				t.Errorf("mention confidences (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFacetDocValues checks that a new index keeps no doc values on the
// facet fields of document records (facetDocFields), an index created
// before keeps them, and both count the same facets, from their terms
// (facetvalues.go) and with Bleve's facets.
func TestFacetDocValues(t *testing.T) {
	ctx := context.Background()
	recs := sampleRecords(60)
	for i := range recs {
		recs[i] = withNeeds(recs[i], i%3)
	}
	recs[2].Analysis.Entities = []nlp.Entity{{Text: "INV-42", Label: nlp.LabelReference, Start: 0, End: 6, Value: "INV-42", Source: "rule"}}
	var want *Result
	for _, tt := range []struct {
		name string
		path string
		dv   bool
	}{
		{name: "new", path: filepath.Join(t.TempDir(), "idx"), dv: false},
		{name: "older", path: createIndex(t, withFacetDocValues(newMapping())), dv: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := newIndex(t, Config{Path: tt.path, KeptCounts: -1})
			if ix.layout.facetDocValues != tt.dv {
				t.Fatalf("layout.facetDocValues %v, want %v", ix.layout.facetDocValues, tt.dv)
			}
			put(t, ix, recs...)
			seen := docValueFields(t, ix)
			// (source is also a need record field, with doc values)
			for _, f := range []string{fieldType, fieldClient, fieldEntValue, fieldLanguage, fieldNeedCue, fieldNeedKind, fieldNeedTheme} {
				wantDV := tt.dv || !slices.Contains(facetDocFields, f)
				if seen[f] != wantDV {
					t.Errorf("doc values of %s: %v, want %v", f, seen[f], wantDV)
				}
			}
			docs := termQuery(fieldType, typeDocument)
			var wantEntities map[string]int
			wantClients := map[int]map[string]int{}
			for _, bleveFacets := range []bool{false, true} {
				ix.bleveFacets = bleveFacets
				// Clients of documents, of need records, and of the
				// documents that hold a word, as learning themes counts
				// them (everydayStems): from the tables or from Bleve's
				// doc values, the same counts.
				for i, q := range []query.Query{docs, needScope("", nil), and(docs, textTerm("invoic"))} {
					clients, total, err := ix.termCounts(ctx, q, fieldClient, maxClientsFacet)
					if err != nil {
						t.Fatal(err)
					}
					if len(clients) == 0 || total == 0 {
						t.Fatalf("bleveFacets %v: query %d: no client counted (total %d)", bleveFacets, i, total)
					}
					if w, ok := wantClients[i]; !ok {
						wantClients[i] = clients
					} else if diff := gocmp.Diff(w, clients); diff != "" {
						t.Errorf("bleveFacets %v: query %d: client counts (-want +got):\n%s", bleveFacets, i, diff)
					}
				}
				entities, _, err := ix.termCounts(ctx, docs, fieldEntValue, maxThemeTerms)
				if err != nil {
					t.Fatal(err)
				}
				if len(entities) == 0 {
					t.Fatalf("bleveFacets %v: no entity value counted", bleveFacets)
				}
				if wantEntities == nil {
					wantEntities = entities
				} else if diff := gocmp.Diff(wantEntities, entities); diff != "" {
					t.Errorf("bleveFacets %v: entity counts (-want +got):\n%s", bleveFacets, diff)
				}
				got, err := ix.Search(ctx, Query{})
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Facets[FacetSource]) == 0 || len(got.Facets[FacetKind]) == 0 || len(got.Facets[FacetTheme]) == 0 {
					t.Fatalf("bleveFacets %v: facets %v: source, kind or theme not counted", bleveFacets, got.Facets)
				}
				if want == nil {
					want = got
					continue
				}
				if diff := gocmp.Diff(want.Facets, got.Facets); diff != "" || got.Total != want.Total {
					t.Errorf("bleveFacets %v: total %d, want %d; facets (-want +got):\n%s", bleveFacets, got.Total, want.Total, diff)
				}
			}
		})
	}
}

// docValueFields returns the fields that hold doc values in some segment
// of ix. (Bleve still reads the others' terms for facets and
// sorts, by uninverting their postings.)
func docValueFields(t *testing.T, ix *Index) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	withSnapshot(t, ix, func(snap *scorch.IndexSnapshot) {
		for _, ss := range snap.Segments() {
			v, ok := ss.Segment().(segment.DocValueVisitable)
			if !ok {
				t.Fatalf("segment %T has no doc values", ss.Segment())
			}
			fields, err := v.VisitableDocValueFields()
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				seen[f] = true
			}
		}
	})
	return seen
}

// withSnapshot calls f with ix's current snapshot.
func withSnapshot(t *testing.T, ix *Index, f func(*scorch.IndexSnapshot)) {
	t.Helper()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("reader %T, want a scorch snapshot", r)
	}
	f(snap)
}

// TestHighlightFromRecord checks that an index that keeps the text only
// in the record (new indexes) gives every search the same hits and
// fragments as one that stores the text fields, which Bleve highlights
// from.
func TestHighlightFromRecord(t *testing.T) {
	ctx := context.Background()
	stored := newIndex(t, Config{Path: createIndex(t, withStoredText(newMapping()))})
	fresh := newIndex(t, Config{Path: filepath.Join(t.TempDir(), "idx")})
	if !stored.layout.textStored || fresh.layout.textStored {
		t.Fatalf("layouts %+v and %+v, want text stored in the first only", stored.layout, fresh.layout)
	}
	recs := append(corpus(), sampleRecords(40)...)
	putAll(t, stored, recs, 8)
	putAll(t, fresh, recs, 8)
	marked := 0
	for _, text := range []string{"invoice", "exportacoes integration", `"resend the invoice"`, "invoce", "export OR fatura", "renewal", "fur", "client:acme invoice"} {
		want, err := stored.Search(ctx, Query{Text: text, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		got, err := fresh.Search(ctx, Query{Text: text, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want.Hits, got.Hits); diff != "" {
			t.Errorf("Search(%q) hits, stored text (-) and from the record (+):\n%s", text, diff)
		}
		for _, h := range got.Hits {
			marked += strings.Count(strings.Join(h.Fragments["text"], " "), "<mark>")
		}
	}
	if marked == 0 {
		t.Error("no fragment marks a word")
	}
}

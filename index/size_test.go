package index

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
)

// sizeVariant is one way of writing the index, for TestSizeBreakdown.
type sizeVariant struct {
	name    string
	mapping func(im *mapping.IndexMappingImpl)
	fields  func(rec *Record, m map[string]any)
	noNeeds bool
	// needFields changes a need record's fields.
	needFields func(m map[string]any)
}

// TestSizeBreakdown reports the bytes per document of the index written
// with parts left out, so that each part's share can be read as the
// difference from "as is" (each index must hold every record written). It runs only with CKM_SIZE_RECORDS, a file of
// EncodeRecord lines (go run ./internal/cmd/indexsize -records FILE), and
// CKM_SIZE_DOCS documents (default 10000). How many segments Bleve's
// merges leave varies from run to run, by tens of bytes per document;
// CKM_SIZE_MERGED=1 merges each index into one segment, so that small
// parts can be told apart; CKM_SIZE_ONLY=a,b runs only the variants
// whose names hold a or b:
//
//	CKM_SIZE_RECORDS=/tmp/recs.jsonl go test ./index -run TestSizeBreakdown -v
func TestSizeBreakdown(t *testing.T) {
	path := os.Getenv("CKM_SIZE_RECORDS")
	if path == "" {
		t.Skip("CKM_SIZE_RECORDS not set")
	}
	n := 10000
	if s := os.Getenv("CKM_SIZE_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var base []Record
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		r, err := DecodeRecord(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		base = append(base, r)
	}
	recs := make([]Record, n)
	for i := range recs {
		r := base[i%len(base)]
		r.Document.ID = fmt.Sprintf("%s~%d", r.Document.ID, i/len(base))
		r.Analysis.ID = r.Document.ID
		recs[i] = r
	}
	field := func(im *mapping.IndexMappingImpl, typ, name string) *mapping.FieldMapping {
		for _, fm := range im.TypeMapping[typ].Properties[name].Fields {
			if fm.Name == name || fm.Name == "" {
				return fm
			}
		}
		t.Fatalf("no field %s.%s", typ, name)
		return nil
	}
	textFieldsDo := func(do func(fm *mapping.FieldMapping)) func(im *mapping.IndexMappingImpl) {
		return func(im *mapping.IndexMappingImpl) {
			for _, f := range textFields {
				do(field(im, typeDocument, f))
			}
		}
	}
	variants := []sizeVariant{
		{name: "as is"},
		{name: "no record field", fields: func(_ *Record, m map[string]any) { delete(m, fieldRecord) }},
		{name: "no need records", noNeeds: true},
		{name: "no words field", fields: func(_ *Record, m map[string]any) { delete(m, fieldWords) }},
		{name: "text fields without term vectors", mapping: textFieldsDo(func(fm *mapping.FieldMapping) { fm.IncludeTermVectors = false })},
		{name: "text fields not stored", mapping: textFieldsDo(func(fm *mapping.FieldMapping) { fm.Store = false })},
		{name: "no doc values on entity/need fields", mapping: func(im *mapping.IndexMappingImpl) {
			for _, f := range []string{fieldEntLabel, fieldEntValue, fieldNeedCue, fieldNeedKind, fieldNeedTheme} {
				field(im, typeDocument, f).DocValues = false
			}
		}},
		{name: "no doc values on need records", mapping: func(im *mapping.IndexMappingImpl) {
			for _, fm := range im.TypeMapping[typeNeed].Properties {
				for _, f := range fm.Fields {
					f.DocValues = false
				}
			}
		}},
		{name: "need records without source,speaker,at_source", needFields: func(m map[string]any) { delete(m, fieldSource); delete(m, fieldSpeaker); delete(m, fieldAtSource) }},
		{name: "need records without at", needFields: func(m map[string]any) { delete(m, fieldAt); delete(m, fieldAtDay) }},
		{name: "need records without confidence", needFields: func(m map[string]any) { delete(m, fieldConf) }},
		{name: "need records without doc_id", needFields: func(m map[string]any) { delete(m, fieldDocID) }},
		{name: "document without at", fields: func(_ *Record, m map[string]any) { delete(m, fieldAt); delete(m, fieldAtDay) }},
		{name: "times as Bleve dates (older indexes)", mapping: func(im *mapping.IndexMappingImpl) { asDates(im) }, fields: func(rec *Record, m map[string]any) {
			if _, ok := m[fieldAt]; ok {
				delete(m, fieldAtDay)
				m[fieldAt] = rec.Document.At.UTC()
			}
		}, needFields: func(m map[string]any) {
			if k, ok := m[fieldAt].(string); ok {
				t, _ := parseAtKey(k)
				delete(m, fieldAtDay)
				m[fieldAt] = t
			}
		}},
		// What an index-time keyword field of the themes each document
		// names would cost, with its need themes' keys standing in for them
		// (search by meaning, issue #16): one term each, no doc values.
		{name: "plus a theme keyword field (need theme keys as proxy)", mapping: func(im *mapping.IndexMappingImpl) {
			im.TypeMapping[typeDocument].AddFieldMappingsAt("theme_proxy", termsOnly(keywordField(false)))
		}, fields: func(rec *Record, m map[string]any) {
			var keys []string
			for _, n := range rec.Analysis.Needs {
				keys = append(keys, cmp.Or(n.ThemeKey, n.Theme))
			}
			setList(m, "theme_proxy", keys)
		}},
		{name: "keyword fields without freq/norm", mapping: func(im *mapping.IndexMappingImpl) {
			keywordsDo(im, func(_ string, fm *mapping.FieldMapping) { fm.SkipFreqNorm = true })
		}},
		{name: "keyword fields but doc_id, at, theme, theme_key, entity_value without freq/norm", mapping: func(im *mapping.IndexMappingImpl) {
			keywordsDo(im, func(name string, fm *mapping.FieldMapping) {
				fm.SkipFreqNorm = !slices.Contains([]string{fieldDocID, fieldAt, fieldTheme, fieldThemeKey, fieldEntValue, fieldNeedTheme}, name)
			})
		}},
		{name: "words without freq/norm", mapping: func(im *mapping.IndexMappingImpl) { field(im, typeDocument, fieldWords).SkipFreqNorm = true }},
		{name: "need records without type doc values", mapping: func(im *mapping.IndexMappingImpl) { field(im, typeNeed, fieldType).DocValues = false }},
		{name: "subject_en/pt not indexed", mapping: func(im *mapping.IndexMappingImpl) {
			p := im.TypeMapping[typeDocument].Properties[fieldSubject]
			p.Fields = p.Fields[:1]
		}},
	}
	if only := os.Getenv("CKM_SIZE_ONLY"); only != "" {
		variants = slicesFilter(variants, func(v sizeVariant) bool {
			return v.name == "as is" || slices.ContainsFunc(strings.Split(only, ","), func(p string) bool { return strings.Contains(v.name, p) })
		})
	}
	var asIs int64
	for _, v := range variants {
		size := buildSized(t, recs, v)
		if v.name == "as is" {
			asIs = size
		}
		t.Logf("%-40s %6d B/doc  %+6d B/doc", v.name, size/int64(n), (size-asIs)/int64(n))
	}
}

// keywordsDo calls do with every keyword field of both record types.
func keywordsDo(im *mapping.IndexMappingImpl, do func(name string, fm *mapping.FieldMapping)) {
	for _, typ := range []string{typeDocument, typeNeed} {
		for name, p := range im.TypeMapping[typ].Properties {
			for _, fm := range p.Fields {
				if fm.Analyzer == keyword.Name || fm.Type == "boolean" {
					do(name, fm)
				}
			}
		}
	}
}

func slicesFilter[T any](s []T, keep func(T) bool) []T {
	var out []T
	for _, x := range s {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// buildSized writes recs as v says in batches of DefaultBatchSize
// documents and returns the closed index's bytes on disk.
func buildSized(t *testing.T, recs []Record, v sizeVariant) int64 {
	dir := t.TempDir()
	im := newMapping()
	if v.mapping != nil {
		v.mapping(im)
	}
	bi, err := bleve.New(dir, im)
	if err != nil {
		t.Fatal(err)
	}
	want := uint64(0)
	for lo := 0; lo < len(recs); lo += DefaultBatchSize {
		b := bi.NewBatch()
		for i := lo; i < min(lo+DefaultBatchSize, len(recs)); i++ {
			rec := &recs[i]
			m, err := documentFields(rec, layoutOf(im))
			if err != nil {
				t.Fatal(err)
			}
			if v.fields != nil {
				v.fields(rec, m)
			}
			if err := b.Index(rec.Document.ID, m); err != nil {
				t.Fatal(err)
			}
			want++
			if v.noNeeds {
				continue
			}
			for j := range rec.Analysis.Needs {
				nm := needFields(rec, j, layoutOf(im))
				if v.needFields != nil {
					v.needFields(nm)
				}
				if err := b.Index(needID(rec.Document.ID, j), nm); err != nil {
					t.Fatal(err)
				}
				want++
			}
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := bi.DocCount(); err != nil || got != want {
		t.Fatalf("%s: %d records (%v), want %d", v.name, got, err, want)
	}
	// Let the merges end: the files of merged segments are removed
	// once no snapshot uses them, and the size settles.
	settle := func() {
		for last, i := -1, 0; i < 40; i++ {
			size := dirSize(t, dir)
			if size == last {
				break
			}
			last = size
			time.Sleep(500 * time.Millisecond)
		}
	}
	settle()
	if os.Getenv("CKM_SIZE_MERGED") != "" {
		adv, err := bi.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
			t.Fatal(err)
		}
		settle()
	}
	if err := bi.Close(); err != nil {
		t.Fatal(err)
	}
	return int64(dirSize(t, dir))
}

package tagger

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ckmhq/ckm/internal/conll"
	"github.com/ckmhq/ckm/internal/testutil"
)

func TestRowTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		puts [][2]uint64 // key, row
		want map[uint64]int32
		miss []uint64
	}{
		{name: "empty", miss: []uint64{0, 1, ^uint64(0)}},
		{name: "zero key", puts: [][2]uint64{{0, 7}}, want: map[uint64]int32{0: 7}, miss: []uint64{1}},
		{
			name: "keys of one first slot probe on", // the slot reads the top bits of key×constant
			puts: [][2]uint64{{1 << 62, 0}, {1<<62 + 1<<61, 1}, {3, 2}},
			want: map[uint64]int32{1 << 62: 0, 1<<62 + 1<<61: 1, 3: 2},
			miss: []uint64{1<<62 + 1<<60, 4},
		},
		{name: "a key put again keeps its last row", puts: [][2]uint64{{5, 1}, {5, 9}}, want: map[uint64]int32{5: 9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newRowTable(len(tt.puts))
			for _, p := range tt.puts {
				tb.put(p[0], int32(p[1]))
			}
			for k, r := range tt.want {
				if got := tb.get(k); got != r {
					t.Errorf("get(%#x) = %d, want %d", k, got, r)
				}
			}
			for _, k := range tt.miss {
				if got := tb.get(k); got != -1 {
					t.Errorf("get(%#x) = %d, want -1 (absent)", k, got)
				}
			}
			if got := tb.toMap(); len(got) != len(tt.want) {
				t.Errorf("toMap() has %d keys, want %d", len(got), len(tt.want))
			}
		})
	}
}

// shippedModel reads nlp's embedded tagger for lang and the sentences of
// a development file of its language, and returns the model as Read gives
// it (rows in a table) and the same model with its rows in a Go map (the
// lookup of training and of earlier versions).
func shippedModel(tb testing.TB, lang, data string) (table, byMap *Model, sents [][]string) {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "..", "nlp", "data", "ner-"+lang+".bin"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	table, err = Read(f)
	if err != nil {
		tb.Fatal(err)
	}
	table.SetBeam(2) // as nlp tags
	m := *table
	m.index, m.table = table.table.toMap(), rowTable{}
	df, err := os.Open(testutil.SharedData(tb, "ner/"+data))
	if err != nil {
		tb.Fatal(err)
	}
	defer df.Close()
	ss, err := conll.Read(df)
	if err != nil {
		tb.Fatal(err)
	}
	for _, s := range ss {
		sents = append(sents, s.Tokens)
	}
	return table, &m, sents
}

var shipped = []struct{ lang, data string }{{"en", "btc-test.conll"}, {"pt", "lener-br-dev.conll"}}

// TestShippedRoundTrip checks that a shipped tagger, Read into a table,
// writes back (unpruned: dense gives Write its rows) the very bytes of its
// file: the table holds the file's weights, and dense, the rows the map
// path of TestTableTagsAsMap adds, gives them back exactly.
func TestShippedRoundTrip(t *testing.T) {
	for _, lang := range []string{"en", "pt"} {
		t.Run(lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "..", "nlp", "data", "ner-"+lang+".bin"))
			if err != nil {
				t.Fatal(err)
			}
			m, err := Read(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			var w bytes.Buffer
			if err := m.WritePruned(&w, 0); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(w.Bytes(), b) {
				t.Errorf("Read then WritePruned(0) gave %d bytes unlike the file's %d", w.Len(), len(b))
			}
		})
	}
}

// TestTableTagsAsMap checks that the shipped taggers tag every sentence of
// a development file of their language identically whether they look
// weight rows up in the table or in a map, by beam search and greedily.
func TestTableTagsAsMap(t *testing.T) {
	for _, tt := range shipped {
		t.Run(tt.lang, func(t *testing.T) {
			table, byMap, sents := shippedModel(t, tt.lang, tt.data)
			if len(byMap.index) == 0 || len(sents) == 0 {
				t.Fatalf("%d feature rows, %d sentences: nothing compared", len(byMap.index), len(sents))
			}
			for _, beam := range []int{2, 1} {
				table.SetBeam(beam)
				byMap.SetBeam(beam)
				var got, want []int
				for _, s := range sents {
					got, want = table.Tag(s, got[:0]), byMap.Tag(s, want[:0])
					if !slices.Equal(got, want) {
						t.Fatalf("beam %d: Tag(%q) = %v with the table, %v with the map", beam, s, got, want)
					}
				}
			}
		})
	}
}

// BenchmarkTagLookup tags a development file's sentences with each
// shipped tagger (beam 2, as nlp) looking rows up in the table and in a
// map, in the same run, and reports the map's time over the table's
// (map÷table). Run it on one core:
// GOMAXPROCS=1 go test ./internal/tagger -run '^$' -bench TagLookup.
func BenchmarkTagLookup(b *testing.B) {
	for _, tt := range shipped {
		b.Run(tt.lang, func(b *testing.B) {
			table, byMap, sents := shippedModel(b, tt.lang, tt.data)
			var out []int
			var tableTime, mapTime time.Duration
			for b.Loop() {
				t0 := time.Now()
				for _, s := range sents {
					out = table.Tag(s, out[:0])
				}
				t1 := time.Now()
				for _, s := range sents {
					out = byMap.Tag(s, out[:0])
				}
				tableTime += t1.Sub(t0)
				mapTime += time.Since(t1)
			}
			b.ReportMetric(float64(mapTime)/float64(tableTime), "map÷table")
			b.ReportMetric(float64(tableTime.Microseconds())/float64(b.N), "table-µs/file")
			b.ReportMetric(float64(mapTime.Microseconds())/float64(b.N), "map-µs/file")
		})
	}
}

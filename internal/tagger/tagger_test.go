package tagger

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// toy is a tiny training set: "Acme" and "Globex" are ORG, "Maya" PERSON.
func toy() ([]string, []Example) {
	classes := []string{"O", "B-PERSON", "I-PERSON", "B-ORG", "I-ORG"}
	ex := []Example{
		{Tokens: []string{"Maya", "works", "at", "Acme", "Corp", "."}, Classes: []int{1, 0, 0, 3, 4, 0}},
		{Tokens: []string{"We", "met", "Maya", "at", "Globex", "."}, Classes: []int{0, 0, 1, 0, 3, 0}},
		{Tokens: []string{"@maya", "joined", "Globex", "Corp"}, Classes: []int{1, 0, 3, 4}},
	}
	return classes, ex
}

func TestTrainTagRoundTrip(t *testing.T) {
	t.Parallel()
	classes, ex := toy()
	lex := map[uint64]uint8{LowerKey("works"): UsuallyLowerBit, LowerKey("globex"): ListedBit, LowerKey("maya"): FirstNameBit, LowerKey("acme"): WholePlaceBit}
	clusters := map[uint64]uint16{LowerKey("maya"): 0b1011, LowerKey("acme"): 0b110, LowerKey("globex"): 0b111}
	m := Train(classes, ex, Lexicon{Bits: lex, Clusters: clusters}, 8, 1)
	again := Train(classes, ex, Lexicon{Bits: lex, Clusters: clusters}, 8, 1)
	var a, b bytes.Buffer
	if err := m.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := again.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two trainings on the same data wrote different models")
	}
	r, err := Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !r.UsuallyLower("Works") || r.UsuallyLower("Globex") {
		t.Errorf("lexicon not kept: UsuallyLower(Works) = %v, UsuallyLower(Globex) = %v", r.UsuallyLower("Works"), r.UsuallyLower("Globex"))
	}
	if !r.FirstName("MAYA") || r.FirstName("Globex") {
		t.Errorf("lexicon not kept: FirstName(MAYA) = %v, FirstName(Globex) = %v", r.FirstName("MAYA"), r.FirstName("Globex"))
	}
	if !r.WholePlace("Acme") || r.WholePlace("Maya") {
		t.Errorf("lexicon not kept: WholePlace(Acme) = %v, WholePlace(Maya) = %v", r.WholePlace("Acme"), r.WholePlace("Maya"))
	}
	if diff := cmp.Diff(clusters, r.lex.Clusters); diff != "" {
		t.Errorf("clusters not kept (-want +got):\n%s", diff)
	}
	for _, e := range ex {
		if diff := cmp.Diff(e.Classes, r.Tag(e.Tokens, nil)); diff != "" {
			t.Errorf("Tag(%q) after a round trip (-want +got):\n%s", e.Tokens, diff)
		}
	}
}

// TestTrainEpochsSnapshots checks that the model TrainEpochs gives after e
// passes is the model of a training of e epochs.
func TestTrainEpochsSnapshots(t *testing.T) {
	t.Parallel()
	classes, ex := toy()
	write := func(m *Model) []byte {
		var b bytes.Buffer
		if err := m.Write(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	got := map[int][]byte{}
	TrainEpochs(classes, ex, Lexicon{}, 4, 1, 2, func(e int, m *Model) { got[e] = write(m) })
	for e := 1; e <= 4; e++ {
		if want := write(TrainBeam(classes, ex, Lexicon{}, e, 1, 2)); !bytes.Equal(got[e], want) {
			t.Errorf("after %d of 4 epochs: the snapshot differs from a %d-epoch training", e, e)
		}
	}
}

func TestReadRejects(t *testing.T) {
	t.Parallel()
	for _, in := range [][]byte{nil, []byte("not gzip"), gz(t, "ckm-ner-1\n"), gz(t, magic)} {
		if _, err := Read(bytes.NewReader(in)); err == nil {
			t.Errorf("Read(%q) succeeded, want an error", in)
		}
	}
}

// FuzzRead checks that Read fails cleanly, never panics, on any input.
func FuzzRead(f *testing.F) {
	classes, ex := toy()
	var buf bytes.Buffer
	if err := Train(classes, ex, Lexicon{}, 2, 1).Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Read(bytes.NewReader(in))
		if err == nil {
			m.Tag([]string{"Maya", "at", "Acme"}, nil)
		}
	})
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDescribeLexicon shows that what the lexicon knows of a word (usually
// lowercase, listed, a first name, part of a place) reaches its flags
// whatever its case, and only its own.
func TestDescribeLexicon(t *testing.T) {
	t.Parallel()
	lex := map[uint64]uint8{
		LowerKey("next"): UsuallyLowerBit, LowerKey("excel"): ListedBit,
		LowerKey("priya"): FirstNameBit, LowerKey("curitiba"): PlaceBit,
		LowerKey("paris"): FirstNameBit | PlaceBit, LowerKey("unesco"): OrgBit,
		LowerKey("einstein"): PersonBit, LowerKey("lisboa"): PlaceBit | WholePlaceBit,
	}
	tests := []struct {
		word string
		want uint64
	}{
		{"Next", flagKnownLower},
		{"Excel", flagListed},
		{"PRIYA", flagFirstName},
		{"Curitiba", flagPlace},
		{"Paris", flagFirstName | flagPlace},
		{"UNESCO", flagOrg},
		{"Einstein", flagPerson},
		{"Lisboa", flagPlace}, // WholePlaceBit is for callers, no feature
		{"Globex", 0},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			t.Parallel()
			got := describe(tt.word, false, &Lexicon{Bits: lex}).flags &^ (flagCap | flagAllCaps)
			if got != tt.want {
				t.Errorf("describe(%q) flags %b, want %b", tt.word, got, tt.want)
			}
		})
	}
}

// TestTrainBeam shows that structured training with a beam is
// deterministic, survives a round trip, and tags its training sentences
// back with the beam.
func TestTrainBeam(t *testing.T) {
	t.Parallel()
	classes, ex := toy()
	var a, b bytes.Buffer
	if err := TrainBeam(classes, ex, Lexicon{}, 8, 1, 3).Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := TrainBeam(classes, ex, Lexicon{}, 8, 1, 3).Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two trainings on the same data wrote different models")
	}
	m, err := Read(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	m.SetBeam(3)
	for _, e := range ex {
		if diff := cmp.Diff(e.Classes, m.Tag(e.Tokens, nil)); diff != "" {
			t.Errorf("Tag(%q) with a beam of 3 (-want +got):\n%s", e.Tokens, diff)
		}
	}
	if got := m.Tag(nil, nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v, want nothing", got)
	}
}

// TestKeep checks the beam's bookkeeping: best first, at most its width,
// one hypothesis per pair of last two classes.
func TestKeep(t *testing.T) {
	t.Parallel()
	next := make([]hyp, 3)
	n := 0
	for _, h := range []hyp{
		{score: 1, prev: 1, prev2: 0},
		{score: 3, prev: 2, prev2: 0},
		{score: 2, prev: 1, prev2: 0},   // replaces the first: same classes, better
		{score: 0.5, prev: 1, prev2: 0}, // worse than the one it would replace
		{score: 5, prev: 3, prev2: 1},
		{score: 4, prev: 4, prev2: 1}, // pushes out the worst
	} {
		n = keep(next, n, h)
	}
	var got []float32
	for _, h := range next[:n] {
		got = append(got, h.score)
	}
	if diff := cmp.Diff([]float32{5, 4, 3}, got); diff != "" {
		t.Errorf("kept scores (-want +got):\n%s", diff)
	}
}

func TestClusterPrefix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code uint16
		n    int
		want uint64
	}{
		{0b1_0110_1101, 4, 0b1_0110},
		{0b1_0110_1101, 8, 0b1_0110_1101},
		{0b1_0110_1101, 10, 0b1_0110_1101},
		{0b1_01, 4, 0b1_01},
		{0, 4, 0},
	}
	for _, tt := range tests {
		if got := clusterPrefix(tt.code, tt.n); got != tt.want {
			t.Errorf("clusterPrefix(%b, %d) = %b, want %b", tt.code, tt.n, got, tt.want)
		}
	}
}

package ckm_test

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ckmhq/ckm"
)

func TestScanner(t *testing.T) {
	t.Parallel()
	long := `{"text":"` + strings.Repeat("x", ckm.MaxDocumentBytes+10) + `"}`
	in := strings.Join([]string{
		`{"id":"a","text":"one"}`,
		``,
		`{"id":"b",`,
		long,
		"  ",
		`{"id":"c","text":"three"}`,
	}, "\n") // no newline at the end
	type got struct {
		line int
		id   string
		bad  bool
	}
	var gots []got
	s := ckm.NewScanner(iotest.HalfReader(strings.NewReader(in)))
	for s.Scan() {
		d, err := s.Document()
		gots = append(gots, got{s.Line(), d.ID, err != nil})
		if err != nil && !errors.Is(err, ckm.ErrInvalidDocument) {
			t.Errorf("line %d: error %v does not wrap ErrInvalidDocument", s.Line(), err)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	want := []got{{1, "a", false}, {3, "", true}, {4, "", true}, {6, "c", false}}
	if len(gots) != len(want) {
		t.Fatalf("got %v, want %v", gots, want)
	}
	for i := range want {
		if gots[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, gots[i], want[i])
		}
	}
}

func TestScannerReadError(t *testing.T) {
	t.Parallel()
	s := ckm.NewScanner(iotest.ErrReader(errors.New("disk gone")))
	if s.Scan() {
		t.Fatal("Scan returned true on a failing reader")
	}
	if s.Err() == nil || !strings.Contains(s.Err().Error(), "disk gone") {
		t.Fatalf("Err = %v, want the read error", s.Err())
	}
}

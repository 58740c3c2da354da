package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dataNoun is a few synsets in WordNet's data.noun format: a licence line,
// organization and location under entity, a company and a band under
// organization, a city instance, a person instance and a common noun.
const dataNoun = `  1 This software and database is being provided to you
00000001 03 n 01 entity 0 000 | that which exists
08008335 14 n 02 organization 0 organisation 0 001 @ 00000001 n 0000 | a group of people
00027167 03 n 01 location 0 001 @ 00000001 n 0000 | a point or extent in space
00000010 14 n 01 company 0 001 @ 08008335 n 0000 | an institution
00000011 14 n 02 Ford_Motor_Company 0 Ford 0 001 @i 00000010 n 0000 | a car maker
00000012 14 n 01 Beatles 0 001 @i 08008335 n 0000 | a band
00000013 15 n 01 Lisbon 0 001 @i 00027167 n 0000 | a capital
00000014 18 n 02 Einstein 0 Albert_Einstein 0 001 @i 00000001 n 0000 | a physicist
00000015 18 n 01 Teacher 0 001 @ 00000001 n 0000 | no instance
00000016 04 n 01 Hilbert_space 0 001 @ 00000001 n 0000 | neither
`

func TestRun(t *testing.T) {
	t.Parallel()
	dir, out := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "data.noun"), []byte(dataNoun), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(dir, out); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		want []string
	}{
		{"wordnet-orgs.txt", []string{"Beatles", "Ford", "Ford Motor Company"}},
		{"wordnet-people.txt", []string{"Albert Einstein", "Einstein"}},
		{"wordnet-places.txt", []string{"Lisbon"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(filepath.Join(out, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
				if !strings.HasPrefix(l, "#") {
					got = append(got, l)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.file, diff)
			}
		})
	}
}

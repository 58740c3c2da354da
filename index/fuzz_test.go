package index

import (
	"path/filepath"
	"testing"
)

// FuzzSearch checks that no query text makes Search fail or lets another
// client's documents through the Clients filter.
//
//	go test ./index -run '^$' -fuzz FuzzSearch -fuzztime 60s -fuzzminimizetime 2s
//
// (Minimising a long input runs many searches; without a short
// -fuzzminimizetime the workers spend most of the minute minimising.)
func FuzzSearch(f *testing.F) {
	for _, s := range hostile {
		if len(s) <= 2*MaxQueryBytes { // huge seeds only slow minimisation down
			f.Add(s)
		}
	}
	f.Add("invoices")
	f.Add("exportações")
	ix := newIndex(f, Config{Path: filepath.Join(f.TempDir(), "idx")})
	putAll(f, ix, corpus(), 4)
	f.Fuzz(func(t *testing.T, text string) {
		checkHostile(t, ix, text)
	})
}

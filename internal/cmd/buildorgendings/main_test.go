package main

import (
	"slices"
	"testing"
)

// TestNameWords checks what is left of a listed company's name: no
// security, parentheses, legal form or place at the end.
func TestNameWords(t *testing.T) {
	t.Parallel()
	places := map[string]bool{"cayman": true}
	tests := []struct {
		name, in string
		want     []string
	}{
		{"legal form", "Verisk Analytics, Inc.", []string{"Verisk", "Analytics"}},
		{"security", "Radiant Logistics, Inc. Common Stock", []string{"Radiant", "Logistics"}},
		{"dash", "Artius II Acquisition Inc. - Class A Ordinary Shares", []string{"Artius", "II", "Acquisition"}},
		{"place and legal form", "Platinum Analytics Cayman Limited", []string{"Platinum", "Analytics"}},
		{"parentheses", "New Century Logistics (BVI) Limited", []string{"New", "Century", "Logistics"}},
		{"rate", "Acme Capital 5.25% Notes due 2029", []string{"Acme", "Capital"}},
		{"one word", "Alcoa Corporation", []string{"Alcoa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := nameWords(tt.in, places); !slices.Equal(got, tt.want) {
				t.Errorf("nameWords(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

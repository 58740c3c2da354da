package ckm

import (
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// NormalizeClient returns the canonical form of a client name: trimmed,
// Unicode NFC-normalised and case-folded, so that "Café", "café" written
// with a combining accent and "CAFÉ" are one client. Documents, API keys,
// search filters and ownership checks all compare client names in this
// form. It is safe for concurrent use.
func NormalizeClient(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	return norm.NFC.String(cases.Fold().String(norm.NFC.String(name)))
}

// SameClient reports whether a and b name the same client.
func SameClient(a, b string) bool {
	return a == b || NormalizeClient(a) == NormalizeClient(b)
}

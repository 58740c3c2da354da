package api

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestChanceWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		q      float64
		tested bool
		want   string
	}{
		{"untested", 1, false, "too few mentions to tell"},
		{"tiny", 0.0001, true, "almost certainly not chance"},
		{"the issue's q", 0.00677, true, "very unlikely to be chance"},
		{"below alpha", 0.03, true, "unlikely to be chance"},
		{"above alpha", 0.1, true, "could be chance"},
		{"large", 0.6, true, "likely chance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ChanceWords(tt.q, tt.tested); got != tt.want {
				t.Errorf("ChanceWords(%g, %v) = %q, want %q", tt.q, tt.tested, got, tt.want)
			}
		})
	}
}

func TestRateWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		lift float64
		want string
	}{
		{"rising", 3.24, "3.2 times as often as before"},
		{"flat", 1.01, "as often as before"},
		{"falling", 0.26, "26% as often as before"},
		{"new", math.Inf(1), "new: not seen before"},
		{"gone", 0, "not in the window"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RateWords(tt.lift); got != tt.want {
				t.Errorf("RateWords(%g) = %q, want %q", tt.lift, got, tt.want)
			}
		})
	}
}

func TestWordFragment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"cut mid-word at the start", "…eam, Our <mark>auditors</mark> need it", "…Our <mark>auditors</mark> need it"},
		{"cut mid-word at the end", "We need the <mark>export</mark> every Frid…", "We need the <mark>export</mark> every…"},
		{"both ends", "…ay we need <mark>SSO</mark> bef…", "…we need <mark>SSO</mark>…"},
		{"whole text", "We need <mark>SSO</mark>.", "We need <mark>SSO</mark>."},
		{"a match in the first word stays", "…<mark>invoice</mark>s are late", "…<mark>invoice</mark>s are late"},
		{"a match in the last word stays", "late <mark>invoice</mark>…", "late <mark>invoice</mark>…"},
		{"one word", "…<mark>x</mark>…", "…<mark>x</mark>…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := wordFragment(tt.in); got != tt.want {
				t.Errorf("wordFragment(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLeadText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		max  int
		want string
	}{
		{"short", "Hello there", 60, "Hello there"},
		{"cut at a space", "We need project numbers on every invoice", 20, "We need project…"},
		{"punctuation trimmed", "Dear Maya, some good news", 11, "Dear Maya…"},
		{"no space: cut at a rune", "ãããããã", 5, "ãã…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := leadText(tt.text, tt.max); got != tt.want {
				t.Errorf("leadText(%q, %d) = %q, want %q", tt.text, tt.max, got, tt.want)
			}
		})
	}
}

// FuzzWordFragment checks that trimming a fragment to word boundaries only
// ever drops text at its ends and never a match.
func FuzzWordFragment(f *testing.F) {
	for _, s := range []string{"…eam, Our <mark>auditors</mark> need it", "We <mark>x</mark> Frid…", "…", "……", "…<mark>a</mark>…", "… a b …", "…\u00a0x y…"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := wordFragment(in)
		if len(out) > len(in) {
			t.Fatalf("wordFragment(%q) = %q grew", in, out)
		}
		if strings.Count(out, "<mark>") != strings.Count(in, "<mark>") || strings.Count(out, "</mark>") != strings.Count(in, "</mark>") {
			t.Fatalf("wordFragment(%q) = %q lost a mark", in, out)
		}
		core := strings.TrimSuffix(strings.TrimPrefix(out, fragmentEllipsis), fragmentEllipsis)
		if !strings.Contains(in, core) {
			t.Fatalf("wordFragment(%q) = %q is not a piece of it", in, out)
		}
	})
}

func TestLabelCache(t *testing.T) {
	t.Parallel()
	var c labelCache
	now := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	c.put([]string{"acme"}, map[string]string{"sso": "single sign-on"}, now)
	tests := []struct {
		name    string
		clients []string
		key     string
		at      time.Time
		want    string
		ok      bool
		stale   bool
	}{
		{"fresh", []string{"acme"}, "sso", now.Add(time.Second), "single sign-on", true, false},
		{"other scope", []string{"globex"}, "sso", now, "", false, false},
		{"all clients is another scope", nil, "sso", now, "", false, false},
		{"other key", []string{"acme"}, "invoic", now, "", false, false},
		// A stale label is still answered; the caller has it relabelled.
		{"stale", []string{"acme"}, "sso", now.Add(labelTTL + time.Second), "single sign-on", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, stale := c.get(tt.clients, tt.key, tt.at)
			if got != tt.want || ok != tt.ok || stale != tt.stale {
				t.Errorf("get(%v, %q) = %q, %v, %v; want %q, %v, %v", tt.clients, tt.key, got, ok, stale, tt.want, tt.ok, tt.stale)
			}
		})
	}
	// One relabelling per scope at a time.
	if !c.claim([]string{"acme"}) || c.claim([]string{"acme"}) || !c.claim(nil) {
		t.Error("claim: want the first claim of each scope only")
	}
	c.release([]string{"acme"})
	if !c.claim([]string{"acme"}) {
		t.Error("claim after release = false")
	}
}

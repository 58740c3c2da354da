package api

import (
	"cmp"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// pageFuncs are the template functions of the page.
var pageFuncs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2 Jan 2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2 Jan 2006 15:04 UTC")
	},
	"statusText":  http.StatusText,
	"iso":         func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"documentURL": documentURL,
	"clientURL":   clientURL,
	"themeURL": func(client, key string) string {
		q := mustFilter("theme", key)
		if client != "" {
			q = mustFilter("client", client) + " " + q
		}
		return searchURL(q, "", "", 0)
	},
	"fixed":   func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
	"chance":  ChanceWords,
	"rate":    RateWords,
	"percent": func(x float64) string { return strconv.FormatFloat(100*x, 'g', 3, 64) + "%" },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
	"counts": func(m map[string]int) string {
		var parts []string
		for _, k := range sortedKeys(m) {
			parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
		}
		return strings.Join(parts, ", ")
	},
	"emergingURL": func(window, client, now string) string {
		u := url.Values{"window": {window}}
		if client != "" {
			u.Set("client", client)
		}
		if now != "" {
			u.Set("now", now)
		}
		return "/emerging?" + u.Encode()
	},
}

// sortedKeys returns m's keys, the largest count first, then by name.
func sortedKeys(m map[string]int) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	return keys
}

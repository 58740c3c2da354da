// Command buildnames writes the first-name and place lists that the
// entity taggers know words from (internal/cmd/trainentities/lists), from
// two public data packages:
//
//   - first names: datasets-br/prenomes (ODC-PDDL-1.0): the Brazilian
//     census's first names (IBGE, data/nomes-censos-ibge.csv) borne by at
//     least -min people, and the given names of Wikidata (CC0) in
//     data/wd_masculinos-pt.csv and data/wd_femininos.csv;
//   - places: datasets/world-cities (ODC-PDDL-1.0; the data comes from
//     GeoNames, CC BY 4.0, credited here): cities above 15,000 people with
//     their countries and first-level subdivisions.
//
// Run it from the module root on checkouts of both repositories:
//
//	go run ./internal/cmd/buildnames -prenomes ../prenomes -cities ../world-cities
//
// The output is sorted and deterministic.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

func main() {
	prenomes := flag.String("prenomes", "", "a checkout of github.com/datasets-br/prenomes")
	cities := flag.String("cities", "", "a checkout of github.com/datasets/world-cities")
	out := flag.String("out", "internal/cmd/trainentities/lists", "where to write firstnames.txt and places.txt")
	minCount := flag.Int("min", 300, "fewest people bearing a census first name")
	flag.Parse()
	if err := run(*prenomes, *cities, *out, *minCount); err != nil {
		fmt.Fprintln(os.Stderr, "buildnames:", err)
		os.Exit(1)
	}
}

func run(prenomes, cities, out string, minCount int) error {
	names, err := firstNames(prenomes, minCount)
	if err != nil {
		return err
	}
	places, err := placeNames(filepath.Join(cities, "data", "world-cities.csv"))
	if err != nil {
		return err
	}
	head := "# First names, one a line, written by `go run ./internal/cmd/buildnames` from\n" +
		"# github.com/datasets-br/prenomes (ODC-PDDL-1.0): the IBGE census's first names\n" +
		fmt.Sprintf("# borne by at least %d people, and Wikidata's given names (CC0). Do not edit.\n", minCount)
	if err := write(filepath.Join(out, "firstnames.txt"), head, names); err != nil {
		return err
	}
	head = "# Place names (cities above 15,000 people, countries, first-level subdivisions), one\n" +
		"# a line, written by `go run ./internal/cmd/buildnames` from github.com/datasets/world-cities\n" +
		"# (ODC-PDDL-1.0), whose data comes from GeoNames (www.geonames.org, CC BY 4.0). Do not edit.\n"
	return write(filepath.Join(out, "places.txt"), head, places)
}

// firstNames reads the census names with at least minCount bearers, title
// cased, and Wikidata's one-word given names.
func firstNames(dir string, minCount int) ([]string, error) {
	seen := map[string]bool{}
	err := readCSV(filepath.Join(dir, "data", "nomes-censos-ibge.csv"), func(rec []string) {
		n := 0
		for _, f := range rec[1:] {
			v, _ := strconv.Atoi(f)
			n += v
		}
		if n >= minCount && isName(rec[0]) {
			seen[titleCase(rec[0])] = true
		}
	})
	if err != nil {
		return nil, err
	}
	for _, f := range []string{"wd_masculinos-pt.csv", "wd_femininos.csv"} {
		err := readCSV(filepath.Join(dir, "data", f), func(rec []string) {
			if len(rec) > 1 && isName(rec[1]) {
				seen[rec[1]] = true
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return sorted(seen), nil
}

// placeNames reads the city, country and subdivision names.
func placeNames(path string) ([]string, error) {
	seen := map[string]bool{}
	err := readCSV(path, func(rec []string) {
		for _, f := range rec[:min(3, len(rec))] {
			if f = strings.TrimSpace(f); f != "" && f != "N/A" && strings.IndexFunc(f, unicode.IsDigit) < 0 {
				seen[f] = true
			}
		}
	})
	return sorted(seen), err
}

// isName reports whether s is one word of letters, apostrophes and
// hyphens, starting with a letter (not a Wikidata id such as Q20510520).
func isName(s string) bool {
	if s == "" || !unicode.IsLetter([]rune(s)[0]) {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '-' }) < 0
}

func titleCase(s string) string {
	r := []rune(strings.ToLower(s))
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// readCSV calls fn with every record of path after the header.
func readCSV(path string, fn func([]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	if _, err := r.Read(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		fn(rec)
	}
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func write(path, head string, lines []string) error {
	return os.WriteFile(path, []byte(head+strings.Join(lines, "\n")+"\n"), 0o644)
}

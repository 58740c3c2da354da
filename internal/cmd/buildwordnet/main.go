// Command buildwordnet writes the organisation, person and place name
// lists that the English entity tagger knows words from
// (internal/cmd/trainentities/lists/wordnet-*.txt), from the proper nouns
// of WordNet 3.0 (Princeton University, WordNet 3.0 licence: use, copy,
// modify and distribute with its copyright notice; Debian's wordnet-base
// package installs it in /usr/share/wordnet):
//
//   - organisations: capitalised nouns under organization.n.01 (parties,
//     agencies, companies, bands, clubs, armed groups);
//   - people: capitalised instances of a person (noun.person);
//   - places: capitalised nouns under location.n.01 (cities, countries,
//     rivers, regions).
//
// Run it from the module root:
//
//	go run ./internal/cmd/buildwordnet -wordnet /usr/share/wordnet
//
// The output is sorted and deterministic.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The synsets whose descendants are listed, by offset in data.noun.
const (
	organization = "08008335"
	location     = "00027167"
	lexPerson    = "18" // noun.person
)

// synset is what the lists need of one noun synset.
type synset struct {
	lexFile   string
	words     []string
	instance  bool     // an instance of its hypernyms (a proper noun)
	hypernyms []string // offsets, instance hypernyms included
}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0's dict directory (data.noun)")
	out := flag.String("out", "internal/cmd/trainentities/lists", "where to write wordnet-orgs.txt, wordnet-people.txt and wordnet-places.txt")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "buildwordnet:", err)
		os.Exit(1)
	}
}

func run(dir, out string) error {
	nouns, err := readNouns(filepath.Join(dir, "data.noun"))
	if err != nil {
		return err
	}
	var orgs, people, places []string
	for off, s := range nouns {
		switch {
		case under(nouns, off, organization):
			orgs = append(orgs, capitalised(s.words)...)
		case under(nouns, off, location):
			places = append(places, capitalised(s.words)...)
		case s.instance && s.lexFile == lexPerson:
			people = append(people, capitalised(s.words)...)
		}
	}
	for _, l := range []struct {
		file, what string
		names      []string
	}{
		{"wordnet-orgs.txt", "Organisation names (capitalised nouns under organization.n.01)", orgs},
		{"wordnet-people.txt", "Names of people (capitalised instances of noun.person)", people},
		{"wordnet-places.txt", "Place names (capitalised nouns under location.n.01)", places},
	} {
		head := fmt.Sprintf("# %s, one a line, written by\n", l.what) +
			"# `go run ./internal/cmd/buildwordnet` from WordNet 3.0's data.noun. WordNet 3.0\n" +
			"# Copyright 2006 by Princeton University. All rights reserved. (WordNet 3.0\n" +
			"# licence: permission to use, copy, modify and distribute with this notice.) Do not edit.\n"
		if err := write(filepath.Join(out, l.file), head, l.names); err != nil {
			return err
		}
	}
	return nil
}

// readNouns parses WordNet's data.noun: per synset offset, its lexicographer
// file, words and hypernyms.
func readNouns(path string) (map[string]synset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	nouns := map[string]synset{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") {
			continue // the licence
		}
		data, _, _ := strings.Cut(line, " | ")
		fs := strings.Fields(data)
		if len(fs) < 4 {
			continue
		}
		n, err := strconv.ParseInt(fs[3], 16, 32)
		if err != nil || len(fs) < 5+2*int(n) {
			return nil, fmt.Errorf("%s: bad synset %q", path, fs[0])
		}
		s := synset{lexFile: fs[1]}
		for i := range int(n) {
			s.words = append(s.words, strings.ReplaceAll(fs[4+2*i], "_", " "))
		}
		ptrs := fs[5+2*n:]
		for i := 0; i+3 < len(ptrs); i += 4 {
			switch ptrs[i] {
			case "@i":
				s.instance = true
				fallthrough
			case "@":
				s.hypernyms = append(s.hypernyms, ptrs[i+1])
			}
		}
		nouns[fs[0]] = s
	}
	return nouns, sc.Err()
}

// under reports whether synset off is root or one of its descendants.
func under(nouns map[string]synset, off, root string) bool {
	seen := map[string]bool{}
	todo := []string{off}
	for len(todo) > 0 {
		o := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if o == root {
			return true
		}
		if !seen[o] {
			seen[o] = true
			todo = append(todo, nouns[o].hypernyms...)
		}
	}
	return false
}

// capitalised returns the words that start with a capital letter, without
// WordNet's markers of adjective position ("(a)").
func capitalised(words []string) []string {
	var out []string
	for _, w := range words {
		w, _, _ = strings.Cut(w, "(")
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			out = append(out, w)
		}
	}
	return out
}

func write(path, head string, names []string) error {
	slices.Sort(names)
	names = slices.Compact(names)
	return os.WriteFile(path, []byte(head+strings.Join(names, "\n")+"\n"), 0o644)
}

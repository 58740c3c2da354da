// Command buildorgendings writes nlp/data/orgendings.txt, the words that
// end company names ("Analytics", "Logistics", "Therapeutics"): a name the
// tagger labels PERSON or LOCATION that ends in one is an organisation.
//
// The words come from the names of the companies listed on NASDAQ, NYSE
// and the other US exchanges, in two public data packages
// (datasets/nasdaq-listings and datasets/nyse-other-listings,
// ODC-PDDL-1.0; the data is NASDAQ's symbol directory). Each name loses
// what describes the security ("Common Stock", "Class A", "5.25% Notes"),
// parentheses, and its legal form and jurisdiction at the end ("Inc.",
// "Ltd", "Cayman"); its last word, written as a capitalised word, is kept
// when it ends the names of companies with at least -min different words
// before it (so a family's name, "John Hancock ... Fund", or a brand's
// securities, "Charles Schwab", are not endings) and is not a stop word,
// a first name or a place of the trainer's lists. Last, a word that ends
// more names of people or places than of organisations in the English
// taggers' training splits (-train) is dropped ("Street": "Wall Street").
//
// Run it from the module root on checkouts of both repositories:
//
//	go run ./internal/cmd/buildorgendings -nasdaq ../nasdaq-listings -nyse ../nyse-other-listings \
//		-commits 31d3809cc090d5a535ecc3db2b26904cbb2ac84d,e08f184e20a73d596f9288e0bf28bd09aa577a48
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
	"regexp"
	"slices"
	"strings"

	"github.com/ckmhq/ckm/internal/conll"
)

func main() {
	nasdaq := flag.String("nasdaq", "", "a checkout of github.com/datasets/nasdaq-listings")
	nyse := flag.String("nyse", "", "a checkout of github.com/datasets/nyse-other-listings")
	lists := flag.String("lists", "internal/cmd/trainentities/lists", "the trainer's lists (firstnames.txt, places.txt)")
	stop := flag.String("stopwords", "nlp/data/stopwords_en.txt", "English stop words")
	train := flag.String("train", "../shared/data/ner/btc-train.conll,../shared/data/ner/wnut17-train.conll,../shared/data/ner/sec-filings-train.conll", "comma-separated English training splits whose names veto an ending")
	minBefore := flag.Int("min", 2, "fewest different words before an ending")
	commits := flag.String("commits", "", "the checkouts' commits, nasdaq,nyse, for the list's header")
	out := flag.String("out", "nlp/data/orgendings.txt", "the list to write")
	flag.Parse()
	if err := run(*nasdaq, *nyse, *lists, *stop, strings.Split(*train, ","), *minBefore, *commits, *out); err != nil {
		fmt.Fprintln(os.Stderr, "buildorgendings:", err)
		os.Exit(1)
	}
}

func run(nasdaq, nyse, lists, stop string, train []string, minBefore int, commits, out string) error {
	if nasdaq == "" || nyse == "" {
		return fmt.Errorf("-nasdaq and -nyse are required")
	}
	var names []string
	for _, f := range []string{filepath.Join(nasdaq, "data", "nasdaq-listed-symbols.csv"), filepath.Join(nyse, "data", "other-listed.csv")} {
		n, err := companyNames(f)
		if err != nil {
			return err
		}
		names = append(names, n...)
	}
	excluded := map[string]bool{}
	places := map[string]bool{}
	if err := readWords(filepath.Join(lists, "places.txt"), places, false); err != nil {
		return err
	}
	if err := readWords(filepath.Join(lists, "firstnames.txt"), excluded, false); err != nil {
		return err
	}
	if err := readWords(stop, excluded, true); err != nil {
		return err
	}
	for w := range places {
		excluded[w] = true
	}
	before := map[string]map[string]bool{} // ending → the words before it
	for _, n := range names {
		ws := nameWords(n, places)
		if len(ws) < 2 || !capitalised.MatchString(ws[len(ws)-1]) {
			continue
		}
		end := strings.ToLower(ws[len(ws)-1])
		if before[end] == nil {
			before[end] = map[string]bool{}
		}
		before[end][strings.ToLower(ws[len(ws)-2])] = true
	}
	veto, err := vetoes(train)
	if err != nil {
		return err
	}
	var words []string
	for w, b := range before {
		if len(b) >= minBefore && len(w) >= 3 && !excluded[w] && !roman.MatchString(w) && !veto[w] {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	nc, yc, _ := strings.Cut(commits, ",")
	head := "# Words that end company names, one a line, written by `go run ./internal/cmd/buildorgendings`\n" +
		fmt.Sprintf("# from github.com/datasets/nasdaq-listings @ %s (data/nasdaq-listed-symbols.csv)\n", nc) +
		fmt.Sprintf("# and github.com/datasets/nyse-other-listings @ %s (data/other-listed.csv),\n", yc) +
		"# ODC-PDDL-1.0 (the data is NASDAQ's symbol directory): the last word of the names of\n" +
		fmt.Sprintf("# listed companies, after their legal form, with at least %d different words before it,\n", minBefore) +
		"# less those that end more people's or places' names than organisations' in the English\n" +
		"# training splits. Do not edit.\n"
	return os.WriteFile(out, []byte(head+strings.Join(words, "\n")+"\n"), 0o644)
}

var (
	capitalised = regexp.MustCompile(`^\p{Lu}\p{Ll}+$`)
	roman       = regexp.MustCompile(`^[ivxl]+$`)
	parens      = regexp.MustCompile(`\([^)]*\)`)
	digit       = regexp.MustCompile(`\d`)
)

// security words start what a listing adds to the company's name: "Acme
// Inc. Class A Common Stock".
var security = map[string]bool{
	"common": true, "ordinary": true, "american": true, "depositary": true, "class": true,
	"series": true, "warrant": true, "warrants": true, "unit": true, "units": true,
	"rights": true, "preferred": true, "shares": true, "notes": true,
	"&": true, "and": true, "of": true, "the": true, "for": true,
}

// legalForms end a company's name after its last word: "Acme Analytics,
// Inc.", "Acme N.V.".
var legalForms = map[string]bool{
	"inc": true, "incorporated": true, "corp": true, "corporation": true, "co": true,
	"company": true, "cos": true, "ltd": true, "limited": true, "plc": true, "llc": true,
	"lp": true, "l.p": true, "lllp": true, "n.v": true, "nv": true, "s.a": true, "sa": true,
	"s.a.b": true, "de": true, "c.v": true, "cv": true, "ag": true, "se": true, "asa": true,
	"ab": true, "oyj": true, "spa": true, "s.p.a": true, "bhd": true, "tbk": true, "pbc": true,
	"a/s": true, "kgaa": true, "bv": true, "b.v": true, "ulc": true, "pte": true,
}

// nameWords returns the words of a listed company's name without what
// describes the security, its parentheses, and its legal forms and
// places at the end.
func nameWords(name string, places map[string]bool) []string {
	name, _, _ = strings.Cut(name, " - ")
	name = parens.ReplaceAllString(name, " ")
	var ws []string
	for _, w := range strings.Fields(strings.ReplaceAll(name, ",", " ")) {
		w = strings.Trim(w, ".,")
		if w == "" {
			continue
		}
		if len(ws) > 0 && (security[strings.ToLower(w)] || digit.MatchString(w)) {
			break
		}
		ws = append(ws, w)
	}
	for len(ws) > 0 && (legalForms[strings.ToLower(ws[len(ws)-1])] || places[strings.ToLower(ws[len(ws)-1])]) {
		ws = ws[:len(ws)-1]
	}
	return ws
}

// companyNames reads the company names of a listing file, without its
// exchange-traded funds and test issues.
func companyNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := func(name string) int { return slices.Index(head, name) }
	name, etf, test := col("Company Name"), col("ETF"), col("Test Issue")
	if name < 0 || etf < 0 || test < 0 {
		return nil, fmt.Errorf("%s: no Company Name, ETF or Test Issue column", path)
	}
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) > max(name, etf, test) && rec[etf] == "N" && rec[test] == "N" {
			out = append(out, rec[name])
		}
	}
}

// vetoes returns the lowercase last words of names of two words or more
// that the training files tag as a person or a place at least as often
// as an organisation.
func vetoes(files []string) (map[string]bool, error) {
	kinds := map[string]int{"PER": -1, "person": -1, "LOC": -1, "location": -1, "ORG": 1, "group": 1, "corporation": 1}
	score := map[string]int{} // organisations less people and places
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		sents, err := conll.Read(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, s := range sents {
			for _, sp := range conll.Spans(s.Tags) {
				if k := kinds[sp.Label]; k != 0 && sp.End-sp.Start > 1 {
					w := strings.ToLower(s.Tokens[sp.End-1])
					score[w] += k
				}
			}
		}
	}
	veto := map[string]bool{}
	for w, s := range score {
		if s <= 0 { // seen, and not more often an organisation
			veto[w] = true
		}
	}
	return veto, nil
}

// readWords adds the lowercase words of a list file to set: every word
// when fields is set (a stop word list), else the names of one word (one
// name a line, aliases after a tab). "#" starts a comment line.
func readWords(path string, set map[string]bool, fields bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, "\t")
		if ws := strings.Fields(name); fields || len(ws) == 1 {
			for _, w := range ws {
				set[strings.ToLower(w)] = true
			}
		}
	}
	return nil
}

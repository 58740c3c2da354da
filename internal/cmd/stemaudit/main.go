// Command stemaudit checks that the stemmers bring a word's forms to one
// key. It reads a lexicon expanded from hunspell (one form a line, each
// dictionary root followed by the forms derived from it, as unmunch
// prints them), stems every form and its root, and counts the forms whose
// stem differs from their root's, by kind of form. It then does the same
// for the words of the development data that the lexicon knows.
//
//	apt-get install hunspell-pt-br hunspell-tools
//	unmunch /usr/share/hunspell/pt_BR.dic /usr/share/hunspell/pt_BR.aff > /tmp/pt-forms.txt
//	go run ./internal/cmd/stemaudit -lexicon /tmp/pt-forms.txt -dic /usr/share/hunspell/pt_BR.dic
//
// The lexicon is not committed; EVALUATION.md holds the summary table.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/ckmhq/ckm/nlp"
)

func main() {
	log.SetFlags(0)
	lexicon := flag.String("lexicon", "", "unmunch output: every form, each root first")
	dic := flag.String("dic", "/usr/share/hunspell/pt_BR.dic", "the hunspell dictionary the lexicon was expanded from (for its roots)")
	data := flag.String("data", "../shared/data", "the development data directory")
	lang := flag.String("lang", "pt", "language of the lexicon: pt or en")
	examples := flag.Int("examples", 6, "examples of forms apart per kind")
	flag.Parse()
	if *lexicon == "" {
		log.Fatal("stemaudit: -lexicon is required")
	}
	l := nlp.Language(*lang)
	words, err := devWords(*data, l)
	if err != nil {
		log.Fatal("stemaudit: ", err)
	}
	lex, dev, err := audit(l, *lexicon, *dic, words)
	if err != nil {
		log.Fatal("stemaudit: ", err)
	}
	fmt.Printf("lexicon %s: forms apart from their root's stem, by kind\n\n", filepath.Base(*lexicon))
	lex.print(*examples)
	fmt.Printf("\ndevelopment data (%d distinct %s words, %d in the lexicon)\n\n", len(words), l, dev.total())
	dev.print(*examples)
}

// tally counts forms and forms apart per kind, with examples.
type tally struct {
	forms, apart map[string]int
	examples     map[string][]string
}

func newTally() *tally {
	return &tally{forms: map[string]int{}, apart: map[string]int{}, examples: map[string][]string{}}
}

func (t *tally) add(kind, form, root string, met bool, max int) {
	t.forms[kind]++
	if !met {
		t.apart[kind]++
		if len(t.examples[kind]) < max {
			t.examples[kind] = append(t.examples[kind], form+"/"+root)
		}
	}
}

func (t *tally) total() int {
	n := 0
	for _, v := range t.forms {
		n += v
	}
	return n
}

func (t *tally) print(examples int) {
	kinds := make([]string, 0, len(t.forms))
	for k := range t.forms {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	fmt.Println("| kind of form | forms | apart | share apart | examples (form/root) |")
	fmt.Println("|---|---:|---:|---:|---|")
	var f, a int
	for _, k := range kinds {
		f, a = f+t.forms[k], a+t.apart[k]
		fmt.Printf("| %s | %d | %d | %.1f%% | %s |\n", k, t.forms[k], t.apart[k], pct(t.apart[k], t.forms[k]), strings.Join(t.examples[k][:min(examples, len(t.examples[k]))], ", "))
	}
	fmt.Printf("| all | %d | %d | %.1f%% | |\n", f, a, pct(a, f))
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// audit streams the lexicon. A line equal to the next root of the
// dictionary starts that root's group.
func audit(lang nlp.Language, lexicon, dic string, dev map[string]bool) (lex, devT *tally, err error) {
	roots, err := dicRoots(dic)
	if err != nil {
		return nil, nil, err
	}
	f, err := os.Open(lexicon)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	lex, devT = newTally(), newTally()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	next, root, rootStem := 0, "", ""
	seen := map[string]bool{}
	for sc.Scan() {
		form := sc.Text()
		if next < len(roots) && form == roots[next] {
			root, rootStem = form, nlp.Stem(lang, form)
			next++
			continue
		}
		// Names, and forms with a hyphenated clitic ("fazê-lo"), which
		// the tokenizer splits anyway, are not audited.
		if root == "" || form == root || hasUpper(form) || hasUpper(root) || strings.Contains(form, "-") {
			continue
		}
		met := nlp.Stem(lang, form) == rootStem
		kind := kindOf(lang, form, root)
		lex.add(kind, form, root, met, 50)
		if dev[form] && !seen[form] {
			seen[form] = true
			devT.add(kind, form, root, met, 50)
		}
	}
	return lex, devT, sc.Err()
}

// dicRoots reads the words of a hunspell .dic, without their flags.
func dicRoots(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Scan() // the count
	for sc.Scan() {
		w, _, _ := strings.Cut(sc.Text(), "/")
		out = append(out, strings.TrimSpace(w))
	}
	return out, sc.Err()
}

func hasUpper(s string) bool { return strings.IndexFunc(s, unicode.IsUpper) >= 0 }

// kindOf names the relation of a form to its root.
func kindOf(lang nlp.Language, form, root string) string {
	if lang != nlp.Portuguese {
		switch {
		case strings.HasSuffix(form, "s") && strings.HasPrefix(form, root[:max(1, len(root)-1)]):
			return "plural or 3rd person -s"
		case strings.HasSuffix(form, "ed"):
			return "past -ed"
		case strings.HasSuffix(form, "ing"):
			return "gerund -ing"
		}
		return "other"
	}
	has := strings.HasSuffix
	rf, rr := []rune(form), []rune(root)
	common := 0
	for common < min(len(rf), len(rr)) && rf[common] == rr[common] {
		common++
	}
	switch {
	case common < min(3, len(rr)-1):
		return "derivation: prefix or other radical (expected apart)"
	case strings.Contains(form, "inh") || strings.Contains(form, "zinh") || strings.Contains(form, "íssim") ||
		strings.Contains(form, "zão") || strings.Contains(form, "zões") || (len(rf) > len(rr)+2 && (has(form, "ão") || has(form, "ões") || has(form, "ona") || has(form, "onas"))):
		return "derivation: diminutive, superlative, augmentative (expected apart)"
	case has(form, "ns") && has(root, "m"):
		return "plural -ns of -m"
	case has(form, "ões") && has(root, "ão"):
		return "plural -ões of -ão"
	case (has(form, "ães") || has(form, "ãos")) && has(root, "ão"):
		return "plural -ães/-ãos of -ão"
	case has(form, "is") && has(root, "l"):
		return "plural -is of -l"
	case form == root+"s" || form == root+"es":
		return "plural -s/-es"
	case has(root, "ar") || has(root, "er") || has(root, "ir") || has(root, "or"):
		return "verb form"
	case has(root, "o") && (has(form, "a") || has(form, "as")):
		return "feminine -a"
	}
	return "other"
}

// devWords returns the lowercased words of the development data in lang:
// the text of the JSON Lines files and the tokens of the CoNLL files.
func devWords(data string, lang nlp.Language) (map[string]bool, error) {
	files := map[nlp.Language][]string{
		nlp.Portuguese: {"pt/reclamacoes.jsonl", "ner/lener-br-train.conll", "ner/lener-br-dev.conll", "ner/paramopama.conll"},
		nlp.English: {"needs/app-reviews.jsonl", "needs/github-issues.jsonl", "needs/requirements.jsonl", "intents/banking77.jsonl",
			"ner/wnut17-train.conll", "ner/wikigold.conll", "ner/sec-filings-train.conll", "ner/btc-train.conll"},
	}[lang]
	words := map[string]bool{}
	for _, name := range files {
		f, err := os.Open(filepath.Join(data, name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			line := sc.Text()
			if strings.HasSuffix(name, ".jsonl") {
				var d struct{ Subject, Text string }
				if json.Unmarshal([]byte(line), &d) != nil {
					continue
				}
				line = d.Subject + " " + d.Text
			} else {
				line, _, _ = strings.Cut(line, " ")
			}
			for _, w := range strings.FieldsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
				words[strings.ToLower(strings.Trim(w, "-"))] = true
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return words, nil
}

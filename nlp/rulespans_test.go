package nlp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/jdkato/prose/v3/tokenize"
)

// spanRules are the rules of compileRules that run over spans: the phone
// rule, the Brazilian tax ids and the numeric dates.
func spanRules(t testing.TB) []rule {
	t.Helper()
	var out []rule
	for _, r := range compileRules() {
		if r.spans != nil {
			out = append(out, r)
		}
	}
	if len(out) < 4 {
		t.Fatalf("%d rules with spans, want the phone, tax id and two date rules", len(out))
	}
	return out
}

// spansAgree reports whether each rule's matches, run over its spans, are
// those of its regexp run over the whole text, and says where not.
func spansAgree(rules []rule, text string) (string, bool) {
	for _, r := range rules {
		want := r.re.FindAllStringSubmatchIndex(text, -1)
		if got := ruleMatches(r, text, nil); !slices.EqualFunc(want, got, slices.Equal) {
			return fmt.Sprintf("%s rule %s: spans %v find %v, the whole text %v", r.label, r.re, r.spans(text), got, want), false
		}
	}
	return "", true
}

// phoneTexts are texts around the edges of the span rules: a "+" before
// the digits, nine digits exactly and one fewer, brackets, separators the
// patterns allow and those they do not, runs broken by letters, digits
// that are not phones, tax ids and dates.
var phoneTexts = []string{
	"Ligue (11) 98765-4321, 11 3456-7890, +55 (21) 99876-5432 ou 0800 123 4567.",
	"Call (415) 555-0100 or +1 415.555.0199.", "+1 2 34", "+12", "a+1 22 333", "12 345 6789", "12 345 678",
	"(11)98765-4321", "(11)  98765-4321", "11-3456-7890x", "x11.3456.7890", "version 1.2.3.4.5.6.7.8.9",
	"IP 192.168.100.200 port 8080", "2019-01-01 12:00:00.123456789", "id=123456789012345", "+-+-+-1",
	"tel: +55 (11)\t3456\n7890", "R$ 1.234.567,89", "ab(12)34567-8901cd", "((((((((((1))))))))))23456789",
	"", "+", "9", "número 11 3456-7890 e +44 20 7946 0958.",
	"CPF 123.456.789-09, CNPJ 12.345.678/0001-95", "12.345.678/0001-9", "x123.456.789-09y", "1.2.3.4.5.6.7.8.9.0.1-2",
	"on 2026-03-01, 2026-3-01 and 12026-03-011", "02/03/2026, 2/3/26, 1/2/3, 123/45/6789/0", "--2026-01-01--", "//1/1/11//",
}

// TestSpansAgree checks that running each span rule's pattern over its
// spans finds exactly what running it over the whole text finds, on edge
// cases and on every development text present.
func TestSpansAgree(t *testing.T) {
	rules := spanRules(t)
	matched := map[string]int{}
	for _, text := range phoneTexts {
		if why, ok := spansAgree(rules, text); !ok {
			t.Errorf("%q: %s", text, why)
		}
		for _, r := range rules {
			if r.re.MatchString(text) {
				matched[r.re.String()]++
			}
		}
	}
	for _, r := range rules {
		if matched[r.re.String()] < 2 {
			t.Errorf("only %d of the edge cases match %s: the test checks too little", matched[r.re.String()], r.re)
		}
	}
	for _, path := range []string{"../../shared/data/needs/github-issues.jsonl", "../../shared/data/needs/app-reviews.jsonl", "../../shared/data/pt/reclamacoes.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			t.Logf("skipping %s: %v (the development data is not here)", path, err)
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		n := 0
		for sc.Scan() {
			var d struct{ Subject, Text string }
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if why, ok := spansAgree(rules, d.Subject+"\n"+d.Text); !ok {
				t.Errorf("%s: %s", path, why)
			}
			n++
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d texts agree", path, n)
	}
}

// FuzzRuleSpans checks the same on any text.
func FuzzRuleSpans(f *testing.F) {
	for _, text := range phoneTexts {
		f.Add(text)
	}
	rules := spanRules(f)
	f.Fuzz(func(t *testing.T, text string) {
		if why, ok := spansAgree(rules, text); !ok {
			t.Errorf("%q: %s", text, why)
		}
	})
}

// BenchmarkRuleEntities runs every entity rule over the first 300 GitHub
// issues of the development data (tokenized beforehand), the rules' part
// of an analysis.
func BenchmarkRuleEntities(b *testing.B) {
	f, err := os.Open("../../shared/data/needs/github-issues.jsonl")
	if err != nil {
		b.Skipf("the development data is not here: %v", err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() && len(texts) < 300 {
		var d struct{ Subject, Text string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			b.Fatal(err)
		}
		texts = append(texts, d.Subject+"\n"+d.Text)
	}
	tk := tokenize.New()
	toks := make([][]Token, len(texts))
	for i, s := range texts {
		toks[i] = tokenizeText(tk, s)
	}
	rules := compileRules()
	lang := func(int) Language { return English }
	b.ResetTimer()
	for b.Loop() {
		for i, s := range texts {
			ruleEntities(rules, s, toks[i], lang)
		}
	}
}

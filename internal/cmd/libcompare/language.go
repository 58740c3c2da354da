package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pemistahl/lingua-go"

	"github.com/ckmhq/ckm/nlp"
)

// labelled is a text and its language.
type labelled struct {
	text string
	lang nlp.Language // Unknown: neither language can be told
}

// compareLanguage tells English from Portuguese with nlp.DetectLanguage
// and with lingua-go restricted to the same two languages, on nlp's own
// test cases, the labelled sample, 1000 English banking chats and 1000
// Portuguese complaints.
func compareLanguage(data string) error {
	sets := []struct {
		name  string
		items []labelled
	}{
		{"nlp's TestDetectLanguage cases (13, 4 unknown)", nlpCases()},
	}
	sample, err := readJSONL("../../../examples/sample.jsonl", 0, "")
	if err != nil {
		return err
	}
	sets = append(sets, struct {
		name  string
		items []labelled
	}{"examples/sample.jsonl (48, labelled)", sample})
	for _, c := range []struct {
		file, lang string
	}{{"intents/banking77.jsonl", "en"}, {"pt/reclamacoes.jsonl", "pt"}} {
		items, err := readJSONL(filepath.Join(data, c.file), 1000, c.lang)
		if err != nil {
			return err
		}
		sets = append(sets, struct {
			name  string
			items []labelled
		}{fmt.Sprintf("%s (first %d, all %s)", c.file, len(items), c.lang), items})
	}
	start := time.Now()
	det := lingua.NewLanguageDetectorBuilder().FromLanguages(lingua.English, lingua.Portuguese).WithPreloadedLanguageModels().Build()
	loadTook := time.Since(start)
	fmt.Printf("\n### Language: English or Portuguese (lingua-go v1.4.0 detector built in %s)\n\n", loadTook.Round(time.Millisecond))
	fmt.Println("| texts | nlp.DetectLanguage correct | lingua-go correct | nlp time per text | lingua-go time per text |")
	fmt.Println("|---|---|---|---|---|")
	for _, s := range sets {
		var okOurs, okLib int
		var tOurs, tLib time.Duration
		for _, it := range s.items {
			t0 := time.Now()
			got := nlp.DetectLanguage(it.text)
			tOurs += time.Since(t0)
			if got == it.lang {
				okOurs++
			}
			t0 = time.Now()
			l, ok := det.DetectLanguageOf(it.text)
			tLib += time.Since(t0)
			if linguaLang(l, ok) == it.lang {
				okLib++
			}
		}
		n := time.Duration(len(s.items))
		fmt.Printf("| %s | %d/%d | %d/%d | %s | %s |\n", s.name, okOurs, len(s.items), okLib, len(s.items), (tOurs / n).Round(100*time.Nanosecond), (tLib / n).Round(100*time.Nanosecond))
	}
	return nil
}

func linguaLang(l lingua.Language, ok bool) nlp.Language {
	switch {
	case !ok:
		return nlp.Unknown
	case l == lingua.English:
		return nlp.English
	case l == lingua.Portuguese:
		return nlp.Portuguese
	}
	return nlp.Unknown
}

// nlpCases are the cases of nlp/language_test.go's TestDetectLanguage.
func nlpCases() []labelled {
	return []labelled{
		{"We need the project number on every invoice, please.", nlp.English},
		{"Precisamos do número do projeto em todas as notas fiscais.", nlp.Portuguese},
		{"Nao conseguimos exportar os relatorios, isso e muito chato.", nlp.Portuguese},
		{"Thanks!", nlp.English},
		{"Obrigado!", nlp.Portuguese},
		{"Exportação", nlp.Portuguese},
		{"Exporting", nlp.English},
		{"A gente precisa do report, the export is broken mas tudo bem, vamos ver com o time.", nlp.Portuguese},
		{"The dashboard is great, obrigado, but the export keeps crashing when we run it.", nlp.English},
		{"", nlp.Unknown},
		{"4521 / 88-1200", nlp.Unknown},
		{"Ana Paula", nlp.Unknown},
		{"?!...", nlp.Unknown},
	}
}

// readJSONL reads up to n (0: all) documents' texts, labelled with lang,
// or with their own "lang" when lang is empty.
func readJSONL(path string, n int, lang string) ([]labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	var out []labelled
	for sc.Scan() && (n == 0 || len(out) < n) {
		var d struct{ Text, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		l := lang
		if l == "" {
			l = d.Lang
		}
		out = append(out, labelled{d.Text, nlp.ParseLanguage(l)})
	}
	return out, sc.Err()
}

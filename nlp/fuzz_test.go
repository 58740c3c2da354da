package nlp

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ckmhq/ckm"
)

// FuzzAnalyze checks that Analyze never panics and that every span it
// reports slices the text exactly, whatever the text, language and turns.
func FuzzAnalyze(f *testing.F) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "*.input"))
	for _, in := range inputs {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		doc, err := ckm.DecodeDocument(b)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc.Text, doc.Lang, 0, 0)
	}
	f.Add("Precisamos de R$ 1.200,50 até 03/04/2026, Sr. João.", "", 3, 20)
	f.Add("We don't need it.\n\nCall +1 (415) 555-0100 or see https://x.y/(z).", "en", -1, 400)
	f.Add("Dra.\nAna\r\n\u00a0é\xff\xfe", "pt", 2, 1)
	f.Add(", which we want. that vs. que pediu: i.e. e.g.", "", 0, 3)
	f.Add("**Is your feature request related?**\n### Describe\n*a* **b.** ***\n**Describe the solution you'd like**\nIt should.", "en", 0, 0)
	f.Fuzz(func(t *testing.T, text, lang string, turnStart, turnEnd int) {
		doc := ckm.Document{ID: "fuzz", Lang: lang, Text: text}
		if turnStart != 0 || turnEnd != 0 {
			doc.Turns = []ckm.Turn{{Role: ckm.RoleAgent, Start: turnStart, End: turnEnd}, {Role: ckm.RoleCustomer, Start: turnEnd, End: len(text)}}
		}
		a, err := Analyze(context.Background(), doc)
		if err != nil {
			t.Fatalf("Analyze: %v", err)
		}
		checkInvariants(t, text, a)
	})
}

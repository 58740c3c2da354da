package nlp_test

import (
	"context"
	"fmt"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

func ExampleAnalyze() {
	doc := ckm.Document{
		ID:   "call-1",
		Text: "We need the project number on invoices. Exporting takes forever, so we fix invoice #4521 manually.",
	}
	a, err := nlp.Analyze(context.Background(), doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("language:", a.Language)
	for _, e := range a.Entities {
		fmt.Printf("entity: %s %q value=%s\n", e.Label, e.Text, e.Value)
	}
	for _, n := range a.Needs {
		fmt.Printf("need: %s/%s %q key=%q\n", n.Kind, n.Cue, n.Theme, n.ThemeKey)
	}
	// Output:
	// language: en
	// entity: REFERENCE "invoice #4521" value=4521
	// need: explicit/request "project number on invoices" key="project-number"
	// need: implied/pain "exporting" key="performance"
	// need: implied/workaround "invoice" key="invoice"
}

func ExampleDetectLanguage() {
	fmt.Println(nlp.DetectLanguage("A exportação não funciona."))
	fmt.Println(nlp.DetectLanguage("The export does not work."))
	fmt.Println(nlp.DetectLanguage("4521"))
	// Output:
	// pt
	// en
	// und
}

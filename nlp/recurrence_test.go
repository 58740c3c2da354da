package nlp

import (
	"strings"
	"testing"
)

// TestStatesRecurrence checks the words that say a problem recurs, whole
// words only, in both languages.
func TestStatesRecurrence(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]bool{
		"We hit the request limit again last night.":          true,
		"The nightly job still fails.":                        true,
		"O sistema ficou muito lento de novo.":                true,
		"Toda vez que importamos o catálogo, trava.":          true,
		"I can't attach a PDF over 10 MB.":                    false,
		"bom dia, o sistema está fora do ar?":                 false,
		"Against all odds the report was late.":               false, // "again" is a word, not a prefix
		"Não consigo anexar o arquivo, continuamos tentando.": false,
	} {
		if got := StatesRecurrence(text); got != want {
			t.Errorf("StatesRecurrence(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestSpecificTopics checks that the specific seed topics a text names
// are found anywhere in it, in either language, and broad ones are not.
func TestSpecificTopics(t *testing.T) {
	t.Parallel()
	for text, want := range map[string]string{
		"Our legal team still needs written confirmation that backups stay in a Canadian region.": "data-residency",
		"Precisamos de uma trilha de auditoria das ordens.":                                       "audit-log",
		"Can we get the report by depot?":                                                         "",
	} {
		got := strings.Join(SpecificTopics(text), " ")
		if got != want {
			t.Errorf("SpecificTopics(%q) = %q, want %q", text, got, want)
		}
	}
}

package nlp

import "testing"

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

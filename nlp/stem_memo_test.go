package nlp

import (
	"fmt"
	"testing"
)

// TestStemMemo shows that the memo changes no stem, keeps each language
// apart, and stops growing at stemMemoSize words.
func TestStemMemo(t *testing.T) {
	words := []string{"Exportações", "exportacao", "mensagens", "altos", "running", "Integrations", "papéis", "de", ""}
	for _, lang := range []Language{English, Portuguese, Language("es")} {
		for _, w := range words {
			for range 2 { // the second call reads the memo
				if got, want := Stem(lang, w), stem(lang, w); got != want {
					t.Errorf("Stem(%s, %q) = %q, want %q", lang, w, got, want)
				}
			}
		}
	}
	if en, pt := Stem(English, "integrations"), Stem(Portuguese, "integrations"); en == pt {
		t.Errorf("English and Portuguese stems of %q agree (%q): the memo mixes languages", "integrations", en)
	}
	var m stemMemo
	for i := range stemMemoSize + 100 {
		m.stem(English, fmt.Sprint("w", i))
	}
	if n := m.n.Load(); n != stemMemoSize {
		t.Errorf("memo holds %d words after %d distinct ones, want at most %d", n, stemMemoSize+100, stemMemoSize)
	}
}

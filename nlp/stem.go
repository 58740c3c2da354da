package nlp

import (
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// Stem returns the search key of one word in the given language: lowercased,
// stemmed with the language's Snowball stemmer and folded to ASCII where the
// language uses accents, so that "Exportações", "exportação" and "exportacao"
// share a key. The index runs the same function at index and query time.
//
// Words of other languages are lowercased and folded, not stemmed. Stem is
// safe for concurrent use.
func Stem(lang Language, word string) string {
	w := strings.ToLower(word)
	switch lang {
	case English:
		return Fold(english.Stem(w, false))
	case Portuguese:
		env := snowballstem.NewEnv(singularPT(restoreAccents(w)))
		portuguese.Stem(env)
		return Fold(env.Current())
	default:
		return Fold(w)
	}
}

// restoreAccents puts back the accents of common Portuguese suffixes that
// people drop when they type fast ("exportacao", "integracoes"), so that the
// stemmer recognises the suffix. Words that carry any accent are left alone.
func restoreAccents(w string) string {
	for _, r := range w {
		if r > unicode.MaxASCII {
			return w
		}
	}
	for _, s := range accentSuffixes {
		if strings.HasSuffix(w, s[0]) && len(w) > len(s[0]) {
			return w[:len(w)-len(s[0])] + s[1]
		}
	}
	return w
}

// singularPT rewrites the plural endings that the Portuguese Snowball
// stemmer leaves apart from their singular, so that both stem alike:
// -ns after a vowel is the plural of -m ("mensagens", "mensagem"; "bons",
// "bom"), and -ões the plural of -ão, which Snowball stems to a different
// vowel after a short stem ("opções" opco, "opção" opca). The audit in
// nlp/internal/stemaudit lists what remains apart.
func singularPT(w string) string {
	n := len(w)
	switch {
	case n > 4 && strings.HasSuffix(w, "ns") && strings.ContainsRune("aeiou", rune(w[n-3])):
		return w[:n-2] + "m"
	case n > 5 && strings.HasSuffix(w, "ões"):
		return w[:n-len("ões")] + "ão"
	}
	return w
}

var accentSuffixes = [][2]string{
	{"coes", "ções"}, {"cao", "ção"}, {"soes", "sões"}, {"sao", "são"},
	{"encia", "ência"}, {"ancia", "ância"}, {"avel", "ável"}, {"ivel", "ível"},
}

// Fold removes diacritics: "ação" becomes "acao". Letters without an ASCII
// base are kept.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

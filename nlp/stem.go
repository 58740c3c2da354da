package nlp

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

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
// safe for concurrent use. It remembers the stems of the first
// stemMemoSize distinct words of each language: words repeat from text to
// text, and stemming was a fifth of analysis and most of an index
// analyzer's work.
func Stem(lang Language, word string) string {
	m := &stemMemos.other
	switch lang {
	case English:
		m = &stemMemos.en
	case Portuguese:
		m = &stemMemos.pt
	}
	return m.stem(lang, word)
}

// stem is Stem without the memo.
func stem(lang Language, word string) string {
	w := strings.ToLower(word)
	switch lang {
	case English:
		return Fold(english.Stem(w, false))
	case Portuguese:
		return Fold(stemPT(restoreAccents(singularPT(restoreAccents(w)))))
	default:
		return Fold(w)
	}
}

// stemMemoSize is the most words a stemMemo remembers.
const stemMemoSize = 1 << 16

// stemMemos are Stem's memos, one per language (one for all the languages
// it does not stem). They cache a pure function, so sharing them across a
// process changes no result.
var stemMemos struct{ en, pt, other stemMemo }

// stemMemo remembers the stems of the first stemMemoSize distinct words
// it is asked for. Safe for concurrent use.
type stemMemo struct {
	m sync.Map // word → stem
	n atomic.Int64
}

func (m *stemMemo) stem(lang Language, word string) string {
	if s, ok := m.m.Load(word); ok {
		return s.(string)
	}
	s := stem(lang, word)
	if m.n.Load() < stemMemoSize {
		if _, loaded := m.m.LoadOrStore(strings.Clone(word), s); !loaded {
			m.n.Add(1)
		}
	}
	return s
}

// restoreAccents puts back the accents of common Portuguese suffixes that
// people drop when they type fast ("exportacao", "integracoes", "mao",
// "plantao", "botoes"), so that the stemmer recognises the suffix. Words
// that carry any accent are left alone.
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

// stemPT is the Portuguese Snowball stemmer, which leaves short words
// alone ("altos", "aços"): a short plural it does not change loses its
// -s, and the singular is stemmed instead, so "altos" meets "alto".
func stemPT(w string) string {
	env := snowballstem.NewEnv(w)
	portuguese.Stem(env)
	out := env.Current()
	if n := len(w); out == w && n >= 4 && w[n-1] == 's' {
		if r, _ := utf8.DecodeLastRuneInString(w[:n-1]); strings.ContainsRune("aeo", r) {
			env = snowballstem.NewEnv(w[:n-1])
			portuguese.Stem(env)
			return env.Current()
		}
	}
	return out
}

// singularPT rewrites the plural endings that the Portuguese Snowball
// stemmer leaves apart from their singular, so that both stem alike:
//
//   - -ns after a vowel is the plural of -m ("mensagens", "mensagem";
//     "armazéns", "armazém"; "bens", "bem");
//   - -ões is the plural of -ão, which Snowball stems to another vowel
//     after a short stem ("opções" opco, "opção" opca);
//   - -is is the plural of -l: -ais/-al ("fiscais"), -éis/-el ("papéis"),
//     -óis/-ol ("faróis"), -uis/-ul ("azuis"), -veis/-vel ("disponíveis"),
//     and -eis/-il in words with an accent ("fáceis", "úteis").
//
// The audit in internal/cmd/stemaudit lists what remains apart.
func singularPT(w string) string {
	for _, r := range plurals {
		if len(w) >= len(r.plural)+r.min && strings.HasSuffix(w, r.plural) {
			stem := w[:len(w)-len(r.plural)]
			if r.accented && (!strings.ContainsAny(stem, "áéíóúâêô") || strings.HasSuffix(stem, "í") ||
				strings.HasSuffix(stem, "ss") || strings.HasSuffix(stem, "r")) {
				continue // not a plural of -il but a verb's vós form: falaríeis, falásseis, faláreis
			}
			return stem + r.singular
		}
	}
	if n := len(w); n >= 4 && strings.HasSuffix(w, "ns") {
		if r, _ := utf8.DecodeLastRuneInString(w[:n-2]); strings.ContainsRune("aeiouáéíóúâêô", r) {
			return w[:n-2] + "m"
		}
	}
	return w
}

// plurals are the -ões and -is endings singularPT rewrites, longest
// first; min is how many bytes must precede the ending.
var plurals = []struct {
	plural, singular string
	min              int
	accented         bool // only in a word with an accented vowel before the ending
}{
	{"veis", "vel", 2, false}, {"ões", "ão", 2, false},
	{"ais", "al", 2, false}, {"éis", "el", 1, false}, {"óis", "ol", 1, false}, {"uis", "ul", 2, false},
	{"eis", "il", 2, true},
}

var accentSuffixes = [][2]string{
	{"coes", "ções"}, {"cao", "ção"}, {"soes", "sões"}, {"sao", "são"}, {"oes", "ões"}, {"ao", "ão"},
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

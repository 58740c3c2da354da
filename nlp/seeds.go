package nlp

import (
	"maps"
	"slices"
	"strings"
	"unicode"
)

// This file is what the index needs from the seed list to group theme
// keys it has learned from the corpus (see index/themes.go), and what
// search needs to turn a query phrase into theme keys.

// SeedTheme reports whether key is the key of a seed topic of
// data/topics.txt ("audit-log", "sso") and returns its label.
func SeedTheme(key string) (label string, ok bool) {
	for _, t := range lists().topics {
		if t.key == key {
			return t.label, true
		}
	}
	return "", false
}

// SeedPhrases returns the content-word stems of the phrases of the
// specific seed topic key ("gdpr", "dad pessoa"), by the language they
// are written in; nil for a generic topic or a key that is no seed. A
// document holding every stem of one phrase speaks of the topic. The
// slices are the caller's.
func SeedPhrases(key string) map[Language][][]string {
	for _, t := range lists().topics {
		if t.key != key || t.generic {
			continue
		}
		out := map[Language][][]string{}
		for i, p := range t.phrases {
			q := make([]string, len(p))
			for j, s := range p {
				q[j] = plainStem(t.langs[i], s)
			}
			out[t.langs[i]] = append(out[t.langs[i]], q)
		}
		return out
	}
	return nil
}

// SeedWordStems returns the stems of the words of every phrase of the seed
// topic key, as written and as concept stems ("discount", "descont" and
// their concept for pricing): the topic's own vocabulary, which names no
// new subject inside it. Nil when key is no seed topic.
func SeedWordStems(key string) map[string]bool {
	for _, t := range lists().topics {
		if t.key != key {
			continue
		}
		out := map[string]bool{}
		for i, p := range t.phrases {
			for _, st := range p {
				st = plainStem(t.langs[i], st)
				out[st] = true
				out[conceptStem(t.langs[i], st)] = true
			}
		}
		return out
	}
	return nil
}

// IsGenericSeed reports whether key is the key of a broad seed topic (one
// listed after "@generic" in data/topics.txt: invoices, exports, reports,
// support...), a theme that a more specific one often holds.
func IsGenericSeed(key string) bool {
	for _, t := range lists().topics {
		if t.key == key {
			return t.generic
		}
	}
	return false
}

// IsSpecificSeed reports whether key is the key of a specific seed topic
// (one listed before "@generic" in data/topics.txt: audit log, two-factor
// login, data residency...), a subject named by the list.
func IsSpecificSeed(key string) bool {
	t, ok := topicByKey(key)
	return ok && !t.generic
}

// IsSeedLabel reports whether label is the label of a seed topic
// ("reports and dashboards"): a generic label, not the customer's words.
func IsSeedLabel(label string) bool {
	for _, t := range lists().topics {
		if t.label == label {
			return true
		}
	}
	return false
}

// weakWords are words too broad to file a key under a topic, though
// topic phrases hold them ("data residency", "user licence", "po field"),
// per language.
var weakWords = map[Language][]string{
	English: {"data", "user", "field", "record", "inform", "number", "time", "desk", "system", "in", "on",
		"log",     // also a verb: "the front desk could log requests"
		"control", // keeping track of anything ("controlados no caderno") and a job ("Greg, the controller")
		"person",  // personal data, but also "per person", "in person"
		// doing something to a thing, not what ("set a rule", "change the
		// sender name", "update the opening hours on the invoice")
		"set", "change", "update",
	},
	Portuguese: {"dado", "dados", "usuario", "campo", "registro", "informaca", "numero", "tempo", "sistema",
		"assin",                         // assinatura is a signature and a subscription; assinado, signed
		"mudar", "alterar", "atualizar", // "mudar o vencimento", "atualizar o cadastro"
	},
}

// weakStems holds the weak words as written and as a key holds them,
// stemmed in their language ("dados" is keyed "dad", "registro"
// "registr"). English "data" is not stemmed as Portuguese: "dat" is a
// Portuguese date.
var weakStems = func() map[string]bool {
	out := map[string]bool{}
	for lang, ws := range weakWords {
		for _, w := range ws {
			out[w] = true
			out[Stem(lang, w)] = true
		}
	}
	return out
}()

// IsWeakStem reports whether a stem of a theme key is too broad to group
// themes by ("data", "user", "field").
func IsWeakStem(stem string) bool { return weakStems[stem] || lists().themeWords[stem] }

// seedAnchor is the seed topic a stem files a learned key under, and the
// stems that must come with it (see partnersOf).
type seedAnchor struct {
	topic    string
	partners []string
	cophrase map[string]bool // see cophraseOf
	alone    bool            // the stem is a phrase of the topic by itself ("audit")
}

// oneWordPhrase reports whether topic key has s as a phrase of its own.
func oneWordPhrase(topics []topic, key, s string) bool {
	return slices.ContainsFunc(topics, func(t topic) bool {
		return t.key == key && slices.ContainsFunc(t.phrases, func(p []string) bool { return len(p) == 1 && p[0] == s })
	})
}

// cophraseOf returns the other stems of the multi-word phrases holding
// stem s: "histori", "log", "who"… for "chang" (change history, change
// log, who changed). A key is filed under the topic by s only beside one
// of them: "chang cost" (a change to a cost) and "credit limit" are no
// audit log and no API rate limit.
func cophraseOf(topics []topic, s string) map[string]bool {
	out := map[string]bool{}
	for _, t := range topics {
		for _, p := range t.phrases {
			if len(p) < 2 || !slices.Contains(p, s) {
				continue
			}
			for _, o := range p {
				if o != s {
					out[o] = true
				}
			}
		}
	}
	return out
}

// plainTopics returns a copy of topics whose phrases hold the stems of
// their exact words ("=po" is "po"), as learned keys do: the seed
// anchors are looked up by a key's stems.
func plainTopics(topics []topic) []topic {
	out := slices.Clone(topics)
	for i, t := range out {
		out[i].phrases = make([][]string, len(t.phrases))
		for j, p := range t.phrases {
			q := make([]string, len(p))
			for k, s := range p {
				q[k] = plainStem(t.langs[j], s)
			}
			out[i].phrases[j] = q
		}
	}
	return out
}

// findSeedAnchors maps a stem that occurs in at least two multi-word phrases
// of exactly one seed topic, and in no phrase of another, to that topic's
// key: "limit" (rate limit, request limit, api limit) → rate-limit,
// "histori" (change history, edit history) → audit-log. Single-word
// phrases are left out: a clause holding one already gets the topic's key
// from nlp.
func findSeedAnchors(topics []topic, themeWords map[string]bool) map[string]seedAnchor {
	owners := map[string][]string{}
	uses := map[string]int{}
	for _, t := range topics {
		for _, p := range t.phrases {
			for _, s := range slices.Compact(slices.Clone(p)) {
				if !slices.Contains(owners[s], t.key) {
					owners[s] = append(owners[s], t.key)
				}
				if len(p) >= 2 {
					uses[s]++
				}
			}
		}
	}
	out := map[string]seedAnchor{}
	for s, keys := range owners {
		if len(keys) == 1 && uses[s] >= 2 && !topicWords[s] && !weakStems[s] && !themeWords[s] {
			out[s] = seedAnchor{topic: keys[0], partners: partnersOf(topics, s), cophrase: cophraseOf(topics, s), alone: oneWordPhrase(topics, keys[0], s)}
		}
	}
	return out
}

// partnersOf returns the stems that every multi-word phrase holding stem
// s also holds, sorted: "etap" only ever comes in "duas etapas", so it
// says two-factor only beside "dua", and alone it is a step of anything
// ("uma etapa de pré-faturamento"); "electron" comes only with "sign".
func partnersOf(topics []topic, s string) []string {
	var common map[string]bool
	for _, t := range topics {
		for _, p := range t.phrases {
			if len(p) < 2 || !slices.Contains(p, s) {
				continue
			}
			in := map[string]bool{}
			for _, o := range p {
				if o != s && (common == nil || common[o]) {
					in[o] = true
				}
			}
			common = in
		}
	}
	return slices.Sorted(maps.Keys(common))
}

// SeedAnchor returns the seed topic whose multi-word phrases, and no other
// topic's, hold stem (a word of a candidate theme key, whose stems are
// keyStems) at least twice, when the key also holds another word of one
// of those phrases or the stem is a phrase of the topic by itself:
// "request limit hour" → rate-limit, but not "credit limit" or "records
// request" (cophraseOf); "audit" alone → audit-log. A stem that those
// phrases always hold beside the same other stem anchors only a key that
// holds that one too ("electron sign" → e-signature, not "electron"
// alone; "dua etap" → two-factor, not "etap"). The index uses it to file
// a learned key under a seed topic.
func SeedAnchor(stem string, keyStems []string) (key string, ok bool) {
	a, ok := lists().seedAnchors[stem]
	if !ok || (len(a.partners) > 0 && !slices.ContainsFunc(a.partners, func(p string) bool { return slices.Contains(keyStems, p) })) {
		return "", false
	}
	if !a.alone && !slices.ContainsFunc(keyStems, func(k string) bool { return k != stem && a.cophrase[k] }) {
		return "", false
	}
	return a.topic, true
}

// CandidateThemeKeys returns the theme keys a phrase (a search query, a
// label an admin typed) may be filed under, read as English and as
// Portuguese: the key themeOf gives its words taken as a whole clause, and
// the concept stem of each content word. The index maps them to canonical
// themes (Index.ThemesOf). The result is sorted and free of duplicates; it
// is empty when the phrase has no content word.
func CandidateThemeKeys(phrase string) []string {
	var out []string
	for _, lang := range []Language{English, Portuguese} {
		toks := phraseTokens(lang, phrase)
		if len(toks) == 0 {
			continue
		}
		if _, k := themeOf(lang, toks, 0, 0); k != "" {
			out = append(out, k)
		}
		for _, t := range toks {
			if isContent(lang, t.Text) {
				out = append(out, wordKey(lang, t.Text))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// NameKey returns the theme key of a clause that names only name, a
// product, company or place ("Mounjaro" → "mounjaro", "Google Wallet" →
// "googl wallet"): the key needs about it are filed under when the name is
// what their clause holds. Empty when name has no content word.
func NameKey(name string) string {
	toks := phraseTokens(English, name)
	if len(toks) == 0 {
		return ""
	}
	_, k := themeOf(English, toks, 0, 0)
	return k
}

// SpecificTopics returns the keys of the specific seed topics (those
// before "@generic" in data/topics.txt) one of whose phrases a text holds
// anywhere, read as English and as Portuguese: "written confirmation that
// backups stay in a Canadian region" holds data-residency. Sorted, no
// duplicates.
func SpecificTopics(text string) []string {
	var out []string
	for _, lang := range []Language{English, Portuguese} {
		toks := phraseTokens(lang, text)
		ts := stemsFor(lang, toks, contentWords(toks))
		for _, t := range lists().topics {
			if !t.generic && slices.ContainsFunc(t.phrases, func(p []string) bool { return indexRun(ts.stems, p) >= 0 }) {
				out = append(out, t.key)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// phraseTokens splits a short phrase into word tokens with offsets.
func phraseTokens(lang Language, phrase string) []Token {
	var toks []Token
	start := -1
	flush := func(end int) {
		if start >= 0 {
			w := phrase[start:end]
			toks = append(toks, Token{Text: w, Start: start, End: end, Stem: Stem(lang, w)})
			start = -1
		}
	}
	for i, r := range phrase {
		if unicode.IsSpace(r) || unicode.IsControl(r) || (unicode.IsPunct(r) && !strings.ContainsRune("-'’/", r)) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(phrase))
	return slices.DeleteFunc(toks, func(t Token) bool { return strings.TrimSpace(t.Text) == "" })
}

// ContentStems returns the concept stems of a sentence's content words,
// read in the language it is detected in, without weak stems, vague words
// (time words, identifiers, adverbs) and stems of two letters or fewer:
// "Owen showed the spreadsheet finance uses to split costs by depot" →
// cost, depot, financ, owen, split, spreadsheet, use ("showed" is a weak
// stem). The index compares
// them across a client's themes. Sorted, no duplicates.
func ContentStems(text string) []string {
	var out []string
	for _, w := range ContentWords(text) {
		out = append(out, w.Stem)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// sentenceLanguage is the language a sentence is read in: the one it is
// detected in, English when that is neither English nor Portuguese.
func sentenceLanguage(text string) Language {
	if lang := DetectLanguage(text); lang == Portuguese {
		return lang
	}
	return English
}

// ContentWord is a content word of a sentence (see ContentWords).
type ContentWord struct {
	Word string   // as written
	Stem string   // its concept stem, as theme keys hold it
	Lang Language // the language the sentence was read in
}

// ContentWords returns the content words of a sentence that ContentStems
// keeps, in order, each with its concept stem: "os clientes do portal" →
// clientes (custom), portal (portal). The stem of a word that
// data/concepts.txt maps is the concept's, not the word's own ("cliente"
// and "customer" are both custom), so a caller that counts the word in
// the index's text looks up Word.
func ContentWords(text string) []ContentWord {
	lang := sentenceLanguage(text)
	var out []ContentWord
	for _, t := range phraseTokens(lang, text) {
		if !isContent(lang, t.Text) {
			continue
		}
		if k := wordKey(lang, t.Text); len(k) > 2 && !IsWeakStem(k) {
			out = append(out, ContentWord{Word: t.Text, Stem: k, Lang: lang})
		}
	}
	return out
}

// cognateLength is how many letters of a word's cognate spelling
// Cognate keeps: enough to tell "transparência" from "transporte", few
// enough that "emergência" and "emergency" share theirs.
const cognateLength = 7

// Cognate returns a key that a content word shares with its cognates in
// the other language, for comparing sentences across English and
// Portuguese: the first cognateLength letters of the word spelled the
// way both languages meet (accents dropped, -ção as -tion, -ência as
// -ence, -dor as -tor, ph as f, th as t, y as i, ct as t, double letters
// single), so that "emergência" and "emergency", "autenticação" and
// "authentication", "comunicador" and "communicator", "privacidade" and
// "privacy" share one. A word of data/concepts.txt (a concept or a word
// it maps), a name, and a word whose spelling is shorter keep their
// concept stem. Keys are prefixed "≈", apart from stems.
func Cognate(w ContentWord) string {
	if _, mapped := lists().concepts[string(w.Lang)+":"+Stem(w.Lang, normalizeApostrophe(w.Word))]; mapped || isProperName(w.Word) {
		return w.Stem
	}
	s := Fold(strings.ToLower(w.Word))
	if w.Lang == Portuguese {
		for _, r := range cognateEndings {
			if strings.HasSuffix(s, r[0]) {
				s = strings.TrimSuffix(s, r[0]) + r[1]
				break
			}
		}
	}
	s = cognateSpelling.Replace(s)
	var b strings.Builder
	var last rune
	for _, r := range s {
		if r != last && unicode.IsLetter(r) {
			b.WriteRune(r)
		}
		last = r
	}
	if s = b.String(); len(s) < cognateLength {
		return w.Stem
	}
	return "≈" + s[:cognateLength]
}

// cognateEndings rewrite Portuguese endings (folded) the way English
// writes them; the first that fits applies.
var cognateEndings = [][2]string{
	{"uicoes", "utions"}, {"uicao", "ution"}, {"coes", "tions"}, {"cao", "tion"}, {"cionais", "tionals"}, {"cional", "tional"},
	{"encia", "ence"}, {"ancia", "ance"}, {"dores", "tors"}, {"dor", "tor"},
}

// cognateSpelling folds spellings that differ between the two languages.
var cognateSpelling = strings.NewReplacer("ph", "f", "th", "t", "y", "i", "ct", "t", "ç", "c")

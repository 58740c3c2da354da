package nlp

import (
	"cmp"
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/ckmhq/ckm"
)

// Config configures an Analyzer. The zero value is ready to use: the
// built-in word lists, cue lexicons and entity taggers, and no gazetteer.
type Config struct {
	// Gazetteer, when set, names the deployment's own clients, products
	// and competitors; its entities win over the taggers' (see
	// LoadGazetteer). It must not change while the Analyzer is in use.
	Gazetteer *Gazetteer
}

func (c Config) withDefaults() Config { return c }

func (c Config) validate() error { return nil }

// Analyzer turns documents into Analyses. An Analyzer is immutable once
// built and safe for concurrent use by multiple goroutines; build one per
// configuration and share it.
type Analyzer struct {
	cfg Config
	*builtin
}

// New returns an Analyzer for cfg. It parses the embedded models, word
// lists, cue lexicons, topics and concepts on the first call in a process
// (every Analyzer shares them) and returns the error when one is corrupt.
func New(cfg Config) (*Analyzer, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	b, err := loadBuiltin()
	if err != nil {
		return nil, err
	}
	return &Analyzer{cfg: cfg, builtin: b}, nil
}

var defaultAnalyzer = sync.OnceValues(func() (*Analyzer, error) { return New(Config{}) })

// Analyze analyses doc with an Analyzer built from the zero Config, shared
// by the whole process. It is safe for concurrent use.
func Analyze(ctx context.Context, doc ckm.Document) (*Analysis, error) {
	a, err := defaultAnalyzer()
	if err != nil {
		return nil, err
	}
	return a.Analyze(ctx, doc)
}

// Analyze finds the language, sentences, tokens, entities and needs of doc.
// All offsets are byte offsets into doc.Text. A language given in doc.Lang
// is the document's language and the language of every sentence that gives
// no clear evidence of its own. Analyze returns ctx.Err() when the context
// ends between stages. The caller owns the returned Analysis.
func (a *Analyzer) Analyze(ctx context.Context, doc ckm.Document) (*Analysis, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	text := doc.Text
	res := &Analysis{ID: doc.ID, Version: Version, Sentences: []Sentence{}, Tokens: []Token{}, Entities: []Entity{}, Needs: []Need{}}
	for _, s := range segmentSentences(a.seg, text, doc.Turns) {
		res.Sentences = append(res.Sentences, Sentence{Text: text[s.start:s.end], Start: s.start, End: s.end})
	}
	res.Language = assignLanguages(text, ParseLanguage(doc.Lang), res.Sentences)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Tokens = tokenizeText(a.tok, text)
	ranges := sentenceTokens(res.Sentences, res.Tokens, res.Language)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Entities = a.findEntities(text, res.Sentences, res.Tokens, ranges, res.Language)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res.Needs = a.documentNeeds(&doc, res.Sentences, res.Tokens, ranges, res.Entities)
	personThemes(res.Needs, res.Entities, a.namesPerson)
	personTails(res.Needs, res.Entities, res.Sentences)
	a.firstNameThemes(res.Needs)
	if sentenceThemes(res.Needs, res.Sentences, res.Tokens) {
		personThemes(res.Needs, res.Entities, a.namesPerson)
		personTails(res.Needs, res.Entities, res.Sentences)
		a.firstNameThemes(res.Needs)
	}
	a.subjectThemes(doc.Subject, res.Language, res.Needs, res.Tokens)
	res.Needs = slices.DeleteFunc(res.Needs, func(n Need) bool { return onlyAName(n, res.Entities) })
	rivalOffers(res.Needs, res.Entities)
	if hist := historySpans(doc.Text); len(hist) > 0 {
		res.Needs = slices.DeleteFunc(res.Needs, func(n Need) bool { return inSpans(hist, n.Start) })
	}
	return res, ctx.Err()
}

// assignLanguages sets each sentence's language and returns the document's:
// given, when the caller gave one, else the majority of the sentences'.
// A sentence without clear evidence takes the document's language; with a
// language given, weak evidence (under one stop word's worth) is not clear.
func assignLanguages(text string, given Language, sents []Sentence) Language {
	detected := make([]Language, len(sents))
	for i, s := range sents {
		en, pt := languageScores(s.Text)
		detected[i] = Unknown
		switch {
		case given != Unknown && en-pt < 1 && pt-en < 1:
			detected[i] = Unknown // too weak to overrule the caller
		case en > pt:
			detected[i] = English
		case pt > en:
			detected[i] = Portuguese
		}
	}
	doc := given
	if doc == Unknown {
		doc = majorityLanguage(text, sents, detected)
	}
	for i := range sents {
		sents[i].Language = detected[i]
		if detected[i] == Unknown {
			sents[i].Language = doc
		}
	}
	return doc
}

// personThemes clears the theme of a need read from a person's name: a
// theme whose label opens with a word of a PERSON entity in the need's
// sentence ("Marcus (finance) confirmed ...", "Marcus thinks the system
// should ...") names who spoke, not what is wanted; so does a theme made
// only of the words of a person tagged anywhere in the document (a
// workaround that took the theme "Jarrah" from the sentence after it,
// "... and Jarrah wants to know whether ..."). Seed topics, names
// written as products and a competitor's name ("sign with Contoso CRM",
// which the tagger may call a person) keep their themes, unless the label
// is a person's whole name in the sentence ("Hannah Price" is no pricing
// topic). A theme that is a place's whole name ("East Valley") says where,
// not what, and is cleared too (not a code in capitals such as "NFS-e"),
// as written anywhere in the document (a spreadsheet workaround that took
// "Runaway Bay" from the sentence before it) or in any case in the need's
// own sentence. A need left without a theme counts for search but not for
// hints. A seed topic keeps its theme when the name is that topic's own
// one word and no first name: "connect Astria with Viator", Viator tagged
// a person, asks for the travel sites (see topicBesideName).
func personThemes(needs []Need, ents []Entity, firstName func(string) bool) {
	for i := range needs {
		n := &needs[i]
		first := leadWord(n.Theme)
		if n.ThemeKey == "" || n.Cue == "competitor" || first == "" || isProperName(first) || isAcronym(first) {
			continue
		}
		for _, e := range ents {
			if e.Label == "LOCATION" && !topicKey(n.ThemeKey) && !capsLed(n.Theme) && (n.Theme == e.Text || e.Start >= n.Start && e.End <= n.End && strings.EqualFold(n.Theme, e.Text)) {
				n.Theme, n.ThemeKey = "", "" // "homeowners in the East Valley don't pay cash": where, not what
				break
			}
			if e.Label != "PERSON" {
				continue
			}
			names := func(w string) bool {
				return slices.ContainsFunc(strings.Fields(e.Text), func(p string) bool { return strings.EqualFold(p, w) })
			}
			if topicKey(n.ThemeKey) {
				if strings.EqualFold(n.Theme, e.Text) && e.Start >= n.Start && e.End <= n.End && (strings.Contains(e.Text, " ") || firstName(e.Text)) {
					n.Theme, n.ThemeKey = topicBesideName(n.Theme, n.ThemeKey) // "a new GM starting on 12 October, Hannah Price": "price" is her name
					break
				}
				continue
			}
			if integrationNamed(n.Theme) {
				break // "a Canva integration": one integrates with a product, not a person
			}
			if (e.Start >= n.Start && e.End <= n.End && names(first)) || !slices.ContainsFunc(strings.Fields(n.Theme), func(w string) bool { return !names(w) }) {
				n.Theme, n.ThemeKey = "", ""
				break
			}
		}
	}
}

// topicBesideName returns the theme of a need filed under a seed topic
// whose label came out as a person's name: none when the name gave the
// topic ("Hannah Price" is no pricing), else the topic under its own
// label, for the topic was said beside the name ("any news on the 2FA
// thing Siobhan emailed about?" asks after two-factor login).
func topicBesideName(name, key string) (theme, k string) {
	if slices.Contains(CandidateThemeKeys(name), key) {
		return "", ""
	}
	if l, ok := SeedTheme(key); ok {
		return l, key
	}
	return "", ""
}

// integrationNamed reports whether a theme's words ask for an
// integration ("integration with Canva", "integração com o Canva"): the
// name in it is a product's, whatever the taggers call it.
func integrationNamed(theme string) bool {
	return slices.ContainsFunc(strings.Fields(theme), func(w string) bool {
		w = lowerKey(w)
		return strings.HasPrefix(w, "integr") || integrationWords[w]
	})
}

// integrationWords ask for an integration (folded), besides the forms of
// "integrate" and "integrar" ("integram", "integração").
var integrationWords = map[string]bool{"connector": true, "conector": true, "api": true, "sync": true}

// capsLed reports whether a label opens with two capitals, as an acronym
// or a form's code does ("NFS-e", "CT-e", "SKUs"): the taggers call such
// codes places, and they name what is wanted.
func capsLed(s string) bool {
	rs := []rune(s)
	return len(rs) >= 2 && unicode.IsUpper(rs[0]) && unicode.IsUpper(rs[1])
}

// personPreps join a person to what a theme's words ask for: "a limited
// login for Greg", "call with Dana and Marcus", "o pdf pro Marcos".
var personPreps = map[string]bool{
	"with": true, "for": true, "to": true, "from": true, "by": true,
	"com": true, "pro": true, "pra": true, "para": true, "pelo": true, "pela": true, "ao": true, "à": true,
}

// personTails cuts from a theme the people it ends with, joined by a
// word of personPreps: "create a limited login for Greg" asks for the
// limited login, "call with Dana and Marcus" is a call, whoever it is
// with. The words cut are those of PERSON entities in the need's
// sentence ("and"/"e" between them); the key is read again from what is
// left. Seed topics and a competitor's need keep their themes, as in
// personThemes, and so does a theme with nothing left to name.
func personTails(needs []Need, ents []Entity, sents []Sentence) {
	for i := range needs {
		n := &needs[i]
		if n.ThemeKey == "" || topicKey(n.ThemeKey) || n.Cue == "competitor" {
			continue
		}
		person := func(w string) bool {
			w = strings.TrimFunc(w, unicode.IsPunct)
			return slices.ContainsFunc(ents, func(e Entity) bool {
				return e.Label == LabelPerson && e.Start >= n.Start && e.End <= n.End &&
					slices.ContainsFunc(strings.Fields(e.Text), func(p string) bool { return p == w })
			})
		}
		words := strings.Fields(n.Theme)
		j := len(words)
		for j > 0 && (person(words[j-1]) || j < len(words) && (words[j-1] == "and" || words[j-1] == "e") && j >= 2 && person(words[j-2])) {
			j--
		}
		if j == len(words) || j < 2 || !personPreps[strings.ToLower(words[j-1])] {
			continue
		}
		lang := English
		for _, s := range sents {
			if n.Start >= s.Start && n.Start < s.End {
				lang = s.Language
			}
		}
		label := strings.Join(words[:j-1], " ")
		if integrationNamed(label) {
			continue // "integration with Canva": one integrates with a product, not a person
		}
		if !strings.Contains(label, " ") {
			n.Theme, n.ThemeKey = "", "" // "call with Dana", "session for Gemma": who, and a word
			continue
		}
		if _, k := themeOf(lang, phraseTokens(lang, label), 0, 0); k != "" {
			n.Theme, n.ThemeKey = label, k
		}
	}
}

// onlyAName reports whether a need's sentence is nothing but a person's
// name, a signature's line: "Owen Price" under an e-mail is no budget cue.
func onlyAName(n Need, ents []Entity) bool {
	text := strings.TrimFunc(n.Text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	return slices.ContainsFunc(ents, func(e Entity) bool {
		return e.Label == "PERSON" && e.Start >= n.Start && e.End <= n.End && e.Text == text
	})
}

// firstNameThemes clears the theme of a need whose label opens with a
// first name of the taggers' lists that no tagger knows as a word usually
// written in lowercase, where the tagger missed the person ("a Jéssica
// fez entrevista online com um deles" labelled "Jéssica fez entrevista
// online", Jéssica tagged ORG): the label names who, not what. Seed
// topics, a competitor's need and names written as products keep their
// themes, as in personThemes, unless a seed topic's label is a whole
// name ("Account note (Hannah Price): ..." tagged a place).
func (a *Analyzer) firstNameThemes(needs []Need) {
	for i := range needs {
		n := &needs[i]
		first := strings.TrimRight(leadWord(n.Theme), ".,;:!?")
		if n.ThemeKey == "" || n.Cue == "competitor" || !isCapitalised(first) || isProperName(first) || isAcronym(first) {
			continue
		}
		if topicKey(n.ThemeKey) && !wholeName(n.Theme) {
			continue // a topic keeps its theme unless the label is a person's whole name
		}
		if a.firstName(first) {
			n.Theme, n.ThemeKey = "", ""
		}
	}
}

// leadWord returns the first word of a theme's label, past a title
// ("Seu Valdir", "Mr. Okafor" open with the name).
func leadWord(label string) string {
	first, rest, _ := strings.Cut(label, " ")
	if honorific(first) && rest != "" {
		first, _, _ = strings.Cut(rest, " ")
	}
	return first
}

// firstName reports whether a tagger's lists know w as a first name and
// none as a word usually written in lowercase.
func (a *Analyzer) firstName(w string) bool {
	named, lower := false, false
	for _, m := range a.ner {
		if m == nil {
			continue
		}
		named = named || m.m.FirstName(w)
		lower = lower || m.m.UsuallyLower(w)
	}
	return named && !lower
}

// namesPerson reports whether a tagger's lists know w as a first name,
// whether or not it is also a word ("Bill", "Rose").
func (a *Analyzer) namesPerson(w string) bool {
	for _, m := range a.ner {
		if m != nil && m.m.FirstName(w) {
			return true
		}
	}
	return false
}

// person returns whether a token is a person's name: in a PERSON of ents,
// or a first name (see firstName) where the tagger saw an organisation.
func (a *Analyzer) person(ents []Entity) func(Token) bool {
	return func(t Token) bool {
		return a.firstName(t.Text) || slices.ContainsFunc(ents, func(e Entity) bool {
			return e.Label == LabelPerson && e.Start <= t.Start && t.Start < e.End
		})
	}
}

// wholeName reports whether a label is two or three capitalised words, as
// a person's name is written ("Hannah Price", where the tagger saw a
// place): with a first name first, it names who, not the pricing topic.
func wholeName(label string) bool {
	ws := strings.Fields(label)
	return len(ws) >= 2 && len(ws) <= 3 && !slices.ContainsFunc(ws, func(w string) bool { return !isCapitalised(w) || isAcronym(w) })
}

// sentenceThemes gives a need that names nothing where its cue stands,
// nor by the sentences around it, the theme of the first noun phrase of
// its sentence that names one: "Essa semana fiz três licenças de
// fretamento na mão, uma pra Maceió" is about the licences, though its
// cue ends the clause that names them. It reports whether it gave any.
func sentenceThemes(needs []Need, sents []Sentence, toks []Token) bool {
	gave := false
	for i := range needs {
		n := &needs[i]
		if n.ThemeKey != "" || n.Cue != "workaround" {
			continue
		}
		words := needTokens(toks, *n)
		lang := English
		if j, ok := slices.BinarySearchFunc(sents, n.Start, func(s Sentence, off int) int { return cmp.Compare(s.Start, off) }); ok {
			lang = sents[j].Language
		} else if j > 0 {
			lang = sents[j-1].Language
		}
		if settled(words) {
			continue // "the alignment printouts are coming through great now, no issues there"
		}
		if n.Theme, n.ThemeKey = firstPhraseTheme(lang, words); n.ThemeKey != "" {
			gave = true
		}
	}
	return gave
}

// subjectThemes gives a customer's need that named nothing the theme of
// the document's subject line, which the customer wrote to say what the
// message is about: under "Termos assinados em papel", "Tem algum jeito?"
// asks for signing online. The subject gives a theme as a sentence's
// first phrase does (a seed topic, or more than one stem), and when a
// need of the body says it in words that share a stem ("renewal" for
// "Renewal preview"), the body's words are the theme. A reply's "Re:" is
// not read; a subject that names the conversation ("Kickoff recap",
// "Reunião de acompanhamento") gives nothing, and neither does a sentence
// that turns something down or says it works.
func (a *Analyzer) subjectThemes(subject string, lang Language, needs []Need, toks []Token) {
	if subject == "" || !slices.ContainsFunc(needs, unthemed) {
		return
	}
	words := tokenizeText(a.tok, replyPrefix.ReplaceAllString(subject, ""))
	if slices.ContainsFunc(words, func(t Token) bool { return meetingWords[lowerKey(t.Text)] }) {
		return
	}
	theme, key := firstPhraseTheme(lang, words)
	if key == "" {
		return
	}
	if j := slices.IndexFunc(needs, func(n Need) bool { return n.ThemeKey != "" && sharesStem(n.ThemeKey, key) }); j >= 0 {
		theme, key = needs[j].Theme, needs[j].ThemeKey
	}
	for i := range needs {
		if n := &needs[i]; unthemed(*n) && !settled(needTokens(toks, *n)) && !deniedBeside(needs, *n) {
			n.Theme, n.ThemeKey = theme, key
		}
	}
}

// unthemed reports whether n is a customer's need, not denied, that names
// no theme.
func unthemed(n Need) bool {
	return n.ThemeKey == "" && !n.Negated && n.Speaker != SpeakerAgent && n.Cue != "competitor" && n.Cue != "plan"
}

// sharesStem reports whether two theme keys hold a stem in common, or
// one stem that begins the other ("renew", "renewal").
func sharesStem(a, b string) bool {
	for _, x := range strings.Fields(a) {
		for _, y := range strings.Fields(b) {
			if x == y || len(x) >= 4 && len(y) >= 4 && (strings.HasPrefix(x, y) || strings.HasPrefix(y, x)) {
				return true
			}
		}
	}
	return false
}

// deniedBeside reports whether a sentence of n also holds a denied need:
// "Happy to revisit next year if our customers start asking for it, but I
// wouldn't want to pay for it now" turns something down.
func deniedBeside(needs []Need, n Need) bool {
	return slices.ContainsFunc(needs, func(o Need) bool { return o.Negated && o.Start < n.End && n.Start < o.End })
}

// needTokens returns the tokens of toks within n's text.
func needTokens(toks []Token, n Need) []Token {
	from, _ := slices.BinarySearchFunc(toks, n.Start, func(t Token, off int) int { return cmp.Compare(t.Start, off) })
	to := from
	for to < len(toks) && toks[to].End <= n.End {
		to++
	}
	return toks[from:to]
}

// meetingWords name a conversation, not its subject (folded): a subject
// line that holds one says what kind of contact the document is.
var meetingWords = parseWordList(`meeting meetings recap follow-up followup kickoff kick-off check-in checkin catch-up catchup
	question questions help training onboarding welcome intro introduction demo qbr hello hi thanks thank agenda
	reuniao acompanhamento duvida duvidas ajuda treinamento boas-vindas pauta conversa ola oi obrigado obrigada
	apresentacao demonstracao implantacao`)

// replyPrefix is the "Re:", "Fwd:" or "RES:" that mail clients put before a subject.
var replyPrefix = regexp.MustCompile(`^(?i:\s*(re|res|fw|fwd|enc|tr)\s*:\s*)+`)

// settled reports whether a sentence says something works or turns it
// down (a refusal, or a word of satisfiedWords): a cue that named nothing
// there is no need to give a theme.
func settled(toks []Token) bool {
	words := make([]string, len(toks))
	for i, t := range toks {
		words[i] = lowerKey(t.Text)
		if satisfiedWords[words[i]] {
			return true
		}
	}
	for i := range words {
		if phraseAt(words, i, refusals) > 0 {
			return true
		}
	}
	return false
}

// satisfiedWords say that something works (folded).
var satisfiedWords = map[string]bool{"fine": true, "great": true, "perfectly": true, "otimo": true, "perfeito": true, "perfeitamente": true, "redondo": true, "certinho": true}

// firstPhraseTheme returns the theme read after the first content word
// of toks that is no verb and gives one, when that theme is a seed
// topic or has more than one stem: one word alone is most often no
// subject there ("olha", "listen", "manual").
func firstPhraseTheme(lang Language, toks []Token) (theme, key string) {
	for i, t := range toks {
		if !isContent(lang, t.Text) || isVerbLike(lang, t.Text) {
			continue
		}
		if theme, key = themeOf(lang, toks, i, i); key != "" {
			if !topicKey(key) && !strings.Contains(key, " ") {
				return "", ""
			}
			return theme, key
		}
	}
	return "", ""
}

package nlp

import (
	"fmt"
	"sync"

	"github.com/ckmhq/ckm/internal/logreg"

	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tokenize"
)

// builtinFiles are the contents of the files nlp embeds (data/*): models,
// word lists, cue lexicons, topics and concepts.
type builtinFiles struct {
	stopwordsEN, stopwordsPT  string
	cues, needModel, kindVeto string
	complaint                 string
	nerEN, nerPT              []byte
	products, productsCurated string
	topics, concepts          string
	themeWords, notNames      string
	wordClusters              string
	orgEndings                string
}

// embeddedFiles are the files as built into the binary.
var embeddedFiles = builtinFiles{
	stopwordsEN: stopwordsEN, stopwordsPT: stopwordsPT,
	cues: cuesData, needModel: needModelData, kindVeto: kindVetoData,
	complaint: complaintData,
	nerEN:     nerEN, nerPT: nerPT,
	products: productsData, productsCurated: productsCuratedData,
	topics: topicsData, concepts: conceptsData,
	themeWords: themeWordsData, notNames: notNamesData,
	wordClusters: wordClustersData,
	orgEndings:   orgEndingsData,
}

// builtin is everything parsed from the embedded files: what every
// Analyzer uses, and what the package-level functions (DetectLanguage,
// QueryThemes, SeedTheme...) read. It is immutable once parsed.
type builtin struct {
	seg   *segment.Segmenter
	tok   *tokenize.Tokenizer
	ner   map[Language]*nerModel
	rules []rule
	cues  lexicon
	// needs is the need model's heads, by source.
	needs needModel
	// kindVetoModel is the kind veto's head (see kindVeto).
	kindVetoModel *logreg.Model
	// complaintModel is the complaint head (see complaints).
	complaintModel *logreg.Model
	// wordClusters maps an English stem to the need model's feature of
	// its topical cluster ("ec:17"; see data/wordclusters.txt).
	wordClusters map[string]string
	// products are the built-in software and service names.
	products *productLists
	// productWords are the curated product names of one word, lowercase,
	// that no topic phrase holds ("protheus", "netsuite"; not "excel").
	productWords map[string]bool
	// productPairs are the product names of two words in either list,
	// lowercase ("apple pay", "google wallet"; see themeKey).
	productPairs map[string]bool

	words  *wordLists
	topics []topic
	// topicFirst maps the first stem of every phrase of topics to the
	// phrases it begins (see phrasesFrom).
	topicFirst    map[string][]phraseRef
	topicExact    map[string]bool // the words topic phrases write "=word", folded
	queryTopics   []queryTopic
	concepts      map[string]string                // "lang:stem" → concept key
	conceptForms  map[string]map[Language][]string // concept key → its stems per language (ConceptForms)
	conceptWords  map[string]bool                  // "lang:word" as concepts.txt writes it, folded (conceptNoun)
	queryConcepts []queryConcept
	glossary      glossary
	// themeVocabulary is what NearThemeWords searches.
	themeVocabulary []string
	themeWords      map[string]bool
	seedAnchors     map[string]seedAnchor
	notNames        map[string]map[string]bool
}

// loadBuiltin parses the embedded files once per process: the registry
// that New reads, and whose error New returns.
var loadBuiltin = sync.OnceValues(func() (*builtin, error) { return parseBuiltin(embeddedFiles) })

// parseBuiltin parses every file of f. A malformed file is an error,
// naming the file; nothing falls back to a smaller model or list.
func parseBuiltin(f builtinFiles) (*builtin, error) {
	seg, err := segment.New()
	if err != nil {
		return nil, fmt.Errorf("nlp: load sentence model: %w", err)
	}
	b := &builtin{seg: seg, tok: tokenize.New(), rules: compileRules()}
	en, err := loadNER(f.nerEN, parseOrgEndings(f.orgEndings))
	if err != nil {
		return nil, fmt.Errorf("%w (ner-en.bin)", err)
	}
	pt, err := loadNER(f.nerPT, nil)
	if err != nil {
		return nil, fmt.Errorf("%w (ner-pt.bin)", err)
	}
	b.ner = map[Language]*nerModel{English: en, Portuguese: pt}
	if b.cues, err = parseCues(f.cues, b.tok); err != nil {
		return nil, err
	}
	if b.needs, err = parseNeedModel(f.needModel); err != nil {
		return nil, err
	}
	if b.kindVetoModel, err = parseKindVeto(f.kindVeto); err != nil {
		return nil, err
	}
	if b.complaintModel, err = parseComplaintHead(f.complaint); err != nil {
		return nil, err
	}
	if b.wordClusters, err = parseWordClusters(f.wordClusters); err != nil {
		return nil, err
	}
	b.words = parseWordLists(f.stopwordsEN, f.stopwordsPT)
	b.themeWords = parseThemeWords(f.themeWords)
	b.notNames = parseNotNames(f.notNames)
	if b.topics, err = parseTopics(b.words, f.topics); err != nil {
		return nil, err
	}
	b.topicFirst = firstStems(b.topics)
	b.topicExact = exactWords(f.topics)
	if b.queryTopics, err = parseQueryTopics(b.words, f.topics); err != nil {
		return nil, err
	}
	if b.concepts, b.conceptWords, err = parseConcepts(f.concepts); err != nil {
		return nil, err
	}
	b.conceptForms = formsOfConcepts(b.concepts)
	if b.queryConcepts, err = parseQueryConcepts(f.concepts); err != nil {
		return nil, err
	}
	b.glossary = parseGlossary(b.words, glossaryData)
	b.themeVocabulary = themeVocabulary(b)
	b.seedAnchors = findSeedAnchors(plainTopics(b.topics), b.themeWords)
	if b.products, err = parseProducts(b.tok, f.productsCurated, f.products); err != nil {
		return nil, err
	}
	b.productWords = productWords(b.products.curated, b.topics)
	b.productPairs = productPairs(b.products.curated, b.products.listed)
	return b, nil
}

// lists returns the parsed embedded files. Analyzer methods reach it only
// after New has parsed them without error; the package-level functions
// that take no Analyzer (DetectLanguage, SeedTheme, QueryThemes...) panic
// when the embedded files are corrupt, a broken build that New reports as
// an error and TestNew rules out.
func lists() *builtin {
	b, err := loadBuiltin()
	if err != nil {
		panic(err)
	}
	return b
}

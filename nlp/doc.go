// Package nlp analyses one document at a time: it finds the language of the
// document and of each sentence, the sentences and tokens with their byte
// offsets and stems, the entities (names, money, dates, references, ...)
// and the needs a customer states or implies. It is pure: no I/O, no global
// state beyond immutable tables and models loaded once per process.
//
// # Analysing a document
//
// The package-level Analyze uses a shared default Analyzer:
//
//	a, err := nlp.Analyze(ctx, ckm.Document{
//		ID:   "call-1",
//		Text: "We need the project number on invoices. Exporting takes forever.",
//	})
//	if err != nil {
//		return err
//	}
//	for _, n := range a.Needs {
//		fmt.Println(n.Cue, n.Theme) // request project number on invoices, pain exporting
//	}
//
// A program that wants its own configuration builds an Analyzer once with
// New and shares it; an Analyzer is safe for concurrent use:
//
//	az, err := nlp.New(nlp.Config{})
//	...
//	res, err := az.Analyze(ctx, doc)
//
// Analyze checks its context between stages and returns ctx.Err() when it
// ends.
//
// # Offsets
//
// Every Sentence, Token, Entity and Need carries byte offsets into
// doc.Text, and text[x.Start:x.End] == x.Text always holds, so the index can
// highlight the exact evidence for each finding.
//
// # Languages
//
// English and Portuguese are analysed fully. DetectLanguage scores stop
// words and letter patterns; a language given in doc.Lang wins for the
// document, and each sentence also gets its own language, so a mixed
// document is stemmed and matched sentence by sentence.
//
// # Entities
//
// Deterministic rules (Source "rule") find e-mail addresses, URLs, phone
// numbers (Value in E.164 where the country is known), money (Value such as
// "1200.50 BRL"), percentages, dates (Value ISO 8601 where absolute;
// relative dates such as "next quarter" and "semana que vem" have none),
// reference numbers with their Kind (invoice, po, order, ticket, project,
// contract, matter, client; Value the number) and CPF and CNPJ numbers
// whose check digits are right (Kind cpf or cnpj). Rules that need a digit
// run only on text that has one.
//
// A Gazetteer given in Config (see LoadGazetteer) finds the deployment's
// own clients, products and competitors (Source "gazetteer", Value the
// canonical name, Kind "client" or "competitor"). A competitor mention is
// an ORG or PRODUCT entity with Kind KindCompetitor.
//
// Small averaged-perceptron taggers (Source "model"), one for English
// trained on BTC, WNUT-17, SEC filings and WikiGold and one for Portuguese
// trained on LeNER-Br and Paramopama, embedded and loaded once per
// process, find people, organisations, places and products (and, in
// Portuguese, dates and legislation or case-law references) in sentences
// that have a capitalised word after their first. They know the words of
// first names (IBGE census, Wikidata) and of place names (GeoNames'
// cities, countries and regions) from lists built by
// internal/cmd/buildnames, and the English one the words of WordNet's
// organisations, people and places (internal/cmd/buildwordnet). `make train` (`go run
// ./internal/cmd/trainentities`) retrains them. Languages, nationalities,
// job titles and lone month names are never tagged people or places, nor
// is a month after "até" or "until" ("até Marco"). A name the tagger
// found once labels its other mentions in the document that it left
// untagged (tagger.Propagate). A name tagged PERSON or LOCATION that ends
// in a word that ends company names ("Tavira Logistics"; data/orgendings.txt,
// built by internal/cmd/buildorgendings from the US exchanges' listings)
// is ORG. Entities are capitalised spans, but in a post (a sentence with
// an @mention or a #hashtag, or whose first word is in lowercase) a
// hashtag ("#Ukraine") or a lowercase name of letters ("adele") may be
// one too, and in a sentence written
// mostly in capitals a word in capitals is a name, not an acronym. A
// first name after a
// greeting or a title ("Bom dia, Renata.", "Hi Priya,", "Sr. Paulo"), or
// that with its surnames comes right before an address in angle brackets
// (a sender: "Carla Dias <carla@padaria.com.br>"), is PERSON.
//
// Software and services are PRODUCT (Source "list"): a curated list
// (data/products-curated.txt: Excel, Salesforce, Protheus, Omie, ...)
// wins over the taggers, and a list generated from Simple Icons
// (data/products.txt, CC0) fills what the taggers left, and takes a
// tagged place of one word that is exactly one of its names and no
// place's whole name ("Harbor", part of "Oak Harbor"). A company's role
// before a tagged name ("Competitor Brightline", "o fornecedor Acme") is
// left out of it and makes it ORG. Names that open a
// transcript line ("Laura Mendes: ...") are PERSON unless they are a role
// ("Agent", "Project Manager"). Precedence: rules and speakers, then the
// deployment's gazetteer, the curated products, the taggers, the listed
// products; entities never overlap and are sorted by Start.
//
// An ORG or PRODUCT without a kind in a switch or offer context ("switch
// to X", "sign with X", "X offered us 20% off", "vamos migrar para o X",
// "X nos ofereceu") gets Kind KindCompetitor, gazetteer or not.
//
// # Needs
//
// Needs are found with the cue lexicons in data/cues.txt, in English and
// Portuguese, matched on stems so that inflections match. Each Need has a
// Kind (explicit for requests, questions and wishes, implied otherwise), a
// Cue, a Theme (a label in the customer's words, read around the cue) and a
// ThemeKey that groups variants: a seed topic of data/topics.txt
// ("audit-log"), a product name ("whatsapp") or sorted concept stems. The
// index groups keys further by what it has learned (index.LearnThemes);
// CandidateThemeKeys gives the keys of a query phrase. Then the Speaker
// taken from doc.Turns, Negated for "we
// don't need" and a Confidence from the cue's strength. Questions and
// requests in an agent's turn are not reported.
//
// Indirect needs count too: capability questions ("Do you offer hosting in
// Canada?", "Vocês já têm algo com WhatsApp Business?"), conditionals ("if
// your platform could talk to NetSuite"; with their payoff, whoever their
// subject: "if the app worked offline he'd move everyone onto it", "se
// desse pra ver tudo num mapa, a gente juntaria as viagens"), third-person notes ("Anne has
// blocked the rollout until..."), renewal, spend and parallel-tool
// pressure (churn-risk), and switch threats ("sign with X", "trocar por
// X"), which give a competitor need themed by the rival and a churn-risk
// need under the renewal theme, when a name or a rival word follows.
//
// A sentence is read clause by clause: negation, hedging and the theme stay
// inside the clause ("Não precisamos de SSO agora, mas seria ótimo ter um
// relatório por projeto" is a negated SSO request and a wish for the
// report), and a leading "if" clause gives way to the main clause's need.
// A sentence gives at most one need per theme (the affirmed, then the more
// confident). Evidence is the speaker's words, without the "Customer:"
// label. When an agent asks a question and the customer's next sentence
// says yes ("Both, ideally.", "Sim, seria ótimo."), the answer is a
// customer need with the theme of the agent's question; a no gives none.
// A need whose theme only points back, a demonstrative with a generic noun
// ("this feature", "essas mensagens") or a lone pronoun ("it", "isso"),
// takes the theme of the nearest of the two sentences before it in the
// same turn that has one; a sentence naming a topic or product keeps its
// own. A need told on a client's behalf, a third party before a verb of
// wanting ("Harbor wants facial recognition", "the client is asking for",
// "they're keen on", "o cliente quer", "os mecânicos pediram", "mencionou
// interesse em"), is a request themed by the words after the verb, and
// one asking how, whether or what ("the auditors asked how", "o diretor
// perguntou se") a question, unless the verb is negated or its clause
// already holds an explicit need.
//
// A document is also read as a whole. In one that reports a fault (an
// affirmed, unhedged customer pain need), a bare modal in another
// sentence ("The export crashes. It should keep the filters."), a
// first-person goal ("I want to install it but...") and "missing" state
// what was expected, not a new request, and are pain (outside reviews and
// tickets, where the need model decides). There too, a small learned head
// (data/kindveto.txt, trained on app reviews' and GitHub's feature
// requests against their bug reports and questions) reads such a document
// as a whole: when it scores the words as no suggestion, the requests,
// questions and wishes of its English sentences become pain as well ("Login
// fails with error 500. Can you help me?"), except in a sentence the head
// reads as a request on its own, in the only sentence that tells the
// fault, and "we need". No need is removed by either reading. Text in
// HTML comments (an issue template's instructions) gives no need, and
// text in Markdown code fences (code, logs) no request, question or wish.
//
// Short messages (up to 64 words of the customer's, English, outside
// reviews and tickets) get a second learned head (data/complaint.txt,
// trained on app reviews' and GitHub's fault reports, Banking77's
// complaint queries and, as ordinary statements, tweets): a sentence in
// which the cue rules found no need, that the head scores 0.6 or more in
// the sentence and in the message alike, is pain ("I ordered my card but
// it still isn't here", "I was expecting my new card by now"). How-to
// questions, praise and small talk stay without a need.
//
// # Versions
//
// Version changes whenever the output for some input can change, including
// any change to the files under data/.
package nlp

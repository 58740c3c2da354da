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
// "1200.50 BRL"), percentages, dates (Value ISO 8601 where absolute) and
// reference numbers (invoice, PO, order, ticket, nota fiscal, pedido, CPF,
// CNPJ; Value the number). prose's English entity model (Source "model")
// adds people, organisations and places, run only on English sentences
// that have a capitalised word after their first. Rules win where they
// overlap; entities never overlap and are sorted by Start.
//
// # Needs
//
// Needs are found with the cue lexicons in data/cues.txt, in English and
// Portuguese, matched on stems so that inflections match. Each Need has a
// Kind (explicit for requests and questions, implied otherwise), a Cue, a
// Theme read from the words around the cue and a ThemeKey (sorted stems)
// that groups variants, the Speaker taken from doc.Turns, Negated for "we
// don't need" and a Confidence from the cue's strength. Questions and
// requests in an agent's turn are not reported.
//
// # Versions
//
// Version changes whenever the output for some input can change, including
// any change to the files under data/.
package nlp

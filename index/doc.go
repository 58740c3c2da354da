// Package index is ckm's search index: a Bleve index on disk holding one
// record per document and one per need.
//
// Open creates or opens the index; Close commits what was accepted and
// closes it. Put stores a document with its nlp.Analysis; it returns once
// the batch holding it is committed, so a task acknowledged after Put is
// never lost. Concurrent Puts are grouped by one writer goroutine into
// Bleve batches (Config.BatchSize, Config.FlushInterval), and a document's
// record and need records are replaced together in one batch.
//
//	ix, err := index.Open(ctx, index.Config{Path: "data/index"})
//	if err != nil { ... }
//	defer ix.Close()
//	err = ix.Put(ctx, index.Record{Document: doc, Analysis: a})
//	res, err := ix.Search(ctx, index.Query{Text: "invoices", Clients: []string{"acme"}})
//
// Records. A document record (type "document") keeps the original
// document and its analysis (without tokens) as one stored JSON field and
// its stored fields, so Get and re-analysis need no other store. That
// field holds EncodeRecord's JSON form of a Record (which workers also
// forward to the index owner; DecodeRecord reads it) without what the
// stored fields give back: the ID, client and source (record.go,
// decodeStored), and, in indexes created while the text fields were
// stored, the text and subject. In new indexes the record is the one
// copy of the text, and hits are highlighted from it (highlight.go).
// Its text is indexed per
// sentence language into text_en, text_pt or text_und, each with its own
// analyzer (registry.go) that runs nlp.Stem, so "invoices" finds "invoice"
// and "exportacao" finds "exportações". Client, source, language, version,
// entity labels and values and need cues and themes are keyword fields with
// doc values for facets. A need record (type "need", id "<doc>/need/<n>")
// has keyword fields kind, cue, theme, theme_key, speaker, negated,
// confidence (a number in indexes created before it was a keyword: the
// index's layout, read from its mapping, says which) and its document's
// ID, client, source and time, for hints and emerging themes; evidence
// takes its text from the document's record.
//
// Hints ranks one client's themes (hints.go); Emerging tests which themes
// rose in a recent window against their baseline (emerging.go, with the
// statistic in AssessSurges, surge.go). Both count with facets over
// theme_key, read individual mentions from doc values (mentions.go) and load
// the stored text of the evidence sentences only.
//
// Search takes plain text, never Bleve query syntax, restricts every part
// of the result (hits, total, facets) to Query.Clients, and highlights
// matches with <mark> in HTML-escaped fragments. A search's total and
// facet counts are kept until the next commit, so its next pages and
// repeats do not count them again (counts.go); an index idle for
// Config.CompactAfter merges its segments so that searches read fewer
// (compact.go).
package index

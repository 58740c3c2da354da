// Package ingest turns what support tools send into ckm.Documents whose
// text holds only what the customer or agent actually wrote:
//
//   - email: RFC 822 / MIME messages (ParseEmail) and mbox files
//     (ParseMbox), any charset and transfer encoding, HTML-only mail as
//     text (HTMLText), attachments listed, thread ids, direction from the
//     company's domains; quoted replies, signatures and legal footers are
//     stripped (Strip) and kept in Parsed.Stripped and Document.Meta;
//   - transcripts: speaker-labelled text (Turns, ParseText), WebVTT
//     (ParseVTT) and SRT (ParseSRT) with voice tags, and JSON turns
//     (ParseTranscriptJSON), with customer/agent roles and time offsets;
//   - tickets: help-desk JSON exports (ParseTicketsJSON) and CSV with a
//     header row (ParseCSV) as spreadsheets write it: delimiter, encoding
//     and day-first or month-first dates detected, English and Portuguese
//     column names.
//
// Speaker and author labels ("Customer:", "kmills@mercyridge.example:")
// are kept in the turns, never in the text. Every document Parse returns
// has a date and says where it came from in its meta "at_source": the
// format's own field, a header line or WebVTT NOTE (in English or
// Portuguese), the recorder's file name, Config.At, or else the time it
// was received (see dates.go, when.go).
//
// Parse detects the format (Detect) and dispatches. Every error wraps
// ckm.ErrInvalidDocument and one of ErrUnknownFormat, ErrMalformed,
// ErrEmpty or ErrTooLarge; inputs that hold several documents return the
// good ones with an error naming each bad item. The parsers read; each
// document is normalised and validated once, by the Prepare given to
// ParseFunc (Finish, for Parse), so that a caller with its own (the API's
// queue client) does not do it twice. Like nlp, the package is
// pure: bytes in, values out, no I/O. InferTurns, used by the worker, fills
// the turns of a document that arrived as JSON.
package ingest

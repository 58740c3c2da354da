// Package ingest turns what support tools send into a ckm.Document: for now
// speaker-labelled transcripts ("Agent: ...", "[00:01:02] Cliente: ...")
// become Turns with customer and agent roles. Email, WebVTT/SRT and ticket
// exports come next. Like nlp, it is pure: bytes in, values out.
package ingest

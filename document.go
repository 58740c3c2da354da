package ckm

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"
)

// Limits on a single document. They bound the work one document can cause
// in every part of the system.
const (
	// MaxTextBytes is the largest Text accepted, in bytes.
	MaxTextBytes = 1 << 20
	// MaxDocumentBytes is the largest encoded document accepted, in bytes:
	// the text plus room for metadata and turns.
	MaxDocumentBytes = MaxTextBytes + 256<<10
	// MaxFieldBytes is the largest ID, Client or Subject accepted, in bytes.
	MaxFieldBytes = 512
	// MaxTurns is the largest number of transcript turns accepted.
	MaxTurns = 10000
	// MaxMetaKeys is the largest number of Meta entries accepted.
	MaxMetaKeys = 64
	// MaxMetaBytes is the largest total size of Meta keys and values, in
	// bytes.
	MaxMetaBytes = 128 << 10
)

// Source is the channel a document came through.
type Source string

// The known sources. An empty Source is allowed and means unknown.
const (
	SourceCall   Source = "call"
	SourceEmail  Source = "email"
	SourceTicket Source = "ticket"
	SourceNote   Source = "note"
	SourceChat   Source = "chat"
	SourceReview Source = "review"
)

// Sources lists the known sources in a stable order.
var Sources = []Source{SourceCall, SourceEmail, SourceTicket, SourceNote, SourceChat, SourceReview}

// Valid reports whether s is empty or one of the known sources.
func (s Source) Valid() bool {
	if s == "" {
		return true
	}
	for _, k := range Sources {
		if s == k {
			return true
		}
	}
	return false
}

// Role is the part a speaker plays in a conversation.
type Role string

// The roles a turn's speaker can have.
const (
	RoleUnknown  Role = ""
	RoleCustomer Role = "customer"
	RoleAgent    Role = "agent"
)

// Turn is one speaker's part of a transcript or thread. Start and End are
// byte offsets into the document's Text: Text[Start:End] is what the speaker
// said. Offset is the time into the recording, when known.
type Turn struct {
	Speaker string        `json:"speaker,omitempty"`
	Role    Role          `json:"role,omitempty"`
	Start   int           `json:"start"`
	End     int           `json:"end"`
	Offset  time.Duration `json:"offset,omitempty"`
}

// MetaAtSource is the Meta key that says where a document's At came from:
// "field", "header", "note", "filename", "flag" or AtReceived (see
// package ingest).
const MetaAtSource = "at_source"

// AtReceived is the MetaAtSource of a document dated by the time ckm
// received it, because nothing in it or about it gave a date. Such a date
// is weak evidence of when the customer spoke, and the content hash
// leaves it out: the same content received twice is the same document.
const AtReceived = "received"

// Document is one piece of customer communication. Only Text is required;
// an empty ID is filled by Normalize from the content, so the same content
// sent twice has the same ID.
//
// At is encoded as RFC 3339 and decoded from RFC 3339 or Unix seconds.
type Document struct {
	ID      string    `json:"id"`
	Client  string    `json:"client,omitempty"`
	Source  Source    `json:"source,omitempty"`
	At      time.Time `json:"at,omitzero"`
	Subject string    `json:"subject,omitempty"`
	Lang    string    `json:"lang,omitempty"`
	Text    string    `json:"text"`
	Turns   []Turn    `json:"turns,omitempty"`
	// Meta holds what the source carried besides the text (email headers,
	// thread ids, the quoted history and signature that were stripped,
	// ticket tags), keyed by short lowercase names such as "email.from".
	// It is stored with the document, not analysed.
	Meta map[string]string `json:"meta,omitempty"`
}

// ContentID is the ID a document without one gets: a hash of its client,
// source and text, so that the same content is the same document.
func (d *Document) ContentID() string {
	return "h" + d.ContentHash()[:23]
}

// ContentHash is the hex SHA-256 of everything the analysis and the index
// see of the document. Two sends of the same document have the same hash;
// a changed document has a different one. A received-time At and its
// marker (see AtReceived) are left out: stamping a document with the time
// it arrived does not change it.
func (d *Document) ContentHash() string {
	h := sha256.New()
	for _, s := range []string{d.Client, string(d.Source), d.Subject, d.Lang, d.Text} {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	if !d.At.IsZero() && d.Meta[MetaAtSource] != AtReceived {
		fmt.Fprintf(h, "at:%d", d.At.UnixNano())
	}
	for _, t := range d.Turns {
		fmt.Fprintf(h, "turn:%s/%s/%d/%d/%d", t.Speaker, t.Role, t.Start, t.End, t.Offset)
	}
	keys := make([]string, 0, len(d.Meta))
	for k := range d.Meta {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == MetaAtSource && d.Meta[k] == AtReceived {
			continue
		}
		fmt.Fprintf(h, "meta:%d:%s%d:%s", len(k), k, len(d.Meta[k]), d.Meta[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TurnAt returns the turn that contains the byte offset off, or false when
// the document has no turns or none contains it.
func (d *Document) TurnAt(off int) (Turn, bool) {
	for _, t := range d.Turns {
		if off >= t.Start && off < t.End {
			return t, true
		}
	}
	return Turn{}, false
}

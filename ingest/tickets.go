package ingest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/ckmhq/ckm"
)

// maxTickets bounds the tickets or rows read from one export.
const maxTickets = 100000

// looksHTML tells an HTML ticket body from plain text.
var looksHTML = regexp.MustCompile(`(?i)<(p|div|br|span|b|i|a|ul|li|table|blockquote)\b[^>]*>`)

// ParseTicketsJSON reads a help-desk export: one ticket object, an array of
// them, or an object holding them under "tickets" (or one under "ticket").
// The common shapes are understood (Zendesk, Freshdesk, Help Scout and the
// like): "subject"/"title", "description"/"description_text", a
// "requester" (object or id), "tags" (strings or {"tag"|"name"}), the
// client from "organization"/"company"/"client", and comments under
// "comments", "conversations", "threads" or "messages", each with a body
// and who wrote it. The text is one block per message, the author's words
// only, with quoted history and signatures stripped; the turns say who
// wrote each.
// Tickets that fail are reported in the joined error as "ticket N: ...".
func ParseTicketsJSON(b []byte, cfg Config) ([]Parsed, error) {
	var top any
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, malformed("ticket json: %v", err)
	}
	var items []any
	switch v := top.(type) {
	case []any:
		items = v
	case map[string]any:
		switch {
		case isArray(v["tickets"]):
			items = v["tickets"].([]any)
		case isObject(v["ticket"]):
			items = []any{v["ticket"]}
		default:
			items = []any{v}
		}
	}
	if len(items) == 0 {
		return nil, malformed("ticket json: no tickets")
	}
	if len(items) > maxTickets {
		return nil, malformed("ticket json: more than %d tickets", maxTickets)
	}
	var out []Parsed
	var errs []error
	for i, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("ticket %d: %w", i+1, malformed("not an object")))
			continue
		}
		p, err := parseTicket(obj, cfg)
		if err != nil {
			errs = append(errs, fmt.Errorf("ticket %d: %w", i+1, err))
			continue
		}
		out = append(out, p)
	}
	return out, joinItems(errs)
}

func isArray(v any) bool  { _, ok := v.([]any); return ok }
func isObject(v any) bool { _, ok := v.(map[string]any); return ok }

// ticketBuilder writes the messages of a ticket as blocks of their words
// only; each block's turn names its author, so that no "kmills@…:" prefix
// reaches a need's evidence.
type ticketBuilder struct {
	b        strings.Builder
	turns    []ckm.Turn
	stripped map[string][]string
	seen     map[string]bool
}

func (t *ticketBuilder) add(speaker string, role ckm.Role, body string) {
	if looksHTML.MatchString(body) {
		body = HTMLText([]byte(body))
	}
	kept, st := Strip(body)
	if kept != "" && t.seen[kept] {
		return // Zendesk repeats the description as the first comment
	}
	t.seen[kept] = true
	for _, s := range st {
		t.stripped[s.Kind] = append(t.stripped[s.Kind], s.Text)
	}
	if kept == "" {
		return
	}
	if t.b.Len() > 0 {
		t.b.WriteString("\n\n")
	}
	start := t.b.Len()
	if speaker == "" {
		speaker = map[ckm.Role]string{ckm.RoleCustomer: "Customer", ckm.RoleAgent: "Agent"}[role]
	}
	t.b.WriteString(kept) // the author is the turn's, never part of the words
	t.turns = append(t.turns, ckm.Turn{Speaker: speaker, Role: role, Start: start, End: t.b.Len()})
}

func parseTicket(obj map[string]any, cfg Config) (Parsed, error) {
	p := Parsed{Format: FormatTicketJSON}
	t := &ticketBuilder{stripped: map[string][]string{}, seen: map[string]bool{}}
	requester := str(obj, "requester", "customer", "requester_email", "from_email", "requester_id")
	reqID := str(obj, "requester_id")
	t.add(requester, ckm.RoleCustomer, str(obj, "description_text", "description", "body", "text", "content", "message"))
	for _, k := range []string{"comments", "conversations", "threads", "messages"} {
		arr, _ := obj[k].([]any)
		for _, c := range arr {
			cm, ok := c.(map[string]any)
			if !ok {
				continue
			}
			body := str(cm, "plain_body", "body_text", "body", "text", "content", "html_body", "message")
			if body == "" {
				continue
			}
			role := commentRole(cm, reqID, requester)
			who := str(cm, "author", "from_email", "created_by", "createdBy", "user")
			if who == "" && role == ckm.RoleCustomer {
				who = requester
			}
			t.add(who, role, body)
		}
	}
	d := &p.Document
	d.Text, d.Turns, d.Source = t.b.String(), t.turns, ckm.SourceTicket
	if len(d.Turns) < 2 {
		d.Turns = nil // one message: who wrote it is in the meta
	}
	if id := str(obj, "id", "ticket_id", "number", "key"); id != "" {
		d.ID = "ticket:" + truncate(id, ckm.MaxFieldBytes-8)
	}
	d.Subject = truncate(str(obj, "subject", "title", "summary"), ckm.MaxFieldBytes)
	d.Client = truncate(str(obj, "organization_name", "organization", "company", "client", "account"), ckm.MaxFieldBytes)
	tags := tagList(obj["tags"])
	p.Headers = map[string]string{"requester": requester, "tags": strings.Join(tags, ", "),
		"status": str(obj, "status"), "priority": str(obj, "priority")}
	d.Meta = map[string]string{}
	for k, v := range p.Headers {
		d.Meta["ticket."+k] = v
	}
	fieldDate(d, cfg, timeFields(obj)...)
	for _, kind := range []string{"quote", "signature", "disclaimer"} {
		if s := t.stripped[kind]; len(s) > 0 {
			p.Stripped = append(p.Stripped, Stripped{Kind: kind, Text: strings.Join(s, "\n\n")})
			d.Meta["stripped."+kind] = strings.Join(s, "\n\n")
		}
	}
	return p, wrapf0(finish(&p, cfg, ckm.SourceTicket), "ticket")
}

// commentRole says who wrote a ticket comment, from the fields help desks
// use: "incoming" (Freshdesk), "type" (Help Scout), "role", or the author
// being the requester.
func commentRole(cm map[string]any, reqID, requester string) ckm.Role {
	if in, ok := cm["incoming"].(bool); ok {
		return map[bool]ckm.Role{true: ckm.RoleCustomer, false: ckm.RoleAgent}[in]
	}
	switch strings.ToLower(str(cm, "type", "role", "author_role", "author_type")) {
	case "customer", "end-user", "end_user", "requester", "contact", "user", "cliente":
		return ckm.RoleCustomer
	case "agent", "message", "note", "admin", "staff", "atendente":
		return ckm.RoleAgent
	}
	if a := str(cm, "author_id", "user_id"); a != "" && (a == reqID || a == requester) {
		return ckm.RoleCustomer
	}
	if reqID != "" && str(cm, "author_id") != "" {
		return ckm.RoleAgent
	}
	return ckm.RoleUnknown
}

func tagList(v any) []string {
	var tags []string
	switch t := v.(type) {
	case []any:
		for _, x := range t {
			switch y := x.(type) {
			case string:
				tags = append(tags, y)
			case map[string]any:
				if s := str(y, "tag", "name"); s != "" {
					tags = append(tags, s)
				}
			}
		}
	case string:
		for _, s := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' }) {
			tags = append(tags, strings.TrimSpace(s))
		}
	}
	return tags
}

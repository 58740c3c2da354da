package ingest

import (
	"regexp"
	"slices"
	"strings"

	"github.com/ckmhq/ckm"
)

// replyTurns returns the turns of a message without speaker labels: the
// writer's lines, and the lines it quotes ("> …" and the attribution that
// introduces them, "On Oct 29, Jordan wrote:"). The writer is the agent
// when its sign-off names the vendor's side ("Customer Success, Clinora",
// "Equipe de Suporte") and the customer otherwise, as most mail a support
// tool receives is; the quoted lines are the other side's. So an offer an
// agent made that the customer quotes to turn down ("> our Analytics
// add-on is 20% off") is the agent's, and so is a vendor's whole message.
// A message that quotes nothing is one agent turn when signed by the
// vendor's side, and nil (speaker unknown) otherwise.
func replyTurns(client, text string) []ckm.Turn {
	lines := strings.Split(text, "\n")
	starts := make([]int, len(lines))
	off := 0
	for i, l := range lines {
		starts[i] = off
		off += len(l) + 1
	}
	inQuote := make([]bool, len(lines))
	hasQuote := false
	for i := 0; i < len(lines); i++ {
		if n := attributionAt(lines, i); n > 0 {
			for j := i; j < i+n; j++ {
				inQuote[j] = true
			}
			i += n - 1
			hasQuote = true
			continue
		}
		if quoted(lines[i]) {
			inQuote[i], hasQuote = true, true
		}
	}
	var own []string
	for i, l := range lines {
		if !inQuote[i] && strings.TrimSpace(l) != "" {
			own = append(own, l)
		}
	}
	writer, other := ckm.RoleCustomer, ckm.RoleAgent
	if vendorSignOff(own, client) {
		writer, other = ckm.RoleAgent, ckm.RoleCustomer
	}
	if !hasQuote {
		if writer != ckm.RoleAgent {
			return nil
		}
		return []ckm.Turn{{Role: ckm.RoleAgent, Start: 0, End: len(text)}}
	}
	var turns []ckm.Turn
	for i := range lines {
		role := writer
		if inQuote[i] {
			role = other
		}
		if strings.TrimSpace(lines[i]) == "" && len(turns) > 0 {
			continue // a blank line stays with the turn it follows
		}
		if len(turns) > 0 && turns[len(turns)-1].Role == role {
			continue
		}
		if len(turns) > 0 {
			turns[len(turns)-1].End = starts[i]
		}
		turns = append(turns, ckm.Turn{Role: role, Start: starts[i]})
	}
	if len(turns) > 0 {
		turns[len(turns)-1].End = len(text)
	}
	return turns
}

// vendorSignOffLines is how many of a message's last lines are read as
// its sign-off.
const vendorSignOffLines = 3

// maxSignOffLine bounds a sign-off line ("Customer Success, Clinora"): a
// longer one, or one ending a sentence, is the message itself ("we need
// better support for CSV.").
const maxSignOffLine = 50

// vendorSignOff reports whether the last lines of a message (its own,
// quotes left out) name the vendor's side: a team of roleTeams or a role
// word of the agent's ("Support", "Suporte", "CSM"). A message's first
// line is its body, never its sign-off: "@Walmart worst customer service"
// is a customer's complaint. A sign-off that names the client the
// document belongs to is the client's own team: "Client Services,
// Kookaburra Logistics", "Atendimento – Estaleiro e Marina Itajaí".
func vendorSignOff(own []string, client string) bool {
	var sign []string
	for _, l := range own[min(max(len(own)-vendorSignOffLines, 1), len(own)):] {
		if l = strings.TrimSpace(l); len(l) <= maxSignOffLine && !strings.ContainsAny(l[len(l)-1:], ".?!:") {
			sign = append(sign, l)
		}
	}
	if slices.ContainsFunc(sign, func(l string) bool { return sharesName(client, l) }) {
		return false
	}
	return slices.ContainsFunc(sign, func(l string) bool { return labelRole(l) == ckm.RoleAgent })
}

// replyHeader matches the line that opens a reply in a ticket's thread, as
// help desks print it: "Reply (Tom Becker, Hireloop Support): …",
// "Reply from Luis (Reppa Billing), Oct 21:", "Resposta (Thiago -
// Sunpath):", "Resposta do suporte:", the vendor's support team before
// who replied ("Verdio Support (Priya): Hi Marco, …", "Update from
// Condomix Support (Kelsey): …"), or set between rules instead of
// before a colon ("--- Resposta de Aline (Fotolume Suporte) ---"). Group
// 1 is the label, group 2, 3 or 4 who replied, when it says (4 after a
// team's name).
var replyHeader = regexp.MustCompile(`(?mi)^[ \t]*(?:[-=*_]{2,}[ \t]*)?((?:reply|response|support reply|agent reply|resposta|resposta do suporte|resposta da equipe|retorno do suporte)` +
	`(?:[ \t]*\(([^()\n]{1,60})\)|[ \t]+(?:from|de|do|da)[ \t]+([^:\n]{1,60}?))|(?:update from[ \t]+)?\p{Lu}[\p{L}\p{N}]+[ \t]+(?:support|suporte)[ \t]*\(([^()\n]{1,60})\))(?:[ \t]*:|[ \t]*[-=*_]{2,}[ \t]*$)`)

// staffLine matches a line that is only a name and the vendor's team in
// parentheses, as help desks print who replied when the reply starts on
// the next line: "Ben (Armazena Support):", "Camila (Suporte Armazena):".
// Group 1 is the label, group 2 the team.
var staffLine = regexp.MustCompile(`(?m)^[ \t]*(\p{Lu}[\p{L}.'\-]*(?:[ \t]+\p{Lu}[\p{L}.'\-]*){0,3}[ \t]*\(([^()\n]{1,60})\))[ \t]*:[ \t]*$`)

// nameLine matches a line that is only a name and a colon, as a thread
// prints the client's answer to such a reply: "Gareth Holt:". Group 1 is
// the name.
var nameLine = regexp.MustCompile(`(?m)^[ \t]*(\p{Lu}[\p{L}.'\-]*(?:[ \t]+\p{Lu}[\p{L}.'\-]*){0,3})[ \t]*:[ \t]*$`)

// replyStart is where a reply of a ticket thread opens: the line's start,
// its label's span and its role.
type replyStart struct {
	at, from, to int
	role         ckm.Role
}

// headedReplies returns the turns of a ticket thread whose replies open
// with a header (see replyHeader), or with a line of their own naming the
// vendor's team ("Ben (Armazena Support):", see staffLine): the text
// before the first header is the client's message, and each reply runs to
// the next header. A reply is the agent's unless who replied shares a
// word with the client's name ("Resposta (Carla, Padaria Lisboa)" for
// padaria-lisboa-sa) or is the person who opened the ticket ("Submitted
// by: Luis Ortega", then "Reply (Luis): Worked great", or a line "Luis
// Ortega:" in a thread such headers open, alone or before what they
// say), and then the customer's. Text without such a header yields nil.
func headedReplies(client, text string) []ckm.Turn {
	opener := ticketOpener(text)
	var starts []replyStart
	for _, loc := range replyHeader.FindAllStringSubmatchIndex(text, -1) {
		who := ""
		for g := 2; g <= 4; g++ {
			if loc[2*g] >= 0 {
				who = text[loc[2*g]:loc[2*g+1]]
			}
		}
		role := whoReplied(client, opener, who)
		if at := loc[8]; at >= 0 && sharesName(client, text[loc[2]:at]) {
			role = ckm.RoleCustomer // the client's own support team: "Greenacre Support (Marco):"
		}
		starts = append(starts, replyStart{loc[0], loc[2], loc[3], role})
	}
	for _, loc := range staffLine.FindAllStringSubmatchIndex(text, -1) {
		if labelRole(text[loc[4]:loc[5]]) == ckm.RoleAgent {
			starts = append(starts, replyStart{loc[0], loc[2], loc[3], ckm.RoleAgent})
		}
	}
	if len(starts) == 0 {
		return nil
	}
	for _, loc := range nameLine.FindAllStringSubmatchIndex(text, -1) {
		if who := text[loc[2]:loc[3]]; whoReplied(client, opener, who) == ckm.RoleCustomer {
			starts = append(starts, replyStart{loc[0], loc[2], loc[3], ckm.RoleCustomer})
		}
	}
	for _, loc := range speakerLines(text) {
		// the opener answering on the line of their name: "Kevin Liu: Uploaded the SVG"
		if who := text[loc[4]:loc[5]]; opener != "" && firstName(who) == opener {
			starts = append(starts, replyStart{loc[0], loc[4], loc[5], ckm.RoleCustomer})
		}
	}
	// a header line both patterns read keeps replyHeader's reading, found first
	slices.SortStableFunc(starts, func(a, b replyStart) int { return a.at - b.at })
	starts = slices.CompactFunc(starts, func(a, b replyStart) bool { return a.at == b.at })
	if strings.TrimSpace(text[:starts[0].at]) == "" {
		return nil
	}
	turns := []ckm.Turn{{Role: ckm.RoleCustomer, Start: 0, End: starts[0].at}}
	for i, st := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1].at
		}
		label := strings.TrimSpace(text[st.from:st.to])
		turns = append(turns, ckm.Turn{Speaker: label, Role: st.role, Start: st.from, End: end})
	}
	return turns
}

// whoReplied returns the role of who replied in a ticket thread: the
// customer's when the name shares a word with the client's or is the
// ticket's opener's (the folded first name ticketOpener gives, or ""),
// else the agent's.
func whoReplied(client, opener, who string) ckm.Role {
	if sharesName(client, who) {
		return ckm.RoleCustomer
	}
	if opener != "" && firstName(who) == opener {
		return ckm.RoleCustomer
	}
	return ckm.RoleAgent
}

// openerLine matches the line of a ticket that says who opened it, as help
// desks print it: "Submitted by: Luis Ortega", "Aberto por: Diego
// Schmitt". Group 1 is the name.
var openerLine = regexp.MustCompile(`(?mi)^[ \t]*(?:` + strings.Join(openerLabels, "|") + `)[ \t]*:[ \t]*(\p{L}[^\n<(,]{0,60})`)

// openerLabels are the labels of a help desk's form that say who opened a
// ticket, lowercase.
var openerLabels = []string{
	"submitted by", "reported by", "opened by", "raised by", "requested by",
	"requester", "aberto por", "enviado por", "solicitante", "solicitado por",
}

// ticketOpener returns the folded first name of who opened the ticket
// whose message is text, or "" when no line says (see openerLine).
func ticketOpener(text string) string {
	m := openerLine.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return firstName(m[1])
}

// firstName returns the folded first word of a name: "Luis Ortega" and
// "Luis" are "luis"; "Bruno – Suporte Lumo" is "bruno".
func firstName(name string) string {
	w := nameWords(name)
	if len(w) == 0 {
		return ""
	}
	return w[0]
}

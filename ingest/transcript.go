package ingest

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/ckmhq/ckm"
)

// speakerLine matches a speaker label at the start of a line, with an
// optional [hh:mm:ss] time stamp: "Agent: ", "[00:01:02] Maria Silva: ".
// The label may be an e-mail address ("kmills@mercyridge.example: ").
// The stamp may carry a date, as chat and call logs write it:
// "[2026-08-06 15:02:12] Kate Mills: ", "[06/08/2026 15:02] Maria: ".
var speakerLine = regexp.MustCompile(`(?m)^[ \t]*(?:\[(?:` + stampDate + `)?(\d{1,2}:\d{2}(?::\d{2})?)\][ \t]*)?(\p{Lu}[\p{L}\p{N}.'\-() ]{0,39}?|[\p{L}\p{N}._%+\-]{1,64}@[\p{L}\p{N}.\-]{1,100})[ \t]*:[ \t]+\S`)

// stampDate is the date part of a time stamp: "2026-08-06 ", "06/08/2026, ".
const stampDate = `(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}/\d{1,2}/\d{2,4},?[ \t])`

// roleWords maps lowercased speaker labels to roles, in English and
// Portuguese.
var roleWords = map[string]ckm.Role{
	"agent": ckm.RoleAgent, "agente": ckm.RoleAgent, "support": ckm.RoleAgent,
	"suporte": ckm.RoleAgent, "atendente": ckm.RoleAgent, "rep": ckm.RoleAgent,
	"csm": ckm.RoleAgent, "account manager": ckm.RoleAgent, "consultor": ckm.RoleAgent,
	"customer": ckm.RoleCustomer, "cliente": ckm.RoleCustomer, "client": ckm.RoleCustomer,
	"caller": ckm.RoleCustomer, "user": ckm.RoleCustomer, "usuário": ckm.RoleCustomer,
}

// Turns finds speaker-labelled turns in text. roles maps further speaker
// names (lowercased) to roles, on top of the generic labels "Agent",
// "Customer", "Atendente", "Cliente" and the like. Text with fewer than two
// labelled lines is not a transcript and yields nil. Each turn spans from
// its label to the next one.
func Turns(text string, roles map[string]ckm.Role) []ckm.Turn {
	locs := speakerLines(text)
	if len(locs) < 2 {
		return nil
	}
	turns := make([]ckm.Turn, 0, len(locs))
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		name := strings.TrimSpace(text[loc[4]:loc[5]])
		turn := ckm.Turn{Speaker: name, Role: roleOf(name, roles), Start: loc[0], End: end}
		if loc[2] >= 0 {
			turn.Offset = parseClock(text[loc[2]:loc[3]])
		}
		turns = append(turns, turn)
	}
	inferRoles(text, turns)
	return turns
}

// inferRoles gives roles to the speakers roleOf left unknown, from the
// transcript itself: when no label names the agent, the one speaker whose
// turns say what a support agent says ("how can I help", "I'll log it
// with the product team", "vou verificar com o time") is the agent, or
// else, when labels name the customer, the one other speaker is
// (otherSide), and so is a label with the agent's first name ("Olivia
// Grant: …", then "Olivia: …"); and once one speaker is the agent, the
// other unknown speakers are the customer's side ("Agent: …", "Dana: …"),
// as in a support call.
func inferRoles(text string, turns []ckm.Turn) {
	if !slices.ContainsFunc(turns, func(t ckm.Turn) bool { return t.Role == ckm.RoleAgent }) {
		says := map[string]bool{} // unknown speakers saying an agent's phrase
		for _, t := range turns {
			if t.Role == ckm.RoleUnknown && agentSays(text[t.Start:t.End]) {
				says[t.Speaker] = true
			}
		}
		if len(says) == 0 {
			says = otherSide(turns)
		}
		if len(says) != 1 {
			return
		}
		first := map[string]bool{} // the agent's first name: "Olivia" is "Olivia Grant", "Megan" is "Megan (Pestora)"
		for sp := range says {
			f, _, _ := strings.Cut(sp, " ")
			first[f] = true
		}
		for i, t := range turns {
			f, _, _ := strings.Cut(t.Speaker, " ")
			if says[t.Speaker] || t.Role == ckm.RoleUnknown && first[f] {
				turns[i].Role = ckm.RoleAgent
			}
		}
	}
	for i, t := range turns {
		if t.Role == ckm.RoleUnknown {
			turns[i].Role = ckm.RoleCustomer
		}
	}
}

// otherSide returns the one unknown speaker of a transcript whose other
// speakers are labelled the customer ("Customer (Tom Hale): …", "Ticketa
// (Owen): …"): a support conversation has two sides. It returns nothing
// when no label names the customer or more than one speaker is unknown.
func otherSide(turns []ckm.Turn) map[string]bool {
	unknown := map[string]bool{}
	customer := false
	for _, t := range turns {
		switch t.Role {
		case ckm.RoleUnknown:
			unknown[t.Speaker] = true
		case ckm.RoleCustomer:
			customer = true
		}
	}
	if !customer || len(unknown) != 1 {
		return nil
	}
	return unknown
}

// labelRole returns the role a word of a speaker label or a sign-off line
// names: the phrases of roleTeams first ("Customer Success" is the
// vendor's team), then any word of roleWords.
func labelRole(label string) ckm.Role {
	words := strings.FieldsFunc(strings.ToLower(label), func(r rune) bool { return !unicode.IsLetter(r) })
	joined := " " + strings.Join(words, " ") + " "
	for _, p := range roleTeams {
		if strings.Contains(joined, " "+p+" ") {
			return ckm.RoleAgent
		}
	}
	for _, w := range words {
		if r, ok := roleWords[w]; ok {
			return r
		}
	}
	return ckm.RoleUnknown
}

// roleTeams are the vendor's teams, named with a customer word.
var roleTeams = []string{"customer success", "customer support", "customer service", "customer care",
	"client services", "sucesso do cliente", "atendimento ao cliente", "help desk", "helpdesk", "service desk", "atendimento"}

// agentPhrases are what a support agent says and a customer seldom does,
// lowercased, in English and Portuguese.
var agentPhrases = []string{
	"how can i help", "how may i help", "what can i do for you", "thanks for calling", "thank you for calling",
	"thanks for reaching out", "thank you for reaching out", "i'll log", "i will log", "log it with", "i'll raise it with",
	"i'll pass it on", "i'll pass that on", "i'll check with", "i've asked the", "i'll ask the product", "i'll flag it",
	"i've raised it", "raised it with", "i've logged", "logged it with", "i've passed it", "i'll look into",
	"i'll find out", "i'll have an answer", "i'll get back to you", "with the product team", "with our product team",
	"anything else i can", "anything else today", "is there anything else", "add your vote", "added your vote",
	"i've added your", "i'll add you to the",
	"como posso ajudar", "em que posso ajudar", "posso ajudar em", "obrigado por ligar", "obrigada por ligar",
	"obrigado pelo contato", "obrigada pelo contato", "vou registrar", "vou verificar com", "vou ver com o",
	"vou ver com a", "vou levar isso", "vou passar para o", "vou passar pro", "estou vendo com", "te dou retorno",
	"mais alguma coisa", "algo mais em que", "vou trazer resposta", "com o time de produto", "com a equipe de produto",
	"com o produto", "vou abrir um chamado", "já registrei", "seu voto", "adicionei vocês", "adicionei seu",
	// an account manager's call: thanks for the time, offers to switch
	// things on or off, follow-ups ("Hi Marcus, thanks for jumping on",
	// "we can switch on SMS shift reminders ... Do you want that?", "I'll
	// resend it now", "Have you tried duplicating the packages?")
	"thanks for jumping on", "thanks for making time", "thanks for making the time", "thanks for the time",
	"quick check-in", "have you tried", "what would good look like", "i'll come back with", "i'll come back to you",
	"i'll send the invite", "i'll resend", "i can hide", "i can switch", "i can turn", "i can enable",
	"we can switch on", "we can turn on", "we can enable", "i'll leave it off", "i'll switch it off", "i'll turn it off",
	"on our roadmap", "our product team",
	"obrigado pelo tempo", "obrigada pelo tempo", "quer que eu ative", "posso ativar", "posso desativar", "posso esconder",
	"vou reenviar", "reenviei", "vou mandar o convite", "te mando o convite", "no nosso roadmap", "pedido de melhoria", "já tentou",
	// taking the request to the product team ("Vou levar pro produto com o
	// detalhe da prefeitura")
	"take it to product", "take that to product", "take this to product", "levar pro produto", "levar para o produto",
	"passar pro produto", "passar para o produto",
}

// agentSays reports whether a turn holds one of agentPhrases, or a path
// through the product's menus ("Settings > Locations > Special hours",
// "em Relatórios > Orçamentos"), which support gives and a customer
// seldom writes.
func agentSays(turn string) bool {
	t := strings.ToLower(strings.ReplaceAll(turn, "’", "'"))
	return slices.ContainsFunc(agentPhrases, func(p string) bool { return strings.Contains(t, p) }) || menuPath.MatchString(turn)
}

// menuPath matches two steps of a path through an app's menus, each a
// capitalised word: "Settings > Locations", "Relatórios > Orçamentos".
var menuPath = regexp.MustCompile(`\p{Lu}[\p{L}']* > \p{Lu}`)

// speakerLines finds speakerLine at the start of each line. It reads
// only lines with a colon near their start, and only that start: the
// same matches as a search of the whole text, at a fraction of the cost.
func speakerLines(text string) [][]int {
	var out [][]int
	for start := 0; start <= len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		head := text[start:min(end, start+maxLabelLine)]
		if strings.IndexByte(head, ':') >= 0 {
			if m := speakerLine.FindStringSubmatchIndex(head); m != nil && m[0] == 0 {
				for i := range m {
					if m[i] >= 0 {
						m[i] += start
					}
				}
				out = append(out, m)
			}
		}
		start = end + 1
	}
	return out
}

// maxLabelLine bounds where a speaker label's match can end: a stamp, an
// e-mail address label and the first letter of the words.
const maxLabelLine = 320

// roleOf returns the role of a speaker label: from roles (names
// lowercased), else the generic labels ("Agent", "Cliente"), else a role
// word inside the label ("Support (Jane)", "Customer Success - Priya",
// "Agente Carla"; see labelRole).
func roleOf(name string, roles map[string]ckm.Role) ckm.Role {
	key := strings.ToLower(name)
	if r, ok := roles[key]; ok {
		return r
	}
	if r, ok := roleWords[key]; ok {
		return r
	}
	return labelRole(name)
}

// InferTurns returns doc with the turns found in its text when it has
// none: of a speaker-labelled transcript (see Turns, vendorSide) or a chat
// on one line (chatTurns), of a ticket thread whose replies open with a
// header (headedReplies) where neither told a role, of a chat flattened
// after role labels (inlineTurns), or else of a message and the lines it
// quotes (replyTurns). A document that has turns is returned as it is.
// The worker calls it on every document it analyses, so this is where a
// document's turns are inferred.
func InferTurns(doc ckm.Document) ckm.Document {
	if len(doc.Turns) > 0 {
		return doc
	}
	doc.Turns = Turns(doc.Text, nil)
	vendorSide(doc.Client, doc.Text, doc.Turns)
	if spoken(doc.Source) {
		wordSides(doc.Client, doc.Text, doc.Turns)
	}
	if len(doc.Turns) == 0 {
		doc.Turns = chatTurns(doc)
	}
	switch {
	case !slices.ContainsFunc(doc.Turns, func(t ckm.Turn) bool { return t.Role != ckm.RoleUnknown }):
		if turns := headedReplies(doc.Client, doc.Text); turns != nil {
			doc.Turns = turns
		}
	case repliesAsLabels(doc.Text, doc.Turns) || formHoldsReply(doc.Text, doc.Turns):
		if turns := headedReplies(doc.Client, doc.Text); turns != nil {
			doc.Turns = withLabelled(doc.Text, turns, doc.Turns)
		}
	}
	if len(doc.Turns) == 0 {
		doc.Turns = inlineTurns(doc.Text)
	}
	if len(doc.Turns) == 0 {
		doc.Turns = replyTurns(doc.Client, doc.Text)
	}
	return doc
}

// repliesAsLabels reports whether some of turns open with a ticket's reply
// header ("Reply (Dana): Yeah that's what we do on paper") read as a
// speaker's label. A help desk's thread is its replies: a header the label
// pattern missed ("Reply (Josh, Oficio Support):") would leave the vendor's
// reply inside the customer's turn, or the customer's message inside the
// agent's, so headedReplies reads the thread instead.
func repliesAsLabels(text string, turns []ckm.Turn) bool {
	return slices.ContainsFunc(turns, func(t ckm.Turn) bool { return opensWithReply(text, t) })
}

// formHoldsReply reports whether a turn labelled by a help desk's form
// ("Submitted by: Marcus Lee", see openerLabels) holds a reply header: the
// form label opens the client's message, which the header ends ("Reply
// from Priya Nair (Farmix Support):"), not a speaker's turn.
func formHoldsReply(text string, turns []ckm.Turn) bool {
	return slices.ContainsFunc(turns, func(t ckm.Turn) bool {
		return slices.Contains(openerLabels, strings.ToLower(t.Speaker)) && replyHeader.MatchString(text[t.Start:t.End])
	})
}

// opensWithReply reports whether a turn's text opens with a ticket's reply
// header (replyHeader).
func opensWithReply(text string, t ckm.Turn) bool {
	loc := replyHeader.FindStringIndex(text[t.Start:t.End])
	return loc != nil && strings.TrimSpace(text[t.Start:t.Start+loc[0]]) == ""
}

// withLabelled returns a ticket thread's turns (headedReplies) with the
// labelled turns inside its replies that are no reply header and have a
// role ("Jéssica: Entrei! Obrigada." after the vendor's "Resposta
// (Rafael): ..."), each running to the next turn of either. A labelled
// turn that starts where an unlabelled one of the thread does, with the
// same role, takes its place: the client's message opening with who
// wrote it.
func withLabelled(text string, thread, labelled []ckm.Turn) []ckm.Turn {
	all := slices.Clone(thread)
	for _, t := range labelled {
		if t.Role == ckm.RoleUnknown || opensWithReply(text, t) {
			continue
		}
		switch i := slices.IndexFunc(all, func(h ckm.Turn) bool { return h.Start == t.Start }); {
		case i < 0:
			all = append(all, t)
		case all[i].Speaker == "" && all[i].Role == t.Role:
			all[i] = t // the client's message opens with its writer's label: "Brent Tully: Toyota of Plano's ..."
		}
	}
	slices.SortStableFunc(all, func(a, b ckm.Turn) int { return a.Start - b.Start })
	for i := range all {
		all[i].End = len(text)
		if i+1 < len(all) {
			all[i].End = all[i+1].Start
		}
	}
	return all
}

// vendorSide gives roles to the speakers of a transcript in which
// inferRoles found no agent, from the client the document belongs to. A
// team labels its participants with the company they speak for, in their
// labels or in a header line ("Gemma Lowe (Reppa) / Sophie Clarke (Harbour
// & Hill)", then "Gemma: …"), and the client's own name tells which side
// is which: a speaker labelled with a company or a person in parentheses
// ("Olivia Bennett (Fretix)", "Shelfy (Camila)"), or named so in the
// header, no word of which is a word of the client's name, is the
// vendor's agent when it is the one such person or all such people name
// one company (and so is the same person labelled without it), the other
// speakers the customer's side;
// when the labels in parentheses all name the client ("Tiago (Rápido
// Sul)" for the client rapido-sul-entregas), those speakers are the
// customer's side and the one other speaker ("Routewise") is the agent.
func vendorSide(client, text string, turns []ckm.Turn) {
	if client == "" || slices.ContainsFunc(turns, func(t ckm.Turn) bool { return t.Role != ckm.RoleUnknown }) {
		return
	}
	ours := func(org string) bool { return sharesName(client, org) }
	header := map[string]bool{} // first names the header places: true on the client's side
	if len(turns) > 0 {
		end := turns[0].Start // the lines before the first turn, and its first line ("Reunião: Rafael Torres (Reppa) / …")
		if nl := strings.IndexByte(text[end:turns[0].End], '\n'); nl >= 0 {
			end += nl
		} else {
			end = turns[0].End
		}
		for _, m := range participant.FindAllStringSubmatch(text[:end], -1) {
			header[m[1]] = ours(m[2])
		}
	}
	vendor, ownSide, plain := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, t := range turns {
		open := strings.IndexByte(t.Speaker, '(')
		first, _, _ := strings.Cut(t.Speaker, " ")
		side, named := header[first]
		switch {
		case open > 0 && strings.HasSuffix(t.Speaker, ")") && ours(t.Speaker):
			ownSide[t.Speaker] = true
		case open > 0 && strings.HasSuffix(t.Speaker, ")"):
			vendor[t.Speaker] = true
		case named && side:
			ownSide[t.Speaker] = true
		case named:
			vendor[t.Speaker] = true
		default:
			plain[t.Speaker] = true
		}
	}
	people := map[string]bool{} // the vendor's speakers by first name
	orgs := map[string]bool{}   // what their labels hold in parentheses
	for v := range vendor {
		first, _, _ := strings.Cut(v, " ")
		people[first] = true
		if _, org, ok := strings.Cut(v, "("); ok {
			orgs[fold(org)] = true
		}
	}
	switch {
	case (len(people) == 1 || len(orgs) == 1) && len(plain)+len(ownSide) > 0: // or "Priya Nair (Hireloop)", "Alan Cho (Hireloop)", "Dana"
		for p := range plain {
			if people[p] {
				delete(plain, p)
				vendor[p] = true // "Sarah (Condomio)" first, "Sarah" after
			}
		}
	case len(vendor) == 0 && len(ownSide) > 0 && len(plain) == 1:
		vendor = plain
	default:
		return
	}
	for i, t := range turns {
		if vendor[t.Speaker] {
			turns[i].Role = ckm.RoleAgent
		} else {
			turns[i].Role = ckm.RoleCustomer
		}
	}
}

// participant matches a participant named with the company they speak
// for in a transcript's header: "Gemma Lowe (Reppa)", "Larissa Duarte
// (Pulso)"; the first name and the company.
var participant = regexp.MustCompile(`(\p{Lu}\p{L}+)(?:[ \t]+\p{Lu}[\p{L}'\-]+){0,3}[ \t]*\(([^()\n]{2,40})\)`)

// sharesName reports whether a label or company name s shares a word
// (see nameWords) with the client's name.
func sharesName(client, s string) bool {
	own := nameWords(client)
	return slices.ContainsFunc(nameWords(s), func(w string) bool { return slices.Contains(own, w) })
}

// nameWords returns the folded words of a name or client id of at least
// three letters: "rede-pulso" → rede, pulso; "Tiago (Rápido Sul)" → tiago,
// rapido, sul.
func nameWords(s string) []string {
	return slices.DeleteFunc(strings.FieldsFunc(fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }),
		func(w string) bool { return len(w) < 3 })
}

// inlineLabel matches a speaker label inside a line: a role word written
// as a label ("Cliente", "Agent", "Atendente"), with an optional name in
// parentheses, or a capitalised name with a person's name in parentheses
// ("Ticketa (Hamish)", the vendor's agent as chat widgets label them),
// then a colon and a word: "Agente (Carla): ".
var inlineLabel = regexp.MustCompile(`(?:^|\s)((?:Agent|Agente|Atendente|Suporte|Support|Customer|Cliente|Client|Caller|Consultor|CSM|AGENT|AGENTE|CUSTOMER|CLIENTE)(?:[ \t]*\([^()\n]{1,40}\))?|\p{Lu}[\p{L}\p{N}&.\-]{1,30}[ \t]*\([^()\n]{1,40}\))[ \t]*:[ \t]+\S`)

// inlineTurns finds the turns of a transcript flattened onto one line,
// as chat widgets and CRMs export it ("Cliente: esqueci minha senha
// Agente (Carla): Reenviei, confere no spam? Cliente: tava no spam"):
// the text starts with a role label and holds labels of both the
// customer's and the agent's side, a named label's role inferred as a
// labelled transcript's is ("Customer: … Ticketa (Hamish): …": the one
// other speaker is the agent; see inferRoles). Each turn spans from its
// label to the next one. Anything else yields nil.
func inlineTurns(text string) []ckm.Turn {
	// Most documents are not transcripts: only those whose start is a
	// label are searched through.
	head := text[:min(len(text), maxLabelLine)]
	if m := inlineLabel.FindStringSubmatchIndex(head); m == nil || strings.TrimSpace(head[:m[2]]) != "" {
		return nil
	}
	locs := inlineLabel.FindAllStringSubmatchIndex(text, -1)
	if len(locs) < 2 {
		return nil
	}
	turns := make([]ckm.Turn, 0, len(locs))
	for i, loc := range locs {
		end := len(text)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		name := text[loc[2]:loc[3]]
		turns = append(turns, ckm.Turn{Speaker: name, Role: roleOf(name, nil), Start: loc[2], End: end})
	}
	if turns[0].Role == ckm.RoleUnknown {
		return nil
	}
	inferRoles(text, turns)
	has := func(r ckm.Role) bool { return slices.ContainsFunc(turns, func(t ckm.Turn) bool { return t.Role == r }) }
	if !has(ckm.RoleAgent) || !has(ckm.RoleCustomer) {
		return nil
	}
	return turns
}

// chatLabel matches a speaker's label in a chat exported onto one line:
// at the start of the text, after a time stamp or a bar ("[14:05] Rachel
// Kim: … [14:06] Kevin (Sunpath Support): …", "Marcus Reyes: … | Tom
// (Hireloop): …"), or after a space ("… não mais mensal Thiago
// (Casebridge): Oi Patrícia!"). Group 1 is what opens the turn, group 2
// the clock of a stamp, group 3 the speaker.
var chatLabel = regexp.MustCompile(`(^[ \t]*|[ \t]\|[ \t]*|\[(?:` + stampDate + `)?(\d{1,2}:\d{2}(?::\d{2})?)\][ \t]*|[ \t])` +
	`(\p{Lu}[\p{L}\p{N}.'\-]{0,30}(?:[ \t]\p{Lu}[\p{L}\p{N}.'\-]{0,30}){0,3}(?:[ \t]*\([^()\n]{1,40}\))?)[ \t]*:[ \t]+\S`)

// chatTurns finds the turns of a chat flattened onto one line (see
// chatLabel). The text must open with a label. A later label opens a
// turn after a time stamp or a bar; in a chat or a call (or a document of
// no source) also after a space when it names a role or a company in
// parentheses ("Agente (Lucas):", "Thiago (Casebridge):") or is a speaker
// already labelled ("Bec Taylor:" again), or the first name of one
// ("Hannah (Mergulhix):", then "Hannah:"). It must hold two labels or more,
// from two speakers or more, and both the agent and the customer must be
// told, by the labels, by what an agent says or by the client the
// document belongs to (inferRoles, vendorSide). A turn ends where the
// next one's stamp, bar or label starts. Anything else yields nil.
func chatTurns(doc ckm.Document) []ckm.Turn {
	text := doc.Text
	head := text[:min(len(text), maxLabelLine)]
	if m := chatLabel.FindStringSubmatchIndex(head); m == nil || strings.TrimSpace(head[:m[2]]) != "" {
		return nil
	}
	talk := spoken(doc.Source)
	var locs [][]int
	known := map[string]bool{}
	for i, loc := range chatLabel.FindAllStringSubmatchIndex(text, -1) {
		name := strings.TrimSpace(text[loc[6]:loc[7]])
		opener := strings.TrimSpace(text[loc[2]:loc[3]])
		if i > 0 && opener == "" && (!talk || !strings.Contains(name, "(") && roleOf(name, nil) == ckm.RoleUnknown && !known[name]) {
			continue // a capitalised word and a colon inside a turn
		}
		locs = append(locs, loc)
		known[name] = true
		first, _, _ := strings.Cut(name, " ")
		known[first] = true // "Hannah (Mergulhix): …", then "Hannah: Fair."
	}
	if talk {
		locs = repeatedLabels(text, locs, known)
	}
	if len(locs) < 2 || len(known) < 2 {
		return nil
	}
	turns := make([]ckm.Turn, 0, len(locs))
	for _, loc := range locs {
		start := loc[6] // after a bar or a space, the label
		if text[loc[2]] == '[' {
			start = loc[2] // a stamp opens the turn
		}
		if n := len(turns); n > 0 {
			turns[n-1].End = start
			if text[loc[2]] == '[' || strings.Contains(text[loc[2]:loc[3]], "|") {
				turns[n-1].End = loc[2]
			}
		}
		name := strings.TrimSpace(text[loc[6]:loc[7]])
		turn := ckm.Turn{Speaker: name, Role: roleOf(name, nil), Start: start, End: len(text)}
		if loc[4] >= 0 {
			turn.Offset = parseClock(text[loc[4]:loc[5]])
		}
		turns = append(turns, turn)
	}
	inferRoles(text, turns)
	vendorSide(doc.Client, text, turns)
	if talk {
		wordSides(doc.Client, text, turns)
	}
	has := func(r ckm.Role) bool { return slices.ContainsFunc(turns, func(t ckm.Turn) bool { return t.Role == r }) }
	if !has(ckm.RoleAgent) || !has(ckm.RoleCustomer) {
		return nil
	}
	return turns
}

// spoken reports whether a document of the source is a conversation: a
// call, a chat, or of no source.
func spoken(source ckm.Source) bool {
	return source == ckm.SourceChat || source == ckm.SourceCall || source == ""
}

// repeatedLabels adds to locs (chatLabel matches, in order) the labels of
// known speakers that a longer capitalised run before them hid from
// chatLabel ("… to Parramatta Bec Taylor: …"), in the same form.
func repeatedLabels(text string, locs [][]int, known map[string]bool) [][]int {
	taken := map[int]bool{}
	for _, loc := range locs {
		taken[loc[6]] = true
	}
	for name := range known {
		for from := 0; ; {
			j := strings.Index(text[from:], " "+name+": ")
			if j < 0 {
				break
			}
			at := from + j + 1
			from = at + len(name)
			if !taken[at] {
				taken[at] = true
				locs = append(locs, []int{at - 1, at + len(name) + 1, at - 1, at, -1, -1, at, at + len(name)})
			}
		}
	}
	slices.SortFunc(locs, func(a, b []int) int { return a[6] - b[6] })
	return locs
}

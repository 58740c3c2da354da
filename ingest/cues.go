package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
)

// cue is one timed piece of a transcript: a caption or a JSON turn.
type cue struct {
	at      time.Duration
	speaker string
	role    ckm.Role
	text    string
}

var (
	// voiceTag is a WebVTT voice span: "<v Maria Silva>", "<v.loud Bob>".
	voiceTag = regexp.MustCompile(`<v(?:\.[^ \t>]*)?[ \t]+([^>]{1,80})>`)
	// markup is any other caption tag: <i>, </c>, <00:00:01.000>, {\an8}.
	markup = regexp.MustCompile(`</?[a-zA-Z][^<>]{0,80}>|<[\d:.]{1,20}>|\{\\[^}]{0,20}\}`)
	// cueLabel is a "Speaker: " label at the start of a caption.
	cueLabel = regexp.MustCompile(`^(\p{Lu}[\p{L}\p{N}.'\- ]{0,39}?)[ \t]*:[ \t]+`)
	// timing is a cue timing line of WebVTT or SRT.
	timing = regexp.MustCompile(`^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})`)
)

// cueText cleans one caption's lines and finds its speaker, from a voice
// tag or a "Name:" label.
func cueText(lines []string) (speaker, text string) {
	s := strings.Join(lines, " ")
	if m := voiceTag.FindStringSubmatch(s); m != nil {
		speaker = strings.TrimSpace(m[1])
	}
	s = markup.ReplaceAllString(s, "")
	s = strings.Join(strings.Fields(s), " ")
	if speaker == "" {
		if m := cueLabel.FindStringSubmatch(s); m != nil {
			speaker, s = strings.TrimSpace(m[1]), s[len(m[0]):]
		}
	}
	return speaker, s
}

// parseStamp reads "hh:mm:ss.mmm", "mm:ss.mmm" or with a comma (SRT).
func parseStamp(s string) (time.Duration, error) {
	s = strings.Replace(s, ",", ".", 1)
	parts := strings.Split(s, ":")
	var d time.Duration
	for i, p := range parts {
		if i == len(parts)-1 {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil || f >= 60 {
				return 0, fmt.Errorf("bad time stamp %q", s)
			}
			d = d*60 + time.Duration(f*float64(time.Second))
			break
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && n >= 60) || n > 1000 {
			return 0, fmt.Errorf("bad time stamp %q", s)
		}
		d = d*60 + time.Duration(n)*time.Second
	}
	return d, nil
}

// buildTranscript turns cues into a document whose text holds one line
// per turn, the speaker's words only (consecutive cues of one speaker
// merge), and whose turns carry the speakers, roles and time offsets. roles maps lowercased
// speaker names to roles, on top of cfg.Roles.
func buildTranscript(cues []cue, roles map[string]ckm.Role, cfg Config) ckm.Document {
	var b strings.Builder
	var turns []ckm.Turn
	for i, c := range cues {
		if c.text == "" {
			continue
		}
		n := len(turns)
		if n > 0 && c.speaker == turns[n-1].Speaker && i > 0 {
			b.WriteByte(' ')
			b.WriteString(c.text)
			turns[n-1].End = b.Len()
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		start := b.Len()
		b.WriteString(c.text)
		role := c.role
		if role == ckm.RoleUnknown {
			role = roleOf(c.speaker, roles)
		}
		if role == ckm.RoleUnknown {
			role = roleOf(c.speaker, cfg.Roles)
		}
		if role == ckm.RoleUnknown && strings.Contains(c.speaker, "@") {
			role = directionRole(direction(c.speaker, cfg.CompanyDomains)) // an e-mail address as the label
		}
		turns = append(turns, ckm.Turn{Speaker: c.speaker, Role: role, Start: start, End: b.Len(), Offset: c.at})
	}
	if len(turns) > ckm.MaxTurns {
		turns = nil
	}
	return ckm.Document{Text: b.String(), Turns: turns, Source: ckm.SourceCall}
}

// roleHeader reads a line that assigns speakers a role: "Agent: Bob",
// "Cliente: Maria Silva, João".
func roleHeader(line string, roles map[string]ckm.Role) bool {
	k, v, ok := strings.Cut(line, ":")
	if !ok {
		return false
	}
	r, ok := roleWords[strings.ToLower(strings.TrimSpace(k))]
	if !ok {
		return false
	}
	for _, name := range strings.Split(v, ",") {
		if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
			roles[name] = r
		}
	}
	return true
}

// transcriptMeta records the speakers and their roles.
func transcriptMeta(d *ckm.Document, format Format) {
	seen := map[string]bool{}
	var names []string
	for _, t := range d.Turns {
		if t.Speaker != "" && !seen[t.Speaker] && len(names) < 50 {
			seen[t.Speaker] = true
			name := t.Speaker
			if t.Role != ckm.RoleUnknown {
				name += " (" + string(t.Role) + ")"
			}
			names = append(names, name)
		}
	}
	if d.Meta == nil {
		d.Meta = map[string]string{}
	}
	d.Meta["transcript.format"], d.Meta["transcript.speakers"] = string(format), strings.Join(names, "; ")
}

package ingest

import (
	"bytes"
	"strings"

	"github.com/ckmhq/ckm"
)

// ParseVTT reads a WebVTT transcript. Speakers come from voice tags
// ("<v Maria Silva>") or "Name:" labels in the captions; roles from
// cfg.Roles, the generic labels, or role lines in the header or a NOTE
// block ("Agent: Bob", "Cliente: Maria Silva"). Each turn keeps the start
// time of its first cue.
func ParseVTT(b []byte, cfg Config) (Parsed, error) {
	text := strings.ReplaceAll(strings.TrimPrefix(string(b), "\ufeff"), "\r\n", "\n")
	if !strings.HasPrefix(text, "WEBVTT") {
		return Parsed{}, malformed("vtt: the file does not start with WEBVTT")
	}
	blocks := strings.Split(text, "\n\n")
	roles := map[string]ckm.Role{}
	var cues []cue
	for i, blk := range blocks {
		lines := strings.Split(strings.Trim(blk, "\n"), "\n")
		if i == 0 || strings.HasPrefix(lines[0], "NOTE") {
			for _, l := range lines {
				roleHeader(strings.TrimPrefix(l, "NOTE "), roles)
			}
			continue
		}
		if strings.HasPrefix(lines[0], "STYLE") || strings.HasPrefix(lines[0], "REGION") {
			continue
		}
		c, ok, err := readCue(lines)
		if err != nil {
			return Parsed{}, wrapf(err, "vtt: cue %d", len(cues)+1)
		}
		if ok {
			cues = append(cues, c)
		}
	}
	return finishTranscript(cues, roles, cfg, FormatVTT, noteDate(blocks, cfg.DateOrder))
}

// readCue reads one cue block: an optional identifier line, the timing
// line and the caption lines. A block without a timing line is not a cue.
func readCue(lines []string) (cue, bool, error) {
	for i, l := range lines {
		m := timing.FindStringSubmatch(l)
		if m == nil {
			if i >= 1 {
				return cue{}, false, nil
			}
			continue
		}
		at, err := parseStamp(m[1])
		if err != nil {
			return cue{}, false, malformed("%v", err)
		}
		c := cue{at: at}
		c.speaker, c.text = cueText(lines[i+1:])
		return c, true, nil
	}
	return cue{}, false, nil
}

// timingLine returns the index of the first timing line of lines, or -1.
func timingLine(lines []string) int {
	for i, l := range lines {
		if timing.MatchString(l) {
			return i
		}
	}
	return -1
}

// ParseSRT reads a SubRip transcript: numbered cues with "hh:mm:ss,mmm -->"
// timings; speakers as in ParseVTT.
func ParseSRT(b []byte, cfg Config) (Parsed, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	var cues []cue
	var date dated
	for _, blk := range strings.Split(text, "\n\n") {
		lines := strings.Split(strings.Trim(blk, "\n"), "\n")
		if len(lines) == 0 || strings.TrimSpace(lines[0]) == "" {
			continue
		}
		if k := timingLine(lines); k > 1 && len(cues) == 0 { // header lines right above the first cue
			for _, l := range lines[:k-1] {
				if w, found := headerDate(l, cfg.DateOrder); found && !date.ok {
					date = dated{w, AtHeader, true}
				}
			}
			lines = lines[k-1:]
		}
		c, ok, err := readCue(lines)
		if err != nil {
			return Parsed{}, wrapf(err, "srt: cue %d", len(cues)+1)
		}
		if ok {
			cues = append(cues, c)
			continue
		}
		for _, l := range lines { // header lines some recorders write before the cues
			if w, found := headerDate(strings.TrimPrefix(l, "NOTE"), cfg.DateOrder); found && !date.ok {
				date = dated{w, AtHeader, true}
			}
		}
	}
	if len(cues) == 0 {
		return Parsed{}, malformed("srt: no cue with a \"00:00:01,000 --> 00:00:02,000\" timing line")
	}
	return finishTranscript(cues, nil, cfg, FormatSRT, date)
}

func finishTranscript(cues []cue, roles map[string]ckm.Role, cfg Config, f Format, date dated) (Parsed, error) {
	p := Parsed{Format: f, Document: buildTranscript(cues, roles, cfg)}
	transcriptMeta(&p.Document, f)
	if date.ok {
		setAt(&p.Document, date.w, cfg, date.src)
	}
	if err := finish(&p, cfg, ckm.SourceCall); err != nil {
		return Parsed{}, wrapf(err, "%s", f)
	}
	return p, nil
}

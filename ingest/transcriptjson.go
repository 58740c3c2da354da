package ingest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
)

// turnKeys are the keys under which JSON transcripts hold their turns.
var turnKeys = []string{"meeting_transcripts", "turns", "utterances", "segments", "transcript", "messages"}

// annotation is a transcriber's note such as "{vocalsound}" or "{disfmarker}".
var annotation = regexp.MustCompile(`\{[a-z_]{1,30}\}`)

// ParseTranscriptJSON reads a JSON transcript: an array of turns, or an
// object holding one under "meeting_transcripts" (QMSum), "turns",
// "utterances", "segments", "transcript" or "messages", with optional
// "id", "client", "subject" and "at" beside it. A turn has a speaker
// ("speaker", "speaker_label", "name", "participant"), its words
// ("content", "text", "transcript", "utterance"), an optional "role"
// (customer or agent) and an optional start time ("start", "start_time",
// "offset" in seconds or "hh:mm:ss"; "start_ms" in milliseconds).
func ParseTranscriptJSON(b []byte, cfg Config) (Parsed, error) {
	var top any
	if err := json.Unmarshal(b, &top); err != nil {
		return Parsed{}, malformed("transcript json: %v", err)
	}
	var items []any
	meta := map[string]any{}
	switch v := top.(type) {
	case []any:
		items = v
	case map[string]any:
		meta = v
		for _, k := range turnKeys {
			if arr, ok := v[k].([]any); ok {
				items = arr
				break
			}
		}
	}
	if items == nil {
		return Parsed{}, malformed("transcript json: no array of turns (looked for %s)", strings.Join(turnKeys, ", "))
	}
	cues := make([]cue, 0, len(items))
	for i, it := range items {
		obj, ok := it.(map[string]any)
		if !ok {
			return Parsed{}, malformed("transcript json: turn %d is not an object", i+1)
		}
		c := cue{
			speaker: truncate(str(obj, "speaker", "speaker_label", "name", "participant", "author"), 80),
			text:    strings.Join(strings.Fields(annotation.ReplaceAllString(str(obj, "content", "text", "transcript", "utterance", "body"), "")), " "),
			role:    roleValue(str(obj, "role")),
		}
		if ms, ok := obj["start_ms"].(float64); ok {
			c.at = time.Duration(ms) * time.Millisecond
		} else if at, ok := seconds(obj, "start", "start_time", "offset", "begin"); ok {
			c.at = at
		}
		cues = append(cues, c)
	}
	p := Parsed{Format: FormatTranscriptJSON, Document: buildTranscript(cues, nil, cfg)}
	d := &p.Document
	d.ID = str(meta, "id")
	d.Client = str(meta, "client", "account", "company")
	d.Subject = truncate(str(meta, "subject", "title"), ckm.MaxFieldBytes)
	transcriptMeta(d, FormatTranscriptJSON)
	fieldDate(d, cfg, timeFields(meta)...)
	if err := finish(&p, cfg, ckm.SourceCall); err != nil {
		return Parsed{}, wrapf(err, "transcript json")
	}
	return p, nil
}

// str returns the first of keys whose value is a string or a number.
func str(obj map[string]any, keys ...string) string {
	for _, k := range keys {
		switch v := obj[k].(type) {
		case string:
			if v != "" {
				return strings.TrimSpace(v)
			}
		case float64:
			return fmt.Sprint(int64(v))
		case map[string]any:
			if s := str(v, "name", "email", "id"); s != "" {
				return s
			}
		}
	}
	return ""
}

// seconds reads a time offset given in seconds or as "hh:mm:ss(.mmm)".
func seconds(obj map[string]any, keys ...string) (time.Duration, bool) {
	for _, k := range keys {
		switch v := obj[k].(type) {
		case float64:
			if v >= 0 && v < 1e7 {
				return time.Duration(v * float64(time.Second)), true
			}
		case string:
			if d, err := parseStamp(v); err == nil {
				return d, true
			}
		}
	}
	return 0, false
}

func roleValue(s string) ckm.Role {
	return roleWords[strings.ToLower(s)]
}

// readWhen reads a time as exports write it: RFC 3339, Unix seconds or
// milliseconds, or any form findDate reads (numeric dates by order).
func readWhen(s string, order DateOrder) (when, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return whenOf(t), true
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && (len(s) == 10 || len(s) == 13) {
		if len(s) == 13 {
			return whenOf(time.UnixMilli(n).UTC()), true
		}
		return whenOf(time.Unix(n, 0).UTC()), true
	}
	return findDate(s, order)
}

// whenOf is t, with its zone, as a when.
func whenOf(t time.Time) when {
	return when{year: t.Year(), month: t.Month(), day: t.Day(), hour: t.Hour(), min: t.Minute(),
		sec: t.Second(), nsec: t.Nanosecond(), zone: t.Location(), hasTime: true}
}

// timeKeys are the keys exports put a recording's or ticket's time under.
var timeKeys = []string{"at", "date", "created_at", "createdAt", "created", "start_time", "startTime", "recorded_at",
	"recordedAt", "started_at", "startedAt", "datetime", "date_time", "timestamp", "meeting_date", "call_date",
	"opened_at", "submitted_at", "created_date", "creation_date", "date_created"}

// timeFields returns the values under timeKeys in obj and in the objects
// under "metadata", "meta", "meeting", "call", "recording" and "fields"
// (Jira), in that order.
func timeFields(obj map[string]any) []string {
	var out []string
	for _, o := range []any{obj, obj["metadata"], obj["meta"], obj["meeting"], obj["call"], obj["recording"], obj["fields"]} {
		if m, ok := o.(map[string]any); ok {
			for _, k := range timeKeys {
				if v := str(m, k); v != "" {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// fieldDate sets d.At from the first of values that reads as a time, as
// the format's own field.
func fieldDate(d *ckm.Document, cfg Config, values ...string) {
	for _, v := range values {
		if v == "" {
			continue
		}
		if w, ok := readWhen(v, cfg.DateOrder); ok {
			setAt(d, w, cfg, AtField)
			return
		}
	}
}

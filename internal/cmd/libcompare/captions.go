package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/asticode/go-astisub"

	"github.com/ckmhq/ckm/ingest"
)

// turn is one speaker turn of a transcript.
type turn struct{ speaker, text string }

// compareCaptions writes each QMSum meeting transcript of
// data/transcripts as WebVTT (voice tags) and as SRT ("Name: text"), one
// cue per speaker turn, reads them back with ckm's ingest and with
// go-astisub, and counts the turns that come back with the same speaker
// and text.
func compareCaptions(data string) error {
	files, err := filepath.Glob(filepath.Join(data, "transcripts", "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no transcripts in %s: %v", data, err)
	}
	type score struct {
		ok   int
		took time.Duration
	}
	res := map[string]*score{}
	names := []string{"ckm ingest.ParseVTT", "go-astisub ReadFromWebVTT", "ckm ingest.ParseSRT", "go-astisub ReadFromSRT"}
	for _, n := range names {
		res[n] = &score{}
	}
	total, bytesIn := 0, 0
	for _, f := range files {
		turns, err := readQMSum(f)
		if err != nil {
			return err
		}
		total += len(turns)
		vtt, srt := writeCaptions(turns)
		bytesIn += len(vtt) + len(srt)
		readers := map[string]func() ([]turn, error){
			names[0]: func() ([]turn, error) { return ckmTurns(ingest.ParseVTT(vtt, ingest.Config{})) },
			names[1]: func() ([]turn, error) { return astiTurns(astisub.ReadFromWebVTT(bytes.NewReader(vtt))) },
			names[2]: func() ([]turn, error) { return ckmTurns(ingest.ParseSRT(srt, ingest.Config{})) },
			names[3]: func() ([]turn, error) { return astiTurns(astisub.ReadFromSRT(bytes.NewReader(srt))) },
		}
		for _, n := range names {
			start := time.Now()
			got, err := readers[n]()
			res[n].took += time.Since(start)
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %s: %v\n", n, filepath.Base(f), err)
				continue
			}
			res[n].ok += matching(turns, got)
		}
	}
	fmt.Printf("\n### Captions: %d QMSum meetings written as WebVTT and SRT (%d turns, %.1f MB)\n\n", len(files), total, float64(bytesIn)/1e6)
	fmt.Println("| reader | turns back with the same speaker and text | time per meeting |")
	fmt.Println("|---|---|---|")
	for _, n := range names {
		fmt.Printf("| %s | %d/%d | %s |\n", n, res[n].ok, total, (res[n].took / time.Duration(len(files))).Round(10*time.Microsecond))
	}
	return nil
}

// readQMSum reads a QMSum meeting's turns, consecutive turns of one
// speaker joined.
func readQMSum(path string) ([]turn, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m struct {
		Turns []struct{ Speaker, Content string } `json:"meeting_transcripts"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []turn
	for _, t := range m.Turns {
		text := fold(t.Content)
		if text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].speaker == t.Speaker {
			out[n-1].text += " " + text
			continue
		}
		out = append(out, turn{t.Speaker, text})
	}
	return out, nil
}

// writeCaptions writes turns as WebVTT and SRT, three seconds a cue.
func writeCaptions(turns []turn) (vtt, srt []byte) {
	var v, s strings.Builder
	v.WriteString("WEBVTT\n\n")
	for i, t := range turns {
		from, to := time.Duration(3*i)*time.Second, time.Duration(3*i+3)*time.Second
		fmt.Fprintf(&v, "%s --> %s\n<v %s>%s\n\n", stamp(from, "."), stamp(to, "."), t.speaker, t.text)
		fmt.Fprintf(&s, "%d\n%s --> %s\n%s: %s\n\n", i+1, stamp(from, ","), stamp(to, ","), t.speaker, t.text)
	}
	return []byte(v.String()), []byte(s.String())
}

func stamp(d time.Duration, sep string) string {
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	return fmt.Sprintf("%02d:%02d:%02d%s%03d", h, m, s, sep, d.Milliseconds()%1000)
}

// ckmTurns are the turns of a parsed transcript, the "Name:" label the
// text may keep taken off.
func ckmTurns(p ingest.Parsed, err error) ([]turn, error) {
	if err != nil {
		return nil, err
	}
	var out []turn
	for _, t := range p.Document.Turns {
		text := p.Document.Text[t.Start:t.End]
		text = strings.TrimPrefix(text, t.Speaker+":")
		out = append(out, turn{t.Speaker, fold(text)})
	}
	return out, nil
}

// astiTurns are the cues of a go-astisub file: the voice name of a WebVTT
// cue, or the "Name:" an SRT cue starts with, as the speaker.
func astiTurns(s *astisub.Subtitles, err error) ([]turn, error) {
	if err != nil {
		return nil, err
	}
	var out []turn
	for _, it := range s.Items {
		var speaker string
		var parts []string
		for _, l := range it.Lines {
			if l.VoiceName != "" {
				speaker = l.VoiceName
			}
			for _, li := range l.Items {
				parts = append(parts, li.Text)
			}
		}
		text := fold(strings.Join(parts, " "))
		if speaker == "" {
			if name, rest, ok := strings.Cut(text, ": "); ok {
				speaker, text = name, rest
			}
		}
		out = append(out, turn{speaker, text})
	}
	return out, nil
}

// matching counts the turns of want that got has at the same place.
func matching(want, got []turn) int {
	n := 0
	for i := range min(len(want), len(got)) {
		if want[i].speaker == got[i].speaker && want[i].text == fold(got[i].text) {
			n++
		}
	}
	return n
}

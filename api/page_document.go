package api

import (
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// documentView is the data of the document page.
type documentView struct {
	Doc       ckm.Document
	ClientURL string
	Language  string
	Version   string
	IndexedAt time.Time
	Hash      string
	Blocks    []textBlock
	Needs     []needRow
	Entities  []entityRow
	Meta      []metaRow
}

// textBlock is one speaker turn, or text outside any turn, with its spans
// marked.
type textBlock struct {
	Speaker string
	Role    string
	Offset  string
	HTML    template.HTML
}

type needRow struct {
	Kind, Cue, Theme, Speaker, Text string
	Confidence                      string
	Negated, Hedged                 bool
}

type entityRow struct {
	Text, Label, Kind, Value, Source string
}

type metaRow struct{ Key, Value string }

// documentPage answers GET /documents/{id}: the original text with need and
// entity spans marked, turn by turn, and the record's metadata. Another
// client's document is a 404.
func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	if s.ix == nil {
		s.pageError(w, r, errNoIndex)
		return
	}
	rec, err := s.visibleRecord(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := toDocumentView(rec)
	title := rec.Document.Subject
	if title == "" {
		title = rec.Document.ID
	}
	s.render(w, r, http.StatusOK, "document", title, "", v)
}

// toDocumentView builds the document page's data from a record.
func toDocumentView(rec index.Record) documentView {
	d, a := rec.Document, rec.Analysis
	v := documentView{Doc: d, Language: string(a.Language), Version: a.Version, IndexedAt: rec.IndexedAt, Hash: rec.ContentHash}
	if d.Client != "" {
		v.ClientURL = clientURL(d.Client)
	}
	var spans []span
	for _, n := range a.Needs {
		spans = append(spans, span{start: n.Start, end: n.End, need: true, class: needClass(n.Kind, n.Cue, n.Negated, n.Speaker),
			title: needTitle(n.Cue, n.Kind, n.Confidence, n.Negated, n.Speaker, n.Theme)})
		v.Needs = append(v.Needs, needRow{Kind: n.Kind, Cue: n.Cue, Theme: n.Theme, Speaker: n.Speaker, Text: n.Text,
			Confidence: strconv.FormatFloat(n.Confidence, 'f', 2, 64), Negated: n.Negated, Hedged: n.Hedged})
	}
	for _, e := range a.Entities {
		spans = append(spans, span{start: e.Start, end: e.End, class: "ent ent-" + cssName(strings.ToLower(e.Label)), title: entityTitle(e.Label, e.Kind, e.Value)})
		v.Entities = append(v.Entities, entityRow{Text: e.Text, Label: e.Label, Kind: e.Kind, Value: e.Value, Source: e.Source})
	}
	v.Blocks = textBlocks(d.Text, d.Turns, validSpans(d.Text, spans))
	for _, k := range slices.Sorted(maps.Keys(d.Meta)) {
		v.Meta = append(v.Meta, metaRow{Key: k, Value: d.Meta[k]})
	}
	return v
}

func needClass(kind, cue string, negated bool, speaker string) string {
	c := "need need-" + cssName(cue) + " need-" + cssName(kind)
	if negated {
		c += " need-negated"
	}
	if speaker == "agent" {
		c += " need-agent"
	}
	return c
}

// needTitle is the tooltip of a need: "pain · implied · 0.82", with the
// theme and what discounts it.
func needTitle(cue, kind string, confidence float64, negated bool, speaker, theme string) string {
	parts := []string{cue, kind, strconv.FormatFloat(confidence, 'f', 2, 64)}
	if theme != "" {
		parts = append(parts, "theme: "+theme)
	}
	if speaker != "" && speaker != "unknown" {
		parts = append(parts, speaker)
	}
	if negated {
		parts = append(parts, "negated")
	}
	return strings.Join(parts, " · ")
}

func entityTitle(label, kind, value string) string {
	parts := []string{label}
	if kind != "" {
		parts = append(parts, kind)
	}
	if value != "" {
		parts = append(parts, "value "+value)
	}
	return strings.Join(parts, " · ")
}

// textBlocks splits text into its turns (and the text between them) and
// marks spans in each. Turns that do not fit the text (out of order,
// overlapping, out of range) are ignored and the text is one block.
func textBlocks(text string, turns []ckm.Turn, spans []span) []textBlock {
	if !turnsFit(text, turns) {
		return []textBlock{{HTML: template.HTML(markText(text, 0, len(text), spans))}}
	}
	var out []textBlock
	at := 0
	for _, t := range turns {
		if gap := strings.TrimSpace(text[at:t.Start]); gap != "" {
			out = append(out, textBlock{HTML: template.HTML(markText(text, at, t.Start, spans))})
		}
		b := textBlock{Speaker: t.Speaker, Role: string(t.Role), HTML: template.HTML(markText(text, t.Start, t.End, spans))}
		if t.Offset > 0 {
			b.Offset = formatOffset(t.Offset)
		}
		out = append(out, b)
		at = t.End
	}
	if strings.TrimSpace(text[at:]) != "" {
		out = append(out, textBlock{HTML: template.HTML(markText(text, at, len(text), spans))})
	}
	return out
}

func turnsFit(text string, turns []ckm.Turn) bool {
	if len(turns) == 0 {
		return false
	}
	at := 0
	for _, t := range turns {
		if t.Start < at || t.End < t.Start || t.End > len(text) || !runeBoundary(text, t.Start) || !runeBoundary(text, t.End) {
			return false
		}
		at = t.End
	}
	return true
}

func runeBoundary(text string, i int) bool {
	return i == len(text) || utf8.RuneStart(text[i])
}

// formatOffset writes a turn's time into the recording: 1:02:03 or 02:03.
func formatOffset(d time.Duration) string {
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

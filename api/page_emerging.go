package api

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
)

// emergingWindows are the windows the emerging page offers.
var emergingWindows = []string{"7d", "30d", "90d"}

// emergingView is the data of the emerging page.
type emergingView struct {
	Window     string
	Windows    []string
	Client     string
	Clients    []string // the clients the caller may pick
	Now        string
	Emerging   *index.Emerging
	Chart      *chart
	AsOfNewest string // the page as of the newest document, when the window is empty
}

// emergingPage answers GET /emerging?window=30d&client=&now=: the themes
// rising across the caller's clients (or one of them), with a chart of
// each theme's rate in the window against its baseline.
func (s *Server) emergingPage(w http.ResponseWriter, r *http.Request) {
	h, err := s.indexOrError()
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	vals := r.URL.Query()
	v := emergingView{Window: vals.Get("window"), Windows: emergingWindows, Client: ckm.NormalizeClient(vals.Get("client"))}
	if v.Window == "" {
		v.Window = "30d"
	}
	window, err := parseWindow(v.Window)
	if err != nil {
		s.pageError(w, r, &queryError{Param: "window", Reason: err.Error()})
		return
	}
	now, nowParam, err := pageNow(vals)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Now = nowParam
	if v.Client != "" && (checkClient("client", v.Client) != nil || !clientAllowed(r.Context(), v.Client)) {
		s.pageNotFound(w, r)
		return
	}
	all, allowed := allowedClients(r.Context())
	if !all && len(allowed) == 0 {
		s.pageError(w, r, &apiError{Status: http.StatusForbidden, Code: CodeForbidden, Message: errNoClients.Error()})
		return
	}
	leave, err := s.admitSearch(w, r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	defer leave()
	newest, clients, err := s.scopeOverview(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Clients = clients
	q := index.EmergingQuery{Client: v.Client, Window: window, Now: now, Clients: scopeClients(r), Limit: 15}
	if v.Emerging, err = h.Emerging(r.Context(), q); err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Chart = emergingChart(v.Emerging)
	if v.Emerging.RecentDocuments == 0 && !newest.IsZero() && (now.IsZero() || newest.Before(now)) {
		u := url.Values{"window": {v.Window}, "now": {newest.UTC().Add(24 * time.Hour).Format(time.DateOnly)}}
		if v.Client != "" {
			u.Set("client", v.Client)
		}
		v.AsOfNewest = "/emerging?" + u.Encode()
	}
	s.render(w, r, http.StatusOK, "emerging", "Emerging themes", "emerging", v)
}

// scopeOverview returns the time of the newest document the caller may
// see and the clients it may pick, from one search.
func (s *Server) scopeOverview(r *http.Request) (time.Time, []string, error) {
	res, err := s.ix.Search(r.Context(), index.Query{Clients: scopeClients(r), Sort: index.SortDate, Limit: 1})
	if err != nil {
		return time.Time{}, nil, err
	}
	var newest time.Time
	if len(res.Hits) > 0 {
		newest = res.Hits[0].At
	}
	var clients []string
	for _, c := range res.Facets[index.FacetClient] {
		clients = append(clients, c.Term)
	}
	return newest, clients, nil
}

// chart is a horizontal bar chart drawn server-side as inline SVG: per
// theme, its mentions per 100 documents in the window and in the baseline.
type chart struct {
	Width, Height int
	LabelWidth    int // where the bars start
	LabelX        int // where the theme labels end
	BarHeight     int
	Rows          []chartRow
	Ticks         []chartTick
	Summary       string // the chart in words, for screen readers
}

type chartRow struct {
	Label, Recent, Baseline string // the theme and its two rates, formatted
	RecentTip, BaselineTip  string
	Significant             bool
	LabelY                  int
	RecentY, BaselineY      int // the bars' tops
	RecentW, BaselineW      int
	RecentX, BaselineX      int // where the value labels go
	RecentTextY, BaseTextY  int
}

type chartTick struct {
	X     int
	Label string
}

// Layout of the chart, in SVG units (the SVG scales to its box).
const (
	chartWidth      = 760
	chartLabelWidth = 220
	chartBarHeight  = 11
	chartRowHeight  = 34
	chartTop        = 24
	chartMaxRows    = 12
)

// emergingChart draws the flagged themes, then the rising ones, up to
// chartMaxRows; nil when there is nothing to draw.
func emergingChart(e *index.Emerging) *chart {
	themes := append(append([]index.EmergingTheme(nil), e.Themes...), e.Rising...)
	if len(themes) == 0 {
		return nil
	}
	themes = themes[:min(len(themes), chartMaxRows)]
	rate := func(n, docs int) float64 {
		if docs == 0 {
			return 0
		}
		return 100 * float64(n) / float64(docs)
	}
	top := 0.0
	for _, t := range themes {
		top = max(top, rate(t.Recent, e.RecentDocuments), rate(t.Baseline, e.BaselineDocuments))
	}
	top, steps := niceAxis(top)
	plot := chartWidth - chartLabelWidth - 60
	scale := func(x float64) int { return int(float64(plot) * x / top) }
	c := &chart{Width: chartWidth, LabelWidth: chartLabelWidth, LabelX: chartLabelWidth - 8, BarHeight: chartBarHeight,
		Height: chartTop + len(themes)*chartRowHeight + 8}
	var words []string
	for i, t := range themes {
		rr, br := rate(t.Recent, e.RecentDocuments), rate(t.Baseline, e.BaselineDocuments)
		y := chartTop + i*chartRowHeight
		row := chartRow{Label: truncate(t.Label, 32), Significant: t.Significant,
			Recent: formatRate(rr), Baseline: formatRate(br),
			LabelY: y + chartBarHeight + 4, RecentY: y + 2, BaselineY: y + 4 + chartBarHeight,
			RecentW: max(scale(rr), 1), BaselineW: max(scale(br), 1)}
		row.RecentX = chartLabelWidth + row.RecentW + 4
		row.BaselineX = chartLabelWidth + row.BaselineW + 4
		row.RecentTextY, row.BaseTextY = row.RecentY+chartBarHeight-2, row.BaselineY+chartBarHeight-2
		row.RecentTip = fmt.Sprintf("%s: %d mentions in %d documents of the window (%s per 100)", t.Label, t.Recent, e.RecentDocuments, row.Recent)
		row.BaselineTip = fmt.Sprintf("%s: %d mentions in %d documents of the baseline (%s per 100)", t.Label, t.Baseline, e.BaselineDocuments, row.Baseline)
		c.Rows = append(c.Rows, row)
		words = append(words, fmt.Sprintf("%s %s vs %s per 100 documents", t.Label, row.Recent, row.Baseline))
	}
	for i := 0; i <= steps; i++ {
		x := top * float64(i) / float64(steps)
		c.Ticks = append(c.Ticks, chartTick{X: chartLabelWidth + scale(x), Label: formatRate(x)})
	}
	c.Summary = "Mentions per 100 documents, window vs baseline: " + strings.Join(words, "; ")
	return c
}

// niceAxis rounds x up to the top of an axis, 1, 2 or 5 times a power of
// ten (at least 1), and picks the number of steps that divides it into
// round numbers.
func niceAxis(x float64) (top float64, steps int) {
	p := 1.0
	for p*10 < x {
		p *= 10
	}
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x {
			if m == 2 {
				return m * p, 4
			}
			return m * p, 5
		}
	}
	return 10 * p, 5
}

func formatRate(x float64) string {
	if x >= 10 || x == 0 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

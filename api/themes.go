package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/ckmhq/ckm/index"
)

// MaxThemeCorrectionsBytes bounds an upload of theme corrections.
const MaxThemeCorrectionsBytes = 1 << 20

// ThemeStore keeps the admin's theme corrections where every process that
// answers hints reads them; *queues.ThemeStore is one.
type ThemeStore interface {
	ThemeCorrections(ctx context.Context) (body []byte, version int64, err error)
	SetThemeCorrections(ctx context.Context, body []byte) (version int64, err error)
}

// correctionsAnswer is what GET and PUT /v1/themes/corrections answer.
type correctionsAnswer struct {
	Version     int64                  `json:"version"`
	Corrections index.ThemeCorrections `json:"corrections"`
}

// themeAnswer is one theme of GET /v1/themes.
type themeAnswer struct {
	Key   string      `json:"key"`
	Label string      `json:"label,omitempty"` // an admin's label
	Keys  []keyAnswer `json:"keys"`
}

// keyAnswer is one candidate key of a theme and why it is filed there.
type keyAnswer struct {
	Key string `json:"key"`
	Why string `json:"why"`
}

func (s *Server) routeThemes() {
	s.mux.HandleFunc("GET /v1/themes", s.requireAdmin(s.getThemes))
	s.mux.HandleFunc("GET /v1/themes/corrections", s.requireAdmin(s.getThemeCorrections))
	s.mux.HandleFunc("PUT /v1/themes/corrections", s.requireAdmin(s.putThemeCorrections))
}

// getThemes answers the theme table learned from every client's needs:
// each canonical theme with its candidate keys and why each is filed there.
func (s *Server) getThemes(w http.ResponseWriter, r *http.Request) {
	if s.ix == nil {
		s.writeError(w, r, errNoIndex)
		return
	}
	t, err := s.ix.Themes(r.Context(), nil)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []themeAnswer{}
	for _, c := range t.Canonicals() {
		a := themeAnswer{Key: c, Keys: []keyAnswer{}}
		a.Label, _ = t.Label(c)
		for _, k := range t.Members(c) {
			a.Keys = append(a.Keys, keyAnswer{Key: k, Why: t.Why(k)})
		}
		out = append(out, a)
	}
	s.writeJSON(w, http.StatusOK, map[string]any{"themes": out})
}

func (s *Server) getThemeCorrections(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Themes == nil {
		s.writeError(w, r, errNoThemeStore)
		return
	}
	body, v, err := s.cfg.Themes.ThemeCorrections(r.Context())
	if err != nil {
		s.writeError(w, r, &queueError{Err: err})
		return
	}
	c, err := index.ParseThemeCorrections(body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, correctionsAnswer{Version: v, Corrections: c})
}

// putThemeCorrections replaces the theme corrections with the body (JSON:
// merge, split, labels; see index.ThemeCorrections). This server applies
// them at once, other processes within seconds; they apply to documents
// indexed before and after, and survive re-analysis.
func (s *Server) putThemeCorrections(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Themes == nil {
		s.writeError(w, r, errNoThemeStore)
		return
	}
	body, ok := s.readBody(w, r, MaxThemeCorrectionsBytes)
	if !ok {
		return
	}
	c, err := index.ParseThemeCorrections(body)
	if err != nil {
		s.writeError(w, r, &apiError{Status: http.StatusBadRequest, Code: "invalid_theme_corrections", Message: err.Error()})
		return
	}
	canonical, err := json.Marshal(c)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.cfg.Themes.SetThemeCorrections(r.Context(), canonical)
	if err != nil {
		s.writeError(w, r, &queueError{Err: err})
		return
	}
	if s.ix != nil {
		s.ix.SetThemeCorrections(c)
	}
	s.log.Info("theme corrections replaced", "version", v, "merges", len(c.Merge), "splits", len(c.Split), "labels", len(c.Labels))
	s.writeJSON(w, http.StatusOK, correctionsAnswer{Version: v, Corrections: c})
}

var errNoThemeStore = &apiError{Status: http.StatusNotFound, Code: "not_found",
	Message: "this server keeps no editable theme corrections"}

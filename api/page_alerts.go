package api

import (
	"net/http"

	"github.com/ckmhq/ckm/alerts"
)

// alertsView is the data of the alerts page.
type alertsView struct {
	Enabled bool
	Alerts  []alerts.Subscription
}

// alertsPage answers GET /alerts: the caller's saved searches and watches,
// and how to add, test and remove them.
func (s *Server) alertsPage(w http.ResponseWriter, r *http.Request) {
	v := alertsView{Enabled: s.cfg.Alerts != nil}
	if v.Enabled {
		subs, err := s.cfg.Alerts.List(r.Context(), scopeFrom(r.Context()).key)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.Alerts = subs
	}
	s.render(w, r, http.StatusOK, "alerts", "Alerts", "alerts", v)
}

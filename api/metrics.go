package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpMetrics are the server's Prometheus metrics: requests and their
// latency by route pattern, method and status, and the index's document
// count. Routes are the mux's patterns ("GET /documents/{id}"), never raw
// paths, so the label sets stay few.
type httpMetrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  http.Handler
}

// newHTTPMetrics registers the metrics with reg (panicking on a duplicate
// registration, as prometheus.MustRegister does) and serves reg.
func newHTTPMetrics(reg *prometheus.Registry, ix Index) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "ckm", Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "ckm", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "HTTP request latency by route pattern, method and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "code"}),
	}
	reg.MustRegister(m.requests, m.latency)
	if ix != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "ckm", Subsystem: "index", Name: "documents",
			Help: "Document records in the index (-1 when it cannot be read).",
		}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			n, err := ix.Count(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return m
}

// observe counts one finished request.
func (m *httpMetrics) observe(method, route string, code int, d time.Duration) {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
	default:
		method = "other"
	}
	c := strconv.Itoa(code)
	m.requests.WithLabelValues(route, method, c).Inc()
	m.latency.WithLabelValues(route, method, c).Observe(d.Seconds())
}

// serve answers GET /metrics in the Prometheus text format.
func (m *httpMetrics) serve(w http.ResponseWriter, r *http.Request) {
	m.handler.ServeHTTP(w, r)
}

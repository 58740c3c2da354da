package main

import (
	"errors"
	"net/http"

	"github.com/hibiken/asynq"
	"github.com/hibiken/asynq/x/metrics"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// monitoring builds serve's admin-only mounts: a Prometheus registry with
// the Go runtime, the process and Asynq's queue metrics (sizes by state,
// latency, processed and failed totals per queue; api adds its HTTP and
// index metrics), and asynqmon's UI under /monitoring/. The returned
// close releases their Redis connections.
func monitoring(c *config) (*prometheus.Registry, http.Handler, func() error) {
	reg := prometheus.NewRegistry()
	inspector := asynq.NewInspector(c.queues().RedisOpt())
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		metrics.NewQueueMetricsCollector(inspector),
	)
	ui := asynqmon.New(asynqmon.Options{RootPath: "/monitoring", RedisConnOpt: c.queues().RedisOpt()})
	return reg, ui, func() error { return errors.Join(ui.Close(), inspector.Close()) }
}

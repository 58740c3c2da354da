package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/hibiken/asynq"
	"github.com/hibiken/asynq/x/metrics"
	"github.com/hibiken/asynqmon"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/worker"
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

// registerFaultMetrics adds the gauges of infrastructure faults: the free
// disk space under the index and the documents waiting on a fault.
func registerFaultMetrics(reg *prometheus.Registry, ix *index.Index, faults *worker.Faults) {
	reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "ckm", Subsystem: "index", Name: "free_bytes",
			Help: "Free disk space under the index directory, in bytes (-1 when unknown). Below the index's minimum, writes wait.",
		}, func() float64 {
			if n, ok := ix.FreeBytes(); ok {
				return float64(n)
			}
			return -1
		}),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "ckm", Subsystem: "index", Name: "batches_total",
			Help: "Batches the index's writer has committed.",
		}, func() float64 { b, _ := ix.Batches(); return float64(b) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Namespace: "ckm", Subsystem: "index", Name: "batched_records_total",
			Help: "Records those batches held; ÷ ckm_index_batches_total is the mean batch size (at most 256).",
		}, func() float64 { _, r := ix.Batches(); return float64(r) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Namespace: "ckm", Subsystem: "worker", Name: "waiting_documents",
			Help: "Tasks whose last try in this process met an infrastructure fault (disk full, index closed, Redis down) and wait to retry.",
		}, func() float64 { return float64(faults.Waiting()) }),
	)
}

// faultsHealth is a /healthz check: documents waiting on a fault.
func faultsHealth(faults *worker.Faults) func(context.Context) error {
	return func(context.Context) error {
		if reason := faults.Degraded(); reason != "" {
			return fmt.Errorf("%d documents wait on a fault: %s", faults.Waiting(), reason)
		}
		return nil
	}
}

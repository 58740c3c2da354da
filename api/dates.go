package api

import (
	"net/url"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

// dates is what the query string of POST /v1/documents says about dates:
// ?at= dates documents that carry no date of their own, ?tz= (an IANA
// name) is the zone of times that name none.
type dates struct {
	at   string
	loc  *time.Location
	when time.Time // at, read
	set  bool      // at was given
}

// dateQuery reads ?at= and ?tz=.
func dateQuery(vals url.Values) (dates, error) {
	var d dates
	if tz := strings.TrimSpace(vals.Get("tz")); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			return d, &queryError{Param: "tz", Reason: "want an IANA zone name such as America/Sao_Paulo or UTC"}
		}
		d.loc = loc
	}
	if at := strings.TrimSpace(vals.Get("at")); at != "" {
		t, _, err := ingest.ParseTime(at, d.loc, ingest.DateAuto)
		if err != nil {
			return d, &queryError{Param: "at", Reason: "want a date such as 2026-08-06, 2026-08-06 15:02 or RFC 3339 time"}
		}
		d.at, d.when, d.set = at, t, true
	}
	return d, nil
}

// date gives a JSON document without "at" the date of ?at=, else the
// time it was received, and records where its date came from in
// meta.at_source ("field" when it had one).
func (q dates) date(d *ckm.Document, received time.Time) {
	if d.Meta[ckm.MetaAtSource] != "" {
		return
	}
	if len(d.Meta) >= ckm.MaxMetaKeys {
		if d.At.IsZero() && q.set {
			d.At = q.when
		}
		return // no room to say where the date came from
	}
	src := ingest.AtField
	switch {
	case !d.At.IsZero():
	case q.set:
		d.At, src = q.when, ingest.AtFlag
	default:
		d.At, src = received.UTC().Truncate(time.Second), ckm.AtReceived
	}
	if d.Meta == nil {
		d.Meta = map[string]string{}
	}
	d.Meta[ckm.MetaAtSource] = src
}

// dater is date with received fixed: what the queue client applies to a
// JSON document once it is normalised (queues.Client.Prepare).
func (q dates) dater(received time.Time) func(*ckm.Document) {
	return func(d *ckm.Document) { q.date(d, received) }
}

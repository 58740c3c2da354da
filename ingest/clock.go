package ingest

import (
	"strconv"
	"strings"
	"time"
)

// parseClock reads "mm:ss" or "hh:mm:ss" as a duration; malformed parts
// count as zero.
func parseClock(s string) time.Duration {
	var d time.Duration
	for _, part := range strings.Split(s, ":") {
		n, _ := strconv.Atoi(part)
		d = d*60 + time.Duration(n)
	}
	return d * time.Second
}

package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress shows how far a long run is: a redrawn bar with count, rate and
// ETA on a terminal, a plain log line every few seconds otherwise.
type progress struct {
	w     io.Writer
	total int
	start time.Time
	tty   bool
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, total int, start time.Time) *progress {
	return &progress{w: w, total: total, start: start, tty: isTerminal(w)}
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(st *importStats) {
	now := time.Now()
	every := 5 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if now.Sub(p.last) < every && st.done != p.total {
		return
	}
	p.last = now
	secs := now.Sub(p.start).Seconds()
	rate := float64(st.done) / max(secs, 1e-3)
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(p.total-st.done)/rate) * time.Second).Round(time.Second).String()
	}
	if !p.tty {
		fmt.Fprintf(p.w, "import: %d/%d files, %d documents, %.1f files/s, ETA %s\n", st.done, p.total, st.parsed, rate, eta)
		return
	}
	const width = 30
	filled := width
	if p.total > 0 {
		filled = width * st.done / p.total
	}
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	fmt.Fprintf(p.w, "\r[%s] %d/%d files  %d docs  %.1f files/s  ETA %s ", bar, st.done, p.total, st.parsed, rate, eta)
	p.drawn = true
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

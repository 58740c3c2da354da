package main

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // --tz works in a container without a zone database

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

// dateFlags are import's flags for dates, zones and CSV columns.
type dateFlags struct {
	at, tz, csvMap, dateFormat *string
}

func addDateFlags(fs *flag.FlagSet, e *env) *dateFlags {
	return &dateFlags{
		at:         fs.String("at", "", "date of documents whose file gives none (2026-08-06, \"2026-08-06 15:02\", RFC 3339); files' own dates win"),
		tz:         fs.String("tz", e.getenv("CKM_TZ"), "IANA `zone` of times that name none, such as America/Sao_Paulo (CKM_TZ; default UTC)"),
		csvMap:     fs.String("csv-map", "", "CSV columns by `field=header`, comma-separated: text=Descrição,subject=Assunto,client=Organização,at=Data de criação"),
		dateFormat: fs.String("date-format", "", "how numeric dates read: dd/mm/yyyy or mm/dd/yyyy (default: from each CSV file's values; headers day first)"),
	}
}

// apply sets cfg from the flags; received is the time the import started.
func (f *dateFlags) apply(cfg *ingest.Config, received time.Time) error {
	if *f.tz != "" {
		loc, err := time.LoadLocation(*f.tz)
		if err != nil || *f.tz == "Local" {
			return fmt.Errorf("import: --tz %q: want an IANA zone name such as America/Sao_Paulo or UTC", *f.tz)
		}
		cfg.Location = loc
	}
	order, err := ingest.ParseDateOrder(*f.dateFormat)
	if err != nil {
		return fmt.Errorf("import: --date-format: %w", err)
	}
	cfg.DateOrder, cfg.At, cfg.Received = order, *f.at, received
	if cfg.Columns, err = ingest.ParseColumns(*f.csvMap); err != nil {
		return fmt.Errorf("import: --csv-map: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// dateCounts tallies where imported documents' dates came from.
type dateCounts struct {
	bySource map[string]int
	noZone   int
	zone     string
}

func (c *dateCounts) add(d ckm.Document) {
	if c.bySource == nil {
		c.bySource = map[string]int{}
	}
	c.bySource[d.Meta[ckm.MetaAtSource]]++
	if z := d.Meta[ingest.MetaAtZone]; z != "" {
		c.noZone++
		c.zone = z
	}
}

// String says, e.g., "dates: field 12, header 3, received 1; 9 times had
// no zone and were read in UTC (--tz)".
func (c *dateCounts) String() string {
	if len(c.bySource) == 0 {
		return ""
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(c.bySource)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, c.bySource[k]))
	}
	s := "dates: " + strings.Join(parts, ", ")
	if c.noZone > 0 {
		s += fmt.Sprintf("; %d times had no zone and were read in %s (--tz)", c.noZone, c.zone)
	} else {
		s += "; every time had its zone"
	}
	return s
}

package ingest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// TestParseFuncNormalizesOnce reads every sample with ParseFunc and a
// Prepare that records what it gets: it is called once per document it
// returns or rejects, in order, with the document as read (ingest itself
// normalises nothing, so the client is as the config gave it, with its
// spaces), and ParseFunc returns exactly what Finish made of each.
func TestParseFuncNormalizesOnce(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "samples", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	cfg := sampleConfig
	cfg.Client = "  Fallback "
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var finished []ckm.Document
		calls, asRead := 0, 0
		ps, _ := ParseFunc(b, path, "", cfg, func(p *Parsed, complete func(*ckm.Document)) error {
			calls++
			d := p.Document
			if d.Client == ckm.NormalizeClient(cfg.Client) { // the config's client, normalised
				t.Errorf("%s: Prepare got a document already normalised (ID %q, client %q)", path, d.ID, d.Client)
			}
			if d.ID == "" || d.Client == cfg.Client {
				asRead++
			}
			err := Finish(p, complete)
			if err == nil {
				finished = append(finished, p.Document)
			}
			return err
		})
		if asRead == 0 && calls > 0 && filepath.Ext(path) != ".json" && filepath.Base(path) != "tickets.csv" {
			t.Errorf("%s: no document reached Prepare as read (no ID, or the config's client with its spaces)", path)
		}
		want, werr := Parse(b, path, "", cfg)
		if calls < len(want) {
			t.Errorf("%s: Prepare called %d times for %d documents", path, calls, len(want))
		}
		var got []ckm.Document
		for _, p := range ps {
			got = append(got, p.Document)
		}
		if diff := cmp.Diff(finished, got); diff != "" {
			t.Errorf("%s: ParseFunc's documents are not Finish's (-finish +got):\n%s", path, diff)
		}
		if len(want) != len(ps) || werr != nil && len(want) == 0 {
			t.Errorf("%s: Parse gave %d documents (%v), ParseFunc with Finish %d", path, len(want), werr, len(ps))
		}
	}
}

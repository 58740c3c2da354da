package bench

import (
	"context"
	"os/exec"
	"testing"

	"github.com/ckmhq/ckm"
)

// searchDocs is a tiny corpus every engine must answer alike.
var searchDocs = []ckm.Document{
	{ID: "a", Client: "bank", Source: ckm.SourceChat, Text: "My card was declined at the shop."},
	{ID: "b", Client: "bank", Source: ckm.SourceChat, Text: "What is the exchange rate for euros?"},
	{ID: "c", Client: "facebook/react", Source: ckm.SourceTicket, Subject: "Crash", Text: "The app crashes when I open the card view; it's a crash on startup."},
	{ID: "d", Client: "acme", Source: ckm.SourceReview, Text: "Please add a dark mode. The rate of exchange is not shown."},
}

func TestSearchEngines(t *testing.T) {
	ctx := context.Background()
	recs, err := Records(ctx, searchDocs)
	if err != nil {
		t.Fatal(err)
	}
	open := map[string]func(dir string) (Searcher, error){
		"ckm": func(dir string) (Searcher, error) { s, _, _, err := OpenCKM(ctx, dir, recs); return s, err },
		"fts5": func(dir string) (Searcher, error) {
			if _, err := exec.LookPath("sqlite3"); err != nil {
				t.Skip("no sqlite3 command")
			}
			s, _, _, err := OpenFTS5(ctx, dir, recs)
			return s, err
		},
		"postgres": func(dir string) (Searcher, error) {
			if err := PostgresReachable(DefaultPostgres); err != nil {
				t.Skip(err)
			}
			s, _, _, err := OpenPostgres(ctx, DefaultPostgres, recs)
			return s, err
		},
	}
	tests := []struct {
		name string
		q    Query
		want int
	}{
		{"word", Query{Words: "card"}, 2},
		{"stemmed", Query{Words: "crashes"}, 1},
		{"two words", Query{Words: "exchange rate"}, 2},
		{"phrase", Query{Words: "exchange rate", Phrase: true}, 1},
		{"source", Query{Words: "card", Source: "chat"}, 1},
		{"client", Query{Words: "card", Client: "facebook/react"}, 1},
	}
	for name, o := range open {
		t.Run(name, func(t *testing.T) {
			s, err := o(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer func() {
				if err := s.Close(); err != nil {
					t.Error(err)
				}
			}()
			for _, tt := range tests {
				got, err := s.Search(ctx, tt.q)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if got != tt.want {
					t.Errorf("%s: %s matched %d, want %d", tt.name, tt.q, got, tt.want)
				}
			}
		})
	}
}

func TestAnalysisPoints(t *testing.T) {
	docs := Cycle(searchDocs, 120)
	got, err := Analysis(context.Background(), docs, []int{50, 100}, func(d ckm.Document) string { return d.ID[:1] })
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range Engines {
		pts := got.Points[e]
		if len(pts) != 3 || pts[0].Docs != 50 || pts[1].Docs != 100 || pts[2].Docs != 120 {
			t.Errorf("%s: points %+v, want at 50, 100 and 120 documents", e, pts)
			continue
		}
		if pts[2].Bytes != TextBytes(docs) || pts[2].Elapsed < pts[1].Elapsed {
			t.Errorf("%s: last point %+v, want %d bytes and a cumulative time", e, pts[2], TextBytes(docs))
		}
		if a := got.Groups["a"][e]; a.Docs != 30 || a.Bytes != 30*len(searchDocs[0].Text) {
			t.Errorf("%s: group a %+v, want 30 documents of %d bytes", e, a, len(searchDocs[0].Text))
		}
	}
}

func TestThemeLatency(t *testing.T) {
	ctx := context.Background()
	recs, err := Records(ctx, searchDocs)
	if err != nil {
		t.Fatal(err)
	}
	s, _, _, err := OpenCKM(ctx, t.TempDir(), recs)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tt, err := ThemeLatency(ctx, s, recs, 2)
	if err != nil {
		t.Fatal(err)
	}
	if tt.Clients == 0 || tt.Themes <= 0 || tt.Hints <= 0 || tt.Emerging <= 0 {
		t.Errorf("ThemeLatency = %+v, want clients and every step timed", tt)
	}
}

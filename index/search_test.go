package index

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ckmhq/ckm"
	qlang "github.com/ckmhq/ckm/index/query"
	"github.com/ckmhq/ckm/nlp"
)

// corpus is a small set of documents over three clients.
func corpus() []Record {
	subj := record("subj", "initech", ckm.SourceEmail, t0.Add(-4*time.Hour), sentence{nlp.English, "Nothing to see."})
	subj.Document.Subject = "Quarterly renewals"
	return []Record{
		record("en-1", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please resend the invoice for March."}),
		record("pt-1", "acme", ckm.SourceCall, t0.Add(-time.Hour), sentence{nlp.Portuguese, "Precisamos da exportação em CSV."}),
		record("mix-1", "globex", ckm.SourceCall, t0.Add(-2*time.Hour),
			sentence{nlp.English, "The integration keeps failing."}, sentence{nlp.Portuguese, "As exportações atrasaram."}),
		record("xss", "globex", ckm.SourceTicket, t0.Add(-3*time.Hour), sentence{nlp.English, "Pasted <script>alert(1)</script> into the invoice field & it broke."}),
		subj,
		record("und-1", "initech", ckm.SourceNote, t0.Add(-5*time.Hour), sentence{nlp.Unknown, "Der Zeitplan für die Lieferung."}),
	}
}

func searchIndex(t testing.TB) *Index {
	ix := newIndex(t, Config{})
	putAll(t, ix, corpus(), 8)
	return ix
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func TestSearchText(t *testing.T) {
	ix := searchIndex(t)
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"english plural finds singular", "invoices", []string{"en-1", "xss"}},
		{"english case", "INVOICE", []string{"en-1", "xss"}},
		{"portuguese plural with accents", "exportações", []string{"mix-1", "pt-1"}},
		{"portuguese without accents", "exportacao", []string{"mix-1", "pt-1"}},
		{"portuguese singular", "Exportação", []string{"mix-1", "pt-1"}},
		{"english part of mixed document", "integrations", []string{"mix-1"}},
		{"subject", "renewal", []string{"subj"}},
		{"unknown language folded", "fur", []string{"und-1"}},
		{"stop words only", "the of and", nil},
		{"no match", "spaceship", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, ids(res)); diff != "" {
				t.Errorf("Search(%q) ids (-want +got):\n%s", tt.text, diff)
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("Total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestSearchAllNewestFirst(t *testing.T) {
	ix := searchIndex(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, Query{Text: "  "})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	want := []string{"en-1", "pt-1", "mix-1", "xss", "subj", "und-1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	wantHit := Hit{ID: "en-1", Client: "acme", Source: "email", Language: "en", At: t0.Truncate(time.Second), Score: res.Hits[0].Score}
	if diff := cmp.Diff(wantHit, res.Hits[0]); diff != "" {
		t.Errorf("first hit (-want +got):\n%s", diff)
	}

	page, err := ix.Search(ctx, Query{Limit: 2, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Hits) != 2 || page.Hits[0].ID != "mix-1" || page.Total != 6 {
		t.Errorf("page 2: total %d, hits %v", page.Total, page.Hits)
	}
}

func TestSearchFacetsAndClients(t *testing.T) {
	ix := searchIndex(t)
	tests := []struct {
		name      string
		q         Query
		wantTotal uint64
		want      map[string][]FacetCount
	}{
		{
			name: "all", q: Query{}, wantTotal: 6,
			want: map[string][]FacetCount{
				FacetClient:   {{"acme", 2}, {"globex", 2}, {"initech", 2}},
				FacetSource:   {{"call", 2}, {"email", 2}, {"note", 1}, {"ticket", 1}},
				FacetLanguage: {{"en", 4}, {"pt", 1}, {"und", 1}},
			},
		},
		{
			name: "one client", q: Query{Clients: []string{"acme"}}, wantTotal: 2,
			want: map[string][]FacetCount{
				FacetClient:   {{"acme", 2}},
				FacetSource:   {{"call", 1}, {"email", 1}},
				FacetLanguage: {{"en", 1}, {"pt", 1}},
			},
		},
		{
			name: "clients and text", q: Query{Text: "invoices", Clients: []string{"globex", "nobody"}}, wantTotal: 1,
			want: map[string][]FacetCount{
				FacetClient:   {{"globex", 1}},
				FacetSource:   {{"ticket", 1}},
				FacetLanguage: {{"en", 1}},
			},
		},
		{
			name: "source", q: Query{Source: "call"}, wantTotal: 2,
			want: map[string][]FacetCount{
				FacetClient:   {{"acme", 1}, {"globex", 1}},
				FacetSource:   {{"call", 2}},
				FacetLanguage: {{"en", 1}, {"pt", 1}},
			},
		},
		{
			name: "unknown client", q: Query{Clients: []string{"nobody"}}, wantTotal: 0,
			want: map[string][]FacetCount{FacetClient: {}, FacetSource: {}, FacetLanguage: {}},
		},
	}
	sortCounts := cmp.Transformer("sort", func(in []FacetCount) []FacetCount {
		out := slices.Clone(in)
		slices.SortFunc(out, func(a, b FacetCount) int { return strings.Compare(a.Term, b.Term) })
		return out
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.wantTotal {
				t.Errorf("Total = %d, want %d", res.Total, tt.wantTotal)
			}
			for _, h := range res.Hits {
				if len(tt.q.Clients) > 0 && !slices.Contains(tt.q.Clients, h.Client) {
					t.Errorf("hit %s of client %q escapes filter %v", h.ID, h.Client, tt.q.Clients)
				}
			}
			for _, name := range []string{FacetKind, FacetCue, FacetTheme, FacetEntity} {
				if _, ok := tt.want[name]; !ok {
					tt.want[name] = []FacetCount{} // the corpus has no entities or needs
				}
			}
			if diff := cmp.Diff(tt.want, res.Facets, sortCounts); diff != "" {
				t.Errorf("facets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSearchFacetSelection(t *testing.T) {
	ix := searchIndex(t)
	all, err := ix.Search(context.Background(), Query{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		facets  []string
		want    []string // facet names in the result
		wantErr string
	}{
		{"default counts all", nil, FacetNames, ""},
		{"none", []string{FacetNone}, nil, ""},
		{"some", []string{FacetSource, FacetClient, FacetSource}, []string{FacetClient, FacetSource}, ""},
		{"unknown", []string{"colour"}, nil, `facets: "colour" is not one of client, source`},
		{"none with names", []string{FacetClient, FacetNone}, nil, `facets: none cannot be combined with facet names`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Limit: 3, Facets: tt.facets})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := slices.Sorted(maps.Keys(res.Facets))
			if diff := cmp.Diff(slices.Sorted(slices.Values(tt.want)), got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("facets (-want +got):\n%s", diff)
			}
			// Facets change what is counted, never what matches.
			if res.Total != all.Total || !slices.Equal(ids(res), ids(all)) || res.NextCursor != all.NextCursor {
				t.Errorf("total %d ids %v cursor %q, want %d %v %q as with every facet", res.Total, ids(res), res.NextCursor, all.Total, ids(all), all.NextCursor)
			}
			for _, name := range got {
				if diff := cmp.Diff(all.Facets[name], res.Facets[name]); diff != "" {
					t.Errorf("facet %s (-all +selected):\n%s", name, diff)
				}
			}
		})
	}
	// A cursor from a page with every facet continues a page without.
	next, err := ix.Search(context.Background(), Query{Limit: 3, Cursor: all.NextCursor, Facets: []string{FacetNone}})
	if err != nil {
		t.Fatalf("cursor across facet choices: %v", err)
	}
	if len(next.Hits) == 0 || slices.Contains(ids(all), next.Hits[0].ID) {
		t.Errorf("second page %v repeats or is empty after %v", ids(next), ids(all))
	}
}

func TestSearchFragments(t *testing.T) {
	ix := searchIndex(t)
	res, err := ix.Search(context.Background(), Query{Text: "invoice", Clients: []string{"globex"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %v, want xss", res.Hits)
	}
	frags := res.Hits[0].Fragments["text"]
	joined := strings.Join(frags, " … ")
	for _, want := range []string{"<mark>invoice</mark>", "&lt;script&gt;", "&amp;"} {
		if !strings.Contains(joined, want) {
			t.Errorf("fragments %q lack %q", joined, want)
		}
	}
	if strings.Contains(joined, "<script>") {
		t.Errorf("fragments %q contain raw <script>", joined)
	}

	res, err = ix.Search(context.Background(), Query{Text: "exportacoes integration"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.ID == "mix-1" {
			got := strings.Join(h.Fragments["text"], " ")
			for _, want := range []string{"<mark>integration</mark>", "<mark>exportações</mark>"} {
				if !strings.Contains(got, want) {
					t.Errorf("mixed fragments %q lack %q", got, want)
				}
			}
		}
	}
}

// hostile are query texts that would break or widen a query-string query.
var hostile = []string{
	`+client:globex`, `client:globex`, `-client:acme`, `*`, `?`, `~`, `invoice~2`, `"`, `"unterminated`, `\`, `\\\`,
	`(`, `)`, `[a TO z]`, `{`, `/re.*/`, `^`, `&&`, `||`, `!`, `type:need`, `_id:xss`, `+type:need +client:globex`,
	strings.Repeat("invoice ", 2000), strings.Repeat("a", 100000), "\x00\x01\x1b[31m", "\xff\xfe\xfd", "inv\xc3oice",
	"exporta\u0301cao", "😀 ∞ 中文", "\u202e\u200b",
}

func TestSearchHostile(t *testing.T) {
	ix := searchIndex(t)
	for _, text := range hostile {
		checkHostile(t, ix, text)
	}
}

// checkHostile searches text restricted to acme and fails if that errors
// or anything of another client shows.
func checkHostile(t *testing.T, ix *Index, text string) {
	t.Helper()
	res, err := ix.Search(context.Background(), Query{Text: text, Clients: []string{"acme"}, Limit: 100})
	var qe *QueryError
	if errors.As(err, &qe) {
		if qe.Offset < 0 || qe.Offset > len(text) {
			t.Errorf("Search(%.40q): error offset %d outside the text: %v", text, qe.Offset, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Search(%.40q): %v", text, err)
	}
	for _, h := range res.Hits {
		if h.Client != "acme" {
			t.Errorf("Search(%.40q): hit %s of client %q escapes the filter", text, h.ID, h.Client)
		}
	}
	if res.Total > 2 {
		t.Errorf("Search(%.40q): Total %d > 2 acme documents", text, res.Total)
	}
	for _, fc := range res.Facets[FacetClient] {
		if fc.Term != "acme" {
			t.Errorf("Search(%.40q): facet %v escapes the filter", text, fc)
		}
	}
}

func TestSearchLimits(t *testing.T) {
	tests := []struct {
		name             string
		q                Query
		wantSize, wantFr int
	}{
		{"default", Query{}, DefaultLimit + 1, 0},
		{"max", Query{Limit: 1000, Offset: -5}, MaxLimit + 1, 0},
		{"deep", Query{Limit: 5, Offset: 1 << 40}, 6, MaxOffset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := newPlan(tt.q, &qlang.Query{}, &builder{})
			if err != nil {
				t.Fatal(err)
			}
			req := p.request(true)
			if req.Size != tt.wantSize || req.From != tt.wantFr {
				t.Errorf("size %d from %d, want %d %d", req.Size, req.From, tt.wantSize, tt.wantFr)
			}
		})
	}
}

// TestSearchRelaxed checks that when fewer than a page of documents match
// every term, the page goes on with the documents with the most terms, OR
// groups and phrases included, and the answer says so.
func TestSearchRelaxed(t *testing.T) {
	ix := newIndex(t, Config{})
	put(t, ix,
		record("ca-res", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Our data residency must be in Canada."}),
		record("br", "acme", ckm.SourceEmail, t0.Add(-time.Hour), sentence{nlp.English, "We opened an office in Brasil."}),
		record("res", "globex", ckm.SourceEmail, t0.Add(-2*time.Hour), sentence{nlp.English, "Residency rules apply."}),
		record("none", "globex", ckm.SourceEmail, t0.Add(-3*time.Hour), sentence{nlp.English, "Nothing related."}))
	tests := []struct {
		name        string
		q           Query
		want        []string // in rank order when ranked, else sorted
		wantRelaxed bool
		ranked      bool
	}{
		{"a page has every term: not relaxed", Query{Text: "canada OR brasil residency", Limit: 1}, []string{"ca-res"}, false, true},
		{"fewer than a page has every term: filled, those first", Query{Text: "canada OR brasil residency"}, []string{"ca-res", "res", "br"}, true, true},
		{"OR group and word, none has both", Query{Text: "brasil OR mexico rules"}, []string{"br", "res"}, true, false},
		{"phrase relaxed", Query{Text: `"data residency" spaceship`}, []string{"ca-res"}, true, true},
		{"most terms first", Query{Text: "canada residency spaceship"}, []string{"ca-res", "res"}, true, true},
		{"relaxed within the client filter", Query{Text: "brasil OR mexico residency client:globex"}, []string{"res"}, true, true},
		{"one clause is never relaxed", Query{Text: "spaceship OR rocket"}, nil, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			if !tt.ranked {
				slices.Sort(got)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("hits (-want +got):\n%s", diff)
			}
			if res.Relaxed != tt.wantRelaxed {
				t.Errorf("Relaxed = %v, want %v", res.Relaxed, tt.wantRelaxed)
			}
		})
	}
}

// TestSearchHitOffset checks that hits give At in the offset the document
// was given in, to the second.
func TestSearchHitOffset(t *testing.T) {
	ix := newIndex(t, Config{})
	est := time.FixedZone("", -5*3600)
	ist := time.FixedZone("", 5*3600+1800)
	at := time.Date(2026, 1, 27, 18, 45, 0, 0, est)
	put(t, ix,
		record("est", "acme", ckm.SourceEmail, at, sentence{nlp.English, "Invoice one."}),
		record("ist", "acme", ckm.SourceEmail, at.In(ist), sentence{nlp.English, "Invoice two."}),
		record("utc", "acme", ckm.SourceEmail, at.UTC(), sentence{nlp.English, "Invoice three."}))
	res, err := ix.Search(context.Background(), Query{Text: "invoice", Sort: SortDate})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range res.Hits {
		got[h.ID] = h.At.Format(time.RFC3339)
	}
	want := map[string]string{"est": "2026-01-27T18:45:00-05:00", "ist": "2026-01-28T05:15:00+05:30", "utc": "2026-01-27T23:45:00Z"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hit times (-want +got):\n%s", diff)
	}
}

// TestSearchSubjectWeight checks that a word in the subject counts somewhat
// more than the same word in the text, not tens of times more.
func TestSearchSubjectWeight(t *testing.T) {
	ix := newIndex(t, Config{})
	subj := record("subject", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Please enable it for our contractors next month."})
	subj.Document.Subject = "Google login"
	put(t, ix, subj,
		record("text", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Our staff want the login with their Microsoft work accounts, as for every other tool."}),
		record("other", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "Nothing about it here."}))
	res, err := ix.Search(context.Background(), Query{Text: "login", Match: MatchWords})
	if err != nil {
		t.Fatal(err)
	}
	score := map[string]float64{}
	for _, h := range res.Hits {
		score[h.ID] = h.Score
	}
	if score["subject"] == 0 || score["text"] == 0 {
		t.Fatalf("scores %v: want both documents", score)
	}
	if r := score["subject"] / score["text"]; r < 1 || r > 5 {
		t.Errorf("subject/text score ratio = %.1f, want between 1 and 5 (it was 30–45)", r)
	}
}

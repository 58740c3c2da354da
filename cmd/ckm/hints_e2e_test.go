package main

import (
	"bufio"
	"encoding/json"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/nlp"
)

// sampleNeed is one need of examples/sample.jsonl as `ckm analyze` finds
// it, with its document's client and time.
type sampleNeed struct {
	doc, client string
	at          time.Time
	need        nlp.Need
}

// analyzeSample runs `ckm analyze` over the sample and returns its
// documents and needs.
func analyzeSample(t *testing.T, s *stack, path string) ([]ckm.Document, []sampleNeed) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []ckm.Document
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		d, err := ckm.DecodeDocument([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	out, errs, err := s.cli("", "analyze", path)
	if err != nil {
		t.Fatalf("analyze: %v\n%s", err, errs)
	}
	var needs []sampleNeed
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for i := 0; sc.Scan(); i++ {
		var a struct{ Needs []nlp.Need }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		for _, n := range a.Needs {
			needs = append(needs, sampleNeed{doc: docs[i].ID, client: docs[i].Client, at: docs[i].At, need: n})
		}
	}
	return docs, needs
}

// TestHintsAndEmergingSample loads examples/sample.jsonl through the queue
// and checks `ckm hints` and `ckm emerging` against what the sample plants
// and against counts computed here from `ckm analyze`'s output.
func TestHintsAndEmergingSample(t *testing.T) {
	const sample = "../../examples/sample.jsonl"
	s := startStack(t)
	if out, errs, err := s.cli("", "enqueue", "--wait", sample); err != nil || !strings.Contains(out, "failed 0") {
		t.Fatalf("enqueue: %v\n%s%s", err, out, errs)
	}
	docs, needs := analyzeSample(t, s, sample)
	now := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	start := now.AddDate(0, 0, -30)
	counted := func(n sampleNeed) bool {
		return n.need.ThemeKey != "" && !n.need.Negated && n.need.Speaker != nlp.SpeakerAgent
	}

	// Hints: globex's PO-number-on-invoice theme (June onward) is there,
	// every sentence is globex's, and no negation or agent question is
	// evidence.
	out, errs, err := s.cli("", "hints", "globex", "--until", "2026-11-25", "--limit", "50", "--json")
	if err != nil {
		t.Fatalf("hints: %v\n%s", err, errs)
	}
	var h index.Hints
	if err := json.Unmarshal([]byte(out), &h); err != nil {
		t.Fatalf("hints answer: %v\n%s", err, out)
	}
	// Hints group candidate keys into themes: each hint counts the
	// mentions of the keys it lists, and every key is in one hint but
	// those that could be a one-off incident (raised only as pain, in one
	// document), which hints leave out.
	rawCount := map[string]int{}
	oneOff := map[string]bool{}
	docOf := map[string]string{}
	for _, n := range needs {
		if n.client == "globex" && counted(n) && n.at.Before(now) {
			k := n.need.ThemeKey
			if _, seen := docOf[k]; !seen {
				oneOff[k], docOf[k] = true, n.doc
			}
			oneOff[k] = oneOff[k] && n.need.Cue == "pain" && docOf[k] == n.doc
			rawCount[k]++
		}
	}
	wantCount, gotCount := map[string]int{}, map[string]int{}
	invoice := regexp.MustCompile(`(?i)invoic|\bpo\b`)
	var sawInvoice bool
	for i, x := range h.Hints {
		gotCount[x.Key] = x.Count
		for _, k := range x.Keys {
			wantCount[x.Key] += rawCount[k]
			delete(rawCount, k)
		}
		if i > 0 && x.Score > h.Hints[i-1].Score {
			t.Errorf("hint %d (%s) scores %v, above the one before it", i, x.Key, x.Score)
		}
		if invoice.MatchString(x.Key) && x.FirstSeen.Before(time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)) {
			sawInvoice = true
		}
		for _, e := range x.Evidence {
			if !strings.HasPrefix(e.DocID, "globex-") || e.Text == "" || e.Speaker == nlp.SpeakerAgent {
				t.Errorf("%s: evidence %+v is not a globex customer sentence", x.Key, e)
			}
		}
	}
	if diff := cmp.Diff(wantCount, gotCount); diff != "" {
		t.Errorf("globex theme counts, from analyze (-want) and hints (+got):\n%s", diff)
	}
	maps.DeleteFunc(rawCount, func(k string, _ int) bool { return oneOff[k] })
	if len(rawCount) > 0 {
		t.Errorf("globex theme keys in no hint: %v", rawCount)
	}
	if !sawInvoice {
		t.Errorf("no invoice/PO theme first seen in June among globex's hints: %s", out)
	}
	human, _, err := s.cli("", "hints", "--until", "2026-11-25", "globex")
	if err != nil || !strings.Contains(human, "globex: ") || !strings.Contains(human, "first seen 2026-") || !strings.Contains(human, "“") {
		t.Errorf("hints, human output: %v\n%s", err, human)
	}

	// Emerging over every client: the counts per theme in the window and
	// before it, the documents in each, and which themes are new to a
	// client, all as computed here from the analysis.
	out, errs, err = s.cli("", "emerging", "--window", "30d", "--now", "2026-11-25", "--limit", "100", "--json")
	if err != nil {
		t.Fatalf("emerging: %v\n%s", err, errs)
	}
	var em index.Emerging
	if err := json.Unmarshal([]byte(out), &em); err != nil {
		t.Fatalf("emerging answer: %v\n%s", err, out)
	}
	var recentDocs int
	for _, d := range docs {
		if !d.At.Before(start) && d.At.Before(now) {
			recentDocs++
		}
	}
	if em.RecentDocuments != recentDocs || em.BaselineDocuments != len(docs)-recentDocs || !em.WindowStart.Equal(start) {
		t.Errorf("documents %d in the window and %d before (from %v), want %d and %d (from %v)",
			em.RecentDocuments, em.BaselineDocuments, em.WindowStart, recentDocs, len(docs)-recentDocs, start)
	}
	// Themes are grouped as index.LearnThemes groups the candidate keys
	// of every counted need.
	all := map[string]int{}
	for _, n := range needs {
		if counted(n) {
			all[n.need.ThemeKey]++
		}
	}
	var kc []index.KeyCount
	for _, k := range slices.Sorted(maps.Keys(all)) {
		kc = append(kc, index.KeyCount{Key: k, Mentions: all[k]})
	}
	table := index.LearnThemes(kc, index.ThemeCorrections{})
	// A theme new across clients may take keys out of their learned
	// group (a word new in the window: "bulk" of "a bulk endpoint"); it
	// lists them, and they count under it.
	listed := map[string]string{}
	for _, x := range em.Themes {
		if x.NewAcross {
			for _, k := range x.Keys {
				listed[k] = x.Key
			}
		}
	}
	// It may also take, one by one, the window's needs filed under a
	// broad seed topic whose label holds its word ("bulk upload" under
	// the imports seed).
	newWord := map[string]bool{}
	for _, x := range em.Themes {
		if x.NewAcross {
			newWord[x.Key] = true
		}
	}
	canonical := func(n sampleNeed) string {
		if c, ok := listed[n.need.ThemeKey]; ok {
			return c
		}
		c := table.Canonical(n.need.ThemeKey)
		if nlp.IsGenericSeed(c) && !n.at.Before(start) {
			var stems []string
			for _, k := range nlp.CandidateThemeKeys(n.need.Theme) {
				stems = append(stems, strings.Fields(k)...)
			}
			slices.Sort(stems)
			if i := slices.IndexFunc(stems, func(s string) bool { return newWord[s] }); i >= 0 {
				return stems[i]
			}
		}
		return c
	}
	recent, before := map[string]int{}, map[string]int{}
	firstBy := map[string]map[string]time.Time{} // theme → client → first mention
	for _, n := range needs {
		if !counted(n) || !n.at.Before(now) {
			continue
		}
		k := canonical(n)
		if n.at.Before(start) {
			before[k]++
		} else {
			recent[k]++
		}
		if firstBy[k] == nil {
			firstBy[k] = map[string]time.Time{}
		}
		if f, ok := firstBy[k][n.client]; !ok || n.at.Before(f) {
			firstBy[k][n.client] = n.at
		}
	}
	for _, x := range append(slices.Clone(em.Themes), em.Rising...) {
		if x.Recent != recent[x.Key] || x.Baseline != before[x.Key] {
			t.Errorf("%s: %d in the window, %d before; analysis says %d and %d", x.Key, x.Recent, x.Baseline, recent[x.Key], before[x.Key])
		}
		if strings.Contains(x.Key, "sso") && x.Baseline != 0 {
			t.Errorf("%s counts %d SSO mentions before the window, where the sample has only negations and agent questions", x.Key, x.Baseline)
		}
	}
	var wantNew []string
	for k, by := range firstBy {
		for c, f := range by {
			if f.Before(start) {
				continue
			}
			for o, g := range by {
				if o != c && g.Before(start) {
					wantNew = append(wantNew, c+"/"+k)
					break
				}
			}
		}
	}
	var gotNew []string
	for _, n := range em.NewToClient {
		gotNew = append(gotNew, n.Client+"/"+n.Key)
		if n.FirstSeen.Before(start) || len(n.RaisedBy) == 0 || !n.RaisedBy[0].FirstSeen.Before(start) {
			t.Errorf("new to client %+v: first seen outside the window or raised by no one before it", n)
		}
	}
	slices.Sort(wantNew)
	slices.Sort(gotNew)
	if diff := cmp.Diff(wantNew, gotNew); diff != "" {
		t.Errorf("new to client, from analyze (-want) and emerging (+got):\n%s", diff)
	}

	// The planted stories: SSO and API rate limits (429) emerge in the
	// window, across clients and both languages, under their topics.
	for _, story := range []struct {
		name, key string
		re        *regexp.Regexp
	}{{"SSO", "sso", regexp.MustCompile(`sso|saml`)}, {"rate limits", "rate-limit", regexp.MustCompile(`limit|429|requisic|request`)}} {
		var keys []string
		for _, x := range em.Themes {
			if story.re.MatchString(x.Key) {
				keys = append(keys, x.Key)
			}
		}
		if !slices.Contains(keys, story.key) {
			t.Errorf("planted %s: significant themes %q, want %q among them; recent mentions by key: %v", story.name, keys, story.key, keysMatching(recent, story.re))
		}
	}
	human, _, err = s.cli("", "emerging", "--now", "2026-11-25")
	if err != nil || !strings.Contains(human, "Emerging in the 30d to 2026-11-25 (all clients)") || !strings.Contains(human, "New to a client") {
		t.Errorf("emerging, human output: %v\n%s", err, human)
	}
}

func keysMatching(m map[string]int, re *regexp.Regexp) map[string]int {
	out := map[string]int{}
	for k, n := range m {
		if re.MatchString(k) {
			out[k] = n
		}
	}
	return out
}

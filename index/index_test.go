package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// newIndex opens an index in a temporary directory, closed at cleanup.
func newIndex(t testing.TB, cfg Config) *Index {
	t.Helper()
	if cfg.Path == "" {
		cfg.Path = filepath.Join(t.TempDir(), "idx")
	}
	ix, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil && !errors.Is(err, ErrClosed) {
			t.Error(err)
		}
	})
	return ix
}

// sentence is one sentence of a test record.
type sentence struct {
	lang nlp.Language
	text string
}

// record builds a Record by hand (not with nlp.Analyze): the text is the
// sentences joined by spaces, each with its language.
func record(id, client string, src ckm.Source, at time.Time, sents ...sentence) Record {
	var b strings.Builder
	var ss []nlp.Sentence
	lang := nlp.Unknown
	for i, s := range sents {
		if i > 0 {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(s.text)
		ss = append(ss, nlp.Sentence{Text: s.text, Start: start, End: b.Len(), Language: s.lang})
		if i == 0 {
			lang = s.lang
		}
	}
	return Record{
		Document: ckm.Document{ID: id, Client: client, Source: src, At: at, Text: b.String()},
		Analysis: nlp.Analysis{ID: id, Language: lang, Version: nlp.Version, Sentences: ss},
	}
}

// withNeeds returns rec with n needs on its first sentence.
func withNeeds(rec Record, n int) Record {
	rec.Analysis.Needs = nil
	span := nlp.Sentence{Text: rec.Document.Text, End: len(rec.Document.Text)}
	if len(rec.Analysis.Sentences) > 0 {
		span = rec.Analysis.Sentences[0]
	}
	for i := range n {
		rec.Analysis.Needs = append(rec.Analysis.Needs, nlp.Need{
			Kind: nlp.KindExplicit, Cue: "request", Theme: fmt.Sprintf("theme %d", i), ThemeKey: fmt.Sprintf("them%d", i),
			Text: span.Text, Start: span.Start, End: span.End, Speaker: nlp.SpeakerCustomer, Confidence: 0.9,
		})
	}
	return rec
}

func put(t testing.TB, ix *Index, recs ...Record) {
	t.Helper()
	for _, r := range recs {
		if err := ix.Put(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

var t0 = time.Date(2026, 11, 1, 9, 30, 15, 123456789, time.UTC)

func TestPutGetRoundTrip(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	text := "Hi, please resend invoice INV-42. Precisamos da exportação amanhã."
	full := Record{
		Document: ckm.Document{
			ID: "doc-1", Client: "acme", Source: ckm.SourceCall,
			At:      time.Date(2026, 10, 3, 14, 5, 6, 789, time.FixedZone("BRT", -3*3600)),
			Subject: "Invoice and export", Lang: "en", Text: text,
			Turns: []ckm.Turn{{Speaker: "Ana", Role: "customer", Start: 0, End: 33, Offset: 2 * time.Second}, {Speaker: "Bob", Role: "agent", Start: 34, End: len(text)}},
		},
		Analysis: nlp.Analysis{
			ID: "doc-1", Language: nlp.English, Version: nlp.Version,
			Sentences: []nlp.Sentence{
				{Text: text[:33], Start: 0, End: 33, Language: nlp.English},
				{Text: text[34:], Start: 34, End: len(text), Language: nlp.Portuguese},
			},
			Tokens:   []nlp.Token{{Text: "Hi", Start: 0, End: 2, Stem: "hi"}},
			Entities: []nlp.Entity{{Text: "INV-42", Label: nlp.LabelReference, Start: 26, End: 32, Value: "INV-42", Source: "rule"}},
			Needs: []nlp.Need{{Kind: nlp.KindExplicit, Cue: "request", Theme: "invoice", ThemeKey: "invoic", Text: text[:33], Start: 0, End: 33,
				Speaker: nlp.SpeakerCustomer, Negated: true, Confidence: 0.75}},
		},
		ContentHash: "abc",
		IndexedAt:   time.Date(2026, 11, 2, 0, 0, 0, 1, time.UTC),
	}
	put(t, ix, full)

	want := full
	want.Analysis.Tokens = nil
	got, err := ix.Get(ctx, "doc-1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}

	for _, id := range []string{"absent", needID("doc-1", 0)} {
		if _, err := ix.Get(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) = %v, want ErrNotFound", id, err)
		}
	}

	// Defaults filled by Put.
	bare := record("doc-2", "acme", ckm.SourceNote, time.Time{}, sentence{nlp.English, "hello"})
	put(t, ix, bare)
	got, err = ix.Get(ctx, "doc-2")
	if err != nil {
		t.Fatal(err)
	}
	if got.ContentHash != bare.Document.ContentHash() || got.IndexedAt.IsZero() {
		t.Errorf("defaults not filled: hash %q indexed %v", got.ContentHash, got.IndexedAt)
	}
}

func TestPutReplaces(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	old := withNeeds(record("d", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The old zebra text."}), 3)
	put(t, ix, old)
	if n, err := ix.NeedCount(ctx, "d"); err != nil || n != 3 {
		t.Fatalf("NeedCount after first Put = %d, %v; want 3", n, err)
	}
	newer := withNeeds(record("d", "acme", ckm.SourceEmail, t0, sentence{nlp.English, "The new giraffe text."}), 1)
	put(t, ix, newer)

	tests := []struct {
		name string
		got  func() (uint64, error)
		want uint64
	}{
		{"documents", func() (uint64, error) { return ix.Count(ctx) }, 1},
		{"needs", func() (uint64, error) { return ix.NeedCount(ctx, "d") }, 1},
		{"old text", func() (uint64, error) { r, err := ix.Search(ctx, Query{Text: "zebra"}); return total(r), err }, 0},
		{"new text", func() (uint64, error) { r, err := ix.Search(ctx, Query{Text: "giraffe"}); return total(r), err }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}

func total(r *Result) uint64 {
	if r == nil {
		return 0
	}
	return r.Total
}

func TestPutSameDocumentInOneBatch(t *testing.T) {
	ix := newIndex(t, Config{FlushInterval: 200 * time.Millisecond})
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			r := withNeeds(record("same", "acme", ckm.SourceChat, t0, sentence{nlp.English, "same words"}), i+1)
			if err := ix.Put(ctx, r); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := ix.Get(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	n, err := ix.NeedCount(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := ix.Count(ctx); c != 1 || int(n) != len(got.Analysis.Needs) {
		t.Errorf("Count %d, NeedCount %d, stored needs %d; want 1 and equal", c, n, len(got.Analysis.Needs))
	}
}

func TestConcurrentPutsVisible(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx := context.Background()
	const n = 50
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			word := fmt.Sprintf("marker%dx", i)
			r := record(fmt.Sprintf("c-%d", i), "acme", ckm.SourceTicket, t0.Add(time.Duration(i)*time.Minute), sentence{nlp.English, "Ticket about " + word + "."})
			if err := ix.Put(ctx, r); err != nil {
				t.Error(err)
				return
			}
			res, err := ix.Search(ctx, Query{Text: word})
			if err != nil {
				t.Error(err)
				return
			}
			if res.Total != 1 || res.Hits[0].ID != r.Document.ID {
				t.Errorf("%s not searchable after Put: total %d", word, res.Total)
			}
		})
	}
	wg.Wait()
	if c, err := ix.Count(ctx); err != nil || c != n {
		t.Errorf("Count = %d, %v; want %d", c, err, n)
	}
}

func TestPutContext(t *testing.T) {
	ix := newIndex(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := ix.Put(ctx, record("x", "acme", "", t0, sentence{nlp.English, "x"}))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Put with canceled context = %v, want context.Canceled", err)
	}
	for _, id := range []string{"", "a/need/1"} {
		if err := ix.Put(context.Background(), record(id, "acme", "", t0)); err == nil {
			t.Errorf("Put(id %q) succeeded, want error", id)
		}
	}
}

func TestClose(t *testing.T) {
	before := runtime.NumGoroutine()
	ix, err := Open(context.Background(), Config{Path: filepath.Join(t.TempDir(), "idx")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	put(t, ix, record("a", "acme", "", t0, sentence{nlp.English, "a"}))
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	checks := map[string]error{
		"Close": ix.Close(),
		"Put":   ix.Put(ctx, record("b", "acme", "", t0, sentence{nlp.English, "b"})),
	}
	_, checks["Get"] = ix.Get(ctx, "a")
	_, checks["Search"] = ix.Search(ctx, Query{})
	_, checks["Count"] = ix.Count(ctx)
	for name, err := range checks {
		if !errors.Is(err, ErrClosed) {
			t.Errorf("%s after Close = %v, want ErrClosed", name, err)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines: %d before Open, %d after Close", before, n)
	}
}

func TestCloseDrainsPendingPuts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	ix, err := Open(context.Background(), Config{Path: path, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 10)
	for i := range 10 {
		go func() {
			errs <- ix.Put(context.Background(), record(fmt.Sprint(i), "acme", "", t0, sentence{nlp.English, "drain"}))
		}()
	}
	time.Sleep(100 * time.Millisecond) // let the Puts reach the writer
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	var ok int
	for range 10 {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, ErrClosed):
			t.Errorf("Put = %v, want nil or ErrClosed", err)
		}
	}
	ix = newIndex(t, Config{Path: path})
	if c, err := ix.Count(context.Background()); err != nil || int(c) != ok {
		t.Errorf("after reopen Count = %d, %v; want %d acknowledged", c, err, ok)
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "idx")
	ctx := context.Background()
	ix, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	want := withNeeds(record("r", "acme", ckm.SourceEmail, t0, sentence{nlp.Portuguese, "Precisamos da exportação."}), 2)
	want.IndexedAt = t0
	want.ContentHash = "h"
	put(t, ix, want)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = newIndex(t, Config{Path: path})
	got, err := ix.Get(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get after reopen (-want +got):\n%s", diff)
	}
	res, err := ix.Search(ctx, Query{Text: "exportacoes"})
	if err != nil || res.Total != 1 {
		t.Errorf("stemmed search after reopen: %v, %v", res, err)
	}
}

func TestOpenErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"empty path", Config{}},
		{"negative batch", Config{Path: t.TempDir(), BatchSize: -1}},
		{"path is a file", Config{Path: file}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Open(context.Background(), tt.cfg)
			if err == nil {
				ix.Close()
				t.Fatal("Open succeeded, want error")
			}
			if !strings.HasPrefix(err.Error(), "index: open ") {
				t.Errorf("error %q lacks prefix", err)
			}
		})
	}
}

// TestIndexSize measures bytes on disk per document for 1000 documents
// with two need records each, with short and with ~450-word texts:
//
//	go test ./index -run TestIndexSize -v
func TestIndexSize(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, repeat := range []int{1, 18} {
		t.Run(fmt.Sprintf("text x%d", repeat), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "idx")
			ix, err := Open(context.Background(), Config{Path: path})
			if err != nil {
				t.Fatal(err)
			}
			const n = 1000
			recs := sampleRecords(n)
			var text int
			for i := range recs {
				recs[i] = repeatText(recs[i], repeat)
				text += len(recs[i].Document.Text)
			}
			putAll(t, ix, recs, 64)
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			size := dirSize(t, path)
			t.Logf("index size: %d bytes for %d documents = %d bytes/document (text %d bytes/document)", size, n, size/n, text/n)
		})
	}
}

// repeatText returns rec with its sentences repeated k times.
func repeatText(rec Record, k int) Record {
	if k <= 1 {
		return rec
	}
	var s []sentence
	for range k {
		for _, x := range rec.Analysis.Sentences {
			s = append(s, sentence{x.Language, x.Text})
		}
	}
	d := rec.Document
	out := record(d.ID, d.Client, d.Source, d.At, s...)
	out.Document.Subject = d.Subject
	return withNeeds(out, len(rec.Analysis.Needs))
}

// sampleRecords returns n mixed-language records with two needs each.
func sampleRecords(n int) []Record {
	en := []string{
		"Please resend the invoices for March, the totals look wrong.",
		"We are evaluating a competitor because exports are too slow.",
		"Could you add single sign-on for our finance team next quarter?",
		"The dashboard times out every morning and we export to Excel instead.",
	}
	pt := []string{
		"Precisamos das exportações em CSV até sexta-feira.",
		"A integração com o ERP falhou de novo hoje.",
		"Gostaríamos de um relatório mensal de faturamento por cliente.",
	}
	clients := []string{"acme", "globex", "initech", "umbrella"}
	out := make([]Record, n)
	for i := range n {
		s := []sentence{{nlp.English, en[i%len(en)]}, {nlp.English, en[(i+1)%len(en)]}}
		if i%3 == 0 {
			s = append(s, sentence{nlp.Portuguese, pt[i%len(pt)]})
		}
		r := record(fmt.Sprintf("s-%d", i), clients[i%len(clients)], ckm.Sources[i%len(ckm.Sources)], t0.Add(-time.Duration(i)*time.Hour), s...)
		r.Document.Subject = fmt.Sprintf("Case %d", i)
		out[i] = withNeeds(r, 2)
	}
	return out
}

// putAll puts recs from workers goroutines.
func putAll(t testing.TB, ix *Index, recs []Record, workers int) {
	t.Helper()
	ch := make(chan Record)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for r := range ch {
				if err := ix.Put(context.Background(), r); err != nil {
					t.Error(err)
				}
			}
		})
	}
	for _, r := range recs {
		ch <- r
	}
	close(ch)
	wg.Wait()
}

func dirSize(t testing.TB, path string) int {
	t.Helper()
	var size int64
	err := filepath.Walk(path, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			size += fi.Size()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return int(size)
}

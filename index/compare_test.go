package index

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/nlp"
)

// withEntity returns rec with text appended as a sentence and an entity
// of label over all of it.
func withEntity(rec Record, text, label string) Record {
	start := len(rec.Document.Text) + 1
	rec.Document.Text += " " + text
	rec.Analysis.Entities = append(rec.Analysis.Entities, nlp.Entity{Text: text, Label: label, Start: start, End: start + len(text), Source: nlp.SourceModel})
	return rec
}

// compareCorpus is six clients of 30 documents each over 90 days. Every
// document raises one or two of eight themes drawn at random (the noise),
// and sometimes names one of four products. acme also asks for PO
// numbers on invoices in half of its documents (others do in one each)
// and names SAP in a third of them (others never); every client but acme
// asks for SSO now and then.
func compareCorpus() []Record {
	rng := rand.New(rand.NewPCG(18, 2026))
	noise := []mentionSpec{}
	for _, k := range []string{"dashboard", "report", "mobil app", "api limit", "export", "onboard", "search", "notif"} {
		noise = append(noise, mentionSpec{key: k, theme: k, cue: "request", speaker: nlp.SpeakerCustomer, conf: 0.8})
	}
	products := []string{"Salesforce", "Zendesk", "Slack", "Jira"}
	var recs []Record
	for _, client := range []string{"acme", "globex", "initech", "hooli", "umbrella", "wayne"} {
		for i := range 30 {
			specs := []mentionSpec{noise[rng.IntN(len(noise))]}
			if rng.IntN(2) == 0 {
				specs = append(specs, noise[rng.IntN(len(noise))])
			}
			if (client == "acme" && i%2 == 0) || (client != "acme" && i == 7) {
				specs = append(specs, invoice)
			}
			if client != "acme" && i%6 == 3 {
				specs = append(specs, sso)
			}
			rec := needRecord(fmt.Sprintf("%s-%d", client, i), client, ckm.SourceCall, daysAgo(3*i), specs...)
			if rng.IntN(3) == 0 {
				rec = withEntity(rec, products[rng.IntN(len(products))], nlp.LabelProduct)
			}
			if client == "acme" && i%3 == 0 {
				rec = withEntity(rec, "SAP", nlp.LabelOrg)
			}
			recs = append(recs, rec)
		}
	}
	return recs
}

// keysOf lists the keys of ds.
func keysOf(ds []Distinct) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Key)
	}
	return out
}

func TestCompare(t *testing.T) {
	ix := newIndex(t, Config{})
	putAll(t, ix, compareCorpus(), 32)
	ctx := context.Background()

	acme, err := ix.Compare(ctx, CompareQuery{Client: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{invoice.key}, keysOf(acme.Themes)); diff != "" {
		t.Errorf("acme's distinct themes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"SAP"}, keysOf(acme.Entities)); diff != "" {
		t.Errorf("acme's distinct entities (-want +got):\n%s", diff)
	}
	if got := acme.Themes[0]; got.Count != 15 || got.Others != 5 || got.Label != invoice.theme || got.Q >= DefaultAlpha {
		t.Errorf("acme's invoice theme = %+v, want 15 mentions against 5, labelled %q, q < %g", got, invoice.theme, DefaultAlpha)
	}
	if acme.Documents != 30 || acme.OtherDocuments != 150 || acme.OtherClients != 5 {
		t.Errorf("exposures = %d, %d docs and %d other clients; want 30, 150 and 5", acme.Documents, acme.OtherDocuments, acme.OtherClients)
	}
	if len(acme.Missing) == 0 || acme.Missing[0].Key != sso.key || acme.Missing[0].Clients != 5 || acme.Missing[0].Others != 25 {
		t.Errorf("acme's missing themes = %+v, want SSO first, raised 25 times by 5 clients", acme.Missing)
	}
	for _, m := range acme.Missing[1:] {
		t.Errorf("acme never raised %q, but it did", m.Key)
	}

	for _, c := range []string{"globex", "initech", "hooli", "umbrella", "wayne"} {
		got, err := ix.Compare(ctx, CompareQuery{Client: c})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(got.Themes) + len(got.Cues) + len(got.Entities); n > 0 {
			t.Errorf("%s, all noise, has %d distinct features: themes %v, cues %v, entities %v", c, n, keysOf(got.Themes), keysOf(got.Cues), keysOf(got.Entities))
		}
		if got.Tested == 0 {
			t.Errorf("%s: nothing tested", c)
		}
	}
}

func TestCompareScope(t *testing.T) {
	ix := newIndex(t, Config{})
	putAll(t, ix, compareCorpus(), 32)
	ctx := context.Background()
	scope := []string{"acme", "globex"}
	got, err := ix.Compare(ctx, CompareQuery{Client: "acme", Clients: scope})
	if err != nil {
		t.Fatal(err)
	}
	if got.OtherClients != 1 || got.OtherDocuments != 30 {
		t.Errorf("in scope %v: %d other clients with %d documents, want 1 with 30", scope, got.OtherClients, got.OtherDocuments)
	}
	for _, m := range got.Missing {
		if m.Clients > 1 {
			t.Errorf("missing theme %q counted %d clients; only globex is in scope", m.Key, m.Clients)
		}
	}
	for _, q := range []CompareQuery{{Client: "initech", Clients: scope}, {Client: ""}} {
		if _, err := ix.Compare(ctx, q); !errors.Is(err, ErrNotFound) {
			t.Errorf("Compare(%q in %v): err = %v, want ErrNotFound", q.Client, q.Clients, err)
		}
	}
}

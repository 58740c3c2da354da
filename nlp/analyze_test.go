package nlp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

func TestAnalyzeContext(t *testing.T) {
	t.Parallel()
	a, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := a.Analyze(ctx, ckm.Document{ID: "x", Text: "We need SSO."}); !errors.Is(err, context.Canceled) {
		t.Errorf("Analyze with a cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestAnalyzeLanguages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		lang      string
		text      string
		want      Language
		sentences []Language
	}{
		{"mixed by sentence", "", "Precisamos de integração com o ERP. The export keeps crashing every night. Obrigado.",
			Portuguese, []Language{Portuguese, English, Portuguese}},
		{"caller wins for the document", "pt", "The export keeps crashing. Ok.",
			Portuguese, []Language{English, Portuguese}},
		{"unknown text", "", "4521 / 88-1200", Unknown, []Language{Unknown}},
		{"other language given", "es", "Necesitamos exportar.", "es", []Language{"es"}},
		{"empty", "", "", Unknown, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "id-1", Lang: tt.lang, Text: tt.text})
			if a.ID != "id-1" || a.Version != Version {
				t.Errorf("ID, Version = %q, %q; want id-1, %q", a.ID, a.Version, Version)
			}
			var got []Language
			for _, s := range a.Sentences {
				got = append(got, s.Language)
			}
			if a.Language != tt.want {
				t.Errorf("document language = %q, want %q", a.Language, tt.want)
			}
			if diff := cmp.Diff(tt.sentences, got); diff != "" {
				t.Errorf("sentence languages (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSentences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		turns []ckm.Turn
		want  []string
	}{
		{"portuguese titles", "Falei com a Dra. Ana e o Sr. João. Eles aprovaram.", nil,
			[]string{"Falei com a Dra. Ana e o Sr. João.", "Eles aprovaram."}},
		{"line breaks", "Hi team,\n\nThe export fails\nevery night.\n- item one\n- item two", nil,
			[]string{"Hi team,", "The export fails\nevery night.", "- item one", "- item two"}},
		{"turns end sentences", "Do you need it We need it", []ckm.Turn{{Start: 0, End: 15}, {Start: 15, End: 25}},
			[]string{"Do you need it", "We need it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := analyze(t, ckm.Document{ID: "t", Text: tt.text, Turns: tt.turns})
			var got []string
			for _, s := range a.Sentences {
				got = append(got, s.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("sentences (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTokensStemmedInSentenceLanguage(t *testing.T) {
	t.Parallel()
	a := analyze(t, ckm.Document{ID: "t", Text: "As exportações falham. The invoices are wrong."})
	stems := map[string]string{}
	for _, tok := range a.Tokens {
		stems[tok.Text] = tok.Stem
	}
	for word, want := range map[string]string{"exportações": Stem(Portuguese, "exportacao"), "invoices": "invoic", ".": ""} {
		if stems[word] != want {
			t.Errorf("stem of %q = %q, want %q", word, stems[word], want)
		}
	}
}

func TestAnalyzeConcurrent(t *testing.T) {
	t.Parallel()
	doc := ckm.Document{ID: "c", Text: "We need the project number on invoices. Precisamos de R$ 1.200,50 até 03/04/2026."}
	want := analyze(t, doc)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			got, err := Analyze(context.Background(), doc)
			if err != nil {
				t.Error(err)
				return
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("concurrent Analyze differs (-want +got):\n%s", diff)
			}
		})
	}
	wg.Wait()
}

// TestOpeningQuoteIsItsOwnToken checks that a straight quote opening a
// word is split from it (prose keeps it on "'single"), while the
// apostrophe of an elision or a contraction stays; and so are Markdown's
// emphasis marks ("**Describe", "considered**") and the period that ends
// a sentence after a short capitalised word ("do Pix."), but not a
// title's ("Dra.") or a month's before a number ("Oct. 14").
func TestOpeningQuoteIsItsOwnToken(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"I would like 'single sign-on' for our team.", "I|would|like|'|single|sign-on|'|for|our|team|."},
		{"O 'caixa' fecha às 18h.", "O|'|caixa|'|fecha|às|18h|."},
		{"Tell 'em we don't wait 'cause it's late.", "Tell|'em|we|do|n't|wait|'cause|it|'s|late|."},
		{"Music of the '90s, 'Hits'.", "Music|of|the|'90s|,|'|Hits|'|."},
		{"**Describe alternatives you've considered**", "**|Describe|alternatives|you've|considered|**"},
		{"Please describe.** Then *this* and **2FA**.", "Please|describe|.|**|Then|*|this|*|and|**|2FA|**|."},
		{"Preciso da conciliação do Pix. Obrigada, Dra. Ana.", "Preciso|da|conciliação|do|Pix|.|Obrigada|,|Dra.|Ana|."},
		{"Due Oct. 14 with the Pix.", "Due|Oct.|14|with|the|Pix|."},
	}
	for _, tt := range tests {
		a := analyze(t, ckm.Document{ID: "t", Text: tt.text})
		var got []string
		for _, tok := range a.Tokens {
			if tt.text[tok.Start:tok.End] != tok.Text {
				t.Errorf("token %q at [%d, %d) is %q in the text", tok.Text, tok.Start, tok.End, tt.text[tok.Start:tok.End])
			}
			got = append(got, tok.Text)
		}
		if diff := cmp.Diff(tt.want, strings.Join(got, "|")); diff != "" {
			t.Errorf("tokens of %q (-want +got):\n%s", tt.text, diff)
		}
	}
}

// TestSubjectThemes checks that a customer's need that names nothing takes
// the theme of the subject line, and what does not (denied needs aside).
func TestSubjectThemes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, subject, lang, text string
		want                      map[string]string // need text → theme label
	}{
		{"a question that names nothing", "Termos assinados em papel", "pt", "Tem algum jeito?",
			map[string]string{"Tem algum jeito?": "termos assinados em papel"}},
		{"a reply's prefix is not read", "RE: Lost notes when iPad connection drops", "en", "Is there something we're doing wrong?",
			map[string]string{"Is there something we're doing wrong?": "lost notes"}},
		{"no subject", "", "pt", "Tem algum jeito?",
			map[string]string{"Tem algum jeito?": ""}},
		{"a seed topic", "Audit log export", "en", "Is there any way to do that?",
			map[string]string{"Is there any way to do that?": "audit log export"}},
		{"a subject that names the conversation", "Re: Audit log export recap", "en", "Is there any way to do that?",
			map[string]string{"Is there any way to do that?": ""}},
		{"a sentence that also turns something down", "Online ticketing page", "en",
			"Happy to revisit next year if our customers start asking for it, but I wouldn't want to pay for it now.",
			map[string]string{"Happy to revisit next year if our customers start asking for it, but I wouldn't want to pay for it now.": ""}},
		{"a need that names its own theme keeps it", "Lost notes when iPad connection drops", "en", "Can we export the invoices to Xero?",
			map[string]string{"Can we export the invoices to Xero?": "Xero"}},
	}
	a, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := a.Analyze(context.Background(), ckm.Document{ID: "x", Source: "email", Subject: tt.subject, Lang: tt.lang, Text: tt.text})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, n := range res.Needs {
				if _, ok := tt.want[n.Text]; ok && !n.Negated {
					got[n.Text] = n.Theme
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("themes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSharesStem(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"renewal", "preview renew", true},
		{"assin papel term", "term", true},
		{"lost note", "xero", false},
		{"app", "approv", false}, // a stem under four letters begins nothing
	}
	for _, tt := range tests {
		if got := sharesStem(tt.a, tt.b); got != tt.want {
			t.Errorf("sharesStem(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

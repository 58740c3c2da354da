package nlp

import (
	"context"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// red is the part of a Redaction the table checks.
type red struct{ Kind, Original string }

func reds(rs []Redaction) []red {
	out := []red{}
	for _, r := range rs {
		out = append(out, red{r.Kind, r.Original})
	}
	return out
}

func TestRedactText(t *testing.T) {
	t.Parallel()
	r, err := NewRedactor(RedactConfig{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		text string
		want string
		reds []red
	}{
		{"email", "Write to Jo.Doe@Acme.com.br today.", "Write to [EMAIL] today.", []red{{PIIEmail, "Jo.Doe@Acme.com.br"}}},
		{"phones", "Call +1 (415) 555-0132, +44 20 7946 0958 or 415-555-0199.", "Call [PHONE], [PHONE] or [PHONE].",
			[]red{{PIIPhone, "+1 (415) 555-0132"}, {PIIPhone, "+44 20 7946 0958"}, {PIIPhone, "415-555-0199"}}},
		{"telefones", "Ligue (11) 98765-4321 ou +55 21 3456-7890.", "Ligue [PHONE] ou [PHONE].",
			[]red{{PIIPhone, "(11) 98765-4321"}, {PIIPhone, "+55 21 3456-7890"}}},
		{"cpf formatted and bare", "Meu CPF é 529.982.247-25, o dela 11144477735.", "Meu CPF é [CPF], o dela [CPF].",
			[]red{{PIICPF, "529.982.247-25"}, {PIICPF, "11144477735"}}},
		{"cpf with wrong check digits kept", "Protocolo 529.982.247-26.", "Protocolo 529.982.247-26.", []red{}},
		{"cnpj", "CNPJ 11.222.333/0001-81 e 11222333000181.", "CNPJ [CNPJ] e [CNPJ].",
			[]red{{PIICNPJ, "11.222.333/0001-81"}, {PIICNPJ, "11222333000181"}}},
		{"cards", "Card 4111 1111 1111 1111, amex 3782 822463 10005, 5500-0000-0000-0004.", "Card [CARD], amex [CARD], [CARD].",
			[]red{{PIICard, "4111 1111 1111 1111"}, {PIICard, "3782 822463 10005"}, {PIICard, "5500-0000-0000-0004"}}},
		{"card failing luhn kept", "Order 4111 1111 1111 1112 shipped.", "Order 4111 1111 1111 1112 shipped.", []red{}},
		{"iban", "Pay GB82 WEST 1234 5698 7654 32 or DE89370400440532013000 now.", "Pay [IBAN] or [IBAN] now.",
			[]red{{PIIIBAN, "GB82 WEST 1234 5698 7654 32"}, {PIIIBAN, "DE89370400440532013000"}}},
		{"iban brazil", "IBAN BR1800360305000010009795493C1.", "IBAN [IBAN].", []red{{PIIIBAN, "BR1800360305000010009795493C1"}}},
		{"iban failing mod 97 kept", "Ref GB82 WEST 1234 5698 7654 33.", "Ref GB82 WEST 1234 5698 7654 33.", []red{}},
		{"not personal", "Invoice #4521 for R$ 1.200,50 due 2026-03-04, 15% off.", "Invoice #4521 for R$ 1.200,50 due 2026-03-04, 15% off.", []red{}},
		{"redacted until nothing is left", "Ref +00000000 00 000 0000.", "Ref [PHONE] [PHONE].",
			[]red{{PIIPhone, "+00000000"}, {PIIPhone, "00 000 0000"}}},
		{"placeholders stay", "Sent to [EMAIL] and [CPF].", "Sent to [EMAIL] and [CPF].", []red{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, rs, err := r.Text(context.Background(), tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if diff := cmp.Diff(tt.reds, reds(rs)); diff != "" {
				t.Errorf("redactions differ (-want +got):\n%s", diff)
			}
			for _, x := range rs {
				if got[x.Start:x.End] != Placeholder(x.Kind) {
					t.Errorf("span %d..%d is %q, want %q", x.Start, x.End, got[x.Start:x.End], Placeholder(x.Kind))
				}
			}
		})
	}
}

func TestRedactKindsAndNames(t *testing.T) {
	t.Parallel()
	text := "Maria Silva asked us to mail maria@acme.com.br about CPF 529.982.247-25."
	tests := []struct {
		name string
		cfg  RedactConfig
		want string
	}{
		{"only email", RedactConfig{Kinds: []string{PIIEmail}}, "Maria Silva asked us to mail [EMAIL] about CPF 529.982.247-25."},
		{"names too", RedactConfig{Names: true}, "[PERSON] asked us to mail [EMAIL] about CPF [CPF]."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := NewRedactor(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := r.Text(context.Background(), text)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := NewRedactor(RedactConfig{Kinds: []string{"SSN"}}); err == nil || !strings.Contains(err.Error(), `unknown kind "SSN"`) {
		t.Errorf("NewRedactor with an unknown kind: err = %v", err)
	}
	if _, err := NewRedactor(RedactConfig{Key: []byte("short")}); err == nil {
		t.Error("NewRedactor with a 5-byte key: no error")
	}
}

// TestRedactNamesInTextLanguage checks that a field too short to tell its
// language (a signature) is read in the language of the document's text:
// undetermined alone, it would go to no tagger.
func TestRedactNamesInTextLanguage(t *testing.T) {
	t.Parallel()
	r, err := NewRedactor(RedactConfig{Names: true})
	if err != nil {
		t.Fatal(err)
	}
	doc := ckm.Document{ID: "d1", Text: "Bom dia,\n\nFomos cobrados duas vezes no cartão. Se isso continuar vamos avaliar outro fornecedor.",
		Meta: map[string]string{"signature": "--\nCarla Dias\nTel.: +55 21 3456-7890"}}
	got, err := r.Document(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	if want := "--\n[PERSON]\nTel.: [PHONE]"; got.Meta["signature"] != want {
		t.Errorf("signature = %q, want %q", got.Meta["signature"], want)
	}
}

// TestRedactedEntities checks that the analysis reads placeholders back as
// entities whose value is what entity:<kind> looks for.
func TestRedactedEntities(t *testing.T) {
	t.Parallel()
	a, err := Analyze(context.Background(), ckm.Document{ID: "1", Text: "Meu CPF é [CPF] e o e-mail [EMAIL]; cartão [CARD], ligue [PHONE]."})
	if err != nil {
		t.Fatal(err)
	}
	type ek struct{ Text, Label, Kind, Value string }
	var got []ek
	for _, e := range a.Entities {
		got = append(got, ek{e.Text, e.Label, e.Kind, e.Value})
	}
	want := []ek{
		{"[CPF]", LabelReference, KindCPF, "cpf"},
		{"[EMAIL]", LabelEmail, "", "email"},
		{"[CARD]", LabelReference, KindCard, "card"},
		{"[PHONE]", LabelPhone, "", "phone"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities differ (-want +got):\n%s", diff)
	}
}

func TestRedactDocument(t *testing.T) {
	t.Parallel()
	key := []byte(strings.Repeat("k", 32))
	r, err := NewRedactor(RedactConfig{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	text := "Ana: my email is ana@x.io\nAgent: noted, and the card 4111111111111111?\nAna: yes"
	doc := ckm.Document{ID: "d1", Subject: "Call ana@x.io", Text: text,
		Turns: linesAsTurns(text, "Ana", "Agent", "Ana"),
		Meta:  map[string]string{"email.from": "Ana <ana@x.io>", "signature": "Tel. +55 11 98765-4321"}}
	got, err := r.Document(context.Background(), doc)
	if err != nil {
		t.Fatal(err)
	}
	wantText := "Ana: my email is [EMAIL]\nAgent: noted, and the card [CARD]?\nAna: yes"
	if got.Text != wantText {
		t.Fatalf("text = %q, want %q", got.Text, wantText)
	}
	var lines []string
	for _, tu := range got.Turns {
		lines = append(lines, got.Text[tu.Start:tu.End])
	}
	if diff := cmp.Diff(strings.Split(wantText, "\n"), lines); diff != "" {
		t.Errorf("turns differ (-want +got):\n%s", diff)
	}
	wantMeta := map[string]string{"email.from": "Ana <[EMAIL]>", "signature": "Tel. [PHONE]", MetaRedacted: "CARD=1 EMAIL=3 PHONE=1"}
	sealed := got.Meta[MetaSealed]
	delete(got.Meta, MetaSealed)
	if diff := cmp.Diff(wantMeta, got.Meta); diff != "" {
		t.Errorf("meta differs (-want +got):\n%s", diff)
	}
	if got.Subject != "Call [EMAIL]" {
		t.Errorf("subject = %q", got.Subject)
	}
	for _, clear := range []string{"ana@x.io", "4111111111111111", "98765-4321"} {
		if strings.Contains(sealed, clear) {
			t.Errorf("sealed field holds %q in clear", clear)
		}
	}
	got.Meta[MetaSealed] = sealed
	again, err := r.Document(context.Background(), got)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, again); diff != "" {
		t.Errorf("redacting twice changed the document (-once +twice):\n%s", diff)
	}
	orig, err := Unseal(key, got)
	if err != nil {
		t.Fatal(err)
	}
	var originals []string
	for _, s := range orig {
		originals = append(originals, s.Field+"="+s.Original)
	}
	wantOrig := []string{"text=ana@x.io", "text=4111111111111111", "subject=ana@x.io", "meta.email.from=ana@x.io", "meta.signature=+55 11 98765-4321"}
	if diff := cmp.Diff(wantOrig, originals); diff != "" {
		t.Errorf("unsealed originals differ (-want +got):\n%s", diff)
	}
	if _, err := Unseal([]byte(strings.Repeat("x", 32)), got); err == nil {
		t.Error("Unseal with the wrong key: no error")
	}
}

// linesAsTurns returns a turn per line of text, of the given speakers.
func linesAsTurns(text string, speakers ...string) []ckm.Turn {
	var turns []ckm.Turn
	start := 0
	for i, line := range strings.Split(text, "\n") {
		turns = append(turns, ckm.Turn{Speaker: speakers[i], Start: start, End: start + len(line)})
		start += len(line) + 1
	}
	return turns
}

// FuzzRedact checks that redaction never panics, that redacting twice
// changes nothing and that every span holds its placeholder.
func FuzzRedact(f *testing.F) {
	f.Add("CPF 529.982.247-25, card 4111 1111 1111 1111, +55 11 98765-4321, a@b.co")
	f.Add("IBAN GB82 WEST 1234 5698 7654 32 and BR1800360305000010009795493C1 [CPF]")
	f.Add("\xff[EMAIL]@x.com 00000000000")
	r, err := NewRedactor(RedactConfig{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		once, rs, err := r.Text(context.Background(), text)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range rs {
			if x.Start < 0 || x.End > len(once) || once[x.Start:x.End] != Placeholder(x.Kind) {
				t.Fatalf("span %d..%d of %q is not the placeholder of %s", x.Start, x.End, once, x.Kind)
			}
		}
		twice, _, _ := r.Text(context.Background(), once)
		if twice != once {
			t.Fatalf("redacting twice: %q then %q", once, twice)
		}
	})
}

package nlp

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestContentWords checks that content words keep the word as written,
// with its concept stem, and that ContentStems is their stems, sorted.
func TestContentWords(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		text  string
		want  []ContentWord
		stems []string
	}{
		{
			text:  "Os clientes querem ver o portal de documentos.",
			want:  []ContentWord{{"portal", "portal", Portuguese}, {"documentos", "document", Portuguese}},
			stems: []string{"document", "portal"}, // clientes names who, not what (themewords.txt)
		},
		{
			text:  "Owen showed the spreadsheet finance uses to split costs by depot.",
			want:  []ContentWord{{"Owen", "owen", English}, {"spreadsheet", "spreadsheet", English}, {"finance", "financ", English}, {"split", "split", English}, {"costs", "cost", English}, {"depot", "depot", English}},
			stems: []string{"cost", "depot", "financ", "owen", "split", "spreadsheet"},
		},
		{
			// the kind of need and that it was written down name nothing
			text:  "What would you suggest as the least painful workaround to fix the vouchers?",
			want:  []ContentWord{{"vouchers", "voucher", English}},
			stems: []string{"voucher"},
		},
		{
			// doing, managing and preferring name nothing either
			text:  "Hey, we struggle to use it and still write the counts on a whiteboard.",
			want:  []ContentWord{{"counts", "count", English}, {"whiteboard", "whiteboard", English}},
			stems: []string{"count", "whiteboard"},
		},
		{
			text:  "Opa, consegui montar a escala, mas ela prefere algo parecido no celular.",
			want:  []ContentWord{{"escala", "escal", Portuguese}, {"celular", "phone", Portuguese}},
			stems: []string{"escal", "phone"},
		},
		{
			text:  "Registrei como sugestão de melhoria a solução para os cupons.",
			want:  []ContentWord{{"cupons", "cupom", Portuguese}},
			stems: []string{"cupom"},
		},
	} {
		if diff := cmp.Diff(tt.want, ContentWords(tt.text)); diff != "" {
			t.Errorf("ContentWords(%q) (-want +got):\n%s", tt.text, diff)
		}
		if diff := cmp.Diff(tt.stems, ContentStems(tt.text)); diff != "" {
			t.Errorf("ContentStems(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ckmhq/ckm"
	"github.com/google/go-cmp/cmp"
)

// TestBrazilianExcelCSV imports the export Brazilian Excel writes
// (testdata/excel/gen.go): a byte-order mark before Windows-1252 text,
// semicolons, CRLF, dd/mm/yyyy dates and Portuguese headers. Every row
// must arrive with its client, date (read in São Paulo time) and text.
func TestBrazilianExcelCSV(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("testdata", "excel", "chamados-excel-br.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Parse(b, "chamados-excel-br.csv", "", Config{Location: saoPaulo(t), Received: received})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	type row struct {
		Client, Subject, Text, At, Source, Status string
	}
	var got []row
	for _, p := range ps {
		d := p.Document
		got = append(got, row{d.Client, d.Subject, d.Text, datingOf(d).At, d.Meta[ckm.MetaAtSource], d.Meta["ticket.status"]})
		if d.Meta["encoding"] != "windows-1252" || d.Meta[MetaAtZone] != "America/Sao_Paulo" || d.Source != ckm.SourceTicket {
			t.Errorf("%s: encoding %q, zone %q, source %q", d.Subject, d.Meta["encoding"], d.Meta[MetaAtZone], d.Source)
		}
	}
	want := []row{
		{"mercy ridge saúde", "Exportação de faturas", "Precisamos exportar as faturas com o número do pedido; hoje copiamos tudo à mão.", "2026-08-06T18:02:00Z", AtField, "Aberto"},
		{"padaria são joão", "Relatório de custos", "O relatório mensal não mostra o centro de custo.\nO diretor financeiro quer isso até o fim do mês.", "2026-07-25T12:30:00Z", AtField, "Pendente"},
		{"mercy ridge saúde", "Login – erro", "Ao entrar pelo celular aparece “sessão expirada” toda hora.", "2026-08-01T03:00:00Z", AtField, "Aberto"},
		{"construtora ômega", "Integração", "Gostaríamos de integrar com o SAP até dezembro.", "2026-07-13T20:45:00Z", AtField, "Novo"},
		{"padaria são joão", "Permissões", "Precisamos que o gestor aprove as férias antes do RH.", "2026-08-02T11:05:00Z", AtField, "Resolvido"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestCSVShapes covers the delimiters, date orders and column names
// people's exports use, and the files that must be refused with a message
// that says what was found and which flag fixes it.
func TestCSVShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		cfg     Config
		want    []string // client|at|text of each document
		wantErr []string // substrings of the error
	}{
		{name: "tabs, month first from the values",
			body: "Company\tCreated\tDescription\nGlobex\t08/25/2026 10:00\tWe need SSO.\nInitech\t08/01/2026\tExports time out.\n",
			want: []string{"globex|2026-08-25T10:00:00Z|We need SSO.", "initech|2026-08-01T00:00:00Z|Exports time out."}},
		{name: "excel sep= line and commas in text",
			body: "sep=;\nCliente;Data;Mensagem\nGlobex;13/08/2026;Precisamos de SSO, MFA e auditoria.\n",
			want: []string{"globex|2026-08-13T00:00:00Z|Precisamos de SSO, MFA e auditoria."}},
		{name: "every date reads both ways: refused",
			body:    "Organização;Data de criação;Descrição\nGlobex;06/08/2026;Precisamos de SSO.\nInitech;07/08/2026;Precisamos de MFA.\n",
			wantErr: []string{`"Data de criação"`, "--date-format dd/mm/yyyy or mm/dd/yyyy", "06/08/2026"}},
		{name: "every date reads both ways: --date-format decides",
			body: "Organização;Data de criação;Descrição\nGlobex;06/08/2026;Precisamos de SSO.\n",
			cfg:  Config{DateOrder: MonthFirst},
			want: []string{"globex|2026-06-08T00:00:00Z|Precisamos de SSO."}},
		{name: "day first and month first mixed: refused",
			body:    "client,date,text\na,25/08/2026,x\nb,08/25/2026,y\n",
			wantErr: []string{"mixes day-first", "--date-format"}},
		{name: "no text column: the columns found and --csv-map",
			body:    "Cliente;Quando;Relato do cliente\nGlobex;2026-08-06;Precisamos de SSO.\n",
			wantErr: []string{`"Cliente", "Quando", "Relato do cliente"`, "--csv-map text=COLUMN"}},
		{name: "--csv-map names the columns",
			body: "Cliente;Quando;Relato do cliente\nGlobex;2026-08-06;Precisamos de SSO.\n",
			cfg:  Config{Columns: map[string]string{"text": "Relato do cliente", "at": "quando"}},
			want: []string{"globex|2026-08-06T00:00:00Z|Precisamos de SSO."}},
		{name: "--csv-map names a column that is not there",
			body:    "Cliente;Relato\nGlobex;Precisamos de SSO.\n",
			cfg:     Config{Columns: map[string]string{"text": "Descrição"}},
			wantErr: []string{"--csv-map text=Descrição: no such column", `"Cliente", "Relato"`}},
		{name: "channel names become sources",
			body: "Assunto,Descrição,Canal\nSSO,Precisamos de SSO.,Telefone\n",
			want: []string{"|2026-09-01T12:00:00Z|Precisamos de SSO."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.cfg.Received = received
			ps, err := Parse([]byte(tt.body), "export.csv", "", tt.cfg)
			var got []string
			for _, p := range ps {
				d := p.Document
				got = append(got, d.Client+"|"+datingOf(d).At+"|"+d.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			if len(tt.wantErr) > 0 && (err == nil || !errors.Is(err, ErrMalformed)) {
				t.Fatalf("error %v, want ErrMalformed", err)
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
			if len(tt.wantErr) == 0 && err != nil {
				t.Errorf("error %v", err)
			}
		})
	}
}

// TestCSVChannelSource checks that a help desk's channel names map to
// sources and unknown ones leave the ticket default.
func TestCSVChannelSource(t *testing.T) {
	t.Parallel()
	body := "Assunto,Descrição,Canal\na,Precisamos de SSO.,Telefone\nb,Precisamos de MFA.,E-mail\nc,Precisamos de PDF.,Balcão\n"
	ps, err := Parse([]byte(body), "x.csv", "", Config{Received: received})
	if err != nil {
		t.Fatal(err)
	}
	var got []ckm.Source
	for _, p := range ps {
		got = append(got, p.Document.Source)
	}
	if diff := cmp.Diff([]ckm.Source{ckm.SourceCall, ckm.SourceEmail, ckm.SourceTicket}, got); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

// TestLegacyEncodings checks that text in the encodings spreadsheets and
// old tools write arrives as UTF-8.
func TestLegacyEncodings(t *testing.T) {
	t.Parallel()
	utf16le := []byte{0xff, 0xfe}
	for _, r := range "text\nAção\n" {
		utf16le = append(utf16le, byte(r), byte(r>>8))
	}
	tests := []struct {
		name, in, want, enc string
	}{
		{"windows-1252 quotes", "text\nA \x93a\xe7\xe3o\x94 do cliente\n", "A “ação” do cliente", "windows-1252"},
		{"iso-8859-1", "text\nA\xe7\xe3o\n", "Ação", "iso-8859-1"},
		{"utf-8 bom", "\ufefftext\nAção\n", "Ação", ""},
		{"utf-16le bom", string(utf16le), "Ação", "utf-16le"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ps, err := Parse([]byte(tt.in), "x.csv", "", Config{Received: received})
			if err != nil || len(ps) != 1 {
				t.Fatalf("Parse: %d documents, %v", len(ps), err)
			}
			if d := ps[0].Document; d.Text != tt.want || d.Meta["encoding"] != tt.enc {
				t.Errorf("text %q encoding %q, want %q %q", d.Text, d.Meta["encoding"], tt.want, tt.enc)
			}
		})
	}
}

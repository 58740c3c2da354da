package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ckmhq/ckm"
)

// csvFields are the document fields a CSV column can fill, in the order
// error messages list them.
var csvFields = []string{"text", "subject", "client", "at", "id", "requester", "tags", "source", "status", "priority"}

// csvNames are the usual header names of each field in English and
// Portuguese, lowercase and without accents (see fold): what help desks
// (Zendesk, Freshdesk, Jira, Movidesk, Octadesk, Excel sheets) write.
var csvNames = map[string][]string{
	"id": {"id", "ticket id", "ticket_id", "ticket", "ticket #", "ticket number", "key", "number", "case number",
		"case id", "issue key", "id do ticket", "numero", "n", "no", "n.o", "nº", "protocolo", "chamado", "codigo"},
	"client": {"client", "company", "organization", "organisation", "account", "customer", "account name",
		"company name", "organization name", "organizacao", "empresa", "cliente", "conta", "nome da empresa"},
	"subject": {"subject", "title", "summary", "assunto", "titulo", "resumo"},
	"text": {"text", "body", "description", "content", "message", "comment", "comments", "transcript", "notes",
		"details", "descricao", "mensagem", "conteudo", "texto", "comentario", "comentarios", "detalhes",
		"observacoes", "problema", "relato"},
	"at": {"at", "created_at", "created", "created at", "date", "timestamp", "date created", "created date",
		"creation date", "opened", "opened at", "submitted", "submitted at", "date/time", "data", "data de criacao",
		"criado em", "data de abertura", "aberto em", "aberta em", "data/hora", "data e hora", "data da chamada"},
	"requester": {"requester", "requester email", "requester name", "email", "e-mail", "from", "reporter", "contact",
		"solicitante", "requerente", "e-mail do solicitante", "email do solicitante", "contato", "autor"},
	"tags":     {"tags", "labels", "etiquetas", "marcadores"},
	"source":   {"source", "channel", "canal", "origem"},
	"status":   {"status", "state", "estado", "situacao"},
	"priority": {"priority", "prioridade", "urgency", "urgencia"},
}

// ParseColumns reads a column mapping as users write it,
// "text=Descrição,subject=Assunto,client=Organização,at=Data de criação",
// into Config.Columns (field → header name). Config.Validate checks the
// fields.
func ParseColumns(s string) (map[string]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	m := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		field, header, ok := strings.Cut(pair, "=")
		field, header = strings.ToLower(strings.TrimSpace(field)), strings.TrimSpace(header)
		if !ok || field == "" || header == "" {
			return nil, fmt.Errorf("ingest: columns %q: want field=header pairs separated by commas", pair)
		}
		m[field] = header
	}
	return m, nil
}

// channelSources maps the channel names of help desks to sources.
var channelSources = map[string]ckm.Source{
	"email": ckm.SourceEmail, "e-mail": ckm.SourceEmail, "mail": ckm.SourceEmail,
	"phone": ckm.SourceCall, "call": ckm.SourceCall, "voice": ckm.SourceCall, "telefone": ckm.SourceCall,
	"ligacao": ckm.SourceCall, "telefonema": ckm.SourceCall,
	"chat": ckm.SourceChat, "whatsapp": ckm.SourceChat, "messaging": ckm.SourceChat,
	"web": ckm.SourceTicket, "portal": ckm.SourceTicket, "form": ckm.SourceTicket, "formulario": ckm.SourceTicket,
	"ticket": ckm.SourceTicket, "api": ckm.SourceTicket,
	"note": ckm.SourceNote, "nota": ckm.SourceNote, "review": ckm.SourceReview, "avaliacao": ckm.SourceReview,
}

// ParseCSV reads a CSV export with a header row, as spreadsheets and help
// desks write it: the delimiter (comma, semicolon, tab or an Excel
// "sep=" line) is detected, a byte-order mark dropped, and columns found
// by cfg.Columns (field → header name) or else by their usual names in
// English and Portuguese; a text column is required. The dates of the
// "at" column are read day first or month first as cfg.DateOrder says,
// or as the file's values show (a day over 12); a file whose dates never
// tell is refused. Each row is a document (a ticket unless a source
// column says otherwise); rows that fail are reported in the joined error
// as "row N: ...".
func ParseCSV(b []byte, cfg Config) ([]Parsed, error) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	comma, b := csvDelimiter(b)
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = comma
	r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = -1, true, false
	header, err := r.Read()
	if err != nil {
		return nil, malformed("csv: header: %v", err)
	}
	col, err := csvColumns(header, cfg.Columns)
	if err != nil {
		return nil, err
	}
	var recs [][]string
	var errs []error
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("row %d: %w", row, malformed("%v", err)))
			break
		}
		if len(recs)+len(errs) >= maxTickets {
			errs = append(errs, malformed("csv: more than %d rows", maxTickets))
			break
		}
		recs = append(recs, rec)
	}
	if i, ok := col["at"]; ok {
		if cfg.DateOrder, err = csvDateOrder(recs, i, header[i], cfg.DateOrder); err != nil {
			return nil, err
		}
	}
	var out []Parsed
	for n, rec := range recs {
		if isBlank(rec) {
			continue
		}
		p, err := csvRow(rec, col, cfg)
		if err != nil {
			errs = append(errs, fmt.Errorf("row %d: %w", n+2, err))
			continue
		}
		out = append(out, p)
	}
	return out, joinItems(errs)
}

// csvDelimiter picks the delimiter that splits the first lines into the
// same number of fields, more than one; an Excel "sep=;" first line names
// it and is dropped.
func csvDelimiter(b []byte) (rune, []byte) {
	if line, rest, ok := bytes.Cut(b, []byte("\n")); ok && bytes.HasPrefix(line, []byte("sep=")) {
		if l := bytes.TrimRight(line, "\r"); len(l) == 5 {
			return rune(l[4]), rest
		}
	}
	head := b[:min(len(b), 64<<10)]
	best, bestScore := ',', -1
	for _, c := range []rune{',', ';', '\t', '|'} {
		r := csv.NewReader(bytes.NewReader(head))
		r.Comma, r.FieldsPerRecord, r.LazyQuotes = c, -1, true
		hdr, err := r.Read()
		if err != nil || len(hdr) < 2 {
			continue
		}
		score := 1
		for i := 0; i < 20; i++ {
			rec, err := r.Read()
			if err != nil {
				break
			}
			if len(rec) == len(hdr) {
				score += 2
			} else if !isBlank(rec) {
				score--
			}
		}
		if score > bestScore || score == bestScore && c == ',' {
			best, bestScore = c, score
		}
	}
	return best, b
}

func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvColumns finds the column of each field: by mapping (field → header
// name) first, then by the usual names. A mapped column that is not in
// the header, or no text column, is an error that lists the columns.
func csvColumns(header []string, mapping map[string]string) (map[string]int, error) {
	col := map[string]int{}
	folded := make([]string, len(header))
	for i, h := range header {
		folded[i] = fold(strings.Trim(strings.TrimSpace(h), "\"'\ufeff"))
	}
	for field, name := range mapping {
		want := fold(strings.TrimSpace(name))
		for i, h := range folded {
			if h == want {
				col[field] = i
				break
			}
		}
		if _, ok := col[field]; !ok {
			return nil, malformed("csv: --csv-map %s=%s: no such column; the columns are %s", field, name, quoteList(header))
		}
	}
	for _, field := range csvFields {
		if _, done := col[field]; done {
			continue
		}
		for _, n := range csvNames[field] {
			if i := indexOf(folded, n); i >= 0 && !taken(col, i) {
				col[field] = i
				break
			}
		}
	}
	if _, ok := col["text"]; !ok {
		return nil, malformed("csv: no text column among the %d columns found: %s; name the one that holds the text with --csv-map text=COLUMN (and subject=, client=, at= likewise)",
			len(header), quoteList(header))
	}
	return col, nil
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func taken(col map[string]int, i int) bool {
	for _, j := range col {
		if j == i {
			return true
		}
	}
	return false
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// csvDateOrder decides how the numeric dates of column i read: as order
// when it is set, else as the values show. A column with days over 12 in
// both places, or whose dates could all be read either way, is an error
// naming --date-format.
func csvDateOrder(recs [][]string, i int, name string, order DateOrder) (DateOrder, error) {
	if order != DateAuto {
		return order, nil
	}
	var dayFirst, monthFirst, either string
	for _, rec := range recs {
		if i >= len(rec) {
			continue
		}
		v := strings.TrimSpace(rec[i])
		m := numDate.FindStringSubmatch(v)
		if m == nil || !strings.HasPrefix(v, m[1]) {
			continue
		}
		a, b := atoi(m[1]), atoi(m[2])
		switch {
		case a > 12 && b <= 12:
			dayFirst = cmpOr(dayFirst, v)
		case b > 12 && a <= 12:
			monthFirst = cmpOr(monthFirst, v)
		case a != b:
			either = cmpOr(either, v)
		}
	}
	switch {
	case dayFirst != "" && monthFirst != "":
		return DateAuto, malformed("csv: column %q mixes day-first (%q) and month-first (%q) dates; say which with --date-format dd/mm/yyyy or mm/dd/yyyy", name, dayFirst, monthFirst)
	case dayFirst != "":
		return DayFirst, nil
	case monthFirst != "":
		return MonthFirst, nil
	case either != "":
		return DateAuto, malformed("csv: the dates of column %q read either day first or month first (%q); say which with --date-format dd/mm/yyyy or mm/dd/yyyy", name, either)
	}
	return DayFirst, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func csvRow(rec []string, col map[string]int, cfg Config) (Parsed, error) {
	get := func(f string) string {
		if i, ok := col[f]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	p := Parsed{Format: FormatCSV}
	body := get("text")
	if looksHTML.MatchString(body) {
		body = HTMLText([]byte(body))
	}
	kept, st := Strip(body)
	d := &p.Document
	d.Text, p.Stripped = kept, st
	if id := get("id"); id != "" {
		d.ID = "ticket:" + truncate(id, ckm.MaxFieldBytes-8)
	}
	d.Client, d.Subject = truncate(get("client"), ckm.MaxFieldBytes), truncate(get("subject"), ckm.MaxFieldBytes)
	channel := get("source")
	d.Source = channelSources[fold(channel)]
	p.Headers = map[string]string{"requester": get("requester"), "tags": get("tags"), "status": get("status"),
		"priority": get("priority"), "channel": channel}
	d.Meta = map[string]string{}
	for k, v := range p.Headers {
		d.Meta["ticket."+k] = v
	}
	if v := get("at"); v != "" {
		if w, ok := readWhen(v, cfg.DateOrder); ok {
			setAt(d, w, cfg, AtField)
		} else {
			d.Meta["ticket.at_unread"] = v
		}
	}
	for _, s := range st {
		d.Meta["stripped."+s.Kind] = s.Text
	}
	return p, wrapf0(finish(&p, cfg, ckm.SourceTicket), "csv")
}

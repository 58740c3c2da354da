package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ckmhq/ckm/index"
)

// sqlProc is one long-lived sqlite3 or psql process reading SQL on its
// stdin. Its stdout and stderr share one pipe, so an error appears in
// order with the results; every call ends its SQL with a sentinel SELECT
// whose output line marks the end of the answer.
type sqlProc struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
	r   *os.File
}

const sentinel = "__ckm_end__"

var (
	sqlError  = regexp.MustCompile(`^(Parse error|Runtime error|Error:|psql:[^ ]*: (ERROR|FATAL):|(ERROR|FATAL):)`)
	sqlNotice = regexp.MustCompile(`^(psql:[^ ]*: )?(NOTICE|WARNING|DETAIL|HINT|LINE \d+):`)
)

func startSQL(name string, args ...string) (*sqlProc, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("bench: %s: %w", name, err)
	}
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = w, w
	in, err := cmd.StdinPipe()
	if err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("bench: %s: %w", name, err)
	}
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("bench: %s: %w", name, err)
	}
	w.Close()
	return &sqlProc{cmd: cmd, in: in, out: bufio.NewReaderSize(r, 1<<16), r: r}, nil
}

// exec sends sql (complete statements) and returns the lines of output
// before the sentinel. Any error line fails the call.
func (p *sqlProc) exec(sql string) ([]string, error) {
	if _, err := io.WriteString(p.in, sql+"\nSELECT '"+sentinel+"';\n"); err != nil {
		return nil, fmt.Errorf("bench: sql: write: %w", err)
	}
	return p.read()
}

func (p *sqlProc) read() ([]string, error) {
	var lines []string
	var errs []string
	for {
		line, err := p.out.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("bench: sql: read: %w (after %q)", err, strings.Join(append(lines, errs...), "\n"))
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == sentinel:
			if len(errs) > 0 {
				return nil, fmt.Errorf("bench: sql: %s", strings.Join(errs, "; "))
			}
			return lines, nil
		case sqlError.MatchString(line):
			errs = append(errs, line)
		case sqlNotice.MatchString(line):
			// psql's notices (a word too long to index, a stop-word-only
			// query) are not results.
		default:
			lines = append(lines, line)
		}
	}
}

func (p *sqlProc) close() error {
	p.in.Close()
	err := p.cmd.Wait()
	p.r.Close()
	return err
}

// EnsureCommand reports whether the command name is on PATH, and when it
// is not and this process runs as root with apt-get available, installs
// Debian's package pkg first. It returns why the command is unavailable.
func EnsureCommand(name, pkg string) error {
	if _, err := exec.LookPath(name); err == nil {
		return nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil || os.Geteuid() != 0 {
		return fmt.Errorf("%s is not installed (apt-get install %s)", name, pkg)
	}
	fmt.Fprintf(os.Stderr, "bench: installing %s with apt-get\n", pkg)
	cmd := exec.Command("apt-get", "install", "-y", "-q", pkg)
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s is not installed and apt-get install %s failed: %v: %s", name, pkg, err, lastLines(out, 3))
	}
	if _, err := exec.LookPath(name); err != nil {
		return fmt.Errorf("%s is still not on PATH after apt-get install %s", name, pkg)
	}
	return nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " / ")
}

// fts5 is SQLite FTS5 driven through one sqlite3 process.
type fts5 struct {
	p    *sqlProc
	path string
}

// OpenFTS5 loads recs' documents into an FTS5 table (porter stemmer over
// unicode61 with diacritics removed, subject and text indexed, id, client
// and source stored) in a new database under dir, in one transaction, and
// returns it as a Searcher with its build time and file size. It needs the
// sqlite3 command (Debian's sqlite3 package).
func OpenFTS5(ctx context.Context, dir string, recs []index.Record) (Searcher, time.Duration, int64, error) {
	if err := EnsureCommand("sqlite3", "sqlite3"); err != nil {
		return nil, 0, 0, err
	}
	path := filepath.Join(dir, "fts5.db")
	p, err := startSQL("sqlite3", "-batch", path)
	if err != nil {
		return nil, 0, 0, err
	}
	start := time.Now()
	if _, err := p.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, client UNINDEXED, source UNINDEXED, subject, text, tokenize='porter unicode61 remove_diacritics 2');"); err != nil {
		p.close()
		return nil, 0, 0, err
	}
	err = loadChunks(p, "BEGIN;", "COMMIT;", recs, fts5Row)
	if err != nil {
		p.close()
		return nil, 0, 0, err
	}
	build := time.Since(start)
	fi, err := os.Stat(path)
	if err != nil {
		p.close()
		return nil, 0, 0, fmt.Errorf("bench: fts5: %w", err)
	}
	return &fts5{p: p, path: path}, build, fi.Size(), nil
}

// ReopenFTS5 opens the FTS5 database that OpenFTS5 built at path, without
// loading anything.
func ReopenFTS5(path string) (Searcher, error) {
	if err := EnsureCommand("sqlite3", "sqlite3"); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("bench: fts5: %w", err)
	}
	p, err := startSQL("sqlite3", "-batch", path)
	if err != nil {
		return nil, err
	}
	return &fts5{p: p, path: path}, nil
}

// fts5Row writes the INSERT of r's document into the FTS5 table.
func fts5Row(b *strings.Builder, r index.Record) {
	d := r.Document
	fmt.Fprintf(b, "INSERT INTO docs VALUES(%s,%s,%s,%s,%s);\n", sqlQuote(d.ID), sqlQuote(d.Client), sqlQuote(string(d.Source)), sqlQuote(d.Subject), sqlQuote(d.Text))
}

// loadChunks sends begin, then the rows written by row in pieces of 1000,
// then end, each piece waited for.
func loadChunks(p *sqlProc, begin, end string, recs []index.Record, row func(*strings.Builder, index.Record)) error {
	if _, err := p.exec(begin); err != nil {
		return err
	}
	for lo := 0; lo < len(recs); lo += 1000 {
		var b strings.Builder
		for _, r := range recs[lo:min(lo+1000, len(recs))] {
			row(&b, r)
		}
		if _, err := p.exec(b.String()); err != nil {
			return err
		}
	}
	_, err := p.exec(end)
	return err
}

// Search asks for the ids of the top 10 by bm25 and the number of matches.
func (f *fts5) Search(_ context.Context, q Query) (int, error) {
	m := sqlQuote(ftsMatch(q))
	sql := fmt.Sprintf("SELECT id, (SELECT count(*) FROM docs WHERE docs MATCH %s%s) FROM docs WHERE docs MATCH %s%s ORDER BY bm25(docs) LIMIT 10;", m, sqlFilters(q), m, sqlFilters(q))
	return countOf(f.p.exec(sql))
}

func (f *fts5) Close() error { return f.p.close() }

// countOf reads the total from "id|total" lines; no line means no match.
func countOf(lines []string, err error) (int, error) {
	if err != nil || len(lines) == 0 {
		return 0, err
	}
	_, n, ok := strings.Cut(lines[0], "|")
	if !ok {
		return 0, fmt.Errorf("bench: sql: unexpected line %q", lines[0])
	}
	return strconv.Atoi(n)
}

// postgres is PostgreSQL full-text search in a private database, driven
// through one psql process.
type postgres struct {
	p      *sqlProc
	conn   string
	dbname string
}

// OpenPostgres creates a private database on the server that conn (a
// libpq connection string without dbname, such as "host=127.0.0.1
// user=postgres") reaches, loads recs' documents into a table with a
// stored tsvector column (to_tsvector('english', subject || ' ' || text))
// with COPY, builds a GIN index on it, and returns it as a Searcher with
// its build time and the table's total size (heap, TOAST and indexes).
// Close drops the database. It needs the psql command.
func OpenPostgres(ctx context.Context, conn string, recs []index.Record) (Searcher, time.Duration, int64, error) {
	if err := EnsureCommand("psql", "postgresql-client"); err != nil {
		return nil, 0, 0, err
	}
	pg := &postgres{conn: conn, dbname: fmt.Sprintf("ckm_bench_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)}
	if err := pg.admin("CREATE DATABASE " + pg.dbname); err != nil {
		return nil, 0, 0, err
	}
	p, err := startSQL("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=0", conn+" dbname="+pg.dbname)
	if err != nil {
		pg.admin("DROP DATABASE IF EXISTS " + pg.dbname)
		return nil, 0, 0, err
	}
	pg.p = p
	build, size, err := pg.load(recs)
	if err != nil {
		pg.Close()
		return nil, 0, 0, err
	}
	return pg, build, size, nil
}

// admin runs one statement in the server's postgres database.
func (pg *postgres) admin(sql string) error {
	out, err := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, pg.conn+" dbname=postgres connect_timeout=5").CombinedOutput()
	if err != nil {
		return fmt.Errorf("bench: postgres: %s: %v: %s", sql, err, strings.TrimSpace(string(out)))
	}
	return nil
}

func (pg *postgres) load(recs []index.Record) (time.Duration, int64, error) {
	start := time.Now()
	if _, err := pg.p.exec(`CREATE TABLE docs (id text, client text, source text, subject text, body text,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(subject, '') || ' ' || body)) STORED);`); err != nil {
		return 0, 0, err
	}
	var b strings.Builder
	b.WriteString("COPY docs (id, client, source, subject, body) FROM STDIN WITH (FORMAT csv);\n")
	for _, r := range recs {
		d := r.Document
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", csvQuote(d.ID), csvQuote(d.Client), csvQuote(string(d.Source)), csvQuote(d.Subject), csvQuote(d.Text))
	}
	b.WriteString("\\.\n")
	if _, err := pg.p.exec(b.String() + "CREATE INDEX docs_tsv ON docs USING gin (tsv);\nANALYZE docs;"); err != nil {
		return 0, 0, err
	}
	build := time.Since(start)
	lines, err := pg.p.exec("SELECT pg_total_relation_size('docs');")
	if err != nil {
		return 0, 0, err
	}
	if len(lines) != 1 {
		return 0, 0, fmt.Errorf("bench: postgres: size: %q", lines)
	}
	size, err := strconv.ParseInt(lines[0], 10, 64)
	return build, size, err
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Search asks for the ids of the top 10 by ts_rank and the number of
// matches (count(*) OVER ()).
func (pg *postgres) Search(_ context.Context, q Query) (int, error) {
	fn := "plainto_tsquery"
	if q.Phrase {
		fn = "phraseto_tsquery"
	}
	sql := fmt.Sprintf("SELECT id, count(*) OVER () FROM docs, %s('english', %s) q WHERE tsv @@ q%s ORDER BY ts_rank(tsv, q) DESC LIMIT 10;", fn, sqlQuote(q.Words), sqlFilters(q))
	return countOf(pg.p.exec(sql))
}

// Close ends psql and drops the private database.
func (pg *postgres) Close() error {
	var err error
	if pg.p != nil {
		err = pg.p.close()
	}
	return errors.Join(err, pg.admin("DROP DATABASE IF EXISTS "+pg.dbname+" WITH (FORCE)"))
}

// PostgresReachable reports why the server conn names cannot be used, or
// nil when it answers.
func PostgresReachable(conn string) error {
	if err := EnsureCommand("psql", "postgresql-client"); err != nil {
		return err
	}
	out, err := exec.Command("psql", "-X", "-q", "-A", "-t", "-c", "SELECT 1", conn+" dbname=postgres connect_timeout=3").CombinedOutput()
	if err != nil {
		return fmt.Errorf("no PostgreSQL server answers at %q: %s", conn, strings.TrimSpace(string(out)))
	}
	return nil
}

// DefaultPostgres is the connection string of the local PostgreSQL server
// the report uses unless told otherwise.
const DefaultPostgres = "host=127.0.0.1 port=5432 user=postgres"

// AppendFTS5 loads recs' documents into the FTS5 table of s, a Searcher
// from OpenFTS5, in one transaction, and returns how long that took and
// the database's file size after it.
func AppendFTS5(s Searcher, recs []index.Record) (time.Duration, int64, error) {
	f, ok := s.(*fts5)
	if !ok {
		return 0, 0, fmt.Errorf("bench: fts5: append to a %T", s)
	}
	start := time.Now()
	if err := loadChunks(f.p, "BEGIN;", "COMMIT;", recs, fts5Row); err != nil {
		return 0, 0, err
	}
	took := time.Since(start)
	fi, err := os.Stat(f.path)
	if err != nil {
		return 0, 0, fmt.Errorf("bench: fts5: %w", err)
	}
	return took, fi.Size(), nil
}

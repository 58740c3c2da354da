package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/queues"
	"github.com/hibiken/asynq"
)

// importRejection is one file, or one item of a file, that was not
// imported, and why.
type importRejection struct {
	file   string
	reason string
}

// importStats is what an import did so far.
type importStats struct {
	files, done          int // files found, files read
	imported, duplicates int // documents
	sent                 []queues.Enqueued
	rejected             []importRejection
	dates                dateCounts
}

func runImport(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("import", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm import [flags] PATH...\n\nImports files and folders of email (.eml, mbox), transcripts (WebVTT, SRT, JSON turns,\nspeaker-labelled text) and ticket exports (JSON, CSV). Each file's format is detected from\nits content. Client and source come from the file where its format carries them, else\nfrom --client and --source. Each document's date comes from its format's fields, its header\nor NOTE lines, its file name, --at, or else the time of the import. Ends with what was\nimported, skipped as duplicate and rejected, and where the dates came from.")
		fs.PrintDefaults()
	}
	client := fs.String("client", "", "client of documents whose format does not name one")
	source := fs.String("source", "", "source of every document: call, email, ticket, note, chat or review (default: from the format)")
	domains := fs.String("company-domains", e.getenv("CKM_COMPANY_DOMAINS"), "comma-separated email `domains` of your company, for mail direction (CKM_COMPANY_DOMAINS)")
	wait := fs.Bool("wait", false, "wait until every document is indexed or has failed")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up waiting after this long")
	queue := fs.String("queue", queues.QueueBatch, "queue: critical, default or batch")
	maxSize := fs.Int64("max-size", ingest.MaxInputBytes, "reject files over this many `bytes` without reading them")
	dates := addDateFlags(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if _, ok := queues.Priorities[*queue]; !ok {
		return fmt.Errorf("import: unknown queue %q: want critical, default or batch", *queue)
	}
	if s := ckm.Source(*source); !s.Valid() {
		return fmt.Errorf("import: unknown source %q", *source)
	}
	cfg := ingest.Config{Client: *client, Source: ckm.Source(*source)}
	for _, d := range strings.Split(*domains, ",") {
		if d = strings.TrimSpace(d); d != "" {
			cfg.CompanyDomains = append(cfg.CompanyDomains, strings.ToLower(d))
		}
	}
	if err := dates.apply(&cfg, time.Now()); err != nil {
		return err
	}
	qc, err := c.queueClient()
	if err != nil {
		return err
	}
	defer qc.Close()
	if err := qc.Ping(); err != nil {
		return fmt.Errorf("import: is Redis running at %s? %w", c.redisAddr, err)
	}

	start := time.Now()
	st := &importStats{}
	files, walkErrs := collectFiles(fs.Args())
	st.rejected = append(st.rejected, walkErrs...)
	st.files = len(files)
	bar := newProgress(e.stderr, st.files, start)
	imp := importer{q: qc, cfg: cfg, opt: asynq.Queue(*queue), maxSize: min(*maxSize, ingest.MaxInputBytes)}
	for _, f := range files {
		if err := imp.file(ctx, f, st); err != nil {
			bar.finish()
			return fmt.Errorf("import: %s: %w", f, err)
		}
		st.done++
		bar.update(st)
	}
	bar.finish()
	return reportImport(ctx, e, qc, st, start, *wait, *timeout)
}

// collectFiles expands folders into their regular files (hidden ones
// skipped), in walk order; paths that cannot be read are rejections.
func collectFiles(paths []string) ([]string, []importRejection) {
	var files []string
	var bad []importRejection
	for _, root := range paths {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				bad = append(bad, importRejection{path, err.Error()})
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			bad = append(bad, importRejection{root, err.Error()})
		}
	}
	return files, bad
}

// importer parses files and enqueues their documents.
type importer struct {
	q       *queues.Client
	cfg     ingest.Config
	opt     asynq.Option
	maxSize int64
}

// file imports one file. Bad input is recorded in st; only a fault of the
// queue is returned.
func (im importer) file(ctx context.Context, path string, st *importStats) error {
	reject := func(reason string) { st.rejected = append(st.rejected, importRejection{path, reason}) }
	info, err := os.Stat(path)
	if err != nil {
		reject(err.Error())
		return nil
	}
	if info.Size() > im.maxSize {
		reject(fmt.Sprintf("%d bytes is over the limit of %d; not read", info.Size(), im.maxSize))
		return nil
	}
	data, err := readAtMost(path, im.maxSize)
	if err != nil {
		reject(err.Error())
		return nil
	}
	docs, perr := ingest.Parse(data, path, "", im.cfg)
	if perr != nil {
		for _, line := range strings.Split(perr.Error(), "\n") {
			reject(line)
		}
	}
	for _, p := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		en, err := im.q.Enqueue(ctx, p.Document, im.opt)
		switch {
		case errors.Is(err, ckm.ErrInvalidDocument):
			reject(fmt.Sprintf("%s: %v", p.Document.ID, err))
		case err != nil:
			return err
		case en.Duplicate:
			st.duplicates++
			st.sent = append(st.sent, en)
		default:
			st.imported++
			st.sent = append(st.sent, en)
			st.dates.add(p.Document)
		}
	}
	return nil
}

// readAtMost reads a file that may have grown since it was measured, never
// more than max+1 bytes.
func readAtMost(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err == nil && int64(len(b)) > max {
		err = fmt.Errorf("over the limit of %d bytes; not read", max)
	}
	return b, err
}

func reportImport(ctx context.Context, e *env, qc *queues.Client, st *importStats, start time.Time, wait bool, timeout time.Duration) error {
	for _, r := range st.rejected {
		fmt.Fprintf(e.stderr, "rejected %s: %s\n", r.file, r.reason)
	}
	summary := fmt.Sprintf("imported %d, skipped %d as duplicates, rejected %d from %d files",
		st.imported, st.duplicates, len(st.rejected), st.files)
	if d := st.dates.String(); d != "" {
		defer fmt.Fprintln(e.stdout, d)
	}
	if !wait {
		fmt.Fprintf(e.stdout, "%s in %.1f s\n", summary, time.Since(start).Seconds())
		return failedIf(len(st.rejected) > 0)
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := qc.Wait(wctx, st.sent, 100*time.Millisecond)
	for _, id := range sortedKeys(res.Errors) {
		fmt.Fprintf(e.stderr, "failed %s: %s\n", id, res.Errors[id])
	}
	fmt.Fprintf(e.stdout, "%s; indexed %d, failed %d in %.1f s\n", summary, res.Done, res.Failed, time.Since(start).Seconds())
	if err != nil {
		return err
	}
	if res.Unknown > 0 {
		return fmt.Errorf("import: %d documents were no longer tracked by the queue (expired?)", res.Unknown)
	}
	return failedIf(len(st.rejected)+res.Failed > 0)
}

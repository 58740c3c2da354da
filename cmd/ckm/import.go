package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
)

// importRejection is one file, or one item of a file, that was not
// imported, and why.
type importRejection struct {
	file   string
	reason string
}

// importStats is what an import did so far.
type importStats struct {
	files, done int // files found, files read
	parsed      int // documents read from the files
	rejected    []importRejection
	dates       dateCounts // of the documents imported (not duplicates)
}

func runImport(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlags("import", e, &c)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm import [flags] PATH...\n\nImports files and folders of email (.eml, mbox), transcripts (WebVTT, SRT, JSON turns,\nspeaker-labelled text) and ticket exports (JSON, CSV) into a running server (--server).\nEach file's format is detected from its content and parsed here; the documents go to the\nserver as JSON Lines batches, retried while it is busy or unreachable. Client and source come\nfrom the file where its format carries them, else from --client and --source. Each document's\ndate comes from its format's fields, its header or NOTE lines, its file name, --at, or else\nthe time of the import. Ends with what was imported, skipped as duplicate and rejected, and\nwhere the dates came from.")
		fs.PrintDefaults()
	}
	client := fs.String("client", "", "client of documents whose format does not name one")
	source := fs.String("source", "", "source of every document: call, email, ticket, note, chat or review (default: from the format)")
	domains := fs.String("company-domains", e.getenv("CKM_COMPANY_DOMAINS"), "comma-separated email `domains` of your company, for mail direction (CKM_COMPANY_DOMAINS)")
	wait := fs.Bool("wait", false, "wait until every document is indexed or has failed")
	timeout := fs.Duration("timeout", 30*time.Minute, "give up waiting after this long")
	queue := fs.String("queue", "batch", "queue: batch, or default to go before other batches")
	maxSize := fs.Int64("max-size", ingest.MaxInputBytes, "reject files over this many `bytes` without reading them")
	dates := addDateFlags(fs, e)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	if *queue != "default" && *queue != "batch" {
		return fmt.Errorf("import: unknown queue %q: want batch or default", *queue)
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
	if err := reachable(ctx, &c); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	start := time.Now()
	st := &importStats{}
	files, walkErrs := collectFiles(fs.Args())
	st.rejected = append(st.rejected, walkErrs...)
	st.files = len(files)
	bar := newProgress(e.stderr, st.files, start)
	imp := importer{up: newUploader(&c, e, *queue), cfg: cfg, maxSize: min(*maxSize, ingest.MaxInputBytes), prepare: ingest.Finish}
	imp.up.imported = st.dates.add
	for _, f := range files {
		if err := imp.file(ctx, f, st); err != nil {
			bar.finish()
			return fmt.Errorf("import: %s: %w", f, err)
		}
		st.done++
		bar.update(st)
	}
	err := imp.up.flush(ctx)
	bar.finish()
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return reportImport(ctx, e, &c, imp.up, st, start, *wait, *timeout)
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

// importer parses files and sends their documents to the server.
type importer struct {
	up      *uploader
	cfg     ingest.Config
	maxSize int64
	// prepare normalises, completes and validates each document read,
	// once: ingest.Finish, which tests wrap to count.
	prepare ingest.Prepare
}

// file imports one file. Bad input is recorded in st; only a failure to
// reach the server is returned.
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
	docs, perr := ingest.ParseFunc(data, path, "", im.cfg, im.prepare)
	if perr != nil {
		for _, line := range strings.Split(perr.Error(), "\n") {
			reject(line)
		}
	}
	for _, p := range docs { // normalised and validated once, by im.prepare
		if err := ctx.Err(); err != nil {
			return err
		}
		st.parsed++
		if err := im.up.add(ctx, path+": "+p.Document.ID, p.Document); err != nil {
			return err
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

func reportImport(ctx context.Context, e *env, c *config, up *uploader, st *importStats, start time.Time, wait bool, timeout time.Duration) error {
	st.rejected = append(st.rejected, up.rejected...)
	for _, r := range st.rejected {
		fmt.Fprintf(e.stderr, "rejected %s: %s\n", r.file, r.reason)
	}
	duplicates := 0
	for _, s := range up.accepted {
		if s.Duplicate {
			duplicates++
		}
	}
	summary := fmt.Sprintf("imported %d, skipped %d as duplicates, rejected %d from %d files",
		len(up.accepted)-duplicates, duplicates, len(st.rejected), st.files)
	if d := st.dates.String(); d != "" {
		defer fmt.Fprintln(e.stdout, d)
	}
	if !wait {
		fmt.Fprintf(e.stdout, "%s in %.1f s\n", summary, time.Since(start).Seconds())
		return failedIf(len(st.rejected) > 0)
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	res, err := waitSearchable(wctx, c, e, up.accepted)
	for _, id := range sortedKeys(res.errors) {
		fmt.Fprintf(e.stderr, "failed %s: %s\n", id, res.errors[id])
	}
	fmt.Fprintf(e.stdout, "%s; indexed %d, failed %d in %.1f s\n", summary, res.done, res.failed, time.Since(start).Seconds())
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if res.unknown > 0 {
		return fmt.Errorf("import: %d documents were no longer tracked by the queue (expired?)", res.unknown)
	}
	return failedIf(len(st.rejected)+res.failed > 0)
}

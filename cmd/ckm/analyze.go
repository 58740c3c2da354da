package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/ckmhq/ckm"
	"github.com/ckmhq/ckm/ingest"
	"github.com/ckmhq/ckm/nlp"
)

// analysisLine is the stable output contract of `ckm analyze`: one line
// per input line, in order.
type analysisLine struct {
	ID       string         `json:"id"`
	Language nlp.Language   `json:"language"`
	Version  string         `json:"version"`
	Entities []nlp.Entity   `json:"entities"`
	Needs    []nlp.Need     `json:"needs"`
	Tokens   []nlp.Token    `json:"tokens,omitempty"`
	Sentence []nlp.Sentence `json:"sentences,omitempty"`
}

// lineError is what a line that could not be analysed yields.
type lineError struct {
	Line  int    `json:"line"`
	Error string `json:"error"`
}

func runAnalyze(ctx context.Context, e *env, args []string) error {
	var c config
	fs := newFlagSet("analyze", e)
	c.gazetteerFlag(fs, e)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: ckm analyze [flags] [FILE...]\n\nReads JSON Lines documents (stdin when no FILE) and writes one JSON analysis per line, in order.\nA line that cannot be read yields {\"line\": N, \"error\": \"...\"}; the exit status is 1 if any did.")
		fs.PrintDefaults()
	}
	full := fs.Bool("full", false, "also print sentences and tokens")
	workers := fs.Int("j", runtime.GOMAXPROCS(0), "documents analysed in parallel")
	if err := parse(fs, args); err != nil {
		return err
	}
	ncfg, err := c.nlpConfig()
	if err != nil {
		return err
	}
	a, err := nlp.New(ncfg)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	failed := false
	err = eachInput(e, fs.Args(), func(name string, r io.Reader) error {
		f, err := analyzeStream(ctx, a, r, out, max(1, *workers), *full)
		failed = failed || f
		if err != nil {
			return fmt.Errorf("analyze %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if failed {
		return errFailed
	}
	return nil
}

// eachInput calls fn for stdin when names is empty, else for each file.
func eachInput(e *env, names []string, fn func(name string, r io.Reader) error) error {
	if len(names) == 0 {
		return fn("stdin", e.stdin)
	}
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		err = fn(name, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// analyzeStream analyses the documents of r on n goroutines and writes the
// results to w in input order. It reports whether any line failed.
func analyzeStream(ctx context.Context, a *nlp.Analyzer, r io.Reader, w io.Writer, n int, full bool) (failed bool, err error) {
	type job struct {
		line int
		doc  ckm.Document
		err  error
		out  chan any
	}
	jobs := make(chan job, n)
	order := make(chan chan any, 4*n)
	for range n {
		go func() {
			for j := range jobs {
				j.out <- analyzeOne(ctx, a, j.line, j.doc, j.err, full)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		s := ckm.NewScanner(r)
		for s.Scan() && ctx.Err() == nil {
			doc, err := s.Document()
			j := job{line: s.Line(), doc: doc, err: err, out: make(chan any, 1)}
			order <- j.out
			jobs <- j
		}
		if err := s.Err(); err != nil {
			out := make(chan any, 1)
			out <- lineError{Line: s.Line(), Error: "read: " + err.Error()}
			order <- out
		}
	}()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for out := range order {
		v := <-out
		if _, ok := v.(lineError); ok {
			failed = true
		}
		if err := enc.Encode(v); err != nil {
			return failed, err
		}
	}
	return failed, ctx.Err()
}

func analyzeOne(ctx context.Context, a *nlp.Analyzer, line int, doc ckm.Document, err error, full bool) any {
	if err != nil {
		return lineError{Line: line, Error: err.Error()}
	}
	an, err := a.Analyze(ctx, ingest.InferTurns(doc))
	if err != nil {
		return lineError{Line: line, Error: err.Error()}
	}
	out := analysisLine{ID: an.ID, Language: an.Language, Version: an.Version, Entities: an.Entities, Needs: an.Needs}
	if out.Entities == nil {
		out.Entities = []nlp.Entity{}
	}
	if out.Needs == nil {
		out.Needs = []nlp.Need{}
	}
	if full {
		out.Tokens, out.Sentence = an.Tokens, an.Sentences
	}
	return out
}

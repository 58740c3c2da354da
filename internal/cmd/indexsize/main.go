// Command indexsize measures the index's bytes per document and the
// ingest ceiling (index.Put of every record, as `make report`'s ingest
// section does) at given corpus sizes, without the rest of the report:
//
//	go run ./internal/cmd/indexsize -sizes 10000,100000
//
// The development documents are analysed once; -records keeps their
// records (EncodeRecord's JSON, one a line) so that later runs, and the
// index package's size breakdown (CKM_SIZE_RECORDS, size_test.go), skip
// the analysis.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/ckmhq/ckm/index"
	"github.com/ckmhq/ckm/internal/bench"
)

func main() {
	data := flag.String("data", "../shared/data", "the development data folder")
	sizes := flag.String("sizes", "10000", "comma-separated corpus sizes (documents)")
	records := flag.String("records", "", "file of analysed records to read, or to write when absent; empty: analyse every run")
	dir := flag.String("dir", "", "folder for the indexes (removed after each size); empty: a temporary one")
	compact := flag.Bool("compact", false, "also report the size once the index is compacted (index.Compact, as an idle index does)")
	flag.Parse()
	if err := run(context.Background(), *data, *sizes, *records, *dir, *compact); err != nil {
		fmt.Fprintln(os.Stderr, "indexsize:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, data, sizes, records, dir string, compact bool) error {
	ns, err := bench.ParseSizes(sizes)
	if err != nil {
		return err
	}
	recs, err := loadRecords(ctx, data, records)
	if err != nil {
		return err
	}
	if dir == "" {
		if dir, err = os.MkdirTemp("", "indexsize-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	fmt.Printf("%d distinct records\n", len(recs))
	fmt.Println("| documents | bytes on disk | bytes per document | index.Put docs/s | compacted bytes per document |")
	fmt.Println("|---|---|---|---|---|")
	for _, n := range ns {
		path := filepath.Join(dir, fmt.Sprint(n))
		pts, err := bench.PutAll(ctx, path, bench.CycleRecords(recs, n), nil, index.DefaultBatchSize)
		if err != nil {
			return err
		}
		size, err := bench.DirSize(path)
		if err != nil {
			return err
		}
		compacted := "–"
		if compact {
			c, err := compactedSize(ctx, path)
			if err != nil {
				return err
			}
			compacted = fmt.Sprint(c / int64(n))
		}
		os.RemoveAll(path)
		last := pts[len(pts)-1]
		fmt.Printf("| %d | %.1f MB | %d | %.0f | %s |\n", n, float64(size)/1e6, size/int64(n), last.Rate(), compacted)
	}
	return nil
}

// compactedSize opens the closed index at path, compacts it, closes it
// and returns its bytes on disk.
func compactedSize(ctx context.Context, path string) (int64, error) {
	ix, err := index.Open(ctx, index.Config{Path: path, CompactAfter: -1}) // no compaction of its own to cancel at Close
	if err != nil {
		return 0, err
	}
	if err := ix.Compact(ctx); err != nil {
		ix.Close()
		return 0, err
	}
	// Let Bleve's own merges end: one cut short by Close leaves its file.
	for last, i := int64(-1), 0; i < 60; i++ {
		size, err := bench.DirSize(path)
		if err != nil || size == last {
			break
		}
		last = size
		time.Sleep(2 * time.Second)
	}
	if err := ix.Close(); err != nil {
		return 0, err
	}
	return bench.DirSize(path)
}

// loadRecords analyses the development documents, or reads their records
// from path when it exists (and writes them there when it does not).
func loadRecords(ctx context.Context, data, path string) ([]index.Record, error) {
	if path != "" {
		if b, err := os.ReadFile(path); err == nil {
			return decodeLines(b)
		}
	}
	base, err := bench.LoadBase(data)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	recs, err := bench.Records(ctx, base)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "analysed %d documents in %v\n", len(recs), time.Since(t0).Round(time.Millisecond))
	if path == "" {
		return recs, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	for _, r := range recs {
		b, err := index.EncodeRecord(r)
		if err != nil {
			return nil, err
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return recs, f.Close()
}

// decodeLines decodes one record a line.
func decodeLines(b []byte) ([]index.Record, error) {
	var recs []index.Record
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		r, err := index.DecodeRecord(sc.Bytes())
		if err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, sc.Err()
}

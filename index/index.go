package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/ckmhq/ckm/nlp"
)

// Errors callers branch on.
var (
	// ErrClosed is returned by every method of an Index after Close.
	ErrClosed = errors.New("index: closed")
	// ErrNotFound is returned by Get when no document has the id.
	ErrNotFound = errors.New("index: not found")
	// ErrDiskFull is returned by Put when the index's disk has less free
	// space than Config.MinFreeBytes: nothing was written, and a retry
	// succeeds once space is freed.
	ErrDiskFull = errors.New("index: disk nearly full")
)

// Defaults of Config.
const (
	DefaultBatchSize     = 256
	DefaultFlushInterval = 25 * time.Millisecond
	DefaultMinFreeBytes  = 64 << 20
	DefaultKeptCounts    = 256
	DefaultCompactAfter  = 2 * time.Second
)

// Config configures an Index. Only Path is required; the zero value of
// every other field means its default.
type Config struct {
	// Path is the directory of the index; it is created if absent.
	Path string
	// BatchSize is the most records (documents) the writer puts in one
	// Bleve batch. Zero means DefaultBatchSize.
	BatchSize int
	// FlushInterval is how long the writer waits after the latest Put
	// for another to join the batch: a batch is committed when it holds
	// BatchSize records, when no Put arrived for FlushInterval, or when
	// its first Put has waited MaxBatchWait. A lone Put is committed
	// after FlushInterval; under a steady stream batches grow (each costs
	// a segment built, persisted and merged, whatever its size). Zero
	// means DefaultFlushInterval.
	FlushInterval time.Duration
	// MaxBatchWait bounds how long the first Put of a batch waits while
	// others keep joining it. Zero means ten times FlushInterval (250 ms
	// by default).
	MaxBatchWait time.Duration
	// MinFreeBytes is the free disk space below which the writer refuses
	// batches with ErrDiskFull instead of letting Bleve run out of space
	// mid-write (which Bleve v2.6.1 does not survive). Zero means
	// DefaultMinFreeBytes; negative disables the check.
	MinFreeBytes int64
	// Logger receives debug lines about batches. Nil discards them.
	Logger *slog.Logger
	// Themes maps a search's words to the themes they name, for matching
	// by meaning. Nil means nlp.QueryThemes. It must be pure: the index
	// keeps its answers for the phrases of recent searches.
	Themes ThemesFunc
	// KeptCounts is how many searches' totals and facet counts are kept
	// until the next commit, for their next pages and repeats (see
	// counts.go). Zero means DefaultKeptCounts; negative keeps none, so
	// that every search counts its facets.
	KeptCounts int
	// CompactAfter is how long the index must go without a commit before
	// it merges its segments further in the background, so that searches
	// read fewer of them (see compact.go). Zero means
	// DefaultCompactAfter; negative never merges beyond Bleve's own.
	CompactAfter time.Duration
}

func (c Config) withDefaults() Config {
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.FlushInterval == 0 {
		c.FlushInterval = DefaultFlushInterval
	}
	if c.MaxBatchWait == 0 {
		c.MaxBatchWait = 10 * c.FlushInterval
	}
	if c.MinFreeBytes == 0 {
		c.MinFreeBytes = DefaultMinFreeBytes
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Themes == nil {
		c.Themes = nlp.QueryThemes
	}
	if c.KeptCounts == 0 {
		c.KeptCounts = DefaultKeptCounts
	}
	if c.CompactAfter == 0 {
		c.CompactAfter = DefaultCompactAfter
	}
	return c
}

func (c Config) validate() error {
	switch {
	case c.Path == "":
		return errors.New("path is empty")
	case c.BatchSize < 0:
		return fmt.Errorf("batch size %d is negative", c.BatchSize)
	case c.FlushInterval < 0:
		return fmt.Errorf("flush interval %v is negative", c.FlushInterval)
	case c.MaxBatchWait < 0:
		return fmt.Errorf("max batch wait %v is negative", c.MaxBatchWait)
	}
	return nil
}

// Index is a Bleve index on disk holding document and need records. Its
// methods are safe for concurrent use; one background goroutine owns all
// writes. Only one process may open an index at a time.
type Index struct {
	cfg         Config
	log         *slog.Logger
	bleve       bleve.Index
	layout      layout // how this index's records are written (mapping.go)
	queryThemes ThemesFunc
	learned     learnedCache   // theme tables for matching by meaning
	analysed    analysedTexts  // tokens of query texts (tokens)
	phrases     phraseThemes   // the themes of recent query phrases
	counts      countCache     // totals and facet counts of recent searches
	facetTables facetTables    // facet values by segment (facetvalues.go)
	warmSignal  chan struct{}  // a new segment to warm the tables of (warm.go)
	warmed      chan struct{}  // closed when the warming has returned
	apart       bool           // tests only: hints do not join themes (clusterThemes)
	warmScorch  *scorch.Scorch // the index warmers knows ix by, or nil
	warmings    atomic.Uint64  // warmings run (tests)
	bleveFacets bool           // count facets with Bleve's terms facets (tests compare)
	closed      atomic.Bool
	reads       atomic.Uint64    // stored records loaded by Get
	encodes     atomic.Uint64    // records encoded to be stored (EncodeRecord)
	batches     atomic.Uint64    // batches committed by the writer
	batched     atomic.Uint64    // Puts answered by those batches
	reqs        chan *putRequest // unbuffered: a send succeeds only while the writer runs
	quit        chan struct{}    // closed by Close
	done        chan struct{}    // closed when the writer has returned
	compacted   chan struct{}    // closed when the compactor has returned
	stopCompact context.CancelFunc
	compacting  sync.Mutex // held while a merge runs
	// held keeps whether terms are held in fields, by index generation
	// (heldTerms).
	held kept[heldKey, bool]
	// labels keeps theme labels, by index generation (ThemeLabels).
	labels kept[labelKey, string]
	// anyKeys keeps the matches of themes' learned keys in the latest
	// snapshot searched (anyKeyCache).
	anyKeys anyKeyCache
	// corrections are the admin's theme corrections (SetThemeCorrections).
	corrections themeCorrections
	// percMapping is the mapping of every Percolator, made once.
	percMapping struct {
		once sync.Once
		m    *mapping.IndexMappingImpl
	}
}

// Open opens the index at cfg.Path, creating it if absent, and starts its
// writer. The caller must Close it.
func Open(ctx context.Context, cfg Config) (*Index, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("index: open %q: %w", cfg.Path, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("index: open %q: %w", cfg.Path, err)
	}
	b, err := openBleve(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("index: open %q: %w", cfg.Path, err)
	}
	ix := &Index{
		cfg:         cfg,
		log:         cfg.Logger,
		bleve:       b,
		layout:      layoutOf(b.Mapping()),
		queryThemes: cfg.Themes,
		counts:      countCache{size: cfg.KeptCounts},
		reqs:        make(chan *putRequest),
		quit:        make(chan struct{}),
		done:        make(chan struct{}),
		compacted:   make(chan struct{}),
	}
	go ix.write()
	cctx, stop := context.WithCancel(context.Background())
	ix.stopCompact = stop
	if cfg.CompactAfter > 0 {
		go ix.compactor(cctx, cfg.CompactAfter)
	} else {
		close(ix.compacted)
	}
	ix.startWarming(cctx)
	return ix, nil
}

// openBleve opens the Bleve index at path, creating it if absent, with
// ckm's event callback (warm.go) in its runtime configuration only: a new
// index is created, closed and opened again, so that the configuration
// written to disk stays Bleve's default.
func openBleve(path string) (bleve.Index, error) {
	_, err := os.Stat(filepath.Join(path, "index_meta.json"))
	if errors.Is(err, os.ErrNotExist) {
		var b bleve.Index
		if b, err = bleve.New(path, newMapping()); err == nil {
			err = b.Close()
		}
	}
	if err != nil {
		return nil, err
	}
	return bleve.OpenUsing(path, map[string]any{"eventCallbackName": eventCallbackName})
}

// Close commits the Puts already accepted, stops the writer and closes the
// index. Later calls, and every other method after it, return ErrClosed.
func (ix *Index) Close() error {
	if !ix.closed.CompareAndSwap(false, true) {
		return ErrClosed
	}
	close(ix.quit)
	ix.stopCompact()
	<-ix.done
	ix.stopWarming()
	ix.learned.close()
	err := ix.bleve.Close()
	<-ix.compacted // a merge under way ends when Bleve closes
	if err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// Get returns the record of the document with the given id, as it was
// Put (the analysis without Tokens), or ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (Record, error) {
	if err := ix.check(ctx); err != nil {
		return Record{}, fmt.Errorf("index: get %q: %w", id, err)
	}
	ix.reads.Add(1)
	doc, err := ix.bleve.Document(id)
	if err != nil {
		return Record{}, fmt.Errorf("index: get %q: %w", id, ix.mapErr(err))
	}
	var blob []byte
	var found bool
	fields := map[string]string{fieldID: id} // what rebuilds a stored record (decodeStored)
	if doc != nil {
		doc.VisitFields(func(f index.Field) {
			switch f.Name() {
			case fieldRecord:
				blob, found = f.Value(), true
			case fieldTextEN, fieldTextPT, fieldTextUnd, fieldSubject, fieldClient, fieldSource:
				fields[f.Name()] = string(f.Value())
			}
		})
	}
	if !found { // absent, or a need record
		return Record{}, fmt.Errorf("index: get %q: %w", id, ErrNotFound)
	}
	blob, err = unpackRecord(blob)
	if err != nil {
		return Record{}, fmt.Errorf("index: get %q: %w", id, err)
	}
	rec, err := decodeStored(blob, fields)
	if err != nil {
		return Record{}, fmt.Errorf("index: get %q: %w", id, err)
	}
	return rec, nil
}

// RecordReads is how many times Get has loaded a document's stored
// fields since Open: the load that costs time in proportion to the
// document's size. Tests use it to check that access checks happen before
// any load.
func (ix *Index) RecordReads() uint64 { return ix.reads.Load() }

// RecordEncodings is how many records ix has encoded (EncodeRecord) to
// store them since Open. Tests use it to check that storing a record
// encodes it once.
func (ix *Index) RecordEncodings() uint64 { return ix.encodes.Load() }

// Batches returns how many batches the writer has committed since Open
// and how many Puts they answered: records ÷ batches is the mean batch
// size, which should approach Config.BatchSize under load (a batch costs
// a segment built, persisted and later merged, whatever its size).
func (ix *Index) Batches() (batches, records uint64) {
	return ix.batches.Load(), ix.batched.Load()
}

// Count returns the number of document records.
func (ix *Index) Count(ctx context.Context) (uint64, error) {
	n, err := ix.countType(ctx, bleve.NewTermQuery(typeDocument))
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}

// NeedCount returns the number of need records of the document docID.
func (ix *Index) NeedCount(ctx context.Context, docID string) (uint64, error) {
	q := bleve.NewTermQuery(docID)
	q.SetField(fieldDocID)
	n, err := ix.countType(ctx, bleve.NewTermQuery(typeNeed), q)
	if err != nil {
		return 0, fmt.Errorf("index: count needs of %q: %w", docID, err)
	}
	return n, nil
}

func (ix *Index) countType(ctx context.Context, typ *query.TermQuery, and ...query.Query) (uint64, error) {
	if err := ix.check(ctx); err != nil {
		return 0, err
	}
	typ.SetField(fieldType)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(append(and, typ)...), 0, 0, false)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		return 0, ix.mapErr(err)
	}
	return res.Total, nil
}

// check returns ErrClosed after Close and the context's error once it ends.
func (ix *Index) check(ctx context.Context) error {
	if ix.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

// mapErr turns Bleve's closed error into ErrClosed.
func (ix *Index) mapErr(err error) error {
	if errors.Is(err, bleve.ErrorIndexClosed) || ix.closed.Load() {
		return errors.Join(ErrClosed, err)
	}
	return err
}

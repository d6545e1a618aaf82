package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

// maxFileSize bounds what one input may be; larger files are reported and
// skipped rather than read into memory.
const maxFileSize = 32 << 20

// chunkSize is the most articles the importer hands the store at a time.
const chunkSize = 64

// importGCPercent is the garbage collector's target during an import
// unless GOGC says otherwise. An import allocates ~150 KB per article and
// keeps ~50 MB live (batches in flight, each batch's key tables), so at the
// default 100 the collector runs every ~60 MB allocated. Twice the
// headroom halves that work for ~60 MB more at the peak; more headroom
// measured no faster (the larger heap costs page faults and cache misses).
const importGCPercent = 200

// analysisPart is how many articles of a many-article file (a feed, an
// archive) are analysed and held at once: smaller than a transaction, so
// that a few such files in flight keep memory bounded.
const analysisPart = 500

// importSummary is what an import did, printed at the end or as JSON.
type importSummary struct {
	store.ImportResult
	Files    int           `json:"files"` // inputs read, failed ones included
	Failed   int           `json:"failed"`
	Failures []importIssue `json:"failures"`
	Elapsed  float64       `json:"elapsed_seconds"`
}

type importIssue struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// importer reads, parses, analyses and prepares files in parallel and
// streams the articles to the store from a single goroutine, since SQLite
// has one writer.
type importer struct {
	st *store.Store
	// onFailure reports a file that could not be read, as it happens.
	onFailure func(importIssue)
	// progress is called with files done and files seen so far.
	progress func(done, seen int)
	// fileDates dates an article whose text states no date by its file's
	// modification time (news.DateFile). Off by default: a copied or
	// downloaded file's time says when it was copied, not published.
	fileDates bool
	// slots bounds the goroutines doing CPU work to one per core (run).
	slots chan struct{}
	// skipKnown is set when the index had no files when the run began:
	// asking the store about each file would find nothing.
	skipKnown bool
}

// acquire takes a CPU slot; it fails only when ctx is done.
func (im *importer) acquire(ctx context.Context) bool {
	select {
	case im.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// acquireFree takes up to n more slots without waiting and returns how
// many it got.
func (im *importer) acquireFree(n int) int {
	for got := 0; got < n; got++ {
		select {
		case im.slots <- struct{}{}:
		default:
			return got
		}
	}
	return n
}

func (im *importer) release(n int) {
	for range n {
		<-im.slots
	}
}

type parsedFile struct {
	path string
	// articles are analysed and prepared for the store.
	articles []store.Prepared
	hash     string
	err      error
	skipped  bool // unchanged since the last import
	// final marks the file's last part: a file of many articles comes in
	// parts of at most analysisPart, each analysed just before it is sent.
	final bool
}

// run imports files found under roots. Failures are counted and
// reported, never fatal; only a store error or cancellation stops the run.
func (im *importer) run(ctx context.Context, roots []string, open opener) (importSummary, error) {
	start := time.Now()
	var sum importSummary
	sum.Failures = []importIssue{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(importGCPercent))
	}
	if has, err := im.st.HasFiles(ctx); err == nil {
		im.skipKnown = !has
	}
	workers := runtime.GOMAXPROCS(0)
	// The single SQLite writer bounds the whole import, so it must not
	// wait in the scheduler's queue behind parsing: CPU work takes one of
	// workers slots, the storer holds one while it writes, and parsing
	// uses the rest (every core while the writer waits for articles).
	im.slots = make(chan struct{}, workers)
	paths := make(chan string, 256)
	// A parsed file can hold thousands of analysed articles (a feed, a
	// JSON archive): few wait here, so memory stays bounded by a few files
	// and batches, not by the whole import.
	results := make(chan parsedFile, workers)
	var walkErr error
	var seen int
	var seenMu sync.Mutex
	// The walker sends its errors to results too, so results is closed
	// only when it and every worker are done.
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(paths)
		walkErr = open.walk(ctx, roots, func(path string, err error) error {
			if err != nil {
				select {
				case results <- parsedFile{path: path, err: err, final: true}:
					return nil
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			seenMu.Lock()
			seen++
			seenMu.Unlock()
			select {
			case paths <- path:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send := func(r parsedFile) bool {
				select {
				case results <- r:
					return true
				case <-ctx.Done():
					return false
				}
			}
			for p := range paths {
				if !im.parse(ctx, p, open, send) {
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// One goroutine stores the articles, in chunks as they are parsed: the
	// store writes each at once inside transactions of
	// store.DefaultBatchSize, so writing overlaps parsing from the first
	// chunk on. The queue holds about a transaction's worth, so that
	// parsing goes on while the writer commits.
	chunks := make(chan []store.Prepared, store.DefaultBatchSize/chunkSize)
	var stored store.ImportResult
	var storeErr error
	storeDone := make(chan struct{})
	go func() {
		defer close(storeDone)
		if !im.acquire(ctx) {
			return
		}
		held := true
		stored, storeErr = im.st.ImportPrepared(ctx, func(yield func([]store.Prepared) bool) {
			for {
				var c []store.Prepared
				var ok bool
				select {
				case c, ok = <-chunks:
				default:
					// Nothing to write: the store may commit now rather
					// than hold the write lock while files are parsed, and
					// parsing has the core meanwhile.
					if !yield(nil) {
						return
					}
					im.release(1)
					held = false
					c, ok = <-chunks
					if !im.acquire(ctx) {
						return
					}
					held = true
				}
				if !ok || !yield(c) {
					return
				}
			}
		}, store.ImportOptions{})
		if held {
			im.release(1)
		}
		if storeErr != nil {
			storeErr = fmt.Errorf("store: %w", storeErr)
			cancel()
		}
	}()
	finish := func() error {
		close(chunks)
		<-storeDone
		sum.New += stored.New
		sum.NewVersions += stored.NewVersions
		sum.Unchanged += stored.Unchanged
		return storeErr
	}

	var chunk []store.Prepared
	// flush sends what was gathered in chunks of at most chunkSize, so
	// that the queue bounds articles, not parts of big files.
	flush := func() {
		for len(chunk) > 0 {
			n := min(len(chunk), chunkSize)
			select {
			case chunks <- chunk[:n:n]: // the storer owns the sent part
			case <-ctx.Done():
				chunk = nil
				return
			}
			chunk = chunk[n:]
		}
		chunk = nil
	}
	done := 0
	for r := range results {
		if r.final {
			done++
		}
		if r.err != nil {
			issue := importIssue{Path: r.path, Reason: shortReason(r.path, r.err)}
			sum.Failed++
			sum.Failures = append(sum.Failures, issue)
			if im.onFailure != nil {
				im.onFailure(issue)
			}
		}
		if r.skipped {
			sum.Unchanged++
		}
		chunk = append(chunk, r.articles...)
		// A chunk goes when it is big enough for one band-key query, or
		// at once when the writer has nothing queued and no parsed file
		// is waiting here.
		if len(chunk) >= chunkSize || len(chunks) == 0 && len(results) == 0 {
			flush()
		}
		if im.progress != nil {
			seenMu.Lock()
			s := seen
			seenMu.Unlock()
			im.progress(done, s)
		}
	}
	flush()
	if err := finish(); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if walkErr != nil && !errors.Is(walkErr, context.Canceled) {
		return sum, walkErr
	}
	sum.Files = done
	sum.Elapsed = time.Since(start).Seconds()
	return sum, nil
}

// parse reads one file, skips it when the index already holds this exact
// content at this path, and otherwise parses it and sends its articles,
// analysed and prepared for the store, in parts of at most analysisPart
// (the last one marked final). Analysing a part only when the previous one
// has been taken keeps a feed or archive of thousands of articles from
// being held analysed all at once. It holds a CPU slot while it works,
// never while it waits to send, and reports false when the import was
// cancelled.
func (im *importer) parse(ctx context.Context, path string, open opener, send func(parsedFile) bool) bool {
	if !im.acquire(ctx) {
		return false
	}
	arts, hash, modTime, err := im.read(ctx, path, open)
	if err != nil && len(arts) > 0 {
		// Stored as read only in part, so the next import reads it again
		// and says again what is wrong with it.
		hash = store.IncompleteHash(hash)
	}
	if len(arts) == 0 {
		im.release(1)
		return send(parsedFile{path: path, hash: hash, err: err, skipped: err == nil, final: true})
	}
	for start := 0; start < len(arts); start += analysisPart {
		if start > 0 && !im.acquire(ctx) {
			return false
		}
		end := min(start+analysisPart, len(arts))
		r := parsedFile{path: path, hash: hash, final: end == len(arts)}
		r.articles = im.prepare(arts[start:end], path, hash, modTime, r.final)
		// Let go of the file's articles as their prepared copies leave.
		clear(arts[start:end])
		if r.final {
			// A JSON archive may hold bad records beside good ones: the
			// good ones are stored and err still reports the bad ones.
			r.err = err
		}
		im.release(1)
		if !send(r) {
			return false
		}
	}
	return true
}

// read reads and parses one file. It returns no articles with a nil error
// when the index already holds this content at this path, and no articles
// with the reason when the file has none to store; err may also report
// records skipped beside the articles returned.
func (im *importer) read(ctx context.Context, path string, open opener) (arts []news.Article, hash string, modTime time.Time, err error) {
	data, modTime, err := open.read(ctx, path)
	if err != nil {
		return nil, "", modTime, err
	}
	sum := sha256.Sum256(data)
	hash = hex.EncodeToString(sum[:])
	if !im.skipKnown {
		if known, err := im.st.Known(ctx, path, hash); err == nil && known {
			return nil, hash, modTime, nil
		}
	}
	arts, err = feeds.Parse(ctx, path, data)
	if slices.ContainsFunc(arts, func(a news.Article) bool { return a.Source.Path != path }) {
		// A record naming another file (verso's own JSON export) came in
		// a JSON archive, which is the source of all its records. (A path
		// with control characters differs too, sanitized: Detect tells
		// them apart.)
		if f := feeds.Detect(data, path); f == feeds.FormatJSON || f == feeds.FormatJSONL {
			for i := range arts {
				arts[i].Source.Kind = news.KindJSON
			}
		}
	}
	arts, err = withText(path, arts, err)
	return arts, hash, modTime, err
}

// withText keeps the articles of a parsed file that have body text: one
// without (a metadata-only JSON file, a feed item with a title alone, a
// text file of one line) has nothing to read, index or compare. Import and
// extract both use it, so extract shows what import would store.
func withText(path string, arts []news.Article, err error) ([]news.Article, error) {
	if len(arts) == 0 {
		if err == nil {
			err = fmt.Errorf("%s: no articles found", path)
		}
		return nil, err
	}
	kept := arts[:0]
	for _, a := range arts {
		if len(a.Paragraphs) > 0 {
			kept = append(kept, a)
		}
	}
	if len(kept) == 0 {
		if err == nil {
			err = fmt.Errorf("%s: no article text found", path)
			if len(arts) > 1 {
				err = fmt.Errorf("%s: no article text (%d records without a body)", path, len(arts))
			}
		}
		return nil, err
	}
	if skipped := len(arts) - len(kept); skipped > 0 {
		if err == nil {
			err = fmt.Errorf("%s: %d of %d records have no body text and were skipped", path, skipped, len(arts))
		} else {
			err = fmt.Errorf("%w; %d of %d records have no body text and were skipped", err, skipped, len(arts))
		}
	}
	return kept, err
}

// prepare analyses a file's articles and readies them for the store, on
// the caller's CPU slot and any that are free: a single big archive still
// uses every idle core, many small files one slot each.
func (im *importer) prepare(arts []news.Article, path, hash string, modTime time.Time, final bool) []store.Prepared {
	out := make([]store.Prepared, len(arts))
	one := func(i int) {
		a := arts[i]
		// The store tracks files by the path actually read, so a
		// re-import of this file is recognised whatever path the article
		// names.
		a.Source.Path = path
		if im.fileDates && a.Published == nil && !modTime.IsZero() {
			t := modTime.UTC().Truncate(time.Second)
			a.Published = &t
			a.DateSource = news.DateFile
			a.DateReason = "no date in the text; the file's modification time"
		}
		news.Analyze(&a)
		// More tells the store the file is complete only with its last
		// article, so an interrupted import re-reads it next time.
		out[i] = store.Prepare(store.Input{Article: a, ContentHash: hash, More: !final || i < len(arts)-1})
	}
	extra := 0
	if len(arts) > 1 {
		extra = im.acquireFree(cap(im.slots) - 1)
	}
	if extra == 0 {
		for i := range arts {
			one(i)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range extra + 1 {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(arts); i = int(next.Add(1)) - 1 {
				one(i)
			}
		})
	}
	wg.Wait()
	im.release(extra)
	return out
}

// shortReason drops the path from an error that already names it, so each
// failure reads as one "path: reason" line, in text and in JSON.
func shortReason(path string, err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, path+": "); i >= 0 {
		return msg[i+len(path)+2:]
	}
	return msg
}

// opener is where an import reads from: the file system, or the embedded
// demo corpus.
type opener struct {
	walk func(ctx context.Context, roots []string, fn func(path string, err error) error) error
	// read returns the file's bytes and its modification time (zero when
	// the source has none).
	read func(ctx context.Context, path string) ([]byte, time.Time, error)
}

func fileOpener() opener {
	return opener{
		walk: feeds.Walk,
		read: func(ctx context.Context, path string) ([]byte, time.Time, error) {
			data, fi, err := feeds.ReadFileInfo(ctx, path, maxFileSize)
			if err != nil {
				return nil, time.Time{}, err
			}
			return data, fi.ModTime(), nil
		},
	}
}

// progressPrinter draws a one-line progress counter on a terminal, at most
// ten times a second, and clears it when done.
type progressPrinter struct {
	w io.Writer
	// verb and what name the work ("importing", "files" when empty).
	verb, what string
	last       time.Time
	mu         sync.Mutex
}

func (p *progressPrinter) update(done, seen int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	verb, what := p.verb, p.what
	if verb == "" {
		verb, what = "importing", "files"
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s… %d of %d %s", verb, done, seen, what)
}

func (p *progressPrinter) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.last.IsZero() {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

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
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

// maxFileSize bounds what one input may be; larger files are reported and
// skipped rather than read into memory.
const maxFileSize = 32 << 20

// importBatch is how many articles go into one store transaction.
const importBatch = store.DefaultBatchSize

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

// importer reads, parses and analyses files in parallel and hands the
// articles to the store in batches from a single goroutine, since SQLite
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
}

type parsedFile struct {
	path     string
	articles []news.Article
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

	workers := runtime.GOMAXPROCS(0)
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

	// One goroutine stores full batches while files go on being parsed
	// and analysed into the next one.
	batches := make(chan []store.Input, 1)
	var stored store.ImportResult
	var storeErr error
	storeDone := make(chan struct{})
	go func() {
		defer close(storeDone)
		for b := range batches {
			if storeErr != nil {
				continue
			}
			res, err := im.st.Import(ctx, b, store.ImportOptions{})
			if err != nil {
				storeErr = fmt.Errorf("store %d articles: %w", len(b), err)
				cancel()
				continue
			}
			stored.New += res.New
			stored.NewVersions += res.NewVersions
			stored.Unchanged += res.Unchanged
		}
	}()
	finish := func() error {
		close(batches)
		<-storeDone
		sum.New += stored.New
		sum.NewVersions += stored.NewVersions
		sum.Unchanged += stored.Unchanged
		return storeErr
	}

	var batch []store.Input
	flush := func() {
		if len(batch) == 0 {
			return
		}
		select {
		case batches <- batch:
		case <-ctx.Done():
		}
		batch = nil // the storer owns the sent one
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
		if len(batch)+len(r.articles) > importBatch {
			// A part of a big file would carry the batch past one
			// transaction: the store would split off a small one.
			flush()
		}
		for i, a := range r.articles {
			// More tells the store the file is complete only with its last
			// article, so an interrupted import re-reads it next time.
			batch = append(batch, store.Input{Article: a, ContentHash: r.hash, More: !r.final || i < len(r.articles)-1})
		}
		if len(batch) >= importBatch {
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
// analysed, in parts of at most analysisPart (the last one marked final).
// Analysing a part only when the previous one has been taken keeps a feed
// or archive of thousands of articles from being held analysed all at once.
// It reports false when the import was cancelled.
func (im *importer) parse(ctx context.Context, path string, open opener, send func(parsedFile) bool) bool {
	data, modTime, err := open.read(ctx, path)
	if err != nil {
		return send(parsedFile{path: path, err: err, final: true})
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if known, err := im.st.Known(ctx, path, hash); err == nil && known {
		return send(parsedFile{path: path, hash: hash, skipped: true, final: true})
	}
	arts, err := feeds.Parse(ctx, path, data)
	data = nil
	if len(arts) == 0 {
		if err == nil {
			err = fmt.Errorf("%s: no articles found", path)
		}
		return send(parsedFile{path: path, hash: hash, err: err, final: true})
	}
	// An article without body text (a metadata-only JSON file, a feed item
	// with a title alone) has nothing to read, index or compare.
	kept := arts[:0]
	for _, a := range arts {
		if len(a.Paragraphs) > 0 {
			kept = append(kept, a)
		}
	}
	if len(kept) == 0 {
		if err == nil {
			err = errors.New("no article text found")
			if len(arts) > 1 {
				err = fmt.Errorf("no article text (%d records without a body)", len(arts))
			}
		}
		return send(parsedFile{path: path, hash: hash, err: err, final: true})
	}
	if len(kept) < len(arts) && err == nil {
		err = fmt.Errorf("%d of %d records have no body text and were skipped", len(arts)-len(kept), len(arts))
	}
	arts = kept
	for start := 0; start < len(arts); start += analysisPart {
		end := min(start+analysisPart, len(arts))
		// A copy, so that the sent part owns its articles and the file's
		// slice lets go of them.
		part := slices.Clone(arts[start:end])
		clear(arts[start:end])
		for i := range part {
			a := &part[i]
			// The store tracks files by the path actually read, so a
			// re-import of this file is recognised whatever path the
			// article names.
			a.Source.Path = path
			if im.fileDates && a.Published == nil && !modTime.IsZero() {
				t := modTime.UTC().Truncate(time.Second)
				a.Published = &t
				a.DateSource = news.DateFile
				a.DateReason = "no date in the text; the file's modification time"
			}
		}
		news.AnalyzeAll(len(part), func(i int) *news.Article { return &part[i] })
		r := parsedFile{path: path, hash: hash, articles: part, final: end == len(arts)}
		if r.final {
			// A JSON archive may hold bad records beside good ones: the
			// good ones are stored and err still reports the bad ones.
			r.err = err
		}
		if !send(r) {
			return false
		}
	}
	return true
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
			data, err := feeds.ReadFile(ctx, path, maxFileSize)
			if err != nil {
				return nil, time.Time{}, err
			}
			var mod time.Time
			if fi, err := os.Stat(path); err == nil {
				mod = fi.ModTime()
			}
			return data, mod, nil
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

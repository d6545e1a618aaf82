package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"net/url"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/verso-news/verso/news"
)

const (
	// maxTxHold is how long ImportPrepared keeps a transaction, and so the
	// write lock, open while its producer has nothing ready: well under
	// the 5 s other writers wait for the lock (busy_timeout).
	maxTxHold = 2 * time.Second
	// DefaultBatchSize is how many inputs one write transaction holds (an
	// importer that sends Import batches of this size gets one each):
	// large enough to amortise commits (2,000 write a sixth less per
	// article than 500: index pages and FTS segments are rewritten less
	// often), small enough that readers and a killed import lose about a
	// second of work.
	DefaultBatchSize = 2000
	// defaultFlushEvery is how many new articles a transaction holds before
	// it writes their FTS and derived rows, which it gathers to write in
	// bulk. Writing them only at commit made each commit a second of work
	// for the single writer, and the last one ran after parsing had ended,
	// on one core; a quarter of a transaction keeps the writes in bulk
	// (one FTS segment each) and the tail short.
	defaultFlushEvery = DefaultBatchSize / 4
	// paraSep joins paragraphs in the body column. U+2029 is a separator for
	// the FTS tokenizer and is removed from paragraphs before storing.
	paraSep = "\u2029"
	// undatedKey is pub_key for articles without a date: they sort last.
	undatedKey = math.MinInt64
	// maxCandidates bounds how many LSH candidates are re-fingerprinted and
	// compared per imported article.
	maxCandidates = 16
	partialPrefix = "partial:"
)

// pending is one input made ready for the write transaction; everything
// CPU-bound (cleaning, JSON, fingerprints) is done before it, in parallel.
type pending struct {
	a       news.Article
	hash    string
	more    bool
	fp      news.Fingerprint
	keys    []int64 // band keys
	keyList string
	byline  string
	capt    string
	related string
	cats    string
	ents    string
	quotes  string
	topics  string
	names   string
	qtext   string
	body    string
	host    string
	derived derivedRows
}

// Import stores articles in batched transactions. Unchanged content (same
// path and hash, or an article id already stored) is counted and skipped; a
// changed file at a known path becomes a new version of that path's story;
// other articles join the story of any stored version they resemble.
// Cancelling ctx stops after the last committed batch: the index stays
// consistent and a re-run finishes the work.
func (s *Store) Import(ctx context.Context, inputs []Input, opts ImportOptions) (ImportResult, error) {
	return s.importAll(ctx, len(inputs), opts, func(start, end int) iter.Seq[[]pending] {
		return preparedChunks(inputs[start:end])
	})
}

// Prepared is an Input made ready to store: cleaned, fingerprinted and
// encoded. Preparing is the CPU-bound part of storing and needs no index.
type Prepared struct{ p pending }

// Prepare readies an input for ImportPrepared. It is safe for concurrent
// use: an importer with its own pool of parsing workers prepares there, so
// that the single writer only writes.
func Prepare(in Input) Prepared { return Prepared{prepareOne(in)} }

// ImportPrepared stores inputs made ready by Prepare as chunks arrive, in
// transactions of up to the batch size (DefaultBatchSize), as Import does.
// Each chunk is written as soon as it is yielded, so a caller that is still
// parsing keeps the single writer busy instead of handing it whole batches,
// and the import ends one commit after the last chunk. opts.Progress gets
// the inputs stored so far as both arguments: the total is not known.
//
// A transaction holds the index's write lock, so a producer that pauses
// should yield an empty chunk first: the store then commits if its
// transaction has been open for 2 s (maxTxHold), and other writers (the reader
// marking an article read, a fetch) do not wait on a slow parse. The
// iterator must not write to the Store itself: the writer is busy with it.
func (s *Store) ImportPrepared(ctx context.Context, chunks iter.Seq[[]Prepared], opts ImportOptions) (ImportResult, error) {
	var res ImportResult
	endBulk, err := s.beginBulk(ctx)
	if err != nil {
		return res, err
	}
	defer endBulk()
	next, stop := iter.Pull(chunks)
	defer stop()
	var left []Prepared // what the last transaction did not take of a chunk
	done := 0
	for {
		// A transaction begins only once there is something to write.
		for len(left) == 0 {
			var ok bool
			if left, ok = next(); !ok {
				return res, nil
			}
		}
		n := 0
		// batch yields up to a transaction's worth of the inputs, in pieces
		// of at most prepChunk.
		batch := func(yield func([]pending) bool) {
			began := time.Now()
			for n < s.batchSize {
				if len(left) == 0 {
					var ok bool
					if left, ok = next(); !ok {
						return
					}
					if len(left) == 0 && time.Since(began) > s.txHold {
						return // the producer has nothing ready: commit now
					}
					continue
				}
				k := min(len(left), s.batchSize-n, prepChunk)
				piece := make([]pending, k)
				for i := range piece {
					piece[i] = left[i].p
				}
				left, n = left[k:], n+k
				if !yield(piece) {
					return
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("import: %w", err)
		}
		r, err := s.importBatch(ctx, s.batchSize, batch)
		if err != nil {
			return res, fmt.Errorf("import: %w", err)
		}
		res.New += r.New
		res.NewVersions += r.NewVersions
		res.Unchanged += r.Unchanged
		if done += n; opts.Progress != nil {
			opts.Progress(done, done)
		}
	}
}

// importAll stores n inputs in transactions of at most s.batchSize; chunks
// yields the prepared inputs start to end of one transaction.
func (s *Store) importAll(ctx context.Context, n int, opts ImportOptions, chunks func(start, end int) iter.Seq[[]pending]) (ImportResult, error) {
	var res ImportResult
	endBulk, err := s.beginBulk(ctx)
	if err != nil {
		return res, err
	}
	defer endBulk()
	for start := 0; start < n; start += s.batchSize {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("import: %w", err)
		}
		end := min(start+s.batchSize, n)
		r, err := s.importBatch(ctx, end-start, chunks(start, end))
		if err != nil {
			return res, fmt.Errorf("import: %w", err)
		}
		res.New += r.New
		res.NewVersions += r.NewVersions
		res.Unchanged += r.Unchanged
		if opts.Progress != nil {
			opts.Progress(end, n)
		}
	}
	return res, nil
}

// preparedChunks prepares inputs in chunks of prepChunk on every core, one
// chunk ahead of the writer, so that cleaning and fingerprinting chunk k+1
// overlaps the SQL of chunk k.
func preparedChunks(inputs []Input) iter.Seq[[]pending] {
	return func(yield func([]pending) bool) {
		stop := make(chan struct{})
		defer close(stop)
		chunks := make(chan []pending, 1)
		go func() {
			defer close(chunks)
			for start := 0; start < len(inputs); start += prepChunk {
				select {
				case chunks <- prepare(inputs[start:min(start+prepChunk, len(inputs))]):
				case <-stop:
					return
				}
			}
		}()
		for c := range chunks {
			if !yield(c) {
				return
			}
		}
	}
}

// Known reports whether the file at path was fully imported with this
// content hash, so an importer can skip it without parsing.
func (s *Store) Known(ctx context.Context, path, contentHash string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("known %s: %w", path, err)
	}
	// A point lookup is never long enough to interrupt, and watching ctx
	// would cost the driver a goroutine for each file imported.
	var one int
	err := s.known.QueryRowContext(context.WithoutCancel(ctx), path, contentHash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("known %s: %w", path, err)
	}
	return true, nil
}

// HasFiles reports whether any file has been imported into the index. An
// importer filling an empty index can skip Known for each file: nothing
// is known yet, and the store still recognises a file seen twice.
func (s *Store) HasFiles(ctx context.Context) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, "SELECT 1 FROM files LIMIT 1").Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("files: %w", err)
	}
	return true, nil
}

func prepare(inputs []Input) []pending {
	out := make([]pending, len(inputs))
	workers := min(runtime.GOMAXPROCS(0), len(inputs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = prepareOne(inputs[i])
			}
		}()
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func prepareOne(in Input) pending {
	a := in.Article
	a.Title = news.Sanitize(a.Title)
	a.Site = news.Sanitize(a.Site)
	a.URL = news.Sanitize(a.URL)
	paras := make([]string, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		paras[i] = strings.ReplaceAll(news.Sanitize(p), paraSep, "\n")
	}
	a.Paragraphs = paras
	a.Normalize()
	if a.ID == "" {
		a.ID = news.ComputeID(a.Title, a.Paragraphs)
	}
	if a.Published == nil {
		a.DateSource = news.DateUnknown
		a.DateReason = ""
	}
	p := pending{a: a, hash: in.ContentHash, more: in.More}
	if p.hash == "" {
		p.hash = a.ID
	}
	p.fp = news.FingerprintOf(&a)
	// 47 bits of each key (band hashes and anchors): six-byte SQLite
	// integers, with chance collisions negligible even at 64 keys for each
	// of millions of articles.
	// A text that repeats a passage repeats anchors: each key once, or
	// the article would fill several of a bucket's places and count
	// several hits until its keys are merged into bands.
	for _, k := range p.fp.BandKeys() {
		// At most Bands+MaxAnchors keys: a scan is cheaper than a set.
		if key := int64(k >> 17); !slices.Contains(p.keys, key) {
			p.keys = append(p.keys, key)
		}
	}
	p.keyList = keyList(p.keys)
	p.body = strings.Join(a.Paragraphs, paraSep)
	p.byline = mustJSON(a.Byline)
	p.capt = mustJSON(a.Captions)
	p.related = mustJSON(a.RelatedLinks)
	p.cats = mustJSON(orEmpty(a.Categories))
	p.ents = encodeEntities(&a)
	p.quotes = mustJSON(a.Quotes)
	p.topics = mustJSON(a.Topics)
	p.names, p.qtext = ftsExtras(&a)
	p.derived = deriveRows(&a)
	if u, err := url.Parse(a.URL); err == nil {
		p.host = strings.ToLower(strings.TrimPrefix(u.Hostname(), "www."))
	}
	return p
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// mustJSON marshals values that cannot fail to marshal (plain structs,
// strings and slices of them).
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// ftsExtras returns the entity names (with aliases) and quotation text that
// the full-text index searches beside title, byline and body.
func ftsExtras(a *news.Article) (names, quotes string) {
	var nb, qb strings.Builder
	for _, e := range a.Entities {
		nb.WriteString(e.Name)
		nb.WriteString("; ")
		for _, al := range e.Aliases {
			nb.WriteString(al)
			nb.WriteString("; ")
		}
	}
	for _, q := range a.Quotes {
		qb.WriteString(q.Text)
		qb.WriteString("\n")
	}
	return nb.String(), qb.String()
}

// batch is one write transaction with its prepared statements and caches.
type batch struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	now   int64
	sites map[[2]string]int64
	// store is the Store the batch writes to: its in-memory band log and
	// merge threshold (bandlog.go).
	store *Store
	// bandsSynced is set once syncBands has read the log for this batch;
	// logged holds the log rows the batch wrote, mergedGen the generation
	// its merge of the log into bands started (0: no merge).
	bandsSynced bool
	logged      []logRow
	mergedGen   int64
	// bandsMerged says whether bands held any key when the batch began.
	bandsMerged bool
	// fps holds the fingerprints of the batch's articles, so that a
	// version whose candidate is in the same batch need not read and
	// fingerprint its body again.
	fps map[int64]news.Fingerprint
	// stored maps a band key to its newest stored members (lookupKeys):
	// the offset in members of their count, which they follow.
	stored  keyTable
	members []int64
	// files holds the files rows of the batch's paths (nil: none), read a
	// chunk at a time (lookupRows) and then changed in memory until
	// commit writes the changed ones; ids holds whether each of the
	// batch's article ids is stored (or added by the batch).
	files map[string]*fileRow
	ids   map[string]bool
	fts   []ftsRow
	def   *deferred
}

type entityKey struct{ key, typ string }

// ftsRow is one FTS5 insert (or, with del, delete) held until the batch
// writes its gathered rows (every flushEvery new articles, and at commit):
// FTS5 writes its pending terms to disk at every statement savepoint, so
// interleaving its inserts with other statements would write one tiny
// segment per article instead of one per few hundred.
type ftsRow struct {
	del                                bool
	seq                                int64
	title, byline, body, names, quotes string
}

// flushFTS applies the batch's deferred FTS5 changes, in order.
func (b *batch) flushFTS() error {
	for _, r := range b.fts {
		q := "INSERT INTO fts (rowid, title, byline, body, entity_names, quote_text) VALUES (?, ?, ?, ?, ?, ?)"
		args := []any{r.seq, r.title, r.byline, r.body, r.names, r.quotes}
		if r.del {
			q = "INSERT INTO fts (fts, rowid, title, byline, body, entity_names, quote_text) VALUES ('delete', ?, ?, ?, ?, ?, ?)"
		}
		if _, err := b.exec(q, args...); err != nil {
			return err
		}
	}
	b.fts = b.fts[:0]
	return nil
}

// commit writes the deferred rows and commits the transaction.
func (b *batch) commit() error {
	if err := b.flushDerived(); err != nil {
		return err
	}
	if err := b.flushFiles(); err != nil {
		return err
	}
	if err := b.mergeBands(); err != nil {
		return err
	}
	if err := b.flushFTS(); err != nil {
		return err
	}
	b.close()
	if err := b.tx.Commit(); err != nil {
		if b.bandsSynced {
			b.store.bands.forget()
		}
		return fmt.Errorf("commit: %w", err)
	}
	b.committed()
	return nil
}

// begin starts a write transaction for a batch that may add up to
// articles articles (0: it adds none, a reindex).
func (s *Store) begin(ctx context.Context, articles int) (*batch, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &batch{
		// The statements run without ctx's cancellation: the driver starts
		// a goroutine per statement to watch a cancellable context, which
		// on an import's ~10 statements per article costs more scheduling
		// than the single writer can spare. Cancellation still ends the
		// batch: the transaction, begun with ctx, is rolled back by
		// database/sql when ctx ends, and importBatch checks ctx between
		// articles.
		ctx: context.WithoutCancel(ctx), tx: tx, stmts: map[string]*sql.Stmt{}, now: time.Now().Unix(),
		sites: map[[2]string]int64{}, stored: newKeyTable(articles * (news.Bands + news.MaxAnchors)), def: newDeferred(articles),
		files: make(map[string]*fileRow, articles), ids: make(map[string]bool, articles),
		store: s, fps: map[int64]news.Fingerprint{},
	}, nil
}

func (b *batch) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

func (b *batch) stmt(q string) (*sql.Stmt, error) {
	if st, ok := b.stmts[q]; ok {
		return st, nil
	}
	st, err := b.tx.PrepareContext(b.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare %.40q: %w", q, err)
	}
	b.stmts[q] = st
	return st, nil
}

func (b *batch) exec(q string, args ...any) (sql.Result, error) {
	st, err := b.stmt(q)
	if err != nil {
		return nil, err
	}
	r, err := st.ExecContext(b.ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("exec %.40q: %w", q, err)
	}
	return r, nil
}

// scan runs a one-row query; found is false (and err nil) when no row.
func (b *batch) scan(q string, args []any, dest ...any) (found bool, err error) {
	st, err := b.stmt(q)
	if err != nil {
		return false, err
	}
	err = st.QueryRowContext(b.ctx, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("query %.40q: %w", q, err)
	}
	return true, nil
}

type outcome int

const (
	outNew outcome = iota
	outVersion
	outUnchanged
)

// prepChunk is how many prepared inputs the writer takes at a time: one
// query looks up the band keys of a chunk.
const prepChunk = 64

// importBatch stores n prepared inputs, yielded in chunks, in one
// transaction.
func (s *Store) importBatch(ctx context.Context, n int, chunks iter.Seq[[]pending]) (_ ImportResult, err error) {
	s.importMu.Lock()
	defer s.importMu.Unlock()
	defer func() { err = withCause(ctx, err) }()
	var res ImportResult
	if err := s.restartWAL(ctx); err != nil {
		return res, err
	}
	b, err := s.begin(ctx, n)
	if err != nil {
		return res, err
	}
	defer b.close()
	committed := false
	defer func() {
		if !committed {
			b.tx.Rollback()
		}
	}()
	if err := b.syncBands(); err != nil {
		return res, err
	}
	for pend := range chunks {
		if err := b.lookupRows(pend); err != nil {
			return ImportResult{}, err
		}
		if err := b.lookupKeys(pend); err != nil {
			return ImportResult{}, err
		}
		for i := range pend {
			if err := ctx.Err(); err != nil {
				return ImportResult{}, err
			}
			out, err := b.add(&pend[i])
			if err != nil {
				return ImportResult{}, fmt.Errorf("%s: %w", describe(&pend[i].a), err)
			}
			switch out {
			case outNew:
				res.New++
			case outVersion:
				res.NewVersions++
			default:
				res.Unchanged++
			}
		}
		if len(b.fts) >= s.flushEvery {
			if err := b.flushDerived(); err != nil {
				return ImportResult{}, err
			}
			if err := b.flushFTS(); err != nil {
				return ImportResult{}, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return ImportResult{}, err
	}
	if err := b.commit(); err != nil {
		return ImportResult{}, err
	}
	committed = true
	s.ckpt.start()
	return res, nil
}

// withCause returns ctx's error in place of err once ctx has ended: a
// cancelled context rolls a batch back under its running statements, which
// then fail with sql.ErrTxDone, which would not say why.
func withCause(ctx context.Context, err error) error {
	if err != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func describe(a *news.Article) string {
	if a.Source.Path != "" {
		return a.Source.Path
	}
	return "article " + a.ID
}

// add stores one prepared article, or records it as unchanged.
func (b *batch) add(p *pending) (outcome, error) {
	a := &p.a
	path := a.Source.Path
	var fileHash, fileArticle string
	row := b.files[path]
	haveFile := row != nil
	if haveFile {
		fileHash, fileArticle = row.hash, row.article
	}
	if haveFile && fileHash == p.hash {
		return outUnchanged, nil
	}
	if b.ids[a.ID] {
		b.recordFile(p, haveFile, fileHash)
		return outUnchanged, nil
	}

	// Which stories does it belong to: the previous content of its path,
	// and every stored text it is a version of.
	var stories []string
	addStory := func(st string) {
		for _, s := range stories {
			if s == st {
				return
			}
		}
		stories = append(stories, st)
	}
	if !p.more && haveFile && fileArticle != "" && !strings.HasPrefix(fileHash, partialPrefix) {
		var st string
		ok, err := b.scan("SELECT story FROM articles WHERE id = ?", []any{fileArticle}, &st)
		if err != nil {
			return 0, err
		}
		if ok {
			addStory(st)
		}
	}
	if len(p.keys) > 0 {
		cands, err := b.candidates(p.keys)
		if err != nil {
			return 0, err
		}
		checked := 0
		for _, c := range cands {
			if checked >= maxCandidates {
				break
			}
			if contains(stories, c.story) {
				continue
			}
			checked++
			cfp, ok := b.fps[c.seq]
			if !ok {
				var body string
				if _, err := b.scan("SELECT body FROM articles WHERE seq = ?", []any{c.seq}, &body); err != nil {
					return 0, err
				}
				cfp = news.FingerprintText(strings.ReplaceAll(body, paraSep, "\n"))
			}
			if ok, _ := news.IsVersion(p.fp, cfp); ok {
				addStory(c.story)
			}
		}
	}

	out := outNew
	story := a.ID
	if len(stories) == 0 {
		if _, err := b.exec("INSERT INTO stories (id, size) VALUES (?, 1)", story); err != nil {
			return 0, err
		}
		b.def.newStories[story] = true
	} else {
		out = outVersion
		var err error
		if story, err = b.merge(stories); err != nil {
			return 0, err
		}
		if _, err := b.exec("UPDATE stories SET size = size + 1 WHERE id = ?", story); err != nil {
			return 0, err
		}
	}
	a.Story = story
	if out == outVersion && (a.Published == nil || a.DateSource == news.DateFile) {
		// An undated version takes its date as it is inserted, rather
		// than by an UPDATE that rewrites the whole row (body included)
		// and its date index entries right after.
		pub, reason, ok, err := b.earliestDated(story)
		if err != nil {
			return 0, err
		}
		if ok {
			t := time.Unix(pub, 0).UTC()
			a.Published, a.DateSource, a.DateReason = &t, news.DateInferred, reason
		}
	}

	siteID, err := b.siteID(a.Site, p.host)
	if err != nil {
		return 0, err
	}
	var published, updated any
	pubKey := int64(undatedKey)
	if a.Published != nil {
		pubKey = a.Published.Unix()
		published = pubKey
	}
	if a.Updated != nil {
		updated = a.Updated.Unix()
	}
	r, err := b.exec(`INSERT INTO articles (id, story, title, byline, site, site_id, url, source_path, source_kind,
		published, pub_key, date_source, date_reason, updated, language, body, captions, related, categories,
		entities, quotes, topics, entity_names, quote_text, content_hash, imported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.ID, story, a.Title, p.byline, a.Site, siteID, a.URL, path, string(a.Source.Kind),
		published, pubKey, string(a.DateSource), a.DateReason, updated, a.Language, p.body, p.capt, p.related, p.cats,
		p.ents, p.quotes, p.topics, p.names, p.qtext, p.hash, b.now)
	if err != nil {
		return 0, err
	}
	seq, err := r.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert article: %w", err)
	}
	b.ids[a.ID] = true
	b.fts = append(b.fts, ftsRow{seq: seq, title: a.Title, byline: p.byline, body: p.body, names: p.names, quotes: p.qtext})
	b.def.addBands(seq, p.keys, p.keyList)
	if len(p.keys) > 0 {
		b.fps[seq] = p.fp // by value: a pointer would keep the whole pending chunk alive
	}
	if err := b.addDerived(seq, story, &p.derived); err != nil {
		return 0, err
	}
	if out == outVersion {
		if err := b.inferDates(story); err != nil {
			return 0, err
		}
	}
	b.recordFile(p, haveFile, fileHash)
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// valuesList returns "(?, ?), (?, ?)..." for rows rows of cols columns.
func valuesList(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// fileRow is what the files table holds for a path; dirty marks a row
// the batch changed.
type fileRow struct {
	hash, article string
	dirty         bool
}

// recordFile remembers what the article's path holds now. For a file with
// several articles it records a partial marker until the last one arrives.
func (b *batch) recordFile(p *pending, haveFile bool, fileHash string) {
	path := p.a.Source.Path
	if path == "" {
		return
	}
	hash, article := p.hash, p.a.ID
	switch {
	case p.more:
		hash, article = partialPrefix+p.hash, ""
	case haveFile && fileHash == partialPrefix+p.hash:
		article = ""
	}
	b.files[path] = &fileRow{hash: hash, article: article, dirty: true}
}

// flushFiles writes the files rows the batch changed, in path order.
func (b *batch) flushFiles() error {
	var paths []string
	for path, row := range b.files {
		if row != nil && row.dirty {
			paths = append(paths, path)
		}
	}
	slices.Sort(paths)
	err := b.insertRows("INSERT INTO files (path, content_hash, article, imported_at)",
		" ON CONFLICT (path) DO UPDATE SET content_hash = excluded.content_hash, article = excluded.article, imported_at = excluded.imported_at",
		4, len(paths), func(i int) []any {
			row := b.files[paths[i]]
			return []any{paths[i], row.hash, row.article, b.now}
		})
	for _, path := range paths {
		b.files[path].dirty = false
	}
	return err
}

// lookupRows reads, for a chunk of articles, the files rows of their paths
// and which of their ids are stored: two queries instead of two per
// article. What the batch itself writes is kept in memory meanwhile.
func (b *batch) lookupRows(pend []pending) error {
	var paths, ids []string
	for i := range pend {
		if path := pend[i].a.Source.Path; path != "" {
			if !hasKey(b.files, path) {
				b.files[path] = nil
				paths = append(paths, path)
			}
		}
		if id := pend[i].a.ID; !hasKey(b.ids, id) {
			b.ids[id] = false
			ids = append(ids, id)
		}
	}
	if len(paths) > 0 {
		err := b.queryIn("SELECT path, content_hash, article FROM files WHERE path IN (%s)", paths,
			func(rows *sql.Rows) error {
				var path string
				var row fileRow
				if err := rows.Scan(&path, &row.hash, &row.article); err != nil {
					return err
				}
				b.files[path] = &row
				return nil
			})
		if err != nil {
			return fmt.Errorf("files: %w", err)
		}
	}
	if len(ids) > 0 {
		err := b.queryIn("SELECT id FROM articles WHERE id IN (%s)", ids,
			func(rows *sql.Rows) error {
				var id string
				if err := rows.Scan(&id); err != nil {
					return err
				}
				b.ids[id] = true
				return nil
			})
		if err != nil {
			return fmt.Errorf("article ids: %w", err)
		}
	}
	return nil
}

func hasKey[K comparable, V any](m map[K]V, k K) bool {
	_, ok := m[k]
	return ok
}

// queryIn runs q with its %s replaced by one bound parameter per value
// and calls scan for each row. Bound, not sent as a JSON array: a path
// need not be valid UTF-8, which JSON would replace.
func (b *batch) queryIn(q string, values []string, scan func(*sql.Rows) error) error {
	return rowChunks(len(values), func(start, end int) error {
		part := values[start:end]
		args := make([]any, len(part))
		for i, v := range part {
			args[i] = v
		}
		st, err := b.stmt(fmt.Sprintf(q, strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")))
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(b.ctx, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

type candidate struct {
	seq   int64
	story string
	hits  int
}

// bucketScan bounds how many members of one key's bucket are kept: a key
// shared by thousands of articles is boilerplate, and its newest members
// suffice to place a real version (as news.MaxBucketScan does in memory).
const bucketScan = 16

// lookupKeys reads from the band table the newest members of every key of
// pend not read yet in this batch. One query serves a chunk of articles:
// per-article lookups cost a statement each, and the table does not change
// until the batch commits its own keys (which d.keys holds meanwhile).
func (b *batch) lookupKeys(pend []pending) error {
	var todo []int64
	for i := range pend {
		for _, key := range pend[i].keys {
			if _, found := b.stored.ref(key); !found {
				todo = append(todo, key)
			}
		}
	}
	if len(todo) == 0 {
		return nil
	}
	slices.Sort(todo)
	var table []bandRow // newest first within a key
	if b.bandsMerged {
		// Until the first merge (the first 16,000 articles of an index)
		// there is nothing in bands to look up.
		var err error
		if table, err = b.bandMembers(todo); err != nil {
			return err
		}
	}
	// Merged keys are older than every key in the log: the log's members
	// come first, newest first, then the table's.
	next := 0
	for _, key := range todo {
		at := len(b.members)
		b.members = append(b.members, 0)
		b.members = b.store.bands.appendNewest(b.members, key, bucketScan)
		for next < len(table) && table[next].key < key {
			next++
		}
		for ; next < len(table) && table[next].key == key; next++ {
			if len(b.members)-at-1 < bucketScan {
				b.members = append(b.members, table[next].article)
			}
		}
		b.members[at] = int64(len(b.members) - at - 1)
		v, _ := b.stored.ref(key)
		*v = int32(at)
	}
	return nil
}

// bandMembers reads the bands rows of keys (sorted), in key order and
// newest first within a key.
func (b *batch) bandMembers(keys []int64) ([]bandRow, error) {
	list, err := json.Marshal(keys)
	if err != nil {
		return nil, fmt.Errorf("band keys: %w", err)
	}
	st, err := b.stmt(`SELECT b.key, b.article FROM json_each(?1) j CROSS JOIN bands b ON b.key = j.value
		ORDER BY b.key, b.article DESC`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(b.ctx, string(list))
	if err != nil {
		return nil, fmt.Errorf("band keys: %w", err)
	}
	defer rows.Close()
	var out []bandRow
	for rows.Next() {
		var r bandRow
		if err := rows.Scan(&r.key, &r.article); err != nil {
			return nil, fmt.Errorf("band keys: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("band keys: %w", err)
	}
	return out, nil
}

// storedMembers returns the newest stored members of key, read by
// lookupKeys.
func (b *batch) storedMembers(key int64) []int64 {
	at, ok := b.stored.get(key)
	if !ok {
		return nil
	}
	end := int64(at) + 1 + b.members[at]
	return b.members[at+1 : end : end]
}

// candidates returns the articles, stored or earlier in this batch, that
// share at least one of keys (read by lookupKeys), most shared keys first,
// at most 64.
func (b *batch) candidates(keys []int64) ([]candidate, error) {
	hits := map[int64]int{}
	for _, key := range keys {
		members := b.storedMembers(key)
		for _, seq := range members {
			hits[seq]++
		}
		// The batch's own articles (never among the stored members: the
		// in-memory log gets them only after the batch commits).
		b.def.keys.members(key, func(seq int64) {
			if !slices.Contains(members, seq) {
				hits[seq]++
			}
		})
	}
	if len(hits) == 0 {
		return nil, nil
	}
	cands := make([]candidate, 0, len(hits))
	for seq, n := range hits {
		cands = append(cands, candidate{seq: seq, hits: n})
	}
	slices.SortFunc(cands, func(x, y candidate) int { return cmp.Or(cmp.Compare(y.hits, x.hits), cmp.Compare(y.seq, x.seq)) })
	cands = cands[:min(len(cands), 64)]
	// Stories are read now, not with the keys: merges earlier in the batch
	// may have moved them.
	for i := range cands {
		if _, err := b.scan("SELECT story FROM articles WHERE seq = ?", []any{cands[i].seq}, &cands[i].story); err != nil {
			return nil, err
		}
	}
	return cands, nil
}

// merge unions stories into the largest one (ties: the smallest id) and
// returns it. Topic story counts are recomputed for the labels involved.
func (b *batch) merge(stories []string) (string, error) {
	if len(stories) == 1 {
		return stories[0], nil
	}
	// The merge reads and rewrites topic rows: the batch's must be there.
	if err := b.flushDerived(); err != nil {
		return "", err
	}
	type sz struct {
		id   string
		size int
	}
	var all []sz
	for _, st := range stories {
		var n int
		if _, err := b.scan("SELECT size FROM stories WHERE id = ?", []any{st}, &n); err != nil {
			return "", err
		}
		all = append(all, sz{st, n})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].size != all[j].size {
			return all[i].size > all[j].size
		}
		return all[i].id < all[j].id
	})
	target := all[0].id
	// The target now holds topic rows from the merged stories.
	delete(b.def.newStories, target)
	type label struct{ key, kind string }
	labels := map[label]bool{}
	for _, o := range all[1:] {
		rows, err := b.tx.QueryContext(b.ctx, `SELECT DISTINCT label_key, kind FROM topics
			WHERE article IN (SELECT seq FROM articles WHERE story = ?)`, o.id)
		if err != nil {
			return "", fmt.Errorf("merge stories: %w", err)
		}
		for rows.Next() {
			var l label
			if err := rows.Scan(&l.key, &l.kind); err != nil {
				rows.Close()
				return "", fmt.Errorf("merge stories: %w", err)
			}
			labels[l] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return "", fmt.Errorf("merge stories: %w", err)
		}
		for _, q := range []string{
			"UPDATE topics SET story = ?1 WHERE article IN (SELECT seq FROM articles WHERE story = ?2)",
			"UPDATE articles SET story = ?1 WHERE story = ?2",
			"UPDATE stories SET size = size + (SELECT size FROM stories WHERE id = ?2) WHERE id = ?1",
			"DELETE FROM stories WHERE id = ?2",
		} {
			if _, err := b.exec(q, target, o.id); err != nil {
				return "", fmt.Errorf("merge stories: %w", err)
			}
		}
	}
	for l := range labels {
		if _, err := b.exec(`UPDATE topic_stats SET stories = (SELECT COUNT(DISTINCT story) FROM topics
			WHERE label_key = ?1 AND kind = ?2) WHERE label_key = ?1 AND kind = ?2`, l.key, l.kind); err != nil {
			return "", fmt.Errorf("merge stories: %w", err)
		}
	}
	return target, nil
}

// earliestDated returns the date of the story's earliest explicitly dated
// version and the reason an undated version gives for taking it; ok is
// false when no version states a date.
func (b *batch) earliestDated(story string) (pub int64, reason string, ok bool, err error) {
	var id, title string
	ok, err = b.scan(`SELECT id, title, published FROM articles WHERE story = ? AND published IS NOT NULL
		AND date_source = 'explicit' ORDER BY published, seq LIMIT 1`, []any{story}, &id, &title, &pub)
	if err != nil || !ok {
		return 0, "", false, err
	}
	if r := []rune(title); len(r) > 60 {
		title = string(r[:59]) + "…"
	}
	reason = fmt.Sprintf("no date in the text; another version of this story, “%s” (%s), is dated %s",
		title, id, time.Unix(pub, 0).UTC().Format("2006-01-02"))
	return pub, reason, true, nil
}

// inferDates gives the undated versions of a story the date of its earliest
// explicitly dated version, marked inferred with the reason. A version
// dated only by its file's time takes it too: a sibling's stated date says
// more than when a file was last written.
func (b *batch) inferDates(story string) error {
	// Most stories have no version that needs a date: one probe of the
	// story's rows instead of a sorted query for the earliest date.
	var one int
	undated, err := b.scan("SELECT 1 FROM articles WHERE story = ? AND (published IS NULL OR date_source = 'file') LIMIT 1",
		[]any{story}, &one)
	if err != nil || !undated {
		return err
	}
	pub, reason, ok, err := b.earliestDated(story)
	if err != nil || !ok {
		return err
	}
	_, err = b.exec(`UPDATE articles SET published = ?1, pub_key = ?1, date_source = 'inferred', date_reason = ?2
		WHERE story = ?3 AND (published IS NULL OR date_source = 'file')`, pub, reason, story)
	return err
}

func (b *batch) siteID(name, host string) (int64, error) {
	k := [2]string{name, host}
	if id, ok := b.sites[k]; ok {
		return id, nil
	}
	key := siteKey(name) + " " + siteKey(host)
	if _, err := b.exec("INSERT INTO sites (name, host, key) VALUES (?, ?, ?) ON CONFLICT (name, host) DO NOTHING", name, host, key); err != nil {
		return 0, err
	}
	var id int64
	if _, err := b.scan("SELECT id FROM sites WHERE name = ? AND host = ?", []any{name, host}, &id); err != nil {
		return 0, err
	}
	b.sites[k] = id
	return id, nil
}

type topicRef struct {
	key, kind, label string
	weight           float64
}

// articleTopics lists an article's topic labels, each with its salience:
// Analyze's score for an auto topic (1 when the article carries no scores,
// as one read from JSON), 1 for a source category.
func articleTopics(a *news.Article) []topicRef {
	var out []topicRef
	seen := map[[2]string]bool{}
	add := func(label, kind string, w float64) {
		label = strings.TrimSpace(label)
		k := foldKey(label)
		if k == "" || seen[[2]string{k, kind}] {
			return
		}
		seen[[2]string{k, kind}] = true
		out = append(out, topicRef{k, kind, label, w})
	}
	scored := len(a.TopicScores) == len(a.Topics)
	for i, t := range a.Topics {
		w := 1.0
		if scored && a.TopicScores[i] > 0 {
			w = a.TopicScores[i]
		}
		add(t, "auto", w)
	}
	for _, c := range a.Categories {
		add(c, "source", 1)
	}
	return out
}

// derivedRows is what an article contributes to the derived tables, with
// its keys folded: computed in prepare, on every core, so that the writer
// only merges it into the batch's deferred rows.
type derivedRows struct {
	entities []entityRef
	speakers []entityRef
	topics   []topicRef
}

type entityRef struct {
	entityKey
	name    string
	count   int      // mentions (entities) or quotations (speakers)
	aliases []string // folded alias keys
}

// deriveRows folds an article's entities, speakers and topics into keyed
// rows: an entity once however many times it is listed, its mention count
// at least 1 (a byline organisation has no mentions); a speaker with the
// type of the entity of that name, else person.
func deriveRows(a *news.Article) derivedRows {
	var d derivedRows
	entities, speakers := map[entityKey]int{}, map[entityKey]int{}
	// ref returns the article's row for ek in list, adding it on first use.
	ref := func(list *[]entityRef, idx map[entityKey]int, ek entityKey, name string) *entityRef {
		i, ok := idx[ek]
		if !ok {
			i = len(*list)
			idx[ek] = i
			*list = append(*list, entityRef{entityKey: ek, name: name})
		}
		return &(*list)[i]
	}
	byName := map[string]news.EntityType{}
	for _, e := range a.Entities {
		ek := entityKey{foldKey(e.Name), string(e.Type)}
		if ek.key == "" {
			continue
		}
		byName[e.Name] = e.Type
		r := ref(&d.entities, entities, ek, e.Name)
		r.count += max(1, len(e.Mentions))
		for _, al := range e.Aliases {
			if k := foldKey(al); k != "" && !slices.Contains(r.aliases, k) {
				r.aliases = append(r.aliases, k)
			}
		}
	}
	for _, q := range a.Quotes {
		if strings.TrimSpace(q.Speaker) == "" {
			continue
		}
		typ, ok := byName[q.Speaker]
		if !ok {
			typ = news.Person
		}
		ek := entityKey{foldKey(q.Speaker), string(typ)}
		if ek.key == "" {
			continue
		}
		ref(&d.speakers, speakers, ek, q.Speaker).count++
	}
	d.topics = articleTopics(a)
	return d
}

// addDerived queues an article's entity, speaker and topic rows and their
// counter changes; flushDerived writes them.
func (b *batch) addDerived(seq int64, story string, rows *derivedRows) error {
	d := b.def
	for _, r := range rows.entities {
		e := d.entity(r.entityKey, r.name)
		for _, k := range r.aliases {
			if e.aliases == nil {
				e.aliases = map[string]bool{}
			}
			e.aliases[k] = true
		}
		e.articles++
		e.mentions += r.count
		d.mentions = append(d.mentions, derivedRow{r.entityKey, seq, r.count})
	}
	for _, r := range rows.speakers {
		d.entity(r.entityKey, r.name)
		d.said = append(d.said, derivedRow{r.entityKey, seq, r.count})
	}
	for _, t := range rows.topics {
		lk := labelKind{t.key, t.kind}
		sl := storyLabel{lk, story}
		had := d.storyLabels[sl]
		if !had && !d.newStories[story] {
			var one int
			var err error
			if had, err = b.scan("SELECT 1 FROM topics WHERE label_key = ? AND kind = ? AND story = ? LIMIT 1",
				[]any{t.key, t.kind, story}, &one); err != nil {
				return err
			}
		}
		d.storyLabels[sl] = true
		d.topics = append(d.topics, topicRow{lk, seq, story, t.weight})
		st := d.stats[lk]
		if st == nil {
			st = &topicDelta{label: t.label}
			d.stats[lk] = st
		}
		st.articles++
		st.weight += t.weight
		if !had {
			st.stories++
		}
	}
	return nil
}

// removeDerived undoes addDerived for one article.
func (b *batch) removeDerived(seq int64, story string) error {
	// It reads the derived tables, which must hold the batch's rows.
	if err := b.flushDerived(); err != nil {
		return err
	}
	rows, err := b.tx.QueryContext(b.ctx, "SELECT entity, count FROM mentions WHERE article = ?", seq)
	if err != nil {
		return fmt.Errorf("remove mentions: %w", err)
	}
	type ec struct{ id, n int64 }
	var ecs []ec
	for rows.Next() {
		var e ec
		if err := rows.Scan(&e.id, &e.n); err != nil {
			rows.Close()
			return fmt.Errorf("remove mentions: %w", err)
		}
		ecs = append(ecs, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("remove mentions: %w", err)
	}
	for _, e := range ecs {
		if _, err := b.exec("UPDATE entities SET articles = articles - 1, mentions = mentions - ? WHERE id = ?", e.n, e.id); err != nil {
			return err
		}
	}
	if _, err := b.exec("DELETE FROM mentions WHERE article = ?", seq); err != nil {
		return err
	}
	if _, err := b.exec("DELETE FROM said WHERE article = ?", seq); err != nil {
		return err
	}
	trows, err := b.tx.QueryContext(b.ctx, "SELECT label_key, kind, weight FROM topics WHERE article = ?", seq)
	if err != nil {
		return fmt.Errorf("remove topics: %w", err)
	}
	type labelWeight struct {
		key, kind string
		weight    float64
	}
	var labels []labelWeight
	for trows.Next() {
		var l labelWeight
		if err := trows.Scan(&l.key, &l.kind, &l.weight); err != nil {
			trows.Close()
			return fmt.Errorf("remove topics: %w", err)
		}
		labels = append(labels, l)
	}
	trows.Close()
	if err := trows.Err(); err != nil {
		return fmt.Errorf("remove topics: %w", err)
	}
	if _, err := b.exec("DELETE FROM topics WHERE article = ?", seq); err != nil {
		return err
	}
	for _, l := range labels {
		var one int
		still, err := b.scan("SELECT 1 FROM topics WHERE label_key = ? AND kind = ? AND story = ? LIMIT 1", []any{l.key, l.kind, story}, &one)
		if err != nil {
			return err
		}
		drop := 1
		if still {
			drop = 0
		}
		if _, err := b.exec("UPDATE topic_stats SET articles = articles - 1, stories = stories - ?, weight = weight - ? WHERE label_key = ? AND kind = ?",
			drop, l.weight, l.key, l.kind); err != nil {
			return err
		}
		if _, err := b.exec("DELETE FROM topic_stats WHERE label_key = ? AND kind = ? AND articles <= 0", l.key, l.kind); err != nil {
			return err
		}
	}
	return nil
}

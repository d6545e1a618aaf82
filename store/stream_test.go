package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"
)

// chunked yields inputs prepared in chunks of uneven sizes that straddle
// the store's transactions.
func chunked(in []Input) func(yield func([]Prepared) bool) {
	pattern := []int{1, 7, 64, 130, 3, 250}
	var sizes []int
	for i, k := 0, 0; i < len(in); k++ {
		n := min(pattern[k%len(pattern)], len(in)-i)
		sizes = append(sizes, n)
		i += n
	}
	return prepared(in, sizes...)
}

// storyOf maps each stored article to its story.
func storyOf(t *testing.T, s *Store) map[string]string {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), "SELECT id, story FROM articles")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, story string
		if err := rows.Scan(&id, &story); err != nil {
			t.Fatal(err)
		}
		out[id] = story
	}
	return out
}

func TestImportPreparedMatchesImport(t *testing.T) {
	skipUnderRace(t)
	in := corpusInputs(t, 900, 11)
	ctx := context.Background()
	ref := openTemp(t)
	ref.batchSize = 300
	want, err := ref.Import(ctx, in, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	s.batchSize = 300
	var progress []int
	got, err := s.ImportPrepared(ctx, chunked(in), ImportOptions{Progress: func(done, _ int) { progress = append(progress, done) }})
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("ImportPrepared %+v, Import %+v", got, want)
	}
	if len(progress) != 3 || progress[2] != len(in) {
		t.Errorf("progress after each transaction: %v, want three ending at %d", progress, len(in))
	}
	a, b := storyOf(t, ref), storyOf(t, s)
	if len(a) != len(b) {
		t.Fatalf("%d articles stored, want %d", len(b), len(a))
	}
	for id, st := range a {
		if b[id] != st {
			t.Errorf("article %s in story %s, Import put it in %s", id, b[id], st)
		}
	}
	checkConsistent(t, s)

	// Nothing yielded: nothing written, no empty transaction.
	if r, err := s.ImportPrepared(ctx, func(func([]Prepared) bool) {}, ImportOptions{}); err != nil || r != (ImportResult{}) {
		t.Errorf("empty import: %+v %v", r, err)
	}
}

func TestImportPreparedCancelledKeepsCommittedBatches(t *testing.T) {
	in := corpusInputs(t, 900, 12)
	s := openTemp(t)
	s.batchSize = 200
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := s.ImportPrepared(ctx, chunked(in), ImportOptions{Progress: func(done, _ int) {
		if done >= 400 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want cancelled", err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stored := res.New + res.NewVersions; stored != 400 || st.Articles != stored {
		t.Errorf("result %+v, %d articles stored; want the two committed batches", res, st.Articles)
	}
	checkConsistent(t, s)
}

// TestWALStartsOverDuringImport checks that checkpoints beside a long
// import let the WAL start over instead of growing with the import.
func TestWALStartsOverDuringImport(t *testing.T) {
	in := corpusInputs(t, 1200, 13)
	walSize := func(restart int) int64 {
		s := openTemp(t)
		s.batchSize = 100
		s.walRestart = restart
		if _, err := s.ImportPrepared(context.Background(), chunked(in), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		checkConsistent(t, s)
		fi, err := os.Stat(s.Path() + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	grown, restarted := walSize(1<<30), walSize(64)
	t.Logf("WAL after importing %d articles: %d KB never restarted, %d KB restarted past 64 pages", len(in), grown>>10, restarted>>10)
	if restarted > grown/3 {
		t.Errorf("WAL of %d KB with restarts, %d KB without: it did not start over", restarted>>10, grown>>10)
	}
}

// prepared yields the inputs as chunks of the given sizes, in order.
func prepared(in []Input, sizes ...int) func(yield func([]Prepared) bool) {
	return func(yield func([]Prepared) bool) {
		i := 0
		for _, n := range sizes {
			c := make([]Prepared, n)
			for j := range c {
				c[j] = Prepare(in[i+j])
			}
			i += n
			if !yield(c) {
				return
			}
		}
	}
}

// The batch keeps in memory what it writes: a copy of an article at a
// second path in a later chunk of the same transaction is unchanged, and
// both paths are recorded.
func TestSameArticleAtTwoPathsInOneTransaction(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 130, 21)
	for i := range in {
		in[i].Article.Source.Path = fmt.Sprintf("dir/%03d.txt", i)
	}
	dup := in[3]
	dup.Article.Source.Path = "copy/003.txt"
	in = append(in, dup)
	s := openTemp(t)
	res, err := s.ImportPrepared(ctx, prepared(in, 64, 64, 3), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Unchanged != 1 || res.New+res.NewVersions != 130 {
		t.Errorf("result %+v, want 130 stored and the copy unchanged", res)
	}
	for _, p := range []string{in[3].Article.Source.Path, dup.Article.Source.Path} {
		if known, err := s.Known(ctx, p, in[3].ContentHash); err != nil || !known {
			t.Errorf("Known(%s) = %v, %v; want true", p, known, err)
		}
	}
	checkConsistent(t, s)
}

// A path need not be valid UTF-8: its files row is found again, so a
// changed file there is a new version of its story.
func TestChangedFileAtNonUTF8Path(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 2, 22)
	path := "dir/\xff\xfe.txt"
	for i := range in {
		in[i].Article.Source.Path = path
	}
	s := openTemp(t)
	for i := range in {
		if _, err := s.ImportPrepared(ctx, prepared(in[i:i+1], 1), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.Stories != 1 {
		t.Errorf("%d articles in %d stories, want 2 versions of one story", st.Articles, st.Stories)
	}
}

// Cancelled inside a transaction: that transaction is rolled back, the
// committed ones stay, the error says why, and a re-run finishes.
func TestImportPreparedCancelledInsideATransaction(t *testing.T) {
	in := corpusInputs(t, 600, 23)
	s := openTemp(t)
	s.batchSize = 200
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sent := 0
	_, err := s.ImportPrepared(ctx, func(yield func([]Prepared) bool) {
		for i := 0; i < len(in); i += 50 {
			if sent == 300 {
				cancel() // 100 articles into the second transaction
			}
			c := make([]Prepared, 50)
			for j := range c {
				c[j] = Prepare(in[i+j])
			}
			sent += 50
			if !yield(c) {
				return
			}
		}
	}, ImportOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 200 {
		t.Errorf("%d articles stored, want the first transaction's 200", st.Articles)
	}
	checkConsistent(t, s)
	res, err := s.Import(context.Background(), in, ImportOptions{})
	if err != nil || res.Unchanged != 200 || res.New+res.NewVersions != 400 {
		t.Errorf("re-run: %+v %v", res, err)
	}
}

// A producer with nothing ready says so with an empty chunk; the store
// then commits rather than keep the write lock, so another writer on the
// same index does not wait for the producer.
func TestImportPreparedCommitsWhileProducerWaits(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 100, 24)
	s := openTemp(t)
	s.txHold = 20 * time.Millisecond
	other, err := Open(ctx, s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	first, rest := make([]Prepared, 50), make([]Prepared, 50)
	for i := range first {
		first[i], rest[i] = Prepare(in[i]), Prepare(in[50+i])
	}
	var setErr error
	var waited time.Duration
	var seen int
	res, err := s.ImportPrepared(ctx, func(yield func([]Prepared) bool) {
		if !yield(first) {
			return
		}
		time.Sleep(2 * s.txHold)
		if !yield(nil) { // nothing ready: the store commits
			return
		}
		start := time.Now()
		setErr = other.SetRead(ctx, first[0].p.a.ID, true)
		waited = time.Since(start)
		if st, err := other.Stats(ctx); err == nil {
			seen = st.Articles
		}
		yield(rest)
	}, ImportOptions{})
	if err != nil || res.New+res.NewVersions != 100 {
		t.Fatalf("import: %+v %v", res, err)
	}
	if setErr != nil || waited > time.Second {
		t.Errorf("another writer waited %v for the lock: %v", waited, setErr)
	}
	if seen != 50 {
		t.Errorf("readers saw %d articles while the producer waited, want the first chunk's 50", seen)
	}
	checkConsistent(t, s)
}

// TestFlushesWithinATransactionChangeNothing imports one corpus twice:
// writing FTS and derived rows only at each commit, and every few dozen
// articles inside the transactions. Stories, counters, derived rows and
// search results must be the same, and both indexes consistent.
func TestFlushesWithinATransactionChangeNothing(t *testing.T) {
	skipUnderRace(t)
	in := corpusInputs(t, 900, 12)
	ctx := context.Background()
	atCommit, often := openTemp(t), openTemp(t)
	atCommit.batchSize, atCommit.flushEvery = 300, 300
	often.batchSize, often.flushEvery = 300, 40
	for _, s := range []*Store{atCommit, often} {
		if _, err := s.ImportPrepared(ctx, chunked(in), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		checkConsistent(t, s)
	}
	for _, q := range []string{
		"SELECT id, story FROM articles",
		"SELECT id, published, date_source, date_reason FROM articles",
		"SELECT id, published FROM articles WHERE date_source = 'inferred'",
		"SELECT key, type, name, articles, mentions FROM entities",
		"SELECT e.key, e.type, a.id, m.count FROM mentions m JOIN entities e ON e.id = m.entity JOIN articles a ON a.seq = m.article",
		"SELECT e.key, e.type, a.id, s.count FROM said s JOIN entities e ON e.id = s.speaker JOIN articles a ON a.seq = s.article",
		"SELECT t.label_key, t.kind, a.id, t.story, t.weight FROM topics t JOIN articles a ON a.seq = t.article",
		"SELECT label_key, kind, label, articles, stories, round(weight, 9) FROM topic_stats",
		"SELECT a.id, l.keys FROM band_log l JOIN articles a ON a.seq = l.article",
		"SELECT a.id FROM fts JOIN articles a ON a.seq = fts.rowid WHERE fts MATCH 'minister OR police OR \"the government\"'",
	} {
		want, got := rowsOf(t, atCommit, q), rowsOf(t, often, q)
		if len(want) == 0 {
			t.Errorf("%s: no rows, the test proves nothing", q)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %d rows differ from the import that flushed only at commit (%d rows)", q, len(got), len(want))
		}
	}
}

// rowsOf returns a query's rows as sorted strings.
func rowsOf(t *testing.T, s *Store, q string) []string {
	t.Helper()
	rows, err := s.r.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestHasFiles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if has, err := s.HasFiles(ctx); err != nil || has {
		t.Fatalf("empty index: HasFiles %v %v, want false", has, err)
	}
	// corpusInputs gives no paths: files rows come with a source path.
	in := corpusInputs(t, 2, 2)
	for i := range in {
		in[i].Article.Source.Path = fmt.Sprintf("/news/%d.txt", i)
	}
	if _, err := s.Import(ctx, in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if has, err := s.HasFiles(ctx); err != nil || !has {
		t.Fatalf("after an import: HasFiles %v %v, want true", has, err)
	}
}

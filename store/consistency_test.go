package store

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

func corpusInputs(t testing.TB, n int, seed int64) []Input {
	t.Helper()
	var in []Input
	err := newstest.Corpus(n, seed, func(a news.Article) error {
		in = append(in, Input{Article: a, ContentHash: "h-" + a.ID})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// checkConsistent verifies the invariants import maintains: the FTS index
// matches the articles, story sizes and topic and entity counters match the
// rows they count, and SQLite's own checks pass.
func checkConsistent(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.w.ExecContext(ctx, "INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)"); err != nil {
		t.Errorf("fts integrity-check: %v", err)
	}
	var ok string
	// On the writer: a reader connection's PRAGMA integrity_check can use
	// FTS5's cached segment structure from before the last write and report
	// a missing blob (queries on it re-validate and are correct).
	if err := s.w.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q %v", ok, err)
	}
	checks := map[string]string{
		"story sizes":     "SELECT COUNT(*) FROM stories st WHERE size <> (SELECT COUNT(*) FROM articles WHERE story = st.id)",
		"orphan articles": "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM stories WHERE id = a.story)",
		"topic stories":   "SELECT COUNT(*) FROM topics t WHERE t.story <> (SELECT story FROM articles WHERE seq = t.article)",
		"topic counts": `SELECT COUNT(*) FROM topic_stats s WHERE articles <> (SELECT COUNT(*) FROM topics t WHERE t.label_key = s.label_key AND t.kind = s.kind)
			OR stories <> (SELECT COUNT(DISTINCT story) FROM topics t WHERE t.label_key = s.label_key AND t.kind = s.kind)`,
		"missing topic stats": "SELECT COUNT(*) FROM topics t WHERE NOT EXISTS (SELECT 1 FROM topic_stats s WHERE s.label_key = t.label_key AND s.kind = t.kind)",
		"topic weights": `SELECT COUNT(*) FROM topic_stats s WHERE ABS(weight - (SELECT COALESCE(SUM(weight), 0) FROM topics t
			WHERE t.label_key = s.label_key AND t.kind = s.kind)) > 1e-6 * articles`,
		"entity counts": `SELECT COUNT(*) FROM entities e WHERE articles <> (SELECT COUNT(*) FROM mentions WHERE entity = e.id)
			OR mentions <> (SELECT COALESCE(SUM(count), 0) FROM mentions WHERE entity = e.id)`,
		"band orphans":     "SELECT COUNT(*) FROM bands b WHERE NOT EXISTS (SELECT 1 FROM articles WHERE seq = b.article)",
		"band log orphans": "SELECT COUNT(*) FROM band_log b WHERE NOT EXISTS (SELECT 1 FROM articles WHERE seq = b.article)",
		"partial files":    "SELECT COUNT(*) FROM files WHERE article <> '' AND NOT EXISTS (SELECT 1 FROM articles WHERE id = files.article)",
	}
	for name, q := range checks {
		var n int
		if err := s.r.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d bad rows, %v", name, n, err)
		}
	}
	rows, err := s.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	if rows.Next() {
		t.Errorf("foreign key violations")
	}
	rows.Close()
	checkBandIndex(t, s)
}

// checkBandIndex verifies that the import's in-memory copy of band_log,
// when it has one, holds exactly the log's keys.
func checkBandIndex(t *testing.T, s *Store) {
	t.Helper()
	x := s.bands
	x.mu.Lock()
	defer x.mu.Unlock()
	if !x.loaded {
		return
	}
	rows, err := s.r.QueryContext(context.Background(), "SELECT j.value, l.article FROM band_log l, json_each(l.keys) j ORDER BY 1, 2")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var logged []bandRow
	for rows.Next() {
		var r bandRow
		if err := rows.Scan(&r.key, &r.article); err != nil {
			t.Fatal(err)
		}
		logged = append(logged, r)
	}
	if !slices.Equal(logged, x.rows) {
		t.Errorf("band index: %d rows in memory, %d in band_log, not the same", len(x.rows), len(logged))
	}
}

func TestCancelledImportIsConsistentAndResumable(t *testing.T) {
	in := corpusInputs(t, 1200, 7)
	ref := openTemp(t)
	full, err := ref.Import(context.Background(), in, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := ref.Stats(context.Background())
	// The generator makes a fifth of stories with 1-3 versions; detection
	// should find nearly all of them.
	if full.NewVersions < len(in)/10 {
		t.Errorf("only %d of %d articles joined a story", full.NewVersions, len(in))
	}
	t.Logf("corpus of %d: %+v, %d stories", len(in), full, want.Stories)

	// Cancel at several moments after the first batch committed, so the
	// cut lands inside later batches' transactions.
	for _, delay := range []time.Duration{0, 40 * time.Millisecond} {
		s := openTemp(t)
		s.batchSize = 300 // several transactions, to cut between
		ctx, cancel := context.WithCancel(context.Background())
		res, err := s.Import(ctx, in, ImportOptions{Progress: func(done, total int) {
			if done == s.batchSize {
				time.AfterFunc(delay, cancel)
			}
		}})
		cancel()
		if err == nil {
			t.Logf("delay %v: import finished before the cancel", delay)
		}
		st, err := s.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		stored := res.New + res.NewVersions
		if st.Articles != stored || stored%s.batchSize != 0 && stored != len(in) {
			t.Fatalf("delay %v: result %+v but %d articles stored", delay, res, st.Articles)
		}
		checkConsistent(t, s)

		// Re-running finishes the work and ends where an uninterrupted
		// import does.
		res2, err := s.Import(context.Background(), in, ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res2.Unchanged != stored || stored+res2.New+res2.NewVersions != len(in) {
			t.Fatalf("delay %v: resume %+v after %+v", delay, res2, res)
		}
		checkConsistent(t, s)
		got, _ := s.Stats(context.Background())
		if got.Articles != want.Articles || got.Stories != want.Stories {
			t.Errorf("delay %v: resumed index %+v differs from uninterrupted %+v", delay, got, want)
		}
		t.Logf("delay %v: cut after %d articles", delay, stored)
	}
}

// TestReadWhileImporting lists and searches from several goroutines while
// an import writes: readers must never see an error (WAL, busy timeout).
func TestReadWhileImporting(t *testing.T) {
	in := corpusInputs(t, 1200, 11)
	s := openTemp(t)
	s.batchSize = 300 // several transactions, for readers to meet
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	var reads atomic.Int64
	errs := make(chan error, 16)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ctx.Err() == nil {
				var err error
				switch w {
				case 0:
					var p Page
					p, err = s.List(ctx, ListOptions{Limit: 50})
					if err == nil && p.Next != nil {
						_, err = s.List(ctx, ListOptions{Limit: 50, After: p.Next})
					}
				case 1:
					_, err = s.Search(ctx, "said", 20)
				default:
					_, err = s.Count(ctx, ListOptions{Query: "has:versions"})
					if err == nil {
						_, err = s.Topics(ctx)
					}
				}
				if err != nil && ctx.Err() == nil {
					errs <- err
					return
				}
				reads.Add(1)
			}
		}(w)
	}
	// A state change from the "UI" while the import holds the writer.
	res, err := s.Import(context.Background(), in, ImportOptions{Progress: func(done, total int) {
		if done == s.batchSize {
			go func() {
				if err := s.SetRead(context.Background(), in[0].Article.ID, true); err != nil {
					errs <- err
				}
			}()
		}
	}})
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("reader: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if res.New+res.NewVersions != len(in) {
		t.Errorf("import: %+v", res)
	}
	if reads.Load() == 0 {
		t.Error("no reads happened during the import")
	}
	checkConsistent(t, s)
}

func TestKeysetPagingVisitsEveryArticleOnce(t *testing.T) {
	in := corpusInputs(t, 400, 3)
	s := openTemp(t)
	if _, err := s.Import(context.Background(), in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var after *Cursor
	var prev *Summary
	for pages := 0; ; pages++ {
		p, err := s.List(context.Background(), ListOptions{Limit: 64, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for i := range p.Items {
			it := p.Items[i]
			if seen[it.ID] {
				t.Fatalf("%s listed twice", it.ID)
			}
			seen[it.ID] = true
			if prev != nil && prev.Published != nil && it.Published != nil && it.Published.After(*prev.Published) {
				t.Fatalf("not newest first: %v after %v", it.Published, prev.Published)
			}
			if prev != nil && prev.Published == nil && it.Published != nil {
				t.Fatalf("dated article after an undated one")
			}
			prev = &p.Items[i]
		}
		if p.Next == nil {
			break
		}
		after = p.Next
	}
	if len(seen) != len(in) {
		t.Errorf("paged %d articles, stored %d", len(seen), len(in))
	}
}

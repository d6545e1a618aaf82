package store

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/verso-news/verso/news"
)

// Band keys merged from band_log into bands must place versions exactly
// as keys that never moved: the same corpus gives the same stories whether
// the recent keys are merged every few batches or never.
func TestMergedBandKeysFindTheSameStories(t *testing.T) {
	skipUnderRace(t)
	ctx := context.Background()
	in := corpusInputs(t, 1200, 7)
	stories := func(recent int64) (map[string]string, *Store) {
		t.Helper()
		s, err := Open(ctx, filepath.Join(t.TempDir(), "v.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			checkConsistent(t, s)
			s.Close()
		})
		s.recentBands = recent
		for start := 0; start < len(in); start += 100 {
			if _, err := s.Import(ctx, in[start:min(start+100, len(in))], ImportOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		return storyOf(t, s), s
	}
	never, _ := stories(1 << 40)
	// Merged at every batch of 100 articles, and every third or fourth.
	some, _ := stories(20000)
	often, s := stories(5000) // about 80 articles' keys
	if len(never) != len(often) || len(never) != len(some) {
		t.Fatalf("%d articles without merges, %d and %d with", len(never), len(some), len(often))
	}
	versions := 0
	for id, st := range never {
		if often[id] != st || some[id] != st {
			t.Errorf("article %s: story %s without merges, %s and %s with", id, st, some[id], often[id])
		}
		if st != id {
			versions++
		}
	}
	if versions == 0 {
		t.Fatal("the corpus has no versions: the test shows nothing")
	}
	var recent, merged int64
	if err := s.r.QueryRowContext(ctx, "SELECT (SELECT COUNT(*) FROM band_log l, json_each(l.keys)), (SELECT COUNT(*) FROM bands)").Scan(&recent, &merged); err != nil {
		t.Fatal(err)
	}
	if merged == 0 || recent >= 5000+100*64 {
		t.Errorf("after merges: %d recent, %d merged band rows", recent, merged)
	}
	checkConsistent(t, s)
	t.Logf("%d articles, %d in a story with another, %d merged and %d recent band rows", len(never), versions, merged, recent)
}

// Two writers on one index (two verso processes importing in turn) each
// keep band_log in memory: each must see the keys the other logged, and
// the other's merges, and place versions as one writer does.
func TestBandLogSharedByTwoWriters(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 1200, 7)
	place := func(stores ...*Store) map[string]string {
		t.Helper()
		for i, start := 0, 0; start < len(in); i, start = i+1, start+100 {
			s := stores[i%len(stores)]
			if _, err := s.Import(ctx, in[start:min(start+100, len(in))], ImportOptions{}); err != nil {
				t.Fatal(err)
			}
			// The writer of the last batch holds the log as it is.
			checkBandIndex(t, s)
		}
		out := map[string]string{}
		rows, err := stores[0].r.QueryContext(ctx, "SELECT id, story FROM articles")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, story string
			if err := rows.Scan(&id, &story); err != nil {
				t.Fatal(err)
			}
			out[id] = story
		}
		return out
	}
	one := openTemp(t)
	want := place(one)
	path := filepath.Join(t.TempDir(), "shared.db")
	var two []*Store
	for range 2 {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		s.recentBands = 20000 // a merge every few batches, by either writer
		two = append(two, s)
	}
	got := place(two...)
	for id, st := range want {
		if got[id] != st {
			t.Errorf("article %s: story %s with one writer, %s with two", id, st, got[id])
		}
	}
	// Each writer, once it has begun another batch, holds the log as it
	// is, also after the other merged the log into bands.
	two[1].recentBands = 1
	for _, s := range []*Store{two[1], two[0]} {
		if _, err := s.Import(ctx, in[:1], ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		checkConsistent(t, s)
	}
}

// The radix sort of band rows must order them as (key, article) when they
// come in article order, shared keys included.
func TestSortByKeyStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 100, 130000} {
		rows := make([]bandRow, n)
		for i := range rows {
			k := r.Int64N(1 << 47)
			if i%7 == 6 {
				k = rows[r.IntN(i)].key // a key shared with an earlier article
			}
			rows[i] = bandRow{k, int64(i / 64)}
		}
		want := slices.Clone(rows)
		slices.SortFunc(want, compareBandRows)
		sortByKeyStable(rows)
		if !slices.Equal(rows, want) {
			t.Fatalf("%d rows: not in (key, article) order", n)
		}
	}
	// Keys outside 0..2^48 (never made by BandKeys) still sort.
	odd := []bandRow{{5, 1}, {-3, 2}, {1 << 50, 3}, {5, 4}}
	if sortByKeyStable(odd); !slices.Equal(odd, []bandRow{{-3, 2}, {5, 1}, {5, 4}, {1 << 50, 3}}) {
		t.Errorf("odd keys: %v", odd)
	}
}

// A batch that fails while reading the log (here an unreadable row another
// writer left) must not keep a partial copy: the next batch reads the log
// again, and a merge then moves every logged key into bands.
func TestBandLogReadFailureLosesNothing(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 300, 7)
	path := filepath.Join(t.TempDir(), "v.db")
	var two [2]*Store
	for i := range two {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		two[i] = s
	}
	a, b := two[0], two[1]
	if _, err := a.Import(ctx, in[:100], ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Import(ctx, in[100:200], ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.w.ExecContext(ctx, "INSERT INTO band_log (article, keys) VALUES (1000000, '[1,x]')"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Import(ctx, in[200:210], ImportOptions{}); err == nil {
		t.Fatal("an unreadable band_log row was read without an error")
	}
	if _, err := b.w.ExecContext(ctx, "DELETE FROM band_log WHERE article = 1000000"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Import(ctx, in[200:210], ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, a)
	a.recentBands = 1 // the next batch merges the log
	if _, err := a.Import(ctx, in[210:211], ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var lost int
	if err := a.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM bands WHERE article = a.seq)
		AND NOT EXISTS (SELECT 1 FROM band_log WHERE article = a.seq)`).Scan(&lost); err != nil {
		t.Fatal(err)
	}
	if lost > 0 {
		t.Errorf("%d articles have no band key left after the merge", lost)
	}
}

// Batches of one Store imported from several goroutines take turns: the
// in-memory log must not read a batch's rows both from the table and from
// the batch.
func TestConcurrentImportsIntoOneStore(t *testing.T) {
	ctx := context.Background()
	in := corpusInputs(t, 800, 7)
	s := openTemp(t)
	s.batchSize = 2 // many commits, for batches to meet
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			if _, err := s.Import(ctx, in[g*200:(g+1)*200], ImportOptions{}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	checkConsistent(t, s)
}

// A text that repeats a passage repeats anchors; each key is logged once
// per article, so the article holds one place in a key's bucket.
func TestRepeatedPassageLogsEachKeyOnce(t *testing.T) {
	ctx := context.Background()
	a := news.Article{Title: "Repeat"}
	p := "The council voted on Tuesday to close the old bridge for repairs that will last until the spring, officials said in a statement."
	for range 6 {
		a.Paragraphs = append(a.Paragraphs, p)
	}
	a.Paragraphs = append(a.Paragraphs, "Other words follow here so that the text is not only the repeated passage at all.")
	s := openTemp(t)
	if _, err := s.Import(ctx, []Input{{Article: a}}, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var dups int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) - COUNT(DISTINCT j.value) FROM band_log l, json_each(l.keys) j`).Scan(&dups); err != nil {
		t.Fatal(err)
	}
	if dups != 0 {
		t.Errorf("%d repeated keys in the article's log row", dups)
	}
}

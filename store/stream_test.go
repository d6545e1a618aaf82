package store

import (
	"context"
	"errors"
	"os"
	"testing"
)

// chunked yields inputs prepared in chunks of uneven sizes that straddle
// the store's transactions.
func chunked(in []Input) func(yield func([]Prepared) bool) {
	sizes := []int{1, 7, 64, 130, 3, 250}
	return func(yield func([]Prepared) bool) {
		for i, k := 0, 0; i < len(in); k++ {
			n := min(sizes[k%len(sizes)], len(in)-i)
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

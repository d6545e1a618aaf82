package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
	"github.com/verso-news/verso/store"
)

// writeCorpus writes n generated articles as text dumps, one file each,
// and returns the directory.
func writeCorpus(t *testing.T, n int, seed int64) string {
	t.Helper()
	dir := t.TempDir()
	i := 0
	must(t, newstest.Corpus(n, seed, func(a news.Article) error {
		i++
		return os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.txt", i)), []byte(textDump(a)), 0o644)
	}))
	return dir
}

func TestImportCancelledThenResumed(t *testing.T) {
	dir := writeCorpus(t, 2600, 3)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "v.db"))
	must(t, err)
	defer st.Close()

	// Cut once a first transaction has committed (2,000 articles, or
	// fewer when parsing is slow: see store.ImportPrepared), inside the next.
	cut, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		for cut.Err() == nil {
			if s, err := st.Stats(ctx); err == nil && s.Articles > 0 {
				cancel()
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	if _, err := (&importer{st: st}).run(cut, []string{dir}, fileOpener()); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled import: %v, want context.Canceled", err)
	}
	first, err := st.Stats(ctx)
	must(t, err)

	// The files stored before the cut are skipped, the rest imported.
	sum, err := (&importer{st: st}).run(ctx, []string{dir}, fileOpener())
	must(t, err)
	if first.Articles == 0 || first.Articles == 2600 || sum.Failed != 0 || sum.Files != 2600 ||
		sum.New+sum.NewVersions+sum.Unchanged != 2600 || sum.Unchanged != first.Articles {
		t.Errorf("resumed import: %+v after %d stored", sum.ImportResult, first.Articles)
	}
	got, err := st.Stats(ctx)
	must(t, err)
	if got.Articles != 2600 {
		t.Errorf("%d articles after resuming, want 2600", got.Articles)
	}
	t.Logf("cut after %d articles; resumed: %+v", first.Articles, sum.ImportResult)
}

// TestImportBigArchiveInParts imports one JSON Lines file of more articles
// than analysisPart, which is analysed in parts on every free core.
func TestImportBigArchiveInParts(t *testing.T) {
	var lines []string
	must(t, newstest.Corpus(2*analysisPart+37, 5, func(a news.Article) error {
		b, err := json.Marshal(a)
		lines = append(lines, string(b))
		return err
	}))
	path := filepath.Join(t.TempDir(), "archive.jsonl")
	must(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	db := filepath.Join(t.TempDir(), "v.db")
	code, out, stderr := runVerso(t, db, "import", "--json", path)
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	var sum importSummary
	must(t, json.Unmarshal([]byte(out), &sum))
	if sum.New+sum.NewVersions != len(lines) || sum.Failed != 0 {
		t.Errorf("archive of %d: %+v", len(lines), sum)
	}
	// Recorded as imported once whole: a second run skips it.
	code, out, _ = runVerso(t, db, "import", "--json", path)
	sum = importSummary{}
	must(t, json.Unmarshal([]byte(out), &sum))
	if code != exitOK || sum.Unchanged != 1 || sum.New+sum.NewVersions != 0 {
		t.Errorf("second import: exit %d, %+v", code, sum)
	}
}

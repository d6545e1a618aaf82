package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
	"github.com/verso-news/verso/store"
)

// BenchmarkImportTextFiles measures `verso import DIR` end to end on
// generated articles written as plain-text dumps like the seeds (date and
// banner line, title, byline, paragraphs), one file each: reading, parsing,
// cleaning, analysis, storing and closing the index (its last checkpoint),
// on all cores, into an empty index. This,
// not the store benchmark alone, is the figure for DESIGN.md's import
// target. VERSO_BENCH_IMPORT_N sets the number of articles (5,000).
func BenchmarkImportTextFiles(b *testing.B) {
	n := 5000
	if v, err := strconv.Atoi(os.Getenv("VERSO_BENCH_IMPORT_N")); err == nil && v > 0 {
		n = v
	}
	dir := b.TempDir()
	written := 0
	err := newstest.Corpus(n, 42, func(a news.Article) error {
		written++
		return os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.txt", written)), []byte(textDump(a)), 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	cpu0 := newstest.CPUTime()
	for b.Loop() {
		b.StopTimer()
		st, err := store.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		im := &importer{st: st}
		sum, err := im.run(ctx, []string{dir}, fileOpener())
		if err != nil {
			b.Fatal(err)
		}
		if got := sum.New + sum.NewVersions; got != n || sum.Failed != 0 {
			b.Fatalf("imported %d of %d, %d failed: %+v", got, n, sum.Failed, sum.Failures)
		}
		// Timed too: closing checkpoints the WAL, and `verso import` ends
		// only when that is done.
		if err := st.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64((newstest.CPUTime()-cpu0).Microseconds())/float64(n*b.N), "cpu-µs/article")
}

// textDump renders an article the way the seed dumps are laid out.
func textDump(a news.Article) string {
	var sb strings.Builder
	if a.Published != nil {
		fmt.Fprintf(&sb, " date %s Support %s!\n", a.Published.Format("2006-01-02"), a.Site)
	}
	sb.WriteString(a.Title + "\n\n")
	if len(a.Byline) > 0 {
		sb.WriteString("By " + strings.Join(a.Byline, " and ") + "\n\n")
	}
	for _, p := range a.Paragraphs {
		sb.WriteString(p + "\n\n")
	}
	return sb.String()
}

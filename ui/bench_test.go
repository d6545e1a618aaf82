package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
	"github.com/verso-news/verso/store"
)

// benchDB returns an index of n generated articles, built once into the
// temp dir (VERSO_BENCH_DIR overrides) and reused by later runs, since
// building a million rows takes minutes.
func benchDB(b *testing.B, n int) string {
	b.Helper()
	dir := os.Getenv("VERSO_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("verso-ui-bench-%d.db", n))
	if _, err := os.Stat(path + ".done"); err == nil {
		return path
	}
	os.Remove(path)
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	start := time.Now()
	batch := make([]store.Input, 0, 2000)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		_, err := st.Import(ctx, batch, store.ImportOptions{})
		batch = batch[:0]
		return err
	}
	err = newstest.Corpus(n, 1, func(a news.Article) error {
		batch = append(batch, store.Input{Article: a, ContentHash: a.ID})
		if len(batch) == cap(batch) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built %s with %d articles in %s", path, n, time.Since(start).Round(time.Second))
	if err := os.WriteFile(path+".done", nil, 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// benchModel opens the 100k index (1M with VERSO_BENCH_1M) and a 120x40
// model on it, closing the index when the benchmark ends.
func benchModel(b *testing.B) (*Model, *harness) {
	b.Helper()
	n := 100_000
	if os.Getenv("VERSO_BENCH_1M") != "" {
		n = 1_000_000
	}
	ctx := context.Background()
	st, err := store.Open(ctx, benchDB(b, n))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	m, err := New(ctx, st, Options{Config: &Config{}, Width: 120, Height: 40, Theme: "dark"})
	if err != nil {
		b.Fatal(err)
	}
	h := &harness{t: b, m: m}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	return m, h
}

// firstFrame does what start-up does before the first useful frame: open
// the index, build the model, load the first page, draw.
func firstFrame(b *testing.B, path string) string {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	m, err := New(ctx, st, Options{Config: &Config{}, Width: 120, Height: 40, Theme: "dark"})
	if err != nil {
		b.Fatal(err)
	}
	// the first page is the only call the first frame waits for; the count
	// and the background colour arrive after it
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m.Update(m.list.fetch(nil)())
	f := m.View().Content
	if len(m.list.items) == 0 {
		b.Fatal("first frame has no rows")
	}
	return f
}

func BenchmarkFirstFrame(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			if n > 100_000 && os.Getenv("VERSO_BENCH_1M") == "" {
				b.Skip("set VERSO_BENCH_1M=1 to build and use the 1M-article index")
			}
			path := benchDB(b, n)
			b.ResetTimer()
			for b.Loop() {
				firstFrame(b, path)
			}
		})
	}
}

// BenchmarkScrollKey measures a key press to the redrawn frame while
// scrolling the list: Update plus View, as the program does on each key.
// Page loads the scrolling triggers run as commands off the input path, as
// in the program; they are executed between iterations, untimed, and
// measured on their own as page-ms.
func BenchmarkScrollKey(b *testing.B) {
	m, h := benchModel(b)
	h.process(m.list.fetch(nil)())
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	var lat, pages []time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		_, cmd := m.Update(down)
		_ = m.View().Content
		lat = append(lat, time.Since(t0))
		if cmd != nil {
			b.StopTimer()
			t1 := time.Now()
			h.process(cmd())
			pages = append(pages, time.Since(t1))
			b.StartTimer()
		}
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	if len(pages) > 0 {
		var sum time.Duration
		for _, p := range pages {
			sum += p
		}
		b.ReportMetric(float64(sum.Microseconds())/float64(len(pages))/1000, "page-ms")
	}
	b.ReportMetric(float64(len(m.list.items)), "rows-loaded")
}

// BenchmarkSearchAfterTyping measures from the end of typing (the
// debounce firing) to the frame with results, on the 100k (or 1M) index,
// over a mix of queries.
func BenchmarkSearchAfterTyping(b *testing.B) {
	m, h := benchModel(b)
	h.send(openSearchMsg{})
	queries := []string{"minister", "government said", `"prime minister"`, "elect*", "talks -war", "site:reuters", "said:minister", "after:2024-01-01 budget"}
	// The first run of each query reads its pages from the file (the
	// connection's cache is cold); later ones are what a user refining or
	// repeating a search sees. Both are reported: p95 over all runs, and
	// warm-p95 without each query's first run.
	var lat, warm []time.Duration
	i := 0
	b.ResetTimer()
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		m.search.input.SetValue(q)
		m.search.seq++
		t0 := time.Now()
		h.send(searchDebounceMsg{seq: m.search.seq})
		_ = m.View().Content
		d := time.Since(t0)
		lat = append(lat, d)
		if i > len(queries) {
			warm = append(warm, d)
		}
		if m.search.err != nil {
			b.Fatalf("%s: %v", q, m.search.err)
		}
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	if len(warm) > 0 {
		slices.Sort(warm)
		b.ReportMetric(percentileMS(warm, 95), "warm-p95-ms")
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(percentileMS(lat, 50), "p50-ms")
	b.ReportMetric(percentileMS(lat, 95), "p95-ms")
	b.ReportMetric(percentileMS(lat, 99), "p99-ms")
}

// percentileMS is the pct-th percentile of sorted, non-empty lat in
// milliseconds.
func percentileMS(lat []time.Duration, pct int) float64 {
	return float64(lat[min(len(lat)*pct/100, len(lat)-1)].Microseconds()) / 1000
}

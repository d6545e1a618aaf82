package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// BenchmarkImport measures import throughput on generated articles in
// batches of 2,000, as `verso import` sends them. "analyzed" runs news.Analyze
// on every article (on all cores, overlapping the store's work on the
// previous batch, as the importer does) and counts its time; "stored"
// imports the same articles analysed beforehand, outside the timer, so it
// measures the store alone on realistic entities, quotes and topics.
func BenchmarkImport(b *testing.B) {
	const n = 5000
	in := corpusInputs(b, n, 42)
	analysed := slices.Clone(in)
	news.AnalyzeAll(len(analysed), func(i int) *news.Article { return &analysed[i].Article })
	for _, analyze := range []bool{false, true} {
		name := "stored"
		if analyze {
			name = "analyzed"
		}
		b.Run(name, func(b *testing.B) {
			cpu0 := newstest.CPUTime()
			for b.Loop() {
				b.StopTimer()
				s, err := Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				batches := make(chan []Input, 1)
				go func() {
					defer close(batches)
					for start := 0; start < n; start += DefaultBatchSize {
						end := min(start+DefaultBatchSize, n)
						batch := analysed[start:end]
						if analyze {
							batch = slices.Clone(in[start:end])
							news.AnalyzeAll(len(batch), func(i int) *news.Article { return &batch[i].Article })
						}
						batches <- batch
					}
				}()
				for batch := range batches {
					if _, err := s.Import(context.Background(), batch, ImportOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
			// CPU seconds of the whole process (all cores) per article:
			// on a machine shared with other work this, not wall time,
			// says what import costs.
			b.ReportMetric(float64((newstest.CPUTime()-cpu0).Microseconds())/float64(n*b.N), "cpu-µs/article")
		})
	}
}

// benchStore opens (building once, then reusing) an index of n generated
// articles under $VERSO_BENCH_DIR or the system temp directory. The size
// defaults to 100k; VERSO_BENCH_N overrides it (1000000 for the 1M figures).
// VERSO_BENCH_DB names an existing index to measure as it is.
func benchStore(b *testing.B) (*Store, int) {
	b.Helper()
	ctx := context.Background()
	if path := os.Getenv("VERSO_BENCH_DB"); path != "" {
		// An existing index, used as it is, whatever its size.
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		return s, st.Articles
	}
	n := 100_000
	if v := os.Getenv("VERSO_BENCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("VERSO_BENCH_N: %v", err)
		}
	}
	dir := os.Getenv("VERSO_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("verso-bench-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if st, err := s.Stats(ctx); err == nil && st.Articles == n {
			return s, n
		}
		s.Close()
		os.Remove(path)
	}
	start := time.Now()
	s, err := buildCorpusDB(ctx, path, n)
	if err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("built %s: %d articles in %v, %.0f MB", path, n, time.Since(start).Round(time.Second), float64(fi.Size())/1e6)
	return s, n
}

func buildCorpusDB(ctx context.Context, path string, n int) (*Store, error) {
	s, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	batch := make([]Input, 0, DefaultBatchSize)
	flush := func() error {
		_, err := s.Import(ctx, batch, ImportOptions{})
		batch = batch[:0]
		return err
	}
	err = newstest.Corpus(n, 1, func(a news.Article) error {
		batch = append(batch, Input{Article: a, ContentHash: "h-" + a.ID})
		if len(batch) == DefaultBatchSize {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// benchQueries are searches of every kind: common and rare words, names,
// phrases, prefixes, fields and filters.
var benchQueries = []string{
	"government", "minister police", "lavrov", "\"foreign minister\"", "sanctions -oil",
	"kremlin", "refugees border", "tashkent", "climat*", "title:risk", "by:afp", "quote:peace",
	"said:rakhmon", "entity:\"Sergei Lavrov\"", "topic:energy", "site:capitalwire", "ceasefire after:2024-01-01",
	"crisis on:2021-07", "has:versions drought", "is:unread talks", "kalomer", "praostzem",
	"\"the united\"", "warned OR urged", "russia nato", "vaccine", "elections", "courts", "fire rescue", "budget tax",
}

func percentiles(ds []time.Duration) (median, p95 time.Duration) {
	slices.Sort(ds)
	return ds[len(ds)/2], ds[min(len(ds)-1, len(ds)*95/100)]
}

func reportLatency(b *testing.B, ds []time.Duration) {
	med, p95 := percentiles(ds)
	b.ReportMetric(float64(med.Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}

// BenchmarkSearch runs each of benchQueries per iteration (limit 50, with
// snippets) and reports the median and 95th percentile over all searches.
func BenchmarkSearch(b *testing.B) {
	s, n := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	var ds []time.Duration
	var hits int
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		cpu0 := newstest.CPUTime()
		for b.Loop() {
			for _, q := range benchQueries {
				t0 := time.Now()
				h, err := s.Search(ctx, q, 50)
				if err != nil {
					b.Fatalf("%s: %v", q, err)
				}
				ds = append(ds, time.Since(t0))
				hits += len(h)
			}
		}
		reportLatency(b, ds)
		b.ReportMetric(float64((newstest.CPUTime()-cpu0).Microseconds())/1000/float64(len(ds)), "cpu-ms/search")
	})
	if hits == 0 {
		b.Error("no search found anything")
	}
}

// BenchmarkSearchEach reports each query's own latency, to see which kinds
// are slow.
func BenchmarkSearchEach(b *testing.B) {
	s, _ := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	for _, q := range benchQueries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Search(ctx, q, 50); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkList measures the first page (50 rows, what the TUI shows on
// start), a deep page reached by keyset, and filtered first pages.
func BenchmarkList(b *testing.B) {
	s, n := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	// A cursor about 90% down the list, found once by paging.
	var deep *Cursor
	for i, after := 0, (*Cursor)(nil); i < 200; i++ {
		p, err := s.List(ctx, ListOptions{Limit: 1000, After: after})
		if err != nil {
			b.Fatal(err)
		}
		if p.Next == nil || (i+1)*1000 >= n*9/10 {
			deep = p.Next
			break
		}
		after = p.Next
	}
	cases := []struct {
		name string
		opts ListOptions
	}{
		{"first-page", ListOptions{Limit: 50}},
		{"deep-page", ListOptions{Limit: 50, After: deep}},
		{"topic", ListOptions{Limit: 50, Topic: "energy"}},
		{"query-word", ListOptions{Limit: 50, Query: "lavrov"}},
		{"query-common-word", ListOptions{Limit: 50, Query: "government"}},
		{"query-site-unread", ListOptions{Limit: 50, Query: "site:capitalwire is:unread"}},
		{"starred", ListOptions{Limit: 50, Query: "is:starred"}},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("n=%d/%s", n, c.name), func(b *testing.B) {
			var ds []time.Duration
			for b.Loop() {
				t0 := time.Now()
				if _, err := s.List(ctx, c.opts); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(t0))
			}
			reportLatency(b, ds)
		})
	}
}

// BenchmarkOpen measures opening the index and reading the first page and
// the topic list, as the TUI does before its first frame, and reports the
// process's resident memory afterwards.
func BenchmarkOpen(b *testing.B) {
	s, n := benchStore(b)
	path := s.Path()
	s.Close()
	ctx := context.Background()
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		var ds []time.Duration
		for b.Loop() {
			t0 := time.Now()
			s, err := Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.List(ctx, ListOptions{Limit: 50}); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Topics(ctx); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t0))
			s.Close()
		}
		reportLatency(b, ds)
		// Resident memory with the index open after a list, a topic list
		// and a few searches: the TUI's working set.
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		s.List(ctx, ListOptions{Limit: 50})
		s.Topics(ctx)
		for _, q := range benchQueries[:10] {
			s.Search(ctx, q, 50)
		}
		b.ReportMetric(rssMB(), "rss-MB")
	})
}

// rssMB reads the resident set size of this process from /proc (0 where
// that does not exist).
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

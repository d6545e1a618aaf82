package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// allPages pages through a search limit results at a time and returns the
// results of every page in order.
func allPages(t *testing.T, s *Store, q string, limit int, after *SearchCursor) []Hit {
	t.Helper()
	var all []Hit
	for range maxLimit + 1 {
		page, err := s.SearchPage(context.Background(), SearchOptions{Query: q, Limit: limit, After: after})
		if err != nil {
			t.Fatalf("%s: page after %d results: %v", q, len(all), err)
		}
		all = append(all, page.Hits...)
		if page.Next == nil {
			return all
		}
		after = page.Next
	}
	t.Fatalf("%s: pages of %d never end", q, limit)
	return nil
}

// sameList fails unless got holds the results of want in the same order
// with the same scores and snippets, each once.
func sameList(t *testing.T, what string, got, want []Hit) {
	t.Helper()
	seen := map[string]bool{}
	for i, h := range got {
		if seen[h.ID] {
			t.Fatalf("%s: %s twice (again at %d)", what, h.ID, i)
		}
		seen[h.ID] = true
		if i >= len(want) {
			t.Fatalf("%s: %d results, want %d", what, len(got), len(want))
		}
		if w := want[i]; h.ID != w.ID || h.Score != w.Score || h.Snippet != w.Snippet {
			t.Fatalf("%s: result %d is %s (score %v), want %s (score %v)", what, i, h.ID, h.Score, w.ID, w.Score)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d results, want %d", what, len(got), len(want))
	}
}

// checkPaging pages through each query with pages of several sizes and
// checks that the pages, put together, are the one list a single call
// returns, and that the first page is what Search returns.
func checkPaging(t *testing.T, s *Store, queries []string, sizes ...int) {
	t.Helper()
	ctx := context.Background()
	for _, q := range queries {
		one, err := s.SearchPage(ctx, SearchOptions{Query: q, Limit: maxLimit})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if one.Next != nil || len(one.Hits) > maxLimit {
			t.Errorf("%s: one call of %d: %d results and a next page", q, maxLimit, len(one.Hits))
		}
		if len(one.Hits) == 0 {
			t.Errorf("%s: no results", q)
		}
		for _, n := range sizes {
			sameList(t, fmt.Sprintf("%s in pages of %d", q, n), allPages(t, s, q, n, nil), one.Hits)
			first, err := s.Search(ctx, q, n)
			if err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			sameList(t, fmt.Sprintf("Search(%s, %d)", q, n), first, one.Hits[:min(n, len(one.Hits))])
		}
	}
}

// corpusStore imports n generated articles into a new index in batches,
// as `verso import` sends them.
func corpusStore(t *testing.T, n int, seed int64) *Store {
	t.Helper()
	s := openTemp(t)
	in := corpusInputs(t, n, seed)
	for i := 0; i < len(in); i += DefaultBatchSize {
		if _, err := s.Import(context.Background(), in[i:min(i+DefaultBatchSize, len(in))], ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// The pages of a search are one ranked list, on a generated archive large
// enough for every way of ranking: bm25 tiers (words in fewer than 2,000
// articles, ORed past 2,000 matches, filtered), recentTier's tiers of 500
// and of 200 with filters (a word in every article, a prefix), and
// filters alone by keyset; each query has more results than a tier holds
// or than the cap. Then what happens between two pages (articles
// imported, results marked read) neither repeats a result nor leaves one
// out: the rest of the list is what it was when the first page was asked
// for.
func TestSearchPages(t *testing.T) {
	skipUnderRace(t)
	ctx := context.Background()
	s := corpusStore(t, 3000, 7)
	checkPaging(t, s, []string{
		"said",                   // recentTier, tiers of 500, capped at 1,000
		"said site:capitalwire",  // recentTier with a filter: tiers of 200
		"elect*",                 // a prefix: recentTier, 700 results
		"crisis",                 // bm25, one tier
		"government OR minister", // bm25 past 2,000 matches: capped in the first tier
		"(government OR minister) site:capitalwire", // bm25, first tier filtered, then the older matches
		"site:capitalwire",                          // filters only: List's keyset
		"is:unread",                                 // filters only, capped at 1,000
	}, 50, 7, 333)

	// A cursor is for its own query, and asking again with it brings the
	// same page (a retry).
	page, err := s.SearchPage(ctx, SearchOptions{Query: "said", Limit: 50})
	if err != nil || page.Next == nil {
		t.Fatalf("said: %d results, next %v, %v", len(page.Hits), page.Next, err)
	}
	if _, err := s.SearchPage(ctx, SearchOptions{Query: "sai", After: page.Next}); err == nil || !strings.Contains(err.Error(), `cursor is for the search "said"`) {
		t.Errorf("a cursor of another query: %v", err)
	}
	a, errA := s.SearchPage(ctx, SearchOptions{Query: "said", Limit: 50, After: page.Next})
	b, errB := s.SearchPage(ctx, SearchOptions{Query: "said", Limit: 50, After: page.Next})
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	sameList(t, "the same page asked twice", b.Hits, a.Hits)

	for i, q := range []string{"said", "said is:unread", "elect* is:unread", "crisis is:unread", "is:unread"} {
		one, err := s.SearchPage(ctx, SearchOptions{Query: q, Limit: maxLimit})
		if err != nil {
			t.Fatal(err)
		}
		want := one.Hits
		first, err := s.SearchPage(ctx, SearchOptions{Query: q, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		// Newer articles, most of them matching, and the first page read.
		if _, err := s.Import(ctx, corpusInputs(t, 100, int64(8+i)), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		for _, h := range first.Hits {
			if err := s.SetRead(ctx, h.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		got := append(first.Hits, allPages(t, s, q, 50, first.Next)...)
		if q != "is:unread" {
			sameList(t, q+" after an import and marks between pages", got, want)
			continue
		}
		// Filters alone page by keyset along the dates: the newer articles
		// take their places in the rest of the list. Still nothing twice,
		// and the articles that were to follow all follow, in their order,
		// up to the cap.
		old := map[string]bool{}
		for _, h := range want {
			old[h.ID] = true
		}
		var kept []Hit
		for _, h := range got {
			if old[h.ID] {
				kept = append(kept, h)
			}
		}
		if len(got) != maxLimit || len(kept) >= maxLimit {
			t.Fatalf("%s: %d results, %d of them from before the import", q, len(got), len(kept))
		}
		sameList(t, q+" after an import and marks between pages, without the new articles", kept, want[:len(kept)])
	}
}

// The same on real articles: the pages of the Mozilla Readability set
// (about 130 web pages), in pages of a few results.
func TestSearchPagesOnRealData(t *testing.T) {
	in := mozillaInputs(t, 1000)
	s := openTemp(t)
	if _, err := s.Import(context.Background(), in, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	checkPaging(t, s, []string{"the", "web OR browser", "develop*", "said -firefox", "is:unread", "after:2010-01-01"}, 1, 6, 50)
}

// BenchmarkSearchNextPage measures the second page of 50 of each of
// benchQueries, asked for with the first page's cursor (the first page
// outside the timer), with the median and 95th percentile.
func BenchmarkSearchNextPage(b *testing.B) {
	s, n := benchStore(b)
	defer s.Close()
	ctx := context.Background()
	b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
		var ds []time.Duration
		for b.Loop() {
			for _, q := range benchQueries {
				b.StopTimer()
				first, err := s.SearchPage(ctx, SearchOptions{Query: q, Limit: 50})
				if err != nil {
					b.Fatalf("%s: %v", q, err)
				}
				b.StartTimer()
				if first.Next == nil {
					continue
				}
				t0 := time.Now()
				if _, err := s.SearchPage(ctx, SearchOptions{Query: q, Limit: 50, After: first.Next}); err != nil {
					b.Fatalf("%s: %v", q, err)
				}
				ds = append(ds, time.Since(t0))
			}
		}
		reportLatency(b, ds)
	})
}

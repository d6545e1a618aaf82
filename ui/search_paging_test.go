package ui

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
	"github.com/verso-news/verso/store"
)

// On the real index, scrolling a search to its end shows, page after
// page, the one list a single search of every result returns: bm25 for a
// word in every article, recentTier for a prefix.
func TestSearchPagesOnRealStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "verso.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var in []store.Input
	if err := newstest.Corpus(260, 3, func(a news.Article) error {
		in = append(in, store.Input{Article: a, ContentHash: "h-" + a.ID})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Import(ctx, in, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"said", "sa*"} {
		want, err := st.Search(ctx, q, searchMax)
		if err != nil || len(want) <= 2*searchPage {
			t.Fatalf("%s: %d results, %v; want more than two pages", q, len(want), err)
		}
		h := newHarness(t, st, 100, 30, true)
		h.keys("/" + q)
		for range len(want) / h.m.search.visibleHits() {
			h.keys("<pgdown>")
		}
		got := h.m.search.hits
		if len(got) != len(want) || h.m.search.next != nil {
			t.Fatalf("%s: %d results shown after scrolling to the end (more: %v), want %d", q, len(got), h.m.search.next != nil, len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID {
				t.Fatalf("%s: result %d is %s, want %s", q, i, got[i].ID, want[i].ID)
			}
		}
	}
}

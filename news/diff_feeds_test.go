package news_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// TestSeedsThroughFeeds runs the seeds through the real pipeline (the feeds
// text cleaner, then Analyze for quotes) and checks what issue 3 asks of
// their diff: headline change, the added paragraphs, common paragraphs equal
// or small word edits, and "some 85%" → "about 85%".
func TestSeedsThroughFeeds(t *testing.T) {
	dir := newstest.DataDir(t, "seeds")
	parse := func(name string) *news.Article {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		as, err := feeds.Parse(context.Background(), path, data)
		if err != nil || len(as) != 1 {
			t.Fatalf("parse %s: %d articles, %v", name, len(as), err)
		}
		a := &as[0]
		news.Analyze(a)
		return a
	}
	old, new := parse("000_fbd83e62e615d0ef.txt"), parse("002_0e0766ed69e2ed85.txt")
	if ok, sim := news.IsVersion(news.FingerprintOf(old), news.FingerprintOf(new)); !ok {
		t.Errorf("parsed seeds are not versions (similarity %.2f)", sim)
	}
	d := news.DiffArticles(old, new)
	t.Logf("summary: %s", d.Summary)
	if !d.Summary.HeadlineChanged {
		t.Error("headline change not reported")
	}
	var added []string
	for _, b := range d.Blocks {
		switch b.Op {
		case news.OpInsert:
			added = append(added, b.Right)
		case news.OpDelete:
			t.Errorf("paragraph reported removed: %.60q", b.Left)
		case news.OpEdit:
			if !b.Minor && b.Similarity < 0.5 {
				t.Errorf("common paragraph shown as a rewrite (similarity %.2f): %.60q", b.Similarity, b.Right)
			}
		}
	}
	all := strings.Join(added, "\n")
	for _, want := range []string{"The White House had tried", "But everyone understands that the mission failed", "The Taliban is a terrorist organization"} {
		if !strings.Contains(all, want) {
			t.Errorf("added paragraph %q not reported; added: %q", want, added)
		}
	}
	t.Logf("quotes added %q, removed %q", d.Summary.QuotesAdded, d.Summary.QuotesRemoved)
	if !slices.ContainsFunc(d.Summary.QuotesAdded, func(q string) bool { return strings.Contains(q, "mission failed") }) {
		t.Errorf("added quote not reported: %q", d.Summary.QuotesAdded)
	}
	if !slices.Contains(d.Summary.NumbersChanged, news.NumberChange{Old: "some 85%", New: "about 85%"}) {
		t.Errorf("numbers changed %v", d.Summary.NumbersChanged)
	}
}

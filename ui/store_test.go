package ui

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verso-news/verso/feeds"
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
	"github.com/verso-news/verso/store"
)

// openSeedStore imports the two seed documents into a fresh index, as
// `verso import` does.
func openSeedStore(t *testing.T) *store.Store {
	t.Helper()
	dir := newstest.DataDir(t, "seeds")
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "verso.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var inputs []store.Input
	for _, name := range []string{"000_fbd83e62e615d0ef.txt", "002_0e0766ed69e2ed85.txt"} {
		path := filepath.Join(dir, name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		arts, err := feeds.Parse(ctx, path, raw)
		if err != nil || len(arts) != 1 {
			t.Fatalf("parse %s: %d articles, %v", path, len(arts), err)
		}
		news.Analyze(&arts[0])
		sum := sha256.Sum256(raw)
		inputs = append(inputs, store.Input{Article: arts[0], ContentHash: hex.EncodeToString(sum[:])})
	}
	if _, err := st.Import(ctx, inputs, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSeedsOnRealStore walks the seeds through every screen on the real
// index: list with the version badge, search, reader with Lavrov's quotes,
// versions side by side with the later version's additions.
func TestSeedsOnRealStore(t *testing.T) {
	st := openSeedStore(t)
	h := newHarness(t, st, 120, 40, true)
	h.wantText("2 versions", "Yesterday") // testNow is 17 July 2021
	h.keys("/lavrov")
	h.wantText("2 results for lavrov")
	h.keys("<enter>")
	h.wantText("By AFP", "Lavrov", "1 other version", "‹Sergei Lavrov›")
	// the entity colours reach the body
	if !strings.Contains(h.frame(), h.m.c.styles.EntitySGR[news.Person]) {
		t.Error("no person highlighted in the seed")
	}
	h.keys("v")
	h.wantText("versions 1 ↔ 2 of 2", "older ", "newer ", "headline changed", "added")
	h.keys("n")
	h.wantText("change 1/")
	h.keys("<esc><esc><esc>")
	h.wantText("All articles")
	// state goes to the index
	h.keys("s")
	page, err := st.List(context.Background(), store.ListOptions{Query: "is:starred", Limit: 10})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("starred in index: %d, %v", len(page.Items), err)
	}
	// the topic sidebar loads from the index (automatic topics need
	// recurrence across stories, so one story may have none)
	h.keys("t")
	h.wantText("All articles")
	if h.m.list.topicErr != nil || len(h.m.list.topics) == 0 {
		t.Fatalf("topics: %+v %v", h.m.list.topics, h.m.list.topicErr)
	}
}

// TestHostileOnRealStore stores the hostile article and shows it: whatever
// the store keeps, nothing reaches the terminal but text and colour.
func TestHostileOnRealStore(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "verso.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := hostile()
	if _, err := st.Import(ctx, []store.Input{{Article: a, ContentHash: "x"}}, store.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, 160, 50, true)
	assertInert(t, h.frame())
	h.keys("<enter>")
	assertInert(t, h.frame())
	h.keys("<esc>/evil")
	assertInert(t, h.frame())
}

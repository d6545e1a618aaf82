package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/verso-news/verso/news"
)

// TestListStatusCounts shows the filter, the position, the number of
// articles and how many are unread, and keeps the unread count right when
// an article is read (opened, or m) without reloading the list.
func TestListStatusCounts(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 100, 20, true)
	h.wantText("1 of 4 articles · 4 unread")
	h.keys("m")
	h.wantText("1 of 4 articles · 3 unread")
	h.keys("m")
	h.wantText("4 unread")
	// opening an article marks it read
	h.keys("j<enter>")
	h.keys("<esc>")
	h.wantText("2 of 4 articles · 3 unread")
	h.keys("t")
	h.keys("j<enter>") // topic: afghanistan
	h.wantText("topic: afghanistan · 1 of 2 articles · 1 unread")
	h.keys("mm")
	h.wantText("1 of 2 articles · 1 unread")
	h.keys("jm")
	h.wantText("2 of 2 articles · all read")
	// narrow: the counts shrink before the help goes
	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	h.wantText("2/2 · all read")
	h.send(tea.WindowSizeMsg{Width: 20, Height: 5})
	h.wantText("2/2")
}

// TestUnreadCountForRowsNotLoaded reads an article the list has not paged
// in yet (opened from search): the store counts again.
func TestUnreadCountForRowsNotLoaded(t *testing.T) {
	var arts []news.Article
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 250; i++ {
		p := base.Add(time.Duration(i) * time.Hour)
		arts = append(arts, news.Article{ID: fmt.Sprintf("id%05d", i), Story: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("Article %03d", i), Site: "example.org", Published: &p, DateSource: news.DateExplicit, Paragraphs: []string{"text"}})
	}
	h := newHarness(t, newFakeSource(arts...), 100, 20, true)
	h.wantText("1 of 250 articles · 250 unread")
	h.keys("/Article 007")
	h.keys("<enter>")
	h.wantText("Article 007")
	h.keys("<esc><esc>")
	h.wantText("1 of 250 articles · 249 unread")
	if len(h.m.list.items) != pageSize {
		t.Fatalf("the list loaded %d rows to count; want one page", len(h.m.list.items))
	}
}

// TestThousands formats counts for the status line.
func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 12: "12", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

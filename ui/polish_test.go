package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

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

// TestVersionsAtTinySizes keeps some of the diff on screen however small
// the terminal: the header shrinks to one line, then goes.
func TestVersionsAtTinySizes(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 120, 40, true)
	h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"})
	h.wantText("older ", "newer ", "versions 1 ↔ 2 of 2")
	for _, sz := range [][2]int{{20, 5}, {30, 4}, {100, 10}, {60, 3}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		f := h.text()
		checkFits(t, fmt.Sprintf("versions at %dx%d", sz[0], sz[1]), h.frame(), sz[0], sz[1])
		lines := strings.Split(f, "\n")
		if len(lines) != sz[1] {
			t.Fatalf("at %dx%d the frame has %d lines:\n%s", sz[0], sz[1], len(lines), f)
		}
		// some diff text (a paragraph of the story) between header and status
		diff := strings.Join(lines[:len(lines)-1], "\n")
		if !strings.Contains(diff, "Russian") || strings.Contains(diff, "older ") {
			t.Fatalf("at %dx%d no diff on screen, or the full header:\n%s", sz[0], sz[1], f)
		}
	}
	h.send(tea.WindowSizeMsg{Width: 20, Height: 5})
	h.wantText("v1 ↔ v2 of 2")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.wantText("older ", "newer ", "versions 1 ↔ 2 of 2 · headline changed")
}

func longArticle() news.Article {
	var paras []string
	for i := 0; i < 60; i++ {
		w := "filler"
		if i == 40 {
			w = "needle"
		}
		paras = append(paras, fmt.Sprintf("Paragraph %d says %s things about the long story that goes on and on so that it wraps over several lines.", i, w))
	}
	return news.Article{ID: "l0000000000000001", Story: "long", Title: "A long article", Site: "example.org",
		Published: tp("2021-07-17T12:00:00Z"), DateSource: news.DateExplicit, Paragraphs: paras}
}

// TestResizeKeepsPlace grows every screen back from 20x5: the selection,
// the current match and the end of the text stay on screen and the frame
// fills the window.
func TestResizeKeepsPlace(t *testing.T) {
	var arts []news.Article
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 300; i++ {
		p := base.Add(time.Duration(i) * 7 * time.Hour)
		arts = append(arts, news.Article{ID: fmt.Sprintf("id%05d", i), Story: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("Article %d", i), Site: "example.org", Published: &p, DateSource: news.DateExplicit})
	}
	arts = append(arts, longArticle())
	arts = append(arts, seedLike()...)
	roundTrip := func(h *harness) {
		for _, sz := range [][2]int{{20, 5}, {120, 40}, {20, 5}, {80, 24}} {
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, fmt.Sprintf("%dx%d", sz[0], sz[1]), h.frame(), sz[0], sz[1])
		}
	}
	filled := func(h *harness) {
		t.Helper()
		lines := strings.Split(h.text(), "\n")
		if len(lines) != 24 || strings.TrimSpace(lines[len(lines)-2]) == "" {
			t.Fatalf("frame does not fill 80x24:\n%s", h.text())
		}
	}

	t.Run("list", func(t *testing.T) {
		h := newHarness(t, newFakeSource(arts...), 80, 24, true)
		for i := 0; i < 150; i++ {
			h.keys("j")
		}
		want := h.m.list.items[h.m.list.sel].Title
		roundTrip(h)
		h.wantText(want, "151 of 305 articles")
		filled(h)
		// near the top, the top of the list fills the window again
		h.keys("g")
		h.keys("jj")
		roundTrip(h)
		h.wantText("Today", "3 of 305")
		filled(h)
	})

	t.Run("reader end", func(t *testing.T) {
		h := newHarness(t, newFakeSource(arts...), 80, 24, true)
		h.send(openArticleMsg{id: "l0000000000000001"})
		h.keys("G")
		h.wantText("Paragraph 59", "100%")
		roundTrip(h)
		h.wantText("Paragraph 59", "100%")
		filled(h)
	})

	t.Run("reader middle", func(t *testing.T) {
		h := newHarness(t, newFakeSource(arts...), 80, 24, true)
		h.send(openArticleMsg{id: "l0000000000000001"})
		for i := 0; i < 60; i++ {
			h.keys("j")
		}
		before := h.m.reader.vp.ScrollPercent()
		roundTrip(h)
		if after := h.m.reader.vp.ScrollPercent(); after < before-0.1 || after > before+0.1 {
			t.Fatalf("scrolled %.0f%% before resizing, %.0f%% after", before*100, after*100)
		}
	})

	t.Run("reader match", func(t *testing.T) {
		h := newHarness(t, newFakeSource(arts...), 80, 24, true)
		h.send(openArticleMsg{id: "l0000000000000001"})
		h.keys("/needle<enter>")
		h.wantText("needle", "/needle 1/1")
		for _, sz := range [][2]int{{20, 5}, {120, 40}, {30, 8}, {80, 24}} {
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			if !strings.Contains(strings.ReplaceAll(h.text(), "\n", " "), "needle") {
				t.Fatalf("at %dx%d the current match is off screen:\n%s", sz[0], sz[1], h.text())
			}
		}
	})

	t.Run("versions change", func(t *testing.T) {
		h := newHarness(t, newFakeSource(arts...), 120, 40, true)
		h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"})
		h.keys("nn")
		h.wantText("change 2/2")
		for _, sz := range [][2]int{{20, 5}, {120, 40}, {80, 24}, {20, 8}} {
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := &h.m.versions
			line := v.rendered.changes[v.change]
			if top := v.vp.YOffset(); line < top || line >= top+v.vp.Height() {
				t.Fatalf("at %dx%d change %d (line %d) is off screen (lines %d-%d)", sz[0], sz[1], v.change+1, line, top, top+v.vp.Height())
			}
		}
		h.keys("n")
		h.wantText("change 1/2")
	})
}

// TestHelpSpeaksForTheScreen names the screen in the help title and
// describes shared keys for what they do there.
func TestHelpSpeaksForTheScreen(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 120, 40, true)
	h.keys("?")
	h.wantText("verso — keys · article list")
	h.keys("x")
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.wantText("/ find · ? help")
	h.keys("?")
	h.wantText("verso — keys · reader", "/ find in article", "n next match", "open version")
	h.keys("x")
	h.keys("v")
	h.wantText("n/N change", "[/] newer side", "{/} older side", "? help")
	h.keys("?")
	h.wantText("verso — keys · versions side by side", "next change", "previous change")
	// narrower than the columns: they stack instead of being cut off
	h.keys("x<esc>")
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.keys("?")
	h.wantText("verso — keys · reader", "ctrl+c quit", "y     copy link", "Highlights")
	h.wantNoText("…")
}

// TestFindShowsCountWhileTyping counts the matches on the query line as
// the find in an article is typed.
func TestFindShowsCountWhileTyping(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 80, 24, true)
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.keys("/nat")
	h.wantText("/nat", "2 matches")
	h.keys("ox")
	h.wantText("no match")
	h.keys("<esc>")
	h.wantNoText("no match")
}

// TestReaderSaysWhatKeysDid confirms m, s and y in the reader's status
// line, as news rather than in the error colour.
func TestReaderSaysWhatKeysDid(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.send(openArticleMsg{id: "a1000000000000001"})
	st := h.m.c.styles
	for _, c := range []struct{ key, want string }{{"m", "marked unread"}, {"m", "marked read"}, {"s", "starred"}, {"s", "star removed"}, {"y", "link sent to the clipboard"}, {"Q", "quote highlights off"}, {"Q", "quote highlights on"}, {"E", "entity highlights off"}} {
		h.keys(c.key)
		if f := h.frame(); !strings.Contains(f, st.Status.Render(c.want)) {
			t.Fatalf("after %s the status line lacks %q as news:\n%s", c.key, c.want, h.text())
		}
	}
	h.keys("j")
	h.wantNoText("entity highlights off")
}

// Two Escapes read at once arrive as alt+esc; they go back twice, as two
// presses would, instead of being ignored.
func TestDoubleEscapeGoesBackTwice(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.keys("<enter>")
	if h.m.screen != screenReader {
		t.Fatalf("enter did not open the reader (screen %v)", h.m.screen)
	}
	h.keys("/")
	if !h.m.typing() {
		t.Fatal("/ did not open the find line")
	}
	h.send(tea.KeyPressMsg{Code: tea.KeyEscape, Mod: tea.ModAlt})
	if h.m.typing() || h.m.screen != screenList {
		t.Fatalf("alt+esc: typing %v, screen %v; want the list", h.m.typing(), h.m.screen)
	}
}

// heldVersions answers Versions with the article alone until let go, so a
// test sees the reader before the other versions arrive and after.
type heldVersions struct {
	*fakeSource
	held bool
}

func (s *heldVersions) Versions(ctx context.Context, id string) ([]news.Article, error) {
	if !s.held {
		return s.fakeSource.Versions(ctx, id)
	}
	a, err := s.Article(ctx, id)
	if err != nil {
		return nil, err
	}
	return []news.Article{*a}, nil
}

// TestReaderHeaderFoldsWhenVersionsArrive: the versions panel takes rows
// from the article, and on a short terminal the header then folds to the
// title alone, as if the versions had been there from the start.
func TestReaderHeaderFoldsWhenVersionsArrive(t *testing.T) {
	src := &heldVersions{fakeSource: newFakeSource(seedLike()...), held: true}
	h := newHarness(t, src, 120, 12, true)
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.wantText("Russia Says U.S. Afghan Mission Failed", "By AFP · The Moscow Times")
	h.wantNoText("older: ")
	src.held = false
	h.send(h.m.reader.loadVersions(h.m.reader.art)())
	h.wantText("Russia Says U.S. Afghan Mission Failed", "older: ")
	h.wantNoText("By AFP · The Moscow Times")
	want := newHarness(t, newFakeSource(seedLike()...), 120, 12, true)
	want.send(openArticleMsg{id: "a2000000000000002"})
	if got, want := h.frame(), want.frame(); got != want {
		t.Fatalf("after the versions arrived:\n%s\nwant, as when they come with the article:\n%s", ansi.Strip(got), ansi.Strip(want))
	}
}

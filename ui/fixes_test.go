package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
)

// Highlight markers must not take columns: the body wraps at the same
// places with quotes and entities highlighted as without.
func TestHighlightsDoNotChangeWrapping(t *testing.T) {
	arts := seedLike()
	a := arts[1]
	// a long paragraph like the demo's Lavrov story, the quote and the
	// entities near the wrap column
	long := `"The mission has failed, and the situation in Afghanistan is deteriorating fast," Russian Foreign Minister Sergei Lavrov said in comments carried by Russian news agencies, as NATO officials met in Tashkent and Emomali Rakhmon spoke.`
	a.Paragraphs = append(append([]string(nil), a.Paragraphs...), long)
	at := func(needle string) (int, int) {
		j := strings.Index(long, needle)
		st := len([]rune(long[:j]))
		return st, st + len([]rune(needle))
	}
	st, en := at(`"The mission has failed, and the situation in Afghanistan is deteriorating fast,"`)
	a.Quotes = append(a.Quotes, news.Quote{Speaker: "Sergei Lavrov", Paragraph: len(a.Paragraphs) - 1, Start: st, End: en})
	for i, e := range a.Entities {
		if strings.Contains(long, e.Mentions[0].Text) {
			s, e2 := at(e.Mentions[0].Text)
			a.Entities[i].Mentions = append(a.Entities[i].Mentions, news.Mention{Paragraph: len(a.Paragraphs) - 1, Start: s, End: e2, Text: e.Mentions[0].Text})
		}
	}
	// a speaker label is text of its own; leave it out to compare breaks
	for i := range a.Quotes {
		if a.Quotes[i].Paragraph == 2 {
			a.Quotes[i].Speaker = ""
		}
	}
	s := NewStyles(true, ColorConfig{}, false)
	for w := 30; w <= 120; w++ {
		r, err := newMarkdownRenderer(true, w)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := renderMarkdown(r, articleMarkdown(&a, highlightOpts{}), s)
		if err != nil {
			t.Fatal(err)
		}
		mdHL := articleMarkdown(&a, highlightOpts{quotes: true, entities: true})
		out, err := r.Render(mdHL)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(stripAll(renderedLines(out, s)), "\n"), strings.Join(stripAll(plain), "\n"); got != want {
			t.Fatalf("width %d: lines differ with highlights:\n%s\n--- without:\n%s", w, got, want)
		}
		// every marker survives glamour's wrapping
		if n, m := strings.Count(out, string(mQuoteOpen)), strings.Count(mdHL, string(mQuoteOpen)); n != m || m == 0 {
			t.Fatalf("width %d: %d of %d quote markers survived", w, n, m)
		}
		if n, m := strings.Count(out, string(mEntityClose)), strings.Count(mdHL, string(mEntityClose)); n != m || m == 0 {
			t.Fatalf("width %d: %d of %d entity markers survived", w, n, m)
		}
	}
}

func stripAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(ansi.Strip(l), " ")
	}
	return out
}

// The versions panel describes each other version from the one being read:
// from version 2, version 1 is older and has a paragraph fewer.
func TestVersionsPanelToldFromTheVersionRead(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 200, 40, true)
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.wantText("older: headline changed", "1 paragraph removed")
	h.wantNoText("newer:", "1 paragraph added")
	h.send(openArticleMsg{id: "a1000000000000001"})
	h.wantText("newer: headline changed", "1 paragraph added")
	h.wantNoText("older:", "removed")
}

// An article without a headline is "(untitled)" everywhere: list, search,
// reader header, the reader's versions panel and the versions screen.
func TestUntitledPlaceholderEverywhere(t *testing.T) {
	arts := seedLike()
	arts[0].Title = ""
	arts[1].Title = "  "
	h := newHarness(t, newFakeSource(arts...), 120, 40, true)
	h.wantText("(untitled)")
	h.keys("/tashkent")
	h.wantText("results for tashkent")
	if got := strings.Count(h.text(), "(untitled)"); got != 2 {
		t.Fatalf("search shows (untitled) %d times, want 2:\n%s", got, h.text())
	}
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.wantText("1 other version")
	if got := strings.Count(h.text(), "(untitled)"); got < 2 {
		t.Fatalf("reader shows (untitled) %d times, want header and panel:\n%s", got, h.text())
	}
	h.keys("v")
	h.wantText("versions 1 ↔ 2 of 2", "older (untitled)", "newer (untitled)")
}

// The header names the site only when the byline does not already.
func TestBylineDoesNotRepeatSite(t *testing.T) {
	for _, c := range []struct {
		by   []string
		site string
		want string
	}{
		{[]string{"BBC News"}, "BBC News", "By BBC News"},
		{[]string{"Wikinews"}, "wikinews", "By Wikinews"},
		{[]string{"AFP", "BBC News"}, "bbc news", "By AFP, BBC News"},
		{[]string{"AFP"}, "The Moscow Times", "By AFP · The Moscow Times"},
		{nil, "Wikinews", "Wikinews"},
		{[]string{" "}, "", ""},
	} {
		if got := bylineSite(c.by, c.site); got != c.want {
			t.Errorf("bylineSite(%q, %q) = %q, want %q", c.by, c.site, got, c.want)
		}
	}
	arts := seedLike()
	arts[2].Byline = []string{"Wikinews"}
	h := newHarness(t, newFakeSource(arts...), 120, 40, true)
	h.send(openArticleMsg{id: arts[2].ID})
	h.wantText("By Wikinews")
	h.wantNoText("By Wikinews · Wikinews")
}

// At 20x6 the reader's header folds to the title on one line so the body
// shows under it; at a normal size the full header is there.
func TestReaderHeaderFoldsOnTinyHeights(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 20, 6, true)
	h.send(openArticleMsg{id: "a2000000000000002"})
	txt := h.text()
	lines := strings.Split(txt, "\n")
	if len(lines) < 5 || !strings.Contains(lines[0], "Russia Says") {
		t.Fatalf("first line is not the title:\n%s", txt)
	}
	if !strings.Contains(txt, "Russian") || !strings.Contains(txt, "Foreign") {
		t.Fatalf("no body under the header at 20x6:\n%s", txt)
	}
	if strings.Contains(txt, "By AFP") || strings.Contains(txt, "inferred") {
		t.Fatalf("the full header is still drawn at 20x6:\n%s", txt)
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.wantText("By AFP · The Moscow Times", "(inferred)", "Russian Foreign Minister")
}

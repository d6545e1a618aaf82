package ui

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
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

// The help key that works while typing is a binding like any other: on
// every screen, in each screen's help, and rebound by the config.
func TestHelpAnywhereKey(t *testing.T) {
	screens := []struct {
		name string
		open func(h *harness)
		key  string // how the help names it
	}{
		{"list", func(h *harness) {}, "?/f1"},
		{"topics", func(h *harness) { h.keys("t") }, "?/f1"},
		{"reader", func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}) }, "?/f1"},
		{"reader find line", func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}); h.keys("/nat?") }, "?/f1"},
		{"search", func(h *harness) { h.keys("/lav?") }, "f1"},
		{"versions", func(h *harness) { h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"}) }, "?/f1"},
	}
	for _, sc := range screens {
		h := newHarness(t, newFakeSource(seedLike()...), 120, 40, true)
		sc.open(h)
		if h.m.showHelp {
			t.Fatalf("%s: help open before F1 (? typed as text?)", sc.name)
		}
		h.keys("<f1>")
		if !h.m.showHelp {
			t.Fatalf("%s: F1 did not open the help", sc.name)
		}
		if txt := h.text(); !regexp.MustCompile(`(^|\s)` + regexp.QuoteMeta(sc.key) + ` +help`).MatchString(txt) {
			t.Errorf("%s: the help does not list %s:\n%s", sc.name, sc.key, txt)
		}
	}
	// where ? is text, the status line names the key that works
	h := newHarness(t, newFakeSource(seedLike()...), 80, 24, true)
	h.keys("/lavrov")
	if last := strings.Split(h.text(), "\n")[23]; !strings.HasSuffix(strings.TrimSpace(last), "f1 help") {
		t.Errorf("search status line does not end with f1 help: %q", last)
	}

	cfg, err := parseConfig("config.toml", "[keys]\nhelp_anywhere = [\"f2\"]\n")
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(t.Context(), newFakeSource(seedLike()...), Options{Config: &cfg, Width: 100, Height: 30, Theme: "dark"})
	if err != nil {
		t.Fatal(err)
	}
	h = &harness{t: t, m: m}
	h.run(m.Init())
	h.keys("/lav<f1>")
	if h.m.showHelp {
		t.Fatal("F1 still opens the help after help_anywhere = [\"f2\"]")
	}
	h.keys("<f2>")
	if !h.m.showHelp {
		t.Fatal("F2 bound to help_anywhere did not open the help while typing")
	}
	if !regexp.MustCompile(`f2 +help`).MatchString(h.text()) {
		t.Errorf("the help does not name F2:\n%s", h.text())
	}
}

// pagedSource records the pages asked for, as "start+limit" (start is
// the number of results before the cursor), fails pages beyond the first
// while failing is set, and would fail any call of Search: a page is
// asked for by its cursor alone.
type pagedSource struct {
	*fakeSource
	pages   []string
	failing bool
}

func (s *pagedSource) SearchPage(ctx context.Context, opts store.SearchOptions) (store.HitPage, error) {
	s.mu.Lock()
	start := s.cursors[opts.After]
	s.mu.Unlock()
	s.pages = append(s.pages, fmt.Sprintf("%d+%d", start, opts.Limit))
	if s.failing && opts.After != nil {
		return store.HitPage{}, errors.New("database is locked")
	}
	return s.fakeSource.SearchPage(ctx, opts)
}

// Reaching the end of the results asks for the next page only, with the
// last page's cursor, keeps the rows shown and the selection, and after a
// failure asks nothing more until ctrl+r, which asks for the same page
// again, or a new query.
func TestSearchLoadsNextPage(t *testing.T) {
	arts := hourlyArticles(170, "Drought report %d", "The drought goes on.")
	src := &pagedSource{fakeSource: newFakeSource(arts...)}
	h := newHarness(t, src, 100, 30, true)
	h.keys("/drought")
	if got := len(h.m.search.hits); got != searchPage {
		t.Fatalf("first answer: %d hits, want %d", got, searchPage)
	}
	h.wantText(fmt.Sprintf("%d+ results", searchPage))
	for _, p := range src.pages {
		if p != "0+50" {
			t.Fatalf("typing the query asked for pages %v, want only first pages (0+50)", src.pages)
		}
	}
	first := append([]store.Hit(nil), h.m.search.hits...)
	src.pages = nil
	for range 45 {
		h.keys("<down>")
	}
	if want := []string{"50+50"}; !slices.Equal(src.pages, want) {
		t.Fatalf("moving near the end asked for pages %v, want the one after the results shown %v", src.pages, want)
	}
	if got := len(h.m.search.hits); got != 2*searchPage {
		t.Fatalf("after the next page: %d hits, want %d", got, 2*searchPage)
	}
	all, _ := src.fakeSource.search("drought", searchMax)
	for i, hit := range h.m.search.hits {
		if i < len(first) && hit.ID != first[i].ID {
			t.Fatalf("row %d changed from %s to %s", i, first[i].ID, hit.ID)
		}
		if hit.ID != all[i].ID {
			t.Fatalf("row %d is %s, want %s: the pages are not the one list", i, hit.ID, all[i].ID)
		}
	}
	if h.m.search.sel != 45 {
		t.Errorf("selection moved to %d, want 45", h.m.search.sel)
	}
	h.wantText(fmt.Sprintf("%d+ results", 2*searchPage))

	// a page for results no longer shown is dropped
	h.send(searchPageLoadedMsg{seq: h.m.search.shown - 1, query: "drought", hits: []store.Hit{{Summary: store.Summary{ID: "x", Title: "STALE"}}}})
	if got := len(h.m.search.hits); got != 2*searchPage {
		t.Fatalf("a stale page was added: %d hits", got)
	}

	// a failed page is said once and not asked for again on every key
	src.failing, src.pages = true, nil
	for range 60 {
		h.keys("<down>")
	}
	if want := []string{"100+50"}; !slices.Equal(src.pages, want) {
		t.Fatalf("after a failed page the pages asked for were %v, want %v once", src.pages, want)
	}
	h.wantText("more results failed: database is locked", "ctrl+r retry")
	src.failing, src.pages = false, nil
	h.keys("<ctrl+r>")
	if want := []string{"100+50"}; !slices.Equal(src.pages, want) {
		t.Fatalf("ctrl+r asked for pages %v, want the failed one again %v", src.pages, want)
	}
	h.wantNoText("more results failed")
	// the last page is short: no more to ask for
	for range 80 {
		h.keys("<down>")
	}
	if got := len(h.m.search.hits); got != 170 {
		t.Fatalf("at the end: %d hits, want 170", got)
	}
	if want := []string{"100+50", "150+50"}; !slices.Equal(src.pages, want) {
		t.Fatalf("to the end the pages asked for were %v, want %v", src.pages, want)
	}
	for i, hit := range h.m.search.hits {
		if hit.ID != all[i].ID {
			t.Fatalf("row %d is %s, want %s: the pages are not the one list", i, hit.ID, all[i].ID)
		}
	}
	h.wantText("170 results")

	// a new query starts over, error or not
	src.failing = true
	for range 10 {
		h.keys("<up>")
	}
	h.keys("<backspace>t")
	if h.m.search.moreErr != nil || len(h.m.search.hits) != searchPage || h.m.search.sel != 0 {
		t.Fatalf("new query: err %v, %d hits, sel %d", h.m.search.moreErr, len(h.m.search.hits), h.m.search.sel)
	}
}

// A title folded to one line on a short window is cut where the body's
// text ends, not at the window's edge.
func TestFoldedTitleFitsTheBody(t *testing.T) {
	a := longArticle()
	a.Title = strings.Repeat("A very long headline about the drought ", 5)
	// one word longer than any line: glamour breaks it where the text ends
	a.Paragraphs = []string{strings.Repeat("x", 300)}
	for _, w := range []int{30, 80, 140} {
		h := newHarness(t, newFakeSource(a), w, 8, true)
		h.send(openArticleMsg{id: a.ID})
		lines := strings.Split(h.text(), "\n")
		if !strings.Contains(lines[0], "A very long headline") || strings.Contains(h.text(), "example.org") {
			t.Fatalf("%d: the header is not folded:\n%s", w, h.text())
		}
		body := 0
		for _, l := range lines[1 : len(lines)-1] {
			body = max(body, ansi.StringWidth(strings.TrimRight(l, " ")))
		}
		title := ansi.StringWidth(strings.TrimRight(lines[0], " "))
		if title != body || !strings.HasSuffix(strings.TrimRight(lines[0], " "), "…") {
			t.Errorf("%d columns: folded title %d wide, the body's text %d:\n%s", w, title, body, h.text())
		}
	}
}

// The bottom key goes to the last article of the whole list, not of the
// pages loaded so far; another key stops the loading where it is.
func TestBottomKeyReachesTheEnd(t *testing.T) {
	const n = 4500 // pages of pageSize, then of seekPageSize
	arts := hourlyArticles(n, "Article %d", "")
	h := newHarness(t, newFakeSource(arts...), 80, 24, true)
	h.keys("G")
	if got := len(h.m.list.items); got != n {
		t.Fatalf("G loaded %d of %d articles", got, n)
	}
	h.wantText("Article 0", fmt.Sprintf("%s of %s articles", thousands(n), thousands(n)))
	if h.m.list.seekEnd {
		t.Fatal("still seeking after the last page")
	}

	// A page that arrives after another key no longer moves the selection.
	h = newHarness(t, newFakeSource(arts...), 80, 24, true)
	l := &h.m.list
	l.move(len(l.items))
	l.seekEnd = true
	h.keys("k")
	if l.seekEnd {
		t.Fatal("a key did not stop the seek")
	}
	sel := l.sel
	h.run(l.fetch(l.next))
	if l.sel != sel {
		t.Fatalf("selection moved from %d to %d after the seek was stopped", sel, l.sel)
	}
}

// A failed link opener says why before anything long: the status line
// truncates, and the URL used to push the reason off screen.
func TestOpenBrowserErrorLeadsWithReason(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // no opener to find
	err := openBrowser(context.Background(), "https://example.org/"+strings.Repeat("long-path/", 20))
	if err == nil {
		t.Skip("an opener was found")
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "cannot open links:") || strings.Contains(msg, "example.org") {
		t.Fatalf("error %q", msg)
	}
}

// On a window too short for the full help, j/k scroll it, the footer
// stays on screen, and another key closes it.
func TestHelpScrollsOnSmallWindows(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 40, 12, true)
	h.keys("?")
	checkFits(t, "help 40x12", h.frame(), 40, 12)
	h.wantText("↓/j ↑/k scroll")
	h.wantNoText("quit")
	for range 40 {
		h.keys("j")
	}
	h.wantText("quit", "↓/j ↑/k scroll")
	checkFits(t, "help scrolled", h.frame(), 40, 12)
	h.keys("x")
	if h.m.showHelp {
		t.Fatal("a non-movement key did not close the help")
	}
	// A window tall enough shows it all, closed by any key.
	h = newHarness(t, newFakeSource(seedLike()...), 120, 40, true)
	h.keys("?")
	h.wantText("quit", "press any key to close")
	h.keys("j")
	if h.m.showHelp {
		t.Fatal("j did not close a help that fits")
	}
}

// / starts a new search on an empty line; up brings the previous query
// back, and typing never appends to it.
func TestSearchStartsEmptyWithPreviousOneUp(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.keys("/withdrawal")
	if got := h.m.search.input.Value(); got != "withdrawal" {
		t.Fatalf("query %q", got)
	}
	h.keys("<esc>")
	h.keys("/")
	if got := h.m.search.input.Value(); got != "" {
		t.Fatalf("/ opened with %q, want an empty line", got)
	}
	h.wantText("↑ withdrawal")
	h.keys("<up>")
	if got := h.m.search.input.Value(); got != "withdrawal" {
		t.Fatalf("up gave %q, want the previous query", got)
	}
	h.keys("<esc>/q")
	if got := h.m.search.input.Value(); got != "q" {
		t.Fatalf("typing after / gave %q", got)
	}
}

// The versions status line follows the screen: it drops the change number
// once the view has moved off it, and a notice about the window size goes
// when the size changes.
func TestVersionsStatusIsNotStale(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 120, 12, true)
	h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"})
	h.keys("n")
	h.wantText("change 1/2")
	h.send(tea.WindowSizeMsg{Width: 110, Height: 12})
	h.wantText("change 1/2") // a resize keeps the change in view
	h.keys("g")
	if h.m.versions.vp.YOffset() == h.m.versions.jumpOff {
		t.Fatal("g did not move the view off the change; the test needs a smaller window")
	}
	h.wantText("change –/2")
	h.send(tea.WindowSizeMsg{Width: 60, Height: 30})
	h.keys("u")
	h.wantText("side by side needs")
	h.send(tea.WindowSizeMsg{Width: 120, Height: 30})
	h.wantNoText("side by side needs")
}

// The reason for an inferred date is wrapped under the date, not cut off.
func TestInferredDateReasonWraps(t *testing.T) {
	arts := seedLike()
	a := &arts[1]
	a.DateSource = news.DateInferred
	a.DateReason = "no date in the text; another version of this story, “Russia Says 'Hasty Withdrawal' Put Afghanistan at Risk” (ea414a49aa7c5edb), is dated 2021-07-16"
	h := newHarness(t, newFakeSource(arts...), 120, 40, true)
	h.send(openArticleMsg{id: a.ID})
	h.wantText("is dated 2021-07-16")
	checkFits(t, "reader 120x40", h.frame(), 120, 40)
}

// Back from an article opened in the results finds the query and the
// results as they were.
func TestBackFromArticleKeepsSearch(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.keys("/withdrawal")
	n := len(h.m.search.hits)
	if n == 0 {
		t.Fatal("no results")
	}
	h.keys("<enter>")
	if h.m.screen != screenReader {
		t.Fatalf("enter opened screen %v", h.m.screen)
	}
	h.keys("<esc>")
	if h.m.screen != screenSearch || h.m.search.input.Value() != "withdrawal" || len(h.m.search.hits) != n {
		t.Fatalf("back: screen %v, query %q, %d hits; want the search as it was (%d hits)", h.m.screen, h.m.search.input.Value(), len(h.m.search.hits), n)
	}
}

// J and K in the reader open the next and previous row of the list or
// results it was opened from; back lands on the article last read.
func TestReaderStepsThroughTheList(t *testing.T) {
	arts := hourlyArticles(5, "Article %d", "Body of article %d, about rain.")
	h := newHarness(t, newFakeSource(arts...), 100, 30, true)
	h.keys("<enter>") // newest first: Article 4
	h.wantText("Body of article 4")
	h.keys("J")
	h.wantText("Body of article 3")
	h.keys("JK")
	h.wantText("Body of article 3")
	h.keys("K")
	h.wantText("Body of article 4")
	h.keys("K")
	h.wantText("no previous article", "Body of article 4")
	h.keys("JJ<esc>")
	if it, _ := h.m.list.selected(); it.ID != "id00002" {
		t.Fatalf("back in the list on %s, want the article last read (id00002)", it.ID)
	}

	// From search results, the next result.
	h.keys("/rain")
	h.keys("<enter>J")
	if h.m.screen != screenReader || h.m.search.sel != 1 {
		t.Fatalf("J from a result: screen %v, result %d selected", h.m.screen, h.m.search.sel)
	}
}

// hourlyArticles makes n one-version articles an hour apart, ids id00000
// up, their title and (when body is not empty) one paragraph formatted
// with the article's number.
func hourlyArticles(n int, title, body string) []news.Article {
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]news.Article, n)
	for i := range arts {
		p := base.Add(time.Duration(i) * time.Hour)
		arts[i] = news.Article{ID: fmt.Sprintf("id%05d", i), Story: fmt.Sprintf("s%d", i),
			Title: fmt.Sprintf(title, i), Site: "example.org", Published: &p, DateSource: news.DateExplicit}
		if body != "" {
			if strings.Contains(body, "%d") {
				arts[i].Paragraphs = []string{fmt.Sprintf(body, i)}
			} else {
				arts[i].Paragraphs = []string{body}
			}
		}
	}
	return arts
}

// A day header is not drawn on the last row with none of its articles
// under it.
func TestNoDayHeaderOnTheLastRow(t *testing.T) {
	arts := hourlyArticles(48, "Article %d", "")             // two days of 24
	h := newHarness(t, newFakeSource(arts...), 80, 28, true) // 26 rows: header, 24 articles, header
	lines := strings.Split(h.text(), "\n")
	last := strings.TrimSpace(lines[len(lines)-2])
	if last != "" {
		t.Fatalf("last list row is %q, want it empty (the second day's header alone)\n%s", last, h.text())
	}
	h.wantText("Article 47", "Article 24")
}

// The help's footer and its keys agree at every height: it offers
// scrolling exactly when j scrolls.
func TestHelpFooterMatchesScrolling(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 60, 40, true)
	h.keys("?")
	n := len(h.m.helpLines())
	for height := n - 2; height <= n+3; height++ {
		h.send(tea.WindowSizeMsg{Width: 60, Height: height})
		h.m.showHelp, h.m.helpTop = true, 0
		offers := strings.Contains(h.text(), "scroll")
		h.keys("j")
		if scrolled := h.m.showHelp; scrolled != offers {
			t.Errorf("height %d (%d help lines): footer offers scrolling %v, j scrolled %v", height, n, offers, scrolled)
		}
	}
}

// Opening and closing the help stops the list's loading to the end, as
// every other key does.
func TestHelpKeysStopTheSeek(t *testing.T) {
	h := newHarness(t, newFakeSource(hourlyArticles(300, "Article %d", "")...), 80, 24, true)
	l := &h.m.list
	l.seekEnd = true
	h.keys("?")
	if l.seekEnd {
		t.Fatal("? did not stop the seek")
	}
	l.seekEnd = true
	h.keys("x")
	if l.seekEnd {
		t.Fatal("closing the help did not stop the seek")
	}
}

// J at the last loaded row while the next page is on its way says so,
// rather than that there is no next article.
func TestNextArticleWhileLoading(t *testing.T) {
	h := newHarness(t, newFakeSource(hourlyArticles(150, "Article %d", "Body %d.")...), 80, 24, true)
	l := &h.m.list
	l.move(len(l.items)) // the last of the first page
	h.keys("<enter>")
	l.loading = true // the next page asked for and not yet here
	h.keys("J")
	h.wantText("more articles are loading")
}

// Enter typed right after the query, before its search has run, opens the
// first result of that query, not the selected result of an older one.
func TestEnterBeforeResultsOpensTheNewQuerysFirst(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.keys("/lavrov")
	old := h.m.search.hits
	if len(old) == 0 {
		t.Fatal("no results for lavrov")
	}
	// The new query typed, its debounced search not run yet.
	s := &h.m.search
	s.input.SetValue("eclipse")
	s.seq++
	want, err := h.m.c.src.SearchPage(context.Background(), store.SearchOptions{Query: "eclipse", Limit: 1})
	if err != nil || len(want.Hits) == 0 {
		t.Fatalf("eclipse: %v, %d hits", err, len(want.Hits))
	}
	h.keys("<enter>")
	if h.m.screen != screenReader || h.m.reader.id != want.Hits[0].ID {
		t.Fatalf("enter opened screen %v article %q, want the reader on %q", h.m.screen, h.m.reader.id, want.Hits[0].ID)
	}
}

// A asks before marking every article of the list read; y marks them, in
// the index and on screen, any other key leaves them.
func TestMarkAllReadAsksFirst(t *testing.T) {
	src, h := fiveUnread(t)
	h.wantText("5 unread")
	h.keys("A")
	h.wantText("mark 5 unread articles read? y/n")
	h.keys("n")
	h.wantText("nothing marked")
	if h.m.list.unread != 5 {
		t.Fatalf("%d unread after n, want 5", h.m.list.unread)
	}
	h.keys("Ay")
	h.wantText("marked 5 articles read")
	if h.m.list.unread != 0 {
		t.Fatalf("%d unread after y, want 0", h.m.list.unread)
	}
	for _, it := range h.m.list.items {
		if !it.Read || !src.read[it.ID] {
			t.Fatalf("%s not marked read (row %v, index %v)", it.ID, it.Read, src.read[it.ID])
		}
	}
	h.keys("A")
	h.wantText("all read already")
}

// The y/n of A answers for the list it asked about: q, a click or a new
// filter in between mark nothing, and q does not quit.
func TestMarkAllReadPromptEdges(t *testing.T) {
	src, h := fiveUnread(t)
	h.keys("Aq")
	h.wantText("nothing marked")
	h.keys("A")
	h.m.list.reload() // the filter changed under the prompt
	h.keys("y")
	h.wantText("nothing marked: the list changed")
	h.keys("A")
	h.send(tea.MouseClickMsg{X: 20, Y: 3, Button: tea.MouseLeft})
	h.keys("y")
	if len(src.read) != 0 {
		t.Fatalf("%d articles marked read after a click between A and y", len(src.read))
	}
}

// esc after an Enter that waits for its results leaves the search for
// good: the late results do not open an article.
func TestEscCancelsPendingOpen(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.keys("/lavrov")
	s := &h.m.search
	s.input.SetValue("eclipse")
	s.seq++
	// Enter while the results are pending, then esc before they arrive.
	s.openFirst, s.running = true, true
	h.keys("<esc>")
	h.send(searchResultsMsg{seq: s.seq, query: "eclipse", hits: []store.Hit{{Summary: store.Summary{ID: "a3000000000000003"}}}})
	if h.m.screen == screenReader {
		t.Fatal("a late result opened an article after esc")
	}
}

// fiveUnread is a list of five unread articles at 80x24.
func fiveUnread(t *testing.T) (*fakeSource, *harness) {
	src := newFakeSource(hourlyArticles(5, "Article %d", "Body %d.")...)
	return src, newHarness(t, src, 80, 24, true)
}

// A related link too long for one line wraps under its text, not under
// its bullet.
func TestRelatedLinksHangUnderTheirBullet(t *testing.T) {
	arts := seedLike()
	a := &arts[1]
	a.RelatedLinks = []news.Link{{Text: "Russia Says Ready to Activate Tajik Military Base Amid U.S. Pullout, Taliban Advance in Afghanistan"}}
	h := newHarness(t, newFakeSource(arts...), 60, 30, true)
	h.send(openArticleMsg{id: a.ID})
	h.keys("G")
	lines := strings.Split(ansi.Strip(h.frame()), "\n")
	bullet := -1
	for i, l := range lines {
		if strings.Contains(l, "• Russia Says Ready") {
			bullet = i
			break
		}
	}
	if bullet < 0 || bullet+1 >= len(lines) {
		t.Fatalf("no related link on screen:\n%s", strings.Join(lines, "\n"))
	}
	at := strings.Index(lines[bullet], "•")
	next := lines[bullet+1]
	text := len(next) - len(strings.TrimLeft(next, " "))
	if text != at+2 {
		t.Errorf("continuation starts at column %d, want %d (under the text):\n%s\n%s", text, at+2, lines[bullet], next)
	}
}

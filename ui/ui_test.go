package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

func TestListDayHeadersNewestFirst(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 20, true)
	txt := h.text()
	order := []string{"Today", "Solar eclipse", "Russia Says U.S. Afghan", "Yesterday", "Lavrov Says", "Undated", "Undated note"}
	last := -1
	for _, s := range order {
		i := strings.Index(txt, s)
		if i < 0 || i < last {
			t.Fatalf("%q missing or out of order in\n%s", s, txt)
		}
		last = i
	}
	h.wantText("2 versions", "18:45", "Wikinews", "1 of 4 articles · 4 unread")
}

func TestDayLabel(t *testing.T) {
	now := time.Date(2021, 7, 17, 0, 30, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"2021-07-17T00:00:00Z": "Today",
		"2021-07-16T23:59:00Z": "Yesterday",
		"2021-07-15T12:00:00Z": "Thu 15 Jul 2021",
		"2021-07-16T12:00:00Z": "Yesterday",
	} {
		if got := dayLabel(*tp(in), now); got != want {
			t.Errorf("dayLabel(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestListPagesFromStore(t *testing.T) {
	var arts []news.Article
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1000; i++ {
		p := base.Add(time.Duration(i) * time.Hour)
		arts = append(arts, news.Article{ID: fmt.Sprintf("id%05d", i), Story: fmt.Sprintf("s%d", i), Title: fmt.Sprintf("Article %d", i), Site: "example.org", Published: &p, DateSource: news.DateExplicit})
	}
	src := newFakeSource(arts...)
	h := newHarness(t, src, 80, 24, true)
	if got := len(h.m.list.items); got != pageSize {
		t.Fatalf("start-up loaded %d rows, want one page of %d", got, pageSize)
	}
	h.wantText("Article 999", "1 of 1,000 articles · 1,000 unread")
	for i := 0; i < 30; i++ {
		h.keys("<pgdown>")
	}
	if got := len(h.m.list.items); got <= pageSize || got >= 1000 {
		t.Fatalf("after scrolling, %d rows loaded; want more than a page, not all", got)
	}
	// keyset paging gives each row once, in order
	for i := 1; i < len(h.m.list.items); i++ {
		if h.m.list.items[i].ID >= h.m.list.items[i-1].ID {
			t.Fatalf("rows out of order at %d: %s then %s", i, h.m.list.items[i-1].ID, h.m.list.items[i].ID)
		}
	}
	sel := h.m.list.sel
	h.wantText(fmt.Sprintf("%s of 1,000 articles", thousands(sel+1)), fmt.Sprintf("Article %d", 999-sel))
}

func TestListTopicsFilter(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 100, 20, true)
	h.m.c.cfg.Topics = []UserTopic{{Name: "Eclipses", Query: "eclipse"}}
	h.keys("t")
	h.wantText("All articles", "★ Eclipses", "afghanistan", "science")
	// All, Eclipses, afghanistan
	h.keys("jj<enter>")
	h.wantText("topic: afghanistan", "1 of 2 articles")
	h.wantNoText("Solar eclipse")
	h.keys("t<enter>") // back on the first entry? sidebar keeps its selection
	h.keys("<esc>")
	h.wantText("All articles")
	h.keys("t")
	h.keys("gj<enter>")
	h.wantText("Eclipses", "Solar eclipse", "1 of 1 article · 1 unread")
}

func TestEmptyIndexExplainsImportAndDemo(t *testing.T) {
	h := newHarness(t, newFakeSource(), 80, 24, true)
	h.wantText("Your index is empty", "verso import PATH", "verso demo")
	// With an index named on the command line, the hint imports into it.
	h.m.c.importCmd = "verso --db /tmp/x.db import PATH…"
	h.wantText("verso --db /tmp/x.db import PATH")
}

func TestStarAndReadSavedInIndex(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 100, 20, true)
	h.keys("s")
	id := h.m.list.items[0].ID
	if !src.starred[id] {
		t.Fatal("s did not star the article in the index")
	}
	if !strings.Contains(h.text(), "★") {
		t.Fatal("star mark not shown")
	}
	h.keys("m")
	if !src.read[id] {
		t.Fatal("m did not mark read")
	}
	h.keys("m")
	if src.read[id] {
		t.Fatal("m did not mark unread again")
	}
	// opening marks read
	h.keys("j<enter>")
	id2 := h.m.list.items[1].ID
	if !src.read[id2] {
		t.Fatal("opening an article did not mark it read")
	}
}

func TestSearchLiveAndOpen(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 100, 24, true)
	h.keys("/lavrov")
	h.wantText("2 results for lavrov", "Lavrov Says U.S. Mission")
	// results carry highlighted snippets
	if !strings.Contains(h.frame(), "Lavrov") {
		t.Fatal("no snippet")
	}
	h.keys("<down><enter>")
	if h.m.screen != screenReader {
		t.Fatalf("enter did not open the reader")
	}
	h.keys("<esc>")
	if h.m.screen != screenSearch {
		t.Fatalf("esc from the reader did not return to search")
	}
	h.keys("<esc>")
	if h.m.screen != screenList {
		t.Fatalf("esc from search did not return to the list")
	}
	h.wantText("All articles", "1 of 4 articles")
}

func TestSearchDropsStaleResults(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 100, 24, true)
	h.keys("/eclipse")
	h.wantText("1 result for eclipse")
	// a slow answer to an older keystroke arrives late: ignored
	h.send(searchResultsMsg{seq: 1, query: "e", hits: []store.Hit{{Summary: store.Summary{ID: "x", Title: "STALE"}}}})
	h.wantNoText("STALE")
	// and a debounce tick for an old keystroke starts nothing
	if cmd := h.m.search.update(searchDebounceMsg{seq: 2}); cmd != nil {
		t.Fatal("stale debounce ran a query")
	}
}

func TestSearchQueryErrorInline(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 24, true)
	h.keys(`/lavrov "hasty`)
	h.wantText("^ unclosed quote")
	lines := strings.Split(h.text(), "\n")
	for i, l := range lines {
		if strings.Contains(l, "^ unclosed quote") {
			// the caret sits under the opening quote
			q := strings.Index(lines[i-1], `"`)
			if c := strings.Index(l, "^"); c != q {
				t.Fatalf("caret at column %d, quote at %d:\n%s\n%s", c, q, lines[i-1], l)
			}
		}
	}
}

func TestReaderHighlightsSearchAndLink(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 100, 30, true)
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.wantText("Russia Says U.S. Afghan Mission Failed", "By AFP · The Moscow Times",
		"(inferred) — from the earlier version", "‹Sergei Lavrov›", "1 other version", "headline changed")
	f := h.frame()
	if !strings.Contains(f, h.m.c.styles.QuoteSGR) || !strings.Contains(f, h.m.c.styles.EntitySGR[news.Organization]) {
		t.Fatal("quote or entity highlight missing")
	}
	h.keys("Q")
	if strings.Contains(h.frame(), h.m.c.styles.QuoteSGR) || strings.Contains(h.text(), "‹Sergei Lavrov›") {
		t.Fatal("Q did not turn quotes off")
	}
	h.keys("E")
	if strings.Contains(h.frame(), h.m.c.styles.EntitySGR[news.Organization]) {
		t.Fatal("E did not turn entities off")
	}
	h.keys("/nato<enter>")
	h.wantText("/nato 1/2")
	h.keys("n")
	h.wantText("/nato 2/2")
	h.keys("N")
	h.wantText("/nato 1/2")
	h.keys("<esc>")
	h.wantNoText("/nato")
	// no link on this version: o says so, opens nothing
	h.keys("o")
	h.wantText("has no link")
	h.keys("<tab><enter>")
	h.wantText("Lavrov Says U.S. Mission in Afghanistan Has Failed")
	h.keys("o")
	if len(h.opened) != 1 || h.opened[0] != "https://www.themoscowtimes.com/2021/07/16/lavrov-afghanistan" {
		t.Fatalf("opened %v", h.opened)
	}
}

func TestReaderRefusesNonHTTPLinks(t *testing.T) {
	h := newHarness(t, newFakeSource(hostile()), 100, 30, true)
	h.keys("<enter>o")
	h.wantText("not an http or https address")
	h.keys("y")
	if len(h.opened) != 0 {
		t.Fatalf("opened %v", h.opened)
	}
	for _, u := range []string{"file:///etc/passwd", "javascript:x", "http://", "ftp://x", " $(rm -rf ~)"} {
		if _, err := safeURL(u); err == nil {
			t.Errorf("safeURL(%q) accepted", u)
		}
	}
}

func TestVersionsSideBySide(t *testing.T) {
	src := newFakeSource(seedLike()...)
	h := newHarness(t, src, 120, 40, true)
	h.send(openArticleMsg{id: "a1000000000000001"})
	h.keys("v")
	if h.m.screen != screenVersions {
		t.Fatal("v did not open the versions screen")
	}
	h.wantText("older Lavrov Says U.S. Mission", "newer Russia Says U.S. Afghan", "versions 1 ↔ 2 of 2",
		"headline changed", "│", "hasty withdrawal")
	// synchronised: both columns are in one line of the frame
	found := false
	for _, l := range strings.Split(h.text(), "\n") {
		if strings.Contains(l, "Russian Foreign Minister") && strings.Count(l, "Russian Foreign Minister") == 2 {
			found = true
		}
	}
	if !found {
		t.Fatalf("equal paragraph not aligned on one line:\n%s", h.text())
	}
	h.keys("n")
	h.wantText("change 1/")
	h.keys("u")
	h.wantNoText(" │ ")
	h.wantText("+ ")
	h.keys("<esc>")
	if h.m.screen != screenReader {
		t.Fatal("esc did not return to the reader")
	}
}

func TestVersionsUnifiedWhenNarrow(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 80, 30, false)
	h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"})
	h.wantText("older Lavrov", "newer Russia")
	if h.m.versions.layout() != layoutUnified {
		t.Fatal("80 columns should get the unified layout")
	}
	// Keys that can do nothing here say why instead of staying silent.
	h.keys("u")
	h.wantText("side by side needs 100 columns")
	h.keys("]")
	h.wantText("the newer side is the newest version")
	h.keys("[")
	h.wantText("the newer side is next to the older side")
	h.keys("{")
	h.wantText("the older side is the oldest version")
	h.keys("j")
	h.wantNoText("the older side is the oldest version")
}

// TestTinyAndOddSizes resizes every screen down to 20x5 and below: no
// panic, no line wider than the terminal, no more lines than its height.
func TestTinyAndOddSizes(t *testing.T) {
	sizes := [][2]int{{20, 5}, {1, 1}, {5, 2}, {33, 7}, {99, 12}, {100, 12}, {250, 60}}
	steps := []func(h *harness){
		func(h *harness) {},
		func(h *harness) { h.keys("t") },
		func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}) },
		func(h *harness) { h.send(openArticleMsg{id: "a2000000000000002"}); h.keys("/nato") },
		func(h *harness) { h.keys("/lavrov") },
		func(h *harness) { h.send(openVersionsMsg{left: "a1000000000000001", right: "a2000000000000002"}) },
		func(h *harness) { h.keys("?") },
	}
	for i, step := range steps {
		h := newHarness(t, newFakeSource(append(seedLike(), hostile())...), 120, 40, true)
		step(h)
		for _, sz := range sizes {
			h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, fmt.Sprintf("step %d at %dx%d", i, sz[0], sz[1]), h.frame(), sz[0], sz[1])
			h.keys("j")
			checkFits(t, fmt.Sprintf("step %d at %dx%d after j", i, sz[0], sz[1]), h.frame(), sz[0], sz[1])
		}
	}
}

func checkFits(t *testing.T, what, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) > h {
		t.Fatalf("%s: %d lines for height %d", what, len(lines), h)
	}
	for _, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Fatalf("%s: line of %d cells for width %d: %q", what, n, w, ansi.Strip(l))
		}
	}
}

// TestHostileTextIsInert shows an article built to drive the terminal on
// every screen: nothing but SGR colour may reach the output, and the
// character reference stays literal text.
func TestHostileTextIsInert(t *testing.T) {
	src := newFakeSource(append(seedLike(), hostile())...)
	screens := map[string]func(h *harness){
		"list":     func(h *harness) {},
		"topics":   func(h *harness) { h.keys("t") },
		"reader":   func(h *harness) { h.send(openArticleMsg{id: "e0000000000000666"}) },
		"search":   func(h *harness) { h.keys("/evil") },
		"versions": func(h *harness) { h.send(openVersionsMsg{left: "e0000000000000666", right: "a1000000000000001"}) },
		"help":     func(h *harness) { h.send(openArticleMsg{id: "e0000000000000666"}); h.keys("?") },
	}
	for name, step := range screens {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, src, 160, 50, true)
			step(h)
			f := h.frame()
			assertInert(t, f)
			if name != "help" && name != "topics" && !strings.Contains(h.text(), "&#27;") && name != "versions" {
				t.Errorf("the literal &#27; should show as text:\n%s", h.text())
			}
		})
	}
	// the versions screen diffing the hostile article against itself
	evil := hostile()
	evil2 := hostile()
	evil2.ID = "e0000000000000667"
	evil2.Paragraphs = append([]string{"New " + evil.Paragraphs[0]}, evil.Paragraphs...)
	h := newHarness(t, newFakeSource(evil, evil2), 160, 50, true)
	h.send(openVersionsMsg{left: evil.ID, right: evil2.ID})
	h.wantText("&#27;")
	assertInert(t, h.frame())
	h.keys("u")
	assertInert(t, h.frame())
}

func assertInert(t *testing.T, f string) {
	t.Helper()
	for i := 0; i < len(f); {
		if f[i] == 0x1b {
			end, sgr := escapeEnd(f, i)
			if !sgr {
				t.Fatalf("non-SGR escape %q in frame:\n%s", f[i:end], ansi.Strip(f))
			}
			i = end
			continue
		}
		if f[i] < 0x20 && f[i] != '\n' || f[i] == 0x7f {
			t.Fatalf("control byte %#x in frame", f[i])
		}
		i++
	}
	for _, r := range f {
		if r >= 0x80 && r <= 0x9f {
			t.Fatalf("C1 control %U in frame", r)
		}
		if isMarker(r) {
			t.Fatalf("private marker %U leaked into frame", r)
		}
	}
	if strings.Contains(ansi.Strip(f), "evil.example\x07") {
		t.Fatal("OSC 8 target survived")
	}
}

func TestHelpShowsPerScreenKeysAndLegend(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 120, 40, true)
	h.keys("?")
	h.wantText("topics", "read/unread", "star")
	h.keys("x") // any key closes
	h.wantNoText("press any key")
	h.send(openArticleMsg{id: "a2000000000000002"})
	h.keys("?")
	h.wantText("quotes on/off", "entities on/off", "person", "organisation", "place", "side by side")
}

func TestMouseWheelAndClick(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 20, true)
	h.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if h.m.list.sel != 3 {
		t.Fatalf("wheel moved selection to %d", h.m.list.sel)
	}
	// row 1 is the Today header, row 2 the first article
	h.send(tea.MouseClickMsg{X: 10, Y: 2, Button: tea.MouseLeft})
	if h.m.list.sel != 0 {
		t.Fatalf("click selected %d", h.m.list.sel)
	}
	h.send(tea.MouseClickMsg{X: 10, Y: 2, Button: tea.MouseLeft})
	if h.m.screen != screenReader {
		t.Fatal("click on the selected row did not open it")
	}
}

// writeConfig writes body as dir's config.toml and returns its path.
func writeConfig(t *testing.T, dir, body string) string {
	t.Helper()
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string { return writeConfig(t, dir, s) }
	cfg, err := LoadConfig(filepath.Join(dir, "missing.toml"))
	if err != nil || cfg.Keys != nil {
		t.Fatalf("missing file: %v %v", cfg, err)
	}
	cfg, err = LoadConfig(write(`
theme = "light"
[keys]
quit = ["x"]
down = ["j", "ctrl+n"]
[colors]
accent = "#ff8800"
person = "33"
[[topics]]
name = "Afghanistan"
query = "afghanistan -sport"
`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Theme != "light" || cfg.Colors.Accent != "#ff8800" || len(cfg.Topics) != 1 || cfg.Topics[0].Query != "afghanistan -sport" {
		t.Fatalf("decoded %+v", cfg)
	}
	km, err := NewKeyMap(cfg.Keys)
	if err != nil || km.Quit.Keys()[0] != "x" || km.Quit.Help().Key != "x" {
		t.Fatalf("key override: %v %v", km.Quit.Keys(), err)
	}
	for body, want := range map[string]string{
		"[keys]\nquit = [\"x\"\n":         "line 2",
		"theme = 5\n":                     "line 1",
		"[keys]\nfly = [\"f\"]\n":         "unknown key action fly",
		"[colours]\naccent = \"#fff\"\n":  "unknown setting colours",
		"[colors]\naccent = \"orange\"\n": `colors.accent = "orange" is not a colour`,
		"[[topics]]\nname = \"x\"\n":      "topics[1] needs both name and query",
		"theme = \"blue\"\n":              `theme "blue"`,
	} {
		_, err := LoadConfig(write(body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("config %q: error %v, want it to mention %q", body, err, want)
		}
	}
}

func TestConfigKeysDriveTheProgram(t *testing.T) {
	src := newFakeSource(seedLike()...)
	m, err := New(t.Context(), src, Options{Config: &Config{Keys: map[string][]string{"down": {"x"}}}, Width: 100, Height: 20, Theme: "dark", Now: func() time.Time { return testNow }, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, m: m, src: src}
	h.run(m.Init())
	h.keys("x")
	if m.list.sel != 1 {
		t.Fatalf("remapped key did not move: sel %d", m.list.sel)
	}
}

func TestStoreErrorsShown(t *testing.T) {
	h := newHarness(t, failingSource{newFakeSource(seedLike()...)}, 100, 20, true)
	h.wantText("Could not load articles", "disk on fire")
}

type failingSource struct{ *fakeSource }

func (failingSource) List(ctx context.Context, opts store.ListOptions) (store.Page, error) {
	return store.Page{}, errors.New("disk on fire")
}

func TestCopyLinkUsesClipboard(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 30, true)
	h.send(openArticleMsg{id: "a1000000000000001"})
	_, cmd := h.m.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	if cmd == nil {
		t.Fatal("y gave no command")
	}
	// tea.SetClipboard's message is unexported; its type names it
	if msg := cmd(); !strings.Contains(strings.ToLower(fmtType(msg)), "clipboard") {
		t.Fatalf("y produced %T, want a clipboard message", msg)
	}
	h.wantText("link sent to the clipboard")
}

func TestVersionsStepThroughThree(t *testing.T) {
	arts := seedLike()
	a3 := arts[1]
	a3.ID = "a2500000000000003"
	a3.Title = "Russia Says U.S. Afghan Mission Failed (updated)"
	a3.Published = tp("2021-07-18T08:00:00Z")
	a3.Paragraphs = append(append([]string{}, a3.Paragraphs...), "Lavrov is due in Moscow on Monday.")
	h := newHarness(t, newFakeSource(append(arts, a3)...), 120, 40, true)
	h.send(openVersionsMsg{left: arts[0].ID, right: arts[1].ID})
	h.wantText("versions 1 ↔ 2 of 3")
	h.keys("]") // the newer side moves on, the older one stays
	h.wantText("versions 1 ↔ 3 of 3", "due in Moscow")
	h.keys("]") // no newer version: stays
	h.wantText("versions 1 ↔ 3 of 3")
	h.keys("}") // the older side moves on
	h.wantText("versions 2 ↔ 3 of 3")
	h.keys("[") // cannot pass the older side
	h.wantText("versions 2 ↔ 3 of 3")
	h.keys("{[")
	h.wantText("versions 1 ↔ 2 of 3")
	// v before the panel has loaded still opens a pair
	h.keys("<esc>")
	h.m.reader.versions = nil
	h.m.reader.art = &arts[0]
	h.m.reader.art.Versions = []news.VersionRef{{ID: arts[1].ID}}
	h.m.screen = screenReader
	h.keys("v")
	h.wantText("versions 1 ↔ 2 of 3")
}

func TestPasteIntoSearch(t *testing.T) {
	h := newHarness(t, newFakeSource(seedLike()...), 100, 24, true)
	h.keys("/")
	h.send(tea.PasteMsg{Content: "eclipse"})
	h.wantText("1 result for eclipse")
	h.keys("  ") // trailing spaces: same trimmed query
	h.send(tea.PasteMsg{Content: `"x`})
	h.wantText("^ unclosed quote")
}

func TestBackgroundDetection(t *testing.T) {
	src := newFakeSource(seedLike()...)
	m, err := New(t.Context(), src, Options{Config: &Config{}, Width: 100, Height: 30, Now: func() time.Time { return testNow }, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, m: m, src: src}
	h.run(m.Init())
	h.send(openArticleMsg{id: "a2000000000000002"})
	if !m.c.styles.Dark {
		t.Fatal("dark is the default before the terminal answers")
	}
	dark := h.frame()
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if m.c.styles.Dark {
		t.Fatal("a white background did not switch to light styles")
	}
	if h.frame() == dark || h.text() != ansi.Strip(dark) {
		t.Fatal("light frame should differ in colour only")
	}
	// a forced theme ignores the terminal
	m2, _ := New(t.Context(), src, Options{Config: &Config{Theme: "dark"}, Width: 100, Height: 30})
	m2.Update(tea.BackgroundColorMsg{Color: color.White})
	if !m2.c.styles.Dark {
		t.Fatal("theme = dark in the config was overridden by the terminal")
	}
}

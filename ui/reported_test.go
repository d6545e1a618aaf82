package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/store"
)

// rowOf returns the screen line that holds s.
func rowOf(t *testing.T, h *harness, s string) string {
	t.Helper()
	for _, l := range strings.Split(h.text(), "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	t.Fatalf("no line holds %q:\n%s", s, h.text())
	return ""
}

// Search results have no day headers, so each row says its own date:
// the day always, the time too on wide rows, nothing made up for a bare
// date, and "undated" for an article without one.
func TestSearchRowsShowTheirDate(t *testing.T) {
	arts := seedLike()
	arts[3].Paragraphs = []string{"This file had no date anywhere, like the eclipse."}
	bare := news.Article{ID: "a5000000000000005", Story: "s5", Title: "Bare date eclipse story", Site: "Wikinews",
		Published: tp("2015-09-12T00:00:00Z"), DateSource: news.DateExplicit, Paragraphs: []string{"An eclipse, dated by day only."}}
	h := newHarness(t, newFakeSource(append(arts, bare)...), 120, 24, true)
	h.keys("/eclipse")
	h.wantText("3 results for eclipse")
	if l := rowOf(t, h, "Solar eclipse seen"); !strings.Contains(l, "17 Jul 2021 18:45") {
		t.Errorf("dated row lacks its date and time: %q", l)
	}
	if l := rowOf(t, h, "Bare date eclipse"); !strings.Contains(l, "12 Sep 2015") || strings.Contains(l, "00:00") {
		t.Errorf("bare-date row: %q", l)
	}
	if l := rowOf(t, h, "Undated note"); !strings.Contains(l, "undated") {
		t.Errorf("undated row does not say so: %q", l)
	}
	// titles line up whatever the date column holds
	col := strings.Index(rowOf(t, h, "Solar eclipse seen"), "Wikinews")
	if c := strings.Index(rowOf(t, h, "Bare date eclipse"), "Wikinews"); c != col {
		t.Errorf("site column at %d and %d", col, c)
	}
	// narrower rows keep the day, dropping the time
	h2 := newHarness(t, newFakeSource(seedLike()...), 60, 24, true)
	h2.keys("/lavrov")
	if l := rowOf(t, h2, "Lavrov Says"); !strings.Contains(l, "16 Jul 2021") || strings.Contains(l, "10:00") {
		t.Errorf("60-column row: %q", l)
	}
	// the list keeps its day headers and times
	h3 := newHarness(t, newFakeSource(seedLike()...), 120, 24, true)
	if l := rowOf(t, h3, "Solar eclipse seen"); strings.Contains(l, "Jul 2021") || !strings.Contains(l, "18:45") {
		t.Errorf("list row changed: %q", l)
	}
}

// manyVersions is one story in n versions, a paragraph added each time.
func manyVersions(n int) []news.Article {
	var out []news.Article
	paras := []string{"The story begins."}
	for i := range n {
		paras = append(paras, fmt.Sprintf("Update number %d arrives.", i+1))
		p := time.Date(2021, 7, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		out = append(out, news.Article{
			ID: fmt.Sprintf("v%016d", i+1), Story: "many", Title: fmt.Sprintf("Story, take %d", i+1), Site: "example.org",
			Published: &p, DateSource: news.DateExplicit, Paragraphs: append([]string(nil), paras...),
		})
	}
	return out
}

// ] and [ move the newer side only, } and { the older side only; the
// gap between them changes and neither passes the other. The status line
// says which side moved and where, or why it did not.
func TestVersionKeysMoveOneSide(t *testing.T) {
	arts := manyVersions(40)
	h := newHarness(t, newFakeSource(arts...), 120, 40, true)
	h.send(openVersionsMsg{left: arts[0].ID, right: arts[28].ID})
	h.wantText("versions 1 ↔ 29 of 40")
	h.keys("]")
	h.wantText("versions 1 ↔ 30 of 40", "newer side: version 30 of 40", "Story, take 30")
	h.keys("[[")
	h.wantText("versions 1 ↔ 28 of 40", "newer side: version 28 of 40")
	h.keys("}")
	h.wantText("versions 2 ↔ 28 of 40", "older side: version 2 of 40")
	h.keys("{{")
	h.wantText("versions 1 ↔ 28 of 40", "the older side is the oldest version")
	h.keys("G")
	h.wantNoText("the older side is the oldest version")
	// the sides meet but never cross
	h.send(openVersionsMsg{left: arts[4].ID, right: arts[5].ID})
	h.wantText("versions 5 ↔ 6 of 40")
	h.keys("[")
	h.wantText("versions 5 ↔ 6 of 40", "the newer side is next to the older side; { moves the older side back")
	h.keys("}")
	h.wantText("versions 5 ↔ 6 of 40", "the older side is next to the newer side; ] moves the newer side on")
	h.send(openVersionsMsg{left: arts[38].ID, right: arts[39].ID})
	h.keys("]")
	h.wantText("versions 39 ↔ 40 of 40", "the newer side is the newest version")
	// the keys say what they do, on the status line and in the help
	h.wantText("[/] newer side", "{/} older side")
	h.keys("?")
	h.wantText("newer side: next version", "newer side: previous version", "older side: next version", "older side: previous version")
}

// An empty key, or a key that would trigger two actions on one screen, is
// a config error naming both, as other config errors are; keys that only
// meet on different screens, and back and quit sharing q, are fine.
func TestConfigRejectsEmptyAndClashingKeys(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string { return writeConfig(t, dir, s) }
	for body, want := range map[string]string{
		"[keys]\nhelp = [\"\"]\n":                       `keys.help has an empty key ""`,
		"[keys]\nsearch = [\"/\", \" \"]\n":             `keys.search has an empty key " "`,
		"[keys]\nstar = [\"x\"]\ntoggle_read = [\"x\"]": `key "x" is bound to both star and toggle_read (article list, reader)`,
		"[keys]\nup = [\"ctrl+c\"]\n":                   "keys.up: ctrl+c always quits",
		"[keys]\nunified = [\"n\"]\n":                   `key "n" is bound to both next_match and unified (versions)`,
		"[keys]\nnext_version = [\"}\"]\n":              `key "}" is bound to both next_older_version and next_version (versions)`,
	} {
		_, err := LoadConfig(write(body))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "config "+filepath.Join(dir, "config.toml")+": ") {
			t.Errorf("config %q: error %v, want it to mention %q", body, err, want)
		}
	}
	for _, body := range []string{
		"",
		"[keys]\nquit = [\"x\"]\n",
		"[keys]\nback = [\"q\", \"esc\"]\n",
		"[keys]\nunified = [\"o\"]\n", // o opens links in the reader only
		"[keys]\nsearch = [\"f\"]\npage_down = [\"space\", \"pgdown\"]\n",
		// a key the config binds leaves the default that had it
		"[keys]\nsearch = [\"j\"]\n",
		"[keys]\nhelp = [\"f1\", \"?\"]\n",
		"[keys]\nback = [\"esc\", \"q\"]\n",
		"[keys]\nquit = [\"q\"]\n",
		"[keys]\nunified = [\"o\"]\n",
		// a key another action needs to keep a key is still a clash
	} {
		if _, err := LoadConfig(write(body)); err != nil {
			t.Errorf("config %q refused: %v", body, err)
		}
	}
	// the key moved to search: j searches, and down keeps its arrow
	km, err := NewKeyMap(map[string][]string{"search": {"j"}})
	if err != nil {
		t.Fatal(err)
	}
	if !key.Matches(tea.KeyPressMsg{Code: 'j', Text: "j"}, km.Search) || key.Matches(tea.KeyPressMsg{Code: 'j', Text: "j"}, km.Down) ||
		!key.Matches(tea.KeyPressMsg{Code: tea.KeyDown}, km.Down) {
		t.Errorf("search=[j]: search %v, down %v", km.Search.Keys(), km.Down.Keys())
	}
	// restating back's default keys leaves quit its q, and help's leaves
	// help_anywhere its f1
	km, err = NewKeyMap(map[string][]string{"back": {"esc", "q"}, "help": {"f1", "?"}})
	if err != nil || !slices.Contains(km.Quit.Keys(), "q") || !slices.Contains(km.HelpAnywhere.Keys(), "f1") {
		t.Errorf("quit %v, help_anywhere %v, err %v", km.Quit.Keys(), km.HelpAnywhere.Keys(), err)
	}
	// a Config built in code is checked too
	_, err = New(t.Context(), newFakeSource(), Options{Config: &Config{Keys: map[string][]string{"help": {""}}}})
	if err == nil || !strings.Contains(err.Error(), "keys.help has an empty key") {
		t.Errorf("New with an empty key: %v", err)
	}
}

// A label that is both an automatic topic and a source category is one
// sidebar row, counted as its filter counts (the store matches both
// kinds), and choosing it lists them all.
func TestSidebarMergesTopicsOfOneLabel(t *testing.T) {
	arts := seedLike()
	var phones []news.Article
	for i, topic := range []string{"Nokia", "Nokia", "nokia", "NOKIA"} {
		p := time.Date(2021, 7, 10+i, 9, 0, 0, 0, time.UTC)
		phones = append(phones, news.Article{ID: fmt.Sprintf("n%016d", i), Story: fmt.Sprintf("n%d", i), Title: fmt.Sprintf("Phone story %d", i),
			Site: "phones", Published: &p, DateSource: news.DateExplicit, Paragraphs: []string{"A phone."}, Topics: []string{topic}})
	}
	src := newFakeSource(append(arts, phones...)...)
	src.topics = []store.TopicCount{
		{Label: "afghanistan", Kind: "auto", Count: 2},
		{Label: "Nokia", Kind: "auto", Count: 2},
		{Label: "nokia", Kind: "source", Count: 1},
		{Label: "NOKIA", Kind: "source", Count: 1},
		{Label: "science", Kind: "auto", Count: 1},
	}
	h := newHarness(t, src, 100, 20, true)
	h.keys("t")
	txt := h.text()
	if n := strings.Count(strings.ToLower(txt), "nokia"); n != 1 {
		t.Fatalf("%d nokia rows in the sidebar:\n%s", n, txt)
	}
	if l := rowOf(t, h, "Nokia"); !strings.Contains(l, "Nokia") || !strings.Contains(l, " 4 ") {
		t.Errorf("merged row does not count what its filter lists: %q", l)
	}
	// the busiest topic comes first, after All articles
	if strings.Index(txt, "Nokia") > strings.Index(txt, "afghanistan") {
		t.Errorf("merged topic not ordered by its count:\n%s", txt)
	}
	h.keys("j<enter>")
	h.wantText("topic: Nokia", "1 of 4 articles", "Phone story 0", "Phone story 3")
}

// The reader's versions panel gives a change summary the room it needs
// at 100 columns and more, cutting the headline instead; small windows
// still get nothing wider than they are.
func TestVersionsPanelSummaryFirst(t *testing.T) {
	arts := seedLike()
	long := arts[1]
	long.ID, long.Title = "a2500000000000003", "A very long headline that goes on and on about the U.S. withdrawal from Afghanistan and what Russia says of it"
	long.Published = tp("2021-07-18T08:00:00Z")
	long.Paragraphs = append(append([]string(nil), long.Paragraphs...), "Entirely new text.", "More new text.", "Yet more.", "And a fourth new paragraph.")
	src := newFakeSource(append(arts, long)...)
	h := newHarness(t, src, 120, 30, true)
	h.send(openArticleMsg{id: arts[0].ID})
	old, nw := src.arts[0], src.arts[4]
	want := "newer: " + changeSummary(&old, &nw)
	if len(want) < 45 {
		t.Fatalf("summary %q too short to test", want)
	}
	h.wantText(want, "newer: "+changeSummary(&old, &src.arts[1]), "A very long headline")
	checkFits(t, "120x30", h.frame(), 120, 30)
	h.send(tea.WindowSizeMsg{Width: 160, Height: 30})
	h.wantText(want)
	checkFits(t, "160x30", h.frame(), 160, 30)
	// at 100 columns a long summary is cut, but no sooner than it must
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	checkFits(t, "100x30", h.frame(), 100, 30)
	h.wantText("A very long h", truncate(want, 59))
	for _, sz := range [][2]int{{20, 5}, {60, 20}, {99, 20}} {
		h.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		checkFits(t, fmt.Sprintf("%dx%d", sz[0], sz[1]), h.frame(), sz[0], sz[1])
		h.keys("<tab>")
		checkFits(t, fmt.Sprintf("%dx%d after tab", sz[0], sz[1]), h.frame(), sz[0], sz[1])
	}
}

// Search rows on a narrow window keep their title readable and stay
// inside the window: the date goes first, then the versions badge.
func TestNarrowSearchRowsKeepTheTitle(t *testing.T) {
	for _, w := range []int{26, 34, 45} {
		h := newHarness(t, newFakeSource(seedLike()...), w, 14, true)
		h.keys("/withdrawal")
		checkFits(t, fmt.Sprintf("search %dx14", w), h.frame(), w, 14)
		if !strings.Contains(ansi.Strip(h.frame()), "Russia") {
			t.Errorf("%d columns: no title readable:\n%s", w, ansi.Strip(h.frame()))
		}
	}
}

package diffview

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/news/newstest"
)

// seedDiff diffs the two seeds, read with a minimal cleaner of this test's
// own (header lines dropped, hard-wrapped lines rejoined, a line starting
// with a space opening a paragraph) so the goldens do not move when the
// feeds text parser improves.
func seedDiff(t *testing.T) news.Diff {
	t.Helper()
	dir := newstest.DataDir(t, "seeds")
	read := func(name string) []string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("read seed: %v", err)
		}
		return strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	}
	paras := func(lines []string) []string {
		var out, cur []string
		flush := func() {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, " "))
				cur = nil
			}
		}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" || strings.HasPrefix(l, " ") {
				flush()
			}
			if s := strings.TrimSpace(l); s != "" {
				cur = append(cur, s)
			}
		}
		flush()
		return out
	}
	a, b := read("000_fbd83e62e615d0ef.txt"), read("002_0e0766ed69e2ed85.txt")
	old := &news.Article{Title: strings.TrimSpace(a[1]), Paragraphs: paras(a[6:])}
	new := &news.Article{Title: strings.TrimSpace(b[0]) + " " + strings.TrimSpace(b[1]), Paragraphs: paras(b[3:])}
	return news.DiffArticles(old, new)
}

func TestGolden(t *testing.T) {
	d := seedDiff(t)
	for _, layout := range []struct {
		name string
		l    Layout
	}{{"Split", Split}, {"Unified", Unified}} {
		for _, width := range []int{120, 60} {
			for _, look := range []struct {
				name string
				st   Styles
			}{{"Dark", DefaultStyles(true)}, {"Light", DefaultStyles(false)}, {"NoColor", NoColorStyles()}} {
				if layout.l == Unified && look.name == "Light" {
					continue
				}
				name := fmt.Sprintf("%s/W%d/%s", layout.name, width, look.name)
				t.Run(name, func(t *testing.T) {
					r := Render(d, Options{Layout: layout.l, Width: width, Styles: look.st,
						LeftTitle: "2021-07-16 · moscowtimes.com", RightTitle: "undated · PDF"})
					checkWidths(t, r, width)
					golden.RequireEqual(t, r.String()+"\n")
				})
			}
		}
	}
}

func checkWidths(t *testing.T, r Rendered, width int) {
	t.Helper()
	for i, l := range r.Lines {
		if w := ansi.StringWidth(l); w > width {
			t.Fatalf("line %d is %d cells wide, more than %d: %q", i, w, width, ansi.Strip(l))
		}
		if strings.ContainsRune(l, '\n') {
			t.Fatalf("line %d holds a newline", i)
		}
	}
}

func TestChangesAndBlocks(t *testing.T) {
	d := seedDiff(t)
	r := Render(d, Options{Width: 100, Styles: NoColorStyles()})
	if len(r.BlockLines) != len(d.Blocks) {
		t.Fatalf("block lines %d for %d blocks", len(r.BlockLines), len(d.Blocks))
	}
	want := len(d.Changes()) + 1 // plus the headline
	if len(r.Changes) != want {
		t.Errorf("%d changes, want %d", len(r.Changes), want)
	}
	for _, c := range r.Changes {
		l := ansi.Strip(r.Lines[c])
		right := l[strings.Index(l, "│")+len("│ "):]
		if !strings.ContainsAny(l[:1], "-+~>") && !strings.ContainsAny(right[:1], "-+~>") {
			t.Errorf("change line %d has no gutter marker: %q", c, l)
		}
	}
	text := r.String()
	for _, want := range []string{"[-some-] 85%", "{+about+} 85%", "↕ moved to ¶5", "+ The White House"} {
		if !strings.Contains(text, want) {
			t.Errorf("no-colour split view lacks %q", want)
		}
	}
	u := Render(d, Options{Layout: Unified, Width: 100, Styles: NoColorStyles()}).String()
	for _, want := range []string{"[-some-]{+about+} 85%", "↕ moved here from ¶1", "+ The White House"} {
		if !strings.Contains(u, want) {
			t.Errorf("no-colour unified view lacks %q", want)
		}
	}
}

// TestNarrowAndHostile renders at every width down to 1 and with text that
// tries to drive the terminal: no panic, no line wider than asked (20 at
// least), no escape sequence from the text.
func TestNarrowAndHostile(t *testing.T) {
	old := []string{"A paragraph with a verylongwordthatdoesnotfitanywhereatall and \x1b]52;c;aGk=\x07 an OSC 52 try.", "日本語のテキストも折り返す必要があります。", "Gone."}
	new := []string{"A paragraph with a verylongwordthatdoesnotfitanywhereatall and an edit.", "日本語のテキストも折り返す必要があります。", "\x1b[31mred\x1b[0m new", "Moved?"}
	d := news.DiffArticles(&news.Article{Title: "Old", Paragraphs: old}, &news.Article{Title: "New\ttitle", Paragraphs: new})
	for _, l := range []Layout{Split, Unified} {
		for w := 0; w <= 90; w++ {
			for _, st := range []Styles{NoColorStyles(), DefaultStyles(true)} {
				r := Render(d, Options{Layout: l, Width: w, Styles: st, LeftTitle: "left", RightTitle: "right"})
				want := max(w, MinWidth)
				if w == 0 {
					want = 80
				}
				checkWidths(t, r, want)
				for _, line := range r.Lines {
					if strings.Contains(ansi.Strip(line), "\x1b") || strings.Contains(line, "]52;") {
						t.Fatalf("escape from text reached the output: %q", line)
					}
				}
			}
		}
	}
	if r := Render(news.Diff{}, Options{}); len(r.Lines) != 0 {
		t.Errorf("empty diff rendered %d lines", len(r.Lines))
	}
	if r := Render(d, Options{Layout: Split, Width: 30}); r.Layout != Unified {
		t.Errorf("split at 30 columns did not fall back to unified")
	}
}

func BenchmarkRenderSeeds(b *testing.B) {
	d := seedDiff(&testing.T{})
	st := DefaultStyles(true)
	for b.Loop() {
		Render(d, Options{Layout: Split, Width: 160, Styles: st})
	}
}

func FuzzRender(f *testing.F) {
	f.Add("one two three.\nsecond", "one two four.\nsecond\nthird", 40)
	f.Add("日本語\t\x1b[2J", "\u200d\u0301x", 20)
	f.Fuzz(func(t *testing.T, a, b string, width int) {
		d := news.DiffArticles(&news.Article{Title: a[:min(len(a), 10)], Paragraphs: strings.Split(a, "\n")},
			&news.Article{Title: b[:min(len(b), 10)], Paragraphs: strings.Split(b, "\n")})
		width = (width%200+200)%200 + 1
		for _, l := range []Layout{Split, Unified} {
			r := Render(d, Options{Layout: l, Width: width, Styles: NoColorStyles(), LeftTitle: a, RightTitle: b, Context: width % 3})
			checkWidths(t, r, max(width, MinWidth))
		}
	})
}

func TestZeroOptionsMarkChanges(t *testing.T) {
	d := news.DiffParagraphs([]string{"Control over some 85% of the country was claimed."}, []string{"Control over about 85% of the country was claimed."})
	out := Render(d, Options{}).String()
	if !strings.Contains(out, "[-some-]") || !strings.Contains(out, "{+about+}") {
		t.Errorf("zero options hide the change:\n%s", out)
	}
}

func TestContextFolds(t *testing.T) {
	var old []string
	for i := range 12 {
		old = append(old, fmt.Sprintf("Paragraph number %d of a long article, unchanged between versions.", i))
	}
	new := slices.Clone(old)
	new[6] = "Paragraph number 6 of a long article, changed between versions."
	d := news.DiffParagraphs(old, new)
	for _, l := range []Layout{Split, Unified} {
		r := Render(d, Options{Layout: l, Width: 100, Context: 1})
		text := ansi.Strip(r.String())
		if !strings.Contains(text, "⋯ 5 unchanged paragraphs") || !strings.Contains(text, "⋯ 4 unchanged paragraphs") ||
			strings.Contains(text, "number 2 ") || !strings.Contains(text, "number 5 ") {
			t.Errorf("layout %d: folding wrong:\n%s", l, text)
		}
		if len(r.Changes) != 1 || !strings.HasPrefix(ansi.Strip(r.Lines[r.Changes[0]]), "~ Paragraph number 6") {
			t.Errorf("layout %d: change lines %v", l, r.Changes)
		}
		for i, bl := range r.BlockLines {
			if bl < 0 || bl >= len(r.Lines) {
				t.Errorf("block %d line %d out of range", i, bl)
			}
		}
	}
}

// A paragraph both moved and edited shows its deleted words at its old
// place on the left and its inserted words at its new place on the right;
// in colour, unified, a deleted run and an inserted run stay apart.
func TestMovedEditMarksBothSides(t *testing.T) {
	moved := `Russia on Friday blamed the "hasty withdrawal" of U.S. and NATO troops for a rapid deterioration in Afghanistan's security.`
	edited := `Lavrov earlier blamed the "hasty withdrawal" of U.S. and NATO troops for a rapid deterioration in Afghanistan's security.`
	old := &news.Article{Title: "T", Paragraphs: []string{moved, "Tajik President Emomali Rakhmon met NATO officials last week.", "The ministry said talks would continue in Dushanbe.", "Officials in Kabul declined to comment on Friday."}}
	new := &news.Article{Title: "T", Paragraphs: []string{"Tajik President Emomali Rakhmon met NATO officials last week.", "The ministry said talks would continue in Dushanbe.", "Officials in Kabul declined to comment on Friday.", edited}}
	d := news.DiffArticles(old, new)
	hasMove := false
	for _, b := range d.Blocks {
		hasMove = hasMove || b.Op == news.OpMove
	}
	if !hasMove {
		t.Fatalf("the diff found no move: %+v", d.Blocks)
	}
	r := Render(d, Options{Layout: Split, Width: 120, Styles: NoColorStyles()})
	var left, right strings.Builder
	for _, l := range r.Lines {
		l = ansi.Strip(l)
		i := strings.Index(l, "│")
		left.WriteString(l[:i] + "\n")
		right.WriteString(l[i:] + "\n")
	}
	if !strings.Contains(left.String(), "[-Russia on Friday-]") {
		t.Errorf("left side does not mark the deleted words:\n%s", r.String())
	}
	if !strings.Contains(right.String(), "{+Lavrov earlier+}") {
		t.Errorf("right side does not mark the inserted words:\n%s", r.String())
	}
	u := ansi.Strip(Render(d, Options{Layout: Unified, Width: 120, Styles: DefaultStyles(true)}).String())
	if !strings.Contains(u, "Russia on Friday Lavrov earlier") {
		t.Errorf("unified colour view runs the deleted and inserted words together:\n%s", u)
	}
	st := DefaultStyles(true).DeletedWord
	if !st.GetStrikethrough() {
		t.Error("deleted words are not struck through")
	}
}

// TestSplitColumnsAsWide gives both text columns the same width at every
// terminal width, odd or even, so an unchanged paragraph wraps at the same
// words on both sides; lines stay exactly the width asked.
func TestSplitColumnsAsWide(t *testing.T) {
	para := "The ministry said talks between the delegations would continue in Dushanbe next week, officials familiar with the plans said on Friday, declining to give details of the agenda."
	d := news.DiffParagraphs([]string{para, "Gone."}, []string{para, "New."})
	for w := 40; w <= 161; w++ {
		r := Render(d, Options{Layout: Split, Width: w, Styles: NoColorStyles(), LeftTitle: "older", RightTitle: "newer"})
		for i, l := range r.Lines {
			l = ansi.Strip(l)
			if n := ansi.StringWidth(l); n != w {
				t.Fatalf("width %d: line %d is %d cells: %q", w, i, n, l)
			}
			j := strings.Index(l, "│")
			if j < 0 {
				j = strings.Index(l, "┼")
			}
			if j < 0 {
				continue
			}
			left, right := l[:j], l[j+len("│"):]
			// gutter, space, text, space | space, gutter, space, text
			if lw, rw := ansi.StringWidth(left), ansi.StringWidth(right); rw-lw != 0 && rw-lw != 1 {
				t.Fatalf("width %d: line %d splits %d | %d: %q", w, i, lw, rw, l)
			}
			if strings.Contains(l, "ministry") || strings.Contains(l, "agenda") {
				if a, b := strings.TrimSpace(left), strings.TrimSpace(right); a != b {
					t.Fatalf("width %d: the unchanged paragraph wraps differently:\n%q\n%q", w, a, b)
				}
			}
		}
	}
}

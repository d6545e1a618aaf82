package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
)

// diffLayout is how a diff is drawn.
type diffLayout int

const (
	layoutSplit   diffLayout = iota // two aligned columns, older left
	layoutUnified                   // one column, changes inline
)

// splitMinWidth is the narrowest terminal that gets two columns.
const splitMinWidth = 100

// renderedDiff is a diff drawn for one width: the display lines (both
// columns already aligned on each line, so one viewport scrolls both) and
// the first line of every change, for n/N.
type renderedDiff struct {
	lines   []string
	changes []int
}

// renderDiff draws d. Text is sanitised and flattened per paragraph here,
// since the diff carries article text verbatim.
func renderDiff(d news.Diff, layout diffLayout, width int, s Styles) renderedDiff {
	var out renderedDiff
	width = max(width, 4)
	for i, b := range d.Blocks {
		if i > 0 {
			out.lines = append(out.lines, "")
		}
		if b.Op != news.OpEqual {
			out.changes = append(out.changes, len(out.lines))
		}
		if layout == layoutSplit {
			out.lines = append(out.lines, splitBlock(b, d, width, s)...)
		} else {
			out.lines = append(out.lines, unifiedBlock(b, d, width, s)...)
		}
	}
	return out
}

// sides returns the styled left and right texts of a block.
func sides(b news.Block, s Styles) (left, right string) {
	switch b.Op {
	case news.OpEqual:
		t := flatText(b.Left)
		return t, t
	case news.OpDelete:
		return s.Removed.Render(flatText(b.Left)), ""
	case news.OpInsert:
		return "", s.Added.Render(flatText(b.Right))
	case news.OpMove:
		if b.LeftCount > 0 && b.RightCount == 0 {
			return s.Moved.Render("↓ moved: ") + s.Moved.Render(flatText(b.Left)), ""
		}
		if len(b.Words) == 0 {
			return "", s.Moved.Render("↑ moved here: ") + flatText(b.Right)
		}
		return "", s.Moved.Render("↑ moved here: ") + wordsSide(b.Words, false, s)
	}
	if len(b.Words) == 0 {
		return s.Removed.Render(flatText(b.Left)), s.Added.Render(flatText(b.Right))
	}
	return wordsSide(b.Words, true, s), wordsSide(b.Words, false, s)
}

// wordsSide rebuilds one side of an edited block with the changed words
// picked out.
func wordsSide(ws []news.WordOp, left bool, s Styles) string {
	var sb strings.Builder
	for _, w := range ws {
		t := flatText(w.Text)
		switch w.Op {
		case news.OpEqual:
			sb.WriteString(t)
		case news.OpDelete:
			if left {
				sb.WriteString(styleWords(s.RemovedWord, t))
			}
		case news.OpInsert:
			if !left {
				sb.WriteString(styleWords(s.AddedWord, t))
			}
		}
	}
	return sb.String()
}

// styleWords styles a run word by word so the spaces between stay plain
// and wrapping can break there without carrying a background along.
func styleWords(st lipgloss.Style, t string) string {
	var sb strings.Builder
	for i, f := range strings.Split(t, " ") {
		if i > 0 {
			sb.WriteByte(' ')
		}
		if f != "" {
			sb.WriteString(st.Render(f))
		}
	}
	return sb.String()
}

func splitBlock(b news.Block, d news.Diff, width int, s Styles) []string {
	colW := max((width-3)/2, 1)
	l, r := sides(b, s)
	ll := wrapLines(l, colW)
	rl := wrapLines(r, colW)
	n := max(len(ll), len(rl))
	sep := s.Muted.Render(" │ ")
	out := make([]string, 0, n)
	for i := 0; i < n; i++ {
		var a, c string
		if i < len(ll) {
			a = ll[i]
		}
		if i < len(rl) {
			c = rl[i]
		}
		out = append(out, padRight(a, colW)+sep+c)
	}
	return out
}

func unifiedBlock(b news.Block, d news.Diff, width int, s Styles) []string {
	w := max(width-2, 1)
	prefix := func(p string, st lipgloss.Style, lines []string) []string {
		for i := range lines {
			lines[i] = st.Render(p) + lines[i]
		}
		return lines
	}
	switch b.Op {
	case news.OpEqual:
		return prefix("  ", s.Muted, wrapLines(flatText(b.Left), w))
	case news.OpDelete:
		return prefix("- ", s.Removed, wrapLines(s.Removed.Render(flatText(b.Left)), w))
	case news.OpInsert:
		return prefix("+ ", s.Added, wrapLines(s.Added.Render(flatText(b.Right)), w))
	case news.OpMove:
		l, r := sides(b, s)
		if l != "" {
			return prefix("↓ ", s.Moved, wrapLines(l, w))
		}
		return prefix("↑ ", s.Moved, wrapLines(r, w))
	}
	// an edit: both sides' words inline, deletions struck, insertions marked
	var sb strings.Builder
	if len(b.Words) == 0 {
		sb.WriteString(s.RemovedWord.Render(flatText(b.Left)) + " " + s.AddedWord.Render(flatText(b.Right)))
	}
	for _, wo := range b.Words {
		t := flatText(wo.Text)
		switch wo.Op {
		case news.OpEqual:
			sb.WriteString(t)
		case news.OpDelete:
			sb.WriteString(styleWords(s.RemovedWord, t))
		case news.OpInsert:
			sb.WriteString(styleWords(s.AddedWord, t))
		}
	}
	return prefix("~ ", s.Badge, wrapLines(sb.String(), w))
}

// flatText makes diff text inert and puts paragraph breaks inside merged
// blocks on their own marker.
func flatText(t string) string {
	t = sanitize(t)
	t = strings.ReplaceAll(t, "\n\n", " ¶ ")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case r >= '\uE000' && r <= '\uE0FF':
			return -1
		}
		return r
	}, t)
}

// wrapLines word-wraps styled text to w cells, breaking long words.
func wrapLines(t string, w int) []string {
	if t == "" {
		return nil
	}
	return strings.Split(ansi.Wrap(t, w, ""), "\n")
}

// changeSummary states in one line what changed from old to new.
func changeSummary(old, nw *news.Article) string {
	return news.DiffArticles(old, nw).Summary.String()
}

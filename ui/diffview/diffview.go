// Package diffview renders a news.Diff for the terminal: two columns (older
// left, newer right) aligned block by block, or one unified column for
// narrow terminals. Removed text is marked on the left, added text on the
// right, changed words are picked out inside edited paragraphs and moved
// paragraphs are labelled. Gutter markers (- + ~ >) and, without colour,
// bracket markers around changed words keep it readable under NO_COLOR.
//
// It is a plain rendering component: the TUI's version screen and
// `verso diff` both call Render and scroll or print the lines.
package diffview

import (
	"fmt"
	"reflect"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/verso-news/verso/news"
)

// Layout picks side by side or unified rendering.
type Layout int

const (
	// Split puts the older version left and the newer right.
	Split Layout = iota
	// Unified interleaves both versions in one column.
	Unified
)

// MinSplitColumn is the narrowest text column Split uses; below it Render
// falls back to Unified, which reads better than two slivers.
const MinSplitColumn = 16

// MinWidth is the narrowest width Render lays out; smaller widths render at
// MinWidth rather than fail.
const MinWidth = 20

// Options configure Render. The zero value renders a split view 80
// columns wide with NoColorStyles.
type Options struct {
	Layout Layout
	// Width is the total width in terminal cells (0 means 80).
	Width  int
	Styles Styles
	// LeftTitle and RightTitle, when set, head the columns (for example
	// each version's date and source); in Unified they head the view.
	LeftTitle, RightTitle string
	// NoHeadline leaves out the headline row built from the summary.
	NoHeadline bool
	// Context, when above 0, keeps that many unchanged paragraphs around
	// each change and folds longer unchanged runs into one "⋯ N unchanged
	// paragraphs" line; 0 shows everything.
	Context int
}

// Rendered is a rendered diff: one string per terminal line (styled, no
// newline), the line index where each change starts, for n/N navigation,
// and the line index where each block of the diff starts (BlockLines[i]
// for Diff.Blocks[i]), for keeping a selection in view.
type Rendered struct {
	Lines      []string
	Changes    []int
	BlockLines []int
	// Layout is the layout actually used (Split falls back to Unified when
	// the width is too small).
	Layout Layout
}

// String joins the lines with newlines.
func (r Rendered) String() string { return strings.Join(r.Lines, "\n") }

// segment kinds
const (
	kText = iota
	kDel
	kIns
	kDelWord
	kInsWord
	kMove
	kLabel
	kHeadline
	kBreak // a line break inside a block (after a label)
)

type seg struct {
	text string
	kind int
}

// side is what one column shows for one block.
type side struct {
	segs   []seg
	gutter string
	base   int // kind used to pad the column's lines
}

type renderer struct {
	opt Options
	st  Styles
	// wraps caches each kind's opening and closing sequences: lipgloss
	// Render is costly per call and these styles are plain colours and
	// attributes, so one sample render gives both ends.
	wraps   map[int][2]string
	gutters map[string]string
}

// Render lays out d for the terminal.
func Render(d news.Diff, opts Options) Rendered {
	if opts.Width <= 0 {
		opts.Width = 80
	}
	opts.Width = max(opts.Width, MinWidth)
	if reflect.ValueOf(opts.Styles).IsZero() {
		// Unset styles would hide changed words; mark them in text.
		opts.Styles = NoColorStyles()
	}
	r := renderer{opt: opts, st: opts.Styles, wraps: map[int][2]string{}}
	colW := (opts.Width - 7) / 2
	if opts.Layout == Split && colW >= MinSplitColumn {
		return r.split(d)
	}
	return r.unified(d)
}

func (r *renderer) split(d news.Diff) Rendered {
	W := r.opt.Width
	// Both text columns are as wide, so a paragraph that did not change
	// wraps at the same words on both sides; an odd cell left over is a
	// margin after the right column.
	leftW := (W - 7) / 2
	rightW := leftW
	margin := strings.Repeat(" ", W-7-leftW-rightW)
	out := Rendered{Layout: Split, BlockLines: make([]int, len(d.Blocks))}
	divider := r.st.Divider.Render("│")
	row := func(gl, l string, gr, rt string) string {
		return gl + " " + l + " " + divider + " " + gr + " " + rt + margin
	}
	blankRow := func() string {
		return row(" ", strings.Repeat(" ", leftW), " ", strings.Repeat(" ", rightW))
	}
	if r.opt.LeftTitle != "" || r.opt.RightTitle != "" {
		lt := r.st.Title.Render(ansi.Truncate(oneLine(r.opt.LeftTitle), leftW, "…"))
		rt := r.st.Title.Render(ansi.Truncate(oneLine(r.opt.RightTitle), rightW, "…"))
		out.Lines = append(out.Lines, row(" ", padTo(lt, leftW), " ", padTo(rt, rightW)))
		out.Lines = append(out.Lines, r.st.Divider.Render(strings.Repeat("─", leftW+3)+"┼"+strings.Repeat("─", rightW+3+len(margin))))
	}
	emit := func(l, rt side, change bool) {
		ll := r.wrap(l, leftW)
		rl := r.wrap(rt, rightW)
		if change {
			out.Changes = append(out.Changes, len(out.Lines))
		}
		n := max(len(ll), len(rl))
		for k := range n {
			gl, gr := " ", " "
			lcell, rcell := strings.Repeat(" ", leftW), strings.Repeat(" ", rightW)
			if k < len(ll) {
				gl, lcell = r.gutter(l.gutter), ll[k]
			}
			if k < len(rl) {
				gr, rcell = r.gutter(rt.gutter), rl[k]
			}
			out.Lines = append(out.Lines, row(gl, lcell, gr, rcell))
		}
	}
	if l, rt, change, ok := r.headline(d.Summary); ok {
		emit(l, rt, change)
		out.Lines = append(out.Lines, blankRow())
	}
	shown := r.visible(d)
	for i, b := range d.Blocks {
		if !shown[i] {
			if i == 0 || shown[i-1] {
				if i > 0 {
					out.Lines = append(out.Lines, blankRow())
				}
				out.Lines = append(out.Lines, r.fold(hiddenRun(shown, i), W))
			}
			out.BlockLines[i] = len(out.Lines) - 1
			continue
		}
		if i > 0 {
			out.Lines = append(out.Lines, blankRow())
		}
		out.BlockLines[i] = len(out.Lines)
		l, rt := r.splitSides(d, b)
		emit(l, rt, b.Op != news.OpEqual)
	}
	return out
}

// visible says which blocks to draw: all of them, or with Context set, the
// changes and up to Context unchanged blocks either side of each.
func (r *renderer) visible(d news.Diff) []bool {
	shown := make([]bool, len(d.Blocks))
	if r.opt.Context <= 0 {
		for i := range shown {
			shown[i] = true
		}
		return shown
	}
	for i, b := range d.Blocks {
		if b.Op == news.OpEqual {
			continue
		}
		for k := max(0, i-r.opt.Context); k <= min(len(shown)-1, i+r.opt.Context); k++ {
			shown[k] = true
		}
	}
	return shown
}

// hiddenRun counts the hidden blocks starting at i.
func hiddenRun(shown []bool, i int) int {
	n := 0
	for ; i < len(shown) && !shown[i]; i++ {
		n++
	}
	return n
}

// fold is the line standing for n hidden unchanged paragraphs.
func (r *renderer) fold(n, width int) string {
	text := fmt.Sprintf("⋯ %d unchanged paragraphs", n)
	if n == 1 {
		text = "⋯ 1 unchanged paragraph"
	}
	return r.paint(kLabel, ansi.Truncate(text, width, "…"))
}

// splitSides builds the two columns of one block.
func (r *renderer) splitSides(d news.Diff, b news.Block) (l, rt side) {
	switch b.Op {
	case news.OpEqual:
		return side{segs: []seg{{b.Left, kText}}, gutter: " ", base: kText},
			side{segs: []seg{{b.Right, kText}}, gutter: " ", base: kText}
	case news.OpDelete:
		return side{segs: []seg{{b.Left, kDel}}, gutter: "-", base: kDel}, side{}
	case news.OpInsert:
		return side{}, side{segs: []seg{{b.Right, kIns}}, gutter: "+", base: kIns}
	case news.OpMove:
		if b.LeftCount > 0 {
			label := "↕ moved"
			p := pairBlock(d, b)
			if p != nil {
				label = fmt.Sprintf("↕ moved to ¶%d", p.RightIndex+1)
			}
			left := []seg{{label, kLabel}, {"", kBreak}, {b.Left, kMove}}
			if p != nil && edited(p.Words) {
				// moved and edited: the old text with its deleted words
				// marked here, the inserted ones at the new place
				left = append(left[:2], movedSegs(r.wordSegs(p.Words, true))...)
			}
			return side{segs: left, gutter: ">", base: kText},
				side{segs: []seg{{"↕ moved down", kLabel}}, gutter: ">", base: kText}
		}
		label := "↕ moved here"
		from := "↕ moved"
		if p := pairBlock(d, b); p != nil {
			from = fmt.Sprintf("↕ moved from ¶%d", p.LeftIndex+1)
		}
		right := []seg{{label, kLabel}, {"", kBreak}}
		if len(b.Words) == 1 && b.Words[0].Op == news.OpEqual {
			right = append(right, seg{b.Right, kMove})
		} else {
			right = append(right, r.wordSegs(b.Words, false)...)
		}
		return side{segs: []seg{{from, kLabel}}, gutter: ">", base: kText},
			side{segs: right, gutter: ">", base: kText}
	default: // edit
		return side{segs: r.wordSegs(b.Words, true), gutter: "~", base: kText},
			side{segs: r.wordSegs(b.Words, false), gutter: "~", base: kText}
	}
}

// edited reports whether word ops change anything.
func edited(words []news.WordOp) bool {
	for _, w := range words {
		if w.Op != news.OpEqual {
			return true
		}
	}
	return false
}

// movedSegs gives the unchanged text of a moved paragraph the moved look.
func movedSegs(segs []seg) []seg {
	for i := range segs {
		if segs[i].kind == kText {
			segs[i].kind = kMove
		}
	}
	return segs
}

func pairBlock(d news.Diff, b news.Block) *news.Block {
	if b.Pair < 0 || b.Pair >= len(d.Blocks) {
		return nil
	}
	return &d.Blocks[b.Pair]
}

// wordSegs turns word ops into one side's segments: the old side keeps
// equal and deleted words, the new side equal and inserted ones.
func (r *renderer) wordSegs(words []news.WordOp, old bool) []seg {
	var out []seg
	for _, w := range words {
		switch {
		case w.Op == news.OpEqual:
			out = append(out, seg{w.Text, kText})
		case w.Op == news.OpDelete && old:
			out = append(out, r.marked(w.Text, kDelWord)...)
		case w.Op == news.OpInsert && !old:
			out = append(out, r.marked(w.Text, kInsWord)...)
		}
	}
	return out
}

// marked wraps a changed run in the style's bracket markers, keeping
// surrounding spaces outside them so "[-some-] 85%" reads naturally.
func (r *renderer) marked(text string, kind int) []seg {
	open, close := r.st.DeleteOpen, r.st.DeleteClose
	if kind == kInsWord {
		open, close = r.st.InsertOpen, r.st.InsertClose
	}
	if open == "" && close == "" {
		return []seg{{text, kind}}
	}
	core := strings.TrimSpace(text)
	if core == "" {
		return []seg{{text, kText}} // a changed space: nothing to see
	}
	lead := text[:strings.Index(text, core)]
	trail := text[len(lead)+len(core):]
	return []seg{{lead, kText}, {open + core + close, kind}, {trail, kText}}
}

// headline builds the headline row from the summary.
func (r *renderer) headline(s news.Summary) (l, rt side, change, ok bool) {
	if r.opt.NoHeadline || s.OldHeadline == "" && s.NewHeadline == "" {
		return side{}, side{}, false, false
	}
	if !s.HeadlineChanged {
		return side{segs: []seg{{s.OldHeadline, kHeadline}}, gutter: " "},
			side{segs: []seg{{s.NewHeadline, kHeadline}}, gutter: " "}, false, true
	}
	words := s.HeadlineWords
	if len(words) == 0 {
		words = []news.WordOp{{Op: news.OpDelete, Text: s.OldHeadline}, {Op: news.OpInsert, Text: s.NewHeadline}}
	}
	l = side{segs: r.headlineSegs(words, true), gutter: "~"}
	rt = side{segs: r.headlineSegs(words, false), gutter: "~"}
	return l, rt, true, true
}

func (r *renderer) headlineSegs(words []news.WordOp, old bool) []seg {
	segs := r.wordSegs(words, old)
	for i := range segs {
		if segs[i].kind == kText {
			segs[i].kind = kHeadline
		}
	}
	return segs
}

func (r *renderer) unified(d news.Diff) Rendered {
	W := r.opt.Width
	textW := W - 2
	out := Rendered{Layout: Unified, BlockLines: make([]int, len(d.Blocks))}
	if r.opt.LeftTitle != "" || r.opt.RightTitle != "" {
		for _, t := range []struct{ g, s string }{{"-", r.opt.LeftTitle}, {"+", r.opt.RightTitle}} {
			if t.s != "" {
				out.Lines = append(out.Lines, r.gutter(t.g)+" "+r.st.Title.Render(ansi.Truncate(oneLine(t.s), textW, "…")))
			}
		}
		out.Lines = append(out.Lines, r.st.Divider.Render(strings.Repeat("─", W)))
	}
	emit := func(s side, change bool) {
		if change {
			out.Changes = append(out.Changes, len(out.Lines))
		}
		for _, line := range r.wrap(s, textW) {
			out.Lines = append(out.Lines, r.gutter(s.gutter)+" "+line)
		}
	}
	if _, rt, change, ok := r.headline(d.Summary); ok {
		if change {
			segs := r.inlineSegs(mergedWords(d.Summary.HeadlineWords, d.Summary.OldHeadline, d.Summary.NewHeadline))
			for i := range segs {
				if segs[i].kind == kText {
					segs[i].kind = kHeadline
				}
			}
			emit(side{segs: segs, gutter: "~"}, true)
		} else {
			emit(rt, false)
		}
		out.Lines = append(out.Lines, "")
	}
	shown := r.visible(d)
	for i, b := range d.Blocks {
		if !shown[i] {
			if i == 0 || shown[i-1] {
				if i > 0 {
					out.Lines = append(out.Lines, "")
				}
				out.Lines = append(out.Lines, r.fold(hiddenRun(shown, i), W))
			}
			out.BlockLines[i] = len(out.Lines) - 1
			continue
		}
		if i > 0 {
			out.Lines = append(out.Lines, "")
		}
		out.BlockLines[i] = len(out.Lines)
		change := b.Op != news.OpEqual
		switch b.Op {
		case news.OpEqual:
			emit(side{segs: []seg{{b.Right, kText}}, gutter: " ", base: kText}, false)
		case news.OpDelete:
			emit(side{segs: []seg{{b.Left, kDel}}, gutter: "-", base: kDel}, change)
		case news.OpInsert:
			emit(side{segs: []seg{{b.Right, kIns}}, gutter: "+", base: kIns}, change)
		case news.OpMove:
			if b.LeftCount > 0 {
				label := "↕ moved below"
				if p := pairBlock(d, b); p != nil {
					label = fmt.Sprintf("↕ moved below, to ¶%d: ", p.RightIndex+1)
				}
				first := b.Left
				if w := strings.Fields(first); len(w) > 8 {
					first = strings.Join(w[:8], " ") + " …"
				}
				emit(side{segs: []seg{{label, kLabel}, {first, kMove}}, gutter: ">", base: kText}, change)
				continue
			}
			label := "↕ moved here"
			if p := pairBlock(d, b); p != nil {
				label = fmt.Sprintf("↕ moved here from ¶%d", p.LeftIndex+1)
			}
			segs := []seg{{label, kLabel}, {"", kBreak}}
			segs = append(segs, r.inlineSegs(b.Words)...)
			emit(side{segs: segs, gutter: ">", base: kText}, change)
		default:
			emit(side{segs: r.inlineSegs(b.Words), gutter: "~", base: kText}, change)
		}
	}
	return out
}

// mergedWords returns headline words, or a delete and insert of the two
// headlines when the summary carries no word diff.
func mergedWords(words []news.WordOp, old, new string) []news.WordOp {
	if len(words) > 0 {
		return words
	}
	return []news.WordOp{{Op: news.OpDelete, Text: old}, {Op: news.OpInsert, Text: new + " "}}
}

// inlineSegs shows deleted and inserted words in one run, git word-diff
// style. Without bracket markers, a space goes between a deleted run and an
// inserted one that touch (otherwise "Friday" and "Lavrov" read as
// "FridayLavrov"); with them, "[-a-]{+b+}" stays git's form.
func (r *renderer) inlineSegs(words []news.WordOp) []seg {
	var out []seg
	bare := r.st.DeleteOpen == "" && r.st.InsertOpen == ""
	for i, w := range words {
		if bare && i > 0 && w.Op != news.OpEqual && words[i-1].Op != news.OpEqual && w.Op != words[i-1].Op &&
			!strings.HasSuffix(words[i-1].Text, " ") && !strings.HasPrefix(w.Text, " ") {
			out = append(out, seg{" ", kText})
		}
		switch w.Op {
		case news.OpEqual:
			out = append(out, seg{w.Text, kText})
		case news.OpDelete:
			out = append(out, r.marked(w.Text, kDelWord)...)
		case news.OpInsert:
			out = append(out, r.marked(w.Text, kInsWord)...)
		}
	}
	return out
}

func (r *renderer) gutter(g string) string {
	if r.gutters == nil {
		r.gutters = map[string]string{}
	}
	if out, ok := r.gutters[g]; ok {
		return out
	}
	out := r.gutterStyle(g)
	r.gutters[g] = out
	return out
}

func (r *renderer) gutterStyle(g string) string {
	switch g {
	case "-":
		return r.st.GutterDelete.Render(g)
	case "+":
		return r.st.GutterInsert.Render(g)
	case "~":
		return r.st.GutterEdit.Render(g)
	case ">":
		return r.st.GutterMove.Render(g)
	}
	return r.st.Gutter.Render(g)
}

// paint styles text of a kind.
func (r *renderer) paint(kind int, text string) string {
	w, ok := r.wraps[kind]
	if !ok {
		const probe = "\uE0FF"
		sample := r.style(kind).Render(probe)
		if i := strings.Index(sample, probe); i >= 0 && strings.Count(sample, probe) == 1 {
			w = [2]string{sample[:i], sample[i+len(probe):]}
		} else {
			w = [2]string{"\x00", ""} // not a plain style: render each time
		}
		r.wraps[kind] = w
	}
	if w[0] == "\x00" {
		return r.style(kind).Render(text)
	}
	return w[0] + text + w[1]
}

func (r *renderer) style(kind int) lipgloss.Style {
	switch kind {
	case kDel:
		return r.st.Deleted
	case kIns:
		return r.st.Inserted
	case kDelWord:
		return r.st.DeletedWord
	case kInsWord:
		return r.st.InsertedWord
	case kMove:
		return r.st.Moved
	case kLabel:
		return r.st.Label
	case kHeadline:
		return r.st.Headline
	}
	return r.st.Text
}

// oneLine makes a title safe and single-line: sanitised, every run of
// white space (line breaks and tabs included) one space.
func oneLine(s string) string { return strings.Join(strings.Fields(news.Sanitize(s)), " ") }

func padTo(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

package ui

import (
	"github.com/verso-news/verso/news"
	"github.com/verso-news/verso/ui/diffview"
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
	layout  diffLayout
}

// renderDiff draws d with ui/diffview, after making every text in it inert:
// the diff carries article text verbatim.
func renderDiff(d news.Diff, layout diffLayout, width int, s Styles) renderedDiff {
	opts := diffview.Options{Layout: diffview.Split, Width: width, Styles: s.Diff, NoHeadline: true}
	if layout == layoutUnified {
		opts.Layout = diffview.Unified
	}
	r := diffview.Render(sanitizeDiff(d), opts)
	out := renderedDiff{lines: r.Lines, changes: r.Changes, layout: layoutSplit}
	if r.Layout == diffview.Unified {
		out.layout = layoutUnified
	}
	return out
}

// sanitizeDiff returns a copy of d with every text made inert.
func sanitizeDiff(d news.Diff) news.Diff {
	out := d
	out.Blocks = make([]news.Block, len(d.Blocks))
	for i, b := range d.Blocks {
		b.Left, b.Right = sanitize(b.Left), sanitize(b.Right)
		b.Words = sanitizeWords(b.Words)
		out.Blocks[i] = b
	}
	s := &out.Summary
	s.OldHeadline, s.NewHeadline = clean(s.OldHeadline), clean(s.NewHeadline)
	s.HeadlineWords = sanitizeWords(s.HeadlineWords)
	return out
}

func sanitizeWords(ws []news.WordOp) []news.WordOp {
	if ws == nil {
		return nil
	}
	out := make([]news.WordOp, len(ws))
	for i, w := range ws {
		out[i] = news.WordOp{Op: w.Op, Text: sanitize(w.Text)}
	}
	return out
}

// changeSummary states in one line what changed from old to new.
func changeSummary(old, nw *news.Article) string {
	return news.DiffArticles(old, nw).Summary.String()
}
